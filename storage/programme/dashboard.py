"""What the officers' dashboard reads: each club's row, and one club's page.

Every figure comes from the report's own counts (``figures.count_clubs`` and
club/programme.py's :func:`~club.programme.club_report`), plus loan health
and the recent meetings from ``portfolio.py``; club/dashboard.py turns them
into lit rows. Nothing is computed from every row of the books per club: each
statement takes the whole list of clubs and reads club-first indexes.

A province's thousand clubs are a million rows of cash book, so two things
keep its page under a second:

* :class:`ReadPool`: a few read-only connections to the same file besides
  the bot's own, each in its own thread; the clubs are split between them and
  their statements run at the same time (SQLite releases the GIL while it
  steps, and WAL lets readers run beside the writer).
* :class:`DashboardCache`: the rows of a (period, clubs, day) are kept until
  the database changes (``Database.data_version`` moves with every commit,
  whichever connection or process made it), so sorting, filtering and
  coming back cost no statement at all.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import aiosqlite

from club.dashboard import Extras, Row, dashboard_day, make_row, month_ends
from club.programme import Period, club_report, custom, parse_areas, ratio
from storage.database import Database
from storage.programme.figures import Fetch, count_clubs
from storage.programme.portfolio import last_checkups, portfolios, recent_meetings
from storage.programme.report import club_series

READERS = 2  # this machine has two cores


class ReadPool:
    """Read-only connections beside the bot's own (see the module's doc)."""

    def __init__(self, fetchers: Sequence[Fetch],
                 connections: Sequence[aiosqlite.Connection] = ()) -> None:
        self.fetchers = list(fetchers)
        self._connections = list(connections)

    @classmethod
    async def open(cls, db: Database, size: int = READERS) -> ReadPool:
        """``size`` connections to ``db``'s file; just ``db`` itself for a
        database in memory, which no second connection can see."""
        rows = await db.fetchall("PRAGMA database_list")
        path = next((r[2] for r in rows if r[1] == "main"), "")
        if not path or size < 2:
            return cls([db.fetchall])
        uri = Path(path).resolve().as_uri() + "?mode=ro"
        connections = []
        try:
            for _ in range(size):
                conn = await aiosqlite.connect(uri, uri=True)
                await conn.execute("PRAGMA busy_timeout=5000")
                connections.append(conn)
        except BaseException:
            for conn in connections:
                with contextlib.suppress(Exception):
                    await conn.close()
            raise
        return cls([c.execute_fetchall for c in connections],  # type: ignore[misc]
                   connections)

    async def close(self) -> None:
        for conn in self._connections:
            with contextlib.suppress(Exception):
                await conn.close()
        self._connections.clear()


async def _rows_of(fetch: Fetch, club_ids: list[int], period: Period, on: date) -> list[Row]:
    # The table shows neither attendance nor readings: they are left uncounted.
    counts = await count_clubs(fetch, club_ids, period, marks=False, health=False)
    loans = await portfolios(fetch, club_ids, on)
    recent = await recent_meetings(fetch, club_ids, on)
    checkups = await last_checkups(fetch, club_ids, on)
    rows = []
    for club_id in club_ids:
        if club_id not in counts:
            continue
        owed = loans.get(club_id)
        met = recent.get(club_id)
        extras = Extras(
            on=on, outstanding=owed.outstanding if owed else 0,
            at_risk=owed.at_risk if owed else 0,
            recent_meetings=met.held if met else 0, last_meeting=met.last_on if met else None,
            last_rollcall_marks=met.last_marks if met else 0,
            last_checkup=checkups.get(club_id))
        rows.append(make_row(club_report(counts[club_id], period), extras))
    return rows


async def dashboard_rows(fetchers: Sequence[Fetch], club_ids: Sequence[int], period: Period,
                         today: date) -> list[Row]:
    """Each club's row for the period, the clubs split among the readers."""
    ids = sorted(set(club_ids))
    on = dashboard_day(period.end, today)
    parts = max(1, min(len(fetchers), len(ids)))
    chunks = [ids[i::parts] for i in range(parts)]
    found = await asyncio.gather(*(_rows_of(fetchers[i], chunk, period, on)
                                   for i, chunk in enumerate(chunks)))
    return [row for part in found for row in part]


