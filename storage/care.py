"""Home care in the database: visit plans, visits, their reversals.

A volunteer's every write is decided and made in one transaction: the flow
step is consumed (a second tap records nothing), the account must still be
linked, as herself, to a member of the flow's club marked "Tình nguyện viên",
and the member visited must still be hers to visit (a plan naming her, the
member still needing care). Button data proves none of it. A board write is
checked the same way through its flow ticket (storage.conversation.consume).

Visits are append-only: a mistake is reversed with a reason (a row of
``home_visit_reversals``), never edited or deleted, and the database keeps
one standing visit per member and day (migration 0021). What a visit found
reaches the board through the outbox, in the visit's own transaction: "cần
báo y tế" at once to the chair and vice-chair — day or night, the one
message that ignores quiet hours.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from html import escape

import aiosqlite

from club import texts
from club.address import address_for
from club.care import NEEDS_CARE, VisitStatus, due_on, needs_care, with_needs_care
from club.phone import format_phone
from club.roles import Role
from storage.club_scope import NotInClub, require_member
from storage.conversation import FlowTicket, consume
from storage.database import Database, audit
from storage.health import record_reading_in
from storage.outbox import Outgoing, cancel_events, enqueue

__all__ = ["NotAssigned", "NotInClub", "VisitPlan"]

URGENT = "urgent"  # the outbox kind of "cần báo y tế": never held back by quiet hours


class NotAssigned(Exception):
    """The account is no volunteer of the club, or the member is not hers to
    visit (any more): nothing was written."""


@dataclass(frozen=True, slots=True)
class VisitPlan:
    member_id: int
    name: str
    team: str
    phone: str | None
    club_id: int
    volunteer_id: int | None     # None: needs care, nobody assigned yet
    volunteer_name: str
    volunteer_phone: str | None
    rhythm_weeks: int
    started_on: date | None
    last_visit: date | None

    @property
    def due(self) -> date | None:
        if self.started_on is None:
            return None
        return due_on(self.last_visit, self.started_on, self.rhythm_weeks)


# A standing visit: not reversed.
STANDING = "NOT EXISTS (SELECT 1 FROM home_visit_reversals r WHERE r.visit_id = v.id)"
# A member who needs care now: still in the club, "Hoàn cảnh" holding the mark.
NEEDED = ("m.left_on IS NULL AND (',' || replace(m.circumstances, ', ', ',') || ',') "
          f"LIKE '%,{NEEDS_CARE},%'")

_PLANS_SQL = f"""
SELECT m.id, m.name, m.team, m.phone, m.club_id, p.volunteer_id, coalesce(w.name, ''), w.phone,
       coalesce(p.rhythm_weeks, 2), p.started_on,
       (SELECT max(v.visited_on) FROM home_visits v WHERE v.member_id = m.id AND {STANDING})
FROM members m
LEFT JOIN care_plans p ON p.member_id = m.id
LEFT JOIN members w ON w.id = p.volunteer_id AND w.volunteer = 1 AND w.left_on IS NULL
WHERE {NEEDED}"""


def _plan(r: aiosqlite.Row | tuple) -> VisitPlan:
    assigned = r[5] is not None and r[6] != ""
    return VisitPlan(r[0], r[1], r[2] or "", r[3], r[4], r[5] if assigned else None,
                     r[6] if assigned else "", r[7] if assigned else None, int(r[8]),
                     date.fromisoformat(r[9]) if r[9] and assigned else None,
                     date.fromisoformat(r[10]) if r[10] else None)


async def volunteer_plans(db: Database, club_id: int, volunteer_id: int) -> list[VisitPlan]:
    """The members this volunteer visits, most urgent first."""
    rows = await db.fetchall(
        _PLANS_SQL + " AND m.club_id = ? AND p.volunteer_id = ? "
        "AND EXISTS (SELECT 1 FROM members me WHERE me.id = ? AND me.volunteer = 1 "
        "            AND me.left_on IS NULL AND me.club_id = m.club_id)",
        (club_id, volunteer_id, volunteer_id))
    plans = [_plan(r) for r in rows]
    return sorted(plans, key=lambda p: (p.due or date.max, p.name))


async def club_plans(db: Database, club_id: int) -> list[VisitPlan]:
    """Every member of the club who needs care, with her plan if she has one."""
    rows = await db.fetchall(_PLANS_SQL + " AND m.club_id = ? ORDER BY m.code", (club_id,))
    return [_plan(r) for r in rows]


async def plan_of(db: Database, member_id: int) -> VisitPlan | None:
    """The member's visit plan, if she needs care and has a volunteer."""
    row = await db.fetchone(_PLANS_SQL + " AND m.id = ?", (member_id,))
    plan = _plan(row) if row is not None else None
    return plan if plan is not None and plan.volunteer_id is not None else None


