"""The report for one club, a commune or every club: the books' counts through
club/programme.py's definitions, as the JSON the CLI writes and the documents show."""

from __future__ import annotations

from typing import Any

from club.programme import Period, club_report, summary_report
from storage.programme.figures import Fetch, all_club_ids, count_clubs


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
