from datetime import date, datetime, time

import lunar_vn
import pytest

from club.calendar import (
    WEEKDAYS,
    MeetingRule,
    format_date,
    format_full,
    format_lunar,
    format_weekday_date,
    meeting_dates,
    next_meeting,
    parse_date,
    parse_time,
)


def test_tet_1985_is_the_vietnamese_one():
    # China's Tết that year was 20/02; Vietnam's calendar, at UTC+7, puts it a month earlier.
    assert lunar_vn.lunar_to_solar(lunar_vn.LunarDate(1, 1, 1985)) == date(1985, 1, 21)
    assert format_lunar(date(1985, 1, 21)) == "mùng 1 tháng Giêng âm lịch"
    assert format_lunar(date(1985, 2, 20)) == "mùng 1 tháng 2 âm lịch"


def test_weekdays():
    assert WEEKDAYS[date(2026, 12, 17).weekday()] == "Thứ Năm"
    assert WEEKDAYS[date(2026, 12, 20).weekday()] == "Chủ Nhật"


def test_solar_formats():
    assert format_date(date(2026, 12, 17)) == "17/12/2026"
    assert format_date(date(2026, 1, 7)) == "07/01/2026"
    assert format_weekday_date(date(2026, 12, 17)) == "Thứ Năm, 17/12/2026"
    assert format_weekday_date(date(2026, 2, 17)) == "Thứ Ba, 17/02/2026"


@pytest.mark.parametrize(
    ("solar", "lunar"),
    [
        (date(2026, 12, 17), "mùng 9 tháng 11 âm lịch"),
        (date(2026, 12, 18), "mùng 10 tháng 11 âm lịch"),
        (date(2026, 12, 19), "11 tháng 11 âm lịch"),
        (date(2026, 2, 17), "mùng 1 tháng Giêng âm lịch"),  # Tết Bính Ngọ
        (date(2026, 2, 16), "29 tháng Chạp âm lịch"),
        (date(2025, 7, 25), "mùng 1 tháng 6 nhuận âm lịch"),
        (date(2025, 8, 8), "15 tháng 6 nhuận âm lịch"),
        (date(2025, 7, 9), "15 tháng 6 âm lịch"),
    ],
)
def test_format_lunar(solar, lunar):
    assert format_lunar(solar) == lunar


def test_format_full():
    assert format_full(date(2026, 12, 17)) == "Thứ Năm, 17/12/2026 (mùng 9 tháng 11 âm lịch)"


def test_solar_rule_meets_on_day_n_of_each_month():
    rule = MeetingRule(day=17, lunar=False, time=time(14), place="Nhà văn hóa")
    assert meeting_dates(rule, date(2026, 11, 18), date(2027, 2, 17)) == [
        date(2026, 12, 17),
        date(2027, 1, 17),
        date(2027, 2, 17),
    ]


def test_solar_day_31_clamps_to_month_end():
    rule = MeetingRule(day=31, lunar=False, time=None, place="")
    assert meeting_dates(rule, date(2026, 1, 1), date(2026, 4, 30)) == [
        date(2026, 1, 31),
        date(2026, 2, 28),
        date(2026, 3, 31),
        date(2026, 4, 30),
    ]
    assert meeting_dates(rule, date(2028, 2, 1), date(2028, 3, 1)) == [date(2028, 2, 29)]


def test_range_is_inclusive_at_both_ends():
    rule = MeetingRule(day=17, lunar=False, time=None, place="")
    assert meeting_dates(rule, date(2026, 12, 17), date(2026, 12, 17)) == [date(2026, 12, 17)]
    assert meeting_dates(rule, date(2026, 12, 18), date(2027, 1, 16)) == []
    assert meeting_dates(rule, date(2027, 1, 1), date(2026, 1, 1)) == []


def test_lunar_rule_across_the_year_end():
    rule = MeetingRule(day=15, lunar=True, time=None, place="")
    assert meeting_dates(rule, date(2025, 12, 1), date(2026, 3, 31)) == [
        date(2025, 12, 4),  # 15 tháng 10
        date(2026, 1, 3),  # 15 tháng 11
        date(2026, 2, 2),  # 15 tháng Chạp
        date(2026, 3, 3),  # Rằm tháng Giêng
    ]


