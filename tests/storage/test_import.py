"""Importing the club workbook: the figures, the mistakes, the leniency, the repeats."""

from __future__ import annotations

import dataclasses
import time
from collections import defaultdict
from datetime import date, datetime

import pytest

from club.loans import METHOD_LABELS, RepaymentMethod
from storage.importer import import_book, import_workbook
from storage.workbook import HealthRow, Problem, WorkbookError, read_workbook

NOW = datetime(2026, 11, 20, 9, 0)

# Columns of the sample's SoQuy sheet.
DATE, MEMBER, KIND, AMOUNT, LOAN = "A", "B", "C", "D", "E"


def rows_where(sheet, **wanted):
    """Row numbers of the sample sheet whose columns (by letter) hold `wanted`."""
    found = []
    for number in range(2, sheet.max_row + 1):
        if all(sheet[f"{column}{number}"].value == value for column, value in wanted.items()):
            found.append(number)
    return found


async def import_rows(db):
    return [tuple(r) for r in await db.fetchall(
        "SELECT actor, action, club_id, detail FROM audit_log WHERE action = 'import'")]


# ---------------------------------------------------------------- the sample's figures


async def test_sample_gives_the_expected_figures(db, sample, expected):
    result = await import_workbook(db, sample, actor="test", now=NOW)
    assert result.created

    club = await db.fetchone("SELECT * FROM clubs WHERE id = ?", (result.club_id,))
    assert club["name"] == expected["club"]
    assert (club["commune"], club["province"]) == ("Xã Tân Lập", "Hưng Yên")
    assert club["meeting_day"] == expected["meeting_day"]
    assert bool(club["meeting_lunar"]) == expected["lunar"]
    assert club["meeting_time"] == expected["meeting_time"]
    assert club["meeting_place"] == expected["place"]
    assert club["contribution"] == expected["contribution"]

    members = {r["code"]: r for r in await db.fetchall(
        "SELECT * FROM members WHERE club_id = ?", (result.club_id,))}
    assert set(members) == {m["code"] for m in expected["members"]}

    savings: dict[str, int] = defaultdict(int)
    contributions: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    principal_paid: dict[str, int] = defaultdict(int)
    for code, kind, amount, entry_date, loan in await db.fetchall(
            "SELECT m.code, c.kind, c.amount, c.entry_date, l.code FROM cash_entries c "
            "JOIN members m ON m.id = c.member_id LEFT JOIN loans l ON l.id = c.loan_id "
            "WHERE c.club_id = ?", (result.club_id,)):
        if kind == "deposit":
            savings[code] += amount
        elif kind == "withdrawal":
            savings[code] -= amount
        elif kind == "contribution":
            contributions[code][entry_date[:4]] += amount
        elif kind == "principal":
            principal_paid[loan] += amount
    loans = defaultdict(dict)
    for loan in await db.fetchall(
            "SELECT l.*, m.code AS member_code FROM loans l JOIN members m ON m.id = l.member_id "
            "WHERE l.club_id = ?", (result.club_id,)):
        loans[loan["member_code"]][loan["code"]] = loan

    for want in expected["members"]:
        code = want["code"]
        member = members[code]
        assert member["name"] == want["name"], code
        assert (member["phone"] or "") == want["phone"], code
        assert member["role"] == want["role"], code
        assert member["gender"] == ("Nữ" if want["woman"] else "Nam"), code
        assert member["birth_year"] == want["born"], code
        assert savings[code] == want["savings"], code
        assert dict(contributions[code]) == want["contributions"], code

        assert set(loans[code]) == {loan["code"] for loan in want["loans"]}, code
        for want_loan in want["loans"]:
            loan = loans[code][want_loan["code"]]
            assert loan["amount"] == want_loan["principal"]
            assert loan["amount"] - principal_paid[loan["code"]] == want_loan["outstanding"]
            assert loan["disbursed_on"] == want_loan["disbursed"]
            assert loan["term_months"] == want_loan["term"]
            assert loan["rate_ppm"] == round(want_loan["rate"] * 10_000)
            assert METHOD_LABELS[RepaymentMethod(loan["method"])] == want_loan["method"]

        last = await db.fetchone(
            "SELECT * FROM health_readings WHERE member_id = ? ORDER BY taken_on DESC LIMIT 1",
            (member["id"],))
        if want["last_health"] is None:
            assert last is None, code
        else:
            assert last["taken_on"] == want["last_health"]["date"], code
            assert f"{last['systolic']}/{last['diastolic']}" == want["last_health"]["bp"], code
            assert last["weight_dg"] / 10 == want["last_health"]["weight"], code

    first, second = expected["shared_phone"]
    assert members[first]["phone"] == members[second]["phone"] is not None
    sharing = [code for code, m in members.items() if m["phone"] == members[first]["phone"]]
    assert sorted(sharing) == sorted(expected["shared_phone"])

    checkups = {tuple(r) for r in await db.fetchall(
        "SELECT held_on, time, what, place FROM checkups WHERE club_id = ?", (result.club_id,))}
    assert checkups == {(c["date"], c["time"], c["what"], c["place"])
                        for c in expected["checkups"]}


