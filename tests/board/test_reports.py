"""⚠️ Báo sai: the member reports a figure; the board gets it with the context."""

from __future__ import annotations

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
    [sent] = await bot.say(MEMBER, "⚠️ Báo sai tiết kiệm")
    assert "Đã báo ban chủ nhiệm" in sent.text

    notices = await bot.db.fetchall(
        "SELECT account_id, kind, text FROM outbox WHERE kind = 'report' ORDER BY account_id")
    assert [n[0] for n in notices] == [str(CHAIR), str(SECRETARY)]
    name = member("TV010")["name"]
    assert name in notices[0][2] and format_vnd(member("TV010")["savings"]) in notices[0][2]

    [again] = await bot.say(MEMBER, "⚠️ Báo sai tiết kiệm")
    assert "vừa báo" in again.text
    assert len(await bot.db.fetchall("SELECT id FROM error_reports")) == 1

    [menu] = await bot.say(SECRETARY, "🗂 Ban chủ nhiệm")
    [listing] = await bot.tap(SECRETARY, choice([menu], "Báo sai"))
    assert name in listing.text and "tiết kiệm" in listing.text


async def test_typed_bao_sai_asks_which_figure(bot: BotHarness):
    await link(bot, MEMBER, "TV010")
    [ask] = await bot.say(MEMBER, "bao sai")
    [sent] = await bot.tap(MEMBER, choice([ask], "Khoản vay"))
    assert "Đã báo ban chủ nhiệm" in sent.text
    [row] = await bot.db.fetchall("SELECT screen FROM error_reports")
    assert row[0] == "loans"


async def test_plain_member_cannot_read_the_reports(bot: BotHarness):
    await link(bot, MEMBER, "TV010")
    [reply] = await bot.tap(MEMBER, "rp:open")
    assert "chỉ dành cho ban chủ nhiệm" in reply.text
