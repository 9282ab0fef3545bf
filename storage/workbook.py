"""Reading the club workbook (sổ sách CLB): cells in, checked rows out.

Pure: no database. Every sheet is read and every row checked before anything
is returned, so the secretary gets the whole list of mistakes at once instead
of fixing them one upload at a time; and since nothing is returned while any
row is wrong, an import is all or nothing before it touches the database.

Books are typed by hand, so the reader is lenient about form (sheet and column
names without diacritics or in another case, columns in any order, extra
columns, dates and amounts written as text, phones in any common form) and
strict about meaning (a date that does not exist, a repayment of someone
else's loan, a withdrawal the savings cannot cover).

The sheet names, column headers and the words inside cells ("gửi tiết kiệm",
"có mặt") are the file format, not wording to be polished: they live here,
next to the code that reads them, and the exporter writes them from here, so a
book it writes always reads back. Messages about problems are wording and live
in ``club.texts``.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, BinaryIO, TypeVar

import openpyxl
from openpyxl.utils.datetime import from_excel

from club import texts
from club.calendar import format_date, parse_date, parse_time
from club.health import parse_blood_pressure, parse_weight_kg
from club.loans import METHOD_LABELS, parse_method, parse_rate_ppm
from club.money import format_vnd, parse_amount
from club.phone import normalize_phone
from club.text import fold

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
    "read_workbook",
]

# ---------------------------------------------------------------- the format

CLUB_SHEET = "CLB"
MEMBERS_SHEET = "ThanhVien"
LOANS_SHEET = "KhoanVay"
CASH_SHEET = "SoQuy"
MEETINGS_SHEET = "BuoiHop"
ATTENDANCE_SHEET = "DiemDanh"
HEALTH_SHEET = "SucKhoe"
CHECKUPS_SHEET = "LichKham"

# Headers as the sample book writes them; a header matches with or without
# its trailing "(…)" ("Giới tính (Nam/Nữ)" is "Giới tính").
CLUB_COLUMNS = ("Thông tin", "Giá trị")
MEMBERS_COLUMNS = (
    "Mã TV", "Họ và tên", "Giới tính", "Năm sinh", "Điện thoại", "Tổ", "Chức vụ",
    "Tình nguyện viên", "Ngày vào CLB",
)
LOANS_COLUMNS = (
    "Mã vay", "Mã TV", "Ngày giải ngân", "Số tiền", "Kỳ hạn (tháng)", "Lãi suất (%/tháng)",
    "Cách trả", "Mục đích",
)
CASH_COLUMNS = ("Ngày", "Mã TV", "Loại", "Số tiền", "Mã vay", "Ghi chú")
MEETINGS_COLUMNS = ("Mã buổi", "Ngày", "Giờ", "Địa điểm", "Nội dung", "Hoạt động")
ATTENDANCE_COLUMNS = ("Mã buổi", "Mã TV", "Trạng thái")
HEALTH_COLUMNS = ("Ngày", "Mã TV", "Huyết áp", "Cân nặng (kg)", "Ghi chú")
CHECKUPS_COLUMNS = ("Ngày", "Giờ", "Nội dung", "Địa điểm")

# The rows of the CLB sheet ("Thông tin" column).
CLUB_NAME = "Tên CLB"
CLUB_COMMUNE = "Xã/phường"
CLUB_PROVINCE = "Tỉnh/thành phố"
CLUB_COMMUNE_PROVINCE = "Xã/phường, Tỉnh/thành phố"
CLUB_DAY = "Ngày họp hằng tháng"
CLUB_CALENDAR = "Theo lịch"
CLUB_TIME = "Giờ họp"
CLUB_PLACE = "Địa điểm họp"
CLUB_CONTRIBUTION = "Đóng góp quỹ hằng tháng"

CALENDAR_LABELS: dict[bool, str] = {False: "dương lịch", True: "âm lịch"}
# Cash-book kinds and attendance statuses: schema value -> word in the book.
KIND_LABELS: dict[str, str] = {
    "contribution": "đóng góp quỹ",
    "deposit": "gửi tiết kiệm",
    "withdrawal": "rút tiết kiệm",
    "principal": "trả gốc",
    "interest": "trả lãi",
}
STATUS_LABELS: dict[str, str] = {"present": "có mặt", "absent": "vắng", "excused": "có phép"}
# Longer forms people write for the same statuses.
_STATUS_ALIASES = {"vắng mặt": "absent", "vắng có phép": "excused"}
ROLES = ("Chủ nhiệm", "Phó chủ nhiệm", "Thư ký", "Thủ quỹ")
GENDERS = ("Nam", "Nữ")
VOLUNTEER_MARK = "x"
ACTIVITY_AREAS = range(1, 9)

# The cash-book kinds that must name the loan they repay.
REPAYMENT_KINDS = frozenset({"principal", "interest"})

# No club moves ten billion đồng in one entry: a larger figure is a slip
# (a date pasted into the amount column, digits typed twice).
MAX_BOOK_AMOUNT = 10_000_000_000
_MAX_TERM_MONTHS = 120
_FIRST_BIRTH_YEAR = 1900
# Dates outside these years are typing slips ("17/03/206").
_YEARS = range(1900, 2101)
# Excel day numbers of 1927…2119: a number in a date column in this range is a
# date cell that lost its format; anything else is not a date.
_SERIAL_DAYS = range(10_000, 80_000)
# A title row or two may sit above the headers.
_HEADER_SEARCH = 10


_T = TypeVar("_T")

# ---------------------------------------------------------------- what a book holds


@dataclass(frozen=True, slots=True)
class ClubFacts:
    name: str
    commune: str
    province: str
    meeting_day: int
    meeting_lunar: bool
    meeting_time: str  # 'HH:MM'
    meeting_place: str
    contribution: int


@dataclass(frozen=True, slots=True)
class MemberRow:
    code: str
    name: str
    gender: str  # 'Nam' | 'Nữ' | ''
    birth_year: int | None
    phone: str | None  # '0xxxxxxxxx'
    team: str
    role: str  # '' or one of ROLES
    volunteer: bool
    joined_on: date | None
    row: int = field(default=0, compare=False)  # where it was read, for messages


@dataclass(frozen=True, slots=True)
class LoanRow:
    code: str
    member_code: str
    disbursed_on: date
    amount: int
    term_months: int
    rate_ppm: int
    method: str  # club.loans.RepaymentMethod value
    purpose: str
    row: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class CashRow:
    entry_date: date
    member_code: str
    kind: str  # a key of KIND_LABELS
    amount: int
    loan_code: str | None
    note: str
    row: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class MeetingRow:
    code: str
    held_on: date
    time: str  # 'HH:MM' or ''
    place: str
    topic: str
    activities: str  # '1, 2, 6'
    row: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class AttendanceRow:
    meeting_code: str
    member_code: str
    status: str  # a key of STATUS_LABELS
    row: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class HealthRow:
    taken_on: date
    member_code: str
    systolic: int | None
    diastolic: int | None
    weight_dg: int | None  # tenths of a kilogram
    note: str
    row: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class CheckupRow:
    held_on: date
    time: str  # 'HH:MM' or ''
    what: str
    place: str
    row: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class ClubBook:
    club: ClubFacts
    members: list[MemberRow]
    loans: list[LoanRow]
    cash: list[CashRow]
    meetings: list[MeetingRow]
    attendance: list[AttendanceRow]
    health: list[HealthRow]
    checkups: list[CheckupRow]


@dataclass(frozen=True, slots=True)
class Problem:
    """One mistake in the book: where it is (as the person sees it) and why."""

    sheet: str
    row: int | None
    reason: str

    def __str__(self) -> str:
        if self.sheet and self.row is not None:
            return texts.WB_PROBLEM_AT_ROW.format(
                sheet=self.sheet, row=self.row, reason=self.reason)
        if self.sheet:
            return texts.WB_PROBLEM_IN_SHEET.format(sheet=self.sheet, reason=self.reason)
        return self.reason[:1].upper() + self.reason[1:]


class WorkbookError(Exception):
    """The book was not read: every problem found, in the order of the sheets."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(problems)
        self.problems = problems

    def __str__(self) -> str:
        head = texts.WB_REJECTED.format(count=len(self.problems))
        return "\n".join([head, *(str(p) for p in self.problems)])


