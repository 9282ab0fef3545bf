"""Hostile workbooks: bounded memory, a plain Vietnamese refusal, the database unchanged.

Each hostile book is made here, small on disk: a valid book's zip with one
part replaced by generated XML, or with its sizes made to lie.
"""

from __future__ import annotations

import io
import re
import struct
import tracemalloc
import zipfile
from collections.abc import Callable
from datetime import datetime, timedelta

import openpyxl
import pytest

from club import texts
from storage.importer import import_workbook
from storage.workbook import WorkbookError, loading, read_workbook
from storage.workbook import format as limits
from tests.storage.test_import import rows_where

NOW = datetime(2026, 11, 20, 9, 0)
MEMORY_BOUND = 40 * 1024 * 1024  # bytes: a few times what the whole sample needs
SHEET_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def tiny_book(cash_rows: int = 0) -> bytes:
    """A valid one-member book; `cash_rows` contributions, one a day from 01/01/2020."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    club = book.create_sheet("CLB")
    for row in (("Thông tin", "Giá trị"), ("Tên CLB", "CLB thử"), ("Xã/phường", "Xã A"),
                ("Tỉnh/thành phố", "Hưng Yên"), ("Ngày họp hằng tháng", 17),
                ("Theo lịch", "dương lịch"), ("Giờ họp", "14:00"), ("Địa điểm họp", "Nhà văn hóa"),
                ("Đóng góp quỹ hằng tháng", 20000)):
        club.append(row)
    members = book.create_sheet("ThanhVien")
    members.append(["Mã TV", "Họ và tên", "Giới tính", "Năm sinh", "Điện thoại", "Tổ",
                    "Chức vụ", "Tình nguyện viên", "Ngày vào CLB"])
    members.append(["TV001", "Nguyễn Thị Hoa", "Nữ", 1950, None, "Tổ 1", None, None,
                    datetime(2020, 1, 1)])
    sheets = {
        "KhoanVay": ["Mã vay", "Mã TV", "Ngày giải ngân", "Số tiền", "Kỳ hạn (tháng)",
                     "Lãi suất (%/tháng)", "Cách trả", "Mục đích"],
        "SoQuy": ["Ngày", "Mã TV", "Loại", "Số tiền", "Mã vay", "Ghi chú"],
        "BuoiHop": ["Mã buổi", "Ngày", "Giờ", "Địa điểm", "Nội dung", "Hoạt động"],
        "DiemDanh": ["Mã buổi", "Mã TV", "Trạng thái"],
        "SucKhoe": ["Ngày", "Mã TV", "Huyết áp", "Cân nặng (kg)", "Ghi chú"],
        "LichKham": ["Ngày", "Giờ", "Nội dung", "Địa điểm"],
    }
    for title, headers in sheets.items():
        book.create_sheet(title).append(headers)
    cash = book["SoQuy"]
    for day in range(cash_rows):
        cash.append([datetime(2020, 1, 1) + timedelta(days=day), "TV001", "đóng góp quỹ",
                     1000, None, None])
    book.create_sheet("GhiChu")["A1"] = "ghi chép riêng"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def part_of(data: bytes, title: str) -> str:
    """The zip part holding the sheet `title` (openpyxl names them in sheet order)."""
    names = openpyxl.load_workbook(io.BytesIO(data), read_only=True).sheetnames
    return f"xl/worksheets/sheet{names.index(title) + 1}.xml"


def replace_part(data: bytes, name: str, change: Callable[[bytes], bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            dst.writestr(info.filename, change(content) if info.filename == name else content)
    return out.getvalue()


def sheet_xml(rows: str) -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            f'<worksheet xmlns="{SHEET_NS}"><sheetData>{rows}</sheetData></worksheet>').encode()


def text_cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def peak_while(read: Callable[[], object]) -> int:
    tracemalloc.start()
    try:
        read()
    except WorkbookError:
        pass
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return peak


async def refused(db, data: bytes, snapshot) -> WorkbookError:
    """Import `data`; it must be refused, leaving the database as it was."""
    before = await snapshot(db)
    with pytest.raises(WorkbookError) as caught:
        await import_workbook(db, io.BytesIO(data), actor="test", now=NOW)
    assert await snapshot(db) == before
    return caught.value


# ---------------------------------------------------------------- wide and long sheets


async def test_an_ignored_sheet_with_a_cell_in_column_xfd_costs_nothing(db):
    # The reported book: an extra sheet, a cell in the last column on thousands
    # of rows. Every row used to be read 16,384 cells wide (2.6 GB at 20,000 rows).
    rows = "".join(f'<row r="{n}">{text_cell(f"XFD{n}", "x")}</row>' for n in range(1, 3001))
    data = tiny_book(cash_rows=3)
    data = replace_part(data, part_of(data, "GhiChu"), lambda _: sheet_xml(rows))
    assert len(data) < 100_000

    assert peak_while(lambda: read_workbook(io.BytesIO(data), today=NOW.date())) < MEMORY_BOUND
    result = await import_workbook(db, io.BytesIO(data), actor="test", now=NOW)
    assert result.added["cash_entries"] == 3


async def test_cells_far_right_in_a_sheet_that_is_read_are_not_read(db):
    data = tiny_book(cash_rows=1000)

    def far_right(xml: bytes) -> bytes:
        return re.sub(rb'<row r="(\d+)"([^>]*)>(.*?)</row>',
                      lambda m: b'<row r="%s"%s>%s%s</row>' % (
                          m[1], m[2], m[3], text_cell(f"XFD{int(m[1])}", "x").encode()),
                      xml, flags=re.S)

    data = replace_part(data, part_of(data, "SoQuy"), far_right)
    assert peak_while(lambda: read_workbook(io.BytesIO(data), today=NOW.date())) < MEMORY_BOUND
    result = await import_workbook(db, io.BytesIO(data), actor="test", now=NOW)
    assert result.added["cash_entries"] == 1000


async def test_a_sheet_with_too_many_rows_is_refused_plainly(db, snapshot):
    header = "".join(text_cell(f"{col}1", name) for col, name in
                     zip("ABCDEF", ("Ngày", "Mã TV", "Loại", "Số tiền", "Mã vay", "Ghi chú"),
                         strict=True))
    rows = f'<row r="1">{header}</row>' + "".join(
        f'<row r="{n}">{text_cell(f"F{n}", "x")}</row>'
        for n in range(2, limits.MAX_ROWS + 3))
    data = tiny_book()
    data = replace_part(data, part_of(data, "SoQuy"), lambda _: sheet_xml(rows))
    assert len(data) < 200_000

    error = await refused(db, data, snapshot)
    [problem] = error.problems
    assert (problem.sheet, problem.row) == ("SoQuy", None)
    assert str(problem) == "Sheet SoQuy: " + texts.WB_TOO_MANY_ROWS.format(limit="20.000")


async def test_a_row_numbered_beyond_excel_is_not_walked_to(db):
    # Row numbers are the file's to state: one far down must not make the
    # reader step through a billion empty rows.
    data = tiny_book(cash_rows=1)

    def far_down(xml: bytes) -> bytes:
        return xml.replace(b"</sheetData>",
                           f'<row r="2000000000">{text_cell("A2000000000", "x")}</row>'
                           f"</sheetData>".encode())

    data = replace_part(data, part_of(data, "SoQuy"), far_down)
    result = await import_workbook(db, io.BytesIO(data), actor="test", now=NOW)
    assert result.added["cash_entries"] == 1


# ---------------------------------------------------------------- the zip itself


async def test_a_zip_bomb_is_refused_before_it_is_unpacked(db, snapshot):
    data = tiny_book()
    padding = b" " * (16 * 1024 * 1024)  # packs to a few kilobytes
    data = replace_part(data, part_of(data, "GhiChu"),
                        lambda xml: xml.replace(b"<sheetData>", b"<sheetData>" + padding))
    assert len(data) < 100_000
    assert peak_while(lambda: read_workbook(io.BytesIO(data), today=NOW.date())) < MEMORY_BOUND
    error = await refused(db, data, snapshot)
    assert str(error.problems[0]) == texts.WB_PACKED_ODDLY


def lie_about_size(data: bytes, name: str, size: int) -> bytes:
    """The part's declared unpacked size, in both headers, set to `size`."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo(name)
    patched = bytearray(data)
    struct.pack_into("<I", patched, info.header_offset + 22, size)
    central = patched.find(b"PK\x01\x02")
    while central != -1:
        length = struct.unpack_from("<H", patched, central + 28)[0]
        if patched[central + 46:central + 46 + length] == name.encode():
            struct.pack_into("<I", patched, central + 24, size)
            break
        central = patched.find(b"PK\x01\x02", central + 4)
    return bytes(patched)