async def test_sample_imports_well_under_a_second(db, sample):
    started = time.perf_counter()
    result = await import_workbook(db, sample, actor="test", now=NOW)
    assert time.perf_counter() - started < 1.0
    assert result.added["members"] == 60
    assert result.added["cash_entries"] > 1000


async def test_import_records_who_and_when(db, sample):
    result = await import_workbook(db, sample, actor="thu-ky", now=NOW)
    recorded = await db.fetchall("SELECT DISTINCT recorded_by, recorded_at FROM cash_entries")
    assert [tuple(r) for r in recorded] == [("thu-ky", "2026-11-20T09:00:00")]
    audit = await db.fetchall("SELECT * FROM audit_log")
    assert len(audit) == 1
    assert (audit[0]["actor"], audit[0]["action"], audit[0]["club_id"], audit[0]["at"]) == (
        "thu-ky", "import", result.club_id, "2026-11-20T09:00:00")
    assert '"members": 60' in audit[0]["detail"]


# ---------------------------------------------------------------- twice is once


async def test_importing_twice_changes_nothing(db, sample, snapshot):
    first = await import_workbook(db, sample, actor="test", now=NOW)
    before = await snapshot(db)
    second = await import_workbook(db, sample, actor="test", now=NOW.replace(day=21))
    assert not second.changed
    assert not second.created
    assert second.club_id == first.club_id
    assert set(second.added.values()) == {0}
    assert set(second.updated.values()) == {0}
    assert await snapshot(db) == before
    assert len(await import_rows(db)) == 1
    assert "không có gì mới" in second.summary()


async def test_a_changed_member_is_updated_and_nothing_else(imported_db, edit_sample):
    db = imported_db

    def change(book):
        book["ThanhVien"]["E2"] = "0912 000 111"  # TV001's phone

    result = await import_workbook(db, edit_sample(change), actor="test", now=NOW)
    assert {t: n for t, n in result.updated.items() if n} == {"members": 1}
    assert set(result.added.values()) == {0}
    phone = await db.fetchone("SELECT phone FROM members WHERE code = 'TV001'")
    assert phone[0] == "0912000111"
    assert len(await import_rows(db)) == 2
    assert result.summary().endswith("Cập nhật: 1 thành viên.")


async def test_cash_book_takes_only_what_is_new(imported_db, edit_sample):
    db = imported_db
    stored = (await db.fetchone("SELECT COUNT(*) FROM cash_entries"))[0]

    def change(book):
        sheet = book["SoQuy"]
        last = [cell.value for cell in sheet[sheet.max_row]]
        # The same deposit twice on one day is two deposits, not a repeat.
        sheet.append(last)
        sheet.append([datetime(2026, 11, 18), "TV001", "gửi tiết kiệm", 100_000, None, "Gửi thêm"])

    edited = edit_sample(change)
    result = await import_workbook(db, edited, actor="test", now=NOW)
    assert result.added["cash_entries"] == 2
    assert (await db.fetchone("SELECT COUNT(*) FROM cash_entries"))[0] == stored + 2
    again = await import_workbook(db, edited, actor="test", now=NOW)
    assert not again.changed


