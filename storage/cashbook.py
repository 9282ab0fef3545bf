"""Writing the cash book from chat: append-only, checked, audited, receipted.

Each entry is inserted in one transaction with its audit row and the receipts
for every account linked to the member, so an entry never exists without its
receipt queued, nor a receipt without its entry. Rules that protect money
(a withdrawal may not exceed the savings; a reversal reverses once; the
member, loan and reversed entry are of the entry's club; a sweep charges a
member once a day) are checked again inside that transaction, where no other
write can interleave, and the database refuses the same rows (migration 0009).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime

import aiosqlite

from storage.club_scope import NotInClub, require_loan, require_member
from storage.conversation import FlowTicket, consume
from storage.database import Database, audit
from storage.outbox import Outgoing, addressed_accounts, enqueue

KINDS = ("contribution", "deposit", "withdrawal", "principal", "interest")


@dataclass(frozen=True, slots=True)
class NewEntry:
    club_id: int
    member_id: int
    kind: str
    amount: int
    entry_date: date
    loan_id: int | None = None
    note: str = ""
    reverses_id: int | None = None


@dataclass(frozen=True, slots=True)
class Recorded:
    entry_id: int
    savings_after: int   # the member's savings balance once the entry stands
    receipts: int        # how many receipts were queued


class CashBookRefusal(Exception):
    """A rule of the book forbids this entry; nothing was written."""


class NotEnoughSavings(CashBookRefusal):
    def __init__(self, balance: int) -> None:
        super().__init__(f"savings balance is {balance}")
        self.balance = balance


class AlreadyReversed(CashBookRefusal):
    pass


class SweptMeanwhile(CashBookRefusal):
    """The database refused a second sweep charge for a member and day; nothing
    was written. (The sweep's own check, in the same transaction, should have
    seen it first: this is the second lock answering.)"""


# (savings balance after the entry, the recipient's word for "you" — club.address)
# -> the receipt's text.
ReceiptText = Callable[[int, str], str]


async def savings_balance(conn: aiosqlite.Connection, member_id: int) -> int:
    rows = await conn.execute_fetchall(
        "SELECT coalesce(sum(CASE kind WHEN 'deposit' THEN amount ELSE -amount END), 0) "
        "FROM cash_entries WHERE member_id = ? AND kind IN ('deposit', 'withdrawal')",
        (member_id,))
    return int(list(rows)[0][0])


async def record(db: Database, entry: NewEntry, *, actor: str, now: datetime,
                 receipt: ReceiptText | None = None,
                 ticket: FlowTicket | None = None) -> Recorded:
    """Append one entry (or a reversal), with its audit row and receipts.

    With a ``ticket``, the conversation step is ended in the same transaction,
    so a second tap on "confirm" finds it gone and records nothing.
    """
    return (await record_many(db, [entry], actor=actor, now=now, receipt=receipt,
                              ticket=ticket))[0]


async def record_many(db: Database, entries: list[NewEntry], *, actor: str, now: datetime,
                      receipt: ReceiptText | None = None,
                      ticket: FlowTicket | None = None) -> list[Recorded]:
    """Several entries in one transaction: all are written or none."""
    for entry in entries:
        if entry.kind not in KINDS:
            raise ValueError(f"unknown kind {entry.kind!r}")
    async with db.transaction() as conn:
        if ticket is not None:
            await consume(conn, ticket)
        return [await _record(conn, e, actor=actor, now=now, receipt=receipt) for e in entries]


async def _record(conn: aiosqlite.Connection, entry: NewEntry, *, actor: str, now: datetime,
                  receipt: ReceiptText | None) -> Recorded:
    await require_member(conn, entry.club_id, entry.member_id)
    if entry.loan_id is not None:
        await require_loan(conn, entry.club_id, entry.loan_id, entry.member_id)
    if entry.reverses_id is None:
        if entry.amount <= 0:
            raise ValueError("an entry's amount must be positive")
        if entry.kind == "withdrawal":
            balance = await savings_balance(conn, entry.member_id)
            if entry.amount > balance:
                raise NotEnoughSavings(balance)
    else:
        original = list(await conn.execute_fetchall(
            "SELECT member_id, kind, amount, loan_id, reverses_id FROM cash_entries "
            "WHERE id = ? AND club_id = ?", (entry.reverses_id, entry.club_id)))
        if not original or original[0][0] != entry.member_id:
            raise NotInClub("entry", entry.reverses_id, entry.club_id)
        if tuple(original[0][1:]) != (entry.kind, -entry.amount, entry.loan_id, None):
            raise ValueError("a reversal must negate an original entry exactly")
        taken = list(await conn.execute_fetchall(
            "SELECT 1 FROM cash_entries WHERE reverses_id = ?", (entry.reverses_id,)))
        if taken:
            raise AlreadyReversed(str(entry.reverses_id))
        if entry.kind == "deposit":
            # Reversing a deposit takes money out of the savings: same rule as a withdrawal.
            balance = await savings_balance(conn, entry.member_id)
            if -entry.amount > balance:
                raise NotEnoughSavings(balance)
    stamp = now.isoformat(timespec="seconds")
    cur = await conn.execute(
        "INSERT INTO cash_entries (club_id, entry_date, member_id, kind, amount, loan_id, note, "
        "reverses_id, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (entry.club_id, entry.entry_date.isoformat(), entry.member_id, entry.kind, entry.amount,
         entry.loan_id, entry.note, entry.reverses_id, actor, stamp))
    entry_id = int(cur.lastrowid or 0)
    await audit(conn, at=now, actor=actor,
                action="reverse_entry" if entry.reverses_id else "cash_entry",
                club_id=entry.club_id, member_id=entry.member_id,
                detail={"entry": entry_id, "kind": entry.kind, "amount": entry.amount,
                        "loan": entry.loan_id, "note": entry.note,
                        "reverses": entry.reverses_id})
    after = await savings_balance(conn, entry.member_id)
    queued = 0
    if receipt is not None:
        queued = await enqueue(conn, [
            Outgoing(dedup_key=f"receipt:{entry_id}:{channel}:{account}", channel=channel,
                     account_id=account, kind="receipt", text=receipt(after, you), due_at=now,
                     club_id=entry.club_id, member_id=entry.member_id)
            for channel, account, you in await addressed_accounts(
                conn, entry.member_id, now.date())], now=now)
    return Recorded(entry_id, after, queued)


# Members with a contribution entered for the day that still stands (neither
# reversed nor a reversal), whoever entered it: the sweep charges none of them.
STANDING_CONTRIBUTIONS_SQL = """
SELECT e.member_id FROM cash_entries e
WHERE e.club_id = ? AND e.entry_date = ? AND e.kind = 'contribution' AND e.reverses_id IS NULL
  AND NOT EXISTS (SELECT 1 FROM cash_entries r WHERE r.reverses_id = e.id)
