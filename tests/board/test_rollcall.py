"""✅ Điểm danh over the Bot API: marking, paging, saving, correcting, two
board members at once, double taps, and forged buttons."""

from __future__ import annotations

import asyncio
import json
import logging
from datetime import datetime

from storage import Database
from tests.board.conftest import (
    CHAIR,
    MEETING_DAY,
    PLAIN,
    SECRETARY,
    Clock,
    button,
    label_of,
    member_id,
    press,
    rows,
    screen,
)
from tests.conftest import AS_OF, member
from tests.support.harness import TOKEN, BotHarness, Sent
from tests.support.offline_bot_api import OfflineBotApi

DAY = "20261217"


async def open_sheet(bot: BotHarness, user: int) -> Sent:
    [menu] = await bot.say(user, "🗂 Ban chủ nhiệm")
    [sheet] = await press(bot, user, button(menu, "Điểm danh"))
    return sheet


def names_on(sheet: Sent) -> list[str]:
    return [label for label, data in sheet.choices if ":t:" in data]


async def marks(db: Database) -> dict[str, str]:
    found = await rows(db, "SELECT m.code, r.status FROM rollcall_marks r "
                           "JOIN members m ON m.id = r.member_id WHERE r.held_on = '2026-12-17'")
    return dict(found)


async def attendance(db: Database, held_on: str = "2026-12-17") -> dict[str, str]:
    found = await rows(db, "SELECT m.code, a.status FROM attendance a "
                           "JOIN meetings mt ON mt.id = a.meeting_id "
                           "JOIN members m ON m.id = a.member_id WHERE mt.held_on = ?", (held_on,))
    return dict(found)


async def test_board_menu_offers_roll_call_and_sweep(board_bot: BotHarness,
                                                     secretary_account: int, plain_account: int):
    [menu] = await board_bot.say(SECRETARY, "🗂 Ban chủ nhiệm")
    labels = [label for label, _ in menu.choices]
    assert "✅ Điểm danh" in labels and "🧺 Thu đóng góp" in labels
    [refusal] = await board_bot.say(PLAIN, "🗂 Ban chủ nhiệm")
    assert refusal.choices == []


async def test_sheet_for_today_paged_by_ten_with_a_running_count(board_bot: BotHarness,
                                                                 secretary_account: int):
    sheet = await open_sheet(board_bot, SECRETARY)
    assert "Thứ Năm, 17/12/2026" in sheet.text
    assert "<b>0/60 có mặt</b>" in sheet.text and "60 chưa điểm" in sheet.text
    assert "Trang 1/6" in sheet.text and "Chưa lưu" in sheet.text
    names = names_on(sheet)
    assert len(names) == 10
    assert names[0] == "⬜ " + member("TV001")["name"]
    assert names[9] == "⬜ " + member("TV010")["name"]
    assert all(len(data.encode()) <= 64 for _, data in sheet.choices)
    assert [label for label, _ in sheet.choices][-3:] == ["Trang sau ▶️", "✅ Tất cả có mặt",
                                                          "💾 Lưu"]


async def test_a_tap_cycles_the_mark_and_a_double_tap_counts_once(board_bot: BotHarness,
                                                                  secretary_account: int):
    sheet = await open_sheet(board_bot, SECRETARY)
    name = member("TV005")["name"]
    first = button(sheet, name)
    assert first.startswith(f"rc:t:1:{DAY}:") and first.endswith(":n")

    after = await screen(board_bot, SECRETARY, first)
    assert "<b>1/60 có mặt</b>" in after.text
    assert label_of(after, name) == "✅ " + name
    again = await screen(board_bot, SECRETARY, first)  # the same button, tapped twice
    assert "<b>1/60 có mặt</b>" in again.text and label_of(again, name) == "✅ " + name
    assert (await marks(board_bot.db)) == {"TV005": "present"}

    absent = await screen(board_bot, SECRETARY, button(after, name))
    assert label_of(absent, name) == "❌ " + name and "<b>0/60 có mặt</b>" in absent.text
    assert "❌ 1 vắng" in absent.text
    excused = await screen(board_bot, SECRETARY, button(absent, name))
    assert label_of(excused, name) == "📝 " + name and "📝 1 có phép" in excused.text
    present = await screen(board_bot, SECRETARY, button(excused, name))
    assert label_of(present, name) == "✅ " + name
    assert (await marks(board_bot.db)) == {"TV005": "present"}