async def test_a_second_club_keeps_its_own_members(imported_db, sample, edit_sample, state):
    db = imported_db
    first = await import_workbook(db, sample, actor="test", now=NOW)
    assert not first.changed

    def change(book):
        book["CLB"]["B2"] = "CLB Liên thế hệ tự giúp nhau thôn Đoài"

    second = await import_workbook(db, edit_sample(change), actor="test", now=NOW)
    assert second.created
    assert second.club_id != first.club_id
    assert second.added["members"] == 60

    for club_id in (first.club_id, second.club_id):
        members = await db.fetchone(
            "SELECT COUNT(*) FROM members WHERE club_id = ?", (club_id,))
        assert members[0] == 60
        # Every cash entry, loan and reading of a club is of its own members.
        foreign = await db.fetchone(
            "SELECT (SELECT COUNT(*) FROM cash_entries c JOIN members m ON m.id = c.member_id "
            "        WHERE c.club_id = ? AND m.club_id != ?) "
            "     + (SELECT COUNT(*) FROM loans l JOIN members m ON m.id = l.member_id "
            "        WHERE l.club_id = ? AND m.club_id != ?)", (club_id,) * 4)
        assert foreign[0] == 0
    same_code = await db.fetchall("SELECT id FROM members WHERE code = 'TV001'")
    assert len(same_code) == 2

    clubs = await state(db)
    assert len(clubs) == 2
    one, two = clubs.values()
    assert one == two  # the same books, kept apart
    again = await import_workbook(db, sample, actor="test", now=NOW)
    assert not again.changed


async def test_commune_and_province_on_one_row_is_the_same_club(imported_db, edit_sample):
    db = imported_db
    first = await db.fetchone("SELECT id AS club_id FROM clubs")

    def change(book):
        sheet = book["CLB"]
        sheet.delete_rows(3, 2)
        sheet.append(["Xã/phường, Tỉnh/thành phố", "Xã Tân Lập, Hưng Yên"])

    again = await import_workbook(db, edit_sample(change), actor="test", now=NOW)
    assert again.club_id == first["club_id"]
    assert not again.changed


async def test_lunar_meetings(db, edit_sample):
    def change(book):
        book["CLB"]["B6"] = "Âm lịch"
        book["CLB"]["B5"] = 15

    result = await import_workbook(db, edit_sample(change), actor="test", now=NOW)
    club = await db.fetchone("SELECT * FROM clubs WHERE id = ?", (result.club_id,))
    assert (club["meeting_lunar"], club["meeting_day"]) == (1, 15)


async def test_a_failure_half_way_leaves_the_database_as_it_was(imported_db, sample, snapshot):
    db = imported_db
    before = await snapshot(db)
    book = read_workbook(sample)
    # Members, loans and cash are written before readings: this one fails late.
    stray = HealthRow(taken_on=date(2026, 11, 17), member_code="TV999", systolic=120,
                      diastolic=80, weight_dg=500, note="")
    changed_member = dataclasses.replace(book.members[0], name="Tên khác")
    broken = dataclasses.replace(book, members=[changed_member, *book.members[1:]],
                                 health=[*book.health, stray])
    with pytest.raises(KeyError):
        await import_book(db, broken, actor="test", now=NOW)
    assert await snapshot(db) == before


# ---------------------------------------------------------------- mistakes


def bad_date(book):
    book["SoQuy"]["A15"] = "31/02/2026"
    return "SoQuy", 15, "Ngày «31/02/2026» không phải là ngày hợp lệ"


def bad_amount(book):
    book["SoQuy"]["D20"] = "năm chục"
    return "SoQuy", 20, "Số tiền «năm chục» không phải là số tiền hợp lệ"


def absurd_amount(book):
    book["SoQuy"]["D20"] = 20_000_000_000
    return "SoQuy", 20, "Số tiền «20000000000» quá lớn"


def zero_amount(book):
    book["SoQuy"]["D20"] = 0
    return "SoQuy", 20, "Số tiền phải lớn hơn 0"


def unknown_member(book):
    book["SoQuy"]["B30"] = "TV999"
    return "SoQuy", 30, "mã thành viên «TV999» không có trong sheet ThanhVien"


def unknown_member_in_loans(book):
    book["KhoanVay"]["B3"] = "TV999"
    return "KhoanVay", 3, "mã thành viên «TV999» không có trong sheet ThanhVien"


def unknown_member_in_attendance(book):
    book["DiemDanh"]["B4"] = "TV999"
    return "DiemDanh", 4, "mã thành viên «TV999» không có trong sheet ThanhVien"


def unknown_member_in_health(book):
    book["SucKhoe"]["B4"] = "TV999"
    return "SucKhoe", 4, "mã thành viên «TV999» không có trong sheet ThanhVien"


def missing_sheet(book):
    del book["LichKham"]
    return "LichKham", None, "tệp không có sheet này"