class DashboardCache:
    """Rows kept until the database changes (see the module's doc)."""

    def __init__(self, db: Database, pool: ReadPool, size: int = 16) -> None:
        self.db, self.pool, self.size = db, pool, size
        self._kept: OrderedDict[tuple[Any, ...], tuple[int, list[Row]]] = OrderedDict()

    async def rows(self, club_ids: Sequence[int], period: Period, today: date) -> list[Row]:
        key = (period.start, period.end, period.key, tuple(sorted(club_ids)),
               dashboard_day(period.end, today))
        version = self.db.data_version()
        kept = self._kept.get(key)
        if kept is not None and kept[0] == version and version != -1:
            self._kept.move_to_end(key)
            return kept[1]
        rows = await dashboard_rows(self.pool.fetchers, club_ids, period, today)
        self._kept[key] = (version, rows)
        while len(self._kept) > self.size:
            self._kept.popitem(last=False)
        return rows


# ---------------------------------------------------------------- one club's page


@dataclass(frozen=True, slots=True)
class MeetingLine:
    held_on: date
    topic: str
    areas: frozenset[int]
    present: int
    marks: int


@dataclass(frozen=True, slots=True)
class BoardLine:
    name: str
    role: str
    trained_on: date | None
    topic: str


@dataclass(frozen=True, slots=True)
class ClubPage:
    row: Row
    report: dict[str, Any]
    meetings: list[MeetingLine]
    board: list[BoardLine]


async def club_page(fetch: Fetch, club_id: int, period: Period, today: date) -> ClubPage | None:
    rows = await dashboard_rows([fetch], [club_id], period, today)
    if not rows:
        return None
    counts = (await count_clubs(fetch, [club_id], period))[club_id]
    report = club_report(counts, period)
    meetings = [MeetingLine(date.fromisoformat(r[0]), r[1] or "", parse_areas(r[2]),
                            int(r[3]), int(r[4])) for r in await fetch(
        "SELECT mt.held_on, mt.topic, mt.activities, "
        "(SELECT count(*) FROM attendance a WHERE a.meeting_id = mt.id "
        " AND a.status = 'present'), "
        "(SELECT count(*) FROM attendance a WHERE a.meeting_id = mt.id) "
        "FROM meetings mt WHERE mt.club_id = ? AND mt.held_on BETWEEN ? AND ? "
        "ORDER BY mt.held_on, mt.id",
        (club_id, period.start.isoformat(), period.end.isoformat()))]
    # Names and posts only: an officer's page never shows a phone.
    board = [BoardLine(r[0], r[1], date.fromisoformat(r[2]) if r[2] else None, r[3] or "")
             for r in await fetch(
        "SELECT m.name, m.role, t.trained_on, t.topic FROM members m "
        "LEFT JOIN trainings t ON t.member_id = m.id AND t.trained_on = "
        "  (SELECT max(trained_on) FROM trainings WHERE member_id = m.id) "
        "WHERE m.club_id = ? AND m.role != '' GROUP BY m.id "
        "ORDER BY CASE m.role WHEN 'Chủ nhiệm' THEN 0 WHEN 'Phó chủ nhiệm' THEN 1 "
        "WHEN 'Thư ký' THEN 2 WHEN 'Thủ quỹ' THEN 3 ELSE 4 END, m.name", (club_id,))]
    return ClubPage(rows[0], report, meetings, board)


async def club_trends(fetch: Fetch, club_id: int, period: Period, today: date
                      ) -> dict[str, Any]:
    """The club's figures over the period, month by month, for its charts: the
    report's series (fund, attendance), and at each month's end the share of
    members borrowing in that month and PAR30 on that day."""
    series = await club_series(fetch, period, club_id)
    last = dashboard_day(period.end, today)
    borrowing, par30 = [], []
    first = period.start
    for day in month_ends(period.start, max(last, period.start)):
        counts = (await count_clubs(fetch, [club_id], custom(first, day)))[club_id]
        borrowing.append({"on": day.isoformat(),
                          "share": ratio(counts.members_borrowing, counts.members)})
        owed = (await portfolios(fetch, [club_id], day)).get(club_id)
        par30.append({"on": day.isoformat(),
                      "share": ratio(owed.at_risk, owed.outstanding) if owed else 0.0})
        first = date.fromordinal(day.toordinal() + 1)
    series["borrowing_by_month"] = borrowing
    series["par30_by_month"] = par30
    return series
