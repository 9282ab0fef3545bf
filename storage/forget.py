"""Requests about a member's data, and deleting it when she asks.

A member asks in chat (or the board asks on her behalf, or an operator runs
``ishc-bot forget``) for her data to be deleted, or for something to be
corrected. The request is kept with its date, the chair is told, and once
the chair confirms, the request is met: the date it was met is kept too.

Deleting ("forgetting") removes, in one transaction: her health readings
(and the values the audit log kept of them), her phone number, every chat
link to her (her own and her relatives'), the chat accounts left with no
other link — with everything kept per account (flows, inbox, sessions, pauses,
sign-in tries) —, the messages the bot held for or about her, her link codes
and her reports of wrong figures. What the club must keep stays: her cash
book lines and loans (the books still balance), her attendance, the access
log of who looked at her data (it holds no values), her consent records (with
a last "withdraw" for the deletion) and the request itself. Her member row
stays as the owner of those books, marked with ``left_on``; database triggers
(migration 0017) keep her phone, readings and links from coming back with an
old paper book or a code.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from storage.club_scope import require_member
from storage.consent import Decision, How
from storage.consent import record_in as record_consent
from storage.conversation import FlowTicket, consume
from storage.database import Database, audit
from storage.outbox import Outgoing, enqueue

DELETE, CORRECT = "delete", "correct"
CHAIR = "Chủ nhiệm"


@dataclass(frozen=True, slots=True)
class Request:
    id: int
    club_id: int
    member_id: int
    member_name: str
    member_code: str
    kind: str
    detail: str
    requested_by: str
    requested_at: str
    met_at: str | None


@dataclass(frozen=True, slots=True)
class Forgotten:
    member_id: int
    name: str
    code: str
    readings: int          # health readings deleted
    phone: bool            # a phone number was deleted
    links: int             # chat links removed (hers and her relatives')
    accounts: int          # chat accounts deleted with them
    messages: int          # outbox rows deleted
    cash_lines: int        # kept
    loans: int             # kept
    already: bool = False  # she had been forgotten before: nothing more to delete


_REQUEST_SQL = """
SELECT r.id, r.club_id, r.member_id, m.name, m.code, r.kind, r.detail, r.requested_by,
       r.requested_at, r.met_at
FROM privacy_requests r JOIN members m ON m.id = r.member_id
"""


async def ask(db: Database, *, member_id: int, kind: str, detail: str, requested_by: str,
              now: datetime, notice: str) -> tuple[Request, bool]:
    """Record the request and queue ``notice`` to the chair (to the whole board when
    no chair is linked). Returns the request and whether it is new: asking again
    while one is open finds the open one and tells nobody twice."""
    async with db.transaction() as conn:
        club_id = await _club_of(conn, member_id)
        cur = await conn.execute(
            "INSERT OR IGNORE INTO privacy_requests (club_id, member_id, kind, detail, "
            "requested_by, requested_at) VALUES (?, ?, ?, ?, ?, ?)",
            (club_id, member_id, kind, detail, requested_by, _iso(now)))
        new = cur.rowcount == 1
        [found] = [Request(*r) for r in await conn.execute_fetchall(
            _REQUEST_SQL + "WHERE r.member_id = ? AND r.kind = ? AND r.met_at IS NULL",
            (member_id, kind))]
        if new:
            await audit(conn, at=now, actor=requested_by, action="privacy_request",
                        club_id=club_id, member_id=member_id,
                        detail={"request": found.id, "kind": kind})
            await enqueue(conn, [
                Outgoing(dedup_key=f"privacy:{found.id}:{channel}:{account}", channel=channel,
                         account_id=account, kind="report", text=notice, due_at=now,
                         club_id=club_id, member_id=board_member)
                for channel, account, board_member in await _chair_accounts(conn, club_id)],
                now=now)
        return found, new


async def _chair_accounts(conn: aiosqlite.Connection,
                          club_id: int) -> list[tuple[str, str, int]]:
    """The chair's own accounts; the whole board's if no chair is linked."""
    sql = ("SELECT l.channel, l.account_id, m.id FROM members m "
           "JOIN chat_links l ON l.member_id = m.id AND l.proxy = 0 "
           "WHERE m.club_id = ? AND m.left_on IS NULL AND ")
    rows = list(await conn.execute_fetchall(sql + "m.role = ?", (club_id, CHAIR)))
    if not rows:
        rows = list(await conn.execute_fetchall(sql + "m.role != ''", (club_id,)))
    return [(r[0], r[1], r[2]) for r in rows]


async def open_requests(db: Database, club_id: int) -> list[Request]:
    rows = await db.fetchall(
        _REQUEST_SQL + "WHERE r.club_id = ? AND r.met_at IS NULL ORDER BY r.requested_at, r.id",
        (club_id,))
    return [Request(*r) for r in rows]


async def find_request(db: Database, request_id: int, club_id: int) -> Request | None:
    """An open request of this club (button data is never trusted)."""
    row = await db.fetchone(
        _REQUEST_SQL + "WHERE r.id = ? AND r.club_id = ? AND r.met_at IS NULL",
        (request_id, club_id))
    return Request(*row) if row else None


async def meet_correction(db: Database, request: Request, *, actor: str, now: datetime,
                          notice: str, ticket: FlowTicket | None = None) -> bool:
    """The chair corrected what she said was wrong; she is told. False if already met.
    A board step's ticket names its club: the request's member must be of it
    (NotInClub, nothing written)."""
    async with db.transaction() as conn:
        if ticket is not None:
            await _consume(conn, ticket, request.member_id)
        met = await _meet(conn, request.id, actor, now)
        if met:
            await audit(conn, at=now, actor=actor, action="privacy_request_met",
                        club_id=request.club_id, member_id=request.member_id,
                        detail={"request": request.id, "kind": request.kind})
            accounts = await conn.execute_fetchall(
                "SELECT channel, account_id FROM chat_links WHERE member_id = ?",
                (request.member_id,))
            await enqueue(conn, [
                Outgoing(dedup_key=f"privacy-met:{request.id}:{ch}:{acc}", channel=ch,
                         account_id=acc, kind="receipt", text=notice, due_at=now,
                         club_id=request.club_id, member_id=request.member_id)
                for ch, acc in accounts], now=now)
        return met


async def _meet(conn: aiosqlite.Connection, request_id: int, actor: str, now: datetime) -> bool:
    cur = await conn.execute(
        "UPDATE privacy_requests SET met_by = ?, met_at = ? WHERE id = ? AND met_at IS NULL",
        (actor, _iso(now), request_id))
    return cur.rowcount == 1


_COUNTS_SQL = """
SELECT name, code, phone, left_on,
  (SELECT count(*) FROM health_readings WHERE member_id = m.id),
  (SELECT count(*) FROM chat_links WHERE member_id = m.id),
  (SELECT count(*) FROM outbox WHERE member_id = m.id),
  (SELECT count(*) FROM cash_entries WHERE member_id = m.id),
  (SELECT count(*) FROM loans WHERE member_id = m.id)
