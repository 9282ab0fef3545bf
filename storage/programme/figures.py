"""Counting what the books hold for a period: one SQL aggregate per kind of figure.

Every figure of the programme's report, of the board's "🏦 Quỹ CLB" and of the
cash-on-hand check before a loan is counted here and nowhere else; what the
counts mean is club/programme.py's. Each query takes a whole list of clubs at
once and groups by club, so a dashboard's thousand clubs cost the same eight
statements as one club — each reading an index of its own table (migration
0015), and the cash book through the standing sums by club, kind and day
that the database keeps up to date on every entry (migration 0024).

Money counts only entries that stand: an entry that was reversed and its
reversal both drop out, whatever their days, exactly as the exported book
shows it (so a report made from an export matches one made from the
database). The day sums hold original rows, minus the originals that were
reversed (found from the reversals, which carry their original's club and
kind: migration 0009 makes sure).

The functions take ``fetch``: ``Database.fetchall`` for a read on its own, or
a transaction's connection (:func:`in_transaction`) where a write must decide
on the figures it sees (a loan refused above the cash on hand).
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Iterable, Sequence
from datetime import date
from typing import Any

import aiosqlite

from club.care import DEFAULT_RHYTHM_WEEKS
from club.programme import (
    HIGH_DIASTOLIC,
    HIGH_SYSTOLIC,
    OLDER_AGE,
    ClubCounts,
    FundPosition,
    Period,
    fund_position,
    parse_areas,
)
from club.text import fold

Fetch = Callable[[str, Any], Awaitable[Sequence[Any]]]


def in_transaction(conn: aiosqlite.Connection) -> Fetch:
    """A ``fetch`` reading inside the transaction that holds ``conn``."""
    return conn.execute_fetchall  # type: ignore[return-value]


# The clubs asked for, as one bound JSON array (no SQL built from a list).
_IDS = "SELECT value FROM json_each(:ids)"

# Each club's cash-book sums by kind, in the period and up to its end, over
# entries that stand — read from the day sums the database keeps on each
# write (migration 0024: an original adds to its day, a reversal takes its
# original's amount back out of the original's day), a few dozen rows a year
# per club instead of a thousand entries.
_CASH_SQL = f"""
SELECT club_id, kind, sum(CASE WHEN day >= :start THEN amount ELSE 0 END), sum(amount)
FROM cash_day_sums
WHERE club_id IN ({_IDS}) AND day <= :end
GROUP BY club_id, kind
"""

# Each club's loans: members with a loan outstanding on some day of the period
# (lent by its end, not all repaid before its start), lent in it, owed at its end.
_LOANS_SQL = f"""
WITH repaid AS (
    SELECT loan_id, entry_date, amount FROM cash_entries
    WHERE reverses_id IS NULL AND kind = 'principal' AND club_id IN ({_IDS})
      AND entry_date <= :end
    UNION ALL
    SELECT o.loan_id, o.entry_date, -o.amount
    FROM cash_entries r CROSS JOIN cash_entries o ON o.id = r.reverses_id
    WHERE r.reverses_id IS NOT NULL AND r.kind = 'principal' AND r.club_id IN ({_IDS})
      AND o.entry_date <= :end
), paid AS (
    SELECT loan_id, sum(amount) AS by_end,
           sum(CASE WHEN entry_date < :start THEN amount ELSE 0 END) AS before_start
    FROM repaid GROUP BY loan_id
)
SELECT l.club_id,
       count(DISTINCT CASE WHEN l.amount > coalesce(p.before_start, 0) THEN l.member_id END),
       sum(CASE WHEN l.disbursed_on >= :start THEN l.amount ELSE 0 END),
       sum(l.amount - coalesce(p.by_end, 0))
FROM loans l LEFT JOIN paid p ON p.loan_id = l.id
WHERE l.club_id IN ({_IDS}) AND l.disbursed_on <= :end
GROUP BY l.club_id
"""

_CLUBS_SQL = f"""
SELECT c.id, c.name, c.commune, c.province, c.opening_fund,
       count(m.id),
       coalesce(sum(m.gender = 'Nữ'), 0),
       coalesce(sum(:year - m.birth_year >= {OLDER_AGE}), 0),
       coalesce(sum(m.gender = 'Nữ' AND :year - m.birth_year >= {OLDER_AGE}), 0)
