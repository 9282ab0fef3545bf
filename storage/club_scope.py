"""Every id a board write names belongs to the club it is written for.

Button data and typed words come from the client, and one chat account may
hold board posts in two clubs (a couple's or a family's shared phone). So a
member, loan or entry id that reaches a write is checked here against the
club the step acts for — inside the write's own transaction, where nothing
can change between the check and the write. Migration 0009 adds triggers that
make the database refuse the same rows: a second lock, should a check ever be
forgotten.
"""

from __future__ import annotations

import aiosqlite


class NotInClub(Exception):
    """An id named by a board step is not of the step's club; nothing was written."""

    def __init__(self, what: str, ident: int | None, club_id: int) -> None:
        super().__init__(f"{what} {ident} is not of club {club_id}")
        self.what, self.ident, self.club_id = what, ident, club_id


async def _exists(conn: aiosqlite.Connection, sql: str, params: tuple[object, ...]) -> bool:
    return bool(list(await conn.execute_fetchall(sql, params)))


async def require_member(conn: aiosqlite.Connection, club_id: int, member_id: int) -> None:
    if not await _exists(conn, "SELECT 1 FROM members WHERE id = ? AND club_id = ?",
                         (member_id, club_id)):
        raise NotInClub("member", member_id, club_id)


async def require_loan(conn: aiosqlite.Connection, club_id: int, loan_id: int,
                       member_id: int) -> None:
    """The loan is of this club and this member (a repayment names the borrower's own)."""
    if not await _exists(conn, "SELECT 1 FROM loans WHERE id = ? AND club_id = ? "
                               "AND member_id = ?", (loan_id, club_id, member_id)):
        raise NotInClub("loan", loan_id, club_id)


async def require_board_link(conn: aiosqlite.Connection, club_id: int, channel: str,
                             account_id: str, member_id: int) -> None:
    """The account acting is still linked, as themselves (not as a helping relative),
    to a member of this club who holds a board post."""
    if not await _exists(
            conn, "SELECT 1 FROM chat_links l JOIN members m ON m.id = l.member_id "
                  "WHERE l.channel = ? AND l.account_id = ? AND l.member_id = ? "
                  "AND l.proxy = 0 AND m.club_id = ? AND m.role <> ''",
            (channel, account_id, member_id, club_id)):
        raise NotInClub("board member", member_id, club_id)