FROM members m WHERE id = ?
"""


async def preview(db: Database, member_id: int) -> Forgotten | None:
    """What forgetting her would delete and keep, without doing it."""
    return _counted(await db.fetchone(_COUNTS_SQL, (member_id,)), member_id)


async def _counts(conn: aiosqlite.Connection, member_id: int) -> Forgotten | None:
    rows = list(await conn.execute_fetchall(_COUNTS_SQL, (member_id,)))
    return _counted(rows[0] if rows else None, member_id)


def _counted(row: aiosqlite.Row | None, member_id: int) -> Forgotten | None:
    if row is None:
        return None
    name, code, phone, left_on, readings, links, messages, cash, loans = row
    return Forgotten(member_id, name, code, readings, phone is not None, links, 0, messages,
                     cash, loans, already=left_on is not None)


async def forget(db: Database, *, member_id: int, actor: str, now: datetime,
                 request_id: int | None = None, ticket: FlowTicket | None = None) -> Forgotten:
    """Delete what is held about her that the club need not keep (module doc), and
    mark the request met — or record one met at once when the board or an
    operator acts without one. Raises LookupError for no such member, and
    NotInClub when a board step's ticket names a club she is not of."""
    async with db.transaction() as conn:
        if ticket is not None:
            await _consume(conn, ticket, member_id)
        found = await _counts(conn, member_id)
        if found is None:
            raise LookupError(member_id)
        club_id = await _club_of(conn, member_id)
        if request_id is None:
            rows = list(await conn.execute_fetchall(
                "SELECT id FROM privacy_requests WHERE member_id = ? AND kind = 'delete' "
                "AND met_at IS NULL", (member_id,)))
            if rows:
                request_id = rows[0][0]
            else:
                cur = await conn.execute(
                    "INSERT INTO privacy_requests (club_id, member_id, kind, requested_by, "
                    "requested_at) VALUES (?, ?, 'delete', ?, ?)",
                    (club_id, member_id, actor, _iso(now)))
                request_id = cur.lastrowid
        assert request_id is not None
        await _meet(conn, request_id, actor, now)
        if found.already:
            return found
        accounts = await _erase(conn, member_id, club_id, actor, now)
        result = Forgotten(found.member_id, found.name, found.code, found.readings, found.phone,
                           found.links, accounts, found.messages, found.cash_lines, found.loans)
        await audit(conn, at=now, actor=actor, action="forget", club_id=club_id,
                    member_id=member_id, detail={
                        "request": request_id, "readings": result.readings,
                        "phone": result.phone, "links": result.links,
                        "accounts": result.accounts, "messages": result.messages})
        return result


