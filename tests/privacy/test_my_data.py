"""📄 Dữ liệu cá nhân: every row the database holds about the member, and
nothing about anyone else, in chat briefly and in full as a workbook; who
looked at her health data in the last twelve months."""

from __future__ import annotations

import io
import re
from datetime import date, datetime

import openpyxl

from club import texts
from storage.reports import create_report
from tests.conftest import AS_OF, EXPECTED
from tests.privacy.support import GRANDSON, SECRETARY, choice, link, link_relative, member_id, rows
from tests.support.consent import agree_on_paper
from tests.support.harness import BotHarness

NGA = 7107  # TV007 Đỗ Thị Minh Nga: savings, a loan, readings, a phone of her own
CODE = "TV007"


async def richly_used(bot: BotHarness) -> int:
    """Everything that can be held about her: consent, links, a relative, a board
    reading and its look, a relative's look, a report, a code, a receipt."""
    mid = await member_id(bot.db, CODE)
    await agree_on_paper(bot.db, CODE)
    await link(bot, NGA, CODE)
    await link_relative(bot, GRANDSON, CODE)
    await bot.say(GRANDSON, "sức khỏe")  # a relative's look
    await link(bot, SECRETARY, "TV003")
    [menu] = await bot.say(SECRETARY, "🗂 Ban chủ nhiệm")
    await bot.tap(SECRETARY, choice(menu, "Ghi huyết áp"))
    await bot.say(SECRETARY, CODE)  # the board sees her previous reading
    await bot.say(SECRETARY, "128/82 64,5")
    await create_report(bot.db, club_id=1, member_id=mid, reported_by=f"telegram:{NGA}",
                        screen="savings", context="Tiết kiệm: 1 đ", notice="n", now=AS_OF)
    return mid


async def the_file(bot: BotHarness, user: int) -> openpyxl.Workbook:
    [help_screen] = await bot.say(user, "❓ Hướng dẫn")
    [summary] = await bot.tap(user, choice(help_screen, texts.BTN_MY_DATA))
    before = len(bot.api.calls)
    [sent] = await bot.tap(user, choice(summary, texts.BTN_MY_DATA_FILE))
    assert "gửi kèm tin này" in sent.text
    [document] = [c for c in bot.api.calls[before:] if c.method == "sendDocument"]
    filename, content = document.params["document"]
    assert filename == f"du-lieu-{CODE}-20261120.xlsx"
    return openpyxl.load_workbook(io.BytesIO(content))


def sheet(book: openpyxl.Workbook, key: str) -> list[tuple]:
    return list(book[texts.MD_SHEETS[key][0]].iter_rows(min_row=2, values_only=True))


def day(value: object) -> str:
    assert isinstance(value, datetime | date), value
    return value.strftime("%Y-%m-%d")


async def test_the_file_holds_every_row_about_her(bot: BotHarness):
    mid = await richly_used(bot)
    book = await the_file(bot, NGA)

    async def db(sql: str) -> list[tuple]:
        return await rows(bot.db, sql, (mid,))

    cash = await db("SELECT entry_date, amount FROM cash_entries WHERE member_id = ?")
    assert sorted((day(r[0]), r[2]) for r in sheet(book, "cash")) == sorted(cash)
    loans = await db("SELECT code, amount FROM loans WHERE member_id = ?")
    assert loans and sorted((r[0], r[2]) for r in sheet(book, "loans")) == sorted(loans)
    attendance = await db("SELECT m.held_on FROM attendance a JOIN meetings m "
                          "ON m.id = a.meeting_id WHERE a.member_id = ?")
    assert sorted(day(r[0]) for r in sheet(book, "attendance")) == sorted(
        d for (d,) in attendance)
    health = await db("SELECT taken_on, systolic || '/' || diastolic FROM health_readings "
                      "WHERE member_id = ?")
    assert ("2026-11-20", "128/82") in health
    assert sorted((day(r[0]), r[1]) for r in sheet(book, "health")) == sorted(health)
    for key, table in [("consents", "health_consents"), ("views", "health_access_log"),
                       ("reports", "error_reports"), ("messages", "outbox"),
                       ("codes", "link_codes"), ("accounts", "chat_links"),
                       ("requests", "privacy_requests"), ("log", "audit_log")]:
        [(count,)] = await db(f"SELECT count(*) FROM {table} WHERE member_id = ?")
        assert len(sheet(book, key)) == count, key
    assert len(sheet(book, "views")) == 2  # the relative's look and the board's
    person = dict(sheet(book, "person"))
    assert person["Điện thoại"] == EXPECTED["members"][6]["phone"]
    assert person["Họ và tên"] == "Đỗ Thị Minh Nga"


async def test_the_file_holds_nothing_about_anyone_else(bot: BotHarness):
    mid = await richly_used(bot)
    book = await the_file(bot, NGA)
    cells = [str(v) for ws in book for row in ws.iter_rows(values_only=True)
             for v in row if v is not None]
    text = "\n".join(cells)
    # People her own rows name: who looked at her readings, who witnessed her consent.
    named = {r[0] for r in await rows(
        bot.db, "SELECT v.name FROM health_access_log a JOIN members v "
                "ON v.id = a.viewer_member_id WHERE a.member_id = ? UNION "
                "SELECT witness FROM health_consents WHERE member_id = ?", (mid, mid))}
    assert named == {"Đỗ Thị Liên"}
    others = await rows(bot.db, "SELECT code, name, phone FROM members WHERE id != ?", (mid,))
    assert len(others) == len(EXPECTED["members"]) - 1
    for code, name, phone in others:
        assert not re.search(rf"\b{code}\b", text), code
        assert phone is None or phone not in text, code
        assert name in named or name not in text, name
    # Account ids stay on the server, hers and her relative's alike.
    assert str(NGA) not in text and str(GRANDSON) not in text


