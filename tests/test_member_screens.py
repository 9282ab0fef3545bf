"""Every menu item, over the Bot API, against the sample club's known figures."""

from __future__ import annotations

from datetime import datetime

import pytest

from club import texts
from club.money import format_vnd
from tests.conftest import EXPECTED, member
from tests.support import updates
from tests.support.harness import BotHarness

USER = 6001


async def linked(bot: BotHarness, code: str, user_id: int = USER) -> BotHarness:
    await bot.share_own_contact(user_id, member(code)["phone"])
    return bot


async def test_savings_balance_first_in_bold(bot: BotHarness):
    await linked(bot, "TV002")
    [reply] = await bot.say(USER, "💰 Tiết kiệm")
    first_line = reply.text.splitlines()[0]
    assert "<b>800.000 đ</b>" in first_line
    assert "Đóng góp quỹ năm 2026: <b>180.000 đ</b>" in reply.text
    assert "20.000 đ" in reply.text  # the monthly amount it is measured against


async def test_savings_shows_recent_movements(bot: BotHarness):
    code = next(m["code"] for m in EXPECTED["members"]
                if m["savings"] > 0 and m["phone"] and m["code"] not in EXPECTED["shared_phone"])
    await linked(bot, code)
    [reply] = await bot.say(USER, "so du")
    assert "Gần đây:" in reply.text
    assert "gửi +" in reply.text


@pytest.mark.parametrize("who", [m for m in EXPECTED["members"]
                                 if m["phone"] and m["code"] not in EXPECTED["shared_phone"]],
                         ids=lambda m: m["code"])
async def test_every_member_sees_their_own_figures(bot: BotHarness, consented, who: dict):
    await linked(bot, who["code"])
    [savings] = await bot.say(USER, "tiết kiệm")
    assert f"<b>{format_vnd(who['savings'])}</b>" in savings.text
    assert f"<b>{format_vnd(who['contributions'].get('2026', 0))}</b>" in savings.text

    [loans] = await bot.say(USER, "vay")
    open_loans = [loan for loan in who["loans"] if loan["outstanding"] > 0]
    if not open_loans:
        assert "không có khoản vay" in loans.text
    for loan in open_loans:
        assert loan["code"] in loans.text
        assert format_vnd(loan["outstanding"]) in loans.text
        assert ("quá hạn" in loans.text) == any(x["overdue_since"] for x in open_loans)

    [health] = await bot.say(USER, "huyet ap")
    if who["last_health"]:
        assert who["last_health"]["bp"] in health.text
        day = who["last_health"]["date"]
        assert f"{day[8:10]}/{day[5:7]}/{day[:4]}" in health.text
    else:
        assert "Chưa có lần đo" in health.text


async def test_loan_shows_outstanding_and_next_installment(bot: BotHarness):
    await linked(bot, "TV005")
    [reply] = await bot.say(USER, "📄 Khoản vay")
    assert "<b>2.083.338 đ</b>" in reply.text.splitlines()[0]
    assert "17/04/2026" in reply.text and "5.000.000 đ" in reply.text
    assert "Kỳ tới: Thứ Năm, 17/12/2026 — gốc 416.666 đ, lãi 10.417 đ" in reply.text
    assert "quá hạn" not in reply.text


async def test_overdue_loan_says_how_much_and_how_long(bot: BotHarness):
    await linked(bot, "TV058")
    [reply] = await bot.say(USER, "no")
    assert "quá hạn <b>2.581.246 đ</b>" in reply.text
    assert "156 ngày" in reply.text and "17/06/2026" in reply.text


async def test_no_loan_gets_a_kind_sentence(bot: BotHarness):
    await linked(bot, "TV001")
    [reply] = await bot.say(USER, "khoan vay")
    assert "không có khoản vay nào" in reply.text


async def test_next_meeting_with_lunar_date_and_checkup(bot: BotHarness):
    await linked(bot, "TV002")
    [reply] = await bot.say(USER, "📅 Lịch họp")
    assert "<b>Thứ Năm, 17/12/2026</b>" in reply.text
    assert "mùng 9 tháng 11 âm lịch" in reply.text
    assert "14:00" in reply.text and EXPECTED["place"] in reply.text
    assert "15/01/2027" in reply.text and "07:30" in reply.text
    assert "buổi họp gần đây" in reply.text