async def _erase(conn: aiosqlite.Connection, member_id: int, club_id: int, actor: str,
                 now: datetime) -> int:
    """The deleting itself, inside forget's transaction; returns the accounts deleted."""
    await conn.execute("DELETE FROM health_readings WHERE member_id = ?", (member_id,))
    # The audit log kept the values of each reading recorded in chat: they go too.
    await conn.execute(
        "UPDATE audit_log SET detail = '{\"deleted\": \"at the member''s request\"}' "
        "WHERE member_id = ? AND action = 'health_reading'", (member_id,))
    await record_consent(conn, member_id=member_id, decision=Decision.WITHDRAW, how=How.FORGET,
                         actor=actor, now=now)
    # Home care: what volunteers wrote about her health goes; that a visit was
    # made stays (the report counts it), and no one is sent to her any more.
    await conn.execute(
        "DELETE FROM web_inbox WHERE outbox_id IN (SELECT o.id FROM outbox o "
        "JOIN home_visits v ON o.dedup_key LIKE 'care-alert%:' || v.id || ':%' "
        "WHERE v.member_id = ?)", (member_id,))
    await conn.execute(
        "DELETE FROM outbox WHERE id IN (SELECT o.id FROM outbox o JOIN home_visits v "
        "ON o.dedup_key LIKE 'care-alert%:' || v.id || ':%' WHERE v.member_id = ?)",
        (member_id,))
    await conn.execute("UPDATE home_visits SET note = '' WHERE member_id = ?", (member_id,))
    await conn.execute("DELETE FROM care_plans WHERE member_id = ? OR volunteer_id = ?",
                       (member_id, member_id))
    linked = [(r[0], r[1]) for r in await conn.execute_fetchall(
        "SELECT channel, account_id FROM chat_links WHERE member_id = ?", (member_id,))]
    await conn.execute("DELETE FROM chat_links WHERE member_id = ?", (member_id,))
    # What the bot held for or about her: her messages, wherever they were delivered.
    await conn.execute(
        "DELETE FROM web_inbox WHERE outbox_id IN (SELECT id FROM outbox WHERE member_id = ?)",
        (member_id,))
    await conn.execute("DELETE FROM outbox WHERE member_id = ?", (member_id,))
    deleted = 0
    for channel, account in linked:
        key = (channel, account)
        others = list(await conn.execute_fetchall(
            "SELECT member_id FROM chat_links WHERE channel = ? AND account_id = ? "
            "ORDER BY member_id LIMIT 1", key))
        if others:  # a couple's phone: the account stays for the other member
            await conn.execute(
                "UPDATE chat_accounts SET active_member_id = ? WHERE channel = ? "
                "AND account_id = ? AND active_member_id = ?", (others[0][0], *key, member_id))
            continue
        await _delete_account(conn, channel, account)
        deleted += 1
    await conn.execute("DELETE FROM link_codes WHERE member_id = ?", (member_id,))
    await conn.execute("DELETE FROM error_reports WHERE member_id = ?", (member_id,))
    await conn.execute(
        "UPDATE members SET phone = NULL, left_on = ? WHERE id = ?",
        (now.date().isoformat(), member_id))
    return deleted


async def _delete_account(conn: aiosqlite.Connection, channel: str, account: str) -> None:
    key = (channel, account)
    for table in ("conversation_state", "reminder_pauses", "blocked_accounts",
                  "link_attempts"):
        await conn.execute(f"DELETE FROM {table} WHERE channel = ? AND account_id = ?", key)
    if channel == "web":
        await conn.execute("DELETE FROM web_inbox WHERE account_id = ?", (account,))
        await conn.execute("DELETE FROM web_sessions WHERE account_id = ?", (account,))
    if channel == "zalo":
        await conn.execute("DELETE FROM zalo_menus WHERE chat_id = ?", (account,))
    await conn.execute(
        "DELETE FROM web_inbox WHERE outbox_id IN (SELECT id FROM outbox "
        "WHERE channel = ? AND account_id = ?)", key)
    await conn.execute("DELETE FROM outbox WHERE channel = ? AND account_id = ?", key)
    await conn.execute("DELETE FROM chat_accounts WHERE channel = ? AND account_id = ?", key)


async def _consume(conn: aiosqlite.Connection, ticket: FlowTicket, member_id: int) -> None:
    """The board's step, consumed in the write's transaction; the member must be
    of the club the flow was opened for."""
    await consume(conn, ticket)
    if ticket.club_id is not None:
        await require_member(conn, ticket.club_id, member_id)


async def _club_of(conn: aiosqlite.Connection, member_id: int) -> int:
    rows = list(await conn.execute_fetchall("SELECT club_id FROM members WHERE id = ?",
                                            (member_id,)))
    if not rows:
        raise LookupError(member_id)
    return int(rows[0][0])


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")
