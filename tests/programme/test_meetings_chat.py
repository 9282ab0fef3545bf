"""Meetings as the programme counts them, in chat: the 8 areas and the topic
after a roll-call, the next meeting's topic for members and in reminders, and
who was examined at a check-up."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from club.programme import parse_period
from club.reminders import ReminderRules
from storage.programme.report import club_report_of
from storage.reminders import plan
from tests.board.conftest import press
from tests.board.test_cashbook import choice
from tests.support.harness import BotHarness

from .test_fund_chat import link, open_tool

MEETING_DAY = datetime(2026, 12, 17, 16, 0)   # the sample club meets on the 17th
SECRETARY, CHAIR, MEMBER = 9503, 9501, 9510


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock(MEETING_DAY)


@pytest.fixture
async def bot(programme_db, clock):
    harness = await BotHarness.start(programme_db, now=clock)
    yield harness
    await harness.stop()


async def stored_meeting(bot: BotHarness) -> tuple[str, str]:
    row = await bot.db.fetchone("SELECT activities, topic FROM meetings WHERE held_on = ?",
                                (MEETING_DAY.date().isoformat(),))
    return row[0], row[1]


async def test_saving_a_roll_call_asks_the_areas_and_the_topic(bot):
    await link(bot, SECRETARY, "TV003")
    [menu] = await bot.say(SECRETARY, "🗂 Ban chủ nhiệm")
    [sheet] = await press(bot, SECRETARY, choice([menu], "Điểm danh"))
    [sheet] = await press(bot, SECRETARY, choice([sheet], "Tất cả có mặt"))
    _, _, saved = await press(bot, SECRETARY, choice([sheet], "Lưu"))
    assert "mảng hoạt động nào" in saved.text
    labels = [label for label, _ in saved.choices]
    assert "⬜ 1 Tăng thu nhập" in labels and "⬜ 8 Vận động nguồn lực" in labels
    [ticked] = await press(bot, SECRETARY, choice([saved], "1 Tăng thu nhập"))
    [ticked] = await press(bot, SECRETARY, choice([ticked], "2 Chăm sóc sức khỏe"))
    assert "☑️ 2 Chăm sóc sức khỏe" in [label for label, _ in ticked.choices]
    assert (await stored_meeting(bot))[0] == "1, 2"
    # The first message's old button (area 1 shown unticked) changes nothing now.
    await press(bot, SECRETARY, choice([saved], "1 Tăng thu nhập"))
    assert (await stored_meeting(bot))[0] == "1, 2"
    [ask] = await press(bot, SECRETARY, choice([ticked], "Ghi nội dung"))
    assert "nói về gì" in ask.text
    done = await bot.say(SECRETARY, "Phòng chống đột quỵ")
    assert "Đã ghi nội dung" in done[0].text
    assert await stored_meeting(bot) == ("1, 2", "Phòng chống đột quỵ")
    audit = [r[0] for r in await bot.db.fetchall("SELECT action FROM audit_log")]
    assert "meeting_areas" in audit and "meeting_topic" in audit
    # The report counts the meeting and its areas.
    report = await club_report_of(bot.db.fetchall, parse_period("2027-H1"), 1)
    assert report["meetings"]["held"] == 1
    assert report["meetings"]["areas"]["1"] == 1 and report["meetings"]["areas"]["3"] == 0


async def test_the_next_meeting_topic_reaches_members_and_reminders(bot, clock):
    clock.now = datetime(2026, 11, 20, 9, 0)
    await link(bot, CHAIR, "TV001")
    await link(bot, MEMBER, "TV010")
    [ask] = await open_tool(bot, CHAIR, "Nội dung buổi tới")
    assert "17/12/2026" in ask.text
    [done] = await bot.say(CHAIR, "Dinh dưỡng cho người cao tuổi")
    assert "Đã ghi nội dung" in done.text
    [screen] = await bot.say(MEMBER, "📅 Lịch họp")
    assert "Nội dung: <b>Dinh dưỡng cho người cao tuổi</b>" in screen.text
    # The reminder two days before carries it.
    await plan(bot.db, ReminderRules(), datetime(2026, 12, 15, 13, 55),
               ahead=timedelta(minutes=10))
    texts = [r[0] for r in await bot.db.fetchall(
        "SELECT text FROM outbox WHERE event_key LIKE 'meeting:%' AND account_id = ?",
        (str(MEMBER),))]
    assert texts and all("Nội dung: Dinh dưỡng cho người cao tuổi." in t for t in texts)
    # And saving that meeting's roll-call makes it the meeting's topic.
    clock.now = MEETING_DAY
    await link(bot, SECRETARY, "TV003")
    [menu] = await bot.say(SECRETARY, "🗂 Ban chủ nhiệm")
    [sheet] = await press(bot, SECRETARY, choice([menu], "Điểm danh"))
    [sheet] = await press(bot, SECRETARY, choice([sheet], "Tất cả có mặt"))
    _, _, saved = await press(bot, SECRETARY, choice([sheet], "Lưu"))
    assert "Nội dung: Dinh dưỡng cho người cao tuổi" in saved.text
    assert (await stored_meeting(bot))[1] == "Dinh dưỡng cho người cao tuổi"


async def test_the_board_ticks_who_was_examined(bot, clock):
    clock.now = datetime(2026, 11, 20, 9, 0)
    await link(bot, SECRETARY, "TV003")
    period = parse_period("2026-H1")
    before = (await club_report_of(bot.db.fetchall, period, 1))["health"]["examined"]
    [menu] = await bot.say(SECRETARY, "🗂 Ban chủ nhiệm")
    [sheet] = await press(bot, SECRETARY, choice([menu], "Ghi người đi khám"))
    assert f"<b>{before}</b>/60" in sheet.text and "15/03/2026" in sheet.text
    not_yet = next(label for label, _ in sheet.choices if label.startswith("⬜"))
    [sheet2] = await press(bot, SECRETARY, choice([sheet], not_yet))
    assert f"<b>{before + 1}</b>/60" in sheet2.text
    # The same old button again: it showed "not examined", which is no longer so.
    await press(bot, SECRETARY, choice([sheet], not_yet))
    after = (await club_report_of(bot.db.fetchall, period, 1))["health"]["examined"]
    assert after == before + 1
    # A forged tap for a day with no check-up changes nothing.
    [stale] = await press(bot, SECRETARY, "ex:t:1:20260316:10:0")
    assert "Không có gì thay đổi" in stale.text
    assert (await club_report_of(bot.db.fetchall, period, 1))["health"]["examined"] == after
    assert date(2026, 3, 15) <= clock.now.date()
