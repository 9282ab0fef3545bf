"""The programme's figures: report periods, what each figure means, and the targets.

The government plans behind the clubs (Decisions 1336/QĐ-TTg and 1648/QĐ-TTg
and the provinces' plans) judge a club by a handful of figures, asked twice a
year. This module is the one place that says what each figure is and how it
is judged, pure and I/O-free: storage counts what the books hold for a period
(:class:`ClubCounts`, ``storage/programme/figures.py``), and everything shown
from those counts — the report's JSON, its workbook and PDF, the board's
screens, an officer's dashboard — goes through :func:`club_report`,
:func:`fund_position` and :func:`indicators` here, so no figure is computed
twice in two ways.

Periods follow Decree 09/2019/NĐ-CP's cut-off dates: a 6-month report covers
15/12 of the previous year to 14/06, an annual one 15/12 of the previous year
to 14/12 (both days included).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import Any

from club import texts
from club.calendar import format_date
from club.money import format_vnd

__all__ = [
    "AREAS",
    "ClubCounts",
    "FundPosition",
    "Indicator",
    "Period",
    "club_report",
    "current_period",
    "describe",
    "format_percent",
    "fund_position",
    "indicators",
    "parse_areas",
    "parse_period",
    "ratio",
    "summary_report",
]

AREAS = tuple(range(1, 9))  # the 8 activity areas, by their number (DESIGN.md)

# A reading at or above either number is high blood pressure (grade 1 and up,
# guideline 3192/QĐ-BYT).
HIGH_SYSTOLIC = 140
HIGH_DIASTOLIC = 90
OLDER_AGE = 60  # "người cao tuổi": year of the period's end − birth year ≥ 60

# The plans' club-level targets.
FUND_TARGET = 50_000_000          # "quỹ tăng thu nhập đạt từ 50 triệu đồng trở lên"
BORROWING_TARGET = Decimal("0.5")  # "50% thành viên … được hỗ trợ vay vốn"
SHARE_RANGE = (Decimal("0.6"), Decimal("0.7"))  # 60–70% women, 60–70% older people

_CUTOFF_DAY = 15  # reports are cut on the 14th: a period runs 15/12 … 14/06 or 14/12


# ---------------------------------------------------------------- periods

@dataclass(frozen=True, slots=True)
class Period:
    start: date
    end: date     # included
    key: str      # "2026-H1", "2026", or "2026-01-01..2026-03-31" for one given by dates

    @property
    def months(self) -> int:
        """Whole months the period spans (6 for a half year, 12 for a year; at least 1)."""
        count = 0
        while _add_months(self.start, count + 1) - timedelta(days=1) <= self.end:
            count += 1
        return max(count, 1)

    @property
    def title(self) -> str:
        """The period as a report's title names it."""
        dates = texts.PERIOD_DATES.format(start=format_date(self.start),
                                          end=format_date(self.end))
        if self.key.endswith("-H1"):
            return texts.PERIOD_HALF.format(year=self.key[:4], dates=dates)
        if self.key.isdigit():
            return texts.PERIOD_YEAR.format(year=self.key, dates=dates)
        return texts.PERIOD_CUSTOM.format(start=format_date(self.start),
                                          end=format_date(self.end))

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    last = (date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)).day
    return date(year, month, min(day.day, last))


def half_year(year: int) -> Period:
    return Period(date(year - 1, 12, _CUTOFF_DAY), date(year, 6, _CUTOFF_DAY - 1), f"{year}-H1")


def full_year(year: int) -> Period:
    return Period(date(year - 1, 12, _CUTOFF_DAY), date(year, 12, _CUTOFF_DAY - 1), str(year))


def custom(start: date, end: date) -> Period:
    if end < start:
        raise ValueError(f"period ends before it starts: {start} .. {end}")
    return Period(start, end, f"{start.isoformat()}..{end.isoformat()}")


_PERIOD = re.compile(r"(\d{4})(?:\s*-?\s*(h1|6t|6m))?", re.IGNORECASE)


def parse_period(text: str) -> Period:
    """ "2026-H1" (the 6-month report) or "2026" (the annual one)."""
    match = _PERIOD.fullmatch(text.strip())
    if match is None or not 1990 <= int(match[1]) <= 2100:
        raise ValueError(f"not a report period: {text!r} (2026-H1 or 2026)")
    year = int(match[1])
    return half_year(year) if match[2] else full_year(year)


