"""Meetings and check-ups as the programme counts them, written from chat.

* The 8 activity areas a held meeting covered (``meetings.activities``), ticked
  one tap at a time after its roll-call is saved; a tap changes the area only
  if it still shows what the tapped button showed (a double tap changes
  nothing), like roll-call marks.
* A meeting's topic: for one held (``meetings.topic``), and for one still to
  come (``meeting_topics``, by the date the club's rule gives it).
* Who was examined at a check-up (``checkup_exams``), a tap per member.

Each change is audited in its own transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from club.programme import AREAS, parse_areas
from storage.club_scope import NotInClub, require_member
from storage.database import Database, audit


def areas_text(areas: frozenset[int]) -> str:
    """As the books write them: '1, 2, 6'."""
    return ", ".join(str(a) for a in sorted(areas))


@dataclass(frozen=True, slots=True)
class HeldMeeting:
    id: int
    held_on: date
    topic: str
    areas: frozenset[int]


async def held_meeting(db: Database, club_id: int, day: date) -> HeldMeeting | None:
    row = await db.fetchone(
        "SELECT id, held_on, topic, activities FROM meetings WHERE club_id = ? AND held_on = ? "
        "ORDER BY id LIMIT 1", (club_id, day.isoformat()))
    if row is None:
        return None
    return HeldMeeting(row[0], date.fromisoformat(row[1]), row[2], parse_areas(row[3]))


async def toggle_area(db: Database, club_id: int, day: date, area: int, *, shown: bool,
                      actor: str, now: datetime) -> HeldMeeting | None:
    """Tick or untick one area of the day's meeting, if it still is as ``shown``."""
    if area not in AREAS:
        raise ValueError(f"no activity area {area}")
    async with db.transaction() as conn:
        rows = list(await conn.execute_fetchall(
            "SELECT id, activities FROM meetings WHERE club_id = ? AND held_on = ? "
            "ORDER BY id LIMIT 1", (club_id, day.isoformat())))
        if not rows:
            return None
        meeting_id, stored = rows[0]
        areas = parse_areas(stored)
        if (area in areas) == shown:
            areas = areas - {area} if shown else areas | {area}
            await conn.execute("UPDATE meetings SET activities = ? WHERE id = ?",
                               (areas_text(areas), meeting_id))
            await audit(conn, at=now, actor=actor, action="meeting_areas", club_id=club_id,
                        detail={"meeting": meeting_id, "areas": areas_text(areas)})
    return await held_meeting(db, club_id, day)


async def set_meeting_topic(db: Database, club_id: int, day: date, topic: str, *, actor: str,
                            now: datetime) -> bool:
    """The topic of the meeting held that day; False if none was recorded."""
    async with db.transaction() as conn:
        cur = await conn.execute(
            "UPDATE meetings SET topic = ? WHERE id = (SELECT id FROM meetings "
            "WHERE club_id = ? AND held_on = ? ORDER BY id LIMIT 1)",
            (topic, club_id, day.isoformat()))
        if not cur.rowcount:
            return False
        await audit(conn, at=now, actor=actor, action="meeting_topic", club_id=club_id,
                    detail={"held_on": day.isoformat(), "topic": topic})
    return True


async def plan_topic(db: Database, club_id: int, regular_on: date, topic: str, *, actor: str,
                     now: datetime) -> None:
    """The topic of a meeting to come ('' clears it)."""
    async with db.transaction() as conn:
        if topic:
            await conn.execute(
                "INSERT INTO meeting_topics (club_id, regular_on, topic, set_by, set_at) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT (club_id, regular_on) DO UPDATE SET "
                "topic = excluded.topic, set_by = excluded.set_by, set_at = excluded.set_at",
                (club_id, regular_on.isoformat(), topic, actor, now.isoformat(timespec="seconds")))
        else:
            await conn.execute("DELETE FROM meeting_topics WHERE club_id = ? AND regular_on = ?",
                               (club_id, regular_on.isoformat()))
        await audit(conn, at=now, actor=actor, action="meeting_topic_planned", club_id=club_id,
                    detail={"regular_on": regular_on.isoformat(), "topic": topic})


async def planned_topic(db: Database, club_id: int, regular_on: date) -> str:
    row = await db.fetchone("SELECT topic FROM meeting_topics WHERE club_id = ? "
                            "AND regular_on = ?", (club_id, regular_on.isoformat()))
    return row[0] if row else ""


# ---------------------------------------------------------------- check-ups attended

async def past_checkup_days(db: Database, club_id: int, today: date, limit: int = 4
                            ) -> list[tuple[date, str]]:
    """The latest check-ups whose day has come: (day, what), newest first."""
    rows = await db.fetchall(
        "SELECT held_on, group_concat(what, ', ') FROM checkups WHERE club_id = ? "
        "AND held_on <= ? GROUP BY held_on ORDER BY held_on DESC LIMIT ?",
        (club_id, today.isoformat(), limit))
    return [(date.fromisoformat(r[0]), r[1] or "") for r in rows]


async def is_checkup_day(db: Database, club_id: int, day: date) -> bool:
    return await db.fetchone("SELECT 1 FROM checkups WHERE club_id = ? AND held_on = ?",
                             (club_id, day.isoformat())) is not None


async def examined(db: Database, club_id: int, day: date) -> set[int]:
    return {r[0] for r in await db.fetchall(
        "SELECT member_id FROM checkup_exams WHERE club_id = ? AND held_on = ?",
        (club_id, day.isoformat()))}


async def mark_examined(db: Database, club_id: int, day: date, member_id: int, *, shown: bool,
                        actor: str, now: datetime) -> bool:
    """Tick (``shown`` False) or untick (``shown`` True) a member; False if it
    already was as wanted (a second tap). NotInClub for a member of another club."""
    async with db.transaction() as conn:
        await require_member(conn, club_id, member_id)
        if not list(await conn.execute_fetchall(
                "SELECT 1 FROM checkups WHERE club_id = ? AND held_on = ?",
                (club_id, day.isoformat()))):
            raise NotInClub("check-up", None, club_id)
        if shown:
            cur = await conn.execute(
                "DELETE FROM checkup_exams WHERE club_id = ? AND held_on = ? AND member_id = ?",
                (club_id, day.isoformat(), member_id))
        else:
            cur = await conn.execute(
                "INSERT OR IGNORE INTO checkup_exams (club_id, held_on, member_id) "
                "VALUES (?, ?, ?)", (club_id, day.isoformat(), member_id))
        if not cur.rowcount:
            return False
        await audit(conn, at=now, actor=actor, action="checkup_exam", club_id=club_id,
                    member_id=member_id, detail={"held_on": day.isoformat(), "examined": not shown})
    return True


async def topic_for_day(db: Database, club_id: int, day: date) -> str:
    """The topic planned for the meeting held that day (by its rule's date, or moved to it)."""
    row = await db.fetchone(
        "SELECT topic FROM meeting_topics WHERE club_id = :club AND (regular_on = :day OR "
        "regular_on IN (SELECT regular_on FROM meeting_changes WHERE club_id = :club "
        "AND held_on = :day)) LIMIT 1", {"club": club_id, "day": day.isoformat()})
    return row[0] if row else ""
