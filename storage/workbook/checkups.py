"""The LichKham sheet: health check-ups, past and coming (members are reminded of these)."""

from __future__ import annotations

from datetime import date

from storage.workbook.format import CHECKUPS_COLUMNS, CHECKUPS_SHEET
from storage.workbook.model import CheckupRow
from storage.workbook.reader import Reader


def read(reader: Reader) -> list[CheckupRow]:
    table = reader.table(CHECKUPS_SHEET, CHECKUPS_COLUMNS)
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
            reader.once(seen, (held_on, checkup_time, what), row)
        if row.ok and held_on is not None and checkup_time is not None:
            checkups.append(CheckupRow(held_on=held_on, time=checkup_time, what=what,
                                       place=place, row=row.number or 0))
    return checkups
