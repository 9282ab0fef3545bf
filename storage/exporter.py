"""Writing a club's books back to a workbook in the import format.

The club keeps working on paper and in Excel as well as in chat, so what the
bot holds must go back into the same book: the same sheets and headers,
dates as real Excel dates, amounts as numbers, phones as text (so Excel does
not drop the leading zero). A book written here imports to the same state, and
importing it into the database it came from changes nothing.

The programme's books (the fund's opening balance, members' circumstances,
home visits, check-ups attended, training) are optional in the format: they
are written when the club has any, so a club that keeps none gets the basic
book it always had.

**Text is only ever text.** Names, notes and titles come from people (typed in
chat, or in an earlier book), and text beginning with "=" used to be written as
a live formula: the export ran it in the treasurer's spreadsheet, and read back
as an empty cell. Every text is now written as a text cell, in the books' one
normal form (``tidy``), with an apostrophe before a leading ``= + - @`` (OWASP's
advice against formula injection) that the reader takes off again — so export,
import, export gives the same cells, and importing an export changes nothing.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, BinaryIO

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from club.loans import METHOD_LABELS, RepaymentMethod
from storage.database import Database
from storage.workbook import (
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
    CLUB_CONTRIBUTION,
    CLUB_DAY,
    CLUB_NAME,
    CLUB_OPENING_FUND,
    CLUB_PLACE,
    CLUB_PROVINCE,
    CLUB_SHEET,
    CLUB_TIME,
    EXAMS_COLUMNS,
    EXAMS_SHEET,
    HEALTH_COLUMNS,
    HEALTH_SHEET,
    KIND_LABELS,
    LOANS_COLUMNS,
    LOANS_SHEET,
    MEETINGS_COLUMNS,
    MEETINGS_SHEET,
    MEMBERS_CIRCUMSTANCES,
    MEMBERS_COLUMNS,
    MEMBERS_SHEET,
    STATUS_LABELS,
    TRAININGS_COLUMNS,
    TRAININGS_SHEET,
    VISIT_LABELS,
    VISITS_COLUMNS,
    VISITS_SHEET,
    VOLUNTEER_MARK,
    quote,
    tidy,
)

__all__ = ["export_club"]

_DATE_FORMAT = "DD/MM/YYYY"
_AMOUNT_FORMAT = "#,##0"
_TEXT_FORMAT = "@"
_PPM_PER_PERCENT = 10_000


# Cell formats and widths by header, wherever the header appears.
_FORMATS = {
    "Ngày": _DATE_FORMAT,
    "Ngày giải ngân": _DATE_FORMAT,
    "Ngày vào CLB": _DATE_FORMAT,
    "Số tiền": _AMOUNT_FORMAT,
    "Điện thoại": _TEXT_FORMAT,
}
_WIDTHS = {"Thông tin": 26, "Giá trị": 48, "Họ và tên": 26, "Cách trả": 28, "Mục đích": 20,
           "Loại": 15, "Ghi chú": 24, "Địa điểm": 28, "Nội dung": 48, "Hoàn cảnh": 30}


@dataclass(frozen=True, slots=True)
class _Sheet:
    title: str
    headers: Sequence[str]
    rows: list[tuple[Any, ...]]


async def export_club(db: Database, club_id: int, path: str | Path | BinaryIO) -> None:
    """Write the club's books to `path` (an .xlsx file or a binary stream)."""
    sheets = await _gather(db, club_id)
    # Building and zipping the file is CPU work of a few tenths of a second:
    # off the event loop, so the bot keeps answering meanwhile.
    await asyncio.to_thread(_write, sheets, path)


