"""The ThanhVien sheet: the roster."""

from __future__ import annotations

from datetime import date, datetime

from club import texts
from club.calendar import format_date
from storage.workbook.cells import GENDER_OPTIONS, ROLE_OPTIONS, blank, show, whole_number
from storage.workbook.format import FIRST_BIRTH_YEAR, GENDERS, MEMBERS_COLUMNS, MEMBERS_SHEET, ROLES
from storage.workbook.model import MemberRow
from storage.workbook.reader import MemberFacts, Reader
from storage.workbook.row import Row


def read(reader: Reader) -> list[MemberRow]:
    table = reader.table(MEMBERS_SHEET, MEMBERS_COLUMNS)
    if table is None:
        return []
    reader.members = {}
    seen: dict[str, int] = {}
    members = []
    for row in table:
        code = row.code("Mã TV")
        if code is not None:
            reader.unique_code(seen, code, row, "Mã TV")
        name = row.text("Họ và tên", required=True)
        gender = row.choice("Giới tính", GENDER_OPTIONS, GENDERS, required=False)
        birth_year = _birth_year(row, reader.today.year)
        phone = row.phone("Điện thoại")
        team = row.text("Tổ")
        role = row.choice("Chức vụ", ROLE_OPTIONS, ROLES, required=False)
        # Any mark counts ("x", "X", "có", "✓"): the column is a tick box.
        volunteer = not row.blank("Tình nguyện viên")
        joined_on = row.date("Ngày vào CLB", required=False, future=False)
        if joined_on is not None and birth_year is not None and joined_on.year < birth_year:
            row.fail(texts.WB_JOINED_BEFORE_BORN.format(date=format_date(joined_on),
                                                        born=birth_year))
        if code is not None and code not in reader.members:
            # Known even if the row has other mistakes: its cash rows are
            # then judged on their own, not as "unknown member".
            reader.members[code] = MemberFacts(birth_year, joined_on)
        if row.ok and code is not None and gender is not None and role is not None:
            members.append(MemberRow(
                code=code, name=name, gender=gender, birth_year=birth_year, phone=phone,
                team=team, role=role, volunteer=volunteer, joined_on=joined_on,
                row=row.number or 0))
    joined = [facts.joined_on for facts in reader.members.values()]
    if joined and all(joined):
        reader.founded = min(d for d in joined if d is not None)
    return members


def _birth_year(row: Row, this_year: int) -> int | None:
    value = row.cells["Năm sinh"]
    if isinstance(value, datetime | date):
        value = value.year  # a full birth date typed where the year goes
    if blank(value):
        return None
    number = whole_number(value)
    if number is None or not FIRST_BIRTH_YEAR <= number <= this_year:
        row.fail(texts.WB_BAD_WHOLE.format(column="Năm sinh", value=show(value),
                                           low=FIRST_BIRTH_YEAR, high=this_year))
        return None
    return number
