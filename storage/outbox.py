"""The outbox: every message the bot sends on its own initiative.

A receipt, a reminder or a notice is first written here — in the same
transaction as the change that causes it — with a key unique per recipient and
occurrence, then sent by the dispatcher. Writing first is what makes "never
lost, never doubled" possible: a crash loses no intent to send, and the key
makes a second enqueue of the same thing a no-op.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import aiosqlite

from club.address import address_for, you
from storage.database import Database, audit


@dataclass(frozen=True, slots=True)
class Outgoing:
    dedup_key: str
    channel: str
    account_id: str
    kind: str            # receipt | reminder | notice | report
    text: str
    due_at: datetime     # local time
    club_id: int | None = None
    member_id: int | None = None
    # What the message is about ('meeting:5:2026-12-15', 'notice:12'): a change
    # to it cancels what is still pending. Not sent from ``expires_at`` on.
    event_key: str | None = None
    expires_at: datetime | None = None


async def enqueue(conn: aiosqlite.Connection, messages: list[Outgoing], *,
                  now: datetime) -> int:
    """Add messages (inside the caller's transaction); returns how many were new."""
    before = conn.total_changes
    await conn.executemany(
        "INSERT OR IGNORE INTO outbox (dedup_key, channel, account_id, club_id, member_id, kind, "
        "text, due_at, created_at, event_key, expires_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(m.dedup_key, m.channel, m.account_id, m.club_id, m.member_id, m.kind, m.text,
          m.due_at.isoformat(timespec="seconds"), now.isoformat(timespec="seconds"),
          m.event_key, _iso(m.expires_at))
         for m in messages])
    return conn.total_changes - before


async def linked_accounts(conn: aiosqlite.Connection, member_id: int) -> list[tuple[str, str]]:
    """(channel, account id) of every account that sees this member, proxies included."""
    rows = await conn.execute_fetchall(
        "SELECT channel, account_id FROM chat_links WHERE member_id = ? "
        "ORDER BY channel, account_id", (member_id,))
    return [(r[0], r[1]) for r in rows]


async def addressed_accounts(conn: aiosqlite.Connection, member_id: int,
                             today: date) -> list[tuple[str, str, str]]:
    """(channel, account id, word for "you") of every account that sees this member.

    The member's own account gets her title ("bà"); a relative's, or a phone
    that also sees someone else's book, her title and given name ("bà Lan"), so
    one sentence about "{you}" reads right to each (Account.you in chat).
    """
    rows = await conn.execute_fetchall(
        "SELECT l.channel, l.account_id, l.proxy OR EXISTS (SELECT 1 FROM chat_links o "
        "  WHERE o.channel = l.channel AND o.account_id = l.account_id "
        "  AND o.member_id != l.member_id), "
        "m.name, m.gender, m.birth_year, c.address_style "
        "FROM chat_links l JOIN members m ON m.id = l.member_id "
        "JOIN clubs c ON c.id = m.club_id WHERE l.member_id = ? "
        "ORDER BY l.channel, l.account_id", (member_id,))
    return [(r[0], r[1], you(address_for(r[5], r[4], today, r[6]), r[3], named=bool(r[2])))
            for r in rows]


# ---------------------------------------------------------------- delivery
#
# A row's life: pending → sending (claimed, one row at a time, just before the
# request goes out) → sent | uncertain | blocked | failed; or pending →
# cancelled (its event changed, or it can no longer be useful). A row is
# claimed in its own committed transaction before it is handed to the channel,
# so after a crash every row still 'sending' is one whose request may have
# reached the channel: it becomes 'uncertain' and is never sent again. Rows
# still 'pending' were certainly not sent and go out after the restart.

PENDING, SENDING, SENT, UNCERTAIN = "pending", "sending", "sent", "uncertain"
BLOCKED, CANCELLED, FAILED = "blocked", "cancelled", "failed"


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat(timespec="seconds") if moment is not None else None


@dataclass(frozen=True, slots=True)
class Candidate:
    """A pending row that is due, with what the dispatcher must know before claiming it."""

    id: int
    channel: str
    account_id: str
    blocked: bool      # the account blocked the bot: settle it as blocked, do not send
    expired: bool      # its event has begun: cancel it, do not send
    unwanted: bool     # unlinked from its member since, or reminders paused: cancel it


@dataclass(frozen=True, slots=True)
class Claimed:
    """A row claimed for sending: everything a channel needs to deliver it."""

    id: int
    dedup_key: str
    channel: str
    account_id: str
    kind: str
    text: str
    club_id: int | None
    member_id: int | None
    event_key: str | None


async def recover_interrupted(db: Database, now: datetime) -> int:
    """After a crash: rows left 'sending' may have been delivered, so they are
    recorded as uncertain and never resent."""
    async with db.transaction() as conn:
        cur = await conn.execute(
            "UPDATE outbox SET state = 'uncertain', last_error = 'interrupted while sending', "
            "sent_at = ? WHERE state = 'sending'", (_iso(now),))
        return cur.rowcount