async def volunteers(db: Database, club_id: int) -> list[tuple[int, str]]:
    """(member id, name) of the club's volunteers."""
    return [(r[0], r[1]) for r in await db.fetchall(
        "SELECT id, name FROM members WHERE club_id = ? AND volunteer = 1 AND left_on IS NULL "
        "ORDER BY name, code", (club_id,))]


async def last_visitor(db: Database, member_id: int) -> int | None:
    """The volunteer of the member's latest standing visit, if written."""
    row = await db.fetchone(
        f"SELECT v.volunteer_id FROM home_visits v WHERE v.member_id = ? AND {STANDING} "
        "AND v.volunteer_id IS NOT NULL ORDER BY v.visited_on DESC LIMIT 1", (member_id,))
    return int(row[0]) if row is not None else None


@dataclass(frozen=True, slots=True)
class Visit:
    id: int
    member_id: int
    name: str
    visited_on: date
    status: VisitStatus
    note: str
    volunteer_name: str


async def recent_needing_help(db: Database, club_id: int, today: date) -> list[Visit]:
    """Visits that found "cần hỗ trợ" since the club's last meeting held: the
    board's list for its next meeting."""
    rows = await db.fetchall(
        "SELECT v.id, v.member_id, m.name, v.visited_on, v.status, v.note, coalesce(w.name, '') "
        "FROM home_visits v JOIN members m ON m.id = v.member_id "
        "LEFT JOIN members w ON w.id = v.volunteer_id "
        f"WHERE v.club_id = ? AND v.status = 'needs_help' AND {STANDING} "
        "AND v.visited_on >= coalesce((SELECT max(held_on) FROM meetings "
        "                              WHERE club_id = v.club_id AND held_on < ?), '') "
        "ORDER BY v.visited_on, m.name", (club_id, today.isoformat()))
    return [Visit(r[0], r[1], r[2], date.fromisoformat(r[3]), VisitStatus(r[4]), r[5], r[6])
            for r in rows]


# ---------------------------------------------------------------- the volunteer's writes


async def require_volunteer(conn: aiosqlite.Connection, ticket: FlowTicket,
                            volunteer_id: int) -> None:
    """The step is the flow's (consumed here) and the account is still linked,
    as herself, to this volunteer of the flow's club."""
    assert ticket.club_id is not None
    await consume(conn, ticket)
    rows = list(await conn.execute_fetchall(
        "SELECT 1 FROM chat_links l JOIN members m ON m.id = l.member_id "
        "WHERE l.channel = ? AND l.account_id = ? AND l.member_id = ? AND l.proxy = 0 "
        "AND m.club_id = ? AND m.volunteer = 1 AND m.left_on IS NULL",
        (ticket.channel, ticket.account_id, volunteer_id, ticket.club_id)))
    if not rows:
        raise NotAssigned(volunteer_id)


async def require_assigned(conn: aiosqlite.Connection, club_id: int, volunteer_id: int,
                           member_id: int) -> None:
    rows = list(await conn.execute_fetchall(
        f"SELECT 1 FROM members m JOIN care_plans p ON p.member_id = m.id "
        f"WHERE m.id = ? AND m.club_id = ? AND p.volunteer_id = ? AND {NEEDED}",
        (member_id, club_id, volunteer_id)))
    if not rows:
        raise NotAssigned(member_id)


async def _member(conn: aiosqlite.Connection, member_id: int) -> tuple[str, str, str | None]:
    rows = list(await conn.execute_fetchall(
        "SELECT name, team, phone FROM members WHERE id = ?", (member_id,)))
    return rows[0][0], rows[0][1] or "", rows[0][2]