def missing_column(book):
    book["KhoanVay"].delete_cols(4)  # Số tiền
    return "KhoanVay", None, "thiếu cột «Số tiền»"


def missing_member_code_column(book):
    # Without it no member code is known; that is one problem, not one per row
    # of every sheet naming a member.
    book["ThanhVien"].delete_cols(1)
    return "ThanhVien", None, "thiếu cột «Mã TV»"


def two_cash_books(book):
    book.create_sheet("Sổ quỹ")
    return "SoQuy", None, "tệp có hai sheet cùng là «SoQuy»: «SoQuy» và «Sổ quỹ»"


def other_members_loan(book):
    sheet = book["SoQuy"]
    row = rows_where(sheet, B="TV022", C="trả lãi")[0]
    sheet[f"E{row}"] = "VAY002"  # TV027's loan
    return "SoQuy", row, "khoản vay «VAY002» là của thành viên «TV027», không phải của «TV022»"


def repayment_without_loan(book):
    sheet = book["SoQuy"]
    row = rows_where(sheet, C="trả lãi")[0]
    sheet[f"E{row}"] = None
    return "SoQuy", row, "dòng «trả lãi» phải ghi Mã vay"


def unknown_loan(book):
    sheet = book["SoQuy"]
    row = rows_where(sheet, C="trả lãi")[0]
    sheet[f"E{row}"] = "VAY999"
    return "SoQuy", row, "mã vay «VAY999» không có trong sheet KhoanVay"


def contribution_with_loan(book):
    book["SoQuy"]["E15"] = "VAY001"
    return "SoQuy", 15, "dòng «đóng góp quỹ» không ghi Mã vay"


def over_withdrawal(book):
    sheet = book["SoQuy"]
    row = rows_where(sheet, C="rút tiết kiệm")[0]
    member = sheet[f"B{row}"].value
    sheet[f"D{row}"] = 99_000_000
    return "SoQuy", row, f"rút 99.000.000 đ nhưng đến ngày 17/01/2026 tiết kiệm của «{member}»"


def overpaid_principal(book):
    sheet = book["SoQuy"]
    row = rows_where(sheet, B="TV022", C="trả gốc")[0]
    sheet[f"D{row}"] = 3_500_000
    return "SoQuy", row, "nhiều hơn số tiền vay 3.000.000 đ"


def repaid_before_disbursed(book):
    sheet = book["SoQuy"]
    row = rows_where(sheet, B="TV005", C="trả lãi")[0]
    sheet[f"A{row}"] = datetime(2026, 1, 17)
    return "SoQuy", row, "trước ngày giải ngân khoản vay «VAY001» (17/04/2026)"


def unknown_kind(book):
    book["SoQuy"]["C15"] = "cho vay"
    return "SoQuy", 15, "Loại «cho vay» không hợp lệ; chỉ được ghi: «đóng góp quỹ»"


def unknown_status(book):
    book["DiemDanh"]["C5"] = "đi muộn"
    return "DiemDanh", 5, "Trạng thái «đi muộn» không hợp lệ; chỉ được ghi: «có mặt», «vắng»"


def unknown_meeting(book):
    book["DiemDanh"]["A5"] = "BH20991231"
    return "DiemDanh", 5, "mã buổi «BH20991231» không có trong sheet BuoiHop"


def activity_out_of_range(book):
    book["BuoiHop"]["F3"] = "1, 9"
    return "BuoiHop", 3, "Hoạt động «1, 9» không hợp lệ"


def unknown_role(book):
    book["ThanhVien"]["G6"] = "Trưởng ban"
    return "ThanhVien", 6, "Chức vụ «Trưởng ban» không hợp lệ"


def unknown_gender(book):
    book["ThanhVien"]["C6"] = "khác"
    return "ThanhVien", 6, "Giới tính «khác» không hợp lệ; chỉ được ghi: «Nam», «Nữ», để trống"


def bad_phone(book):
    book["ThanhVien"]["E2"] = "12345"
    return "ThanhVien", 2, "Điện thoại «12345» không phải là số điện thoại Việt Nam hợp lệ"


def missing_name(book):
    book["ThanhVien"]["B2"] = None
    return "ThanhVien", 2, "Họ và tên đang để trống"


def duplicate_member(book):
    sheet = book["ThanhVien"]
    sheet.append(["TV001", "Người Trùng Mã", "Nữ", 1960, None, "Tổ 1", None, None, None])
    return "ThanhVien", 62, "Mã TV «TV001» đã có ở dòng 2"