# ---------------------------------------------------------------- reading


def read_workbook(source: str | Path | BinaryIO) -> ClubBook:
    """Read and check a whole book; raise WorkbookError listing every problem."""
    if isinstance(source, str | Path):
        # Opened here rather than by openpyxl, which refuses a file whose name
        # does not end in .xlsx (a chat upload is saved under any name).
        with open(source, "rb") as handle:
            sheets = _load(handle)
    else:
        sheets = _load(source)
    return _Reader(sheets).read()


# Every worksheet as (title, rows of cell values), in the book's order.
_Sheets = list[tuple[str, list[tuple[Any, ...]]]]


def _load(handle: BinaryIO) -> _Sheets:
    try:
        book = openpyxl.load_workbook(handle, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds of error for a non-xlsx file
        raise WorkbookError([Problem("", None, texts.WB_UNREADABLE)]) from exc
    sheets: _Sheets = []
    try:
        for sheet in book.worksheets:
            # Some programs write a wrong sheet size in the file; read-only mode
            # would trust it and cut rows off. Read to the real end instead.
            sheet.reset_dimensions()
            sheets.append((sheet.title, list(sheet.iter_rows(values_only=True))))
    except Exception as exc:  # a damaged part inside the file shows only when read
        raise WorkbookError([Problem("", None, texts.WB_UNREADABLE)]) from exc
    finally:
        book.close()
    return sheets


# Text inside the last "(…)" of a header: a unit or a hint, not the name.
_TRAILING_HINT = re.compile(r"\([^()]*\)\s*$")
_NOT_LETTER_OR_DIGIT = re.compile(r"[^0-9a-z]+")


def _key(text: str) -> str:
    """A name reduced to its letters and digits: "Mã TV", "ma_tv", "MaTV" are one."""
    return _NOT_LETTER_OR_DIGIT.sub("", fold(text))


def _label_keys(text: str) -> tuple[str, str]:
    """(key without a trailing "(…)", key of the whole label)."""
    folded = fold(text)
    return _key(_TRAILING_HINT.sub("", folded)), _key(folded)


def _labels_match(actual: str, expected: str) -> bool:
    actual_short, actual_full = _label_keys(actual)
    expected_short, expected_full = _label_keys(expected)
    return (bool(actual_short) and actual_short == expected_short) or actual_full == expected_full


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value: Any) -> str:
    """A cell as tidy text: NFC (so one name is one string), single spaces."""
    if value is None or isinstance(value, bool):
        return ""
    if isinstance(value, datetime | date):
        return format_date(value)
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(unicodedata.normalize("NFC", str(value)).split())