async def _board_accounts(conn: aiosqlite.Connection, club_id: int,
                          roles: tuple[Role, ...]) -> list[tuple[int, str, str]]:
    """(member id, channel, account) of these posts' own accounts (never a proxy)."""
    rows = await conn.execute_fetchall(
        "SELECT l.member_id, l.channel, l.account_id FROM chat_links l "
        "JOIN members m ON m.id = l.member_id WHERE m.club_id = ? AND l.proxy = 0 "
        f"AND m.role IN ({','.join('?' * len(roles))}) ORDER BY l.channel, l.account_id",
        (club_id, *[r.value for r in roles]))
    return [(r[0], r[1], r[2]) for r in rows]


async def record_visit(db: Database, *, ticket: FlowTicket, volunteer_id: int, member_id: int,
                       status: VisitStatus, actor: str, now: datetime) -> int:
    """Save today's visit; returns its id. NotAssigned, AlreadyDone (a second
    tap) or NotInClub, and nothing written, when the step may not write it.
    "Cần báo y tế" puts one urgent message per chair and vice-chair account
    into the outbox, due now."""
    club_id = ticket.club_id
    assert club_id is not None
    async with db.transaction() as conn:
        await require_volunteer(conn, ticket, volunteer_id)
        await require_member(conn, club_id, member_id)
        await require_assigned(conn, club_id, volunteer_id, member_id)
        stamp = now.isoformat(timespec="seconds")
        try:
            cur = await conn.execute(
                "INSERT INTO home_visits (club_id, visited_on, member_id, volunteer_id, status, "
                "recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (club_id, now.date().isoformat(), member_id, volunteer_id, status.value, actor,
                 stamp))
        except aiosqlite.IntegrityError:
            raise AlreadyVisited(member_id) from None
        visit_id = int(cur.lastrowid or 0)
        # The due day moved: whatever was still waiting about the old one goes.
        await cancel_events(conn, [f"care:{club_id}:{member_id}",
                                   f"care-late:{club_id}:{member_id}"], "visited")
        if status is VisitStatus.ALERT:
            await _alert(conn, club_id, visit_id, member_id, volunteer_id, "", now)
        await audit(conn, at=now, actor=actor, action="home_visit", club_id=club_id,
                    member_id=member_id, detail={"visit": visit_id, "status": status.value,
                                                 "volunteer": volunteer_id})
    return visit_id


class AlreadyVisited(Exception):
    """A visit of this member stands for today already (recorded by someone else)."""


async def _alert(conn: aiosqlite.Connection, club_id: int, visit_id: int, member_id: int,
                 volunteer_id: int, note: str, now: datetime) -> int:
    name, team, phone = await _member(conn, member_id)
    volunteer, _, volunteer_phone = await _member(conn, volunteer_id)
    lines = [texts.CARE_ALERT.format(name=escape(name), team=escape(team or "—"),
                                     phone=format_phone(phone) if phone else "—"),
             texts.CARE_VOLUNTEER.format(name=escape(volunteer),
                                         phone=format_phone(volunteer_phone)
                                         if volunteer_phone else "—")]
    if note:
        lines.append(texts.CARE_ALERT_NOTE.format(note=escape(note)))
    prefix = "care-alert" if not note else "care-alert-note"
    return await enqueue(conn, [
        Outgoing(dedup_key=f"{prefix}:{visit_id}:{channel}:{account}", channel=channel,
                 account_id=account, kind=URGENT, text="\n".join(lines), due_at=now,
                 club_id=club_id, member_id=board_member)
        for board_member, channel, account in await _board_accounts(
            conn, club_id, (Role.CHAIR, Role.VICE_CHAIR))], now=now)


async def add_note(db: Database, *, ticket: FlowTicket, volunteer_id: int, visit_id: int,
                   note: str, actor: str, now: datetime) -> VisitStatus:
    """Write the note of a visit that has none yet (what was recorded stays as
    it was); an alert's note follows to the chair and vice-chair at once."""
    club_id = ticket.club_id
    assert club_id is not None
    async with db.transaction() as conn:
        await require_volunteer(conn, ticket, volunteer_id)
        rows = list(await conn.execute_fetchall(
            f"SELECT v.member_id, v.status FROM home_visits v WHERE v.id = ? AND v.club_id = ? "
            f"AND v.volunteer_id = ? AND v.note = '' AND {STANDING}",
            (visit_id, club_id, volunteer_id)))
        if not rows:
            raise NotAssigned(visit_id)
        member_id, status = rows[0][0], VisitStatus(rows[0][1])
        await conn.execute("UPDATE home_visits SET note = ? WHERE id = ?", (note, visit_id))
        if status is VisitStatus.ALERT:
            await _alert(conn, club_id, visit_id, member_id, volunteer_id, note, now)
        await audit(conn, at=now, actor=actor, action="home_visit_note", club_id=club_id,
                    member_id=member_id, detail={"visit": visit_id})
    return status


