"""The roll-call of one meeting: marks taken tap by tap, then saved as attendance.

Two board members may mark the same sheet at once, each on their own phone.
So a mark is never written as part of a whole sheet (which would be a stale
copy the moment the other one taps): each tap changes one member's row in
``rollcall_marks``, and only if that row still says what the tapped button
showed (compare-and-set). A repeated tap, or a tap on a button another board
member has since changed, then changes nothing. Saving copies the marks into
``meetings`` and ``attendance`` in one transaction, with the audit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum

import aiosqlite

from storage.cashbook import STANDING_CONTRIBUTIONS_SQL
from storage.database import Database, audit

STATUSES = ("present", "absent", "excused")
# Saved for a member nobody marked: the paper book's rule, no tick is absent.
UNMARKED_SAVED_AS = "absent"


@dataclass(frozen=True, slots=True)
class SheetLine:
    member_id: int
    code: str
    name: str
    mark: str | None    # the roll-call being taken; None: not marked yet
    saved: str | None   # as last saved in ``attendance``; None: never saved


@dataclass(frozen=True, slots=True)
class Sheet:
    club_id: int
    held_on: date
    meeting_id: int | None   # the meeting row of that day, once there is one
    lines: tuple[SheetLine, ...]

    def count(self, status: str | None) -> int:
        return sum(1 for line in self.lines if line.mark == status)

    @property
    def unsaved(self) -> bool:
        """Some mark differs from what is saved (or nothing is saved yet)."""
        return self.meeting_id is None or any(
            line.saved is None or line.mark != line.saved for line in self.lines)


class MarkResult(Enum):
    CHANGED = "changed"
    UNCHANGED = "unchanged"      # the mark was no longer what the button showed
    NOT_IN_CLUB = "not_in_club"  # forged: no such member in this club


@dataclass(frozen=True, slots=True)
class Saved:
    meeting_id: int
    meeting_code: str
    created: bool                # the meeting row was made by this save
    present: int
    absent: int
    excused: int
    unmarked: int                # members nobody marked, saved as UNMARKED_SAVED_AS
    corrected: int               # members whose saved status this save changed


# The whole sheet in one round trip: it is read again after every tap.
_SHEET_SQL = """
WITH mt AS (SELECT id FROM meetings WHERE club_id = :club AND held_on = :day
            ORDER BY id LIMIT 1)
SELECT m.id, m.code, m.name, r.status, a.status, (SELECT id FROM mt)
FROM members m
LEFT JOIN rollcall_marks r ON r.club_id = m.club_id AND r.held_on = :day AND r.member_id = m.id
LEFT JOIN attendance a ON a.member_id = m.id AND a.meeting_id = (SELECT id FROM mt)
WHERE m.club_id = :club
ORDER BY m.code
"""

_MEETING_SQL = "SELECT id FROM meetings WHERE club_id = ? AND held_on = ? ORDER BY id LIMIT 1"


async def meeting_on(db: Database, club_id: int, day: date) -> int | None:
    """The club's meeting row for that day, if one was recorded."""
    row = await db.fetchone(_MEETING_SQL, (club_id, day.isoformat()))
    return int(row[0]) if row else None


async def last_meeting_day(db: Database, club_id: int, until: date) -> date | None:
    """The latest day on or before ``until`` with a recorded meeting."""
    row = await db.fetchone(
        "SELECT max(held_on) FROM meetings WHERE club_id = ? AND held_on <= ?",
        (club_id, until.isoformat()))
    return date.fromisoformat(row[0]) if row and row[0] else None


async def load_sheet(db: Database, club_id: int, day: date) -> Sheet:
    """Every member of the club, in code order, with their mark and saved status."""
    rows = await db.fetchall(_SHEET_SQL, {"day": day.isoformat(), "club": club_id})
    meeting = rows[0][5] if rows else await meeting_on(db, club_id, day)
    return Sheet(club_id, day, meeting, tuple(SheetLine(*r[:5]) for r in rows))


