"""Correction and deletion on request: the member asks, the chair is told and
confirms; health, contact and chat accounts go, the books stay and balance,
she can no longer be reached; the request and its dates are kept. The same
from the command line."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest

from club import texts
from club.reminders import ReminderRules
from storage import Database, link_codes
from storage.importer import import_workbook
from storage.reminders import plan
from tests.conftest import AS_OF, SAMPLE, member
from tests.privacy.support import (
    CHAIR,
    GRANDSON,
    SECRETARY,
    choice,
    link,
    link_relative,
    member_id,
    rows,
)
from tests.support.consent import agree_on_paper
from tests.support.harness import BotHarness
from tests.test_cli import make_config, run

NGA = 7107
CODE = "TV007"  # Đỗ Thị Minh Nga: savings, a loan, readings, her own phone


async def books(db: Database) -> tuple:
    """The club's cash book as the treasurer checks it: lines, total, per kind."""
    return tuple(tuple(r) for r in await db.fetchall(
        "SELECT kind, count(*), sum(amount) FROM cash_entries GROUP BY kind ORDER BY kind"))


async def her(bot: BotHarness, sql: str) -> list[tuple]:
    return await rows(bot.db, sql, (await member_id(bot.db, CODE),))


async def reached(bot: BotHarness, mid: int) -> list[tuple]:
    """Every outbox row that could reach her or is about her."""
    return await rows(bot.db, "SELECT dedup_key FROM outbox WHERE member_id = ? OR account_id "
                              "IN (?, ?)", (mid, str(NGA), str(GRANDSON)))


async def set_up(bot: BotHarness) -> int:
    mid = await member_id(bot.db, CODE)
    await agree_on_paper(bot.db, CODE)
    await link(bot, NGA, CODE)
    await link_relative(bot, GRANDSON, CODE)
    await link(bot, CHAIR, "TV001")
    await link(bot, SECRETARY, "TV003")
    [menu] = await bot.say(SECRETARY, "🗂 Ban chủ nhiệm")  # a reading in chat: audited
    await bot.tap(SECRETARY, choice(menu, "Ghi huyết áp"))
    await bot.say(SECRETARY, CODE)
    await bot.say(SECRETARY, "131/83 64")
    await plan(bot.db, ReminderRules(), AS_OF, ahead=timedelta(days=40))
    assert await reached(bot, mid)  # reminders for her and her grandson, before
    return mid


async def ask_deletion(bot: BotHarness) -> None:
    [summary] = await bot.say(NGA, "dữ liệu của tôi")
    [explained] = await bot.tap(NGA, choice(summary, texts.BTN_DELETE))
    assert "vẫn giữ sổ quỹ và khoản vay" in explained.text
    [sent] = await bot.tap(NGA, choice(explained, "Gửi yêu cầu xóa"))
    assert "Đã gửi yêu cầu xóa dữ liệu (ngày 20/11/2026)" in sent.text


