"""The pure rules: durations, quiet hours, occurrences of a meeting with the
board's changes, which reminders are due, and dates as the board types them."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest

from club.calendar import MeetingRule, format_lunar
from club.reminders import (
    CheckupFacts,
    ClubFacts,
    MeetingChange,
    QuietHours,
    ReminderRules,
    Window,
    checkup_dues,
    format_duration,
    meeting_dues,
    occurrences,
    parse_duration,
    parse_quiet_hours,
    parse_when,
    rollcall_dues,
    say_durations,
    send_times,
)

NIGHT = QuietHours(time(21), time(6))
RULES = ReminderRules()


@pytest.mark.parametrize(("text", "delta"), [
    ("2d", timedelta(days=2)), ("2h", timedelta(hours=2)), ("30m", timedelta(minutes=30)),
    ("1d12h", timedelta(days=1, hours=12)), (" 2 H ", timedelta(hours=2)),
])
def test_durations_are_read(text, delta):
    assert parse_duration(text) == delta


@pytest.mark.parametrize("text", ["", "2", "2w", "0m", "-2h", "h2", "2 days"])
def test_bad_durations_are_refused(text):
    with pytest.raises(ValueError):
        parse_duration(text)


def test_durations_have_one_label_and_are_said_in_vietnamese():
    assert format_duration(timedelta(days=1, hours=12)) == "1d12h"
    assert format_duration(parse_duration("120m")) == "2h"
    assert say_durations([timedelta(days=1), timedelta(days=3)]) == "3 ngày và 1 ngày"
    assert say_durations([timedelta(hours=2)]) == "2 giờ"


# ---------------------------------------------------------------- quiet hours

def test_quiet_hours_wrap_midnight():
    assert NIGHT.contains(datetime(2026, 12, 1, 21, 0))
    assert NIGHT.contains(datetime(2026, 12, 1, 3, 0))
    assert not NIGHT.contains(datetime(2026, 12, 1, 6, 0))
    assert not NIGHT.contains(datetime(2026, 12, 1, 20, 59))
    assert parse_quiet_hours("21:00-06:00") == NIGHT
    assert parse_quiet_hours("") is None
    with pytest.raises(ValueError):
        parse_quiet_hours("9pm-6am")


def test_a_reminder_at_night_goes_at_the_end_of_it_if_still_before_the_event():
    event = datetime(2026, 12, 17, 8, 0)
    # "12h before" is 20:00 the evening before: not quiet, unchanged.
    assert NIGHT.before_event(event - timedelta(hours=12), event) == datetime(2026, 12, 16, 20)
    # "1d" before a 23:30 event is 23:30 the day before: quiet; the night ends in time.
    late = datetime(2026, 12, 17, 23, 30)
    assert NIGHT.before_event(late - timedelta(days=1), late) == datetime(2026, 12, 17, 6, 0)
    # 3h before 08:00 is 05:00: quiet; 06:00 is still before 08:00.
    assert NIGHT.before_event(event - timedelta(hours=3), event) == datetime(2026, 12, 17, 6)


def test_otherwise_at_the_start_of_it():
    early = datetime(2026, 12, 17, 5, 30)   # a 05:30 check-up
    # 2h before is 03:30; the night ends at 06:00, after the check-up: go at 21:00.
    assert NIGHT.before_event(early - timedelta(hours=2), early) == datetime(2026, 12, 16, 21)
    late = datetime(2026, 12, 17, 23, 0)
    assert NIGHT.before_event(late - timedelta(hours=1), late) == datetime(2026, 12, 17, 21)


def test_quiet_hours_within_one_day_and_after_an_event():
    lunch = QuietHours(time(12), time(13, 30))
    assert lunch.before_event(datetime(2026, 1, 1, 12, 15), datetime(2026, 1, 1, 15)) == \
        datetime(2026, 1, 1, 13, 30)
    assert NIGHT.after_event(datetime(2026, 1, 1, 22, 0)) == datetime(2026, 1, 2, 6, 0)


def test_two_reminders_pushed_to_the_same_moment_are_sent_once():
    event = datetime(2026, 12, 17, 6, 30)
    times = send_times(event, (timedelta(hours=2), timedelta(hours=1)), RULES)
    assert times == [("1h", datetime(2026, 12, 17, 6, 0))]


# ---------------------------------------------------------------- occurrences

SOLAR_31 = MeetingRule(day=31, lunar=False, time=time(14), place="Nhà văn hóa")
LUNAR_15 = MeetingRule(day=15, lunar=True, time=time(8), place="Đình làng")
LUNAR_30 = MeetingRule(day=30, lunar=True, time=time(8), place="Đình làng")


def test_solar_meetings_across_the_year_end_and_short_months():
    found = [o.on for o in occurrences(SOLAR_31, {}, date(2026, 11, 1), date(2027, 3, 1))]
    assert found == [date(2026, 11, 30), date(2026, 12, 31), date(2027, 1, 31),
                     date(2027, 2, 28)]


def test_lunar_meetings_include_the_leap_month():
    found = occurrences(LUNAR_15, {}, date(2025, 6, 1), date(2025, 9, 30))
    assert [format_lunar(o.on) for o in found] == [
        "15 tháng 5 âm lịch", "15 tháng 6 âm lịch", "15 tháng 6 nhuận âm lịch",
        "15 tháng 7 âm lịch"]


def test_lunar_meetings_across_tet_and_in_29_day_months():
    found = [o.on for o in occurrences(LUNAR_30, {}, date(2025, 12, 1), date(2026, 3, 1))]
    # The 12th month of Ất Tỵ has 29 days: its "30th" is Tết's eve, 16/02/2026.
    assert found == [date(2025, 12, 19), date(2026, 1, 18), date(2026, 2, 16)]
    assert format_lunar(date(2026, 2, 17)) == "mùng 1 tháng Giêng âm lịch"


def test_a_moved_meeting_keeps_its_identity_and_a_cancelled_one_disappears():
    changes = {
        date(2026, 11, 30): MeetingChange(date(2026, 11, 30), on=date(2026, 12, 2),
                                          at=time(9)),
        date(2026, 12, 31): MeetingChange(date(2026, 12, 31), cancelled=True),
        # Moved across the year end, into January.
        date(2027, 1, 31): MeetingChange(date(2027, 1, 31), on=date(2027, 2, 3)),
    }
    found = occurrences(SOLAR_31, changes, date(2026, 11, 1), date(2027, 2, 10))
    assert [(o.regular_on, o.on, o.at, o.moved) for o in found] == [
        (date(2026, 11, 30), date(2026, 12, 2), time(9), True),
        (date(2027, 1, 31), date(2027, 2, 3), time(14), True)]
    with_cancelled = occurrences(SOLAR_31, changes, date(2026, 12, 1), date(2026, 12, 31),
                                 include_cancelled=True)
    assert [(o.on, o.cancelled) for o in with_cancelled] == [
        (date(2026, 12, 2), False), (date(2026, 12, 31), True)]
    # A meeting moved out of the window is not in it, one moved into it is.
    assert [o.on for o in occurrences(SOLAR_31, changes, date(2027, 2, 1),
                                      date(2027, 2, 28))] == [date(2027, 2, 3),
                                                              date(2027, 2, 28)]


# ---------------------------------------------------------------- which reminders are due

CLUB = ClubFacts(1, "CLB", MeetingRule(day=17, lunar=False, time=time(14), place="Nhà văn hóa"))


def keys(dues):
    return [(d.stem, d.label, d.send_at) for d in dues]


def test_a_meeting_reminder_is_written_shortly_before_it_is_due():
    ahead = timedelta(minutes=10)
    at = datetime(2026, 12, 15, 13, 55)
    dues = meeting_dues(CLUB, RULES, Window(at, at + ahead))
    assert keys(dues) == [("meeting:1:2026-12-17@2026-12-17T14:00", "2d",
                           datetime(2026, 12, 15, 14, 0))]
    assert dues[0].expires_at == datetime(2026, 12, 17, 14)
    assert dues[0].text.startswith("📅 Nhắc họp CLB: <b>Thứ Năm, 17/12/2026</b>")
    assert "lúc <b>14:00</b>" in dues[0].text and "\nĐịa điểm: Nhà văn hóa." in dues[0].text
    # Too early: nothing yet.
    assert meeting_dues(CLUB, RULES, Window(at - ahead, at)) == []


def test_the_day_before_says_tomorrow_and_the_day_itself_says_today():
    at = datetime(2026, 12, 17, 12, 0)
    (due,) = meeting_dues(CLUB, RULES, Window(at, at + timedelta(minutes=10)))
    assert due.label == "2h" and "hôm nay, <b>Thứ Năm" in due.text
    rules = ReminderRules(meeting_before=(timedelta(days=1),))
    at = datetime(2026, 12, 16, 14, 0)
    (due,) = meeting_dues(CLUB, rules, Window(at, at + timedelta(minutes=10)))
    assert "ngày mai, <b>Thứ Năm" in due.text


def test_missed_reminders_are_caught_up_once_with_the_latest():
    # The bot was down from before the 2-day reminder until after the 2-hour one.
    at = datetime(2026, 12, 17, 12, 30)
    assert [d.label for d in meeting_dues(CLUB, RULES, Window(at, at))] == ["2h"]
    # After the meeting has begun, nothing.
    assert meeting_dues(CLUB, RULES, Window(datetime(2026, 12, 17, 14, 0),
                                            datetime(2026, 12, 17, 14, 10))) == []


def test_a_run_after_another_wants_only_what_fell_due_since():
    ten = timedelta(minutes=10)
    before = datetime(2026, 12, 15, 13, 49)
    assert meeting_dues(CLUB, RULES, Window(before, before + ten)) == []
    at = before + timedelta(minutes=1)
    (due,) = meeting_dues(CLUB, RULES, Window(at, at + ten, since=before + ten))
    assert due.send_at == datetime(2026, 12, 15, 14, 0)
    later = at + timedelta(minutes=1)
    assert meeting_dues(CLUB, RULES, Window(later, later + ten, since=at + ten)) == []
    # A full run at the same moment still wants it (and writing it again is harmless).
    assert len(meeting_dues(CLUB, RULES, Window(later, later + ten))) == 1


def test_a_moved_meeting_has_new_keys_and_says_it_was_moved():
    moved = ClubFacts(1, "CLB", CLUB.rule, {date(2026, 12, 17): MeetingChange(
        date(2026, 12, 17), on=date(2026, 12, 19), at=time(8, 30))})
    at = datetime(2026, 12, 17, 12, 30)
    dues = meeting_dues(moved, RULES, Window(at, at + timedelta(minutes=10)))
    # 2 days before 19/12 08:30 has passed: it goes now, once, naming the new date.
    assert keys(dues) == [("meeting:1:2026-12-17@2026-12-19T08:30", "2d",
                           datetime(2026, 12, 17, 8, 30))]
    assert dues[0].event_key == "meeting:1:2026-12-17"
    assert "đã dời sang <b>Thứ Bảy, 19/12/2026</b>" in dues[0].text
    assert "lúc <b>08:30</b>" in dues[0].text


def test_quiet_hours_decide_when_a_checkup_reminder_goes():
    checkup = CheckupFacts(7, 1, date(2026, 12, 20), time(5, 30), "Khám mắt", "Trạm y tế xã")
    rules = ReminderRules(checkup_before=(timedelta(hours=2),))
    at = datetime(2026, 12, 19, 20, 55)
    (due,) = checkup_dues(checkup, rules, Window(at, at + timedelta(minutes=10)))
    assert due.send_at == datetime(2026, 12, 19, 21, 0)  # the start of the night, not 03:30
    assert due.text.startswith("🩺 Khám mắt: ngày mai, <b>Chủ Nhật, 20/12/2026</b>")


def test_rollcall_reminders_come_after_the_meeting_and_wait_for_morning():
    rules = ReminderRules(rollcall_after=(timedelta(hours=8),))
    # 14:00 + 8h = 22:00: quiet, so at 06:00 the next day.
    def window(at: datetime) -> Window:
        return Window(at, at + timedelta(minutes=10))

    assert rollcall_dues(CLUB, rules, window(datetime(2026, 12, 17, 23, 0))) == []
    (due,) = rollcall_dues(CLUB, rules, window(datetime(2026, 12, 18, 6, 0)))
    assert (due.send_at, due.event_on) == (datetime(2026, 12, 18, 6), date(2026, 12, 17))
    assert due.expires_at == datetime(2026, 12, 19, 6)
    assert rollcall_dues(CLUB, rules, window(datetime(2026, 12, 19, 6, 0))) == []


# ---------------------------------------------------------------- typed dates

@pytest.mark.parametrize(("typed", "expected"), [
    ("20/12/2026 14:00", (date(2026, 12, 20), time(14))),
    ("20/12 14h", (date(2026, 12, 20), time(14))),
    ("ngày 20-12 lúc 7h30", (date(2026, 12, 20), time(7, 30))),
    ("Ngày 5/1 lúc 8 giờ", (date(2027, 1, 5), time(8))),   # no year: the next 5/1
    ("20.12.26", (date(2026, 12, 20), None)),
])
def test_dates_as_the_board_types_them(typed, expected):
    assert parse_when(typed, date(2026, 11, 24)) == expected


@pytest.mark.parametrize("typed", ["mai", "31/02/2026", "20/12 25:00", ""])
def test_unreadable_dates_are_refused(typed):
    with pytest.raises(ValueError):
        parse_when(typed, date(2026, 11, 24))