def duplicate_loan(book):
    sheet = book["KhoanVay"]
    sheet.append(["VAY001", "TV001", datetime(2026, 1, 1), 1_000_000, 6, 0.5,
                  "gốc lãi hằng tháng", ""])
    return "KhoanVay", 26, "Mã vay «VAY001» đã có ở dòng 2"


def bad_blood_pressure(book):
    book["SucKhoe"]["C2"] = "300/85"
    return "SucKhoe", 2, "Huyết áp «300/85» không phải là huyết áp hợp lệ"


def bad_method(book):
    book["KhoanVay"]["G2"] = "trả dần"
    return "KhoanVay", 2, "Cách trả «trả dần» không hợp lệ"


def bad_club_day(book):
    book["CLB"]["B5"] = 40
    return "CLB", 5, "Ngày họp hằng tháng «40» phải là số nguyên từ 1 đến 31"


MISTAKES = [
    bad_date, bad_amount, absurd_amount, zero_amount, unknown_member, unknown_member_in_loans,
    unknown_member_in_attendance, unknown_member_in_health, missing_sheet, missing_column,
    missing_member_code_column, two_cash_books,
    other_members_loan, repayment_without_loan, unknown_loan, contribution_with_loan,
    over_withdrawal, overpaid_principal, repaid_before_disbursed, unknown_kind, unknown_status,
    unknown_meeting, activity_out_of_range, unknown_role, unknown_gender, bad_phone,
    missing_name, duplicate_member, duplicate_loan, bad_blood_pressure, bad_method,
    bad_club_day,
]


@pytest.mark.parametrize("damage", MISTAKES, ids=[f.__name__ for f in MISTAKES])
async def test_a_mistake_is_reported_and_nothing_is_imported(
        imported_db, edit_sample, snapshot, damage):
    db = imported_db
    before = await snapshot(db)
    where = []
    path = edit_sample(lambda book: where.append(damage(book)))
    (sheet, row, reason), = where

    with pytest.raises(WorkbookError) as caught:
        await import_workbook(db, path, actor="test", now=NOW)

    problems = caught.value.problems
    assert len(problems) == 1, [str(p) for p in problems]
    problem = problems[0]
    assert (problem.sheet, problem.row) == (sheet, row)
    assert reason in problem.reason
    prefix = f"Sheet {sheet}, dòng {row}: " if row else f"Sheet {sheet}: "
    assert str(problem) == prefix + problem.reason
    assert await snapshot(db) == before


async def test_every_mistake_is_reported_at_once(db, edit_sample, snapshot):
    before = await snapshot(db)

    def change(book):
        bad_date(book)
        bad_amount(book)
        missing_sheet(book)
        bad_phone(book)

    with pytest.raises(WorkbookError) as caught:
        await import_workbook(db, edit_sample(change), actor="test", now=NOW)
    where = [(p.sheet, p.row) for p in caught.value.problems]
    assert where == [("ThanhVien", 2), ("SoQuy", 15), ("SoQuy", 20), ("LichKham", None)]
    message = str(caught.value)
    assert message.startswith("Chưa nhập được sổ sách: tệp có 4 lỗi.")
    assert "Sheet SoQuy, dòng 15: Ngày «31/02/2026» không phải là ngày hợp lệ" in message
    assert await snapshot(db) == before


def test_problem_reads_as_a_sentence():
    problem = Problem("SoQuy", 15, "Ngày «31/02/2026» không phải là ngày hợp lệ.")
    assert str(problem) == "Sheet SoQuy, dòng 15: Ngày «31/02/2026» không phải là ngày hợp lệ."
    assert str(Problem("KhoanVay", None, "thiếu cột «Số tiền».")) == (
        "Sheet KhoanVay: thiếu cột «Số tiền».")


async def test_a_file_that_is_not_a_workbook(db, tmp_path, snapshot):
    path = tmp_path / "so-sach.xlsx"
    path.write_bytes(b"PK\x03\x04 this is not a workbook")
    before = await snapshot(db)
    with pytest.raises(WorkbookError) as caught:
        await import_workbook(db, path, actor="test", now=NOW)
    assert "Không mở được tệp này" in str(caught.value)
    assert await snapshot(db) == before


# ---------------------------------------------------------------- leniency