# Whether a row must no longer go out although nobody cancelled it: the account
# was unlinked from the member it is about (what it says is theirs to see no
# more), or, for a reminder, reminders were paused.
_UNWANTED = """(
    (o.member_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM chat_links l
        WHERE l.channel = o.channel AND l.account_id = o.account_id
          AND l.member_id = o.member_id))
    OR (o.kind = 'reminder' AND EXISTS (SELECT 1 FROM reminder_pauses p
        WHERE p.channel = o.channel AND p.account_id = o.account_id)))"""


async def due(db: Database, now: datetime, limit: int,
              channel: str | None = None) -> list[Candidate]:
    """Pending rows due by ``now``, oldest first; only ``channel``'s when given
    (each channel is sent at its own pace, so one never waits behind another)."""
    stamp = _iso(now)
    where, params = "", (stamp, stamp, limit)
    if channel is not None:
        where, params = "o.channel = ? AND ", (stamp, channel, stamp, limit)
    rows = await db.fetchall(
        "SELECT o.id, o.channel, o.account_id, "
        "       EXISTS (SELECT 1 FROM blocked_accounts b "
        "               WHERE b.channel = o.channel AND b.account_id = o.account_id), "
        "       o.expires_at IS NOT NULL AND o.expires_at <= ?, "
        f"      {_UNWANTED} "
        f"FROM outbox o WHERE {where}o.state = 'pending' AND o.due_at <= ? "
        "ORDER BY o.due_at, o.id LIMIT ?", params)
    return [Candidate(r[0], r[1], r[2], bool(r[3]), bool(r[4]), bool(r[5])) for r in rows]


async def next_due_at(db: Database, channel: str | None = None) -> datetime | None:
    """When the earliest pending row (of ``channel``, if given) falls due; None: none pending."""
    if channel is None:
        row = await db.fetchone("SELECT min(due_at) FROM outbox WHERE state = 'pending'")
    else:
        row = await db.fetchone("SELECT min(due_at) FROM outbox WHERE channel = ? "
                                "AND state = 'pending'", (channel,))
    return datetime.fromisoformat(row[0]) if row and row[0] else None


async def claim(db: Database, row_id: int, now: datetime) -> Claimed | None:
    """Mark one row 'sending' and commit; None if it is no longer pending
    (cancelled meanwhile, claimed by another dispatcher) or its event has begun."""
    async with db.transaction() as conn:
        cur = await conn.execute(
            "UPDATE outbox AS o SET state = 'sending', attempts = attempts + 1, claimed_at = ? "
            "WHERE id = ? AND state = 'pending' AND (expires_at IS NULL OR expires_at > ?) "
            f"AND NOT {_UNWANTED} "
            "RETURNING id, dedup_key, channel, account_id, kind, text, club_id, member_id, "
            "event_key", (_iso(now), row_id, _iso(now)))
        rows = list(await cur.fetchall())
    return Claimed(*rows[0]) if rows else None


async def _finish(db: Database, row_id: int, state: str, now: datetime,
                  error: str | None) -> None:
    async with db.transaction() as conn:
        await conn.execute(
            "UPDATE outbox SET state = ?, sent_at = ?, last_error = ? "
            "WHERE id = ? AND state = 'sending'", (state, _iso(now), error, row_id))


async def mark_sent(db: Database, row_id: int, now: datetime) -> None:
    await _finish(db, row_id, SENT, now, None)


async def mark_uncertain(db: Database, row_id: int, now: datetime, error: str) -> None:
    """The request may have been delivered (it timed out, the connection broke): never resend."""
    await _finish(db, row_id, UNCERTAIN, now, error)


async def mark_failed(db: Database, row_id: int, now: datetime, error: str) -> None:
    """The channel refused the message for good (no such chat, malformed text)."""
    await _finish(db, row_id, FAILED, now, error)


async def release(db: Database, row_id: int, error: str) -> None:
    """Back to pending: the channel certainly did not deliver it (flood limit, no connection)."""
    async with db.transaction() as conn:
        await conn.execute(
            "UPDATE outbox SET state = 'pending', last_error = ?, claimed_at = NULL "
            "WHERE id = ? AND state = 'sending'", (error, row_id))


async def mark_blocked(db: Database, claimed: Claimed, now: datetime, error: str) -> int:
    """The person blocked the bot: record it, and settle every row still waiting
    for that account as blocked. Returns how many rows were settled."""
    async with db.transaction() as conn:
        cur = await conn.execute(
            "INSERT OR IGNORE INTO blocked_accounts (channel, account_id, blocked_at) "
            "VALUES (?, ?, ?)", (claimed.channel, claimed.account_id, _iso(now)))
        if cur.rowcount:
            await audit(conn, at=now, actor="outbox", action="account_blocked",
                        club_id=claimed.club_id, member_id=claimed.member_id,
                        detail={"channel": claimed.channel, "account": claimed.account_id})
        cur = await conn.execute(
            "UPDATE outbox SET state = 'blocked', sent_at = ?, last_error = ? "
            "WHERE channel = ? AND account_id = ? AND (state = 'pending' OR id = ?)",
            (_iso(now), error, claimed.channel, claimed.account_id, claimed.id))
        return cur.rowcount


