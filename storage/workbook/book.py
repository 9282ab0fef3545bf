"""Reading a whole book: every sheet in order, every problem at once.

Every sheet is read and every row checked before anything is returned, so the
secretary gets the whole list of mistakes at once instead of fixing them one
upload at a time; and since nothing is returned while any row is wrong, an
import is all or nothing before it touches the database.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import BinaryIO
from zoneinfo import ZoneInfo

from storage.workbook import (
    attendance,
    cash,
    checkups,
    club,
    health,
    loans,
    meetings,
    members,
)
from storage.workbook.loading import open_book
from storage.workbook.model import ClubBook, WorkbookError
from storage.workbook.reader import Reader

_VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


def read_workbook(source: str | Path | BinaryIO, *, today: date | None = None) -> ClubBook:
    """Read and check a whole book; raise WorkbookError listing every problem.

    `today` (Vietnam time unless given) is the last day a book may record
    money, loans, readings and joining on.
    """
    with open_book(source) as book:
        reader = Reader(book, today or datetime.now(_VIETNAM).date())
        facts = club.read(reader)
        book_members = members.read(reader)
        book_loans = loans.read(reader)
        book_cash = cash.read(reader)
        book_meetings = meetings.read(reader)
        book_attendance = attendance.read(reader)
        book_health = health.read(reader)
        book_checkups = checkups.read(reader)
    if reader.problems or facts is None:
        raise WorkbookError(reader.problems)
    return ClubBook(club=facts, members=book_members, loans=book_loans, cash=book_cash,
                    meetings=book_meetings, attendance=book_attendance, health=book_health,
                    checkups=book_checkups)
