"""Exporting a club's books: the same format back, and the same state once imported."""

from __future__ import annotations

import io
import re
from datetime import datetime

import openpyxl
import pytest

from storage.exporter import export_club
from storage.importer import import_workbook

NOW = datetime(2026, 11, 20, 9, 0)


async def club_id(db):
    return (await db.fetchone("SELECT id FROM clubs"))[0]


async def test_export_then_import_into_a_fresh_database_gives_the_same_state(
        imported_db, other_db, tmp_path, state):
    path = tmp_path / "export.xlsx"
    await export_club(imported_db, await club_id(imported_db), path)
    result = await import_workbook(other_db, path, actor="test", now=NOW)
    assert result.created
    assert await state(other_db) == await state(imported_db)


async def test_reimporting_the_export_changes_nothing(imported_db, tmp_path, snapshot):
    path = tmp_path / "export.xlsx"
    await export_club(imported_db, await club_id(imported_db), path)
    before = await snapshot(imported_db)
    result = await import_workbook(imported_db, path, actor="test", now=NOW)
    assert not result.changed
    assert await snapshot(imported_db) == before


async def test_export_writes_the_sample_format(imported_db, sample, tmp_path):
    path = tmp_path / "export.xlsx"
    await export_club(imported_db, await club_id(imported_db), path)
    exported = openpyxl.load_workbook(path)
    original = openpyxl.load_workbook(sample)
    assert exported.sheetnames == original.sheetnames
    for name in original.sheetnames:
        headers = [c.value for c in original[name][1]]
        assert [c.value for c in exported[name][1]] == headers, name

    members = exported["ThanhVien"]
    assert all(isinstance(c.value, str) and re.fullmatch(r"0\d{9}", c.value)
               for c in members["E"][1:] if c.value is not None)
    assert {c.value for c in members["H"][1:]} == {"x", None}
    assert {c.value for c in members["G"][1:]} == {
        None, "Chủ nhiệm", "Phó chủ nhiệm", "Thư ký", "Thủ quỹ"}
    joined = members["I"][1]
    assert isinstance(joined.value, datetime)
    assert joined.number_format == "DD/MM/YYYY"

    cash = exported["SoQuy"]
    assert cash.max_row == original["SoQuy"].max_row
    assert all(isinstance(c.value, datetime) and c.number_format == "DD/MM/YYYY"
               for c in cash["A"][1:])
    assert all(type(c.value) is int and c.value > 0 for c in cash["D"][1:])
    assert {c.value for c in cash["C"][1:]} == {
        "đóng góp quỹ", "gửi tiết kiệm", "rút tiết kiệm", "trả gốc", "trả lãi"}

    loans = exported["KhoanVay"]
    assert {c.value for c in loans["G"][1:]} == {
        "gốc lãi hằng tháng", "lãi hằng tháng, gốc cuối kỳ"}
    assert {c.value for c in loans["F"][1:]} == {c.value for c in original["KhoanVay"]["F"][1:]}
    assert {c.value for c in exported["DiemDanh"]["C"][1:]} == {"có mặt", "vắng", "có phép"}

    club = {row[0]: row[1] for row in exported["CLB"].iter_rows(min_row=2, values_only=True)}
    assert club == {row[0]: row[1] for row in original["CLB"].iter_rows(
        min_row=2, values_only=True)}

    health = exported["SucKhoe"]
    assert health["C2"].value == original["SucKhoe"]["C2"].value  # "124/74"
    assert health["D2"].value == original["SucKhoe"]["D2"].value  # 52.3


async def test_export_to_a_stream(imported_db):
    stream = io.BytesIO()
    await export_club(imported_db, await club_id(imported_db), stream)
    assert openpyxl.load_workbook(io.BytesIO(stream.getvalue())).sheetnames[0] == "CLB"


async def test_unknown_club(db, tmp_path):
    with pytest.raises(LookupError):
        await export_club(db, 42, tmp_path / "none.xlsx")


async def test_a_reversed_entry_and_its_reversal_are_left_out(
        imported_db, other_db, sample, tmp_path, snapshot, state):
    db = imported_db
    # The treasurer finds the last deposit was wrongly entered and reverses it.
    last = await db.fetchone("SELECT * FROM cash_entries ORDER BY id DESC LIMIT 1")
    async with db.transaction() as conn:
        await conn.execute(
            "INSERT INTO cash_entries (club_id, entry_date, member_id, kind, amount, loan_id, "
            "note, reverses_id, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (last["club_id"], last["entry_date"], last["member_id"], last["kind"],
             -last["amount"], None, "Ghi nhầm", last["id"], "thu-quy", NOW.isoformat()))
    path = tmp_path / "export.xlsx"
    await export_club(db, await club_id(db), path)

    rows = list(openpyxl.load_workbook(path)["SoQuy"].iter_rows(min_row=2, values_only=True))
    original = openpyxl.load_workbook(sample)["SoQuy"]
    assert len(rows) == original.max_row - 2
    assert all(row[3] > 0 for row in rows)

    before = await snapshot(db)
    assert not (await import_workbook(db, path, actor="test", now=NOW)).changed
    # Nor does the old paper book bring the reversed entry back.
    assert not (await import_workbook(db, sample, actor="test", now=NOW)).changed
    assert await snapshot(db) == before

    await import_workbook(other_db, path, actor="test", now=NOW)
    assert await state(other_db) == await state(db)
