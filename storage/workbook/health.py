"""The SucKhoe sheet: blood pressure and weight taken at meetings."""

from __future__ import annotations

from datetime import date

from club import texts
from storage.workbook.format import HEALTH_COLUMNS, HEALTH_SHEET
from storage.workbook.model import HealthRow
from storage.workbook.reader import Reader


def read(reader: Reader) -> list[HealthRow]:
    table = reader.table(HEALTH_SHEET, HEALTH_COLUMNS)
    if table is None:
        return []
    seen: dict[tuple[str, date], int] = {}
    health = []
    for row in table:
        # A reading is taken, not planned: never on a day still to come.
        taken_on = row.date("Ngày", future=False)
        member = reader.member(row, "Mã TV")
        reader.after_joining(row, "Ngày", member, taken_on)
        bp = row.blood_pressure("Huyết áp")
        weight = row.weight_dg("Cân nặng (kg)")
        note = row.text("Ghi chú")
        if row.blank("Huyết áp") and row.blank("Cân nặng (kg)"):
            row.fail(texts.WB_NO_READING)
        if member is not None and taken_on is not None:
            reader.once(seen, (member, taken_on), row)
        if row.ok and taken_on is not None and member is not None:
            health.append(HealthRow(
                taken_on=taken_on, member_code=member,
                systolic=bp[0] if bp else None, diastolic=bp[1] if bp else None,
                weight_dg=weight, note=note, row=row.number or 0))
    return health
