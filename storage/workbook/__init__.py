"""Reading the club workbook (sổ sách CLB): cells in, checked rows out.

Pure: no database. Books are typed by hand, so the reader is lenient about
form (sheet and column names without diacritics or in another case, columns in
any order, extra columns, dates and amounts written as text, phones in any
common form) and strict about meaning (a date that does not exist or cannot be
true, a repayment of someone else's loan, a withdrawal the savings cannot
cover). A book from anyone is bounded in what it may cost to read (see
``loading``).

The package, one module per concern:

- ``format``: sheet names, headers, the words inside cells, and the limits;
- ``model``: what a checked book holds, ``Problem`` and ``WorkbookError``;
- ``cells``: the one normal form of text, and the quoting against formulas;
- ``loading``: opening the zip safely and streaming only the format's sheets;
- ``row``, ``reader``: a row's typed getters, and what the sheets share;
- ``club``, ``members``, ``loans``, ``cash``, ``meetings``, ``attendance``,
  ``health``, ``checkups``: one reader per sheet;
- ``book``: :func:`read_workbook`, all of them in order.
"""

from __future__ import annotations

from storage.workbook.book import read_workbook
from storage.workbook.cells import QUOTE, quote, tidy, unquote
from storage.workbook.format import (
    ATTENDANCE_COLUMNS,
    ATTENDANCE_SHEET,
    CALENDAR_LABELS,
    CASH_COLUMNS,
    CASH_SHEET,
    CHECKUPS_COLUMNS,
    CHECKUPS_SHEET,
    CLUB_CALENDAR,
    CLUB_COLUMNS,
    CLUB_COMMUNE,
    CLUB_COMMUNE_PROVINCE,
    CLUB_CONTRIBUTION,
    CLUB_DAY,
    CLUB_NAME,
    CLUB_PLACE,
    CLUB_PROVINCE,
    CLUB_SHEET,
    CLUB_TIME,
    GENDERS,
    HEALTH_COLUMNS,
    HEALTH_SHEET,
    KIND_LABELS,
    LOANS_COLUMNS,
    LOANS_SHEET,
    MAX_BOOK_AMOUNT,
    MEETINGS_COLUMNS,
    MEETINGS_SHEET,
    MEMBERS_COLUMNS,
    MEMBERS_SHEET,
    ROLES,
    STATUS_LABELS,
    VOLUNTEER_MARK,
)
from storage.workbook.model import (
    AttendanceRow,
    CashRow,
    CheckupRow,
    ClubBook,
    ClubFacts,
    HealthRow,
    LoanRow,
    MeetingRow,
    MemberRow,
    Problem,
    WorkbookError,
)

__all__ = [
    "ATTENDANCE_COLUMNS",
    "ATTENDANCE_SHEET",
    "CALENDAR_LABELS",
    "CASH_COLUMNS",
    "CASH_SHEET",
    "CHECKUPS_COLUMNS",
    "CHECKUPS_SHEET",
    "CLUB_CALENDAR",
    "CLUB_COLUMNS",
    "CLUB_COMMUNE",
    "CLUB_COMMUNE_PROVINCE",
    "CLUB_CONTRIBUTION",
    "CLUB_DAY",
    "CLUB_NAME",
    "CLUB_PLACE",
    "CLUB_PROVINCE",
    "CLUB_SHEET",
    "CLUB_TIME",
    "GENDERS",
    "HEALTH_COLUMNS",
    "HEALTH_SHEET",
    "KIND_LABELS",
    "LOANS_COLUMNS",
    "LOANS_SHEET",
    "MAX_BOOK_AMOUNT",
    "MEETINGS_COLUMNS",
    "MEETINGS_SHEET",
    "MEMBERS_COLUMNS",
    "MEMBERS_SHEET",
    "QUOTE",
    "ROLES",
    "STATUS_LABELS",
    "VOLUNTEER_MARK",
    "AttendanceRow",
    "CashRow",
    "CheckupRow",
    "ClubBook",
    "ClubFacts",
    "HealthRow",
    "LoanRow",
    "MeetingRow",
    "MemberRow",
    "Problem",
    "WorkbookError",
    "quote",
    "read_workbook",
    "tidy",
    "unquote",
]