async def test_all_present_then_tapping_the_absent(board_bot: BotHarness,
                                                   secretary_account: int):
    sheet = await open_sheet(board_bot, SECRETARY)
    await screen(board_bot, SECRETARY, button(sheet, member("TV002")["name"]))
    absent = await screen(board_bot, SECRETARY, button(
        await screen(board_bot, SECRETARY, button(sheet, "Trang sau")), member("TV012")["name"]))
    absent = await screen(board_bot, SECRETARY, button(absent, member("TV012")["name"]))
    assert "❌ 1 vắng" in absent.text

    everyone = await screen(board_bot, SECRETARY, button(absent, "Tất cả có mặt"))
    assert "<b>59/60 có mặt</b>" in everyone.text and "chưa điểm" not in everyone.text
    assert "Tất cả có mặt" not in [label for label, _ in everyone.choices]
    assert "Trang 2/6" in everyone.text  # it stays on the page it was tapped on
    # Marks already taken are kept: TV012 is still absent.
    assert (await marks(board_bot.db))["TV012"] == "absent"
    assert list((await marks(board_bot.db)).values()).count("present") == 59


async def test_pages_forward_and_back(board_bot: BotHarness, secretary_account: int):
    sheet = await open_sheet(board_bot, SECRETARY)
    second = await screen(board_bot, SECRETARY, button(sheet, "Trang sau"))
    assert "Trang 2/6" in second.text
    assert names_on(second)[0] == "⬜ " + member("TV011")["name"]
    assert [label for label, _ in second.choices][-4:-2] == ["◀️ Trang trước", "Trang sau ▶️"]
    tapped = await screen(board_bot, SECRETARY, button(second, member("TV015")["name"]))
    assert "Trang 2/6" in tapped.text  # a tap redraws the page the name is on
    back = await screen(board_bot, SECRETARY, button(second, "Trang trước"))
    assert names_on(back)[0] == "⬜ " + member("TV001")["name"]
    last = await screen(board_bot, SECRETARY, f"rc:p:1:{DAY}:5")
    assert "Trang 6/6" in last.text and len(names_on(last)) == 10
    assert "Trang sau ▶️" not in [label for label, _ in last.choices]


async def test_save_writes_the_meeting_and_everyone_s_attendance(board_bot: BotHarness,
                                                                 secretary_account: int):
    sheet = await open_sheet(board_bot, SECRETARY)
    everyone = await screen(board_bot, SECRETARY, button(sheet, "Tất cả có mặt"))
    for code in ("TV002", "TV003"):  # two absent, then TV003 excused
        everyone = await screen(board_bot, SECRETARY, button(everyone, member(code)["name"]))
    everyone = await screen(board_bot, SECRETARY, button(everyone, member("TV003")["name"]))
    assert "<b>58/60 có mặt</b>" in everyone.text
    assert await rows(board_bot.db, "SELECT * FROM meetings WHERE held_on = '2026-12-17'") == []

    redrawn, told = await press(board_bot, SECRETARY, button(everyone, "Lưu"))
    assert "Đã lưu" in redrawn.text and "Chưa lưu" not in redrawn.text
    assert "Đã lưu điểm danh buổi họp 17/12/2026: <b>58/60 có mặt</b>, 1 vắng, 1 có phép." \
        in told.text
    assert "ghi là vắng" not in told.text  # everyone had been marked
    assert "🗂 Ban chủ nhiệm" in told.keyboard_labels

    [meeting] = await rows(board_bot.db, "SELECT code, time, place FROM meetings "
                                         "WHERE held_on = '2026-12-17'")
    assert meeting == ("BH20261217", "14:00", "Nhà văn hóa thôn Đông Hòa")
    saved = await attendance(board_bot.db)
    assert len(saved) == 60
    assert (saved["TV001"], saved["TV002"], saved["TV003"]) == ("present", "absent", "excused")
    [(actor, detail)] = await rows(board_bot.db, "SELECT actor, detail FROM audit_log "
                                                 "WHERE action = 'rollcall_save'")
    assert actor.startswith(f"telegram:{SECRETARY}:")
    assert json.loads(detail)["present"] == 58