async def test_she_asks_the_chair_confirms_and_her_data_is_gone(bot: BotHarness):
    mid = await set_up(bot)
    cash_before = await books(bot.db)
    her_cash = await her(bot, "SELECT * FROM cash_entries WHERE member_id = ? ORDER BY id")
    her_loans = await her(bot, "SELECT * FROM loans WHERE member_id = ?")
    assert her_cash and her_loans
    await ask_deletion(bot)
    [(requested_at, met_at)] = await her(
        bot, "SELECT requested_at, met_at FROM privacy_requests WHERE member_id = ?")
    assert requested_at == "2026-11-20T09:00:00" and met_at is None
    chair_told = await rows(bot.db, "SELECT text FROM outbox WHERE dedup_key LIKE 'privacy:%'")
    assert [t for (t,) in chair_told] == [texts.PRIVACY_NOTICE_DELETE.format(
        name="Đỗ Thị Minh Nga", code=CODE, when="09:00 20/11/2026")]

    [menu] = await bot.say(CHAIR, "🗂 Ban chủ nhiệm")
    [tool] = await bot.tap(CHAIR, choice(menu, texts.BTN_PRIVACY_BOARD))
    [waiting] = await bot.tap(CHAIR, choice(tool, "Yêu cầu đang chờ (1)"))
    assert "Đỗ Thị Minh Nga (TV007): xóa dữ liệu" in waiting.text
    [confirm] = await bot.tap(CHAIR, choice(waiting, "Xóa: Đỗ Thị Minh Nga"))
    readings = len(await her(bot, "SELECT 1 FROM health_readings WHERE member_id = ?"))
    assert f"Sẽ xóa: {readings} lần đo sức khỏe, số điện thoại, 2 kết nối" in confirm.text
    assert f"sổ quỹ ({len(her_cash)} dòng), khoản vay (1)" in confirm.text
    go = choice(confirm, texts.BTN_PB_FORGET_YES)
    [done] = await bot.tap(CHAIR, go)
    assert "Đã xóa dữ liệu của Đỗ Thị Minh Nga (TV007)" in done.text
    [twice] = await bot.tap(CHAIR, go)
    assert "Đã xóa" not in twice.text

    # Gone: health, contact, chat accounts and links, what the bot held for her.
    assert await her(bot, "SELECT * FROM health_readings WHERE member_id = ?") == []
    assert await her(bot, "SELECT phone FROM members WHERE id = ?") == [(None,)]
    assert await her(bot, "SELECT * FROM chat_links WHERE member_id = ?") == []
    assert await rows(bot.db, "SELECT * FROM chat_accounts WHERE account_id IN (?, ?)",
                      (str(NGA), str(GRANDSON))) == []
    assert await reached(bot, mid) == []
    assert await her(bot, "SELECT * FROM link_codes WHERE member_id = ?") == []
    details = await her(bot, "SELECT detail FROM audit_log WHERE member_id = ? "
                             "AND action = 'health_reading'")
    assert details and all("131/83" not in d for (d,) in details)
    # Kept: the books, balanced and whole; the request with both dates; the mark.
    assert await books(bot.db) == cash_before
    assert await her(bot, "SELECT * FROM cash_entries WHERE member_id = ? ORDER BY id") \
        == her_cash
    assert await her(bot, "SELECT * FROM loans WHERE member_id = ?") == her_loans
    assert await her(bot, "SELECT left_on FROM members WHERE id = ?") == [("2026-11-20",)]
    assert await her(bot, "SELECT requested_at, met_at FROM privacy_requests "
                          "WHERE member_id = ?") == [(requested_at, "2026-11-20T09:00:00")]
    assert (await her(bot, "SELECT decision, how FROM health_consents WHERE member_id = ? "
                           "ORDER BY id DESC LIMIT 1")) == [("withdraw", "forget")]


async def test_afterwards_she_cannot_be_reached_or_brought_back(bot: BotHarness):
    mid = await set_up(bot)
    await ask_deletion(bot)
    [menu] = await bot.say(CHAIR, "🗂 Ban chủ nhiệm")
    [tool] = await bot.tap(CHAIR, choice(menu, texts.BTN_PRIVACY_BOARD))
    [waiting] = await bot.tap(CHAIR, choice(tool, "Yêu cầu đang chờ"))
    [confirm] = await bot.tap(CHAIR, choice(waiting, "Xóa:"))
    await bot.tap(CHAIR, choice(confirm, texts.BTN_PB_FORGET_YES))

    for user in (NGA, GRANDSON):  # their next turn: nothing of hers
        [reply] = await bot.say(user, "tiet kiem")
        assert reply.asks_for_contact and "Tiết kiệm của" not in reply.text
    await plan(bot.db, ReminderRules(), AS_OF, ahead=timedelta(days=40))
    assert await reached(bot, mid) == []
    # Her phone links nobody; the old paper book brings back neither phone nor readings.
    [refused] = await bot.share_own_contact(NGA, member(CODE)["phone"])
    assert "chưa có trong danh sách" in refused.text
    await import_workbook(bot.db, SAMPLE, actor="test", now=AS_OF)
    assert await her(bot, "SELECT phone FROM members WHERE id = ?") == [(None,)]
    assert await her(bot, "SELECT * FROM health_readings WHERE member_id = ?") == []
    with pytest.raises(sqlite3.IntegrityError):  # and no code can be made for her
        await link_codes.issue(bot.db, club_id=1, member_id=mid, proxy=False, actor="t",
                               now=AS_OF)
    # The board cannot record a reading for her, and is told why.
    [menu] = await bot.say(SECRETARY, "🗂 Ban chủ nhiệm")
    await bot.tap(SECRETARY, choice(menu, "Ghi huyết áp"))
    [told] = await bot.say(SECRETARY, CODE)
    assert "đã được xóa theo yêu cầu" in told.text and told.choices == []


async def test_the_chair_deletes_on_her_behalf(bot: BotHarness):
    await set_up(bot)
    [menu] = await bot.say(CHAIR, "🗂 Ban chủ nhiệm")
    [tool] = await bot.tap(CHAIR, choice(menu, texts.BTN_PRIVACY_BOARD))
    [who] = await bot.tap(CHAIR, choice(tool, texts.BTN_PB_FORGET))
    assert "Xóa dữ liệu của ai" in who.text
    [several] = await bot.say(CHAIR, "minh nga")
    [confirm] = await bot.tap(CHAIR, choice(several, "Đỗ Thị Minh Nga (TV007)"))
    [done] = await bot.tap(CHAIR, choice(confirm, texts.BTN_PB_FORGET_YES))
    assert "Đã xóa dữ liệu của Đỗ Thị Minh Nga" in done.text
    [(by, asked, met)] = await her(bot, "SELECT requested_by, requested_at, met_at "
                                        "FROM privacy_requests WHERE member_id = ?")
    assert by.startswith(f"telegram:{CHAIR}:") and asked == met == "2026-11-20T09:00:00"
    assert await her(bot, "SELECT * FROM chat_links WHERE member_id = ?") == []


