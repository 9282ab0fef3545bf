"""The board's tools over the Bot API: a notice with its preview, count and
delivery report; moving and cancelling one meeting; adding a check-up; and
members pausing reminders. Plain members forging the buttons change nothing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest

from bot.dispatcher import Dispatcher, Pace
from club import texts
from club.reminders import ReminderRules
from handlers.notices import report_finished
from storage import Database
from storage.reminders import plan
from tests.conftest import member
from tests.reminders.support import CHANNEL, ScriptedSender, VirtualClock, outbox_rows
from tests.support.harness import BotHarness, Sent

CHAIR, SECRETARY, PLAIN, COUPLE, GRANDSON = 8001, 8003, 8005, 8011, 8105
AHEAD = timedelta(minutes=10)


@dataclass
class Clock:
    now: datetime = datetime(2026, 12, 10, 9, 0)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
async def bot(sample_db: Database, clock: Clock):
    harness = await BotHarness.start(sample_db, now=clock)
    services = harness.app.bot_data["services"]
    woken: list[str] = []
    services.outbox_ready = lambda: woken.append("wake")

    async def replan(club_id: int) -> object:
        woken.append(f"replan {club_id}")
        return await plan(sample_db, ReminderRules(), clock(), ahead=AHEAD, club_id=club_id)

    services.replan_club = replan
    harness.woken = woken
    for user, code in ((CHAIR, "TV001"), (SECRETARY, "TV003"), (PLAIN, "TV005"),
                       (COUPLE, "TV011")):
        await harness.share_own_contact(user, member(code)["phone"])
    yield harness
    await harness.stop()


def choice(sent: list[Sent], label: str) -> str:
    for reply in sent:
        for shown, data in reply.choices:
            if shown == label:
                return data
    raise AssertionError(f"no button {label!r} in {[r.choices for r in sent]}")


async def redrawn(bot: BotHarness, user: int, data: str) -> list[Sent]:
    """Tap an inline button; the messages it redrew in place (editMessageText)."""
    before = len(bot.api.calls)
    assert await bot.tap(user, data) == []  # nothing sent anew
    return [Sent(c.params.get("text", ""), c.params.get("reply_markup"))
            for c in bot.api.calls[before:] if c.method == "editMessageText"]


async def count(db: Database, table: str) -> int:
    row = await db.fetchone(f"SELECT count(*) FROM {table}")
    return row[0]


# ---------------------------------------------------------------- notices


async def test_the_board_menu_offers_the_new_tools(bot: BotHarness):
    (menu,) = await bot.say(CHAIR, "🗂 Ban chủ nhiệm")
    labels = [label for label, _ in menu.choices]
    for tool in (texts.BTN_NOTICE, texts.BTN_MEETING_CHANGE, texts.BTN_ADD_CHECKUP):
        assert tool in labels


async def test_a_notice_is_previewed_counted_sent_once_and_reported(bot: BotHarness):
    db = bot.db
    (asked,) = await bot.tap(CHAIR, "nt:open")
    assert asked.text == texts.NOTICE_ASK
    (preview,) = await bot.say(CHAIR, "Họp bất thường <tối nay> lúc 19h, mang theo sổ.")
    # 4 accounts linked (the couple's phone once) for 5 of the 60 members.
    assert "Sẽ gửi đến <b>4</b> tài khoản của 5/60 thành viên đã kết nối." in preview.text
    assert "55 thành viên chưa kết nối" in preview.text
    assert "&lt;tối nay&gt;" in preview.text
    assert f"— {member('TV001')['name']}, Chủ nhiệm" in preview.text
    send = choice([preview], texts.BTN_SEND)
    (done,) = await bot.tap(CHAIR, send)
    assert done.text == texts.NOTICE_QUEUED.format(count=4)
    assert bot.woken == ["wake"]
    (again,) = await bot.tap(CHAIR, send)         # a second tap on "send"
    assert again.text == texts.FLOW_STALE
    rows = await outbox_rows(db, kind="notice")
    assert sorted(r["account_id"] for r in rows) == sorted(
        str(u) for u in (CHAIR, SECRETARY, PLAIN, COUPLE))
    assert all(r["event_key"] == rows[0]["event_key"] for r in rows)
    assert await db.fetchone("SELECT 1 FROM audit_log WHERE action = 'notice'")

    # The fan-out: one account has blocked the bot.
    vclock = VirtualClock(datetime(2026, 12, 10, 9, 1))
    sender = ScriptedSender(vclock, script={str(PLAIN): ["blocked"]})
    dispatcher = Dispatcher(db, {CHANNEL: sender}, Pace(), now=vclock.now,
                            clock=vclock.monotonic, sleep=vclock.sleep)
    await dispatcher.drain()
    assert await report_finished(db, vclock.now()) == 1
    assert await report_finished(db, vclock.now()) == 0       # once
    (report,) = await outbox_rows(db, kind="report")
    assert report["account_id"] == str(CHAIR)
    assert "✅ Đã gửi: <b>3</b> tài khoản" in report["text"]
    assert "📵 Chưa kết nối: 55 thành viên" in report["text"]
    assert "🚫 Đã chặn tin của trợ lý: 1 tài khoản" in report["text"]
    await dispatcher.drain()
    assert sender.received()[str(CHAIR)] == 2          # the notice, then the report


async def test_a_notice_written_at_night_waits_for_the_morning(bot: BotHarness, clock: Clock):
    clock.now = datetime(2026, 12, 10, 22, 15)
    await bot.tap(CHAIR, "nt:open")
    (preview,) = await bot.say(CHAIR, "Mai họp sớm.")
    assert "tin sẽ gửi lúc 06:00" in preview.text
    await bot.tap(CHAIR, choice([preview], texts.BTN_SEND))
    rows = await outbox_rows(bot.db, kind="notice")
    assert {r["due_at"] for r in rows} == {"2026-12-11T06:00:00"}


@pytest.mark.parametrize("forged", ["nt:open", "nt:1:ok", "mt:open", "mt:1:ok",
                                    "mt:0:tell:2026-12-17", "ck:open", "ck:1:ok"])
async def test_a_plain_member_forging_board_buttons_changes_nothing(bot: BotHarness, forged):
    (answer,) = await bot.tap(PLAIN, forged)
    assert answer.text == texts.BOARD_REFUSED
    for table in ("outbox", "meeting_changes", "notices"):
        assert await count(bot.db, table) == 0


async def test_a_plain_member_cannot_confirm_the_chairs_notice(bot: BotHarness):
    await bot.tap(CHAIR, "nt:open")
    (preview,) = await bot.say(CHAIR, "Thông báo")
    (answer,) = await bot.tap(PLAIN, choice([preview], texts.BTN_SEND))
    assert answer.text == texts.BOARD_REFUSED
    assert await count(bot.db, "notices") == 0


# ---------------------------------------------------------------- meetings


async def open_meeting(bot: BotHarness, user: int, label_start: str) -> list[Sent]:
    listing = await bot.tap(user, "mt:open")
    data = next(d for label, d in listing[0].choices if label.startswith(label_start))
    return await bot.tap(user, data)


async def test_the_board_moves_a_meeting_in_chat(bot: BotHarness, clock: Clock):
    clock.now = datetime(2026, 12, 15, 13, 55)     # two days before the 17th at 14:00
    await plan(bot.db, ReminderRules(), clock.now, ahead=AHEAD)
    old = [r for r in await outbox_rows(bot.db, state="pending")
           if r["event_key"].startswith("meeting:")]
    assert len(old) == 4
    listing = await bot.tap(SECRETARY, "mt:open")
    assert [label for label, _ in listing[0].choices][:3] == [
        "Thứ Năm, 17/12/2026 14:00", "Chủ Nhật, 17/01/2027 14:00", "Thứ Tư, 17/02/2027 14:00"]
    (what,) = await open_meeting(bot, SECRETARY, "Thứ Năm, 17/12/2026")
    assert what.text.startswith("Buổi họp Thứ Năm, 17/12/2026 (mùng 9 tháng 11 âm lịch)")
    (ask,) = await bot.tap(SECRETARY, choice([what], texts.BTN_MEETING_MOVE))
    assert "Gõ ngày và giờ họp mới" in ask.text
    (unclear,) = await bot.say(SECRETARY, "thu bay tuan sau")
    assert "Chưa đọc được" in unclear.text
    (past,) = await bot.say(SECRETARY, "14/12/2026 9h")
    assert past.text == texts.MEETING_IN_PAST
    (confirm,) = await bot.say(SECRETARY, "19/12 8h30")
    assert confirm.text.startswith(
        "Dời buổi họp Thứ Năm, 17/12/2026 sang <b>Thứ Bảy, 19/12/2026</b>, lúc 08:30?")
    agree = choice([confirm], texts.BTN_AGREE)
    (moved,) = await bot.tap(SECRETARY, agree)
    assert moved.text.startswith("✅ Đã dời buổi họp sang <b>Thứ Bảy, 19/12/2026</b>, lúc 08:30")
    assert "replan 1" in bot.woken
    (again,) = await bot.tap(SECRETARY, agree)
    assert again.text == texts.FLOW_STALE
    assert await count(bot.db, "meeting_changes") == 1
    assert {r["state"] for r in await outbox_rows(bot.db) if r["id"] in
            {o["id"] for o in old}} == {"cancelled"}
    audit = await bot.db.fetchone("SELECT actor FROM audit_log WHERE action = 'meeting_move'")
    assert audit[0] == f"{CHANNEL}:{SECRETARY}:{await _id(bot, 'TV003')}"

    # Offered straight away: a notice to the whole club, ready written.
    (preview,) = await bot.tap(SECRETARY, choice([moved], texts.BTN_TELL_CLUB))
    assert ("Buổi họp Thứ Năm, 17/12/2026 dời sang Thứ Bảy, 19/12/2026, lúc 08:30."
            in preview.text)
    # Members asking see nothing stale either: the listing shows the new date.
    listing = await bot.tap(SECRETARY, "mt:open")
    assert listing[0].choices[0][0] == "Thứ Bảy, 19/12/2026 08:30 (đã dời)"


async def _id(bot: BotHarness, code: str) -> int:
    row = await bot.db.fetchone("SELECT id FROM members WHERE code = ?", (code,))
    return row[0]


async def test_the_board_cancels_one_meeting_and_can_put_it_back(bot: BotHarness, clock: Clock):
    clock.now = datetime(2026, 12, 15, 13, 55)
    await plan(bot.db, ReminderRules(), clock.now, ahead=AHEAD)
    (what,) = await open_meeting(bot, CHAIR, "Thứ Năm, 17/12/2026")
    (confirm,) = await bot.tap(CHAIR, choice([what], texts.BTN_MEETING_CANCEL))
    assert confirm.text.startswith("Hủy buổi họp Thứ Năm, 17/12/2026?")
    (done,) = await bot.tap(CHAIR, choice([confirm], texts.BTN_AGREE))
    assert done.text.startswith("✅ Đã hủy buổi họp Thứ Năm, 17/12/2026.")
    assert not [r for r in await outbox_rows(bot.db, state="pending")
                if r["event_key"].startswith("meeting:")]
    (what,) = await open_meeting(bot, CHAIR, "Thứ Năm, 17/12/2026")
    assert texts.MEETING_LABEL_CANCELLED in what.text
    (confirm,) = await bot.tap(CHAIR, choice([what], texts.BTN_MEETING_RESTORE))
    (done,) = await bot.tap(CHAIR, choice([confirm], texts.BTN_AGREE))
    assert done.text.startswith("✅ Buổi họp về lại lịch thường lệ: <b>Thứ Năm, 17/12/2026</b>")
    assert len([r for r in await outbox_rows(bot.db, state="pending")
                if r["event_key"].startswith("meeting:")]) == 4


async def test_a_forged_meeting_date_changes_nothing(bot: BotHarness):
    listing = await bot.tap(CHAIR, "mt:open")
    data = listing[0].choices[0][1]
    forged = data.rsplit(":", 1)[0] + ":2026-12-18"     # not a date the club's rule gives
    (answer,) = await bot.tap(CHAIR, forged)
    assert answer.text == texts.FLOW_STALE


# ---------------------------------------------------------------- check-ups


async def test_the_board_adds_a_checkup_and_members_are_reminded(bot: BotHarness, clock: Clock):
    (ask,) = await bot.tap(CHAIR, "ck:open")
    assert "Gõ ngày và giờ khám" in ask.text
    (what,) = await bot.say(CHAIR, "12/12/2026 7:30")
    (place,) = await bot.tap(CHAIR, choice([what], texts.BTN_CHECKUP_WHAT))
    (confirm,) = await bot.say(CHAIR, "Trạm y tế xã Tân Lập")
    assert "🩺 Khám sức khỏe định kỳ: <b>Thứ Bảy, 12/12/2026</b>, lúc 07:30" in confirm.text
    assert "Sẽ nhắc 4 tài khoản trước 3 ngày và 1 ngày." in confirm.text
    agree = choice([confirm], texts.BTN_AGREE)
    (done,) = await bot.tap(CHAIR, agree)
    assert done.text == texts.CHECKUP_ADDED.format(before="3 ngày và 1 ngày")
    assert (await bot.tap(CHAIR, agree))[0].text == texts.FLOW_STALE
    row = await bot.db.fetchone(
        "SELECT time, what, place FROM checkups WHERE held_on = '2026-12-12'")
    assert tuple(row) == ("07:30", "Khám sức khỏe định kỳ", "Trạm y tế xã Tân Lập")
    # Two days before: the "3 days" reminder was missed when it was added; it goes now.
    rows = [r for r in await outbox_rows(bot.db) if r["event_key"].startswith("checkup:")]
    assert len(rows) == 4 and "@2026-12-12T07:30:3d:" in rows[0]["dedup_key"]
    assert rows[0]["text"].startswith("🩺 Khám sức khỏe định kỳ: <b>Thứ Bảy, 12/12/2026</b>")


# ---------------------------------------------------------------- pause and resume


async def test_members_pause_and_resume_reminders_from_the_help_answer(bot: BotHarness):
    (help_answer,) = await bot.say(PLAIN, "❓ Hướng dẫn")
    # The state as it is, and one button that changes it; the member's privacy
    # choices follow it, and stay when it is redrawn.
    privacy = [texts.BTN_MY_DATA, texts.BTN_RELATIVES, texts.BTN_WITHDRAW_CONSENT]
    assert help_answer.text.endswith(texts.REMINDERS_STATE_ON)
    assert [label for label, _ in help_answer.choices] == [texts.BTN_PAUSE_REMINDERS, *privacy]
    (paused,) = await redrawn(bot, PLAIN, choice([help_answer], texts.BTN_PAUSE_REMINDERS))
    assert paused.text.endswith(texts.REMINDERS_STATE_OFF)
    assert paused.text.startswith(texts.HELP[:20])
    assert texts.HELP_PRIVACY in paused.text
    assert [label for label, _ in paused.choices] == [texts.BTN_RESUME_REMINDERS, *privacy]
    assert await bot.db.fetchone(
        "SELECT 1 FROM reminder_pauses WHERE account_id = ?", (str(PLAIN),))
    (shown,) = await bot.say(PLAIN, "huong dan")
    assert shown.text.endswith(texts.REMINDERS_STATE_OFF)
    (back_on,) = await redrawn(bot, PLAIN, choice([paused], texts.BTN_RESUME_REMINDERS))
    assert back_on.text.endswith(texts.REMINDERS_STATE_ON)
    assert await count(bot.db, "reminder_pauses") == 0
    (paused,) = await bot.say(PLAIN, "tat nhac")
    assert paused.text == texts.REMINDERS_PAUSED
    (resumed,) = await bot.say(PLAIN, "bat nhac nho")
    assert resumed.text == texts.REMINDERS_RESUMED
    assert await count(bot.db, "reminder_pauses") == 0
    (paused,) = await bot.say(PLAIN, "tắt nhắc nhở")
    assert paused.text == texts.REMINDERS_PAUSED


async def test_someone_not_linked_gets_no_pause_buttons(bot: BotHarness):
    (help_answer,) = await bot.say(9999, "huong dan")
    assert help_answer.choices == []
    (answer,) = await bot.tap(9999, "rm:pause")
    assert answer.asks_for_contact
    assert await count(bot.db, "reminder_pauses") == 0
