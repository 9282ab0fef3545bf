"""Board posts: who is chair, vice-chair, secretary or treasurer.

The post lives in ``members.role``, one per member, exactly as the roster's
"Chức vụ" column writes it, so an export round-trips it. Board permissions are
read from it on every step, so a change takes effect on the next tap.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from club.roles import Role, role_of
from storage.database import Database, audit


@dataclass(frozen=True, slots=True)
class Holder:
    id: int
    code: str
    name: str
    role: Role | None


@dataclass(frozen=True, slots=True)
class RoleChange:
    member: Holder
    before: Role | None
    after: Role | None
    changed: bool
    others: tuple[Holder, ...] = ()   # other members holding the post set


class NotHeld(Exception):
    """The member does not hold the post to be removed; nothing changed."""

    def __init__(self, member: Holder) -> None:
        super().__init__(f"{member.code} does not hold that post")
        self.member = member


async def find_member(db: Database, club_id: int, code: str) -> Holder | None:
    """A member by code, as the operator types it ("tv003" is TV003)."""
    row = await db.fetchone(
        "SELECT id, code, name, role FROM members WHERE club_id = ? AND upper(code) = upper(?)",
        (club_id, code.strip()))
    return Holder(row[0], row[1], row[2], role_of(row[3])) if row else None


async def set_role(db: Database, club_id: int, member_id: int, role: Role, *, actor: str,
                   now: datetime) -> RoleChange:
    """Give the member this post (replacing any other post they held)."""
    async with db.transaction() as conn:
        member = await _member(conn, club_id, member_id)
        others = tuple(
            Holder(r[0], r[1], r[2], role) for r in await conn.execute_fetchall(
                "SELECT id, code, name FROM members WHERE club_id = ? AND role = ? AND id != ? "
                "ORDER BY code", (club_id, role.value, member_id)))
        if member.role is role:
            return RoleChange(member, role, role, changed=False, others=others)
        await conn.execute("UPDATE members SET role = ? WHERE id = ?", (role.value, member_id))
        await audit(conn, at=now, actor=actor, action="role_set", club_id=club_id,
                    member_id=member_id, detail={
                        "before": member.role.value if member.role else "",
                        "after": role.value})
    return RoleChange(member, member.role, role, changed=True, others=others)


async def remove_role(db: Database, club_id: int, member_id: int, role: Role, *, actor: str,
                      now: datetime) -> RoleChange:
    """Clear the member's post if it is this one; :class:`NotHeld` otherwise."""
    async with db.transaction() as conn:
        member = await _member(conn, club_id, member_id)
        if member.role is not role:
            raise NotHeld(member)
        await conn.execute("UPDATE members SET role = '' WHERE id = ?", (member_id,))
        await audit(conn, at=now, actor=actor, action="role_remove", club_id=club_id,
                    member_id=member_id, detail={"before": role.value, "after": ""})
    return RoleChange(member, role, None, changed=True)


async def _member(conn: aiosqlite.Connection, club_id: int, member_id: int) -> Holder:
    rows = list(await conn.execute_fetchall(
        "SELECT id, code, name, role FROM members WHERE id = ? AND club_id = ?",
        (member_id, club_id)))
    if not rows:
        raise LookupError(f"no member {member_id} in club {club_id}")
    r = rows[0]
    return Holder(r[0], r[1], r[2], role_of(r[3]))