async def test_the_summary_says_who_looked_in_the_last_twelve_months(bot: BotHarness):
    await richly_used(bot)
    [summary] = await bot.say(NGA, "dữ liệu của tôi")
    assert "Đỗ Thị Minh Nga" in summary.text and "TV007" in summary.text
    assert "Ai đã xem số đo sức khỏe trong 12 tháng qua" in summary.text
    assert "Đỗ Thị Liên (ban chủ nhiệm)" in summary.text
    assert "người nhà (qua Telegram)" in summary.text
    assert "128/82" not in summary.text  # the values stay in the health screen and the file
    # A look older than twelve months is not listed.
    await bot.db.conn.execute(
        "INSERT INTO health_access_log (at, club_id, member_id, viewer_kind, viewer, what) "
        "SELECT '2025-10-01T10:00:00', 1, id, 'relative', 'zalo:1', 'health' FROM members "
        "WHERE code = ?", (CODE,))
    [again] = await bot.say(NGA, "dữ liệu của tôi")
    assert "qua Zalo" not in again.text and "Đỗ Thị Liên (ban chủ nhiệm)" in again.text


async def test_a_relative_gets_the_file_and_the_look_is_logged(bot: BotHarness):
    mid = await member_id(bot.db, CODE)
    await agree_on_paper(bot.db, CODE)
    await link_relative(bot, GRANDSON, CODE)
    book = await the_file(bot, GRANDSON)
    assert sheet(book, "health")
    logged = await rows(bot.db, "SELECT viewer_kind, viewer, what FROM health_access_log "
                                "WHERE member_id = ?", (mid,))
    assert ("relative", f"telegram:{GRANDSON}", "my_data") in logged


async def test_without_consent_the_file_counts_readings_but_shows_none(bot: BotHarness):
    await link(bot, NGA, CODE)
    book = await the_file(bot, NGA)
    assert sheet(book, "health") == []
    [summary] = await bot.say(NGA, "du lieu")
    assert "lần đo cất kín, không hiện vì chưa đồng ý" in summary.text


async def test_a_forged_file_button_for_someone_else_gives_nothing(bot: BotHarness):
    await link(bot, NGA, CODE)
    other = await member_id(bot.db, "TV010")
    before = len(bot.api.calls)
    [reply] = await bot.tap(NGA, f"pv:file:{other}")
    assert "cũ" in reply.text
    assert not [c for c in bot.api.calls[before:] if c.method == "sendDocument"]


def test_the_web_page_receives_the_file_to_save():
    from bot.channels.web import reply_json
    from handlers.conversation import XLSX, Attachment, Reply

    answer = reply_json(Reply("📥", attachment=Attachment("du-lieu.xlsx", b"PK\x03\x04")))
    assert answer["file"] == {"name": "du-lieu.xlsx", "mime": XLSX,
                              "data": "UEsDBA=="}
    assert "file" not in reply_json(Reply("no file"))


async def test_the_file_holds_the_home_visits_to_her(bot: BotHarness):
    """What a volunteer wrote about her is hers to see, the visit set aside as
    a mistake included (marked)."""
    mid = await member_id(bot.db, CODE)
    async with bot.db.transaction() as conn:
        for day_, status, note in (("2026-11-02", "ok", "Bà khỏe, ăn ngủ tốt"),
                                   ("2026-11-16", "needs_help", "Cần người đưa đi khám mắt")):
            await conn.execute(
                "INSERT INTO home_visits (club_id, visited_on, member_id, volunteer_id, status, "
                "note, recorded_by, recorded_at) SELECT m.club_id, ?, m.id, w.id, ?, ?, 'test', ? "
                "FROM members m JOIN members w ON w.code = 'TV005' WHERE m.id = ?",
                (day_, status, note, AS_OF.isoformat(), mid))
        await conn.execute(
            "INSERT INTO home_visit_reversals (visit_id, club_id, reason, reversed_by, "
            "reversed_at) SELECT id, club_id, 'ghi nhầm', 'test', ? FROM home_visits "
            "WHERE note LIKE 'Bà khỏe%'",
            (AS_OF.isoformat(),))
    await link(bot, NGA, CODE)
    book = await the_file(bot, NGA)
    visits = sheet(book, "visits")
    volunteer = next(m["name"] for m in EXPECTED["members"] if m["code"] == "TV005")
    assert [(day(r[0]), r[1], r[2], r[3], r[4]) for r in visits] == [
        ("2026-11-02", texts.CARE_STATUS["ok"], volunteer, "Bà khỏe, ăn ngủ tốt", texts.MD_YES),
        ("2026-11-16", texts.CARE_STATUS["needs_help"], volunteer, "Cần người đưa đi khám mắt",
         None)]
