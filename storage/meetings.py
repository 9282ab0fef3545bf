"""One meeting moved or cancelled: the board's changes to the club's regular rule.

A change is stored against the date the rule gives (``regular_on``), which
stays the occurrence's identity however often it is moved. Each change
cancels, in the same transaction, whatever reminder about that occurrence is
still waiting in the outbox; the planner then writes the reminders for the
new date and time under new keys. So a stale reminder cannot go out after
the change is committed, and the new one goes out once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import aiosqlite

from club.calendar import MeetingRule, meeting_dates, parse_time
from club.reminders import MAX_SHIFT, MeetingChange, Occurrence, occurrences
from storage.conversation import FlowTicket, consume
from storage.database import Database, audit
from storage.outbox import cancel_events


@dataclass(frozen=True, slots=True)
class ClubSchedule:
    club_id: int
    name: str
    rule: MeetingRule
    changes: dict[date, MeetingChange]

    def occurrences(self, start: date, end: date, *,
                    include_cancelled: bool = False) -> list[Occurrence]:
        return occurrences(self.rule, self.changes, start, end,
                           include_cancelled=include_cancelled)


class MeetingChangeError(ValueError):
    """The change cannot be made; ``reason`` says why ('past', 'too_far', 'unknown')."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def rule_of(day: int, lunar: bool, at: str, place: str) -> MeetingRule:
    """The club's rule from its row; an unreadable time counts as none."""
    try:
        when = parse_time(at) if at else None
    except ValueError:
        when = None
    return MeetingRule(day=day, lunar=bool(lunar), time=when, place=place)


def change_from_row(row: aiosqlite.Row | tuple) -> MeetingChange:
    """(regular_on, cancelled, held_on, time, place) as stored."""
    regular_on, cancelled, held_on, at, place = row
    return MeetingChange(
        regular_on=date.fromisoformat(regular_on), cancelled=bool(cancelled),
        on=date.fromisoformat(held_on) if held_on else None,
        at=parse_time(at) if at else None, place=place)


_CHANGES_SQL = ("SELECT regular_on, cancelled, held_on, time, place FROM meeting_changes "
                "WHERE club_id = ?")


async def schedule(db: Database, club_id: int) -> ClubSchedule | None:
    """The club's rule and every change the board made to it."""
    club = await db.fetchone(
        "SELECT id, name, meeting_day, meeting_lunar, meeting_time, meeting_place FROM clubs "
        "WHERE id = ?", (club_id,))
    if club is None:
        return None
    rows = await db.fetchall(_CHANGES_SQL, (club_id,))
    changes = {c.regular_on: c for c in map(change_from_row, rows)}
    return ClubSchedule(club[0], club[1], rule_of(*club[2:]), changes)


async def upcoming(db: Database, club_id: int, now: datetime, count: int = 3, *,
                   include_cancelled: bool = True) -> list[Occurrence]:
    """The next meetings not yet begun (cancelled ones marked as such)."""
    found = await schedule(db, club_id)
    if found is None:
        return []
    later = found.occurrences(now.date(), now.date() + timedelta(days=31 * (count + 1)),
                              include_cancelled=include_cancelled)
    return [o for o in later if _starts(o) > now][:count]


def _starts(occurrence: Occurrence) -> datetime:
    # A meeting without a time counts as begun at the end of its day.
    return datetime.combine(occurrence.on, occurrence.at or time(23, 59))


async def occurrence_of(db: Database, club_id: int, regular_on: date) -> Occurrence | None:
    """The occurrence the club's rule puts on ``regular_on``, as it stands now;
    None if the rule puts no meeting on that day."""
    found = await schedule(db, club_id)
    if found is None or regular_on not in meeting_dates(found.rule, regular_on, regular_on):
        return None
    return next(o for o in found.occurrences(regular_on - MAX_SHIFT, regular_on + MAX_SHIFT,
                                             include_cancelled=True)
                if o.regular_on == regular_on)


async def find(db: Database, club_id: int, day: date) -> Occurrence | None:
    """The occurrence held on ``day``, or else the one the rule puts on ``day``."""
    found = await schedule(db, club_id)
    if found is None:
        return None
    around = found.occurrences(day - MAX_SHIFT, day + MAX_SHIFT, include_cancelled=True)
    for occurrence in around:
        if occurrence.on == day and not occurrence.cancelled:
            return occurrence
    for occurrence in around:
        if occurrence.regular_on == day:
            return occurrence
    return None


def _event_keys(club_id: int, regular_on: date) -> list[str]:
    return [f"meeting:{club_id}:{regular_on.isoformat()}",
            f"rollcall:{club_id}:{regular_on.isoformat()}"]


async def _check(db: Database, club_id: int, regular_on: date,
                 now: datetime) -> tuple[ClubSchedule, Occurrence]:
    """The club's schedule and the occurrence, which must exist and not have begun."""
    found = await schedule(db, club_id)
    if found is None or regular_on not in meeting_dates(found.rule, regular_on, regular_on):
        raise MeetingChangeError("unknown")  # not a date the rule gives: forged or stale
    current = next(o for o in found.occurrences(regular_on - MAX_SHIFT, regular_on + MAX_SHIFT,
                                                include_cancelled=True)
                   if o.regular_on == regular_on)
    if _starts(current) <= now:
        raise MeetingChangeError("past")
    return found, current