async def reverse_visit(db: Database, *, ticket: FlowTicket, volunteer_id: int, visit_id: int,
                        reason: str, actor: str, now: datetime) -> int:
    """Reverse one of the volunteer's own visits; returns the member's id."""
    club_id = ticket.club_id
    assert club_id is not None
    async with db.transaction() as conn:
        await require_volunteer(conn, ticket, volunteer_id)
        rows = list(await conn.execute_fetchall(
            f"SELECT v.member_id, v.status FROM home_visits v WHERE v.id = ? AND v.club_id = ? "
            f"AND v.volunteer_id = ? AND {STANDING}", (visit_id, club_id, volunteer_id)))
        if not rows:
            raise NotAssigned(visit_id)
        if rows[0][1] == VisitStatus.ALERT.value:  # the board was alarmed: say it was a slip
            name, _, _ = await _member(conn, rows[0][0])
            volunteer, _, _ = await _member(conn, volunteer_id)
            await enqueue(conn, [
                Outgoing(dedup_key=f"care-alert-undone:{visit_id}:{channel}:{account}",
                         channel=channel, account_id=account, kind=URGENT,
                         text=texts.CARE_UNDONE_ALERT.format(volunteer=escape(volunteer),
                                                             name=escape(name)),
                         due_at=now, club_id=club_id, member_id=board_member)
                for board_member, channel, account in await _board_accounts(
                    conn, club_id, (Role.CHAIR, Role.VICE_CHAIR))], now=now)
        await conn.execute(
            "INSERT INTO home_visit_reversals (visit_id, club_id, reason, reversed_by, "
            "reversed_at) VALUES (?, ?, ?, ?, ?)",
            (visit_id, club_id, reason, actor, now.isoformat(timespec="seconds")))
        await audit(conn, at=now, actor=actor, action="home_visit_reversal", club_id=club_id,
                    member_id=rows[0][0], detail={"visit": visit_id, "reason": reason})
    return int(rows[0][0])


async def record_reading(db: Database, *, ticket: FlowTicket, volunteer_id: int, member_id: int,
                         systolic: int, diastolic: int, weight_dg: int | None, actor: str,
                         now: datetime) -> bool:
    """A blood-pressure reading taken on a visit: only of a member the volunteer
    visits, only with the member's consent (NoConsent), as the board's."""
    club_id = ticket.club_id
    assert club_id is not None
    async with db.transaction() as conn:
        await require_volunteer(conn, ticket, volunteer_id)
        await require_assigned(conn, club_id, volunteer_id, member_id)
        return await record_reading_in(conn, club_id=club_id, member_id=member_id,
                                       day=now.date(), systolic=systolic, diastolic=diastolic,
                                       weight_dg=weight_dg, actor=actor, now=now)


# ---------------------------------------------------------------- the board's writes


