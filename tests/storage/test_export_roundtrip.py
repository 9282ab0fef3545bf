"""Exports carry no formulas, and export → import changes nothing, whatever the texts say.

Text typed by people (a name, a cash note, a check-up title typed in chat)
that begins with "=" used to be written as a live formula: the treasurer's
spreadsheet would run it, and re-importing the export read an empty cell (a
name "missing", a cash entry "new" and added twice).
"""

from __future__ import annotations

import asyncio
import io
import unicodedata
import zipfile
from datetime import date, datetime, time, timedelta
from typing import Any

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storage.database import Database
from storage.exporter import export_club
from storage.importer import import_workbook
from storage.meetings import add_checkup
from storage.workbook import (
    ATTENDANCE_COLUMNS,
    CASH_COLUMNS,
    CHECKUPS_COLUMNS,
    HEALTH_COLUMNS,
    LOANS_COLUMNS,
    MEETINGS_COLUMNS,
    MEMBERS_COLUMNS,
    quote,
    tidy,
    unquote,
)
from tests.storage.conftest import _snapshot, _state

NOW = datetime(2026, 11, 20, 9, 0)
DDE = "=cmd|' /C calc'!A0"


def exported_cells(data: bytes) -> dict[str, list[tuple[Any, str]]]:
    """Every sheet's cells as (value, openpyxl data type), row by row."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    return {sheet.title: [(c.value, c.data_type) for row in sheet.iter_rows() for c in row]
            for sheet in book.worksheets}


def formulas_in(data: bytes) -> list[str]:
    """Sheet parts holding a formula element: there must be none."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [name for name in archive.namelist()
                if name.startswith("xl/worksheets/") and b"<f>" in archive.read(name)]


async def export_bytes(db: Database) -> bytes:
    club_id = (await db.fetchone("SELECT id FROM clubs ORDER BY id LIMIT 1"))[0]
    out = io.BytesIO()
    await export_club(db, club_id, out)
    return out.getvalue()


def as_text_cell(cell: Any, value: str) -> None:
    """Text as a person typing it into a text-formatted cell: never a formula."""
    cell.value = value
    cell.data_type = "s"


# ---------------------------------------------------------------- the reported case


async def test_text_that_looks_like_a_formula_is_exported_as_text(imported_db, edit_sample,
                                                                  snapshot):
    db = imported_db

    def change(book):
        as_text_cell(book["ThanhVien"]["B2"], "=1+1 Bùi Thị Kim Nhung")
        as_text_cell(book["SoQuy"]["F2"], "=SUM(D2:D9)")
        as_text_cell(book["SoQuy"]["F3"], "@ghi chú")
        as_text_cell(book["KhoanVay"]["H2"], "-Trồng trọt")

    await import_workbook(db, edit_sample(change), actor="test", now=NOW)
    club_id = (await db.fetchone("SELECT id FROM clubs"))[0]
    # A check-up title typed in chat: a DDE payload, and one in decomposed Unicode.
    await add_checkup(db, club_id, date(2027, 2, 1), time(7, 30), DDE, "Trạm y tế",
                      actor="test", now=NOW)
    await add_checkup(db, club_id, date(2027, 3, 1), None,
                      unicodedata.normalize("NFD", "Khám mắt  miễn phí"), "+ Trạm y tế",
                      actor="test", now=NOW)

    data = await export_bytes(db)
    assert formulas_in(data) == []
    cells = exported_cells(data)
    assert ("'=1+1 Bùi Thị Kim Nhung", "s") in cells["ThanhVien"]
    assert ("'=SUM(D2:D9)", "s") in cells["SoQuy"]
    assert ("'@ghi chú", "s") in cells["SoQuy"]
    assert ("'-Trồng trọt", "s") in cells["KhoanVay"]
    assert ("'" + DDE, "s") in cells["LichKham"]
    assert ("Khám mắt miễn phí", "s") in cells["LichKham"]
    assert not any(dtype == "f" for sheet in cells.values() for _, dtype in sheet)

    before = await snapshot(db)
    result = await import_workbook(db, io.BytesIO(data), actor="test", now=NOW)
    assert not result.changed, result.summary()
    assert await snapshot(db) == before
    assert exported_cells(await export_bytes(db)) == cells