def current_period(today: date) -> Period:
    """The period whose report is being prepared on ``today``: the 6-month one
    until 14/06, the annual one until 14/12, then next year's 6-month one."""
    year = today.year + (today >= date(today.year, 12, _CUTOFF_DAY))
    first = half_year(year)
    return first if today <= first.end else full_year(year)


# ---------------------------------------------------------------- what storage counts

@lru_cache(maxsize=1024)
def parse_areas(activities: str) -> frozenset[int]:
    """The areas a meeting covered, from its stored '1, 2, 6' (a province's
    meetings repeat a few such strings: each is read once)."""
    return frozenset(int(t) for t in re.findall(r"\d+", activities or "") if int(t) in AREAS)


@dataclass(slots=True)
class ClubCounts:
    """What one club's books hold for one period: counts and sums, nothing derived.

    "In the period" means dated from ``start`` to ``end``, both included; "at
    the end" means everything dated up to ``end``. Money counts only entries
    that stand (an entry reversed, and its reversal, count for nothing).
    """

    club_id: int
    name: str
    commune: str = ""
    province: str = ""
    # members who joined on or before the end (or whose joining is not written)
    members: int = 0
    women: int = 0
    aged_60_plus: int = 0
    women_aged_60_plus: int = 0
    # meetings held in the period, the areas each covered, and their marks
    meetings: list[tuple[date, frozenset[int], int, int]] = field(default_factory=list)
    # loans
    members_borrowing: int = 0       # a loan outstanding on at least one day of the period
    disbursed: int = 0               # in the period
    outstanding_principal: int = 0   # at the end
    # the cash book: {kind: amount} in the period, and up to the end
    in_period: dict[str, int] = field(default_factory=dict)
    to_end: dict[str, int] = field(default_factory=dict)
    opening_fund: int = 0
    # health
    members_with_reading: int = 0
    high_bp_members: int = 0          # whose last reading in the period is high
    examined: int = 0                 # distinct members examined at check-ups
    checkups: int = 0                 # check-up days with someone examined
    # care and training
    visits: int = 0
    flagged: int = 0                  # visits that found "cần báo y tế"
    members_covered: int = 0          # distinct members visited
    on_time: int = 0                  # visits made by their due day (storage figures)
    trained: int = 0                  # distinct members trained in the period


@dataclass(frozen=True, slots=True)
class FundPosition:
    """The club fund at the end of a day, by IMPORT-FORMAT.md's identities."""

    capital: int      # opening + contributions + grants + interest − spending
    savings: int      # members' savings held: deposits − withdrawals
    on_loan: int      # principal still owed
    cash: int         # capital + savings − on loan: what is in the cash box

    @property
    def known(self) -> bool:
        """Whether the books can tell the cash on hand. Below zero they cannot:
        money lent or spent before these books began, with no opening balance
        ("Số dư quỹ đầu kỳ") entered to say where it came from."""
        return self.cash >= 0

    def can_pay(self, amount: int) -> bool:
        """Whether the cash box can pay ``amount`` out (a loan, spending). Books
        that cannot tell the cash refuse nothing: the treasurer is told instead."""
        return not self.known or amount <= self.cash


def fund_position(opening: int, to_end: dict[str, int], on_loan: int) -> FundPosition:
    """The identities, once for every screen and report."""
    capital = (opening + to_end.get("contribution", 0) + to_end.get("grant", 0)
               + to_end.get("interest", 0) - to_end.get("spending", 0))
    savings = to_end.get("deposit", 0) - to_end.get("withdrawal", 0)
    return FundPosition(capital, savings, on_loan, capital + savings - on_loan)


def ratio(part: int, whole: int) -> float:
    """part / whole to 3 decimals, rounded half up (0 when there is no whole)."""
    if not whole:
        return 0.0
    return float((Decimal(part) / Decimal(whole)).quantize(Decimal("0.001"), ROUND_HALF_UP))


# ---------------------------------------------------------------- the targets

@dataclass(frozen=True, slots=True)
class Indicator:
    key: str
    label: str
    target: Any      # a number, or [low, high] for a share that must fall in a range
    value: Any
    met: bool

    def as_json(self) -> dict[str, Any]:
        return {"key": self.key, "label": self.label, "target": self.target,
                "value": self.value, "met": self.met}


INDICATOR_KEYS = ("fund", "share_borrowing", "meetings_monthly", "all_8_areas", "women_share",
                  "older_share", "checkups", "board_trained")