async def set_plan(db: Database, *, ticket: FlowTicket, member_id: int, volunteer_id: int,
                   rhythm_weeks: int, actor: str, now: datetime) -> None:
    """Mark the member as needing care (if not yet) and give her a volunteer and
    a rhythm. A new plan starts today; a changed one keeps its start."""
    club_id = ticket.club_id
    assert club_id is not None
    async with db.transaction() as conn:
        await consume(conn, ticket)
        await require_member(conn, club_id, member_id)
        rows = list(await conn.execute_fetchall(
            "SELECT 1 FROM members WHERE id = ? AND club_id = ? AND volunteer = 1 "
            "AND left_on IS NULL", (volunteer_id, club_id)))
        if not rows or volunteer_id == member_id:
            raise NotInClub("volunteer", volunteer_id, club_id)
        [(circumstances,)] = list(await conn.execute_fetchall(
            "SELECT circumstances FROM members WHERE id = ?", (member_id,)))
        if not needs_care(circumstances):
            await conn.execute("UPDATE members SET circumstances = ? WHERE id = ?",
                               (with_needs_care(circumstances, True), member_id))
        before = list(await conn.execute_fetchall(
            "SELECT volunteer_id, rhythm_weeks FROM care_plans WHERE member_id = ?",
            (member_id,)))
        stamp = now.isoformat(timespec="seconds")
        await conn.execute(
            "INSERT INTO care_plans (member_id, club_id, volunteer_id, rhythm_weeks, started_on, "
            "updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (member_id) DO UPDATE SET volunteer_id = excluded.volunteer_id, "
            "rhythm_weeks = excluded.rhythm_weeks, updated_by = excluded.updated_by, "
            "updated_at = excluded.updated_at",
            (member_id, club_id, volunteer_id, rhythm_weeks, now.date().isoformat(), actor,
             stamp))
        await cancel_events(conn, [f"care:{club_id}:{member_id}",
                                   f"care-late:{club_id}:{member_id}"], "plan changed")
        if not before or before[0][0] != volunteer_id or before[0][1] != rhythm_weeks:
            await _tell_volunteer(conn, club_id, member_id, volunteer_id, rhythm_weeks, now)
        await audit(conn, at=now, actor=actor, action="care_plan", club_id=club_id,
                    member_id=member_id, detail={"volunteer": volunteer_id,
                                                 "rhythm_weeks": rhythm_weeks,
                                                 "needed_care": needs_care(circumstances)})


async def _tell_volunteer(conn: aiosqlite.Connection, club_id: int, member_id: int,
                          volunteer_id: int, rhythm_weeks: int, now: datetime) -> None:
    """The volunteer hears of it on her own accounts (never a relative's: the
    message names another member and her phone)."""
    name, team, phone = await _member(conn, member_id)
    rows = await conn.execute_fetchall(
        "SELECT l.channel, l.account_id, m.birth_year, m.gender, c.address_style "
        "FROM chat_links l JOIN members m ON m.id = l.member_id JOIN clubs c ON c.id = m.club_id "
        "WHERE l.member_id = ? AND l.proxy = 0 ORDER BY l.channel, l.account_id",
        (volunteer_id,))
    stamp = now.isoformat(timespec="seconds")
    await enqueue(conn, [
        Outgoing(dedup_key=f"care-plan:{member_id}:{volunteer_id}:{stamp}:{r[0]}:{r[1]}",
                 channel=r[0], account_id=r[1], kind="notice",
                 text=texts.CC_TOLD_VOLUNTEER.format(
                     you=address_for(r[2], r[3], now.date(), r[4]), name=escape(name),
                     team=escape(team or "—"), phone=format_phone(phone) if phone else "—",
                     weeks=rhythm_weeks),
                 due_at=now, club_id=club_id, member_id=volunteer_id)
        for r in rows], now=now)


async def clear_care(db: Database, *, ticket: FlowTicket, member_id: int, actor: str,
                     now: datetime) -> None:
    """She needs no more visits: the mark leaves her "Hoàn cảnh" and her plan
    ends (the visits made stay in the books)."""
    club_id = ticket.club_id
    assert club_id is not None
    async with db.transaction() as conn:
        await consume(conn, ticket)
        await require_member(conn, club_id, member_id)
        [(circumstances,)] = list(await conn.execute_fetchall(
            "SELECT circumstances FROM members WHERE id = ?", (member_id,)))
        await conn.execute("UPDATE members SET circumstances = ? WHERE id = ?",
                           (with_needs_care(circumstances, False), member_id))
        plan = list(await conn.execute_fetchall(
            "SELECT volunteer_id, rhythm_weeks FROM care_plans WHERE member_id = ?",
            (member_id,)))
        await conn.execute("DELETE FROM care_plans WHERE member_id = ?", (member_id,))
        await cancel_events(conn, [f"care:{club_id}:{member_id}",
                                   f"care-late:{club_id}:{member_id}"], "care ended")
        await audit(conn, at=now, actor=actor, action="care_cleared", club_id=club_id,
                    member_id=member_id, detail={
                        "circumstances": circumstances,
                        "plan": list(plan[0]) if plan else None})
