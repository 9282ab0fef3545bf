"""🧺 Thu đóng góp over the Bot API: ticked in advance from the roll-call,
confirmed with the total in words, recorded once, receipted, never twice for
the same day."""

from __future__ import annotations

from datetime import date

from club.money import format_vnd
from handlers.conversation import plain_text
from storage import Database
from storage.cashbook import NewEntry, record
from tests.board.conftest import (
    MEMBER,
    SECRETARY,
    Clock,
    button,
    label_of,
    link,
    member_id,
    press,
    rows,
    screen,
)
from tests.conftest import AS_OF, member
from tests.support.harness import BotHarness, Sent


async def open_tool(bot: BotHarness, user: int, label: str) -> Sent:
    [menu] = await bot.say(user, "🗂 Ban chủ nhiệm")
    [opened] = await press(bot, user, button(menu, label))
    return opened


async def roll_call(bot: BotHarness, user: int, absent: list[str], save: bool = True) -> None:
    """Everyone present but ``absent``, on today's sheet."""
    sheet = await open_tool(bot, user, "Điểm danh")
    sheet = await screen(bot, user, button(sheet, "Tất cả có mặt"))
    for code in absent:
        page = (int(code[2:]) - 1) // 10
        sheet = await screen(bot, user, f"rc:p:1:20261217:{page}")
        sheet = await screen(bot, user, button(sheet, member(code)["name"]))
    if save:
        await press(bot, user, button(sheet, "Lưu"))


async def contributions(db: Database, day: str) -> list[tuple]:
    return await rows(db, "SELECT m.code, e.amount, e.recorded_by FROM cash_entries e "
                          "JOIN members m ON m.id = e.member_id "
                          "WHERE e.kind = 'contribution' AND e.entry_date = ? ORDER BY m.code",
                      (day,))


async def test_sweep_after_the_roll_call_records_everyone_present_once(
        board_bot: BotHarness, secretary_account: int):
    await link(board_bot, MEMBER, "TV002")
    [before] = await board_bot.say(MEMBER, "💰 Tiết kiệm")
    assert "Đóng góp quỹ năm 2026: <b>180.000 đ</b>" in before.text
    absent = [f"TV0{n}" for n in range(53, 61)]
    await roll_call(board_bot, SECRETARY, absent)

    woken: list[int] = []
    board_bot.app.bot_data["services"].outbox_ready = lambda: woken.append(1)
    sheet = await open_tool(board_bot, SECRETARY, "Thu đóng góp")
    assert "Thứ Năm, 17/12/2026: 20.000 đ mỗi người" in sheet.text
    assert "Đã chọn <b>52 người</b>, tổng <b>1.040.000 đ</b>" in sheet.text
    assert "theo điểm danh" in sheet.text
    name = member("TV002")["name"]
    assert label_of(sheet, name) == "☑️ " + name
    assert all(len(data.encode()) <= 64 for _, data in sheet.choices)
    last = await screen(board_bot, SECRETARY, button(sheet, "Trang sau").replace(":p:1:", ":p:5:"))
    assert label_of(last, member("TV055")["name"]) == "⬜ " + member("TV055")["name"]

    ask = await screen(board_bot, SECRETARY, button(sheet, "Ghi đóng góp (52 người)"))
    assert ("Ghi đóng góp 20.000 đ cho 52 người, tổng 1.040.000 đ "
            "(một triệu không trăm bốn mươi nghìn đồng)?") in plain_text(ask.text)
    assert "Thứ Năm, 17/12/2026" in ask.text
    assert await contributions(board_bot.db, "2026-12-17") == []

    ok = button(ask, "Ghi vào sổ")
    done = await screen(board_bot, SECRETARY, ok)
    assert "Đã ghi đóng góp 20.000 đ cho <b>52 người</b>, tổng 1.040.000 đ" in done.text
    assert done.choices == []
    recorded = await contributions(board_bot.db, "2026-12-17")
    assert len(recorded) == 52
    assert {amount for _, amount, _ in recorded} == {20_000}
    assert {by.split(":")[1] for _, _, by in recorded} == {str(SECRETARY)}
    assert "TV053" not in {code for code, _, _ in recorded}
    assert woken == [1]

    [(text,)] = await rows(board_bot.db, "SELECT text FROM outbox WHERE account_id = ? "
                                         "AND kind = 'receipt'", (str(MEMBER),))
    assert "đóng góp quỹ <b>20.000 đ</b>, ngày 17/12/2026" in text

    [again] = await press(board_bot, SECRETARY, ok)  # the confirm button, tapped again
    assert "Không có gì thay đổi" in again.text
    assert len(await contributions(board_bot.db, "2026-12-17")) == 52

    [after] = await board_bot.say(MEMBER, "💰 Tiết kiệm")
    assert "Đóng góp quỹ năm 2026: <b>200.000 đ</b>" in after.text