def test_quote_and_unquote_are_exact():
    for text in ["", "'", "''", "'=", "=", "+1", "-", "@x", "\tx", "'abc", "abc", "＝1", " =x"]:
        assert unquote(quote(text)) == text
        assert quote(text)[:1] not in {"=", "+", "-", "@", "\t", "\r", "\n"}


# ---------------------------------------------------------------- the property

_ILLEGAL = "".join(map(chr, [*range(0, 9), 11, 12, *range(14, 32)])) + "\ufffe\uffff"
_CHARS = st.characters(exclude_categories=("Cs",), exclude_characters=_ILLEGAL)
_STARTS = ["", "", "=", "+", "-", "@", "'", "''", "'=", "\t", "\r", "\n", " ", "  ", "＝", "＠",
           '"', "=1+1", '=HYPERLINK("http://x","y")', "@SUM(A1)", "-2+3", "+84 912", DDE,
           "Bà ", "e\u0301", "\u200b", "\u2028", "\x85"]
_ENDS = ["", "", " ", "  ", "\n", "\t", "'", "=", "\u0301"]
_CODE_STARTS = ["", "=", "+", "-", "@", "'", "'=", "＝", "tv ", "\t"]

_short = st.builds(lambda a, b, c: a + b + c, st.sampled_from(_STARTS),
                   st.text(_CHARS, max_size=20), st.sampled_from(_ENDS))
_long = st.builds(lambda a, b: a + b, st.sampled_from(_STARTS),
                  st.text(_CHARS, min_size=200, max_size=1500))
hostile = st.one_of(_short, _short, _short, _long)
# A required text: something left once the reader has taken its quote off and tidied it.
present = hostile.filter(lambda s: tidy(unquote(s)) != "")


@st.composite
def books(draw: st.DrawFn) -> openpyxl.Workbook:
    """A small club book whose every free text is hostile."""
    book = openpyxl.Workbook()
    book.remove(book.active)

    def sheet(title: str, headers: tuple[str, ...], rows: list[list[Any]]) -> None:
        ws = book.create_sheet(title)
        ws.append(list(headers))
        for r, values in enumerate(rows, 2):
            for c, value in enumerate(values, 1):
                if isinstance(value, str):
                    as_text_cell(ws.cell(row=r, column=c), value)
                elif value is not None:
                    ws.cell(row=r, column=c, value=value)

    sheet("CLB", ("Thông tin", "Giá trị"), [
        ["Tên CLB", draw(present)], ["Xã/phường", draw(present)],
        ["Tỉnh/thành phố", draw(present)], ["Ngày họp hằng tháng", 17],
        ["Theo lịch", "dương lịch"], ["Giờ họp", "14:00"], ["Địa điểm họp", draw(hostile)],
        ["Đóng góp quỹ hằng tháng", 20000]])

    count = draw(st.integers(1, 3))
    codes = [draw(st.sampled_from(_CODE_STARTS)) + f"TV{i}" for i in range(count)]
    sheet("ThanhVien", MEMBERS_COLUMNS, [
        [code, draw(present), draw(st.sampled_from(["Nam", "Nữ", None])), 1950,
         None, draw(hostile), None, draw(st.sampled_from(["x", None])),
         datetime(2020, 1, 1)] for code in codes])

    loans = [draw(st.sampled_from(_CODE_STARTS)) + f"VAY{i}"
             for i in range(draw(st.integers(0, 2)))]
    sheet("KhoanVay", LOANS_COLUMNS, [
        [loan, codes[0], datetime(2026, 1, 10), 1_000_000, 12, 0.5, "gốc lãi hằng tháng",
         draw(hostile)] for loan in loans])

    cash = []
    for _ in range(draw(st.integers(1, 5))):
        note = draw(hostile)
        day = datetime(2026, 1, 1) + timedelta(days=draw(st.integers(0, 300)))
        if loans and draw(st.booleans()):
            cash.append([max(day, datetime(2026, 2, 1)), codes[0], "trả lãi", 5000,
                         draw(st.sampled_from(loans)), note])
        else:
            cash.append([day, draw(st.sampled_from(codes)),
                         draw(st.sampled_from(["đóng góp quỹ", "gửi tiết kiệm"])), 20000, None,
                         note])
    if draw(st.booleans()):
        cash.append(list(cash[0]))  # the same entry twice is two entries
    sheet("SoQuy", CASH_COLUMNS, cash)

    meetings = [draw(st.sampled_from(_CODE_STARTS)) + f"BH{i}"
                for i in range(draw(st.integers(0, 2)))]
    sheet("BuoiHop", MEETINGS_COLUMNS, [
        [code, datetime(2026, 3 + i, 17), "14:00", draw(hostile), draw(hostile), "1, 2"]
        for i, code in enumerate(meetings)])
    sheet("DiemDanh", ATTENDANCE_COLUMNS,
          [[m, c, "có mặt"] for m in meetings for c in codes])
    sheet("SucKhoe", HEALTH_COLUMNS, [
        [datetime(2026, 5, 17), code, "130/80", 55.5, draw(hostile)] for code in codes])
    sheet("LichKham", CHECKUPS_COLUMNS, [
        [datetime(2027, 1 + i, 15), "07:30", draw(hostile), draw(hostile)]
        for i in range(draw(st.integers(0, 2)))])
    return book


