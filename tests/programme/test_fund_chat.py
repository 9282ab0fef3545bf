"""The club fund in chat: the club's own money in 💵 Ghi sổ quỹ, reversed in ↩️ Sửa
sai, 🏦 Quỹ CLB at a glance, and 🤝 Cho vay mới within the cash on hand."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from club.money import format_vnd
from storage.cashbook import NewEntry, NotEnoughCash, record
from storage.loans import create_loan
from storage.programme.figures import fund_position_of
from tests.board.test_cashbook import choice
from tests.support.harness import BotHarness

NOW = datetime(2026, 11, 20, 9, 0)
TREASURER, CHAIR, SECRETARY = 9404, 9401, 9403


@pytest.fixture
async def bot(programme_db):
    harness = await BotHarness.start(programme_db, now=lambda: NOW)
    yield harness
    await harness.stop()


async def link(bot: BotHarness, user: int, code: str) -> int:
    row = await bot.db.fetchone("SELECT phone FROM members WHERE code = ?", (code,))
    await bot.share_own_contact(user, row[0])
    return user


async def open_tool(bot: BotHarness, user: int, label: str) -> list:
    [menu] = await bot.say(user, "🗂 Ban chủ nhiệm")
    return await bot.tap(user, choice([menu], label))


async def cash(bot: BotHarness) -> int:
    return (await fund_position_of(bot.db.fetchall, 1, NOW.date())).cash


async def test_a_grant_and_spending_are_entered_for_the_club(bot):
    await link(bot, TREASURER, "TV004")
    before = await fund_position_of(bot.db.fetchall, 1, NOW.date())
    opening = await open_tool(bot, TREASURER, "Ghi sổ quỹ")
    [source] = await bot.tap(TREASURER, choice(opening, "Nhận hỗ trợ"))
    assert "từ đâu" in source.text
    [amount] = await bot.say(TREASURER, "Hội NCT huyện")
    [confirm] = await bot.say(TREASURER, "2tr")
    assert "<b>2.000.000 đ</b> (hai triệu đồng)" in confirm.text
    assert "Nguồn: Hội NCT huyện" in confirm.text
    assert f"tiền mặt {format_vnd(before.cash + 2_000_000)}" in confirm.text
    [done] = await bot.tap(TREASURER, choice([confirm], "Ghi vào sổ"))
    assert "Đã ghi vào quỹ CLB" in done.text
    row = await bot.db.fetchone(
        "SELECT member_id, kind, amount, note, recorded_by FROM cash_entries "
        "ORDER BY id DESC LIMIT 1")
    assert tuple(row)[:4] == (None, "grant", 2_000_000, "Hội NCT huyện")
    assert row[4].startswith("telegram:")
    audit = await bot.db.fetchone("SELECT action, detail FROM audit_log ORDER BY id DESC")
    assert audit[0] == "cash_entry" and '"grant"' in audit[1]
    # A second tap on the same confirmation writes nothing.
    [again] = await bot.tap(TREASURER, choice([confirm], "Ghi vào sổ"))
    assert "đã ghi rồi" in again.text or "Không có gì thay đổi" in again.text
    assert (await fund_position_of(bot.db.fetchall, 1, NOW.date())).capital == (
        before.capital + 2_000_000)

    # Spending more than the cash box holds is refused before anything is stored.
    opening = await open_tool(bot, TREASURER, "Ghi sổ quỹ")
    await bot.tap(TREASURER, choice(opening, "Chi hoạt động"))
    await bot.say(TREASURER, "Văn nghệ")
    too_much = before.cash + 2_000_000 + 1
    [refused] = await bot.say(TREASURER, str(too_much))
    assert "không đủ để chi" in refused.text
    [confirm] = await bot.say(TREASURER, "300k")
    [done] = await bot.tap(TREASURER, choice([confirm], "Ghi vào sổ"))
    assert "Chi hoạt động 300.000 đ (Văn nghệ)" in done.text
    assert await cash(bot) == before.cash + 2_000_000 - 300_000


async def test_the_club_own_entry_is_reversed_with_a_reason(bot):
    await link(bot, TREASURER, "TV004")
    before = await cash(bot)
    opening = await open_tool(bot, TREASURER, "Sửa sai")
    [listed] = await bot.tap(TREASURER, choice(opening, "Dòng tiền của CLB"))
    [reason] = await bot.tap(TREASURER, choice([listed], "chi hoạt động 300.000 đ"))
    [confirm] = await bot.say(TREASURER, "ghi nhầm số tiền")
    assert "quỹ CLB" in confirm.text and "ghi nhầm số tiền" in confirm.text
    [done] = await bot.tap(TREASURER, choice([confirm], "Đảo lại"))
    assert "Đã đảo lại" in done.text
    reversal = await bot.db.fetchone(
        "SELECT member_id, kind, amount, reverses_id, note FROM cash_entries "
        "ORDER BY id DESC LIMIT 1")
    assert tuple(reversal)[:3] == (None, "spending", -300_000)
    assert "ghi nhầm số tiền" in reversal[4]
    assert await cash(bot) == before + 300_000


async def test_the_fund_at_a_glance_is_the_reports(bot):
    await link(bot, CHAIR, "TV001")
    [screen] = await open_tool(bot, CHAIR, "Quỹ CLB")
    fund = await fund_position_of(bot.db.fetchall, 1, NOW.date())
    assert f"Vốn quỹ: <b>{format_vnd(fund.capital)}</b>" in screen.text
    assert f"Tiền mặt trong quỹ: <b>{format_vnd(fund.cash)}</b>" in screen.text
    assert f"dư nợ gốc): {format_vnd(fund.on_loan)}" in screen.text
    assert f"đang gửi: {format_vnd(fund.savings)}" in screen.text
    assert "Từ 15/12/2025 đến nay" in screen.text  # the annual period, so far
    # The secretary keeps the books but not the fund: no such button for her.
    await link(bot, SECRETARY, "TV003")
    [menu] = await bot.say(SECRETARY, "🗂 Ban chủ nhiệm")
    assert not any("Quỹ CLB" in label for label, _ in menu.choices)


async def test_a_loan_above_the_cash_on_hand_is_refused(bot):
    await link(bot, TREASURER, "TV004")
    on_hand = await cash(bot)
    assert on_hand > 0
    await open_tool(bot, TREASURER, "Cho vay mới")
    [ask] = await bot.say(TREASURER, "TV010")
    assert f"Tiền mặt trong quỹ hiện có: <b>{format_vnd(on_hand)}</b>" in ask.text
    [refused] = await bot.say(TREASURER, str(on_hand + 1_000))
    assert "Không cho vay được" in refused.text and format_vnd(on_hand) in refused.text
    [term] = await bot.say(TREASURER, "1tr")
    assert "bao nhiêu tháng" in term.text
    loans = (await bot.db.fetchone("SELECT count(*) FROM loans"))[0]
    # And in the transaction that would record it: nothing written.
    with pytest.raises(NotEnoughCash):
        await create_loan(bot.db, club_id=1, member_id=10, amount=on_hand + 1,
                          disbursed=NOW.date(), term_months=6, rate_ppm=5000, method="bullet",
                          purpose="", actor="test", now=NOW, notice=lambda code: code)
    assert (await bot.db.fetchone("SELECT count(*) FROM loans"))[0] == loans


async def test_books_that_cannot_tell_the_cash_refuse_nothing(sample_db):
    """The basic sample has no opening balance: its cash comes out below zero, so
    it is unknown, not zero — the treasurer is told, and loans are not blocked."""
    fund = await fund_position_of(sample_db.fetchall, 1, date(2026, 11, 20))
    assert not fund.known and fund.can_pay(1_000_000)
    await record(sample_db, NewEntry(club_id=1, member_id=None, kind="spending", amount=100,
                                     entry_date=date(2026, 11, 20), note="x"),
                 actor="test", now=NOW)
