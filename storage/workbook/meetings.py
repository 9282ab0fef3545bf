"""The BuoiHop sheet: meetings held."""

from __future__ import annotations

from storage.workbook.format import MEETINGS_COLUMNS, MEETINGS_SHEET
from storage.workbook.model import MeetingRow
from storage.workbook.reader import Reader


def read(reader: Reader) -> list[MeetingRow]:
    table = reader.table(MEETINGS_SHEET, MEETINGS_COLUMNS)
    if table is None:
        return []
    reader.meetings = set()
    seen: dict[str, int] = {}
    meetings = []
    for row in table:
        code = row.code("Mã buổi")
        if code is not None:
            reader.meetings.add(code)
            reader.unique_code(seen, code, row, "Mã buổi")
        held_on = row.date("Ngày")
        reader.after_founding(row, "Ngày", held_on)
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
