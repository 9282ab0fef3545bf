"""The programme's books (the extended format): import, export, round trip, and
the cash book's rules for the club's own money."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from storage.database import Database, _migration_scripts
from storage.exporter import export_club
from storage.importer import import_workbook
from storage.workbook import WorkbookError, read_workbook

from .conftest import PROGRAMME

NOW = datetime(2026, 11, 20, 9, 0)


@pytest.fixture
async def programme_db(db):
    await import_workbook(db, PROGRAMME, actor="test", now=NOW)
    return db


def _edit(tmp_path: Path, change) -> Path:
    book = openpyxl.load_workbook(PROGRAMME)
    change(book)
    path = tmp_path / "edited.xlsx"
    book.save(path)
    return path


async def test_the_programme_sample_imports_with_all_its_parts(programme_db):
    db = programme_db
    club = await db.fetchone("SELECT * FROM clubs")
    assert club["opening_fund"] == 53_000_000
    club_rows = await db.fetchall(
        "SELECT entry_date, kind, amount, note FROM cash_entries WHERE member_id IS NULL "
        "ORDER BY entry_date")
    assert [tuple(r) for r in club_rows][:2] == [
        ("2025-12-17", "grant", 50_000_000, "Hỗ trợ vốn ban đầu theo Kế hoạch 1648"),
        ("2026-02-17", "spending", 500_000, "Văn nghệ liên thế hệ")]
    assert len(club_rows) == 5
    circumstances = {r[0]: r[1] for r in await db.fetchall(
        "SELECT code, circumstances FROM members WHERE circumstances <> ''")}
    assert len(circumstances) == 6
    assert "cô đơn, cần chăm sóc tại nhà" in circumstances.values()
    assert (await db.fetchone("SELECT count(*) FROM home_visits"))[0] == 68
    assert (await db.fetchone(
        "SELECT count(*) FROM home_visits WHERE status = 'alert_health'"))[0] > 0
    assert (await db.fetchone("SELECT count(*) FROM checkup_exams"))[0] == 39
    assert (await db.fetchone("SELECT count(*) FROM trainings"))[0] == 4


async def test_import_export_import_changes_nothing(programme_db, other_db, tmp_path, state,
                                                     snapshot):
    db = programme_db
    club_id = (await db.fetchone("SELECT id FROM clubs"))[0]
    path = tmp_path / "export.xlsx"
    await export_club(db, club_id, path)
    # Into a fresh database: the same books.
    result = await import_workbook(other_db, path, actor="test", now=NOW)
    assert result.created
    assert await state(other_db) == await state(db)
    # Into the database it came from: not one row changes.
    before = await snapshot(db)
    again = await import_workbook(db, path, actor="test", now=NOW)
    assert not again.changed
    assert await snapshot(db) == before
    # And the export of the copy is the same workbook, cell for cell.
    second = tmp_path / "second.xlsx"
    await export_club(other_db, (await other_db.fetchone("SELECT id FROM clubs"))[0], second)
    first_book, second_book = openpyxl.load_workbook(path), openpyxl.load_workbook(second)
    assert first_book.sheetnames == second_book.sheetnames
    for name in first_book.sheetnames:
        assert list(first_book[name].values) == list(second_book[name].values), name


async def test_the_export_writes_the_extended_format(programme_db, tmp_path):
    path = tmp_path / "export.xlsx"
    await export_club(programme_db, 1, path)
    book = openpyxl.load_workbook(path)
    original = openpyxl.load_workbook(PROGRAMME)
    assert book.sheetnames == original.sheetnames
    for name in original.sheetnames:
        assert [c.value for c in book[name][1]] == [c.value for c in original[name][1]], name
    club = {r[0]: r[1] for r in book["CLB"].iter_rows(min_row=2, values_only=True)}
    assert club["Số dư quỹ đầu kỳ"] == 53_000_000
    club_rows = [r for r in book["SoQuy"].iter_rows(min_row=2, values_only=True) if r[1] is None]
    assert {r[2] for r in club_rows} == {"nhận hỗ trợ", "chi hoạt động"}
    assert {r[3] for r in book["ThamHoi"].iter_rows(min_row=2, values_only=True)} == {
        "ổn", "cần hỗ trợ", "cần báo y tế"}


async def test_a_book_without_the_programme_parts_exports_without_them(imported_db, tmp_path):
    path = tmp_path / "export.xlsx"
    await export_club(imported_db, 1, path)
    book = openpyxl.load_workbook(path)
    assert "ThamHoi" not in book.sheetnames and "TapHuan" not in book.sheetnames
    assert "Hoàn cảnh" not in [c.value for c in book["ThanhVien"][1]]


@pytest.mark.parametrize(("change", "found"), [
    # A club row naming a member.
    (lambda b: b["SoQuy"].cell(2, 2, "TV001"), "Sheet SoQuy, dòng 2: dòng «nhận hỗ trợ» là "
     "tiền của CLB, không ghi Mã TV"),
    # A member's kind with no member.
    (lambda b: setattr(b["SoQuy"].cell(3, 2), "value", None),
     "Sheet SoQuy, dòng 3: dòng «đóng góp quỹ» phải ghi Mã TV"),
    (lambda b: b["DuKham"].cell(2, 1, datetime(2026, 3, 16)), "Sheet DuKham, dòng 2: ngày "
     "16/03/2026 không có buổi khám nào"),
    (lambda b: b["ThanhVien"].cell(8, 10, "cô đơn, giàu có"), "Sheet ThanhVien, dòng 8: "
     "Hoàn cảnh «giàu có» không hợp lệ"),
    (lambda b: b["ThamHoi"].cell(2, 4, "tốt"), "Sheet ThamHoi, dòng 2: Tình trạng «tốt» "
     "không hợp lệ"),
    (lambda b: b["TapHuan"].cell(2, 2, "TV999"), "Sheet TapHuan, dòng 2: mã thành viên "
     "«TV999» không có"),
])
def test_mistakes_in_the_programme_parts_are_named(tmp_path, change, found):
    path = _edit(tmp_path, change)
    with pytest.raises(WorkbookError) as failure:
        read_workbook(path, today=NOW.date())
    assert found in str(failure.value)


def test_circumstances_are_read_in_any_form(tmp_path):
    def change(book):
        book["ThanhVien"].cell(8, 10, "Ho ngheo; CO DON")
    book = read_workbook(_edit(tmp_path, change), today=NOW.date())
    assert book.members[6].circumstances == "cô đơn, hộ nghèo"


def test_absent_programme_sheets_and_columns_mean_none_recorded(tmp_path):
    def change(book):
        for name in ("ThamHoi", "DuKham", "TapHuan"):
            del book[name]
        book["ThanhVien"].delete_cols(10)
        book["CLB"].delete_rows(10)
    book = read_workbook(_edit(tmp_path, change), today=NOW.date())
    assert (book.visits, book.exams, book.trainings) == ([], [], [])
    assert book.club.opening_fund == 0
    assert all(m.circumstances == "" for m in book.members)


# ---------------------------------------------------------------- the cash book's rules

def _insert(conn: sqlite3.Connection, **values) -> None:
    row = {"club_id": 1, "entry_date": "2026-11-20", "member_id": None, "kind": "grant",
           "amount": 1_000_000, "loan_id": None, "note": "", "reverses_id": None,
           "recorded_by": "test", "recorded_at": "2026-11-20T09:00:00", **values}
    conn.execute(f"INSERT INTO cash_entries ({', '.join(row)}) "
                 f"VALUES ({', '.join('?' * len(row))})", tuple(row.values()))


async def test_the_database_takes_club_rows_and_keeps_its_rules(programme_db, tmp_path):
    await programme_db.close()
    conn = sqlite3.connect(tmp_path / "club.db", isolation_level=None)
    conn.execute("PRAGMA foreign_keys=ON")
    try:
        _insert(conn)
        grant = conn.execute("SELECT max(id) FROM cash_entries").fetchone()[0]
        _insert(conn, amount=-1_000_000, reverses_id=grant)  # a club row's reversal
        refused = [
            {"member_id": 1},                                # a club kind with a member
            {"kind": "deposit"},                             # a member kind without one
            {"kind": "spending", "loan_id": 1},              # a club row naming a loan
            {"amount": -1_000_000, "reverses_id": grant},    # reversed twice
            {"club_id": 2},                                  # no such club
        ]
        for values in refused:
            with pytest.raises(sqlite3.IntegrityError):
                _insert(conn, **values)
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute("UPDATE cash_entries SET amount = 1 WHERE id = ?", (grant,))
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute("DELETE FROM cash_entries WHERE id = ?", (grant,))
        conn.execute("INSERT INTO clubs (name, meeting_day) VALUES ('CLB khác', 5)")
        with pytest.raises(sqlite3.IntegrityError, match="another club"):
            _insert(conn, club_id=2, amount=-1_000_000, reverses_id=grant)
    finally:
        conn.close()


async def test_the_rebuilt_cash_book_keeps_every_rule_of_0009(programme_db, tmp_path):
    """0015 drops and re-creates cash_entries: every trigger and index the board's
    integrity migration (0009) put on it, or on sweep_charges naming it, is
    there afterwards, and still refuses a member's row mixing two clubs."""
    names = {row[0] for row in await programme_db.fetchall(
        "SELECT name FROM sqlite_master WHERE tbl_name IN ('cash_entries', 'sweep_charges')")}
    assert {"cash_entries_one_club", "cash_entries_reversed_once",
            "cash_entries_reversal_releases_sweep", "cash_entries_no_update",
            "cash_entries_no_delete", "sweep_charges_match_their_entry",
            "sweep_charges_no_update", "sweep_charges_kept_while_standing"} <= names
    await programme_db.close()
    conn = sqlite3.connect(tmp_path / "club.db", isolation_level=None)
    conn.execute("PRAGMA foreign_keys=ON")
    try:
        conn.execute("INSERT INTO clubs (name, meeting_day) VALUES ('CLB khác', 5)")
        other = conn.execute("SELECT max(id) FROM clubs").fetchone()[0]
        member = conn.execute("SELECT min(id) FROM members WHERE club_id = 1").fetchone()[0]
        with pytest.raises(sqlite3.IntegrityError, match="another club"):
            _insert(conn, club_id=other, member_id=member, kind="deposit")
        _insert(conn, member_id=member, kind="deposit")
        deposit = conn.execute("SELECT max(id) FROM cash_entries").fetchone()[0]
        with pytest.raises(sqlite3.IntegrityError, match="standing contribution"):
            conn.execute("INSERT INTO sweep_charges VALUES (1, ?, '2026-11-20', ?)",
                         (member, deposit))
    finally:
        conn.close()


