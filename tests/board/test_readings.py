"""🩺 Ghi huyết áp: plausible readings are stored and shown; implausible ones refused."""

from __future__ import annotations

from tests.board.test_cashbook import choice, link
from tests.support.harness import BotHarness

SECRETARY, MEMBER, PLAIN = 7103, 7102, 7110


async def readings(bot: BotHarness) -> list[tuple]:
    return [tuple(r) for r in await bot.db.fetchall(
        "SELECT member_id, taken_on, systolic, diastolic, weight_dg FROM health_readings "
        "ORDER BY id")]


async def open_tool(bot: BotHarness, user: int) -> None:
    [menu] = await bot.say(user, "🗂 Ban chủ nhiệm")
    await bot.tap(user, choice([menu], "Ghi huyết áp"))


async def test_reading_is_stored_and_the_member_sees_it(bot: BotHarness, consented):
    await link(bot, SECRETARY, "TV003")
    await link(bot, MEMBER, "TV002")
    await open_tool(bot, SECRETARY)
    [ask] = await bot.say(SECRETARY, "TV002")
    assert "Ngô Thị Tuyết" in ask.text
    [saved] = await bot.say(SECRETARY, "135/85 52,5")
    assert "<b>135/85</b>" in saved.text and "52,5 kg" in saved.text
    [seen] = await bot.say(MEMBER, "sức khỏe")
    assert "<b>135/85</b>" in seen.text and "20/11/2026" in seen.text and "52,5 kg" in seen.text


async def test_very_high_reading_is_flagged_to_the_board(bot: BotHarness, consented):
    await link(bot, SECRETARY, "TV003")
    await open_tool(bot, SECRETARY)
    await bot.say(SECRETARY, "TV002")
    [saved] = await bot.say(SECRETARY, "182/112")
    assert "cần khuyên thành viên đi khám ngay" in saved.text


async def test_a_high_diastolic_is_flagged_to_the_board_as_grade_2(bot: BotHarness, consented):
    await link(bot, SECRETARY, "TV003")
    await open_tool(bot, SECRETARY)
    await bot.say(SECRETARY, "TV002")
    [saved] = await bot.say(SECRETARY, "155/106")
    assert "nên khuyên thành viên đi khám ở trạm y tế" in saved.text


async def test_implausible_values_are_refused_with_the_reason(bot: BotHarness, consented):
    await link(bot, SECRETARY, "TV003")
    await open_tool(bot, SECRETARY)
    await bot.say(SECRETARY, "TV002")
    before = await readings(bot)
    for typed, reason in [("300/20", "số trên"), ("140/20", "số dưới"), ("85/135", "nhỏ hơn"),
                          ("135/85 5", "cân nặng"), ("cao lắm", "Chưa đọc được")]:
        [refusal] = await bot.say(SECRETARY, typed)
        assert reason in refusal.text, typed
    assert await readings(bot) == before


async def test_plain_member_cannot_record_readings(bot: BotHarness):
    await link(bot, PLAIN, "TV010")
    before = await readings(bot)
    [reply] = await bot.tap(PLAIN, "hr:open")
    assert "chỉ dành cho ban chủ nhiệm" in reply.text
    assert await readings(bot) == before
