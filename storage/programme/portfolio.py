"""Loan health and the dashboard's other per-club figures, over any list of clubs.

Kept beside ``figures.py`` (which counts the report's figures) and in the
same manner: each query takes the whole list of clubs as one bound JSON array
and reads its tables' club-first indexes, so an officer's thousand clubs cost
the same few statements as one.

* **PAR30** (portfolio at risk, SAVIX's standard indicator): the principal
  still owed on loans with an installment more than 30 days overdue, over all
  principal still owed, on a given day. A loan's lateness is never stored: it
  is the loan's schedule against the standing principal and interest repaid
  by that day, by :func:`club.loans.behind_on` (the core of
  :func:`club.loans.overdue_beyond`), held by tests to agree with
  :func:`club.loans.loan_status`, which tells a member her loan is late: the
  officer and the member never disagree. The repayments per loan come from
  the sums the database keeps (migration 0024; reversed entries and their
  reversals drop out, as in the report); only loans with principal still owed
  reach Python.
* **Recent meetings**: meetings held in the three months up to a day, and
  whether the last of them has its roll-call recorded.
* **Last check-up**: the latest check-up day on or before a day.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from club.loans import RepaymentMethod, behind_on
from club.programme import _add_months
from storage.programme.figures import Fetch

_IDS = "SELECT value FROM json_each(:ids)"

PAR_DAYS = 30  # "more than 30 days overdue"
RECENT_MONTHS = 3

# Each loan lent by the day, with the principal and interest repaid by it
# (entries that stand), kept only while principal is still owed: what stands
# repaid on each loan (kept on every write, migration 0024) less what stands
# dated after the day (nothing, for a dashboard of today).
_LOANS_SQL = f"""
WITH later AS (
    SELECT loan_id, kind, amount FROM cash_entries
    WHERE reverses_id IS NULL AND kind IN ('principal', 'interest') AND club_id IN ({_IDS})
      AND entry_date > :on AND loan_id IS NOT NULL
    UNION ALL
    SELECT o.loan_id, o.kind, -o.amount
    FROM cash_entries r CROSS JOIN cash_entries o ON o.id = r.reverses_id
    WHERE r.reverses_id IS NOT NULL AND r.kind IN ('principal', 'interest')
      AND r.club_id IN ({_IDS}) AND o.entry_date > :on AND o.loan_id IS NOT NULL
), after AS (
    SELECT loan_id, sum(CASE WHEN kind = 'principal' THEN amount ELSE 0 END) AS principal,
           sum(CASE WHEN kind = 'interest' THEN amount ELSE 0 END) AS interest
    FROM later GROUP BY loan_id
), paid AS (
    SELECT l.id, l.club_id, l.code, l.amount, l.disbursed_on, l.term_months, l.rate_ppm,
           l.method,
           coalesce(t.principal, 0) - coalesce(a.principal, 0) AS principal,
           coalesce(t.interest, 0) - coalesce(a.interest, 0) AS interest
    FROM loans l LEFT JOIN loan_repaid t ON t.loan_id = l.id
    LEFT JOIN after a ON a.loan_id = l.id
    WHERE l.club_id IN ({_IDS}) AND l.disbursed_on <= :on
)
SELECT club_id, code, amount, disbursed_on, term_months, rate_ppm, method, principal, interest
FROM paid WHERE amount > principal
"""

# Meetings in (since, on], and the last one's roll-call marks.
_RECENT_SQL = f"""
SELECT mt.club_id, count(*), max(mt.held_on),
       (SELECT count(*) FROM attendance a WHERE a.meeting_id =
            (SELECT m2.id FROM meetings m2 WHERE m2.club_id = mt.club_id
               AND m2.held_on <= :on ORDER BY m2.held_on DESC, m2.id DESC LIMIT 1))
FROM meetings mt
WHERE mt.club_id IN ({_IDS}) AND mt.held_on > :since AND mt.held_on <= :on
GROUP BY mt.club_id
"""

_CHECKUP_SQL = f"""
SELECT club_id, max(held_on) FROM checkups
WHERE club_id IN ({_IDS}) AND held_on <= :on GROUP BY club_id
"""


@dataclass(frozen=True, slots=True)
class Portfolio:
    """One club's loans on a day: principal owed, and the part at risk."""

    outstanding: int = 0
    at_risk: int = 0          # principal of loans more than PAR_DAYS days overdue
    loans_at_risk: int = 0


@lru_cache(maxsize=4096)
def _day(iso: str) -> date:
    return date.fromisoformat(iso)


def _ids(club_ids: Iterable[int]) -> str:
    return json.dumps(sorted(set(club_ids)))


async def portfolios(fetch: Fetch, club_ids: Iterable[int], on: date) -> dict[int, Portfolio]:
    """club -> its :class:`Portfolio` on ``on`` (clubs with nothing owed are left out)."""
    found: dict[int, list[int]] = {}
    cutoff = on - timedelta(days=PAR_DAYS + 1)  # club.loans.overdue_beyond's, per loan
    declining = RepaymentMethod.DECLINING.value
    for (club_id, _, amount, disbursed, term, rate, method, principal,
         interest) in await fetch(_LOANS_SQL, {"ids": _ids(club_ids), "on": on.isoformat()}):
        principal, interest = max(0, int(principal)), max(0, int(interest))
        owed = amount - principal
        sums = found.setdefault(club_id, [0, 0, 0])
        sums[0] += owed
        if behind_on(amount, _day(disbursed), term, rate, method == declining, principal,
                     interest, cutoff):
            sums[1] += owed
            sums[2] += 1
    return {club_id: Portfolio(*sums) for club_id, sums in found.items()}


@dataclass(frozen=True, slots=True)
class Recent:
    """One club's meetings in the months up to a day."""

    held: int = 0
    last_on: date | None = None
    last_marks: int = 0       # roll-call marks of the last meeting (0: not recorded)


async def recent_meetings(fetch: Fetch, club_ids: Iterable[int], on: date,
                          months: int = RECENT_MONTHS) -> dict[int, Recent]:
    since = _add_months(on, -months)
    rows = await fetch(_RECENT_SQL, {"ids": _ids(club_ids), "on": on.isoformat(),
                                     "since": since.isoformat()})
    return {r[0]: Recent(int(r[1]), date.fromisoformat(r[2]), int(r[3] or 0)) for r in rows}


async def last_checkups(fetch: Fetch, club_ids: Iterable[int], on: date) -> dict[int, date]:
    rows = await fetch(_CHECKUP_SQL, {"ids": _ids(club_ids), "on": on.isoformat()})
    return {r[0]: date.fromisoformat(r[1]) for r in rows}