async def _round_trip(source: bytes) -> None:
    db = await Database.open(":memory:")
    fresh = await Database.open(":memory:")
    try:
        await import_workbook(db, io.BytesIO(source), actor="test", now=NOW)
        before = await _snapshot(db)

        first = await export_bytes(db)
        assert formulas_in(first) == []
        cells = exported_cells(first)
        for title, values in cells.items():
            for value, dtype in values:
                assert dtype != "f", (title, value)
                if isinstance(value, str):
                    # Every text is quoted where it could start a formula.
                    assert value[:1] not in {"=", "+", "-", "@", "＝", "＋", "－", "＠"}

        result = await import_workbook(db, io.BytesIO(first), actor="test", now=NOW)
        assert not result.changed, result.summary()
        assert await _snapshot(db) == before  # every table, ids included

        second = await export_bytes(db)
        assert exported_cells(second) == cells

        await import_workbook(fresh, io.BytesIO(first), actor="test", now=NOW)
        assert await _state(fresh) == await _state(db)
    finally:
        await db.close()
        await fresh.close()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(book=books())
def test_import_export_import_changes_nothing_whatever_the_texts(book):
    out = io.BytesIO()
    book.save(out)
    asyncio.run(_round_trip(out.getvalue()))


# ---------------------------------------------------------------- text typed in chat


async def test_texts_typed_in_chat_round_trip_too(imported_db, snapshot):
    """Chat stores what people type: any Unicode form, line breaks, invisible controls."""
    db = imported_db
    club_id = (await db.fetchone("SELECT id FROM clubs"))[0]
    titles = [unicodedata.normalize("NFD", "Khám  mắt\nđịnh kỳ "), "=1+1\x07", "\x00@x\ufffe",
              "'+'", "\t-2"]
    for day, title in enumerate(titles, 1):
        await add_checkup(db, club_id, date(2027, 4, day), time(8, 0), title, "  Trạm\r\nxá ",
                          actor="test", now=NOW)
    first = await export_bytes(db)
    assert formulas_in(first) == []
    lich = [v for v, _ in exported_cells(first)["LichKham"]]
    assert "Khám mắt định kỳ" in lich and "'=1+1" in lich and "@x" not in lich
    assert "'@x" in lich and "''+'" in lich and "'-2" in lich

    before = await snapshot(db)
    result = await import_workbook(db, io.BytesIO(first), actor="test", now=NOW)
    assert not result.changed, result.summary()
    assert await snapshot(db) == before
    assert exported_cells(await export_bytes(db)) == exported_cells(first)
