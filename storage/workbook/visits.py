"""The ThamHoi sheet (optional): home-care visits by volunteers."""

from __future__ import annotations

from datetime import date

from storage.workbook.cells import VISIT_OPTIONS
from storage.workbook.format import VISIT_LABELS, VISITS_COLUMNS, VISITS_SHEET
from storage.workbook.model import VisitRow
from storage.workbook.reader import Reader


def read(reader: Reader) -> list[VisitRow]:
    table = reader.table(VISITS_SHEET, VISITS_COLUMNS, required=False)
    if table is None:
        return []
    seen: dict[tuple[str, date], int] = {}
    visits = []
    for row in table:
        # A visit is made, not planned: never on a day still to come.
        visited_on = row.date("Ngày", future=False)
        member = reader.member(row, "Mã TV")
        reader.after_joining(row, "Ngày", member, visited_on)
        volunteer = (None if row.blank("Tình nguyện viên")
                     else reader.member(row, "Tình nguyện viên"))
        status = row.choice("Tình trạng", VISIT_OPTIONS, VISIT_LABELS.values())
        note = row.text("Ghi chú")
        if member is not None and visited_on is not None:
            reader.once(seen, (member, visited_on), row)
        if row.ok and visited_on is not None and member is not None and status is not None:
            visits.append(VisitRow(visited_on=visited_on, member_code=member,
                                   volunteer_code=volunteer, status=status, note=note,
                                   row=row.number or 0))
    return visits