def _in_range(part: int, whole: int) -> bool:
    low, high = SHARE_RANGE
    return bool(whole) and low * whole <= part <= high * whole


def indicators(counts: ClubCounts, period: Period) -> list[Indicator]:
    """The plans' club-level targets, judged on exact counts (never on rounded shares)."""
    fund = fund_position(counts.opening_fund, counts.to_end, counts.outstanding_principal)
    held = len(counts.meetings)
    covered = len(frozenset().union(*(areas for _, areas, _, _ in counts.meetings)))
    labels = texts.INDICATOR_LABELS
    return [
        Indicator("fund", labels["fund"], FUND_TARGET, fund.capital,
                  fund.capital >= FUND_TARGET),
        Indicator("share_borrowing", labels["share_borrowing"], float(BORROWING_TARGET),
                  ratio(counts.members_borrowing, counts.members),
                  bool(counts.members)
                  and counts.members_borrowing >= BORROWING_TARGET * counts.members),
        Indicator("meetings_monthly", labels["meetings_monthly"], period.months, held,
                  held >= period.months),
        Indicator("all_8_areas", labels["all_8_areas"], len(AREAS), covered,
                  covered == len(AREAS)),
        Indicator("women_share", labels["women_share"], [float(b) for b in SHARE_RANGE],
                  ratio(counts.women, counts.members), _in_range(counts.women, counts.members)),
        Indicator("older_share", labels["older_share"], [float(b) for b in SHARE_RANGE],
                  ratio(counts.aged_60_plus, counts.members),
                  _in_range(counts.aged_60_plus, counts.members)),
        Indicator("checkups", labels["checkups"], 1, counts.checkups, counts.checkups >= 1),
        Indicator("board_trained", labels["board_trained"], 1, counts.trained,
                  counts.trained >= 1),
    ]


def format_percent(share: float) -> str:
    """0.217 as people write it: "21,7%" (a comma before decimals)."""
    return f"{share * 100:.1f}".rstrip("0").rstrip(".").replace(".", ",") + "%"


def describe(indicator: dict[str, Any]) -> tuple[str, str]:
    """An indicator's (target, value) as the report and the chat write them."""
    key, target, value = indicator["key"], indicator["target"], indicator["value"]
    low, high = (target if isinstance(target, list) else (0.0, 0.0))
    words = {"amount": format_vnd(target) if key == "fund" else "",
             "percent": format_percent(target) if isinstance(target, float) else "",
             "count": target, "low": format_percent(low), "high": format_percent(high)}
    shown = {"amount": format_vnd(value) if key == "fund" else "",
             "percent": format_percent(value) if isinstance(value, float) else "",
             "count": value}
    return (texts.INDICATOR_TARGETS[key].format(**words),
            texts.INDICATOR_VALUES[key].format(**shown))


# ---------------------------------------------------------------- the report

def club_report(counts: ClubCounts, period: Period) -> dict[str, Any]:
    """One club's report for the period, with the keys the commune's forms ask for."""
    fund = fund_position(counts.opening_fund, counts.to_end, counts.outstanding_principal)
    present = sum(p for _, _, p, _ in counts.meetings)
    marks = sum(m for _, _, _, m in counts.meetings)
    areas = {str(a): sum(a in covered for _, covered, _, _ in counts.meetings) for a in AREAS}
    return {
        "period": {"from": period.start.isoformat(), "to": period.end.isoformat(),
                   "key": period.key},
        "club": counts.name,
        "club_id": counts.club_id,
        "commune": counts.commune,
        "province": counts.province,
        "members": {
            "total": counts.members,
            "women": counts.women,
            "aged_60_plus": counts.aged_60_plus,
            "women_aged_60_plus": counts.women_aged_60_plus,
        },
        "meetings": {
            "held": len(counts.meetings),
            "all_8_areas": sum(len(c) == len(AREAS) for _, c, _, _ in counts.meetings),
            "areas": areas,
        },
        "attendance": {"rate": ratio(present, marks), "present": present, "marks": marks},
        "loans": {
            "members_borrowing": counts.members_borrowing,
            "share_borrowing": ratio(counts.members_borrowing, counts.members),
            "disbursed": counts.disbursed,
            "outstanding_principal": counts.outstanding_principal,
            "interest_received": counts.in_period.get("interest", 0),
        },
        "savings": {"balance": fund.savings},
        "fund": {
            "opening": counts.opening_fund,
            "contributions": counts.in_period.get("contribution", 0),
            "grants": counts.in_period.get("grant", 0),
            "spending": counts.in_period.get("spending", 0),
            "capital": fund.capital,
            "cash": fund.cash,
        },
        "health": {
            "members_with_reading": counts.members_with_reading,
            "high_bp_members": counts.high_bp_members,
            "examined": counts.examined,
        },
        "care": {"visits": counts.visits, "flagged": counts.flagged,
                 "members_covered": counts.members_covered, "on_time": counts.on_time},
        "indicators": [i.as_json() for i in indicators(counts, period)],
    }


