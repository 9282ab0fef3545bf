"""A relative's access is the member's choice: she sees which relatives are
linked and ends a link herself; the relative's next turn sees nothing."""

from __future__ import annotations

from club import texts
from tests.privacy.support import GRANDSON, MEMBER, choice, link, link_relative, member_id, rows
from tests.support.harness import BotHarness

DAUGHTER = 8111


async def proxy_links(bot: BotHarness, code: str) -> list[tuple]:
    return await rows(bot.db, "SELECT channel, account_id FROM chat_links "
                              "WHERE member_id = ? AND proxy = 1 ORDER BY account_id",
                      (await member_id(bot.db, code),))


async def test_the_member_sees_her_relatives_and_ends_one(bot: BotHarness):
    await link(bot, MEMBER, "TV010")
    await link_relative(bot, GRANDSON, "TV010")
    await link_relative(bot, DAUGHTER, "TV010")
    [before] = await bot.say(GRANDSON, "tiet kiem")
    assert "Đinh Thị Loan" in before.text and "650.000 đ" in before.text

    [help_screen] = await bot.say(MEMBER, "❓ Hướng dẫn")
    [listed] = await bot.tap(MEMBER, choice(help_screen, texts.BTN_RELATIVES))
    assert "Người nhà đang xem sổ của Đinh Thị Loan" in listed.text
    assert "1. Qua Telegram, kết nối ngày 20/11/2026" in listed.text and "2. Qua" in listed.text
    assert str(GRANDSON) not in listed.text  # account ids stay on the server
    [confirm] = await bot.tap(MEMBER, choice(listed, "người nhà 1"))
    assert "Thôi cho người nhà 1" in confirm.text
    [ended] = await bot.tap(MEMBER, choice(confirm, "Có, thôi cho xem"))
    assert "không còn xem được sổ của Đinh Thị Loan" in ended.text

    assert await proxy_links(bot, "TV010") == [("telegram", str(DAUGHTER))]
    [after] = await bot.say(GRANDSON, "tiet kiem")  # the relative's next turn: nothing
    assert "650.000 đ" not in after.text and after.asks_for_contact
    [still] = await bot.say(DAUGHTER, "tiet kiem")
    assert "650.000 đ" in still.text
    [(action,)] = await rows(bot.db, "SELECT action FROM audit_log WHERE action = "
                                     "'relative_link_end'")
    assert action == "relative_link_end"


async def test_an_ended_relative_gets_nothing_more(bot: BotHarness):
    await link(bot, MEMBER, "TV010")
    await link_relative(bot, GRANDSON, "TV010")
    mid = await member_id(bot.db, "TV010")
    await bot.db.conn.execute(
        "INSERT INTO outbox (dedup_key, channel, account_id, member_id, kind, text, due_at, "
        "created_at) VALUES ('k', 'telegram', ?, ?, 'reminder', 'nhắc', '2026-11-21T08:00:00', "
        "'2026-11-20T09:00:00')", (str(GRANDSON), mid))
    [listed] = await bot.say(MEMBER, "nguoi nha")
    [confirm] = await bot.tap(MEMBER, choice(listed, "người nhà 1"))
    await bot.tap(MEMBER, choice(confirm, "Có, thôi cho xem"))
    assert await rows(bot.db, "SELECT state FROM outbox WHERE dedup_key = 'k'") == [
        ("cancelled",)]


async def test_a_relative_cannot_see_or_end_the_others(bot: BotHarness):
    await link(bot, MEMBER, "TV010")
    await link_relative(bot, GRANDSON, "TV010")
    await link_relative(bot, DAUGHTER, "TV010")
    [reply] = await bot.say(GRANDSON, "người nhà")
    assert "Chỉ chính Đinh Thị Loan" in reply.text and reply.choices == []
    [listed] = await bot.say(MEMBER, "nguoi nha")
    forged = choice(listed, "người nhà 2").replace("pv:end:", "pv:endok:")
    [refused] = await bot.tap(GRANDSON, forged)  # a relative sends the member's button data
    assert "cũ" in refused.text
    assert len(await proxy_links(bot, "TV010")) == 2


async def test_no_relatives_says_how_to_add_one(bot: BotHarness):
    await link(bot, MEMBER, "TV010")
    [reply] = await bot.say(MEMBER, "nguoi nha")
    assert "Chưa có người nhà nào" in reply.text
