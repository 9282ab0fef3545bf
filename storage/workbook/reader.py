"""What the sheet readers share: finding a sheet and its columns, the codes one
sheet defines and others use, and the dates those must respect."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from club import texts
from club.calendar import format_date
from storage.workbook.loading import OpenBook
from storage.workbook.model import Problem
from storage.workbook.row import Row


@dataclass(frozen=True, slots=True)
class MemberFacts:
    """What other sheets need to know of a member: when they could first appear."""

    birth_year: int | None
    joined_on: date | None


@dataclass(slots=True)
class LoanFacts:
    """What the cash book needs to know of a loan to check its repayments."""

    member_code: str | None
    amount: int | None
    disbursed_on: date | None


class Reader:
    def __init__(self, book: OpenBook, today: date) -> None:
        self.book = book
        self.today = today
        self.problems: list[Problem] = []
        self.titles: dict[str, str] = {}  # our sheet name -> the book's title for it
        # Codes defined by the book; None when their sheet could not be read,
        # so that one missing column does not turn into a thousand problems.
        self.members: dict[str, MemberFacts] | None = None
        self.loans: dict[str, LoanFacts] | None = None
        self.meetings: set[str] | None = None
        # When the club existed from, as far as the book tells: the earliest
        # joining, if every member's is written (else the founder may be one
        # without a date, and nothing can be said).
        self.founded: date | None = None

    # ------------------------------------------------------------ sheets and headers

    def sheet(self, name: str) -> str | None:
        """The book's title for the sheet the format calls `name`; None (a problem) if none."""
        found = self.book.titles_for(name)
        if not found:
            self.problems.append(Problem(name, None, texts.WB_SHEET_MISSING))
            return None
        if len(found) > 1:
            # "SoQuy" and "Sổ quỹ" side by side: which one is the book is not ours to guess.
            self.problems.append(Problem(name, None, texts.WB_SHEET_TWICE.format(
                name=name, first=found[0], second=found[1])))
        self.titles[name] = found[0]
        return found[0]

    def table(self, name: str, columns: tuple[str, ...]) -> list[Row] | None:
        """The sheet's data rows, cells keyed by column; None if it cannot be read."""
        title = self.sheet(name)
        if title is None:
            return None
        table = self.book.table(title, columns)
        missing = [column for column in columns if column not in table.index]
        for column in missing:
            self.problems.append(
                Problem(title, None, texts.WB_COLUMN_MISSING.format(column=column)))
        for column in table.twice:
            self.problems.append(
                Problem(title, table.header, texts.WB_COLUMN_TWICE.format(column=column)))
        if missing or table.twice:
            return None
        return [self.row(title, number, cells) for number, cells in table.rows]

    def row(self, title: str, number: int | None, cells: dict[str, Any]) -> Row:
        return Row(self.problems, title, number, cells, self.today)

    # ------------------------------------------------------------ cross-references

    def member(self, row: Row, column: str) -> str | None:
        code = row.code(column)
        if code is not None and self.members is not None and code not in self.members:
            row.fail(texts.WB_UNKNOWN_MEMBER.format(code=code))
            return None
        return code

    def after_joining(self, row: Row, column: str, member: str | None, on: date | None) -> None:
        """Refuse what a member did before they were born or had joined the club."""
        if member is None or on is None or self.members is None:
            return
        facts = self.members.get(member)
        if facts is None:
            return
        if facts.birth_year is not None and on.year < facts.birth_year:
            row.fail(texts.WB_BEFORE_BORN.format(column=column, date=format_date(on),
                                                 member=member, born=facts.birth_year))
        elif facts.joined_on is not None and on < facts.joined_on:
            row.fail(texts.WB_BEFORE_JOINED.format(column=column, date=format_date(on),
                                                   member=member,
                                                   joined=format_date(facts.joined_on)))

    def after_founding(self, row: Row, column: str, on: date | None) -> None:
        """Refuse what the club did before it had any member."""
        if on is not None and self.founded is not None and on < self.founded:
            row.fail(texts.WB_BEFORE_CLUB.format(column=column, date=format_date(on),
                                                 founded=format_date(self.founded)))

    @staticmethod
    def _seen(seen: dict[Any, int], key: Any, row: Row) -> int | None:
        """The row where `key` appeared before, or None (and this row is noted)."""
        if key in seen:
            return seen[key]
        seen[key] = row.number or 0
        return None

    def once(self, seen: dict[Any, int], key: Any, row: Row) -> None:
        if (first := self._seen(seen, key, row)) is not None:
            row.fail(texts.WB_ROW_TWICE.format(first=first))

    def unique_code(self, seen: dict[str, int], code: str, row: Row, column: str) -> None:
        if (first := self._seen(seen, code, row)) is not None:
            row.fail(texts.WB_CODE_TWICE.format(column=column, code=code, first=first))