async def test_only_the_chair_may_delete_and_only_she_may_ask(bot: BotHarness):
    await set_up(bot)
    [refused] = await bot.tap(SECRETARY, "pb:open")
    assert "chủ nhiệm" in refused.text.lower() and refused.choices == []
    [summary] = await bot.say(GRANDSON, "du lieu")  # her relative: no such buttons
    assert texts.BTN_DELETE not in [label for label, _ in summary.choices]
    [forged] = await bot.tap(GRANDSON, f"pv:deleteok:{await member_id(bot.db, CODE)}")
    assert "Chỉ chính Đỗ Thị Minh Nga" in forged.text
    assert await her(bot, "SELECT * FROM privacy_requests WHERE member_id = ?") == []


async def test_a_correction_is_asked_met_and_she_is_told(bot: BotHarness):
    await set_up(bot)
    [summary] = await bot.say(NGA, "du lieu cua toi")
    [asked] = await bot.tap(NGA, choice(summary, texts.BTN_CORRECT))
    assert "Thông tin nào của Đỗ Thị Minh Nga bị sai" in asked.text
    [sent] = await bot.say(NGA, "năm sinh đúng là 1950")
    assert "Đã gửi ban chủ nhiệm CLB yêu cầu sửa thông tin" in sent.text
    [(told,)] = await rows(bot.db, "SELECT text FROM outbox WHERE dedup_key LIKE 'privacy:%'")
    assert "«năm sinh đúng là 1950»" in told
    [after] = await bot.say(NGA, "tiet kiem")  # the question is over: words mean words again
    assert "Tiết kiệm của" in after.text

    [menu] = await bot.say(CHAIR, "🗂 Ban chủ nhiệm")
    [tool] = await bot.tap(CHAIR, choice(menu, texts.BTN_PRIVACY_BOARD))
    [waiting] = await bot.tap(CHAIR, choice(tool, "Yêu cầu đang chờ (1)"))
    assert "sửa thông tin «năm sinh đúng là 1950»" in waiting.text
    [fixed] = await bot.tap(CHAIR, choice(waiting, "Đã sửa: Đỗ Thị Minh Nga"))
    assert "đã sửa" in fixed.text
    assert (await her(bot, "SELECT met_at FROM privacy_requests WHERE member_id = ?")) == [
        ("2026-11-20T09:00:00",)]
    notices = await rows(bot.db, "SELECT account_id FROM outbox "
                                 "WHERE dedup_key LIKE 'privacy-met:%' ORDER BY account_id")
    assert notices == [(str(NGA),), (str(GRANDSON),)]


async def test_requests_cannot_be_deleted_or_rewritten(bot: BotHarness):
    await set_up(bot)
    await ask_deletion(bot)
    for sql in ("DELETE FROM privacy_requests", "UPDATE privacy_requests SET requested_at = 'x'"):
        with pytest.raises(sqlite3.DatabaseError):
            await bot.db.conn.execute(sql)


def test_forget_from_the_command_line(tmp_path: Path):
    config = make_config(tmp_path)
    assert run(config, "import", str(SAMPLE)).returncode == 0
    with sqlite3.connect(tmp_path / "club.db") as conn:
        before = conn.execute("SELECT count(*), sum(amount) FROM cash_entries").fetchone()
    done = run(config, "forget", "tv007")
    assert done.returncode == 0, done.stderr
    assert "Đã xóa dữ liệu của Đỗ Thị Minh Nga (TV007)" in done.stdout
    assert "Vẫn giữ:" in done.stdout and "1 khoản vay" in done.stdout
    with sqlite3.connect(tmp_path / "club.db") as conn:
        assert conn.execute("SELECT count(*), sum(amount) FROM cash_entries").fetchone() == before
        assert conn.execute("SELECT phone, left_on FROM members WHERE code = 'TV007'"
                            ).fetchone()[0] is None
        assert conn.execute("SELECT count(*) FROM health_readings h JOIN members m "
                            "ON m.id = h.member_id WHERE m.code = 'TV007'").fetchone() == (0,)
        assert conn.execute("SELECT requested_by, met_at IS NOT NULL FROM privacy_requests"
                            ).fetchall() == [("cli", 1)]
    again = run(config, "forget", "TV007")
    assert again.returncode == 0 and "không còn gì để xóa" in again.stdout
    missing = run(config, "forget", "TV999")
    assert missing.returncode == 1 and "TV999" in missing.stderr
