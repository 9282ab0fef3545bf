"""The cash book's standing sums kept on each write (migration 0024) are the
sums of the entries themselves: after an import, after new entries and
reversals through the cash book, and as the migration fills them for books
that were there before it."""

from __future__ import annotations

import re
from datetime import date, datetime
from importlib import resources

from storage.cashbook import NewEntry, record
from storage.database import Database

# What stands, straight from the entries: originals not reversed.
_DAYS = """
SELECT o.club_id, o.kind, o.entry_date, sum(o.amount) FROM cash_entries o
WHERE o.reverses_id IS NULL
  AND NOT EXISTS (SELECT 1 FROM cash_entries r WHERE r.reverses_id = o.id)
GROUP BY 1, 2, 3 HAVING sum(o.amount) != 0 ORDER BY 1, 2, 3
"""
_LOANS = """
SELECT o.loan_id, sum(CASE WHEN o.kind = 'principal' THEN o.amount ELSE 0 END),
       sum(CASE WHEN o.kind = 'interest' THEN o.amount ELSE 0 END)
FROM cash_entries o
WHERE o.reverses_id IS NULL AND o.loan_id IS NOT NULL AND o.kind IN ('principal', 'interest')
  AND NOT EXISTS (SELECT 1 FROM cash_entries r WHERE r.reverses_id = o.id)
GROUP BY 1 ORDER BY 1
"""


async def _kept(db: Database) -> tuple[list[tuple], list[tuple]]:
    days = [tuple(r) for r in await db.fetchall(
        "SELECT club_id, kind, day, amount FROM cash_day_sums WHERE amount != 0 "
        "ORDER BY 1, 2, 3")]
    loans = [tuple(r) for r in await db.fetchall(
        "SELECT loan_id, principal, interest FROM loan_repaid "
        "WHERE principal != 0 OR interest != 0 ORDER BY 1")]
    return days, loans


async def _counted(db: Database) -> tuple[list[tuple], list[tuple]]:
    days = [tuple(r) for r in await db.fetchall(_DAYS)]
    loans = [tuple(r) for r in await db.fetchall(_LOANS) if r[1] or r[2]]
    return days, loans


async def test_the_kept_sums_are_the_entries_sums(three_clubs, edge_db):
    for db in (three_clubs, edge_db):  # edge_db: two reversals inside the period
        assert await _kept(db) == await _counted(db)
        assert (await _kept(db))[0]


async def test_a_new_entry_and_its_reversal_move_the_sums(three_clubs):
    member = await three_clubs.fetchone("SELECT id FROM members WHERE club_id = 2 LIMIT 1")
    loan = await three_clubs.fetchone("SELECT id, member_id FROM loans WHERE club_id = 2 "
                                      "ORDER BY id DESC LIMIT 1")
    at = datetime(2026, 11, 20, 9)
    entry = await record(three_clubs, NewEntry(club_id=2, member_id=member[0],
                                               kind="deposit", amount=70_000,
                                               entry_date=date(2026, 11, 20)),
                         actor="test", now=at)
    paid = await record(three_clubs, NewEntry(club_id=2, member_id=loan[1], kind="principal",
                                              amount=500_000, entry_date=date(2026, 11, 20),
                                              loan_id=loan[0]), actor="test", now=at)
    assert await _kept(three_clubs) == await _counted(three_clubs)
    for original, kind, amount, loan_id, member_id in (
            (entry, "deposit", 70_000, None, member[0]),
            (paid, "principal", 500_000, loan[0], loan[1])):
        await record(three_clubs, NewEntry(club_id=2, member_id=member_id, kind=kind,
                                           amount=-amount, entry_date=date(2026, 11, 21),
                                           loan_id=loan_id, reverses_id=original.entry_id),
                     actor="test", now=at)
    assert await _kept(three_clubs) == await _counted(three_clubs)


async def test_the_migration_fills_the_sums_for_books_already_there(three_clubs):
    """Emptied, then filled by the migration's own statements: the same sums."""
    script = (resources.files("storage.migrations") / "0024_cash_rollups.sql").read_text(
        encoding="utf-8")
    fills = re.findall(r"^(INSERT INTO (?:cash_day_sums|loan_repaid) .*?;)$", script,
                       re.DOTALL | re.MULTILINE)
    assert len(fills) == 2
    before = await _kept(three_clubs)
    async with three_clubs.transaction() as conn:
        await conn.execute("DELETE FROM cash_day_sums")
        await conn.execute("DELETE FROM loan_repaid")
        for statement in fills:
            await conn.execute(statement)
    assert await _kept(three_clubs) == before == await _counted(three_clubs)