async def _gather(db: Database, club_id: int) -> list[_Sheet]:
    club = await db.fetchone("SELECT * FROM clubs WHERE id = ?", (club_id,))
    if club is None:
        raise LookupError(f"no club with id {club_id}")
    facts = [
        (CLUB_NAME, club["name"]),
        (CLUB_COMMUNE, club["commune"]),
        (CLUB_PROVINCE, club["province"]),
        (CLUB_DAY, club["meeting_day"]),
        (CLUB_CALENDAR, CALENDAR_LABELS[bool(club["meeting_lunar"])]),
        (CLUB_TIME, club["meeting_time"]),
        (CLUB_PLACE, club["meeting_place"]),
        (CLUB_CONTRIBUTION, club["contribution"]),
    ]
    if club["opening_fund"]:
        facts.append((CLUB_OPENING_FUND, club["opening_fund"]))
    roster = await db.fetchall("SELECT * FROM members WHERE club_id = ? ORDER BY code",
                               (club_id,))
    circumstances = any(m["circumstances"] for m in roster)
    members = [
        (m["code"], m["name"], m["gender"], m["birth_year"], m["phone"], m["team"], m["role"],
         VOLUNTEER_MARK if m["volunteer"] else None, _date(m["joined_on"]),
         *((m["circumstances"],) if circumstances else ()))
        for m in roster
    ]
    loans = [
        (loan["code"], loan["member_code"], _date(loan["disbursed_on"]), loan["amount"],
         loan["term_months"], _percent(loan["rate_ppm"]),
         METHOD_LABELS[RepaymentMethod(loan["method"])], loan["purpose"])
        for loan in await db.fetchall(
            "SELECT l.*, m.code AS member_code FROM loans l JOIN members m ON m.id = l.member_id "
            "WHERE l.club_id = ? ORDER BY l.code", (club_id,))
    ]
    # The book shows what stands, as the paper book would after a correction:
    # an entry that was reversed and the entry reversing it both drop out.
    # Writing them would also not round-trip: the book has no column to say
    # which line reverses which.
    cash = [
        (_date(e["entry_date"]), e["member_code"], KIND_LABELS[e["kind"]], e["amount"],
         e["loan_code"], e["note"])
        for e in await db.fetchall(
            "SELECT c.entry_date, c.kind, c.amount, c.note, m.code AS member_code, "
            "l.code AS loan_code FROM cash_entries c "
            "LEFT JOIN members m ON m.id = c.member_id LEFT JOIN loans l ON l.id = c.loan_id "
            "WHERE c.club_id = ? AND c.reverses_id IS NULL AND NOT EXISTS "
            "(SELECT 1 FROM cash_entries r WHERE r.reverses_id = c.id) "
            "ORDER BY c.entry_date, c.id", (club_id,))
    ]
    meetings = [
        (m["code"], _date(m["held_on"]), m["time"], m["place"], m["topic"], m["activities"])
        for m in await db.fetchall(
            "SELECT * FROM meetings WHERE club_id = ? ORDER BY held_on, code", (club_id,))
    ]
    attendance = [
        (a["meeting_code"], a["member_code"], STATUS_LABELS[a["status"]])
        for a in await db.fetchall(
            "SELECT mt.code AS meeting_code, m.code AS member_code, a.status FROM attendance a "
            "JOIN meetings mt ON mt.id = a.meeting_id JOIN members m ON m.id = a.member_id "
            "WHERE mt.club_id = ? ORDER BY mt.held_on, mt.code, m.code", (club_id,))
    ]
    health = [
        (_date(h["taken_on"]), h["member_code"],
         f"{h['systolic']}/{h['diastolic']}" if h["systolic"] is not None else None,
         h["weight_dg"] / 10 if h["weight_dg"] is not None else None, h["note"])
        for h in await db.fetchall(
            "SELECT h.*, m.code AS member_code FROM health_readings h "
            "JOIN members m ON m.id = h.member_id WHERE m.club_id = ? "
            "ORDER BY h.taken_on, m.code", (club_id,))
    ]
    checkups = [
        (_date(c["held_on"]), c["time"], c["what"], c["place"])
        for c in await db.fetchall(
            "SELECT * FROM checkups WHERE club_id = ? ORDER BY held_on, time, what", (club_id,))
    ]
    visits = [
        (_date(v["visited_on"]), v["member_code"], v["volunteer_code"],
         VISIT_LABELS[v["status"]], v["note"])
        for v in await db.fetchall(
            "SELECT v.visited_on, v.status, v.note, m.code AS member_code, "
            "w.code AS volunteer_code FROM home_visits v JOIN members m ON m.id = v.member_id "
            "LEFT JOIN members w ON w.id = v.volunteer_id WHERE v.club_id = ? "
            # A visit reversed in chat and its reversal count for nothing, as in the cash book.
            "AND NOT EXISTS (SELECT 1 FROM home_visit_reversals r WHERE r.visit_id = v.id) "
            "ORDER BY v.visited_on, m.code", (club_id,))
    ]
    exams = [
        (_date(e["held_on"]), e["member_code"])
        for e in await db.fetchall(
            "SELECT e.held_on, m.code AS member_code FROM checkup_exams e "
            "JOIN members m ON m.id = e.member_id WHERE e.club_id = ? "
            "ORDER BY e.held_on, m.code", (club_id,))
    ]
    trainings = [
        (_date(t["trained_on"]), t["member_code"], t["topic"])
        for t in await db.fetchall(
            "SELECT t.trained_on, t.topic, m.code AS member_code FROM trainings t "
            "JOIN members m ON m.id = t.member_id WHERE t.club_id = ? "
            "ORDER BY t.trained_on, m.code, t.topic", (club_id,))
    ]
    optional = [_Sheet(title, headers, rows) for title, headers, rows in (
        (VISITS_SHEET, VISITS_COLUMNS, visits),
        (EXAMS_SHEET, EXAMS_COLUMNS, exams),
        (TRAININGS_SHEET, TRAININGS_COLUMNS, trainings),
    ) if rows]
    return [
        _Sheet(CLUB_SHEET, CLUB_COLUMNS, facts),
        _Sheet(MEMBERS_SHEET, MEMBERS_COLUMNS + ((MEMBERS_CIRCUMSTANCES,) if circumstances
                                                 else ()), members),
        _Sheet(LOANS_SHEET, LOANS_COLUMNS, loans),
        _Sheet(CASH_SHEET, CASH_COLUMNS, cash),
        _Sheet(MEETINGS_SHEET, MEETINGS_COLUMNS, meetings),
        _Sheet(ATTENDANCE_SHEET, ATTENDANCE_COLUMNS, attendance),
        _Sheet(HEALTH_SHEET, HEALTH_COLUMNS, health),
        _Sheet(CHECKUPS_SHEET, CHECKUPS_COLUMNS, checkups),
        *optional,
    ]


