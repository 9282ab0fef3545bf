""""⚠️ Báo sai": a member's report that a figure looks wrong, and the board's list."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from storage.conversation import FlowTicket, consume
from storage.database import Database, audit
from storage.outbox import Outgoing, enqueue

REPEAT_WINDOW = timedelta(minutes=10)  # the same report again this soon is a second tap


@dataclass(frozen=True, slots=True)
class Report:
    id: int
    member_name: str
    member_code: str
    screen: str
    context: str
    created_at: str


async def create_report(db: Database, *, club_id: int, member_id: int, reported_by: str,
                        screen: str, context: str, notice: str, now: datetime,
                        ticket: FlowTicket | None = None) -> int | None:
    """Store the report and queue ``notice`` to every board member's accounts.

    Returns the report's id, or None when the same account reported the same
    screen moments ago (nothing is stored twice). With a ``ticket``, the
    member's confirmation step is consumed in the same transaction
    (:class:`~storage.conversation.AlreadyDone` on a second tap).
    """
    stamp = now.isoformat(timespec="seconds")
    async with db.transaction() as conn:
        if ticket is not None:
            await consume(conn, ticket)
        recent = list(await conn.execute_fetchall(
            "SELECT 1 FROM error_reports WHERE member_id = ? AND reported_by = ? AND screen = ? "
            "AND created_at >= ?",
            (member_id, reported_by, screen,
             (now - REPEAT_WINDOW).isoformat(timespec="seconds"))))
        if recent:
            return None
        cur = await conn.execute(
            "INSERT INTO error_reports (member_id, reported_by, screen, context, created_at) "
            "VALUES (?, ?, ?, ?, ?)", (member_id, reported_by, screen, context, stamp))
        report_id = int(cur.lastrowid or 0)
        await audit(conn, at=now, actor=reported_by, action="error_report", club_id=club_id,
                    member_id=member_id, detail={"report": report_id, "screen": screen})
        board = await conn.execute_fetchall(
            "SELECT l.channel, l.account_id, m.id FROM members m "
            "JOIN chat_links l ON l.member_id = m.id AND l.proxy = 0 "
            "WHERE m.club_id = ? AND m.role != ''", (club_id,))
        await enqueue(conn, [
            Outgoing(dedup_key=f"report:{report_id}:{channel}:{account}", channel=channel,
                     account_id=account, kind="report", text=notice, due_at=now,
                     club_id=club_id, member_id=board_member)
            for channel, account, board_member in board], now=now)
        return report_id


async def recent_reports(db: Database, club_id: int, limit: int) -> list[Report]:
    rows = await db.fetchall(
        "SELECT r.id, m.name, m.code, r.screen, r.context, r.created_at FROM error_reports r "
        "JOIN members m ON m.id = r.member_id WHERE m.club_id = ? "
        "ORDER BY r.id DESC LIMIT ?", (club_id, limit))
    return [Report(*r) for r in rows]
