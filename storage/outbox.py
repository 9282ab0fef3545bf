"""The outbox: every message the bot sends on its own initiative.

A receipt, a reminder or a notice is first written here — in the same
transaction as the change that causes it — with a key unique per recipient and
occurrence, then sent by the dispatcher. Writing first is what makes "never
lost, never doubled" possible: a crash loses no intent to send, and the key
makes a second enqueue of the same thing a no-op.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import aiosqlite


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


async def enqueue(conn: aiosqlite.Connection, messages: list[Outgoing], *,
                  now: datetime) -> int:
    """Add messages (inside the caller's transaction); returns how many were new."""
    before = conn.total_changes
    await conn.executemany(
        "INSERT OR IGNORE INTO outbox (dedup_key, channel, account_id, club_id, member_id, kind, "
        "text, due_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(m.dedup_key, m.channel, m.account_id, m.club_id, m.member_id, m.kind, m.text,
          m.due_at.isoformat(timespec="seconds"), now.isoformat(timespec="seconds"))
         for m in messages])
    return conn.total_changes - before


async def linked_accounts(conn: aiosqlite.Connection, member_id: int) -> list[tuple[str, str]]:
    """(channel, account id) of every account that sees this member, proxies included."""
    rows = await conn.execute_fetchall(
        "SELECT channel, account_id FROM chat_links WHERE member_id = ? "
        "ORDER BY channel, account_id", (member_id,))
    return [(r[0], r[1]) for r in rows]
