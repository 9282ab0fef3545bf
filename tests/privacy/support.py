"""Shared steps of the privacy tests: members and relatives linked the way they
really link, buttons found by their label, rows read straight from the database."""

from __future__ import annotations

from typing import Any

from storage import Database, link_codes
from tests.conftest import AS_OF, member
from tests.support.harness import BotHarness, Sent

SECRETARY, CHAIR, MEMBER, PLAIN, GRANDSON, STRANGER = 7103, 7101, 7110, 7112, 8110, 8999


def choice(replies: Sent | list[Sent], label_part: str) -> str:
    for reply in replies if isinstance(replies, list) else [replies]:
        for label, data in reply.choices:
            if label_part in label:
                return data
    raise AssertionError(f"no button with {label_part!r}")


async def link(bot: BotHarness, user: int, code: str) -> int:
    """Link by sharing the member's own contact (as the member herself)."""
    await bot.share_own_contact(user, member(code)["phone"])
    return user


async def member_id(db: Database, code: str) -> int:
    row = await db.fetchone("SELECT id FROM members WHERE code = ?", (code,))
    assert row is not None
    return int(row[0])


async def link_relative(bot: BotHarness, user: int, code: str) -> int:
    """Link an account as a relative helping the member, with the board's proxy code."""
    mid = await member_id(bot.db, code)
    issued = await link_codes.issue(bot.db, club_id=1, member_id=mid, proxy=True,
                                    actor="test:board", now=AS_OF)
    [reply] = await bot.say(user, issued.code)
    assert "giúp" in reply.text, reply.text
    return user


async def rows(db: Database, sql: str, params: Any = ()) -> list[tuple]:
    return [tuple(r) for r in await db.fetchall(sql, params)]