async def test_those_who_already_paid_that_day_are_shown_and_never_recorded_twice(
        board_bot: BotHarness, board_clock: Clock, secretary_account: int):
    board_clock.now = AS_OF  # 20/11: the sweep is for the meeting of 17/11
    ask = await open_tool(board_bot, SECRETARY, "Thu đóng góp")
    sheet = await screen(board_bot, SECRETARY, button(ask, "17/11/2026"))
    paid = {code for code, _, _ in await contributions(board_bot.db, "2026-11-17")}
    present = {r[0] for r in await rows(
        board_bot.db, "SELECT m.code FROM attendance a JOIN meetings mt ON mt.id = a.meeting_id "
                      "JOIN members m ON m.id = a.member_id "
                      "WHERE mt.held_on = '2026-11-17' AND a.status = 'present'")}
    due = present - paid
    assert due and paid & present
    assert f"Đã chọn <b>{len(due)} người</b>" in sheet.text
    assert f"💰 {len(paid)} người đã đóng ngày này" in sheet.text

    someone_paid = sorted(paid)[0]
    name = member(someone_paid)["name"]
    page = (int(someone_paid[2:]) - 1) // 10
    shown = await screen(board_bot, SECRETARY, button(sheet, "Trang sau").replace(":p:1:",
                                                                                  f":p:{page}:"))
    assert label_of(shown, name) == f"💰 {name} (đã đóng)"
    tapped = await screen(board_bot, SECRETARY, button(shown, name))  # changes nothing
    assert f"Đã chọn <b>{len(due)} người</b>" in tapped.text

    # One of those ticked pays at the cash-book tool before the sweep is confirmed.
    ask = await screen(board_bot, SECRETARY, button(tapped, "Ghi đóng góp"))
    assert f"cho {len(due)} người" in ask.text
    late = sorted(due)[0]
    await record(board_bot.db, NewEntry(1, await member_id(board_bot.db, late), "contribution",
                                        20_000, date(2026, 11, 17)), actor="test", now=AS_OF)
    done = await screen(board_bot, SECRETARY, button(ask, "Ghi vào sổ"))
    assert f"cho <b>{len(due) - 1} người</b>" in done.text
    assert "1 người vừa được ghi đóng góp ngày này từ chỗ khác" in done.text

    recorded = await contributions(board_bot.db, "2026-11-17")
    codes = [code for code, _, _ in recorded]
    assert len(codes) == len(set(codes)) == len(paid) + len(due)


