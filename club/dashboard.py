"""The officers' dashboard: one row per club, each figure lit against the plans' targets.

Pure and I/O-free. A row is made from the club's report (club/programme.py's
:func:`~club.programme.club_report`, the very dict ``ishc-bot report``
writes) and the few figures a report does not carry — loan health (PAR30),
the last three months' meetings, the last check-up — so every figure shown
to an officer is the report's own, computed once.

Each cell has a light: green (the target is met), amber (close: worth
watching), red (far: the club needs help), always shown with a mark and a
word as well (✅/⚠️/❌), never by colour alone. A club *needs attention* when
any of its cells is red.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from club.programme import (
    AREAS,
    BORROWING_TARGET,
    FUND_TARGET,
    SHARE_RANGE,
    _add_months,
    ratio,
)
from club.text import fold

GREEN, AMBER, RED, NONE = "green", "amber", "red", "none"

# Where amber ends and red begins, for each figure (the targets are the plans').
SHARE_MARGIN = 0.1             # a share within 10 points of its 60–70% range
FUND_AMBER = FUND_TARGET // 2  # half way to 50 million
BORROWING_AMBER = float(BORROWING_TARGET) / 2
AREAS_AMBER = 5
PAR_GREEN, PAR_AMBER = 0.05, 0.10   # SAVIX: a portfolio under 5% at risk is healthy
RECENT_GREEN = 3                     # a meeting a month in the last 3 months
CHECKUP_GREEN_MONTHS, CHECKUP_AMBER_MONTHS = 6, 12
# Home visits made by their due day (the report's care.on_time over care.visits).
VISITS_ON_TIME_GREEN, VISITS_ON_TIME_AMBER = 0.8, 0.5

COLUMNS = ("club", "commune", "members", "women", "older", "meetings", "areas", "fund",
           "borrowing", "par30", "visits", "checkup")
LIT = ("women", "older", "meetings", "areas", "fund", "borrowing", "par30", "visits", "checkup")
# The order a first click sorts a column in: the worst first.
WORST_FIRST_DESCENDING = frozenset({"par30"})


@dataclass(frozen=True, slots=True)
class Extras:
    """What a report does not carry, on the dashboard's day (``on``)."""

    on: date
    outstanding: int = 0          # principal owed
    at_risk: int = 0              # of it, on loans more than 30 days overdue
    recent_meetings: int = 0      # held in the 3 months up to ``on``
    last_meeting: date | None = None
    last_rollcall_marks: int = 0  # 0: the last meeting's roll-call is not recorded
    last_checkup: date | None = None


@dataclass(slots=True)
class Row:
    club_id: int
    club: str
    commune: str
    province: str
    members: int
    women: float
    older: float
    meetings: int
    rollcall: bool
    areas: int
    fund: int
    borrowing: float
    par30: float | None          # None: nothing owed
    outstanding: int
    visits: int
    on_time: int                 # of the visits, made by their due day
    flagged: int
    checkup: date | None
    lights: dict[str, str] = field(default_factory=dict)

    @property
    def attention(self) -> bool:
        return RED in self.lights.values()

    def reds(self) -> list[str]:
        return [c for c in LIT if self.lights.get(c) == RED]

    def ambers(self) -> list[str]:
        return [c for c in LIT if self.lights.get(c) == AMBER]


def _share_light(share: float) -> str:
    low, high = (float(b) for b in SHARE_RANGE)
    if low <= share <= high:
        return GREEN
    if low - SHARE_MARGIN <= share <= high + SHARE_MARGIN:
        return AMBER
    return RED


def _at_least(value: float, green: float, amber: float) -> str:
    return GREEN if value >= green else AMBER if value >= amber else RED