async def start_from_saved(db: Database, club_id: int, day: date, *, actor: str,
                           now: datetime) -> int:
    """Give every member not yet marked the status saved for them, if any.

    Reopening a saved sheet to correct it starts from what was saved; marks
    already taken (someone is correcting right now) are left as they are.
    Returns how many marks were added.
    """
    async with db.transaction() as conn:
        cur = await conn.execute(
            "INSERT OR IGNORE INTO rollcall_marks (club_id, held_on, member_id, status, "
            "marked_by, marked_at) "
            "SELECT ?, ?, a.member_id, a.status, ?, ? FROM attendance a "
            "JOIN members m ON m.id = a.member_id AND m.club_id = ? "
            "WHERE a.meeting_id = (" + _MEETING_SQL + ")",
            (club_id, day.isoformat(), actor, now.isoformat(timespec="seconds"), club_id,
             club_id, day.isoformat()))
        return cur.rowcount


async def mark(db: Database, club_id: int, day: date, member_id: int, *,
               expected: str | None, status: str, actor: str, now: datetime) -> MarkResult:
    """Set one member's mark to ``status``, only if it is still ``expected``."""
    if status not in STATUSES or (expected is not None and expected not in STATUSES):
        raise ValueError(f"unknown status {status!r} / {expected!r}")
    stamp = now.isoformat(timespec="seconds")
    async with db.transaction() as conn:
        member = list(await conn.execute_fetchall(
            "SELECT 1 FROM members WHERE id = ? AND club_id = ?", (member_id, club_id)))
        if not member:
            return MarkResult.NOT_IN_CLUB
        if expected is None:
            cur = await conn.execute(
                "INSERT OR IGNORE INTO rollcall_marks (club_id, held_on, member_id, status, "
                "marked_by, marked_at) VALUES (?, ?, ?, ?, ?, ?)",
                (club_id, day.isoformat(), member_id, status, actor, stamp))
        else:
            cur = await conn.execute(
                "UPDATE rollcall_marks SET status = ?, marked_by = ?, marked_at = ? "
                "WHERE club_id = ? AND held_on = ? AND member_id = ? AND status = ?",
                (status, actor, stamp, club_id, day.isoformat(), member_id, expected))
        return MarkResult.CHANGED if cur.rowcount == 1 else MarkResult.UNCHANGED


async def mark_unmarked(db: Database, club_id: int, day: date, status: str, *, actor: str,
                        now: datetime) -> int:
    """Give every member nobody has marked yet this status ("Tất cả có mặt")."""
    if status not in STATUSES:
        raise ValueError(f"unknown status {status!r}")
    async with db.transaction() as conn:
        cur = await conn.execute(
            "INSERT OR IGNORE INTO rollcall_marks (club_id, held_on, member_id, status, "
            "marked_by, marked_at) SELECT club_id, ?, id, ?, ?, ? FROM members WHERE club_id = ?",
            (day.isoformat(), status, actor, now.isoformat(timespec="seconds"), club_id))
        return cur.rowcount


