"""What a conversation may use: the database, cached reads, and the clock.

The clock is injected so tests (and the scripted demo) can stand on a fixed
day; it returns naive local time in the clubs' zone (Asia/Ho_Chi_Minh).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

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

    @classmethod
    def over(cls, db: Database, now: Callable[[], datetime] = vietnam_now) -> Services:
        return cls(db=db, reader=Reader(db), now=now)
