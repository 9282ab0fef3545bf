"""Meeting days, and dates written the way people say them.

Many clubs meet on a day of the lunar month (the 15th, say), so a date is shown
with its lunar reading too. The lunar calendar is the Vietnamese one, computed
at UTC+7 by `lunar_vn`; it differs from the Chinese calendar in some years
(Tết 1985 fell on 21/01 in Vietnam, on 20/02 in China).
"""

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache

import lunar_vn

from club.text import fold

__all__ = [
    "WEEKDAYS",
    "MeetingRule",
    "format_date",
    "format_full",
    "format_lunar",
    "format_weekday_date",
    "meeting_dates",
    "next_meeting",
    "parse_date",
    "parse_time",
]

WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật")

# Two consecutive meetings are at most 31 days apart (31/01 then 28/02 then
# 31/03), so a window of three months always holds the next two.
_LOOKAHEAD = timedelta(days=93)


def format_date(d: date) -> str:
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


def format_weekday_date(d: date) -> str:
    return f"{WEEKDAYS[d.weekday()]}, {format_date(d)}"


@lru_cache(maxsize=4096)
def format_lunar(d: date) -> str:
    """The lunar reading of a solar date: "mùng 9 tháng 11 âm lịch"."""
    lunar = lunar_vn.solar_to_lunar(d)
    # The first ten days of a lunar month are said with "mùng".
    day = f"mùng {lunar.day}" if lunar.day <= 10 else str(lunar.day)
    month = {1: "Giêng", 12: "Chạp"}.get(lunar.month, str(lunar.month))
    leap = " nhuận" if lunar.leap else ""
    return f"{day} tháng {month}{leap} âm lịch"


def format_full(d: date) -> str:
    return f"{format_weekday_date(d)} ({format_lunar(d)})"


@dataclass(frozen=True)
class MeetingRule:
    """A club's regular meeting: day N of each solar or lunar month."""

    day: int
    lunar: bool
    time: time | None
    place: str

    def __post_init__(self) -> None:
        longest = 30 if self.lunar else 31
        if not 1 <= self.day <= longest:
            raise ValueError(f"meeting day must be 1-{longest}, got {self.day}")


def meeting_dates(rule: MeetingRule, start: date, end: date) -> list[date]:
    """All regular meeting dates in [start, end], in order."""
    return list(_meeting_dates(rule.day, rule.lunar, start, end))


# Members ask the same questions all day: the answers for a (rule, day) pair
# are remembered, since walking the lunar calendar costs tens of microseconds.
@lru_cache(maxsize=8192)
def _meeting_dates(day: int, lunar: bool, start: date, end: date) -> tuple[date, ...]:
    if end < start:
        return ()
    if lunar:
        return tuple(_lunar_meeting_dates(day, start, end))
    return tuple(_solar_meeting_dates(day, start, end))


def _month_length(year: int, month: int) -> int:
    following = date(year + month // 12, month % 12 + 1, 1)
    return (following - timedelta(days=1)).day


def _solar_meeting_dates(day: int, start: date, end: date) -> list[date]:
    dates = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        # A club meeting "on the 31st" meets on the last day of shorter months.
        meeting = date(year, month, min(day, _month_length(year, month)))
        if start <= meeting <= end:
            dates.append(meeting)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return dates


def _lunar_meeting_dates(day: int, start: date, end: date) -> list[date]:
    # Walk lunar months by their first days rather than asking lunar_vn to
    # convert "day N of month M": that conversion cannot tell a 29-day month
    # from a 30-day one (it silently rolls day 30 into the next month), and
    # walking also visits leap months, which a monthly club meets in too.
    dates = []
    month_start = start - timedelta(days=lunar_vn.solar_to_lunar(start).day - 1)
    while month_start <= end:
        day_30 = month_start + timedelta(days=29)
        length = 29 if lunar_vn.solar_to_lunar(day_30).day == 1 else 30
        meeting = month_start + timedelta(days=min(day, length) - 1)
        if start <= meeting <= end:
            dates.append(meeting)
        month_start += timedelta(days=length)
    return dates


def next_meeting(rule: MeetingRule, now: datetime) -> date:
    """The next regular meeting from `now` (naive local time) on."""
    today = now.date()
    upcoming = _meeting_dates(rule.day, rule.lunar, today, today + _LOOKAHEAD)
    # Once today's meeting has begun, members asking want the next one.
    if upcoming[0] == today and rule.time is not None and now.time() > rule.time:
        return upcoming[1]
    return upcoming[0]


# Day first, as written in Vietnam: "17/12/2026", "7/1/2026", "17-12-2026",
# "17.12.2026". The same separator must be used twice.
_DMY = re.compile(r"(\d{1,2})(?P<sep>[/.-])(\d{1,2})(?P=sep)(\d{4})")
# ISO, as other software exports it: "2026-12-17".
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


def parse_date(value: object) -> date:
    """Read a date from a book cell: an Excel date or day-first text."""
    # datetime is a subclass of date, so it must be checked first.
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        text = value.strip()
        if match := _DMY.fullmatch(text):
            day, _, month, year = match.groups()
            return _make_date(int(year), int(month), int(day), text)
        if match := _ISO.fullmatch(text):
            year, month, day = match.groups()
            return _make_date(int(year), int(month), int(day), text)
    raise ValueError(f"not a date: {value!r}")


def _make_date(year: int, month: int, day: int, text: str) -> date:
    try:
        return date(year, month, day)
    except ValueError as exc:  # 31/02/2026 and the like
        raise ValueError(f"no such date: {text!r}") from exc


# "14:00", "7:30", "14:00:00" (how spreadsheets write times as text): the
# colon needs minutes after it.
_COLON_TIME = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?")
# "14h", "14h30", "14 giờ 30" (folded to "gio"), "14g30": the way times are
# written in notices; the minutes are optional.
_HOUR_TIME = re.compile(r"(\d{1,2}) ?(?:h|g|gio) ?(\d{2})?")


def parse_time(value: object) -> time:
    """Read a meeting time from a book cell or from what a secretary types."""
    if isinstance(value, datetime):
        # Excel sometimes hands a time cell over as a datetime on 30/12/1899.
        return value.time().replace(second=0, microsecond=0)
    if isinstance(value, time):
        return value
    if isinstance(value, str):
        text = fold(value)
        match = _COLON_TIME.fullmatch(text) or _HOUR_TIME.fullmatch(text)
        if match:
            hour, minute = int(match[1]), int(match[2] or 0)
            if hour <= 23 and minute <= 59:
                return time(hour, minute)
    raise ValueError(f"not a time: {value!r}")