def _date(iso: str | None) -> date | None:
    return date.fromisoformat(iso) if iso else None


def _percent(rate_ppm: int) -> int | float:
    """The monthly rate as the book writes it: 5000 ppm is 0.5 (%/month)."""
    percent = rate_ppm / _PPM_PER_PERCENT
    return int(percent) if percent.is_integer() else percent


def _put(cell: Cell, value: Any) -> None:
    """One value into its cell; text as text (never a formula), quoted against formulas."""
    if isinstance(value, str):
        value = quote(tidy(value))
        if not value:
            return  # empty text is an empty cell, as a person would leave it
        cell.value = value
        # openpyxl would take text beginning with "=" for a formula; the quote
        # already prevents that, and this makes it a rule of the cell.
        cell.data_type = "s"
    elif value is not None:
        cell.value = value


def _write(sheets: list[_Sheet], path: str | Path | BinaryIO) -> None:
    book = Workbook()
    book.remove(book.active)
    bold = Font(bold=True)
    for spec in sheets:
        sheet = book.create_sheet(spec.title)
        sheet.append(list(spec.headers))
        for cell in sheet[1]:
            cell.font = bold
        for number, values in enumerate(spec.rows, 2):
            for column, value in enumerate(values, 1):
                _put(sheet.cell(row=number, column=column), value)
        for position, header in enumerate(spec.headers, 1):
            letter = get_column_letter(position)
            sheet.column_dimensions[letter].width = _WIDTHS.get(header, max(10, len(header) + 3))
            if (number_format := _FORMATS.get(header)) is None:
                continue
            for (cell,) in sheet.iter_rows(min_row=2, min_col=position, max_col=position):
                cell.number_format = number_format
        sheet.freeze_panes = "A2"
    book.save(path)