FROM clubs c
LEFT JOIN members m ON m.club_id = c.id AND (m.joined_on IS NULL OR m.joined_on <= :end)
WHERE c.id IN ({_IDS})
GROUP BY c.id ORDER BY c.id
"""

_MEETINGS_SQL = f"""
SELECT mt.club_id, mt.held_on, mt.activities,
       (SELECT count(*) FROM attendance a WHERE a.meeting_id = mt.id AND a.status = 'present'),
       (SELECT count(*) FROM attendance a WHERE a.meeting_id = mt.id)
FROM meetings mt
WHERE mt.club_id IN ({_IDS}) AND mt.held_on BETWEEN :start AND :end
ORDER BY mt.club_id, mt.held_on, mt.id
"""

# The same meetings without their marks, for a reader that shows no attendance.
_MEETINGS_BARE_SQL = f"""
SELECT mt.club_id, mt.held_on, mt.activities, 0, 0
FROM meetings mt
WHERE mt.club_id IN ({_IDS}) AND mt.held_on BETWEEN :start AND :end
ORDER BY mt.club_id, mt.held_on, mt.id
"""

# Members with a reading in the period; of them, those whose last blood
# pressure in the period is high. Two probes of the readings' (member, day)
# index per member, the members taken club by club.
_HEALTH_SQL = f"""
SELECT m.club_id,
       sum(EXISTS (SELECT 1 FROM health_readings h WHERE h.member_id = m.id
                   AND h.taken_on BETWEEN :start AND :end)),
       sum(coalesce((SELECT h.systolic >= {HIGH_SYSTOLIC} OR h.diastolic >= {HIGH_DIASTOLIC}
                     FROM health_readings h WHERE h.member_id = m.id
                       AND h.taken_on BETWEEN :start AND :end AND h.systolic IS NOT NULL
                     ORDER BY h.taken_on DESC LIMIT 1), 0))
FROM members m WHERE m.club_id IN ({_IDS})
GROUP BY m.club_id
"""

_EXAMS_SQL = f"""
SELECT club_id, count(DISTINCT member_id), count(DISTINCT held_on) FROM checkup_exams
WHERE club_id IN ({_IDS}) AND held_on BETWEEN :start AND :end GROUP BY club_id
"""

# Home-care visits that stand (one reversed in chat and its reversal count for
# nothing). A visit is *on time* when it is made no later than its due day: the
# member's previous standing visit (or, before any, the start of her visit
# plan) plus the plan's rhythm — 2 weeks where she has no plan (club.care).
# A first visit with neither a previous one nor a plan was not yet due: on time.
_VISITS_SQL = f"""
WITH v AS (
  SELECT v.club_id, v.member_id, v.visited_on, v.status,
         lag(v.visited_on) OVER (PARTITION BY v.member_id ORDER BY v.visited_on) AS previous
  FROM home_visits v
  WHERE v.club_id IN ({_IDS}) AND v.visited_on <= :end
    AND NOT EXISTS (SELECT 1 FROM home_visit_reversals r WHERE r.visit_id = v.id)
)
SELECT v.club_id, count(*), coalesce(sum(v.status = 'alert_health'), 0),
       count(DISTINCT v.member_id),
       coalesce(sum(v.visited_on <= date(
           coalesce(v.previous, p.started_on, v.visited_on),
           '+' || (7 * coalesce(p.rhythm_weeks, {DEFAULT_RHYTHM_WEEKS})) || ' days')), 0)
FROM v LEFT JOIN care_plans p ON p.member_id = v.member_id
WHERE v.visited_on BETWEEN :start AND :end GROUP BY v.club_id
"""

_TRAININGS_SQL = f"""
SELECT club_id, count(DISTINCT member_id) FROM trainings
WHERE club_id IN ({_IDS}) AND trained_on BETWEEN :start AND :end GROUP BY club_id
"""


def _params(club_ids: Iterable[int], start: date, end: date) -> dict[str, Any]:
    return {"ids": json.dumps(sorted(set(club_ids))), "start": start.isoformat(),
            "end": end.isoformat(), "year": end.year}


async def all_club_ids(fetch: Fetch, commune: str | None = None) -> list[int]:
    """Every club, or a commune's (its name as the books write it, any case or accents)."""
    rows = await fetch("SELECT id, commune FROM clubs ORDER BY id", ())
    if commune is None:
        return [r[0] for r in rows]
    wanted = " ".join(fold(commune).split())
    return [r[0] for r in rows if " ".join(fold(r[1]).split()) == wanted]


