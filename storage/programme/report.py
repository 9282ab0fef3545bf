"""The report for one club, a commune or every club: the books' counts through
club/programme.py's definitions, as the JSON the CLI writes and the documents show."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from club.programme import Period, club_report, summary_report
from storage.programme.figures import Fetch, all_club_ids, count_clubs, fund_positions


async def club_reports(fetch: Fetch, period: Period, club_ids: list[int]) -> list[dict[str, Any]]:
    """Each club's report, in the order of ``club_ids`` (unknown ids left out)."""
    counts = await count_clubs(fetch, club_ids, period)
    return [club_report(counts[c], period) for c in club_ids if c in counts]


async def club_report_of(fetch: Fetch, period: Period, club_id: int) -> dict[str, Any]:
    reports = await club_reports(fetch, period, [club_id])
    if not reports:
        raise LookupError(f"no club with id {club_id}")
    return reports[0]


async def commune_report(fetch: Fetch, period: Period, commune: str | None) -> dict[str, Any]:
    """Every club of the commune (``None``: every club there is), with the totals
    and, for each target, how many clubs meet it."""
    ids = await all_club_ids(fetch, commune)
    reports = await club_reports(fetch, period, ids)
    scope = commune if commune is not None else ""
    if commune is not None and reports:
        scope = reports[0]["commune"]  # as the books write it
    return summary_report(reports, period, scope)


def month_ends(period: Period) -> list[date]:
    """The last day of each month the period covers, its own last day for the last one."""
    days: list[date] = []
    day = period.start
    while True:
        following = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
        last = following - timedelta(days=1)
        if last >= period.end:
            days.append(period.end)
            return days
        days.append(last)
        day = following


async def club_series(fetch: Fetch, period: Period, club_id: int) -> dict[str, Any]:
    """What the charts draw, beyond the report's figures: the fund at each
    month's end (by the report's own sums) and each meeting's attendance."""
    months = []
    for day in month_ends(period):
        fund = (await fund_positions(fetch, [club_id], day))[club_id]
        months.append({"on": day.isoformat(), "capital": fund.capital, "cash": fund.cash,
                       "on_loan": fund.on_loan})
    counts = (await count_clubs(fetch, [club_id], period))[club_id]
    meetings = [{"on": held.isoformat(), "present": present, "marks": marks}
                for held, _, present, marks in counts.meetings]
    return {"fund_by_month": months, "attendance_by_meeting": meetings}
