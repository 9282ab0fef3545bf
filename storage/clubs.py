"""Finding a club in a database that may hold a whole province."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from club import texts
from club.address import AddressStyle
from club.text import fold
from storage.database import Database, audit


@dataclass(frozen=True, slots=True)
class ClubRef:
    id: int
    name: str
    commune: str


class ClubChoiceError(Exception):
    """The operator must say which club; the message (Vietnamese) says how."""


async def list_clubs(db: Database) -> list[ClubRef]:
    rows = await db.fetchall("SELECT id, name, commune FROM clubs ORDER BY id")
    return [ClubRef(*r) for r in rows]


async def resolve_club(db: Database, selector: str | None) -> ClubRef:
    """The club named by ``selector`` (its id or part of its name), or the only one."""
    clubs = await list_clubs(db)
    if not clubs:
        raise ClubChoiceError(texts.CLI_NO_CLUB)
    if selector is None:
        if len(clubs) == 1:
            return clubs[0]
        raise ClubChoiceError(texts.CLI_WHICH_CLUB + "\n" + _listing(clubs))
    if selector.isdigit():
        for c in clubs:
            if c.id == int(selector):
                return c
    wanted = fold(selector)
    found = [c for c in clubs if wanted in fold(c.name)]
    if len(found) == 1:
        return found[0]
    exact = [c for c in found if fold(c.name) == wanted]
    if len(exact) == 1:
        return exact[0]
    raise ClubChoiceError(texts.CLI_CLUB_NOT_FOUND.format(selector=selector) + "\n"
                          + _listing(found or clubs))


def _listing(clubs: list[ClubRef]) -> str:
    return "\n".join(f"  {c.id}: {c.name} ({c.commune})" for c in clubs)


async def personas(db: Database, club_id: int, limit: int = 3) -> list[tuple[str, str]]:
    """(phone, name) of members a newcomer can try: one with a loan first, then others.

    Only phones held by a single member, so the tour shows one person's books.
    """
    rows = await db.fetchall(
        """
        SELECT m.phone, m.name,
               EXISTS (SELECT 1 FROM loans l WHERE l.member_id = m.id) AS has_loan,
               EXISTS (SELECT 1 FROM cash_entries e WHERE e.member_id = m.id
                       AND e.kind = 'deposit') AS saves
        FROM members m
        WHERE m.club_id = ? AND m.phone IS NOT NULL
          AND (SELECT count(*) FROM members o WHERE o.phone = m.phone) = 1
        ORDER BY has_loan DESC, saves DESC, m.code
        LIMIT ?
        """, (club_id, limit))
    return [(r[0], r[1]) for r in rows]


async def address_style(db: Database, club_id: int) -> AddressStyle:
    """How the club's elders are addressed (club.address)."""
    row = await db.fetchone("SELECT address_style FROM clubs WHERE id = ?", (club_id,))
    return AddressStyle(row[0]) if row is not None else AddressStyle.ONG_BA


async def set_address_style(db: Database, club_id: int, style: AddressStyle, *, actor: str,
                            now: datetime) -> bool:
    """Store the club's choice, audited; False if it was already so (nothing written)."""
    async with db.transaction() as conn:
        cur = await conn.execute(
            "UPDATE clubs SET address_style = ? WHERE id = ? AND address_style != ?",
            (style.value, club_id, style.value))
        if not cur.rowcount:
            return False
        await audit(conn, at=now, actor=actor, action="address_style", club_id=club_id,
                    detail={"style": style.value})
        return True
