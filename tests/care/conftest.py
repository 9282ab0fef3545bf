"""Shared ground for the home-care tests: the sample club, a movable clock, and
the chair, vice-chair, two volunteers and two members linked by their own
contact cards, talking straight into the router."""

from __future__ import annotations

from datetime import datetime

import pytest

from handlers.context import Services
from storage import Database
from tests.board.conftest import Clock
from tests.board.two_clubs import Chat, data_of
from tests.conftest import member

CHAIR, VICE, VOLUNTEER, OTHER_VOLUNTEER, CARED, PLAIN = (
    "7001", "7002", "7005", "7027", "7007", "7010")
ACCOUNTS = {CHAIR: "TV001", VICE: "TV002", VOLUNTEER: "TV005", OTHER_VOLUNTEER: "TV027",
            CARED: "TV007", PLAIN: "TV010"}
# A Friday afternoon after the sample's last meeting.
DAY = datetime(2026, 11, 20, 15, 0)


@pytest.fixture
def clock() -> Clock:
    return Clock(DAY)


@pytest.fixture
async def chat(sample_db: Database, clock: Clock) -> Chat:
    talk = Chat(Services.over(sample_db, now=clock), strict=True)
    for account, code in ACCOUNTS.items():
        await talk.link(account, member(code)["phone"])
    return talk


async def member_id(db: Database, code: str) -> int:
    row = await db.fetchone("SELECT id FROM members WHERE code = ?", (code,))
    assert row is not None
    return int(row[0])


async def assign(chat: Chat, code: str, volunteer_code: str, weeks: int = 2,
                 by: str = CHAIR) -> str:
    """The board gives a member a volunteer and a rhythm, through the chat."""
    opened = await chat.tap(by, "cc:open")
    asked = await chat.tap(by, data_of(opened, "Thêm người cần thăm"))
    volunteers = await chat.say(by, code)
    rhythm = await chat.tap(by, data_of(volunteers, member(volunteer_code)["name"]))
    [saved] = await chat.tap(by, data_of(rhythm, f"{weeks} tuần"))
    assert asked and saved.text.startswith("✅ Đã giao"), saved.text
    return saved.text
