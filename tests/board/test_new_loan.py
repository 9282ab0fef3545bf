"""🤝 Cho vay mới: the treasurer records a loan; the borrower sees its schedule."""

from __future__ import annotations

from tests.board.test_cashbook import choice, link
from tests.support.harness import BotHarness

TREASURER, SECRETARY, BORROWER = 7404, 7403, 7410


async def test_treasurer_records_a_loan_and_the_borrower_sees_it(bot: BotHarness):
    await link(bot, TREASURER, "TV004")
    await link(bot, BORROWER, "TV010")
    [menu] = await bot.say(TREASURER, "🗂 Ban chủ nhiệm")
    await bot.tap(TREASURER, choice([menu], "Cho vay mới"))
    await bot.say(TREASURER, "TV010")
    [term] = await bot.say(TREASURER, "3tr")
    [rate] = await bot.tap(TREASURER, choice([term], "6 tháng"))
    assert "Lãi suất" in rate.text
    [method] = await bot.say(TREASURER, "0,5")
    [confirm] = await bot.tap(TREASURER, choice([method], "Gốc lãi hằng tháng"))
    assert "<b>3.000.000 đ</b> (ba triệu đồng)" in confirm.text
    assert "Kỳ đầu: 20/12/2026 — gốc 500.000 đ, lãi 15.000 đ" in confirm.text
    [done] = await bot.tap(TREASURER, choice([confirm], "Ghi khoản vay"))
    assert "VAY025" in done.text  # the sample's loans run to VAY024

    row = await bot.db.fetchone(
        "SELECT l.amount, l.term_months, l.rate_ppm, l.method, m.code FROM loans l "
        "JOIN members m ON m.id = l.member_id WHERE l.code = 'VAY025'")
    assert tuple(row) == (3000000, 6, 5000, "declining", "TV010")
    [seen] = await bot.say(BORROWER, "vay")
    assert "VAY025" in seen.text and "<b>3.000.000 đ</b>" in seen.text
    [notice] = await bot.db.fetchall(
        "SELECT text FROM outbox WHERE account_id = ? AND kind = 'receipt'", (str(BORROWER),))
    assert "VAY025" in notice[0]

    [again] = await bot.tap(TREASURER, choice([confirm], "Ghi khoản vay"))
    assert "đã ghi rồi" in again.text or "Không có gì thay đổi" in again.text
    assert len(await bot.db.fetchall("SELECT id FROM loans WHERE code = 'VAY026'")) == 0


async def test_secretary_may_not_lend(bot: BotHarness):
    await link(bot, SECRETARY, "TV003")
    [menu] = await bot.say(SECRETARY, "🗂 Ban chủ nhiệm")
    assert not any("Cho vay" in label for label, _ in menu.choices)
    [reply] = await bot.tap(SECRETARY, "ln:open")
    assert "chủ nhiệm hoặc thủ quỹ" in reply.text
    assert (await bot.db.fetchone("SELECT count(*) FROM loans"))[0] == 24