async def cash_sums(fetch: Fetch, club_ids: Iterable[int], start: date, end: date
                    ) -> dict[int, tuple[dict[str, int], dict[str, int]]]:
    """club -> ({kind: sum in the period}, {kind: sum up to its end})."""
    found: dict[int, tuple[dict[str, int], dict[str, int]]] = {}
    for club_id, kind, in_period, to_end in await fetch(_CASH_SQL,
                                                        _params(club_ids, start, end)):
        sums = found.setdefault(club_id, ({}, {}))
        sums[0][kind] = sums[0].get(kind, 0) + int(in_period or 0)
        sums[1][kind] = sums[1].get(kind, 0) + int(to_end or 0)
    return found


async def loan_sums(fetch: Fetch, club_ids: Iterable[int], start: date, end: date
                    ) -> dict[int, tuple[int, int, int]]:
    """club -> (members borrowing in the period, lent in it, owed at its end)."""
    return {r[0]: (int(r[1] or 0), int(r[2] or 0), int(r[3] or 0))
            for r in await fetch(_LOANS_SQL, _params(club_ids, start, end))}


async def count_clubs(fetch: Fetch, club_ids: Iterable[int], period: Period, *,
                      marks: bool = True, health: bool = True) -> dict[int, ClubCounts]:
    """What each club's books hold for the period (clubs that do not exist are left out).

    ``marks`` or ``health`` False leaves the meetings' roll-call marks or the
    readings uncounted (zero): for a reader that shows neither, such as the
    officers' table of a province's clubs (bot/channels/web_officer.py)."""
    ids = sorted(set(club_ids))
    params = _params(ids, period.start, period.end)
    found: dict[int, ClubCounts] = {}
    for r in await fetch(_CLUBS_SQL, params):
        found[r[0]] = ClubCounts(club_id=r[0], name=r[1], commune=r[2], province=r[3],
                                 opening_fund=r[4], members=r[5], women=r[6],
                                 aged_60_plus=r[7], women_aged_60_plus=r[8])
    if not found:
        return found
    for club_id, held_on, activities, present, all_marks in await fetch(
            _MEETINGS_SQL if marks else _MEETINGS_BARE_SQL, params):
        found[club_id].meetings.append(
            (date.fromisoformat(held_on), parse_areas(activities), int(present),
             int(all_marks)))
    for club_id, (in_period, to_end) in (await cash_sums(fetch, ids, period.start,
                                                         period.end)).items():
        found[club_id].in_period, found[club_id].to_end = in_period, to_end
    for club_id, (borrowing, disbursed, owed) in (await loan_sums(fetch, ids, period.start,
                                                                  period.end)).items():
        counts = found[club_id]
        counts.members_borrowing, counts.disbursed, counts.outstanding_principal = (
            borrowing, disbursed, owed)
    for club_id, with_reading, high in (await fetch(_HEALTH_SQL, params) if health else ()):
        found[club_id].members_with_reading += int(with_reading)
        found[club_id].high_bp_members += int(high)
    for club_id, examined, days in await fetch(_EXAMS_SQL, params):
        found[club_id].examined, found[club_id].checkups = int(examined), int(days)
    for club_id, visits, flagged, covered, on_time in await fetch(_VISITS_SQL, params):
        counts = found[club_id]
        counts.visits, counts.flagged = int(visits), int(flagged)
        counts.members_covered, counts.on_time = int(covered), int(on_time)
    for club_id, trained in await fetch(_TRAININGS_SQL, params):
        found[club_id].trained = int(trained)
    return found


async def fund_positions(fetch: Fetch, club_ids: Iterable[int], on: date
                         ) -> dict[int, FundPosition]:
    """Each club's fund at the end of ``on``: the same sums and identities as the report's."""
    ids = sorted(set(club_ids))
    openings = {r[0]: r[1] for r in await fetch(
        f"SELECT id, opening_fund FROM clubs WHERE id IN ({_IDS})", {"ids": json.dumps(ids)})}
    sums = await cash_sums(fetch, ids, on, on)
    loans = await loan_sums(fetch, ids, on, on)
    return {club_id: fund_position(opening, sums.get(club_id, ({}, {}))[1],
                                   loans.get(club_id, (0, 0, 0))[2])
            for club_id, opening in openings.items()}


async def fund_position_of(fetch: Fetch, club_id: int, on: date) -> FundPosition:
    return (await fund_positions(fetch, [club_id], on))[club_id]