async def save(db: Database, club_id: int, day: date, *, actor: str, now: datetime,
               time: str = "", place: str = "") -> Saved:
    """Write the marks as the meeting's attendance, in one transaction.

    The day's meeting row is reused, or made (code "BH" + yyyymmdd, the
    club's usual time and place). Members nobody marked are marked and saved
    as ``UNMARKED_SAVED_AS``, so the sheet shown afterwards is what was saved.
    Every save that changes something is audited: once for the meeting, and
    once per member whose earlier saved status it corrects.
    """
    iso = day.isoformat()
    stamp = now.isoformat(timespec="seconds")
    async with db.transaction() as conn:
        found = list(await conn.execute_fetchall(_MEETING_SQL, (club_id, iso)))
        created = not found
        if found:
            meeting_id = int(found[0][0])
        else:
            meeting_id = await _new_meeting(conn, club_id, day, time, place)
        code = list(await conn.execute_fetchall(
            "SELECT code FROM meetings WHERE id = ?", (meeting_id,)))[0][0]
        cur = await conn.execute(
            "INSERT OR IGNORE INTO rollcall_marks (club_id, held_on, member_id, status, "
            "marked_by, marked_at) SELECT club_id, ?, id, ?, ?, ? FROM members WHERE club_id = ?",
            (iso, UNMARKED_SAVED_AS, actor, stamp, club_id))
        unmarked = cur.rowcount
        rows = list(await conn.execute_fetchall(
            "SELECT r.member_id, r.status, a.status FROM rollcall_marks r "
            "JOIN members m ON m.id = r.member_id AND m.club_id = r.club_id "
            "LEFT JOIN attendance a ON a.meeting_id = ? AND a.member_id = r.member_id "
            "WHERE r.club_id = ? AND r.held_on = ?", (meeting_id, club_id, iso)))
        changed = [(member_id, old, new) for member_id, new, old in rows if new != old]
        await conn.executemany(
            "INSERT INTO attendance (meeting_id, member_id, status) VALUES (?, ?, ?) "
            "ON CONFLICT (meeting_id, member_id) DO UPDATE SET status = excluded.status",
            [(meeting_id, member_id, new) for member_id, _, new in changed])
        counts = {s: sum(1 for r in rows if r[1] == s) for s in STATUSES}
        corrected = [c for c in changed if c[1] is not None]
        if changed or created:
            await audit(conn, at=now, actor=actor, action="rollcall_save", club_id=club_id,
                        detail={"meeting": code, "held_on": iso, **counts,
                                "unmarked_as": UNMARKED_SAVED_AS if unmarked else None,
                                "unmarked": unmarked, "changed": len(changed),
                                "corrected": len(corrected)})
        for member_id, old, new in corrected:
            await audit(conn, at=now, actor=actor, action="attendance_correct",
                        club_id=club_id, member_id=member_id,
                        detail={"meeting": code, "held_on": iso, "from": old, "to": new})
    return Saved(meeting_id, code, created, counts["present"], counts["absent"],
                 counts["excused"], unmarked, len(corrected))


async def _new_meeting(conn: aiosqlite.Connection, club_id: int, day: date, time: str,
                       place: str) -> int:
    base = "BH" + day.strftime("%Y%m%d")
    taken = {r[0] for r in await conn.execute_fetchall(
        "SELECT code FROM meetings WHERE club_id = ? AND code LIKE ?", (club_id, base + "%"))}
    code, n = base, 1
    while code in taken:  # a meeting moved away from this day kept its code
        n += 1
        code = f"{base}-{n}"
    cur = await conn.execute(
        "INSERT INTO meetings (club_id, code, held_on, time, place) VALUES (?, ?, ?, ?, ?)",
        (club_id, code, day.isoformat(), time, place))
    return int(cur.lastrowid or 0)


async def present_at(db: Database, club_id: int, day: date) -> tuple[set[int], bool]:
    """Who was present that day, and whether that comes from a saved roll-call.

    The saved attendance when there is one, else the marks being taken.
    """
    meeting = await meeting_on(db, club_id, day)
    if meeting is not None:
        rows = await db.fetchall(
            "SELECT a.member_id, a.status FROM attendance a JOIN members m "
            "ON m.id = a.member_id AND m.club_id = ? WHERE a.meeting_id = ?", (club_id, meeting))
        if rows:
            return {r[0] for r in rows if r[1] == "present"}, True
    rows = await db.fetchall(
        "SELECT member_id FROM rollcall_marks WHERE club_id = ? AND held_on = ? "
        "AND status = 'present'", (club_id, day.isoformat()))
    return {r[0] for r in rows}, False


async def contributed_on(db: Database, club_id: int, day: date) -> set[int]:
    """Members with a contribution entered for that day that still stands (what
    the sweep shows; it decides again inside its own write, see
    storage.cashbook.record_sweep)."""
    rows = await db.fetchall(STANDING_CONTRIBUTIONS_SQL, (club_id, day.isoformat()))
    return {r[0] for r in rows}
