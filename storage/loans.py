"""Recording a new loan from the club fund."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime

import aiosqlite

from storage.club_scope import require_member
from storage.conversation import FlowTicket, consume
from storage.database import Database, audit
from storage.outbox import Outgoing, addressed_accounts, enqueue

_CODE = re.compile(r"^(.*?)(\d+)$")


async def next_loan_code(conn: aiosqlite.Connection, club_id: int) -> str:
    """The next code in the club's own series ("VAY024" → "VAY025")."""
    rows = await conn.execute_fetchall("SELECT code FROM loans WHERE club_id = ?", (club_id,))
    best_prefix, best_number, width = "VAY", 0, 3
    for (code,) in rows:
        match = _CODE.match(code)
        if match and int(match[2]) >= best_number:
            best_prefix, best_number, width = match[1], int(match[2]), len(match[2])
    return f"{best_prefix}{best_number + 1:0{width}d}"


async def create_loan(db: Database, *, club_id: int, member_id: int, amount: int,
                      disbursed: date, term_months: int, rate_ppm: int, method: str,
                      purpose: str, actor: str, now: datetime,
                      notice: Callable[[str, str], str],
                      ticket: FlowTicket | None = None) -> str:
    """Insert the loan, audit it and tell the borrower's accounts; returns its code.

    ``notice(code, you)`` writes the borrower's notice for one account, ``you``
    being that reader's word for the borrower (club.address).
    """
    async with db.transaction() as conn:
        if ticket is not None:
            await consume(conn, ticket)
        await require_member(conn, club_id, member_id)  # NotInClub: nothing written
        code = await next_loan_code(conn, club_id)
        cur = await conn.execute(
            "INSERT INTO loans (club_id, code, member_id, disbursed_on, amount, term_months, "
            "rate_ppm, method, purpose) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (club_id, code, member_id, disbursed.isoformat(), amount, term_months, rate_ppm,
             method, purpose))
        await audit(conn, at=now, actor=actor, action="new_loan", club_id=club_id,
                    member_id=member_id, detail={
                        "loan": cur.lastrowid, "code": code, "amount": amount,
                        "term": term_months, "rate_ppm": rate_ppm, "method": method})
        await enqueue(conn, [
            Outgoing(dedup_key=f"loan:{cur.lastrowid}:{channel}:{account}", channel=channel,
                     account_id=account, kind="receipt", text=notice(code, you), due_at=now,
                     club_id=club_id, member_id=member_id)
            for channel, account, you in await addressed_accounts(conn, member_id, now.date())],
            now=now)
        return code
