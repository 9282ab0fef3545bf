"""The club's roster as the board searches it: by name (any spelling) or code."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from club.address import address_for
from club.text import fold
from storage.database import Database


@dataclass(frozen=True, slots=True)
class RosterEntry:
    id: int
    code: str
    name: str


async def club_members(db: Database, club_id: int) -> list[RosterEntry]:
    rows = await db.fetchall(
        "SELECT id, code, name FROM members WHERE club_id = ? ORDER BY code", (club_id,))
    return [RosterEntry(*r) for r in rows]


async def member_in_club(db: Database, club_id: int, member_id: int) -> RosterEntry | None:
    """The member, only if they belong to this club (button data is never trusted)."""
    row = await db.fetchone(
        "SELECT id, code, name FROM members WHERE id = ? AND club_id = ?", (member_id, club_id))
    return RosterEntry(*row) if row else None


def search(roster: list[RosterEntry], query: str) -> list[RosterEntry]:
    """Members whose code is the query, or whose name contains every typed word.

    "lien", "Đỗ Liên" and "do thi lien" all find Đỗ Thị Liên; a code is exact.
    """
    wanted = fold(query)
    if not wanted:
        return []
    by_code = [m for m in roster if fold(m.code) == wanted]
    if by_code:
        return by_code
    words = wanted.split()
    return [m for m in roster if all(w in fold(m.name).split() for w in words)] or [
        m for m in roster if wanted in fold(m.name)]


async def title_of(db: Database, member_id: int, today: date) -> str:
    """The member's word for "you" (club/address.py), for words read out to her."""
    row = await db.fetchone(
        "SELECT m.birth_year, m.gender, c.address_style FROM members m "
        "JOIN clubs c ON c.id = m.club_id WHERE m.id = ?", (member_id,))
    if row is None:
        return address_for(None, "", today)
    return address_for(row[0], row[1], today, row[2])
