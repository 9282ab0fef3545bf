"""Finding a club in a database that may hold a whole province."""

from __future__ import annotations

from dataclasses import dataclass

from club import texts
from club.text import fold
from storage.database import Database


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