# Figures a commune adds up across its clubs (rates are worked out again from the sums).
_SUMMED = {
    "members": ("total", "women", "aged_60_plus", "women_aged_60_plus"),
    "meetings": ("held", "all_8_areas"),
    "attendance": ("present", "marks"),
    "loans": ("members_borrowing", "disbursed", "outstanding_principal", "interest_received"),
    "savings": ("balance",),
    "fund": ("opening", "contributions", "grants", "spending", "capital", "cash"),
    "health": ("members_with_reading", "high_bp_members", "examined"),
    "care": ("visits", "flagged", "members_covered", "on_time"),
}


def summary_report(reports: Sequence[dict[str, Any]], period: Period,
                   scope: str) -> dict[str, Any]:
    """A commune's (or a province's) report: each club's, the totals, and for each
    target how many clubs meet it."""
    totals: dict[str, Any] = {
        section: {key: sum(r[section][key] for r in reports) for key in keys}
        for section, keys in _SUMMED.items()}
    totals["meetings"]["areas"] = {
        str(a): sum(r["meetings"]["areas"][str(a)] for r in reports) for a in AREAS}
    totals["attendance"]["rate"] = ratio(totals["attendance"]["present"],
                                         totals["attendance"]["marks"])
    totals["loans"]["share_borrowing"] = ratio(totals["loans"]["members_borrowing"],
                                               totals["members"]["total"])
    totals["clubs"] = len(reports)
    targets = []
    for position, key in enumerate(INDICATOR_KEYS):
        met = sum(1 for r in reports if r["indicators"][position]["met"])
        targets.append({"key": key, "label": texts.INDICATOR_LABELS[key],
                        "clubs_met": met, "clubs": len(reports),
                        "share": ratio(met, len(reports))})
    return {
        "period": {"from": period.start.isoformat(), "to": period.end.isoformat(),
                   "key": period.key},
        "scope": scope,
        "clubs": list(reports),
        "totals": totals,
        "targets": targets,
    }


# ---------------------------------------------------------------- in ten lines

def headline(report: dict[str, Any], period: Period, today: date) -> str:
    """The period's figures against the targets, ten lines at most (chat, reminders)."""
    members, fund, loans = report["members"], report["fund"], report["loans"]
    total = members["total"]
    met = [i for i in report["indicators"] if i["met"]]
    missed = [i["label"] for i in report["indicators"] if not i["met"]]
    covered = sum(1 for count in report["meetings"]["areas"].values() if count)
    lines = [
        texts.REPORT_HEADLINE.format(period=period.title, today=format_date(today)),
        texts.REPORT_LINE_MEMBERS.format(
            total=total, women=format_percent(ratio(members["women"], total)),
            older=format_percent(ratio(members["aged_60_plus"], total))),
        texts.REPORT_LINE_MEETINGS.format(
            held=report["meetings"]["held"], months=period.months, areas=covered,
            rate=format_percent(report["attendance"]["rate"])),
        texts.REPORT_LINE_FUND.format(capital=format_vnd(fund["capital"]),
                                      target=format_vnd(FUND_TARGET),
                                      cash=format_vnd(fund["cash"])),
        texts.REPORT_LINE_LOANS.format(borrowing=loans["members_borrowing"],
                                       share=format_percent(loans["share_borrowing"]),
                                       target=format_percent(float(BORROWING_TARGET))),
        texts.REPORT_LINE_CARE.format(examined=report["health"]["examined"],
                                      visits=report["care"]["visits"]),
        texts.REPORT_LINE_MET.format(met=len(met), total=len(report["indicators"])),
    ]
    if missed:
        lines.append(texts.REPORT_LINE_NOT_MET.format(labels="; ".join(missed)))
    return "\n".join(lines)
