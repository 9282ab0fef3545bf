"""The TapHuan sheet (optional): training the board attended."""

from __future__ import annotations

from datetime import date

from storage.workbook.format import TRAININGS_COLUMNS, TRAININGS_SHEET
from storage.workbook.model import TrainingRow
from storage.workbook.reader import Reader


def read(reader: Reader) -> list[TrainingRow]:
    table = reader.table(TRAININGS_SHEET, TRAININGS_COLUMNS, required=False)
    if table is None:
        return []
    seen: dict[tuple[str, date, str], int] = {}
    trainings = []
    for row in table:
        trained_on = row.date("Ngày", future=False)
        member = reader.member(row, "Mã TV")
        topic = row.text("Nội dung")
        if member is not None and trained_on is not None:
            reader.once(seen, (member, trained_on, topic), row)
        if row.ok and trained_on is not None and member is not None:
            trainings.append(TrainingRow(trained_on=trained_on, member_code=member,
                                         topic=topic, row=row.number or 0))
    return trainings
