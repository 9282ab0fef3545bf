"""🧺 Two board members confirm the same day's sweep at the same moment: each
member is charged once, with one receipt, and the second confirmer is told who
was already recorded. Real concurrency: both confirmations run as concurrent
tasks over the real aiosqlite database — on one connection, and on two
connections to the same file, as two processes would."""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from handlers.context import Services
from storage import Database, cashbook, rollcall
from tests.board.conftest import MEETING_DAY, Clock
from tests.board.two_clubs import Chat, data_of, snapshot
from tests.conftest import member

SECRETARY, CHAIR = "9103", "9101"
SWEPT = ("TV005", "TV006", "TV007", "TV008", "TV009")   # present at the meeting
RECEIVERS = {"TV005": "9105", "TV006": "9106"}          # linked: they get receipts
DAY = date(2026, 12, 17)


async def _ids(db: Database) -> dict[str, int]:
    return {r[1]: r[0] for r in await db.fetchall("SELECT id, code FROM members")}


async def _meeting(db: Database) -> None:
    """The roll-call saved: the five of SWEPT present, everyone else absent."""
    ids = await _ids(db)
    for code in SWEPT:
        await rollcall.mark(db, 1, DAY, ids[code], expected=None, status="present",
                            actor="test", now=MEETING_DAY)
    await rollcall.save(db, 1, DAY, actor="test", now=MEETING_DAY)


async def _linked(chat: Chat) -> Chat:
    for account, code in ((SECRETARY, "TV003"), (CHAIR, "TV001"),
                          *((a, c) for c, a in RECEIVERS.items())):
        await chat.link(account, member(code)["phone"])
    return chat


async def _at_confirmation(chat: Chat, account: str) -> str:
    """Open the sweep, go to the confirmation; the "record" button's data."""
    [sheet] = await chat.tap(account, "sw:open")
    assert "Đã chọn <b>5 người</b>" in sheet.text
    [ask] = await chat.tap(account, data_of([sheet], "Ghi đóng góp (5 người)"))
    return data_of([ask], "Ghi vào sổ")


async def _charges(db: Database) -> list[tuple]:
    return [tuple(r) for r in await db.fetchall(
        "SELECT m.code, count(*) FROM cash_entries e JOIN members m ON m.id = e.member_id "
        "WHERE e.kind = 'contribution' AND e.entry_date = ? AND e.reverses_id IS NULL "
        "GROUP BY m.code ORDER BY m.code", (DAY.isoformat(),))]


async def _receipts(db: Database) -> list[tuple]:
    return [tuple(r) for r in await db.fetchall(
        "SELECT account_id, count(*) FROM outbox WHERE kind = 'receipt' "
        "GROUP BY account_id ORDER BY account_id")]


def _assert_once_each(first: str, second: str) -> None:
    done, told = sorted((first, second), key=lambda t: "Đã ghi đóng góp" not in t)
    assert "Đã ghi đóng góp 20.000 đ cho <b>5 người</b>" in done
    assert "Không ghi thêm gì" in told and "Đã ghi" not in told
    for code in SWEPT:  # the second confirmer is told who was already recorded
        assert f"{member(code)['name']} ({code})" in told


async def _expect_charged_once(db: Database) -> None:
    assert await _charges(db) == [(code, 1) for code in SWEPT]
    assert await _receipts(db) == [(account, 1) for account in sorted(RECEIVERS.values())]
    assert (await db.fetchone("SELECT count(*) FROM sweep_charges"))[0] == 5


async def test_two_confirmations_at_once_on_one_connection_charge_each_member_once(
        sample_db: Database):
    chat = await _linked(Chat(Services.over(sample_db, now=Clock(MEETING_DAY))))
    await _meeting(sample_db)
    first, second = await _at_confirmation(chat, SECRETARY), await _at_confirmation(chat, CHAIR)
    [a], [b] = await asyncio.gather(chat.tap(SECRETARY, first), chat.tap(CHAIR, second))
    _assert_once_each(a.text, b.text)
    await _expect_charged_once(sample_db)


async def test_two_confirmations_at_once_on_two_connections_charge_each_member_once(
        sample_db: Database, tmp_path: Path):
    other = await Database.open(tmp_path / "club.db")  # the same file, as another process
    try:
        one = await _linked(Chat(Services.over(sample_db, now=Clock(MEETING_DAY))))
        two = Chat(Services.over(other, now=Clock(MEETING_DAY)))
        await _meeting(sample_db)
        first, second = await _at_confirmation(one, SECRETARY), await _at_confirmation(two, CHAIR)
        [a], [b] = await asyncio.gather(one.tap(SECRETARY, first), two.tap(CHAIR, second))
        _assert_once_each(a.text, b.text)
        await _expect_charged_once(sample_db)
    finally:
        await other.close()


async def test_the_second_confirmer_gets_the_names_and_nothing_is_queued(sample_db: Database):
    chat = await _linked(Chat(Services.over(sample_db, now=Clock(MEETING_DAY))))
    await _meeting(sample_db)
    first, second = await _at_confirmation(chat, SECRETARY), await _at_confirmation(chat, CHAIR)
    await chat.tap(SECRETARY, first)
    before = await snapshot(sample_db)
    [told] = await chat.tap(CHAIR, second)
    assert told.text.startswith("⚠️ Không ghi thêm gì.")
    assert "17/12/2026" in told.text
    after = await snapshot(sample_db)
    assert {t: rows for t, rows in after.items() if t != "conversation_state"} == {
        t: rows for t, rows in before.items() if t != "conversation_state"}
    await _expect_charged_once(sample_db)


