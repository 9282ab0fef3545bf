"""Who looked: every board member's or relative's look at another member's
health data is logged (who, whose, when — never the values); her own looks
are hers; the chair reads the club's log in chat."""

from __future__ import annotations

import sqlite3

import pytest

from club import texts
from tests.privacy.support import (
    CHAIR,
    GRANDSON,
    MEMBER,
    SECRETARY,
    choice,
    link,
    link_relative,
    member_id,
    rows,
)
from tests.support.consent import agree_on_paper
from tests.support.harness import BotHarness


async def log(bot: BotHarness) -> list[tuple]:
    return await rows(bot.db, "SELECT at, member_id, viewer_kind, viewer_member_id, viewer, what "
                              "FROM health_access_log ORDER BY id")


async def test_board_and_relative_reads_are_logged_her_own_are_not(bot: BotHarness):
    await agree_on_paper(bot.db, "TV010")
    mid = await member_id(bot.db, "TV010")
    await link(bot, MEMBER, "TV010")
    [own] = await bot.say(MEMBER, "sức khỏe")
    assert "148/108" in own.text
    assert await log(bot) == []  # her own look

    await link_relative(bot, GRANDSON, "TV010")
    [relative] = await bot.say(GRANDSON, "sức khỏe")
    assert "148/108" in relative.text
    await link(bot, SECRETARY, "TV003")
    [menu] = await bot.say(SECRETARY, "🗂 Ban chủ nhiệm")
    await bot.tap(SECRETARY, choice(menu, "Ghi huyết áp"))
    [asked] = await bot.say(SECRETARY, "TV010")
    assert "Lần đo trước: 148/108" in asked.text
    secretary = await member_id(bot.db, "TV003")
    assert await log(bot) == [
        ("2026-11-20T09:00:00", mid, "relative", None, f"telegram:{GRANDSON}", "health"),
        ("2026-11-20T09:00:00", mid, "board", secretary, f"telegram:{SECRETARY}",
         "last_reading")]
    # Who, whose, when, what screen: never the values.
    assert all("148" not in str(value) for row in await log(bot) for value in row)


async def test_without_consent_nothing_is_read_so_nothing_is_logged(bot: BotHarness):
    await link_relative(bot, GRANDSON, "TV010")
    await bot.say(GRANDSON, "sức khỏe")  # asked for her consent, shown no reading
    await link(bot, SECRETARY, "TV003")
    [menu] = await bot.say(SECRETARY, "🗂 Ban chủ nhiệm")
    await bot.tap(SECRETARY, choice(menu, "Ghi huyết áp"))
    await bot.say(SECRETARY, "TV010")
    assert await log(bot) == []


async def test_the_chair_reads_the_clubs_log(bot: BotHarness):
    await agree_on_paper(bot.db, "TV010")
    await link_relative(bot, GRANDSON, "TV010")
    await bot.say(GRANDSON, "sức khỏe")
    await link(bot, CHAIR, "TV001")
    [menu] = await bot.say(CHAIR, "🗂 Ban chủ nhiệm")
    [tool] = await bot.tap(CHAIR, choice(menu, texts.BTN_PRIVACY_BOARD))
    [shown] = await bot.tap(CHAIR, choice(tool, texts.BTN_PB_LOG))
    assert shown.text.startswith(texts.PB_LOG_HEAD)
    assert ("09:00 20/11/2026 — người nhà (qua Telegram) xem màn hình sức khỏe "
            "của Đinh Thị Loan") in shown.text
    assert "148/108" not in shown.text


async def test_no_one_but_the_chair_reads_the_log(bot: BotHarness):
    await link(bot, SECRETARY, "TV003")
    [menu] = await bot.say(SECRETARY, "🗂 Ban chủ nhiệm")
    assert texts.BTN_PRIVACY_BOARD not in [label for label, _ in menu.choices]
    await link(bot, MEMBER, "TV010")
    for user in (SECRETARY, MEMBER):
        [refused] = await bot.tap(user, "pb:open")
        assert refused.choices == [] and "Đinh Thị Loan" not in refused.text


async def test_the_access_log_is_not_edited(bot: BotHarness):
    await agree_on_paper(bot.db, "TV010")
    await link_relative(bot, GRANDSON, "TV010")
    await bot.say(GRANDSON, "sức khỏe")
    with pytest.raises(sqlite3.DatabaseError):
        await bot.db.conn.execute("UPDATE health_access_log SET viewer = 'someone else'")
