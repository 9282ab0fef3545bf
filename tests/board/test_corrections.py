"""↩️ Sửa sai: reversal with a reason, never an edit; the member is told."""

from __future__ import annotations

from tests.board.test_cashbook import cash_rows, choice, link
from tests.support.harness import BotHarness

TREASURER, MEMBER, PLAIN = 7204, 7202, 7210


async def deposit(bot: BotHarness, amount: str) -> None:
    [menu] = await bot.say(TREASURER, "🗂 Ban chủ nhiệm")
    await bot.tap(TREASURER, choice([menu], "Ghi sổ quỹ"))
    kinds = await bot.say(TREASURER, "TV002")
    await bot.tap(TREASURER, choice(kinds, "Gửi tiết kiệm"))
    [confirm] = await bot.say(TREASURER, amount)
    await bot.tap(TREASURER, choice([confirm], "Ghi vào sổ"))


async def test_reversal_keeps_both_lines_and_restores_the_balance(bot: BotHarness):
    await link(bot, TREASURER, "TV004")
    await link(bot, MEMBER, "TV002")
    await deposit(bot, "300k")
    [menu] = await bot.say(TREASURER, "🗂 Ban chủ nhiệm")
    await bot.tap(TREASURER, choice([menu], "Sửa sai"))
    [which] = await bot.say(TREASURER, "ngo thi tuyet")
    [ask_reason] = await bot.tap(TREASURER, choice([which], "gửi tiết kiệm 300.000 đ"))
    assert "Vì sao" in ask_reason.text
    [confirm] = await bot.say(TREASURER, "ghi nhầm người")
    assert "ghi nhầm người" in confirm.text
    before = await cash_rows(bot.db)
    [done] = await bot.tap(TREASURER, choice([confirm], "Đảo lại"))
    assert "Đã đảo lại" in done.text
    rows = await cash_rows(bot.db)
    assert len(rows) == len(before) + 1
    original, reversal = rows[-2], rows[-1]
    assert reversal[5] == -original[5] == -300000
    assert reversal[8] == original[0]  # reverses_id names the original
    assert "ghi nhầm người" in reversal[7]

    [seen] = await bot.say(MEMBER, "tiết kiệm")
    assert "<b>800.000 đ</b>" in seen.text and "300.000" not in seen.text
    texts = [r[0] for r in await bot.db.fetchall(
        "SELECT text FROM outbox WHERE account_id = ? ORDER BY id", (str(MEMBER),))]
    assert "không còn tính" in texts[-1]

    again = await bot.tap(TREASURER, choice([confirm], "Đảo lại"))
    assert len(await cash_rows(bot.db)) == len(rows)
    assert "Không có gì thay đổi" in again[0].text


async def test_the_cash_book_refuses_edits_and_deletes(bot: BotHarness):
    import sqlite3

    import pytest

    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        await bot.db.conn.execute("UPDATE cash_entries SET amount = 1 WHERE id = 1")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        await bot.db.conn.execute("DELETE FROM cash_entries WHERE id = 1")


async def test_plain_member_cannot_reverse(bot: BotHarness):
    await link(bot, PLAIN, "TV010")
    before = await cash_rows(bot.db)
    for forged in ("rv:open", "rv:1:ok", "rv:1:e:1"):
        [reply] = await bot.tap(PLAIN, forged)
        assert "chỉ dành cho ban chủ nhiệm" in reply.text
    assert await cash_rows(bot.db) == before