async def test_a_zip_that_lies_about_its_sizes_is_not_unpacked_further(db, snapshot):
    data = tiny_book()
    name = part_of(data, "GhiChu")
    padding = b" " * (4 * 1024 * 1024)
    data = replace_part(data, name,
                        lambda xml: xml.replace(b"<sheetData>", b"<sheetData>" + padding))
    data = lie_about_size(data, name, 5000)
    assert peak_while(lambda: read_workbook(io.BytesIO(data), today=NOW.date())) < MEMORY_BOUND
    # Unpacking stops at the declared size and the checksum then fails: a damaged file.
    error = await refused(db, data, snapshot)
    assert str(error.problems[0]) == texts.WB_UNREADABLE


async def test_too_much_unpacked_is_refused(db, sample, snapshot, monkeypatch):
    monkeypatch.setattr(limits, "MAX_UNPACKED_BYTES", 300_000)  # the sample unpacks to 550 KB
    error = await refused(db, sample.read_bytes(), snapshot)
    assert str(error.problems[0]) == texts.WB_UNPACKED_TOO_BIG.format(limit="292 KB")


async def test_too_large_a_file_is_refused(db, sample, snapshot, monkeypatch):
    monkeypatch.setattr(limits, "MAX_FILE_BYTES", 50_000)  # the sample is 61 KB
    error = await refused(db, sample.read_bytes(), snapshot)
    assert "Tệp quá lớn" in str(error.problems[0])


