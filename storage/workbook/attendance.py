"""The DiemDanh sheet: who came to which meeting."""

from __future__ import annotations

from club import texts
from storage.workbook.cells import STATUS_OPTIONS
from storage.workbook.format import ATTENDANCE_COLUMNS, ATTENDANCE_SHEET, STATUS_LABELS
from storage.workbook.model import AttendanceRow
from storage.workbook.reader import Reader


def read(reader: Reader) -> list[AttendanceRow]:
    table = reader.table(ATTENDANCE_SHEET, ATTENDANCE_COLUMNS)
    if table is None:
        return []
    seen: dict[tuple[str, str], int] = {}
    attendance = []
    for row in table:
        meeting = row.code("Mã buổi")
        if meeting is not None and reader.meetings is not None \
                and meeting not in reader.meetings:
            row.fail(texts.WB_UNKNOWN_MEETING.format(code=meeting))
            meeting = None
        member = reader.member(row, "Mã TV")
        status = row.choice("Trạng thái", STATUS_OPTIONS, STATUS_LABELS.values())
        if meeting is not None and member is not None:
            reader.once(seen, (meeting, member), row)
        if row.ok and meeting is not None and member is not None and status is not None:
            attendance.append(AttendanceRow(meeting_code=meeting, member_code=member,
                                            status=status, row=row.number or 0))
    return attendance
