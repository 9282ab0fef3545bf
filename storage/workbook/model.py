"""What a checked book holds, and what is wrong with a book that was refused."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from club import texts
from storage.workbook.format import MAX_PROBLEMS_SHOWN


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
        shown = [str(p) for p in self.problems[:MAX_PROBLEMS_SHOWN]]
        # A book with a wrong column can have thousands of wrong rows: the
        # first hundred say what to fix, the rest would only bury them.
        if len(self.problems) > MAX_PROBLEMS_SHOWN:
            shown.append(texts.WB_MORE_PROBLEMS.format(
                count=len(self.problems) - MAX_PROBLEMS_SHOWN))
        return "\n".join([head, *shown])