async def move(db: Database, club_id: int, regular_on: date, new_on: date,
               new_time: time | None, *, actor: str, now: datetime,
               ticket: FlowTicket | None = None) -> Occurrence:
    """Hold the occurrence the rule puts on ``regular_on`` at another date and time."""
    found, current = await _check(db, club_id, regular_on, now)
    # A new date without a time keeps the time the meeting has now.
    at = new_time or current.at
    if datetime.combine(new_on, at or time(23, 59)) <= now:
        raise MeetingChangeError("past")
    if abs(new_on - regular_on) > MAX_SHIFT:
        raise MeetingChangeError("too_far")
    if (new_on, at) == (regular_on, found.rule.time):
        return await restore(db, club_id, regular_on, actor=actor, now=now, ticket=ticket)
    async with db.transaction() as conn:
        if ticket is not None:
            await consume(conn, ticket)
        await conn.execute(
            "INSERT INTO meeting_changes (club_id, regular_on, cancelled, held_on, time, place, "
            "changed_by, changed_at) VALUES (?, ?, 0, ?, ?, NULL, ?, ?) "
            "ON CONFLICT (club_id, regular_on) DO UPDATE SET cancelled = 0, "
            "held_on = excluded.held_on, time = excluded.time, changed_by = excluded.changed_by, "
            "changed_at = excluded.changed_at",
            (club_id, regular_on.isoformat(), new_on.isoformat(),
             at.strftime("%H:%M") if at else None, actor, now.isoformat(timespec="seconds")))
        cancelled = await cancel_events(conn, _event_keys(club_id, regular_on), "meeting moved")
        await audit(conn, at=now, actor=actor, action="meeting_move", club_id=club_id,
                    detail={"regular_on": regular_on.isoformat(), "held_on": new_on.isoformat(),
                            "time": at.strftime("%H:%M") if at else None,
                            "reminders_cancelled": cancelled})
    return Occurrence(regular_on, new_on, at, found.rule.place, moved=True)


async def cancel(db: Database, club_id: int, regular_on: date, *, actor: str,
                 now: datetime, ticket: FlowTicket | None = None) -> None:
    """The occurrence is not held; its reminders still waiting are cancelled."""
    await _check(db, club_id, regular_on, now)
    async with db.transaction() as conn:
        if ticket is not None:
            await consume(conn, ticket)
        await conn.execute(
            "INSERT INTO meeting_changes (club_id, regular_on, cancelled, held_on, time, place, "
            "changed_by, changed_at) VALUES (?, ?, 1, NULL, NULL, NULL, ?, ?) "
            "ON CONFLICT (club_id, regular_on) DO UPDATE SET cancelled = 1, held_on = NULL, "
            "time = NULL, changed_by = excluded.changed_by, changed_at = excluded.changed_at",
            (club_id, regular_on.isoformat(), actor, now.isoformat(timespec="seconds")))
        cancelled = await cancel_events(conn, _event_keys(club_id, regular_on),
                                        "meeting cancelled")
        await audit(conn, at=now, actor=actor, action="meeting_cancel", club_id=club_id,
                    detail={"regular_on": regular_on.isoformat(),
                            "reminders_cancelled": cancelled})


async def restore(db: Database, club_id: int, regular_on: date, *, actor: str,
                  now: datetime, ticket: FlowTicket | None = None) -> Occurrence:
    """Undo the board's change: the occurrence is held as the rule says."""
    found, _ = await _check(db, club_id, regular_on, now)
    restored = Occurrence(regular_on, regular_on, found.rule.time, found.rule.place)
    if _starts(restored) <= now:
        raise MeetingChangeError("past")
    async with db.transaction() as conn:
        if ticket is not None:
            await consume(conn, ticket)
        cur = await conn.execute(
            "DELETE FROM meeting_changes WHERE club_id = ? AND regular_on = ?",
            (club_id, regular_on.isoformat()))
        if cur.rowcount:
            cancelled = await cancel_events(conn, _event_keys(club_id, regular_on),
                                            "meeting restored")
            await audit(conn, at=now, actor=actor, action="meeting_restore", club_id=club_id,
                        detail={"regular_on": regular_on.isoformat(),
                                "reminders_cancelled": cancelled})
    return restored


async def add_checkup(db: Database, club_id: int, on: date, at: time | None, what: str,
                      place: str, *, actor: str, now: datetime,
                      ticket: FlowTicket | None = None) -> int | None:
    """A check-up the board adds in chat; None if the same one is already there."""
    async with db.transaction() as conn:
        if ticket is not None:
            await consume(conn, ticket)
        cur = await conn.execute(
            "INSERT OR IGNORE INTO checkups (club_id, held_on, time, what, place) "
            "VALUES (?, ?, ?, ?, ?)",
            (club_id, on.isoformat(), at.strftime("%H:%M") if at else "", what, place))
        if not cur.rowcount:
            return None
        checkup_id = cur.lastrowid
        await audit(conn, at=now, actor=actor, action="checkup_add", club_id=club_id,
                    detail={"id": checkup_id, "held_on": on.isoformat(),
                            "time": at.strftime("%H:%M") if at else "", "what": what,
                            "place": place})
    return checkup_id
