"""⚠️ Báo sai: the member reports a figure; the board gets it with the context."""

from __future__ import annotations

import asyncio

from club import texts
from club.money import format_vnd
from tests.board.test_cashbook import choice, link
from tests.conftest import member
from tests.support.harness import BotHarness

CHAIR, SECRETARY, MEMBER = 7301, 7303, 7302


async def test_report_reaches_the_board_with_what_the_member_saw(bot: BotHarness):
    await link(bot, CHAIR, "TV001")
    await link(bot, SECRETARY, "TV003")
    await link(bot, MEMBER, "TV010")
    [savings] = await bot.say(MEMBER, "💰 Tiết kiệm")
    assert "⚠️ Báo sai tiết kiệm" in savings.keyboard_labels
    assert "💰 Tiết kiệm" in savings.keyboard_labels  # the menu stays in place

    # The button asks first: nothing reaches the board yet.
    [ask] = await bot.say(MEMBER, "⚠️ Báo sai tiết kiệm")
    assert "Chỗ nào có vẻ sai?" in ask.text
    assert await reports_sent(bot) == []
    [confirm] = await bot.say(MEMBER, "thiếu lần gửi tháng 10")
    assert "«thiếu lần gửi tháng 10»" in confirm.text and "Gửi đi?" in confirm.text
    assert await reports_sent(bot) == []
    [sent] = await bot.tap(MEMBER, choice([confirm], "Gửi báo sai"))
    assert "Đã báo ban chủ nhiệm" in sent.text

    notices = await reports_sent(bot)
    assert [n[0] for n in notices] == [str(CHAIR), str(SECRETARY)]
    name = member("TV010")["name"]
    assert name in notices[0][2] and format_vnd(member("TV010")["savings"]) in notices[0][2]
    assert "thiếu lần gửi tháng 10" in notices[0][2]

    # A second tap on the same button sends nothing more.
    [again] = await bot.tap(MEMBER, choice([confirm], "Gửi báo sai"))
    assert "Không có gì thay đổi" in again.text
    assert len(await bot.db.fetchall("SELECT id FROM error_reports")) == 1

    [menu] = await bot.say(SECRETARY, "🗂 Ban chủ nhiệm")
    [listing] = await bot.tap(SECRETARY, choice([menu], "Báo sai"))
    assert name in listing.text and "tiết kiệm" in listing.text
    assert "thiếu lần gửi tháng 10" in listing.text


async def reports_sent(bot: BotHarness) -> list[tuple]:
    return [tuple(r) for r in await bot.db.fetchall(
        "SELECT account_id, kind, text FROM outbox WHERE kind = 'report' ORDER BY account_id")]


async def test_a_report_can_skip_the_note_or_be_called_off(bot: BotHarness):
    await link(bot, SECRETARY, "TV003")
    await link(bot, MEMBER, "TV010")
    await bot.say(MEMBER, "💰 Tiết kiệm")
    [ask] = await bot.say(MEMBER, "⚠️ Báo sai tiết kiệm")
    [cancelled] = await bot.tap(MEMBER, choice([ask], "Thôi"))
    assert "không báo gì" in cancelled.text
    assert await reports_sent(bot) == []

    [ask] = await bot.say(MEMBER, "⚠️ Báo sai tiết kiệm")
    [confirm] = await bot.say(MEMBER, "bo qua")  # typed, without diacritics
    assert "Không có ghi chú" in confirm.text
    [sent] = await bot.tap(MEMBER, choice([confirm], "Gửi báo sai"))
    assert "Đã báo ban chủ nhiệm" in sent.text
    assert len(await reports_sent(bot)) == 1


async def test_a_note_too_long_is_asked_again(bot: BotHarness):
    await link(bot, MEMBER, "TV010")
    await bot.say(MEMBER, "⚠️ Báo sai tiết kiệm")
    [ask] = await bot.say(MEMBER, "x" * 250)
    assert "quá 200 chữ" in ask.text
    [confirm] = await bot.tap(MEMBER, choice([ask], "Bỏ qua"))
    assert "Gửi đi?" in confirm.text


async def test_no_report_button_under_a_screen_without_a_figure(bot: BotHarness):
    await link(bot, MEMBER, "TV010")  # no loan
    [loans] = await bot.say(MEMBER, "📄 Khoản vay")
    assert not any("Báo sai" in label for label in loans.keyboard_labels)
    [which] = await bot.say(MEMBER, "bao sai")
    assert [label for label, _ in which.choices] == ["💰 Tiết kiệm"]
    [none] = await bot.say(MEMBER, "⚠️ Báo sai khoản vay")
    assert "Chưa có số khoản vay" in none.text


async def test_typed_bao_sai_asks_which_figure(bot: BotHarness):
    await link(bot, MEMBER, "TV005")  # an open loan
    [ask] = await bot.say(MEMBER, "bao sai")
    [note] = await bot.tap(MEMBER, choice([ask], "Khoản vay"))
    [confirm] = await bot.tap(MEMBER, choice([note], "Bỏ qua"))
    [sent] = await bot.tap(MEMBER, choice([confirm], "Gửi báo sai"))
    assert "Đã báo ban chủ nhiệm" in sent.text
    [row] = await bot.db.fetchall("SELECT screen FROM error_reports")
    assert row[0] == "loans"


async def test_plain_member_cannot_read_the_reports(bot: BotHarness):
    await link(bot, MEMBER, "TV010")
    [reply] = await bot.tap(MEMBER, "rp:open")
    assert "chỉ dành cho ban chủ nhiệm" in reply.text


async def test_two_taps_at_once_on_send_report_once(bot: BotHarness):
    await link(bot, SECRETARY, "TV003")
    await link(bot, MEMBER, "TV010")
    await bot.say(MEMBER, "⚠️ Báo sai tiết kiệm")
    [confirm] = await bot.say(MEMBER, "bỏ qua")
    data = choice([confirm], "Gửi báo sai")
    answers = await asyncio.gather(bot.tap(MEMBER, data), bot.tap(MEMBER, data))
    # (Both feeds see every message sent meanwhile: the harness counts calls.)
    said = {reply.text for replies in answers for reply in replies}
    assert said == {texts.REPORT_SENT, texts.REPORT_ALREADY}
    assert len(await bot.db.fetchall("SELECT id FROM error_reports")) == 1
    assert len(await reports_sent(bot)) == 1