async def test_a_reversed_sweep_charge_can_be_charged_again(sample_db: Database):
    chat = await _linked(Chat(Services.over(sample_db, now=Clock(MEETING_DAY))))
    await _meeting(sample_db)
    await chat.tap(SECRETARY, await _at_confirmation(chat, SECRETARY))
    ids = await _ids(sample_db)
    entry = (await sample_db.fetchone(
        "SELECT id FROM cash_entries WHERE member_id = ? AND entry_date = ? "
        "AND kind = 'contribution'", (ids["TV005"], DAY.isoformat())))[0]
    # ↩️ Sửa sai, the board's way.
    await chat.tap(SECRETARY, "rv:open")
    entries = await chat.say(SECRETARY, "TV005")
    await chat.tap(SECRETARY, data_of(entries, "17/12/2026"))
    confirm = await chat.say(SECRETARY, "thu nhầm")
    [reversed_] = await chat.tap(SECRETARY, data_of(confirm, "Đảo lại"))
    assert "Đã đảo lại" in reversed_.text
    assert (await sample_db.fetchone(
        "SELECT count(*) FROM sweep_charges WHERE entry_id = ?", (entry,)))[0] == 0

    [sheet] = await chat.tap(CHAIR, "sw:open")  # TV005 owes the day again: ticked again
    assert "Đã chọn <b>1 người</b>" in sheet.text
    [ask] = await chat.tap(CHAIR, data_of([sheet], "Ghi đóng góp (1 người)"))
    [done] = await chat.tap(CHAIR, data_of([ask], "Ghi vào sổ"))
    assert "cho <b>1 người</b>" in done.text
    standing = await rollcall.contributed_on(sample_db, 1, DAY)
    assert {ids[c] for c in SWEPT} == standing
    rows = await sample_db.fetchall(
        "SELECT amount, reverses_id IS NOT NULL FROM cash_entries WHERE member_id = ? "
        "AND entry_date = ? AND kind = 'contribution' ORDER BY id",
        (ids["TV005"], DAY.isoformat()))
    assert [tuple(r) for r in rows] == [(20000, 0), (-20000, 1), (20000, 0)]


async def test_the_database_keeps_one_sweep_charge_per_member_and_day(sample_db: Database):
    ids = await _ids(sample_db)
    swept = await cashbook.record_sweep(sample_db, club_id=1, member_ids=[ids["TV005"]],
                                        day=DAY, amount=20000, actor="t", now=MEETING_DAY)
    assert len(swept.recorded) == 1
    first = (await sample_db.fetchone("SELECT entry_id FROM sweep_charges"))[0]
    # A second contribution the same day (the 💵 tool may record one) takes no charge…
    extra = await cashbook.record(sample_db, cashbook.NewEntry(
        1, ids["TV005"], "contribution", 20000, DAY), actor="t", now=MEETING_DAY)
    for entry_id in (extra.entry_id, first):  # …and cannot be made a second one
        with pytest.raises(sqlite3.IntegrityError):
            async with sample_db.transaction() as conn:
                await conn.execute("INSERT INTO sweep_charges VALUES (1, ?, ?, ?)",
                                   (ids["TV005"], DAY.isoformat(), entry_id))
    with pytest.raises(sqlite3.IntegrityError):  # a standing charge is never let go
        async with sample_db.transaction() as conn:
            await conn.execute("DELETE FROM sweep_charges")
    # A reversal releases it, and itself takes none.
    await cashbook.record(sample_db, cashbook.NewEntry(
        1, ids["TV005"], "contribution", -20000, DAY, reverses_id=first), actor="t",
        now=MEETING_DAY)
    assert (await sample_db.fetchone("SELECT count(*) FROM sweep_charges"))[0] == 0
    with pytest.raises(sqlite3.IntegrityError):  # a reversed entry cannot be charged
        async with sample_db.transaction() as conn:
            await conn.execute("INSERT INTO sweep_charges VALUES (1, ?, ?, ?)",
                               (ids["TV005"], DAY.isoformat(), first))


async def test_the_database_undoes_a_sweep_whose_own_check_missed_a_charge(
        sample_db: Database, monkeypatch: pytest.MonkeyPatch):
    """Should the sweep's read of who paid ever miss someone, the unique charge
    refuses the second one and the whole sweep is undone: no entry, no receipt."""
    ids = await _ids(sample_db)
    chosen = [ids[c] for c in SWEPT]
    await cashbook.record_sweep(sample_db, club_id=1, member_ids=chosen[:2], day=DAY,
                                amount=20000, actor="t", now=MEETING_DAY)
    monkeypatch.setattr(cashbook, "STANDING_CONTRIBUTIONS_SQL",
                        "SELECT id FROM members WHERE 0 AND ? AND ?")  # "nobody has paid"
    before = await snapshot(sample_db)
    with pytest.raises(cashbook.SweptMeanwhile):
        await cashbook.record_sweep(sample_db, club_id=1, member_ids=chosen, day=DAY,
                                    amount=20000, actor="t", now=MEETING_DAY)
    assert await snapshot(sample_db) == before
