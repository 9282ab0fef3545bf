"""Fuzzing the import with random damage to the sample book.

Whatever is done to the book — cells blanked, garbled, given another type, a
formula, a huge number or an impossible date; rows deleted or doubled; columns
or sheets removed or renamed — an import either goes through whole, or is
refused with a Vietnamese message and leaves the database exactly as it was.
It never raises anything but WorkbookError.

The book is the sample cut to its first rows (so one example takes a fraction
of a second), imported into a database that holds the whole sample: what goes
through is a real merge.
"""

from __future__ import annotations

import asyncio
import functools
import io
import pickle
import re
import shutil
import tempfile
from datetime import datetime, time
from pathlib import Path
from typing import Any

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storage.database import Database
from storage.importer import import_workbook
from storage.workbook import WorkbookError
from tests.storage.conftest import SAMPLE, _snapshot

NOW = datetime(2026, 11, 20, 9, 0)
SHEETS = ["CLB", "ThanhVien", "KhoanVay", "SoQuy", "BuoiHop", "DiemDanh", "SucKhoe", "LichKham"]
KEEP_ROWS = 40  # data rows kept of the long sheets
# A line of a refusal is Vietnamese: it carries Vietnamese letters.
VIETNAMESE = re.compile("[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]",
                        re.IGNORECASE)


@functools.cache
def trimmed_sample() -> bytes:
    """The sample cut short, pickled (unpickling is faster than parsing an .xlsx)."""
    book = openpyxl.load_workbook(SAMPLE)
    for title in ("SoQuy", "DiemDanh", "SucKhoe"):
        sheet = book[title]
        sheet.delete_rows(KEEP_ROWS + 2, sheet.max_row)
    return pickle.dumps(book)


# What a spreadsheet cell can hold at all (openpyxl refuses the rest).
_ILLEGAL = "".join(map(chr, [*range(0, 9), 11, 12, *range(14, 32)])) + "\ufffe\uffff"
_CHARS = st.characters(exclude_categories=("Cs",), exclude_characters=_ILLEGAL)


values = st.one_of(
    st.none(), st.just(""), st.just("   "),
    st.text(_CHARS, max_size=30),
    st.sampled_from(["=1+1", "=A1", "=SUM(D2:D9)", "@x", "-", "+", "'", "'=x", "x" * 5000,
                     "31/02/2026", "00/00/0000", "1/1/1", "17-03-2026", "2026-03-17",
                     "29/02/2025", "17/03/1939", "17/03/2999", "50.000 đ", "1.000.000.000.000",
                     "135/85", "300/900", "0912 345 678", "+84912345678", "12345", "TV001",
                     "TV999", "VAY001", "BH20251217", "gửi tiết kiệm", "rút tiết kiệm", "trả gốc",
                     "trả lãi", "có mặt", "âm lịch", "Chủ nhiệm", "Nữ", "x", "1, 2, 9"]),
    st.integers(-10**20, 10**20),
    st.sampled_from([0, -1, 1, 10**15, 2**63, 10**30, 45_000, 46_000]),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.datetimes(min_value=datetime(1900, 3, 1), max_value=datetime(9999, 12, 31)),
    st.times(),
)

mutations = st.one_of(
    st.tuples(st.just("set"), st.sampled_from(SHEETS), st.integers(1, KEEP_ROWS + 3),
              st.integers(1, 10), values),
    st.tuples(st.just("formula"), st.sampled_from(SHEETS), st.integers(2, KEEP_ROWS + 1),
              st.integers(1, 9), st.just("=B2*1000")),
    st.tuples(st.just("delete_row"), st.sampled_from(SHEETS), st.integers(1, KEEP_ROWS + 1)),
    st.tuples(st.just("duplicate_row"), st.sampled_from(SHEETS), st.integers(1, KEEP_ROWS + 1)),
    st.tuples(st.just("delete_column"), st.sampled_from(SHEETS), st.integers(1, 9)),
    st.tuples(st.just("delete_sheet"), st.sampled_from(SHEETS)),
    st.tuples(st.just("rename_sheet"), st.sampled_from(SHEETS),
              st.sampled_from(["So Quy", "Sổ quỹ", "khác", "CLB", "ThanhVien", "x"])),
    st.tuples(st.just("rows_above"), st.sampled_from(SHEETS), st.integers(1, 12)),
)


def damage(book: openpyxl.Workbook, mutation: tuple[Any, ...]) -> None:
    kind, title, *args = mutation
    if title not in book.sheetnames:
        return
    sheet = book[title]
    if kind in ("set", "formula"):
        row, column, value = args
        if isinstance(value, time) and value.tzinfo is not None:
            value = value.replace(tzinfo=None)
        cell = sheet.cell(row=row, column=column)
        cell.value = value
        if kind == "set" and isinstance(value, str):
            cell.data_type = "s"  # typed as text; "formula" leaves it a formula
    elif kind == "delete_row":
        sheet.delete_rows(args[0])
    elif kind == "duplicate_row":
        sheet.append([cell.value for cell in sheet[args[0]]])
    elif kind == "delete_column":
        sheet.delete_cols(args[0])
    elif kind == "delete_sheet":
        del book[title]
    elif kind == "rename_sheet":
        if args[0] not in book.sheetnames:
            sheet.title = args[0]
    elif kind == "rows_above":
        sheet.insert_rows(1, args[0])
        sheet["A1"] = "SỔ SÁCH CLB"


async def _import_once(template: Path, data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "club.db"
        shutil.copyfile(template, path)
        db = await Database.open(path)
        try:
            before = await _snapshot(db)
            try:
                result = await import_workbook(db, io.BytesIO(data), actor="fuzz", now=NOW)
            except WorkbookError as refusal:
                message = str(refusal)
                assert refusal.problems and message
                for line in message.splitlines():
                    assert VIETNAMESE.search(line), line
                assert "Traceback" not in message and "Error" not in message
                assert await _snapshot(db) == before  # nothing at all was written
                return
            # Gone through: as a whole, and a second time it changes nothing.
            assert result.club_id
            again = await import_workbook(db, io.BytesIO(data), actor="fuzz", now=NOW)
            assert not again.changed, again.summary()
        finally:
            await db.close()


def test_the_trimmed_sample_itself_changes_nothing(imported_sample):
    book = pickle.loads(trimmed_sample())
    out = io.BytesIO()
    book.save(out)

    async def check() -> None:
        db = await Database.open(":memory:")
        try:
            await import_workbook(db, io.BytesIO(out.getvalue()), actor="fuzz", now=NOW)
        finally:
            await db.close()

    asyncio.run(check())
    asyncio.run(_import_once(imported_sample, out.getvalue()))


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(changes=st.lists(mutations, min_size=1, max_size=4))
def test_random_damage_is_imported_whole_or_refused_in_vietnamese(changes, imported_sample):
    book = pickle.loads(trimmed_sample())
    for change in changes:
        damage(book, change)
    if not book.sheetnames:
        return  # openpyxl cannot save a book without sheets
    out = io.BytesIO()
    book.save(out)
    asyncio.run(_import_once(imported_sample, out.getvalue()))
