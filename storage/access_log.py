"""Who read another member's health data: whose, when, by whom — never the values.

Written whenever a board member, a volunteer or a relative is shown a
member's readings (her own looks are hers alone and are not logged). The
member sees who looked in the last twelve months ("📄 Dữ liệu cá nhân"); the
chair sees the club's log. Rows are never edited; the retention sweep
(storage/retention.py) deletes them after ``[retention] access_log``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import aiosqlite

from storage.database import Database

BOARD, VOLUNTEER, RELATIVE = "board", "volunteer", "relative"
# What was looked at.
HEALTH_SCREEN, MY_DATA, LAST_READING = "health", "my_data", "last_reading"
SHOWN_TO_MEMBER = timedelta(days=365)


@dataclass(frozen=True, slots=True)
class Access:
    at: str
    member_id: int
    member_name: str
    viewer_kind: str
    viewer_member_id: int | None
    viewer_name: str | None     # the board member or volunteer; None for a relative
    viewer: str                 # channel:account
    what: str


async def record(db: Database, *, club_id: int, member_id: int, viewer_kind: str,
                 viewer: str, what: str, now: datetime,
                 viewer_member_id: int | None = None) -> None:
    async with db.transaction() as conn:
        await record_in(conn, club_id=club_id, member_id=member_id, viewer_kind=viewer_kind,
                        viewer=viewer, what=what, now=now, viewer_member_id=viewer_member_id)


async def record_in(conn: aiosqlite.Connection, *, club_id: int, member_id: int,
                    viewer_kind: str, viewer: str, what: str, now: datetime,
                    viewer_member_id: int | None = None) -> None:
    await conn.execute(
        "INSERT INTO health_access_log (at, club_id, member_id, viewer_kind, viewer_member_id, "
        "viewer, what) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (now.isoformat(timespec="seconds"), club_id, member_id, viewer_kind, viewer_member_id,
         viewer, what))


_SELECT = """
SELECT a.at, a.member_id, m.name, a.viewer_kind, a.viewer_member_id, v.name, a.viewer, a.what
FROM health_access_log a
JOIN members m ON m.id = a.member_id
LEFT JOIN members v ON v.id = a.viewer_member_id
"""


async def of_member(db: Database, member_id: int, *, now: datetime,
                    since: timedelta = SHOWN_TO_MEMBER) -> list[Access]:
    """Who looked at this member's health data since ``now - since``, newest first."""
    rows = await db.fetchall(
        _SELECT + "WHERE a.member_id = ? AND a.at >= ? ORDER BY a.at DESC, a.id DESC",
        (member_id, (now - since).isoformat(timespec="seconds")))
    return [Access(*r) for r in rows]


async def of_club(db: Database, club_id: int, *, limit: int) -> list[Access]:
    """The club's latest accesses, newest first."""
    rows = await db.fetchall(
        _SELECT + "WHERE a.club_id = ? ORDER BY a.at DESC, a.id DESC LIMIT ?", (club_id, limit))
    return [Access(*r) for r in rows]
