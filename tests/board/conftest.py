"""Shared ground for the board's tests: a clock that can stand on a meeting day,
board members linked the way they really link (sharing their own contact),
and a way to see the checklists, which are redrawn in place (editMessageText)
rather than sent anew."""

from __future__ import annotations

import asyncio
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest
from telegram import Update

from handlers.context import Services
from storage import Database
from tests.board.two_clubs import SECRETARY_A, SHARED, Chat, build_two_clubs
from tests.conftest import member
from tests.support import updates
from tests.support.harness import BotHarness, Sent

# The sample club meets on the 17th of each solar month at 14:00.
MEETING_DAY = datetime(2026, 12, 17, 15, 0)

SECRETARY, CHAIR, MEMBER, PLAIN = 8003, 8001, 8002, 8010


@dataclass
class Clock:
    """The bot's "now", movable within a test."""

    now: datetime = MEETING_DAY

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def board_clock() -> Clock:
    return Clock()


@pytest.fixture
async def board_bot(sample_db: Database, board_clock: Clock):
    harness = await BotHarness.start(sample_db, now=board_clock)
    yield harness
    await harness.stop()


async def link(bot: BotHarness, user: int, code: str) -> int:
    """Link an account to a roster member by sharing the member's own contact."""
    await bot.share_own_contact(user, member(code)["phone"])
    return user


@pytest.fixture
async def secretary_account(board_bot: BotHarness) -> int:
    """An account linked to TV003 Đỗ Thị Liên, the sample club's secretary."""
    return await link(board_bot, SECRETARY, "TV003")


@pytest.fixture
async def chair_account(board_bot: BotHarness) -> int:
    """An account linked to TV001 Bùi Thị Kim Nhung, the chair."""
    return await link(board_bot, CHAIR, "TV001")


@pytest.fixture
async def plain_account(board_bot: BotHarness) -> int:
    """An account linked to TV010 Đinh Thị Loan, who holds no board post."""
    return await link(board_bot, PLAIN, "TV010")


async def press(bot: BotHarness, user: int, data: str) -> list[Sent]:
    """Tap an inline button; what the bot showed: redrawn messages and new ones, in order."""
    before = len(bot.api.calls)
    await bot.app.process_update(Update.de_json(updates.callback(user, data), bot.app.bot))
    return [Sent(c.params.get("text", ""), c.params.get("reply_markup"))
            for c in bot.api.calls[before:] if c.method in ("editMessageText", "sendMessage")]


async def screen(bot: BotHarness, user: int, data: str) -> Sent:
    """Tap, and return the one message the tap drew."""
    shown = await press(bot, user, data)
    assert len(shown) == 1, [s.text for s in shown]
    return shown[0]


def button(sent: Sent | list[Sent], label_part: str) -> str:
    """The data of the first button whose label contains ``label_part``."""
    for one in sent if isinstance(sent, list) else [sent]:
        for label, data in one.choices:
            if label_part in label:
                return data
    raise AssertionError(f"no button with {label_part!r}")


def label_of(sent: Sent, name: str) -> str:
    """The label of the button for this member's name."""
    return next(label for label, _ in sent.choices if label.endswith(name)
                or label.endswith(f"{name} (đã đóng)"))


async def rows(db: Database, sql: str, params: tuple = ()) -> list[tuple]:
    return [tuple(r) for r in await db.fetchall(sql, params)]


async def member_id(db: Database, code: str) -> int:
    row = await db.fetchone("SELECT id FROM members WHERE code = ?", (code,))
    assert row is not None
    return int(row[0])


# ---------------------------------------------------------------- two clubs (two_clubs.py)

@pytest.fixture(scope="session")
def two_clubs_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Both clubs in one database file, made once and copied per test."""
    return asyncio.run(build_two_clubs(tmp_path_factory.mktemp("two-clubs")))


@pytest.fixture
async def two_clubs_db(tmp_path: Path, two_clubs_file: Path):
    path = tmp_path / "clubs.db"
    shutil.copyfile(two_clubs_file, path)
    db = await Database.open(path)
    yield db
    await db.close()


@pytest.fixture
async def chat(two_clubs_db: Database, board_clock: Clock) -> Chat:
    """Both clubs, on the meeting day, with the shared phone and club A's
    secretary linked by their own contact cards."""
    talk = Chat(Services.over(two_clubs_db, now=board_clock))
    await talk.link(SHARED, member("TV004")["phone"])
    await talk.link(SECRETARY_A, member("TV003")["phone"])
    return talk