async def test_attendance_counts_the_last_meetings(bot: BotHarness):
    await linked(bot, "TV002")
    row = await bot.db.fetchone(
        "SELECT sum(a.status = 'present'), count(*) FROM attendance a "
        "JOIN members m ON m.id = a.member_id JOIN meetings mt ON mt.id = a.meeting_id "
        "WHERE m.code = 'TV002' AND mt.id IN "
        "(SELECT id FROM meetings ORDER BY held_on DESC LIMIT 6)")
    [reply] = await bot.say(USER, "lich hop")
    assert f"<b>{row[0]}/{row[1]}</b>" in reply.text


async def test_grade_2_blood_pressure_says_see_the_health_station(bot: BotHarness,
                                                                  consented):
    await linked(bot, "TV060")  # last reading 162/109
    [reply] = await bot.say(USER, "sức khỏe")
    assert "<b>162/109</b>" in reply.text
    assert "cao, nên đi khám ở trạm y tế" in reply.text
    assert "59,4 kg" in reply.text
    assert "hơi cao" not in reply.text and "rất cao" not in reply.text


async def test_a_high_diastolic_alone_is_said_as_high(bot: BotHarness, consented):
    await linked(bot, "TV020")  # last reading 155/106: grade 2 by its diastolic
    [reply] = await bot.say(USER, "sức khỏe")
    assert "<b>155/106</b>" in reply.text
    assert "cao, nên đi khám ở trạm y tế" in reply.text
    assert "hơi cao" not in reply.text


async def test_very_high_blood_pressure_says_see_the_health_station(bot: BotHarness,
                                                                     consented):
    await bot.db.conn.execute(
        "INSERT INTO health_readings (member_id, taken_on, systolic, diastolic, weight_dg) "
        "SELECT id, '2026-11-19', 185, 112, 520 FROM members WHERE code = 'TV001'")
    await linked(bot, "TV001")
    [reply] = await bot.say(USER, "huyết áp")
    assert "<b>185/112</b>" in reply.text
    assert "rất cao, cần đi khám ngay" in reply.text
    assert "cao lên" in reply.text


async def test_contacts_list_the_board(bot: BotHarness):
    await linked(bot, "TV010")
    [reply] = await bot.say(USER, "☎️ Liên hệ")
    for code in ("TV001", "TV003", "TV004"):
        assert member(code)["name"] in reply.text
    assert "0971 706 690" in reply.text  # grouped as people read it


async def test_help_explains_the_buttons(bot: BotHarness):
    await linked(bot, "TV010")
    [reply] = await bot.say(USER, "❓ Hướng dẫn")
    assert "Tiết kiệm" in reply.text and "Lịch họp" in reply.text


@pytest.mark.parametrize(("typed", "expect"), [
    ("so du", "Tiết kiệm của"), ("tiết kiệm", "Tiết kiệm của"), ("TIET KIEM", "Tiết kiệm của"),
    ("no", "khoản vay"), ("vay", "khoản vay"), ("con no bao nhieu", "khoản vay"),
    ("lich hop", "Họp CLB lần tới"), ("hop", "Họp CLB lần tới"), ("Lịch họp", "Họp CLB lần tới"),
    ("huyet ap", "Huyết áp"), ("suc khoe", "Huyết áp"), ("/help", "Bấm các nút"),
    ("lien he", "Ban chủ nhiệm"),
])
async def test_typed_words_work_like_buttons(bot: BotHarness, typed: str, expect: str):
    await linked(bot, "TV012" if "Huyết" in expect else "TV002")
    [reply] = await bot.say(USER, typed)
    assert expect.lower() in reply.text.lower()


@pytest.mark.parametrize("update", [updates.sticker, updates.photo, updates.voice,
                                    updates.location], ids=lambda f: f.__name__)
async def test_other_messages_get_a_helpful_answer_and_the_menu(bot: BotHarness, update):
    await linked(bot, "TV002")
    [reply] = await bot.feed(update(USER))
    assert "nút" in reply.text
    assert "💰 Tiết kiệm" in reply.keyboard_labels


async def test_unknown_words_are_not_an_unknown_command(bot: BotHarness):
    await linked(bot, "TV002")
    [reply] = await bot.say(USER, "abc xyz")
    assert "Chưa hiểu «abc xyz»" in reply.text
    assert "💰 Tiết kiệm" in reply.keyboard_labels


async def test_stickers_from_a_stranger_lead_to_linking(bot: BotHarness):
    [reply] = await bot.feed(updates.sticker(USER))
    assert reply.asks_for_contact


