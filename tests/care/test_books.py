"""Home care in the books: "Hoàn cảnh" and ThamHoi round-trip through export and
import with what was done in chat (a reversed visit counts for nothing), and the
report's care figures."""

from __future__ import annotations

import openpyxl

from club.programme import parse_period
from storage import Database
from storage.exporter import export_club
from storage.importer import import_workbook
from storage.programme.report import club_report_of
from tests.board.two_clubs import data_of, snapshot
from tests.conftest import AS_OF, member

from .conftest import VOLUNTEER, assign, member_id


async def _visit(db: Database, club: int, code: str, day: str, status: str = "ok",
                 volunteer: str = "TV005") -> int:
    async with db.transaction() as conn:
        cur = await conn.execute(
            "INSERT INTO home_visits (club_id, visited_on, member_id, volunteer_id, status) "
            "VALUES (?, ?, (SELECT id FROM members WHERE code = ?), "
            "(SELECT id FROM members WHERE code = ?), ?)", (club, day, code, volunteer, status))
        return int(cur.lastrowid or 0)


async def _reverse(db: Database, club: int, visit: int) -> None:
    async with db.transaction() as conn:
        await conn.execute("INSERT INTO home_visit_reversals VALUES (?, ?, 'nhầm', 'test', ?)",
                           (visit, club, "2026-12-14T09:00:00"))


async def test_hoan_canh_and_tham_hoi_round_trip_with_chat_changes(chat, tmp_path):
    db = chat.db
    await assign(chat, "TV007", "TV005")
    [listed] = await chat.say(VOLUNTEER, "tham hoi")
    asked = await chat.tap(VOLUNTEER, data_of([listed], member("TV007")["name"]))
    [saved] = await chat.tap(VOLUNTEER, data_of(asked, "Cần hỗ trợ"))
    [undo] = await chat.tap(VOLUNTEER, data_of([saved], "Ghi nhầm"))
    [again] = await chat.tap(VOLUNTEER, data_of([undo], "Hủy lần này"))
    await chat.tap(VOLUNTEER, data_of([again], "Ổn"))
    club = (await db.fetchone("SELECT id FROM clubs"))[0]
    path = tmp_path / "export.xlsx"
    await export_club(db, club, path)
    book = openpyxl.load_workbook(path)
    roster = list(book["ThanhVien"].values)
    column = roster[0].index("Hoàn cảnh")
    assert [r[column] for r in roster if r[0] == "TV007"] == ["cần chăm sóc tại nhà"]
    visits = list(book["ThamHoi"].values)
    assert [r[1:4] for r in visits[1:]] == [("TV007", "TV005", "ổn")]  # the reversed one is gone
    # Into a fresh database: the same circumstances and the visit that stands.
    fresh = await Database.open(tmp_path / "fresh.db")
    try:
        await import_workbook(fresh, path, actor="test", now=AS_OF)
        for one in (db, fresh):
            assert (await one.fetchone(
                "SELECT circumstances FROM members WHERE code = 'TV007'"))[0] == \
                "cần chăm sóc tại nhà"
        got = await fresh.fetchall(
            "SELECT v.visited_on, m.code, w.code, v.status FROM home_visits v "
            "JOIN members m ON m.id = v.member_id JOIN members w ON w.id = v.volunteer_id")
        assert [tuple(r) for r in got] == [("2026-11-20", "TV007", "TV005", "ok")]
    finally:
        await fresh.close()
    # Into the database it came from: not one row changes.
    before = await snapshot(db)
    result = await import_workbook(db, path, actor="test", now=AS_OF)
    assert not result.changed
    assert await snapshot(db) == before


async def test_the_reports_care_figures(chat):
    db = chat.db
    await assign(chat, "TV007", "TV005")  # 20/11, every 2 weeks: due 04/12
    club = (await db.fetchone("SELECT id FROM clubs"))[0]
    await _visit(db, club, "TV007", "2026-11-25")                    # due 04/12: on time
    await _visit(db, club, "TV007", "2026-12-12", "alert_health")    # due 09/12: late
    await _reverse(db, club, await _visit(db, club, "TV007", "2026-12-13"))  # counts for nothing
    await _visit(db, club, "TV010", "2026-12-01", volunteer="TV027")  # no plan, first: on time
    report = await club_report_of(db.conn.execute_fetchall, parse_period("2026"), club)
    assert report["care"] == {"visits": 3, "flagged": 1, "members_covered": 2, "on_time": 2}
    assert await member_id(db, "TV007")