async def test_migration_keeps_every_entry_and_its_links(tmp_path):
    """A database made before 0015, with reversals and sweep charges, comes
    through the cash book's rebuild whole."""
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, "
                 "name TEXT NOT NULL, applied_at TEXT NOT NULL)")
    for version, name, sql in _migration_scripts():
        if version >= 15:
            break
        conn.executescript(f"BEGIN; {sql}\nINSERT INTO schema_migrations VALUES "
                           f"({version}, '{name}', 'x'); COMMIT;")
    conn.executescript("""
        INSERT INTO clubs (id, name, meeting_day) VALUES (1, 'CLB', 17);
        INSERT INTO members (id, club_id, code, name) VALUES (1, 1, 'TV1', 'A'), (2, 1, 'TV2', 'B');
        INSERT INTO cash_entries (id, club_id, entry_date, member_id, kind, amount,
                                  recorded_by, recorded_at)
            VALUES (1, 1, '2026-01-17', 1, 'contribution', 20000, 't', 't'),
                   (2, 1, '2026-01-17', 2, 'contribution', 20000, 't', 't');
        INSERT INTO sweep_charges VALUES (1, 1, '2026-01-17', 1), (1, 2, '2026-01-17', 2);
        INSERT INTO cash_entries (id, club_id, entry_date, member_id, kind, amount, reverses_id,
                                  recorded_by, recorded_at)
            VALUES (3, 1, '2026-01-18', 2, 'contribution', -20000, 2, 't', 't');
    """)
    before = conn.execute("SELECT * FROM cash_entries ORDER BY id").fetchall()
    conn.close()

    db = await Database.open(path)
    try:
        assert [tuple(r) for r in await db.fetchall(
            "SELECT * FROM cash_entries ORDER BY id")] == before
        assert [tuple(r) for r in await db.fetchall("SELECT * FROM sweep_charges")] == [
            (1, 1, "2026-01-17", 1)]
        assert await db.fetchall("PRAGMA foreign_key_check") == []
        # The rules still hold on the rebuilt table: a sweep charge stands
        # while its entry does, and a reversal releases it.
        with pytest.raises(sqlite3.IntegrityError, match="stands until"):
            async with db.transaction() as conn:
                await conn.execute("DELETE FROM sweep_charges")
        async with db.transaction() as conn:
            await conn.execute(
                "INSERT INTO cash_entries (club_id, entry_date, member_id, kind, amount, "
                "reverses_id, recorded_by, recorded_at) "
                "VALUES (1, ?, 1, 'contribution', -20000, 1, 't', 't')",
                (date(2026, 1, 19).isoformat(),))
        assert await db.fetchall("SELECT * FROM sweep_charges") == []
    finally:
        await db.close()