async def test_members_not_marked_are_saved_as_absent_and_told(board_bot: BotHarness,
                                                               secretary_account: int):
    sheet = await open_sheet(board_bot, SECRETARY)
    sheet = await screen(board_bot, SECRETARY, button(sheet, member("TV001")["name"]))
    redrawn, told = await press(board_bot, SECRETARY, button(sheet, "Lưu"))
    assert "<b>1/60 có mặt</b>, 59 vắng, 0 có phép" in told.text
    assert "59 người chưa điểm danh đã được ghi là vắng" in told.text
    saved = await attendance(board_bot.db)
    assert saved["TV001"] == "present"
    assert list(saved.values()).count("absent") == 59
    # The redrawn sheet shows what was saved: no one is left unmarked.
    assert "chưa điểm" not in redrawn.text and "❌ 59 vắng" in redrawn.text


async def test_reopened_the_same_day_it_starts_from_the_saved_marks_and_corrects(
        board_bot: BotHarness, secretary_account: int):
    sheet = await open_sheet(board_bot, SECRETARY)
    sheet = await screen(board_bot, SECRETARY, button(sheet, "Tất cả có mặt"))
    sheet = await screen(board_bot, SECRETARY, button(sheet, member("TV004")["name"]))
    await press(board_bot, SECRETARY, button(sheet, "Lưu"))
    await board_bot.db.conn.execute("DELETE FROM rollcall_marks")  # only the saved book is left

    reopened = await open_sheet(board_bot, SECRETARY)
    assert "<b>59/60 có mặt</b>" in reopened.text and "Đã lưu" in reopened.text
    name = member("TV004")["name"]
    assert label_of(reopened, name) == "❌ " + name

    corrected = await screen(board_bot, SECRETARY, button(reopened, name))  # vắng → có phép
    assert "Chưa lưu" in corrected.text
    assert (await attendance(board_bot.db))["TV004"] == "absent"  # not until saved
    _, told = await press(board_bot, SECRETARY, button(corrected, "Lưu"))
    assert "Đã sửa 1 người so với lần lưu trước." in told.text
    assert (await attendance(board_bot.db))["TV004"] == "excused"
    assert len(await rows(board_bot.db, "SELECT * FROM meetings WHERE held_on = '2026-12-17'")) == 1
    tv004 = await member_id(board_bot.db, "TV004")
    [detail] = await rows(board_bot.db, "SELECT detail FROM audit_log WHERE member_id = ? "
                                        "AND action = 'attendance_correct'", (tv004,))
    assert json.loads(detail[0]) == {"meeting": "BH20261217", "held_on": "2026-12-17",
                                     "from": "absent", "to": "excused"}