async def test_running_out_of_memory_is_said_as_too_large_not_unreadable(db, snapshot,
                                                                         monkeypatch):
    def exhausted(*args, **kwargs):
        raise MemoryError

    monkeypatch.setattr(loading.openpyxl, "load_workbook", exhausted)
    error = await refused(db, tiny_book(), snapshot)
    assert "quá lớn" in str(error) and texts.WB_UNREADABLE not in str(error)


async def test_an_xml_entity_bomb_is_refused(db, snapshot):
    bomb = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
            + "".join(f'<!ENTITY lol{i} "{"&lol%s;" % (i - 1 or "") * 10}">'
                      for i in range(1, 10))
            + f']><worksheet xmlns="{SHEET_NS}"><sheetData><row r="1">'
            + '<c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>')
    data = tiny_book()
    data = replace_part(data, part_of(data, "SoQuy"), lambda _: bomb.encode())
    assert peak_while(lambda: read_workbook(io.BytesIO(data), today=NOW.date())) < MEMORY_BOUND
    error = await refused(db, data, snapshot)
    assert str(error.problems[0]) == texts.WB_UNREADABLE


# ---------------------------------------------------------------- dates that cannot be true


def cash_before_1940(book):
    book["SoQuy"]["A15"] = "17/03/1939"
    return "SoQuy", 15, "Ngày 17/03/1939 là trước năm 1940"


def cash_in_the_future(book):
    book["SoQuy"]["A15"] = "21/11/2026"  # NOW is 20/11/2026
    return "SoQuy", 15, "Ngày 21/11/2026 là ngày chưa tới (hôm nay là 20/11/2026)"


def cash_before_joining(book):
    sheet = book["SoQuy"]
    row = rows_where(sheet, B="TV001", C="đóng góp quỹ")[0]
    sheet[f"A{row}"] = datetime(2022, 1, 17)  # TV001 joined on 20/02/2022
    return "SoQuy", row, "Ngày 17/01/2022 là trước ngày thành viên «TV001» vào CLB (20/02/2022)"


def loan_before_joining(book):
    member = book["KhoanVay"]["B2"].value
    joined = next(r[8] for r in book["ThanhVien"].iter_rows(min_row=2, values_only=True)
                  if r[0] == member)
    book["KhoanVay"]["C2"] = datetime(joined.year - 1, 6, 1)
    return "KhoanVay", 2, f"Ngày giải ngân 01/06/{joined.year - 1} là trước ngày thành viên"


def loan_in_the_future(book):
    book["KhoanVay"]["C2"] = datetime(2027, 1, 1)
    return "KhoanVay", 2, "Ngày giải ngân 01/01/2027 là ngày chưa tới"


def reading_in_the_future(book):
    book["SucKhoe"]["A2"] = datetime(2026, 12, 17)
    return "SucKhoe", 2, "Ngày 17/12/2026 là ngày chưa tới"


def joined_in_the_future(book):
    book["ThanhVien"]["I2"] = datetime(2027, 2, 20)
    return "ThanhVien", 2, "Ngày vào CLB 20/02/2027 là ngày chưa tới"


def joined_before_born(book):
    book["ThanhVien"]["I2"] = datetime(1945, 2, 20)  # born 1950
    return "ThanhVien", 2, "Ngày vào CLB 20/02/1945 là trước năm sinh (1950)"


def meeting_before_1940(book):
    book["BuoiHop"]["B2"] = datetime(1925, 12, 17)
    return "BuoiHop", 2, "Ngày 17/12/1925 là trước năm 1940"


def meeting_before_the_club(book):
    first = min(r[8] for r in book["ThanhVien"].iter_rows(min_row=2, values_only=True))
    book["BuoiHop"]["B2"] = datetime(first.year - 1, 12, 17)
    return ("BuoiHop", 2, f"Ngày 17/12/{first.year - 1} là trước khi CLB có thành viên đầu tiên "
            f"(ngày vào CLB sớm nhất trong sheet ThanhVien là {first:%d/%m/%Y})")


IMPLAUSIBLE = [cash_before_1940, cash_in_the_future, cash_before_joining, loan_before_joining,
               loan_in_the_future, reading_in_the_future, joined_in_the_future,
               joined_before_born, meeting_before_1940, meeting_before_the_club]


@pytest.mark.parametrize("damage", IMPLAUSIBLE, ids=[f.__name__ for f in IMPLAUSIBLE])
async def test_a_date_that_cannot_be_true_is_refused(imported_db, edit_sample, snapshot, damage):
    where = []
    path = edit_sample(lambda book: where.append(damage(book)))
    (sheet, row, reason), = where
    error = await refused(imported_db, path.read_bytes(), snapshot)
    [problem] = error.problems
    assert (problem.sheet, problem.row) == (sheet, row)
    assert reason in problem.reason, problem.reason
    assert str(problem).startswith(f"Sheet {sheet}, dòng {row}: ")