"""


@dataclass(frozen=True, slots=True)
class Swept:
    """What one sweep did, decided inside its transaction."""

    recorded: tuple[int, ...]   # members charged now
    already: tuple[int, ...]    # members who already had a contribution for the day
    not_in_club: tuple[int, ...]
    receipts: int


async def record_sweep(db: Database, *, club_id: int, member_ids: Iterable[int], day: date,
                       amount: int, actor: str, now: datetime,
                       receipt: ReceiptText | None = None,
                       ticket: FlowTicket | None = None) -> Swept:
    """Charge the day's contribution to each member who has none standing yet.

    Who has already paid is read inside the transaction that writes, so two
    board members confirming the same sweep at once cannot both charge: the
    second finds the first's entries and writes none for those members. Each
    charge also takes the member's ``sweep_charges`` row for the day, which
    the database keeps unique (migration 0009); if it ever collided, the whole
    sweep is undone and SweptMeanwhile raised.
    """
    wanted = sorted(set(member_ids))
    try:
        async with db.transaction() as conn:
            if ticket is not None:
                await consume(conn, ticket)
            marks = ",".join("?" * len(wanted))
            in_club = {r[0] for r in await conn.execute_fetchall(
                f"SELECT id FROM members WHERE club_id = ? AND id IN ({marks})",
                (club_id, *wanted))} if wanted else set()
            paid = {r[0] for r in await conn.execute_fetchall(
                STANDING_CONTRIBUTIONS_SQL, (club_id, day.isoformat()))}
            todo = [m for m in wanted if m in in_club and m not in paid]
            receipts = 0
            for member_id in todo:
                done = await _record(conn, NewEntry(
                    club_id=club_id, member_id=member_id, kind="contribution", amount=amount,
                    entry_date=day), actor=actor, now=now, receipt=receipt)
                await conn.execute(
                    "INSERT INTO sweep_charges (club_id, member_id, charged_on, entry_id) "
                    "VALUES (?, ?, ?, ?)", (club_id, member_id, day.isoformat(), done.entry_id))
                receipts += done.receipts
    except sqlite3.IntegrityError as problem:
        if "sweep_charges" not in str(problem):
            raise
        raise SweptMeanwhile(str(problem)) from problem
    return Swept(tuple(todo), tuple(m for m in wanted if m in in_club and m in paid),
                 tuple(m for m in wanted if m not in in_club), receipts)


@dataclass(frozen=True, slots=True)
class StoredEntry:
    id: int
    club_id: int
    member_id: int
    entry_date: str
    kind: str
    amount: int
    loan_id: int | None
    loan_code: str | None
    note: str


_STANDING = """
SELECT e.id, e.club_id, e.member_id, e.entry_date, e.kind, e.amount, e.loan_id, l.code, e.note
FROM cash_entries e LEFT JOIN loans l ON l.id = e.loan_id
WHERE e.reverses_id IS NULL
  AND NOT EXISTS (SELECT 1 FROM cash_entries r WHERE r.reverses_id = e.id)
"""


async def standing_entries(db: Database, member_id: int, limit: int) -> list[StoredEntry]:
    """The member's latest entries that still stand (neither reversed nor reversals)."""
    rows = await db.fetchall(
        _STANDING + " AND e.member_id = ? ORDER BY e.entry_date DESC, e.id DESC LIMIT ?",
        (member_id, limit))
    return [StoredEntry(*r) for r in rows]


async def standing_entry(db: Database, club_id: int, entry_id: int) -> StoredEntry | None:
    """The entry, only if it belongs to this club and still stands."""
    row = await db.fetchone(_STANDING + " AND e.id = ? AND e.club_id = ?", (entry_id, club_id))
    return StoredEntry(*row) if row else None
