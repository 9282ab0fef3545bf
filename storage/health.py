"""Health readings recorded at a meeting: one per member and day."""

from __future__ import annotations

from datetime import date, datetime

from storage.club_scope import NotInClub, require_member
from storage.database import Database, audit

__all__ = ["NotInClub", "record_reading"]


async def record_reading(db: Database, *, club_id: int, member_id: int, day: date,
                         systolic: int, diastolic: int, weight_dg: int | None,
                         actor: str, now: datetime) -> bool:
    """Store the day's reading; a second reading the same day replaces the first
    (a retyped correction), and the audit log keeps both. True if it replaced one.

    NotInClub, and nothing written, if the member is not in ``club_id``: the
    flow's ids are checked in the transaction that writes.
    """
    async with db.transaction() as conn:
        # The row has no club of its own: the member is the club's, or nothing is written.
        await require_member(conn, club_id, member_id)
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
