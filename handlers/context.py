"""What a conversation may use: the database, cached reads, and the clock.

The clock is injected so tests (and the scripted demo) can stand on a fixed
day; it returns naive local time in the clubs' zone (Asia/Ho_Chi_Minh).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from club.reminders import ReminderRules
from handlers.charts import ChartCache
from handlers.screens import ScreenCache
from storage.database import Database
from storage.reads import Reader

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


def vietnam_now() -> datetime:
    return datetime.now(VIETNAM).replace(tzinfo=None)


@dataclass
class Services:
    db: Database
    reader: Reader
    now: Callable[[], datetime] = vietnam_now
    # Set by the running bot (bot/app.py); None in tests and the terminal chat.
    # Call after committing outbox rows: the dispatcher sends them now rather
    # than at its next poll.
    outbox_ready: Callable[[], None] | None = None
    # Plan one club's reminders again at once (its meeting was moved, a
    # check-up added), then wake the dispatcher.
    replan_club: Callable[[int], Awaitable[object]] | None = None
    # When reminders go out ([reminders] in the config), for what the board is told.
    reminder_rules: ReminderRules = field(default_factory=ReminderRules)
    # [web] public_url: the start of download links given on Zalo and the web
    # chat ("" gives links relative to the web chat's own address).
    public_url: str = ""
    # The pictures already drawn, until the figures they show change.
    charts: ChartCache = field(default_factory=ChartCache)
    # The member's screens, while the read cache hands out the same file.
    screens: ScreenCache = field(default_factory=ScreenCache)

    @classmethod
    def over(cls, db: Database, now: Callable[[], datetime] = vietnam_now) -> Services:
        return cls(db=db, reader=Reader(db), now=now)