async def test_a_new_entry_shows_at_once(bot: BotHarness):
    """The read cache never serves a stale balance."""
    await linked(bot, "TV002")
    [before] = await bot.say(USER, "tiết kiệm")
    assert "<b>800.000 đ</b>" in before.text
    await bot.db.conn.execute(
        "INSERT INTO cash_entries (club_id, entry_date, member_id, kind, amount, recorded_by, "
        "recorded_at) SELECT club_id, '2026-11-20', id, 'deposit', 100000, 'test', "
        "'2026-11-20T09:00:00' FROM members WHERE code = 'TV002'")
    [after] = await bot.say(USER, "tiết kiệm")
    assert "<b>900.000 đ</b>" in after.text


async def test_interest_only_loan_says_principal_comes_at_the_end(bot: BotHarness):
    await linked(bot, "TV020")  # VAY009: 10.000.000 đ, interest monthly, principal at the end
    [reply] = await bot.say(USER, "vay")
    assert "Kỳ tới: Thứ Năm, 17/12/2026 — trả lãi <b>80.000 đ</b>" in reply.text
    assert "Gốc trả vào kỳ cuối" in reply.text


async def test_meeting_screen_follows_the_boards_move_and_cancel(bot: BotHarness):
    await linked(bot, "TV002")
    await bot.db.conn.execute(
        "INSERT INTO meeting_changes (club_id, regular_on, cancelled, held_on, time, place, "
        "changed_by, changed_at) VALUES (1, '2026-12-17', 0, '2026-12-19', '08:30', "
        "'Sân đình', 'test', '2026-11-20T09:00:00')")
    [moved] = await bot.say(USER, "lich hop")
    assert "<b>Thứ Bảy, 19/12/2026</b>" in moved.text and "lúc 08:30" in moved.text
    assert "Sân đình" in moved.text and "dời" in moved.text and "17/12/2026" in moved.text
    await bot.db.conn.execute(
        "UPDATE meeting_changes SET cancelled = 1, held_on = NULL WHERE regular_on = '2026-12-17'")
    [cancelled] = await bot.say(USER, "lich hop")
    assert "Buổi họp Thứ Năm, 17/12/2026 đã hoãn" in cancelled.text
    assert "<b>Chủ Nhật, 17/01/2027</b>" in cancelled.text


async def test_an_empty_message_gets_a_sensible_answer(bot: BotHarness):
    await linked(bot, "TV010")
    [reply] = await bot.say(USER, "   ")
    assert reply.text == texts.EMPTY_MESSAGE
    assert texts.BTN_SAVINGS in reply.keyboard_labels


async def test_an_over_long_message_is_answered_not_quoted(bot: BotHarness):
    await linked(bot, "TV010")
    pasted = "tiền " * 150  # 750 characters that happen to contain a menu word
    [reply] = await bot.say(USER, pasted)
    assert reply.text == texts.TOO_LONG.format(length=len(pasted), limit=500)
    assert "Ban chủ nhiệm" not in reply.text  # the notice hint is for the board only
    await linked(bot, "TV003", user_id=USER + 1)  # the secretary
    [board] = await bot.say(USER + 1, "x" * 501)
    assert texts.TOO_LONG_BOARD in board.text
    [fine] = await bot.say(USER, "so du " + "." * 490)  # 496 characters: still read
    assert "<b>650.000 đ</b>" in fine.text


async def test_the_meeting_screen_moves_on_when_the_meeting_begins(sample_db):
    """Screens are kept while nothing is committed (handlers/screens.py), but the
    clock still counts: once the meeting has begun, the next one is shown."""
    clock = [datetime(2026, 12, 17, 7, 0)]
    harness = await BotHarness.start(sample_db, now=lambda: clock[0])
    try:
        await linked(harness, "TV002")
        [morning] = await harness.say(USER, "lich hop")
        [again] = await harness.say(USER, "📅 Lịch họp")
        assert "<b>Thứ Năm, 17/12/2026</b>" in morning.text and again.text == morning.text
        clock[0] = datetime(2026, 12, 17, 15, 0)  # the 14:00 meeting has begun
        [afternoon] = await harness.say(USER, "lich hop")
        assert "17/12/2026" not in afternoon.text.splitlines()[0]
        assert "<b>Chủ Nhật, 17/01/2027</b>" in afternoon.text
    finally:
        await harness.stop()
