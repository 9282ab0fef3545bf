"""Health readings recorded at a meeting: one per member and day, and only
while the member agrees to the club keeping them (storage/consent.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import aiosqlite

from storage.club_scope import NotInClub, require_member
from storage.consent import CONSENTED_SQL, latest_in
from storage.database import Database, audit

__all__ = ["NotInClub", "record_reading", "record_reading_in"]


class NoConsent(Exception):
    """The member has not agreed (or no longer agrees): nothing was recorded."""


async def record_reading(db: Database, *, club_id: int, member_id: int, day: date,
                         systolic: int, diastolic: int, weight_dg: int | None,
                         actor: str, now: datetime) -> bool:
    """Store the day's reading; a second reading the same day replaces the first
    (a retyped correction), and the audit log keeps both. True if it replaced one.

    NotInClub, and nothing written, if the member is not in ``club_id``: the
    flow's ids are checked in the transaction that writes.
    Her consent is read in the same transaction as the write, so a withdrawal
    a moment earlier is never overtaken; raises NoConsent without it.
    """
    async with db.transaction() as conn:
        return await record_reading_in(conn, club_id=club_id, member_id=member_id, day=day,
                                       systolic=systolic, diastolic=diastolic,
                                       weight_dg=weight_dg, actor=actor, now=now)


async def record_reading_in(conn: aiosqlite.Connection, *, club_id: int, member_id: int,
                            day: date, systolic: int, diastolic: int, weight_dg: int | None,
                            actor: str, now: datetime) -> bool:
    """:func:`record_reading` inside the caller's transaction (a volunteer's
    reading is checked against her visit plan in the same one)."""
    # The row has no club of its own: the member is the club's, or nothing is written.
    await require_member(conn, club_id, member_id)
    consent = await latest_in(conn, member_id)
    if consent is None or not consent.given:
        raise NoConsent(member_id)
    old = list(await conn.execute_fetchall(
        "SELECT systolic, diastolic, weight_dg FROM health_readings "
        "WHERE member_id = ? AND taken_on = ?", (member_id, day.isoformat())))
    await conn.execute(
        "INSERT INTO health_readings (member_id, taken_on, systolic, diastolic, weight_dg) "
        "VALUES (?, ?, ?, ?, ?) ON CONFLICT (member_id, taken_on) DO UPDATE SET "
        "systolic = excluded.systolic, diastolic = excluded.diastolic, "
        "weight_dg = coalesce(excluded.weight_dg, health_readings.weight_dg)",
        (member_id, day.isoformat(), systolic, diastolic, weight_dg))
    await audit(conn, at=now, actor=actor, action="health_reading", club_id=club_id,
                member_id=member_id, detail={
                    "day": day.isoformat(), "bp": f"{systolic}/{diastolic}",
                    "weight_dg": weight_dg,
                    "replaced": list(old[0]) if old else None})
    return bool(old)


@dataclass(frozen=True, slots=True)
class LastReading:
    taken_on: str
    bp: str | None      # "135/85"
    kg: str | None      # "52,5"


async def last_reading(db: Database, member_id: int) -> LastReading | None:
    """The member's latest reading, only while she agrees to the club keeping them."""
    row = await db.fetchone(
        "SELECT taken_on, systolic, diastolic, weight_dg FROM health_readings "
        f"WHERE member_id = :mid AND {CONSENTED_SQL} ORDER BY taken_on DESC LIMIT 1",
        {"mid": member_id})
    if row is None:
        return None
    taken_on, systolic, diastolic, weight_dg = row
    bp = f"{systolic}/{diastolic}" if systolic is not None and diastolic is not None else None
    kg = f"{weight_dg / 10:g}".replace(".", ",") if weight_dg is not None else None
    return LastReading(taken_on, bp, kg)