def _show(value: Any) -> str:
    """A cell as quoted back in a message: short enough to read on a phone."""
    shown = _text(value)
    return shown if len(shown) <= 40 else shown[:39] + "…"


def _whole_number(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    if isinstance(value, str) and (text := value.strip()).isascii() and text.isdigit():
        return int(text)
    return None


def _options(labels: Mapping[str, str]) -> dict[str, str]:
    """Folded key of each word people may write -> the value it stands for."""
    return {_key(label): value for label, value in labels.items()}


_KIND_OPTIONS = _options({label: kind for kind, label in KIND_LABELS.items()})
_STATUS_OPTIONS = _options(
    {**{label: status for status, label in STATUS_LABELS.items()}, **_STATUS_ALIASES})
_ROLE_OPTIONS = _options({role: role for role in ROLES})
_GENDER_OPTIONS = _options({gender: gender for gender in GENDERS})
_CALENDAR_OPTIONS = _options(
    {label: "lunar" if lunar else "solar" for lunar, label in CALENDAR_LABELS.items()})


class _Row:
    """One row being checked: typed getters that note a problem instead of raising.

    A getter that fails records the problem and returns None; ``ok`` then
    tells the caller not to build the row, while the other cells still get
    checked, so one pass reports every mistake in the row.
    """

    def __init__(self, problems: list[Problem], sheet: str, number: int | None,
                 cells: dict[str, Any]) -> None:
        self.problems = problems
        self.sheet = sheet
        self.number = number
        self.cells = cells
        self.ok = True

    def fail(self, reason: str) -> None:
        self.ok = False
        self.problems.append(Problem(self.sheet, self.number, reason))

    def blank(self, column: str) -> bool:
        return _blank(self.cells[column])

    def _missing(self, column: str, required: bool) -> bool:
        """True when the cell is empty; an empty required cell is a problem."""
        if not self.blank(column):
            return False
        if required:
            self.fail(texts.WB_EMPTY.format(column=column))
        return True

    def _bad(self, template: str, column: str, **extra: Any) -> None:
        self.fail(template.format(column=column, value=_show(self.cells[column]), **extra))

    def text(self, column: str, *, required: bool = False) -> str:
        if self._missing(column, required):
            return ""
        return _text(self.cells[column])

    def code(self, column: str, *, required: bool = True) -> str | None:
        """A member, loan or meeting code; codes compare in upper case ("tv001" is TV001)."""
        if self._missing(column, required):
            return None
        return _text(self.cells[column]).upper()

    def date(self, column: str, *, required: bool = True) -> date | None:
        if self._missing(column, required):
            return None
        value = self.cells[column]
        parsed: date | None = None
        try:
            if isinstance(value, int | float) and not isinstance(value, bool):
                if int(value) in _SERIAL_DAYS:
                    parsed = parse_date(from_excel(value))
            else:
                parsed = parse_date(value)
        except (ValueError, TypeError, OverflowError):
            parsed = None
        if parsed is None or parsed.year not in _YEARS:
            self._bad(texts.WB_BAD_DATE, column)
            return None
        return parsed

    def time(self, column: str) -> str | None:
        """'HH:MM', '' when empty, None when not a time."""
        if self._missing(column, required=False):
            return ""
        value = self.cells[column]
        try:
            # A time cell whose format was lost reads as a fraction of a day.
            if isinstance(value, float) and 0 <= value < 1:
                value = from_excel(value)
            return parse_time(value).strftime("%H:%M")
        except (ValueError, TypeError):
            self._bad(texts.WB_BAD_TIME, column)
            return None

    def amount(self, column: str, *, allow_zero: bool = False) -> int | None:
        if self._missing(column, required=True):
            return None
        value = self.cells[column]
        if isinstance(value, int | float) and not isinstance(value, bool) \
                and value > MAX_BOOK_AMOUNT:
            self._bad(texts.WB_AMOUNT_TOO_BIG, column)
            return None
        parsed = parse_amount(value) if isinstance(value, str | int | float) else None
        if parsed is None:
            self._bad(texts.WB_BAD_AMOUNT, column)
        elif parsed == 0 and not allow_zero:
            self.fail(texts.WB_AMOUNT_ZERO.format(column=column))
        elif parsed > MAX_BOOK_AMOUNT:
            self._bad(texts.WB_AMOUNT_TOO_BIG, column)
        else:
            return parsed
        return None

    def whole(self, column: str, low: int, high: int, *, required: bool = True) -> int | None:
        if self._missing(column, required):
            return None
        number = _whole_number(self.cells[column])
        if number is None or not low <= number <= high:
            self._bad(texts.WB_BAD_WHOLE, column, low=low, high=high)
            return None
        return number

    def choice(self, column: str, options: Mapping[str, str], shown: Iterable[str], *,
               required: bool = True) -> str | None:
        """The value a word stands for; '' for an empty optional cell."""
        if self._missing(column, required):
            return None if required else ""
        found = options.get(_key(_text(self.cells[column])))
        if found is None:
            choices = [texts.WB_CHOICE.format(label=label) for label in shown]
            if not required:
                choices.append(texts.WB_CHOICE_OR_EMPTY)
            self._bad(texts.WB_BAD_CHOICE, column, choices=", ".join(choices))
        return found

    def phone(self, column: str) -> str | None:
        value = self.cells[column]
        try:
            if not isinstance(value, str | int | float | None):
                raise ValueError(value)
            return normalize_phone(value)
        except ValueError:
            self._bad(texts.WB_BAD_PHONE, column)
            return None

    def rate_ppm(self, column: str) -> int | None:
        if self._missing(column, required=True):
            return None
        try:
            return parse_rate_ppm(self.cells[column])
        except ValueError:
            self._bad(texts.WB_BAD_RATE, column)
            return None

    def method(self, column: str) -> str | None:
        if self._missing(column, required=True):
            return None
        try:
            return parse_method(_text(self.cells[column])).value
        except ValueError:
            choices = ", ".join(texts.WB_CHOICE.format(label=label)
                                for label in METHOD_LABELS.values())
            self._bad(texts.WB_BAD_CHOICE, column, choices=choices)
            return None

    def blood_pressure(self, column: str) -> tuple[int, int] | None:
        if self._missing(column, required=False):
            return None
        try:
            reading = parse_blood_pressure(_text(self.cells[column]))
        except ValueError:
            self._bad(texts.WB_BAD_BP, column)
            return None
        return reading.systolic, reading.diastolic

    def weight_dg(self, column: str) -> int | None:
        if self._missing(column, required=False):
            return None
        try:
            return round(parse_weight_kg(self.cells[column]) * 10)
        except ValueError:
            self._bad(texts.WB_BAD_WEIGHT, column)
            return None

    def activities(self, column: str) -> str | None:
        """'1, 2, 6' from "1,2,6", "6 1 2" or the number 1; '' when empty."""
        if self._missing(column, required=False):
            return ""
        tokens = [t for t in re.split(r"[\s,;./]+", _text(self.cells[column])) if t]
        if all(t.isascii() and t.isdigit() and int(t) in ACTIVITY_AREAS for t in tokens):
            return ", ".join(str(n) for n in sorted({int(t) for t in tokens}))
        self._bad(texts.WB_BAD_ACTIVITIES, column)
        return None


@dataclass(slots=True)
class _LoanFacts:
    """What the cash book needs to know of a loan to check its repayments."""

    member_code: str | None
    amount: int | None
    disbursed_on: date | None


class _Reader:
    def __init__(self, sheets: _Sheets) -> None:
        self.sheets = sheets
        self.problems: list[Problem] = []
        self.titles: dict[str, str] = {}  # our sheet name -> the book's title for it
        # Codes defined by the book; None when their sheet could not be read,
        # so that one missing column does not turn into a thousand problems.
        self.members: set[str] | None = None
        self.loans: dict[str, _LoanFacts] | None = None
        self.meetings: set[str] | None = None

    def read(self) -> ClubBook:
        club = self._club()
        members = self._members()
        loans = self._loans()
        cash = self._cash()
        meetings = self._meetings()
        attendance = self._attendance()
        health = self._health()
        checkups = self._checkups()
        if self.problems or club is None:
            raise WorkbookError(self.problems)
        return ClubBook(club=club, members=members, loans=loans, cash=cash, meetings=meetings,
                        attendance=attendance, health=health, checkups=checkups)

    # ------------------------------------------------------------ sheets and headers

    def _sheet(self, name: str) -> tuple[str, list[tuple[Any, ...]]] | None:
        found = [(title, rows) for title, rows in self.sheets if _key(title) == _key(name)]
        if not found:
            self.problems.append(Problem(name, None, texts.WB_SHEET_MISSING))
            return None
        if len(found) > 1:
            # "SoQuy" and "Sổ quỹ" side by side: which one is the book is not ours to guess.
            self.problems.append(Problem(name, None, texts.WB_SHEET_TWICE.format(
                name=name, first=found[0][0], second=found[1][0])))
        self.titles[name] = found[0][0]
        return found[0]

    def _table(self, name: str, columns: tuple[str, ...]) -> list[_Row] | None:
        """The sheet's data rows, cells keyed by column; None if it cannot be read."""
        found = self._sheet(name)
        if found is None:
            return None
        title, rows = found
        header = self._header(rows, columns)
        if header is None:
            for column in columns:
                self.problems.append(
                    Problem(title, None, texts.WB_COLUMN_MISSING.format(column=column)))
            return None
        number, index, twice = header
        missing = [column for column in columns if column not in index]
        for column in missing:
            self.problems.append(
                Problem(title, None, texts.WB_COLUMN_MISSING.format(column=column)))
        for column in twice:
            self.problems.append(
                Problem(title, number, texts.WB_COLUMN_TWICE.format(column=column)))
        if missing or twice:
            return None
        return self._rows(title, rows, number, index)

    @staticmethod
    def _header(rows: list[tuple[Any, ...]], columns: tuple[str, ...]
                ) -> tuple[int, dict[str, int], list[str]] | None:
        """(row number, column -> position, columns found twice) of the header row.

        The header is the first of the first few non-empty rows that names all
        the columns; failing that, the one naming most of them.
        """
        best: tuple[int, dict[str, int], list[str]] | None = None
        candidates = [(n, r) for n, r in enumerate(rows, 1) if not all(map(_blank, r))]
        for number, values in candidates[:_HEADER_SEARCH]:
            index: dict[str, int] = {}
            twice: list[str] = []
            for position, cell in enumerate(values):
                if _blank(cell):
                    continue
                for column in columns:
                    if _labels_match(_text(cell), column):
                        if column in index:
                            twice.append(column)
                        else:
                            index[column] = position
                        break
            if best is None or len(index) > len(best[1]):
                best = (number, index, twice)
            if len(index) == len(columns):
                break
        return best

    def _rows(self, title: str, rows: list[tuple[Any, ...]], header: int,
              index: dict[str, int]) -> list[_Row]:
        table = []
        for number, values in enumerate(rows[header:], header + 1):
            cells = {column: values[i] if i < len(values) else None
                     for column, i in index.items()}
            # Books often carry empty rows (spacing, or formatting left below
            # the data that spreadsheet programs report as rows).
            if all(map(_blank, cells.values())):
                continue
            table.append(_Row(self.problems, title, number, cells))
        return table

    # ------------------------------------------------------------ cross-references

    def _member(self, row: _Row, column: str) -> str | None:
        code = row.code(column)
        if code is not None and self.members is not None and code not in self.members:
            row.fail(texts.WB_UNKNOWN_MEMBER.format(code=code))
            return None
        return code

    @staticmethod
    def _seen(seen: dict[Any, int], key: Any, row: _Row) -> int | None:
        """The row where `key` appeared before, or None (and this row is noted)."""
        if key in seen:
            return seen[key]
        seen[key] = row.number or 0
        return None

    def _once(self, seen: dict[Any, int], key: Any, row: _Row) -> None:
        if (first := self._seen(seen, key, row)) is not None:
            row.fail(texts.WB_ROW_TWICE.format(first=first))

    def _unique_code(self, seen: dict[str, int], code: str, row: _Row, column: str) -> None:
        if (first := self._seen(seen, code, row)) is not None:
            row.fail(texts.WB_CODE_TWICE.format(column=column, code=code, first=first))

    # ------------------------------------------------------------ CLB

    _CLUB_FIELDS = (CLUB_NAME, CLUB_COMMUNE, CLUB_PROVINCE, CLUB_COMMUNE_PROVINCE, CLUB_DAY,
                    CLUB_CALENDAR, CLUB_TIME, CLUB_PLACE, CLUB_CONTRIBUTION)

    def _club(self) -> ClubFacts | None:
        found = self._sheet(CLUB_SHEET)
        if found is None:
            return None
        title, rows = found
        header = self._header(rows, CLUB_COLUMNS)
        if header is not None and len(header[1]) == len(CLUB_COLUMNS):
            start, index = header[0], header[1]
        else:
            # Two columns of label and value need no header to be understood.
            start, index = 0, {CLUB_COLUMNS[0]: 0, CLUB_COLUMNS[1]: 1}
        label_column, value_column = CLUB_COLUMNS
        facts: dict[str, _Row] = {}
        for row in self._rows(title, rows, start, index):
            label = _text(row.cells[label_column])
            name = next((f for f in self._CLUB_FIELDS if _labels_match(label, f)), None)
            if name is None:
                continue  # other facts a club keeps: not ours to read
            if name in facts:
                row.fail(texts.WB_CLUB_ROW_TWICE.format(label=label, first=facts[name].number))
                continue
            # Checked under the row's own label, so messages name the fact.
            facts[name] = _Row(self.problems, title, row.number, {name: row.cells[value_column]})

        def check(name: str, read: Callable[[_Row], _T]) -> _T | None:
            """`read` applied to the fact's row; a missing row is a problem."""
            if name not in facts:
                self.problems.append(
                    Problem(title, None, texts.WB_CLUB_ROW_MISSING.format(label=name)))
                return None
            return read(facts[name])

        name = check(CLUB_NAME, lambda r: r.text(CLUB_NAME, required=True))
        if CLUB_COMMUNE_PROVINCE in facts and not (CLUB_COMMUNE in facts
                                                   and CLUB_PROVINCE in facts):
            commune, province = self._split_place(facts[CLUB_COMMUNE_PROVINCE])
        else:
            commune = check(CLUB_COMMUNE, lambda r: r.text(CLUB_COMMUNE, required=True))
            province = check(CLUB_PROVINCE, lambda r: r.text(CLUB_PROVINCE, required=True))
        lunar = check(CLUB_CALENDAR, lambda r: r.choice(
            CLUB_CALENDAR, _CALENDAR_OPTIONS, CALENDAR_LABELS.values()))
        day = check(CLUB_DAY, lambda r: r.whole(CLUB_DAY, 1, 30 if lunar == "lunar" else 31))
        meeting_time = check(CLUB_TIME, lambda r: r.time(CLUB_TIME))
        place = check(CLUB_PLACE, lambda r: r.text(CLUB_PLACE))
        # Zero is allowed here: a club may ask no fixed monthly contribution.
        contribution = check(CLUB_CONTRIBUTION,
                             lambda r: r.amount(CLUB_CONTRIBUTION, allow_zero=True))
        if (name is None or commune is None or province is None or lunar is None or day is None
                or meeting_time is None or place is None or contribution is None
                or not all(r.ok for r in facts.values())):
            return None
        return ClubFacts(name=name, commune=commune, province=province, meeting_day=day,
                         meeting_lunar=lunar == "lunar", meeting_time=meeting_time,
                         meeting_place=place, contribution=contribution)

    @staticmethod
    def _split_place(row: _Row) -> tuple[str | None, str | None]:
        """(commune, province) from "Xã Tân Lập, Hưng Yên"; the province is the last part."""
        text = row.text(CLUB_COMMUNE_PROVINCE, required=True)
        commune, _, province = (part.strip() for part in text.rpartition(","))
        if not (commune and province):
            if text:
                row.fail(texts.WB_BAD_PLACE.format(value=_show(text)))
            return None, None
        return commune, province

    # ------------------------------------------------------------ ThanhVien

    def _members(self) -> list[MemberRow]:
        table = self._table(MEMBERS_SHEET, MEMBERS_COLUMNS)
        if table is None:
            return []
        self.members = set()
        seen: dict[str, int] = {}
        members = []
        this_year = date.today().year
        for row in table:
            code = row.code("Mã TV")
            if code is not None:
                # Known even if the row has other mistakes: its cash rows are
                # then judged on their own, not as "unknown member".
                self.members.add(code)
                self._unique_code(seen, code, row, "Mã TV")
            name = row.text("Họ và tên", required=True)
            gender = row.choice("Giới tính", _GENDER_OPTIONS, GENDERS, required=False)
            birth_year = self._birth_year(row, this_year)
            phone = row.phone("Điện thoại")
            team = row.text("Tổ")
            role = row.choice("Chức vụ", _ROLE_OPTIONS, ROLES, required=False)
            # Any mark counts ("x", "X", "có", "✓"): the column is a tick box.
            volunteer = not row.blank("Tình nguyện viên")
            joined_on = row.date("Ngày vào CLB", required=False)
            if row.ok and code is not None and gender is not None and role is not None:
                members.append(MemberRow(
                    code=code, name=name, gender=gender, birth_year=birth_year, phone=phone,
                    team=team, role=role, volunteer=volunteer, joined_on=joined_on,
                    row=row.number or 0))
        return members

    @staticmethod
    def _birth_year(row: _Row, this_year: int) -> int | None:
        value = row.cells["Năm sinh"]
        if isinstance(value, datetime | date):
            value = value.year  # a full birth date typed where the year goes
        if _blank(value):
            return None
        number = _whole_number(value)
        if number is None or not _FIRST_BIRTH_YEAR <= number <= this_year:
            row.fail(texts.WB_BAD_WHOLE.format(column="Năm sinh", value=_show(value),
                                               low=_FIRST_BIRTH_YEAR, high=this_year))
            return None
        return number

    # ------------------------------------------------------------ KhoanVay

    def _loans(self) -> list[LoanRow]:
        table = self._table(LOANS_SHEET, LOANS_COLUMNS)
        if table is None:
            return []
        self.loans = {}
        seen: dict[str, int] = {}
        loans = []
        for row in table:
            code = row.code("Mã vay")
            member = self._member(row, "Mã TV")
            disbursed_on = row.date("Ngày giải ngân")
            amount = row.amount("Số tiền")
            term = row.whole("Kỳ hạn (tháng)", 1, _MAX_TERM_MONTHS)
            rate = row.rate_ppm("Lãi suất (%/tháng)")
            method = row.method("Cách trả")
            purpose = row.text("Mục đích")
            if code is not None:
                if code not in self.loans:
                    self.loans[code] = _LoanFacts(member, amount, disbursed_on)
                self._unique_code(seen, code, row, "Mã vay")
            if (row.ok and code is not None and member is not None and disbursed_on is not None
                    and amount is not None and term is not None and rate is not None
                    and method is not None):
                loans.append(LoanRow(
                    code=code, member_code=member, disbursed_on=disbursed_on, amount=amount,
                    term_months=term, rate_ppm=rate, method=method, purpose=purpose,
                    row=row.number or 0))
        return loans

    # ------------------------------------------------------------ SoQuy

    def _cash(self) -> list[CashRow]:
        table = self._table(CASH_SHEET, CASH_COLUMNS)
        if table is None:
            return []
        cash = []
        # Members and loans with a wrong row: their sums are unreliable, so not checked.
        doubtful_members: set[str] = set()
        doubtful_loans: set[str] = set()
        for row in table:
            entry_date = row.date("Ngày")
            member = self._member(row, "Mã TV")
            kind = row.choice("Loại", _KIND_OPTIONS, KIND_LABELS.values())
            amount = row.amount("Số tiền")
            loan = row.code("Mã vay", required=False)
            note = row.text("Ghi chú")
            if kind in REPAYMENT_KINDS:
                self._check_repayment(row, kind, member, loan, entry_date)
            elif kind is not None and loan is not None:
                row.fail(texts.WB_LOAN_NOT_ALLOWED.format(kind=KIND_LABELS[kind]))
            if (row.ok and entry_date is not None and member is not None and kind is not None
                    and amount is not None):
                cash.append(CashRow(entry_date=entry_date, member_code=member, kind=kind,
                                    amount=amount, loan_code=loan, note=note,
                                    row=row.number or 0))
            else:
                doubtful_members.add(member or "")
                doubtful_loans.add(loan or "")
        self._check_savings(cash, doubtful_members)
        self._check_principal(cash, doubtful_loans)
        return cash

    def _check_repayment(self, row: _Row, kind: str, member: str | None, loan: str | None,
                         paid_on: date | None) -> None:
        if loan is None:
            row.fail(texts.WB_LOAN_NEEDED.format(kind=KIND_LABELS[kind]))
            return
        if self.loans is None:
            return
        facts = self.loans.get(loan)
        if facts is None:
            row.fail(texts.WB_UNKNOWN_LOAN.format(code=loan))
        elif member is not None and facts.member_code is not None and facts.member_code != member:
            row.fail(texts.WB_LOAN_OF_OTHER.format(loan=loan, owner=facts.member_code,
                                                   member=member))
        elif paid_on is not None and facts.disbursed_on is not None \
                and paid_on < facts.disbursed_on:
            row.fail(texts.WB_PAID_BEFORE_LOAN.format(
                loan=loan, paid_on=format_date(paid_on),
                disbursed_on=format_date(facts.disbursed_on)))

    def _check_savings(self, cash: list[CashRow], doubtful: set[str]) -> None:
        """A withdrawal may not take more than was saved up to its date.

        Deposits of the same day count first: the rows of one meeting are
        written in no particular order.
        """
        moves: dict[str, list[CashRow]] = defaultdict(list)
        for entry in cash:
            if entry.kind in ("deposit", "withdrawal") and entry.member_code not in doubtful:
                moves[entry.member_code].append(entry)
        for member, entries in moves.items():
            balance = 0
            entries.sort(key=lambda e: (e.entry_date, e.kind == "withdrawal", e.row))
            for entry in entries:
                if entry.kind == "deposit":
                    balance += entry.amount
                elif entry.amount > balance:
                    # Not subtracted: the later rows are judged as if this one
                    # were fixed, so one slip gives one message.
                    self.problems.append(Problem(self.titles[CASH_SHEET],
                                                 entry.row, texts.WB_OVERDRAWN.format(
                        amount=format_vnd(entry.amount), date=format_date(entry.entry_date),
                        member=member, balance=format_vnd(balance))))
                else:
                    balance -= entry.amount

    def _check_principal(self, cash: list[CashRow], doubtful: set[str]) -> None:
        """Principal repaid may not exceed what was lent."""
        if self.loans is None:
            return
        paid: dict[str, int] = defaultdict(int)
        for entry in sorted(cash, key=lambda e: (e.entry_date, e.row)):
            if entry.kind != "principal" or entry.loan_code is None \
                    or entry.loan_code in doubtful:
                continue
            facts = self.loans.get(entry.loan_code)
            if facts is None or facts.amount is None:
                continue
            if paid[entry.loan_code] + entry.amount > facts.amount:
                self.problems.append(Problem(self.titles[CASH_SHEET], entry.row,
                                             texts.WB_OVERPAID.format(
                    loan=entry.loan_code, paid=format_vnd(paid[entry.loan_code] + entry.amount),
                    amount=format_vnd(facts.amount))))
            else:
                paid[entry.loan_code] += entry.amount

    # ------------------------------------------------------------ BuoiHop

    def _meetings(self) -> list[MeetingRow]:
        table = self._table(MEETINGS_SHEET, MEETINGS_COLUMNS)
        if table is None:
            return []
        self.meetings = set()
        seen: dict[str, int] = {}
        meetings = []
        for row in table:
            code = row.code("Mã buổi")
            if code is not None:
                self.meetings.add(code)
                self._unique_code(seen, code, row, "Mã buổi")
            held_on = row.date("Ngày")
            meeting_time = row.time("Giờ")
            place = row.text("Địa điểm")
            topic = row.text("Nội dung")
            activities = row.activities("Hoạt động")
            if (row.ok and code is not None and held_on is not None and meeting_time is not None
                    and activities is not None):
                meetings.append(MeetingRow(code=code, held_on=held_on, time=meeting_time,
                                           place=place, topic=topic, activities=activities,
                                           row=row.number or 0))
        return meetings

    # ------------------------------------------------------------ DiemDanh

    def _attendance(self) -> list[AttendanceRow]:
        table = self._table(ATTENDANCE_SHEET, ATTENDANCE_COLUMNS)
        if table is None:
            return []
        seen: dict[tuple[str, str], int] = {}
        attendance = []
        for row in table:
            meeting = row.code("Mã buổi")
            if meeting is not None and self.meetings is not None \
                    and meeting not in self.meetings:
                row.fail(texts.WB_UNKNOWN_MEETING.format(code=meeting))
                meeting = None
            member = self._member(row, "Mã TV")
            status = row.choice("Trạng thái", _STATUS_OPTIONS, STATUS_LABELS.values())
            if meeting is not None and member is not None:
                self._once(seen, (meeting, member), row)
            if row.ok and meeting is not None and member is not None and status is not None:
                attendance.append(AttendanceRow(meeting_code=meeting, member_code=member,
                                                status=status, row=row.number or 0))
        return attendance

    # ------------------------------------------------------------ SucKhoe

    def _health(self) -> list[HealthRow]:
        table = self._table(HEALTH_SHEET, HEALTH_COLUMNS)
        if table is None:
            return []
        seen: dict[tuple[str, date], int] = {}
        health = []
        for row in table:
            taken_on = row.date("Ngày")
            member = self._member(row, "Mã TV")
            bp = row.blood_pressure("Huyết áp")
            weight = row.weight_dg("Cân nặng (kg)")
            note = row.text("Ghi chú")
            if row.blank("Huyết áp") and row.blank("Cân nặng (kg)"):
                row.fail(texts.WB_NO_READING)
            if member is not None and taken_on is not None:
                self._once(seen, (member, taken_on), row)
            if row.ok and taken_on is not None and member is not None:
                health.append(HealthRow(
                    taken_on=taken_on, member_code=member,
                    systolic=bp[0] if bp else None, diastolic=bp[1] if bp else None,
                    weight_dg=weight, note=note, row=row.number or 0))
        return health

    # ------------------------------------------------------------ LichKham

    def _checkups(self) -> list[CheckupRow]:
        table = self._table(CHECKUPS_SHEET, CHECKUPS_COLUMNS)
        if table is None:
            return []
        seen: dict[tuple[date, str, str], int] = {}
        checkups = []
        for row in table:
            held_on = row.date("Ngày")
            checkup_time = row.time("Giờ")
            what = row.text("Nội dung")
            place = row.text("Địa điểm")
            if held_on is not None and checkup_time is not None:
                self._once(seen, (held_on, checkup_time, what), row)
            if row.ok and held_on is not None and checkup_time is not None:
                checkups.append(CheckupRow(held_on=held_on, time=checkup_time, what=what,
                                           place=place, row=row.number or 0))
        return checkups