def lights(row: Row, on: date) -> dict[str, str]:
    """Each lit cell's light (see the module's doc and the thresholds above)."""
    found = {
        "women": _share_light(row.women) if row.members else RED,
        "older": _share_light(row.older) if row.members else RED,
        "areas": _at_least(row.areas, len(AREAS), AREAS_AMBER),
        "fund": _at_least(row.fund, FUND_TARGET, FUND_AMBER),
        "borrowing": _at_least(row.borrowing, float(BORROWING_TARGET), BORROWING_AMBER),
    }
    if row.meetings >= RECENT_GREEN:
        found["meetings"] = GREEN if row.rollcall else AMBER
    else:
        found["meetings"] = AMBER if row.meetings == RECENT_GREEN - 1 else RED
    if row.par30 is None:
        found["par30"] = NONE
    else:
        found["par30"] = (GREEN if row.par30 <= PAR_GREEN
                          else AMBER if row.par30 <= PAR_AMBER else RED)
    # No visit at all: amber, not red — a club may have nobody who needs one
    # yet (the areas column says whether care is an activity at all).
    found["visits"] = (AMBER if not row.visits else
                       _at_least(ratio(row.on_time, row.visits), VISITS_ON_TIME_GREEN,
                                 VISITS_ON_TIME_AMBER))
    if row.checkup is None or row.checkup <= _add_months(on, -CHECKUP_AMBER_MONTHS):
        found["checkup"] = RED
    elif row.checkup <= _add_months(on, -CHECKUP_GREEN_MONTHS):
        found["checkup"] = AMBER
    else:
        found["checkup"] = GREEN
    return found


def make_row(report: dict[str, Any], extras: Extras) -> Row:
    """A club's row from its report for the period and the day's extras."""
    members = report["members"]
    total = members["total"]
    row = Row(
        club_id=report["club_id"], club=report["club"], commune=report["commune"],
        province=report["province"], members=total,
        women=ratio(members["women"], total), older=ratio(members["aged_60_plus"], total),
        meetings=extras.recent_meetings, rollcall=extras.last_rollcall_marks > 0,
        areas=sum(1 for count in report["meetings"]["areas"].values() if count),
        fund=report["fund"]["capital"], borrowing=report["loans"]["share_borrowing"],
        par30=ratio(extras.at_risk, extras.outstanding) if extras.outstanding > 0 else None,
        outstanding=extras.outstanding,
        visits=report["care"]["visits"], on_time=report["care"]["on_time"],
        flagged=report["care"]["flagged"],
        checkup=extras.last_checkup)
    row.lights = lights(row, extras.on)
    return row


def sort_key(column: str) -> Any:
    """The key a column sorts by (names folded; a club with nothing owed or no
    check-up sorts as the best and the worst respectively)."""
    if column in ("club", "commune"):
        return lambda r: (fold(getattr(r, column)), fold(r.club))
    if column == "par30":
        return lambda r: (-1.0 if r.par30 is None else r.par30, fold(r.club))
    if column == "checkup":
        return lambda r: (r.checkup or date.min, fold(r.club))
    if column == "visits":  # the share on time, then how many
        return lambda r: (ratio(r.on_time, r.visits) if r.visits else -1.0, r.visits,
                          fold(r.club))
    return lambda r: (getattr(r, column), fold(r.club))


def arrange(rows: Sequence[Row], *, sort: str = "commune", descending: bool | None = None,
            attention_only: bool = False) -> list[Row]:
    """The rows to show: filtered, then sorted (a column's worst first by default)."""
    if sort not in COLUMNS:
        sort = "commune"
    if descending is None:
        descending = sort in WORST_FIRST_DESCENDING
    shown = [r for r in rows if r.attention] if attention_only else list(rows)
    return sorted(shown, key=sort_key(sort), reverse=descending)


def dashboard_day(period_end: date, today: date) -> date:
    """The day the dashboard's own figures (PAR30, the last 3 months) stand on:
    the period's end, or today while the period runs."""
    return min(period_end, today)


def month_ends(start: date, end: date) -> list[date]:
    """The last day of each month from ``start`` to ``end``, ``end`` itself last."""
    days: list[date] = []
    day = start
    while True:
        following = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
        last = following - timedelta(days=1)
        if last >= end:
            days.append(end)
            return days
        days.append(last)
        day = following