def rebuild(book, title, new_title, headers, order, extra=None):
    """Rewrite a sheet under `new_title` with `headers`, columns in `order`, maybe an extra one."""
    old = book[title]
    rows = [list(r) for r in old.iter_rows(values_only=True)]
    position = book.index(old)
    book.remove(old)
    sheet = book.create_sheet(new_title, position)
    for number, row in enumerate(rows):
        values = [headers[i] if number == 0 else row[i] for i in order]
        if extra is not None:
            values.insert(1, extra if number == 0 else "ghi chép riêng")
        sheet.append(values)
    return sheet


def test_a_book_as_people_write_it(edit_sample, sample):
    pristine = read_workbook(sample)
    changed_dates = {}

    def change(book):
        # Sheet and column names without diacritics, in other cases, in
        # another order, with a column of the club's own.
        members = rebuild(
            book, "ThanhVien", "Thành viên",
            ["ma tv", "HỌ VÀ TÊN", "Gioi tinh (Nam/Nu)", "nam sinh", "Dien Thoai", "to",
             "chuc vu", "Tinh nguyen vien (x)", "ngay vao CLB"],
            order=[8, 7, 6, 5, 4, 3, 2, 1, 0], extra="Ghi chú riêng")
        # Phones as people write them; the column is now E -> position 4 of the
        # reversed order plus the extra column: find it by header.
        phone_column = next(c.column_letter for c in members[1] if c.value == "Dien Thoai")
        for row, phone in zip((2, 3, 4, 5), ("0912.345.678", "+84912345678",
                                             "84 912 345 678", 912345678), strict=True):
            members[f"{phone_column}{row}"] = phone

        rebuild(book, "KhoanVay", "khoan vay",
                ["Mã vay", "Mã TV", "Ngày giải ngân", "Số tiền", "Ky han", "lai suat",
                 "Cách trả", "Mục đích"], order=[3, 2, 1, 0, 4, 5, 6, 7])

        cash = book["SoQuy"]
        cash.title = "So Quy"
        # Dates typed as text, day first.
        first, second = rows_where(cash, C="đóng góp quỹ", A=datetime(2026, 3, 17))[:2]
        cash[f"A{first}"] = "5/3/2026"
        cash[f"A{second}"] = "05-03-2026"
        changed_dates.update({first: date(2026, 3, 5), second: date(2026, 3, 5)})
        third = rows_where(cash, C="đóng góp quỹ", A=datetime(2026, 4, 17))[0]
        cash[f"A{third}"] = "17/4/2026"
        # Amounts typed as text.
        deposits = rows_where(cash, C="gửi tiết kiệm", D=50_000)
        cash[f"D{deposits[0]}"] = "50.000 đ"
        cash[f"D{deposits[1]}"] = "50,000"
        cash[f"D{deposits[2]}"] = "50.000"
        # Spreadsheets keep formatting below the data: rows that are only spaces.
        cash.cell(row=cash.max_row + 3, column=1, value="   ")

        # A title above the headers.
        checkups = book["LichKham"]
        checkups.insert_rows(1)
        checkups["A1"] = "LỊCH KHÁM SỨC KHỎE"

        book["CLB"]["A1"] = "thong tin"
        book["CLB"]["B6"] = "Dương Lịch"
        book["DiemDanh"].title = "diem danh"

    edited = read_workbook(edit_sample(change))

    assert edited.club == pristine.club
    phones = ["0912345678"] * 4
    assert edited.members == [
        dataclasses.replace(m, phone=phones[i]) if i < 4 else m
        for i, m in enumerate(pristine.members)]
    assert edited.loans == pristine.loans
    assert edited.cash == [
        dataclasses.replace(e, entry_date=changed_dates[e.row]) if e.row in changed_dates else e
        for e in pristine.cash]
    assert edited.meetings == pristine.meetings
    assert edited.attendance == pristine.attendance
    assert edited.health == pristine.health
    assert edited.checkups == pristine.checkups


async def test_a_lenient_book_imports_to_the_same_state(imported_db, other_db, edit_sample, state):
    db = imported_db

    def change(book):
        book["ThanhVien"]["E5"] = "84 786 834 497"  # TV004, '0786 834 497' in the sample
        book["SoQuy"]["D3"] = "20.000 đ"
        book["SoQuy"]["A4"] = "17/12/2025"

    await import_workbook(other_db, edit_sample(change), actor="test", now=NOW)
    assert await state(other_db) == await state(db)