async def test_two_board_members_marking_at_once_lose_nothing(
        board_bot: BotHarness, secretary_account: int, chair_account: int):
    first = await open_sheet(board_bot, SECRETARY)
    second = await open_sheet(board_bot, CHAIR)
    mine = [button(first, member(f"TV00{i}")["name"]) for i in range(1, 6)]
    theirs = [button(second, member(f"TV00{i}")["name"]) for i in range(6, 10)]
    await asyncio.gather(*[press(board_bot, SECRETARY, d) for d in mine],
                         *[press(board_bot, CHAIR, d) for d in theirs])
    assert await marks(board_bot.db) == {f"TV00{i}": "present" for i in range(1, 10)}
    [who] = await rows(board_bot.db, "SELECT marked_by FROM rollcall_marks r JOIN members m "
                                     "ON m.id = r.member_id WHERE m.code = 'TV009'")
    assert who[0].startswith(f"telegram:{CHAIR}:")

    # Both tap the same name, each from a sheet that shows it present: it moves one step only.
    sheet = await screen(board_bot, SECRETARY, f"rc:p:1:{DAY}:0")
    same = button(sheet, member("TV001")["name"])
    await asyncio.gather(press(board_bot, SECRETARY, same), press(board_bot, CHAIR, same))
    assert (await marks(board_bot.db))["TV001"] == "absent"

    # Each one's next redraw shows the other's marks.
    seen = await screen(board_bot, SECRETARY, f"rc:p:1:{DAY}:0")
    assert label_of(seen, member("TV009")["name"]).startswith("✅")


async def test_a_plain_member_forging_roll_call_or_sweep_buttons_changes_nothing(
        board_bot: BotHarness, secretary_account: int, plain_account: int):
    sheet = await open_sheet(board_bot, SECRETARY)
    await screen(board_bot, SECRETARY, button(sheet, member("TV002")["name"]))
    [menu] = await board_bot.say(SECRETARY, "🗂 Ban chủ nhiệm")
    [sweep] = await press(board_bot, SECRETARY, button(menu, "Thu đóng góp"))
    record = button(sweep, "Ghi đóng góp")
    tables = ("attendance", "cash_entries", "rollcall_marks", "meetings", "conversation_state",
              "outbox")
    before = {t: await rows(board_bot.db, f"SELECT * FROM {t}") for t in tables}

    tv010 = await member_id(board_bot.db, "TV010")
    forged = ["rc:open", f"rc:t:1:{DAY}:{tv010}:n", f"rc:t:1:{DAY}:{tv010}:p", f"rc:a:1:{DAY}:0",
              f"rc:s:1:{DAY}:0", f"rc:d:1:{DAY}", "sw:open", record, record.replace(":c:", ":ok:"),
              "rc:t:x", "sw:1:ok:zz"]
    for data in forged:
        [reply] = await press(board_bot, PLAIN, data)
        assert "chỉ dành cho ban chủ nhiệm" in reply.text and "Không có gì thay đổi" in reply.text
        assert reply.choices == []
    assert {t: await rows(board_bot.db, f"SELECT * FROM {t}") for t in tables} == before


async def test_a_member_of_another_club_or_a_forged_day_changes_nothing(
        board_bot: BotHarness, secretary_account: int):
    await board_bot.db.conn.execute(
        "INSERT INTO clubs (id, name, meeting_day) VALUES (2, 'CLB khác', 17)")
    await board_bot.db.conn.execute(
        "INSERT INTO members (id, club_id, code, name) VALUES (9999, 2, 'TV001', 'Người khác')")
    for data in (f"rc:t:1:{DAY}:9999:n", f"rc:t:1:{DAY}:9999:p",
                 f"rc:t:2:{DAY}:9999:n", f"rc:a:2:{DAY}:0", f"rc:s:2:{DAY}:0"):
        [reply] = await press(board_bot, SECRETARY, data)
        assert "Không có gì thay đổi" in reply.text
    tv005 = await member_id(board_bot.db, "TV005")
    for data in (f"rc:t:1:20261218:{tv005}:n", f"rc:t:1:20200117:{tv005}:n", "rc:s:1:20261117:0",
                 f"rc:t:1:2026121:{tv005}:n", f"rc:t:1:{DAY}:{tv005}:z", "rc:t:1:20261399:1:n",
                 f"rc:t:{DAY}:{tv005}:n", f"rc:t:1:{DAY}:²:n", f"rc:p:1:{DAY}:99999999999999"):
        [reply] = await press(board_bot, SECRETARY, data)
        said = reply.text.lower()
        assert "không có gì thay đổi" in said or "không thay đổi gì" in said, data
        assert reply.choices == []
    assert await rows(board_bot.db, "SELECT * FROM rollcall_marks") == []
    assert await rows(board_bot.db, "SELECT * FROM meetings WHERE club_id = 2") == []