async def test_ticked_from_unsaved_marks_then_ticked_by_hand(
        board_bot: BotHarness, board_clock: Clock, secretary_account: int):
    sheet = await open_tool(board_bot, SECRETARY, "Điểm danh")
    for code in ("TV004", "TV005"):
        sheet = await screen(board_bot, SECRETARY, button(sheet, member(code)["name"]))
    sweep = await open_tool(board_bot, SECRETARY, "Thu đóng góp")
    assert "Đã chọn <b>2 người</b>, tổng <b>40.000 đ</b>" in sweep.text
    assert "chưa lưu" in sweep.text

    name = member("TV006")["name"]
    tick = button(sweep, name)
    ticked = await screen(board_bot, SECRETARY, tick)
    assert label_of(ticked, name) == "☑️ " + name and "<b>3 người</b>" in ticked.text
    twice = await screen(board_bot, SECRETARY, tick)  # a double tap counts once
    assert label_of(twice, name) == "☑️ " + name and "<b>3 người</b>" in twice.text
    # A quick tap on another name from the same, not yet redrawn, message counts.
    other = member("TV007")["name"]
    both = await screen(board_bot, SECRETARY, button(sweep, other))
    assert "<b>4 người</b>" in both.text
    untick = await screen(board_bot, SECRETARY, button(both, member("TV004")["name"]))
    assert "<b>3 người</b>" in untick.text

    # As after a restart: another Application, with nothing in memory, carries on.
    fresh = await BotHarness.start(board_bot.db, now=board_clock)
    try:
        ask = await screen(fresh, SECRETARY, button(untick, "Ghi đóng góp"))
        assert "cho 3 người, tổng <b>60.000 đ</b> (sáu mươi nghìn đồng)" in ask.text
        done = await screen(fresh, SECRETARY, button(ask, "Ghi vào sổ"))
        assert "<b>3 người</b>" in done.text
        codes = [c for c, _, _ in await contributions(fresh.db, "2026-12-17")]
        assert codes == ["TV005", "TV006", "TV007"]
        assert "Không có gì thay đổi" in (await press(fresh, SECRETARY, tick))[0].text
    finally:
        await fresh.stop()


async def test_back_cancel_and_nothing_chosen(board_bot: BotHarness, secretary_account: int):
    sweep = await open_tool(board_bot, SECRETARY, "Thu đóng góp")
    assert "chưa điểm danh" in sweep.text and "<b>0 người</b>" in sweep.text
    nothing = await screen(board_bot, SECRETARY, button(sweep, "Ghi đóng góp"))
    assert "Chưa chọn ai" in nothing.text
    ticked = await screen(board_bot, SECRETARY, button(nothing, member("TV001")["name"]))
    ask = await screen(board_bot, SECRETARY, button(ticked, "Ghi đóng góp"))
    back = await screen(board_bot, SECRETARY, button(ask, "Sửa danh sách"))
    assert "<b>1 người</b>" in back.text
    assert "Không có gì thay đổi" in (await press(board_bot, SECRETARY,
                                                  button(ask, "Ghi vào sổ")))[0].text
    cancelled = await screen(board_bot, SECRETARY, button(back, "Thôi"))
    assert "Đã thôi, không ghi gì." in cancelled.text
    [stale] = await press(board_bot, SECRETARY, button(back, "Ghi đóng góp"))
    assert "Không có gì thay đổi" in stale.text
    assert await contributions(board_bot.db, "2026-12-17") == []


async def test_a_forged_member_of_another_club_is_never_ticked(board_bot: BotHarness,
                                                               secretary_account: int):
    await board_bot.db.conn.execute(
        "INSERT INTO clubs (id, name, meeting_day) VALUES (2, 'CLB khác', 17)")
    await board_bot.db.conn.execute(
        "INSERT INTO members (id, club_id, code, name) VALUES (9999, 2, 'TV001', 'Người khác')")
    sweep = await open_tool(board_bot, SECRETARY, "Thu đóng góp")
    tick = button(sweep, member("TV001")["name"])
    _, version, _, _, _, sid = tick.split(":")
    [reply] = await press(board_bot, SECRETARY, f"sw:{version}:t:9999:0:{sid}")
    assert "Không có gì thay đổi" in reply.text
    ask = await screen(board_bot, SECRETARY, button(
        await screen(board_bot, SECRETARY, tick), "Ghi đóng góp"))
    assert "cho 1 người" in ask.text


async def test_no_monthly_amount_set_says_so(board_bot: BotHarness, secretary_account: int):
    await board_bot.db.conn.execute("UPDATE clubs SET contribution = 0")
    [reply] = await press(board_bot, SECRETARY, "sw:open")
    assert "chưa đặt mức đóng góp" in reply.text
    assert format_vnd(0) not in reply.text
