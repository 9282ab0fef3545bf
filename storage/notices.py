"""Board notices: one message to every linked account of a club, and the
delivery report its sender gets afterwards.

The notice and all its outbox rows are written in one transaction with the
conversation step that confirmed it (a second tap on "send" finds the step
consumed and writes nothing). Its rows carry ``event_key = 'notice:<id>'``;
when none of them is left to send, the report is enqueued to the sender and
``reported_at`` is set, again in one transaction, so it is sent once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from storage.club_scope import require_member
from storage.conversation import FlowTicket, consume
from storage.database import Database, audit
from storage.outbox import Outgoing, enqueue


@dataclass(frozen=True, slots=True)
class Reach:
    """Who a notice to the club would reach."""

    accounts: int        # distinct chat accounts (a couple's phone counts once)
    members_total: int
    members_linked: int

    @property
    def members_unlinked(self) -> int:
        return self.members_total - self.members_linked


@dataclass(frozen=True, slots=True)
class Finished:
    """A notice whose every message has been settled."""

    id: int
    club_id: int
    sender_channel: str
    sender_account: str
    sender_member_id: int
    created_at: str
    members_unlinked: int
    states: dict[str, int]


_ACCOUNTS_SQL = (
    "SELECT l.channel, l.account_id, min(l.member_id) FROM chat_links l "
    "JOIN members m ON m.id = l.member_id WHERE m.club_id = ? "
    "GROUP BY l.channel, l.account_id ORDER BY l.channel, l.account_id")


async def reach(db: Database, club_id: int) -> Reach:
    row = await db.fetchone(
        "SELECT (SELECT count(*) FROM (SELECT DISTINCT l.channel, l.account_id FROM chat_links l "
        "        JOIN members m ON m.id = l.member_id WHERE m.club_id = :c)), "
        "       (SELECT count(*) FROM members WHERE club_id = :c), "
        "       (SELECT count(*) FROM members m WHERE m.club_id = :c AND EXISTS "
        "        (SELECT 1 FROM chat_links l WHERE l.member_id = m.id))", {"c": club_id})
    assert row is not None
    return Reach(row[0], row[1], row[2])


async def create(db: Database, *, club_id: int, sender_channel: str, sender_account: str,
                 sender_member_id: int, text: str, message: str, due_at: datetime,
                 actor: str, now: datetime, ticket: FlowTicket | None = None) -> tuple[int, int]:
    """Write the notice and one outbox row per account; returns (notice id, rows)."""
    async with db.transaction() as conn:
        if ticket is not None:
            await consume(conn, ticket)
        await require_member(conn, club_id, sender_member_id)  # NotInClub: nothing sent
        accounts = list(await conn.execute_fetchall(_ACCOUNTS_SQL, (club_id,)))
        total, linked = await _member_counts(conn, club_id)
        cur = await conn.execute(
            "INSERT INTO notices (club_id, sender_channel, sender_account, sender_member_id, "
            "text, members_total, members_unlinked, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (club_id, sender_channel, sender_account, sender_member_id, text, total,
             total - linked, now.isoformat(timespec="seconds")))
        notice_id = cur.lastrowid
        assert notice_id is not None
        event_key = f"notice:{notice_id}"
        written = await enqueue(conn, [
            Outgoing(dedup_key=f"{event_key}:{channel}:{account_id}", channel=channel,
                     account_id=account_id, kind="notice", text=message, due_at=due_at,
                     club_id=club_id, member_id=member_id, event_key=event_key)
            for channel, account_id, member_id in accounts], now=now)
        await audit(conn, at=now, actor=actor, action="notice", club_id=club_id,
                    member_id=sender_member_id,
                    detail={"notice": notice_id, "accounts": written, "text": text})
    return notice_id, written


async def _member_counts(conn: aiosqlite.Connection, club_id: int) -> tuple[int, int]:
    rows = list(await conn.execute_fetchall(
        "SELECT count(*), coalesce(sum(EXISTS (SELECT 1 FROM chat_links l "
        "                                      WHERE l.member_id = m.id)), 0) "
        "FROM members m WHERE m.club_id = ?", (club_id,)))
    return rows[0][0], rows[0][1]


async def finished_unreported(db: Database) -> list[Finished]:
    """Notices all of whose messages are settled but whose sender has not been told."""
    rows = await db.fetchall(
        "SELECT n.id, n.club_id, n.sender_channel, n.sender_account, n.sender_member_id, "
        "       n.created_at, n.members_unlinked FROM notices n "
        "WHERE n.reported_at IS NULL AND NOT EXISTS (SELECT 1 FROM outbox o "
        "  WHERE o.event_key = 'notice:' || n.id AND o.state IN ('pending', 'sending'))")
    found = []
    for r in rows:
        states = await db.fetchall(
            "SELECT state, count(*) FROM outbox WHERE event_key = ? GROUP BY state",
            (f"notice:{r[0]}",))
        found.append(Finished(*r, states={s[0]: s[1] for s in states}))
    return found


async def report(db: Database, notice: Finished, text: str, *, now: datetime) -> bool:
    """Enqueue the delivery report to the sender, once; False if already reported."""
    async with db.transaction() as conn:
        cur = await conn.execute(
            "UPDATE notices SET reported_at = ? WHERE id = ? AND reported_at IS NULL",
            (now.isoformat(timespec="seconds"), notice.id))
        if not cur.rowcount:
            return False
        await enqueue(conn, [Outgoing(
            dedup_key=f"report:notice:{notice.id}", channel=notice.sender_channel,
            account_id=notice.sender_account, kind="report", text=text, due_at=now,
            club_id=notice.club_id, member_id=notice.sender_member_id)], now=now)
    return True