async def test_on_another_day_it_offers_the_last_meeting_and_today(
        board_bot: BotHarness, board_clock: Clock, secretary_account: int):
    board_clock.now = AS_OF  # Friday 20/11/2026; the last meeting was on the 17th
    [menu] = await board_bot.say(SECRETARY, "🗂 Ban chủ nhiệm")
    [ask] = await press(board_bot, SECRETARY, button(menu, "Điểm danh"))
    assert [label for label, _ in ask.choices] == [
        "📅 Buổi họp Thứ Ba, 17/11/2026", "📅 Hôm nay, Thứ Sáu, 20/11/2026"]
    sheet = await screen(board_bot, SECRETARY, button(ask, "17/11/2026"))
    # The sample's saved roll-call of that meeting: 51 present, 2 absent, 7 excused.
    assert "<b>51/60 có mặt</b>" in sheet.text and "Đã lưu" in sheet.text
    assert "❌ 2 vắng · 📝 7 có phép" in sheet.text
    before = await attendance(board_bot.db, "2026-11-17")
    _, told = await press(board_bot, SECRETARY, button(sheet, "Lưu"))
    assert "51/60 có mặt" in told.text and "Đã sửa" not in told.text
    assert await attendance(board_bot.db, "2026-11-17") == before
    assert await rows(board_bot.db, "SELECT * FROM audit_log WHERE action = 'rollcall_save'") == []

    board_clock.now = datetime(2026, 11, 21, 9, 0)  # the next day, today's sheet is gone
    [reply] = await press(board_bot, SECRETARY, button(ask, "Hôm nay"))
    assert "đã cũ" in reply.text


async def test_the_same_checklist_drawn_twice_is_not_an_error(sample_db: Database, caplog):
    class RefusesIdenticalEdits(OfflineBotApi):
        """Telegram answers an edit that changes nothing with 400 "not modified"."""

        async def do_request(self, url: str, method: str, request_data=None, **kw):  # noqa: ANN001, ANN003
            if url.endswith("/editMessageText"):
                status, _ = await super().do_request(url, method, request_data, **kw)
                return 400, json.dumps({
                    "ok": False, "error_code": 400,
                    "description": "Bad Request: message is not modified: specified new "
                                   "message content and reply markup are exactly the same"}
                                      ).encode()
            return await super().do_request(url, method, request_data, **kw)

    from bot.channels.telegram import build_application
    from handlers.context import Services

    api = RefusesIdenticalEdits()
    app = build_application(TOKEN, Services.over(sample_db, now=lambda: MEETING_DAY),
                            request=api, rate_limited=False)
    await app.initialize()
    bot = BotHarness(app, api, sample_db)
    try:
        await bot.share_own_contact(SECRETARY, member("TV003")["phone"])
        sheet = await open_sheet(bot, SECRETARY)
        tap = button(sheet, member("TV005")["name"])
        with caplog.at_level(logging.ERROR):
            await press(bot, SECRETARY, tap)
            await press(bot, SECRETARY, tap)
        assert "update failed" not in caplog.text
        assert await marks(sample_db) == {"TV005": "present"}
    finally:
        await app.shutdown()


async def test_rollcall_is_offered_on_the_day_a_meeting_was_moved_to(board_clock, board_bot,
                                                                       secretary_account):
    # The 17/12 meeting is held on 19/12: that day, roll-call opens straight on it.
    await board_bot.db.conn.execute(
        "INSERT INTO meeting_changes (club_id, regular_on, cancelled, held_on, changed_by, "
        "changed_at) VALUES (1, '2026-12-17', 0, '2026-12-19', 'test', '2026-12-01T09:00:00')")
    board_clock.now = board_clock.now.replace(day=19)
    [sheet] = await board_bot.tap(secretary_account, "rc:open")
    assert "19/12/2026" in sheet.text and "có mặt" in sheet.text
