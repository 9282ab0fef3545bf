"""One data row being checked: typed getters that note a problem instead of raising."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from openpyxl.utils.datetime import from_excel

from club import texts
from club.calendar import format_date, parse_date, parse_time
from club.health import parse_blood_pressure, parse_weight_kg
from club.loans import METHOD_LABELS, parse_method, parse_rate_ppm
from club.money import parse_amount
from club.phone import normalize_phone
from storage.workbook.cells import as_text, blank, key, show, tidy, whole_number
from storage.workbook.format import (
    ACTIVITY_AREAS,
    DATE_YEARS,
    EARLIEST_EVENT_YEAR,
    MAX_BOOK_AMOUNT,
    MAX_CELL_CHARS,
    MAX_CODE_CHARS,
    SERIAL_DAYS,
)
from storage.workbook.model import Problem

# What a conversion of a hostile cell may raise: all of it means "not that kind of value".
_NOT_A_VALUE = (ValueError, TypeError, OverflowError, ArithmeticError)


class Row:
    """A getter that fails records the problem and returns None; ``ok`` then
    tells the caller not to build the row, while the other cells still get
    checked, so one pass reports every mistake in the row.

    ``today`` is the importer's day (Vietnam time): what a book records as done
    cannot have been done after it.
    """

    def __init__(self, problems: list[Problem], sheet: str, number: int | None,
                 cells: dict[str, Any], today: date) -> None:
        self.problems = problems
        self.sheet = sheet
        self.number = number
        self.cells = cells
        self.today = today
        self.ok = True

    def fail(self, reason: str) -> None:
        self.ok = False
        self.problems.append(Problem(self.sheet, self.number, reason))

    def blank(self, column: str) -> bool:
        return blank(self.cells[column])

    def _missing(self, column: str, required: bool) -> bool:
        """True when the cell is empty; an empty required cell is a problem."""
        if not self.blank(column):
            return False
        if required:
            self.fail(texts.WB_EMPTY.format(column=column))
        return True

    def _bad(self, template: str, column: str, **extra: Any) -> None:
        self.fail(template.format(column=column, value=show(self.cells[column]), **extra))

    def text(self, column: str, *, required: bool = False) -> str:
        if self._missing(column, required):
            return ""
        value = as_text(self.cells[column])
        if len(value) > MAX_CELL_CHARS:
            self.fail(texts.WB_TEXT_TOO_LONG.format(column=column, limit=MAX_CELL_CHARS))
            return ""
        return value

    def code(self, column: str, *, required: bool = True) -> str | None:
        """A member, loan or meeting code; codes compare in upper case ("tv001" is TV001)."""
        if self._missing(column, required):
            return None
        # NFC again after upper(): upper case may decompose a letter, and the
        # code must read back the same from the book the exporter writes.
        code = tidy(as_text(self.cells[column]).upper())
        if len(code) > MAX_CODE_CHARS:
            self.fail(texts.WB_TEXT_TOO_LONG.format(column=column, limit=MAX_CODE_CHARS))
            return None
        return code

    def date(self, column: str, *, required: bool = True,
             future: bool = True) -> date | None:
        """A date; before EARLIEST_EVENT_YEAR, or after today when not `future`, is refused."""
        if self._missing(column, required):
            return None
        value = self.cells[column]
        parsed: date | None = None
        try:
            if isinstance(value, int | float) and not isinstance(value, bool):
                if int(value) in SERIAL_DAYS:
                    parsed = parse_date(from_excel(value))
            else:
                parsed = parse_date(value)
        except _NOT_A_VALUE:
            parsed = None
        if parsed is None or parsed.year not in DATE_YEARS:
            self._bad(texts.WB_BAD_DATE, column)
            return None
        if parsed.year < EARLIEST_EVENT_YEAR:
            self.fail(texts.WB_DATE_TOO_EARLY.format(
                column=column, date=format_date(parsed), year=EARLIEST_EVENT_YEAR))
            return None
        if not future and parsed > self.today:
            self.fail(texts.WB_DATE_IN_FUTURE.format(
                column=column, date=format_date(parsed), today=format_date(self.today)))
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
        except _NOT_A_VALUE:
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
        try:
            parsed = parse_amount(value) if isinstance(value, str | int | float) else None
        except _NOT_A_VALUE:
            parsed = None
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
        number = whole_number(self.cells[column])
        if number is None or not low <= number <= high:
            self._bad(texts.WB_BAD_WHOLE, column, low=low, high=high)
            return None
        return number

    def choice(self, column: str, options: Mapping[str, str], shown: Iterable[str], *,
               required: bool = True) -> str | None:
        """The value a word stands for; '' for an empty optional cell."""
        if self._missing(column, required):
            return None if required else ""
        found = options.get(key(as_text(self.cells[column])))
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
        except _NOT_A_VALUE:
            self._bad(texts.WB_BAD_PHONE, column)
            return None

    def rate_ppm(self, column: str) -> int | None:
        if self._missing(column, required=True):
            return None
        try:
            return parse_rate_ppm(self.cells[column])
        except _NOT_A_VALUE:
            self._bad(texts.WB_BAD_RATE, column)
            return None

    def method(self, column: str) -> str | None:
        if self._missing(column, required=True):
            return None
        try:
            return parse_method(as_text(self.cells[column])).value
        except _NOT_A_VALUE:
            choices = ", ".join(texts.WB_CHOICE.format(label=label)
                                for label in METHOD_LABELS.values())
            self._bad(texts.WB_BAD_CHOICE, column, choices=choices)
            return None

    def blood_pressure(self, column: str) -> tuple[int, int] | None:
        if self._missing(column, required=False):
            return None
        try:
            reading = parse_blood_pressure(as_text(self.cells[column]))
        except _NOT_A_VALUE:
            self._bad(texts.WB_BAD_BP, column)
            return None
        return reading.systolic, reading.diastolic

    def weight_dg(self, column: str) -> int | None:
        if self._missing(column, required=False):
            return None
        try:
            return round(parse_weight_kg(self.cells[column]) * 10)
        except _NOT_A_VALUE:
            self._bad(texts.WB_BAD_WEIGHT, column)
            return None

    def activities(self, column: str) -> str | None:
        """'1, 2, 6' from "1,2,6", "6 1 2" or the number 1; '' when empty."""
        if self._missing(column, required=False):
            return ""
        tokens = [t for t in re.split(r"[\s,;./]+", as_text(self.cells[column])) if t]
        if all(t.isascii() and t.isdigit() and len(t) < 3 and int(t) in ACTIVITY_AREAS
               for t in tokens):
            return ", ".join(str(n) for n in sorted({int(t) for t in tokens}))
        self._bad(texts.WB_BAD_ACTIVITIES, column)
        return None