def test_lunar_rule_meets_in_the_leap_month_too():
    rule = MeetingRule(day=15, lunar=True, time=None, place="")
    dates = meeting_dates(rule, date(2025, 7, 1), date(2025, 8, 31))
    assert dates == [date(2025, 7, 9), date(2025, 8, 8)]
    assert [format_lunar(d) for d in dates] == [
        "15 tháng 6 âm lịch",
        "15 tháng 6 nhuận âm lịch",
    ]


def test_lunar_day_30_clamps_in_a_29_day_month():
    rule = MeetingRule(day=30, lunar=True, time=None, place="")
    dates = meeting_dates(rule, date(2025, 7, 1), date(2025, 9, 22))
    assert dates == [date(2025, 7, 24), date(2025, 8, 22), date(2025, 9, 21)]
    assert [format_lunar(d) for d in dates] == [
        "30 tháng 6 âm lịch",
        "29 tháng 6 nhuận âm lịch",  # the leap 6th month has 29 days
        "30 tháng 7 âm lịch",
    ]


def test_lunar_rule_gives_one_meeting_per_lunar_month_over_a_leap_year():
    rule = MeetingRule(day=1, lunar=True, time=None, place="")
    # Lunar year Ất Tỵ (2025) has 13 months: Tết 29/01/2025 to Tết 17/02/2026.
    dates = meeting_dates(rule, date(2025, 1, 29), date(2026, 2, 16))
    assert len(dates) == 13
    assert dates[0] == date(2025, 1, 29)
    assert all(lunar_vn.solar_to_lunar(d).day == 1 for d in dates)


def test_meeting_rule_refuses_impossible_days():
    with pytest.raises(ValueError):
        MeetingRule(day=31, lunar=True, time=None, place="")
    with pytest.raises(ValueError):
        MeetingRule(day=0, lunar=False, time=None, place="")


def test_next_meeting_on_a_meeting_day():
    rule = MeetingRule(day=17, lunar=False, time=time(14, 0), place="Nhà văn hóa")
    assert next_meeting(rule, datetime(2026, 12, 17, 9, 30)) == date(2026, 12, 17)
    assert next_meeting(rule, datetime(2026, 12, 17, 14, 0)) == date(2026, 12, 17)
    assert next_meeting(rule, datetime(2026, 12, 17, 15, 0)) == date(2027, 1, 17)


def test_next_meeting_between_meetings():
    rule = MeetingRule(day=17, lunar=False, time=time(14, 0), place="")
    assert next_meeting(rule, datetime(2026, 12, 18, 8, 0)) == date(2027, 1, 17)
    assert next_meeting(rule, datetime(2026, 12, 1, 8, 0)) == date(2026, 12, 17)


def test_next_meeting_without_a_time_lasts_all_day():
    rule = MeetingRule(day=17, lunar=False, time=None, place="")
    assert next_meeting(rule, datetime(2026, 12, 17, 23, 0)) == date(2026, 12, 17)


def test_next_lunar_meeting_after_todays_has_begun():
    rule = MeetingRule(day=15, lunar=True, time=time(8, 0), place="")
    assert next_meeting(rule, datetime(2025, 7, 9, 10, 0)) == date(2025, 8, 8)


@pytest.mark.parametrize(
    "value",
    [
        date(2026, 12, 7),
        datetime(2026, 12, 7, 0, 0),
        "07/12/2026",
        "7/12/2026",
        " 7/12/2026 ",
        "07-12-2026",
        "07.12.2026",
        "2026-12-07",
    ],
)
def test_parse_date(value):
    assert parse_date(value) == date(2026, 12, 7)


def test_parse_date_returns_a_plain_date_for_a_datetime():
    assert type(parse_date(datetime(2026, 12, 7, 10, 0))) is date


@pytest.mark.parametrize(
    "value",
    ["31/02/2026", "2026-02-30", "12/2026", "07/12/26", "07/12-2026", "hôm nay", "", None, 46000],
)
def test_parse_date_refuses(value):
    with pytest.raises(ValueError):
        parse_date(value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("14:00", time(14, 0)),
        ("14h", time(14, 0)),
        ("14h30", time(14, 30)),
        ("14H30", time(14, 30)),
        ("7:30", time(7, 30)),
        ("14 giờ 30", time(14, 30)),
        ("14:00:00", time(14, 0)),
        (time(14, 0), time(14, 0)),
    ],
)
def test_parse_time(value, expected):
    assert parse_time(value) == expected


@pytest.mark.parametrize("value", ["", "14", "25:00", "14:60", "14:5", "chiều", None, 14])
def test_parse_time_refuses(value):
    with pytest.raises(ValueError):
        parse_time(value)