async def settle_unsendable(db: Database, blocked: list[int], expired: list[int],
                            now: datetime, unwanted: list[int] | None = None) -> None:
    """Rows for accounts known to have blocked the bot, rows whose event has
    begun, rows no longer wanted (see ``_UNWANTED``)."""
    async with db.transaction() as conn:
        await conn.executemany(
            "UPDATE outbox SET state = 'cancelled', last_error = 'no longer wanted' "
            "WHERE id = ? AND state = 'pending'", [(i,) for i in unwanted or ()])
        await conn.executemany(
            "UPDATE outbox SET state = 'blocked', sent_at = ?, last_error = 'account blocked' "
            "WHERE id = ? AND state = 'pending'", [(_iso(now), i) for i in blocked])
        await conn.executemany(
            "UPDATE outbox SET state = 'cancelled', last_error = 'expired' "
            "WHERE id = ? AND state = 'pending'", [(i,) for i in expired])


async def unblock(conn: aiosqlite.Connection, channel: str, account_id: str) -> bool:
    """The person wants messages again (inside the caller's transaction)."""
    cur = await conn.execute(
        "DELETE FROM blocked_accounts WHERE channel = ? AND account_id = ?", (channel, account_id))
    return cur.rowcount == 1


async def event_states(db: Database, event_key: str) -> dict[str, int]:
    """How many of an event's messages are in each state."""
    rows = await db.fetchall(
        "SELECT state, count(*) FROM outbox WHERE event_key = ? GROUP BY state", (event_key,))
    return {r[0]: r[1] for r in rows}


# ---------------------------------------------------------------- planned reminders


async def cancel_events(conn: aiosqlite.Connection, event_keys: list[str], reason: str) -> int:
    """Cancel what is still pending about these events (inside the caller's
    transaction: the same one as the change to the event)."""
    before = conn.total_changes
    await conn.executemany(
        "UPDATE outbox SET state = 'cancelled', last_error = ? "
        "WHERE event_key = ? AND state = 'pending'", [(reason, key) for key in event_keys])
    return conn.total_changes - before


async def cancel_account_reminders(conn: aiosqlite.Connection, channel: str, account_id: str,
                                   reason: str) -> int:
    cur = await conn.execute(
        "UPDATE outbox SET state = 'cancelled', last_error = ? WHERE channel = ? "
        "AND account_id = ? AND kind = 'reminder' AND state = 'pending'",
        (reason, channel, account_id))
    return cur.rowcount


async def pending_reminder_keys(conn: aiosqlite.Connection, until: datetime,
                                club_id: int | None = None, *,
                                after: datetime | None = None) -> list[str]:
    """Keys of reminders waiting to go out by ``until`` (and after ``after``;
    of one club, or all)."""
    sql = ("SELECT dedup_key FROM outbox WHERE state = 'pending' AND due_at <= ? "
           "AND kind = 'reminder'")
    params: tuple[object, ...] = (_iso(until),)
    if after is not None:
        sql += " AND due_at > ?"
        params += (_iso(after),)
    if club_id is not None:
        sql += " AND club_id = ?"
        params += (club_id,)
    return [r[0] for r in await conn.execute_fetchall(sql, params)]


async def cancel_keys(conn: aiosqlite.Connection, keys: list[str], reason: str) -> int:
    before = conn.total_changes
    await conn.executemany(
        "UPDATE outbox SET state = 'cancelled', last_error = ? "
        "WHERE dedup_key = ? AND state = 'pending'", [(reason, key) for key in keys])
    return conn.total_changes - before


async def upsert_planned(conn: aiosqlite.Connection, messages: list[Outgoing], *,
                         now: datetime) -> int:
    """Hold planned reminders in the outbox (inside the caller's transaction).

    A new key is added. A key still pending takes the latest wording (a place
    corrected since). A cancelled key that is wanted again (a meeting moved
    back, reminders turned on again) is revived: a cancelled row was never
    sent. A key sent, uncertain, blocked or failed is left alone: that is
    what makes planning the same thing twice harmless. Returns rows written.
    """
    before = conn.total_changes
    await conn.executemany(
        "INSERT INTO outbox (dedup_key, channel, account_id, club_id, member_id, kind, text, "
        "due_at, created_at, event_key, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (dedup_key) DO UPDATE SET state = 'pending', text = excluded.text, "
        "due_at = excluded.due_at, expires_at = excluded.expires_at, last_error = NULL "
        "WHERE outbox.state = 'cancelled' OR (outbox.state = 'pending' AND "
        "(outbox.text != excluded.text OR outbox.due_at != excluded.due_at "
        " OR outbox.expires_at IS NOT excluded.expires_at))",
        [(m.dedup_key, m.channel, m.account_id, m.club_id, m.member_id, m.kind, m.text,
          _iso(m.due_at), _iso(now), m.event_key, _iso(m.expires_at)) for m in messages])
    return conn.total_changes - before
