"""The DuKham sheet (optional): who was examined at a health check-up.

The day must be a check-up's day in LichKham: a tick for a check-up the book
does not have is a slip (a wrong date, or the check-up's row forgotten).
"""

from __future__ import annotations

from datetime import date

from club import texts
from club.calendar import format_date
from storage.workbook.format import EXAMS_COLUMNS, EXAMS_SHEET
from storage.workbook.model import ExamRow
from storage.workbook.reader import Reader


def read(reader: Reader) -> list[ExamRow]:
    table = reader.table(EXAMS_SHEET, EXAMS_COLUMNS, required=False)
    if table is None:
        return []
    seen: dict[tuple[date, str], int] = {}
    exams = []
    for row in table:
        held_on = row.date("Ngày", future=False)
        member = reader.member(row, "Mã TV")
        reader.after_joining(row, "Ngày", member, held_on)
        if held_on is not None and reader.checkup_days is not None \
                and held_on not in reader.checkup_days:
            row.fail(texts.WB_NO_SUCH_CHECKUP.format(date=format_date(held_on)))
        if member is not None and held_on is not None:
            reader.once(seen, (held_on, member), row)
        if row.ok and held_on is not None and member is not None:
            exams.append(ExamRow(held_on=held_on, member_code=member, row=row.number or 0))
    return exams
