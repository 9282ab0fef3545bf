"""Keep only what is needed: rows that served their purpose are deleted after
a while ([retention] in the config; Law 91/2025/QH15 asks that personal data
be kept no longer than its purpose needs).

What goes, and when (defaults in :class:`Retention`):

- web inbox messages: shown ones after ``web_inbox_seen``, any after
  ``web_inbox_unseen`` (a browser nobody opens any more);
- conversation steps left unfinished (a flow abandoned halfway), and Zalo's
  numbered menus, after ``flows``;
- link codes used, revoked or expired, ``link_codes`` after they ended;
- failed sign-ins — wrong codes typed in chat, web sign-in tries — after
  ``signin_failures`` (longer than the windows they are counted in);
- Zalo message ids seen (kept to drop a replayed update) after ``zalo_seen``;
- outbox rows settled (sent, uncertain, blocked, cancelled, failed) after
  ``outbox``; never one a web inbox still holds, or one a notice's delivery
  report still has to count;
- the health access log after ``access_log`` (the member sees twelve months).

Kept on purpose: the cash book, loans, attendance, the audit log, consent
records and privacy requests — the club's books and its proof of what it did.

:func:`prune` is one call; the running bot calls it hourly. Each table is
pruned in its own short transaction, so members' turns wait for one DELETE at
most, never for the whole sweep.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from storage.database import Database

DAY = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Retention:
    web_inbox_seen: timedelta = 30 * DAY
    web_inbox_unseen: timedelta = 90 * DAY
    flows: timedelta = 7 * DAY
    link_codes: timedelta = 30 * DAY
    signin_failures: timedelta = 7 * DAY
    zalo_seen: timedelta = 7 * DAY
    outbox: timedelta = 90 * DAY
    access_log: timedelta = 730 * DAY


# Shortest periods that keep the bot working and honest: a failed try counts
# for 24 h (storage/link_codes.py), a replayed Zalo update is dropped for a
# week (bot/channels/zalo.py), reminders reach 7 days ahead and their rows
# must outlive their event, a member sees twelve months of the access log.
MINIMUM = Retention(web_inbox_seen=DAY, web_inbox_unseen=7 * DAY, flows=DAY, link_codes=DAY,
                    signin_failures=2 * DAY, zalo_seen=7 * DAY, outbox=30 * DAY,
                    access_log=366 * DAY)

# (name, table, WHERE with ? for the cutoff(s), which retention period(s))
_RULES: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("web_inbox", "web_inbox",
     "(seen_at IS NOT NULL AND seen_at <= ?) OR created_at <= ?",
     ("web_inbox_seen", "web_inbox_unseen")),
    ("flows", "conversation_state", "updated_at <= ?", ("flows",)),
    ("zalo_menus", "zalo_menus", "shown_at <= ?", ("flows",)),
    ("link_codes", "link_codes",
     "(used_at IS NOT NULL AND used_at <= ?) OR (revoked_at IS NOT NULL AND revoked_at <= ?) "
     "OR expires_at <= ?", ("link_codes", "link_codes", "link_codes")),
    ("link_attempts", "link_attempts", "at <= ?", ("signin_failures",)),
    ("web_signin_attempts", "web_signin_attempts", "at <= ?", ("signin_failures",)),
    ("zalo_seen", "zalo_seen", "seen_at <= ?", ("zalo_seen",)),
    ("outbox", "outbox",
     "state IN ('sent', 'uncertain', 'blocked', 'cancelled', 'failed') AND created_at <= ? "
     "AND id NOT IN (SELECT outbox_id FROM web_inbox WHERE outbox_id IS NOT NULL) "
     "AND NOT EXISTS (SELECT 1 FROM notices n WHERE n.reported_at IS NULL "
     "                AND outbox.event_key = 'notice:' || n.id)", ("outbox",)),
    ("access_log", "health_access_log", "at <= ?", ("access_log",)),
)


async def prune(db: Database, now: datetime, retention: Retention = Retention()) -> dict[str, int]:
    """Delete what has outlived its purpose; returns how many rows, by kind."""
    deleted = {}
    for name, table, where, periods in _RULES:
        cutoffs = tuple((now - getattr(retention, p)).isoformat(timespec="seconds")
                        for p in periods)
        async with db.transaction() as conn:
            cur = await conn.execute(f"DELETE FROM {table} WHERE {where}", cutoffs)
            deleted[name] = cur.rowcount
    return deleted
