"""Fixtures for the programme's books and report: the programme sample imported
once per session, and a small hand-made club whose rows sit on every edge of
the report's definitions."""

from __future__ import annotations

import asyncio
import json
import shutil
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from storage.cashbook import NewEntry, record
from storage.database import Database
from storage.importer import import_workbook

DATA = Path(__file__).parents[1] / "data"
PROGRAMME = DATA / "clb-dong-hoa-programme.xlsx"
EXPECTED = json.loads((DATA / "clb-dong-hoa-programme.report.json").read_text(encoding="utf-8"))
NOW = datetime(2026, 11, 20, 9, 0)


@pytest.fixture(scope="session")
def programme_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("programme") / "club.db"

    async def build() -> None:
        db = await Database.open(path)
        await import_workbook(db, PROGRAMME, actor="test", now=NOW)
        await db.close()

    asyncio.run(build())
    return path


@pytest.fixture
def programme_file(tmp_path: Path, programme_template: Path) -> Path:
    path = tmp_path / "club.db"
    shutil.copyfile(programme_template, path)
    return path


@pytest.fixture
async def programme_db(programme_file: Path):
    db = await Database.open(programme_file)
    yield db
    await db.close()


# ---------------------------------------------------------------- the hand-made club

D = date
EDGE_SHEETS: dict[str, list[tuple[Any, ...]]] = {
    "CLB": [("Thông tin", "Giá trị"), ("Tên CLB", "CLB Bờ Rìa"), ("Xã/phường", "Xã Tân Lập"),
            ("Tỉnh/thành phố", "Hưng Yên"), ("Ngày họp hằng tháng", 15),
            ("Theo lịch", "dương lịch"), ("Giờ họp", "08:00"), ("Địa điểm họp", "Đình làng"),
            ("Đóng góp quỹ hằng tháng", 10000), ("Số dư quỹ đầu kỳ", 1_000_000)],
    "ThanhVien": [
        ("Mã TV", "Họ và tên", "Giới tính", "Năm sinh", "Điện thoại", "Tổ", "Chức vụ",
         "Tình nguyện viên", "Ngày vào CLB"),
        # 2026 − 1950 = 76: older
        ("A", "Bà An", "Nữ", 1950, None, "1", "Chủ nhiệm", None, D(2020, 1, 1)),
        # 2026 − 1966 = 60: older, just
        ("B", "Ông Bình", "Nam", 1966, None, "1", None, "x", D(2020, 1, 1)),
        # joins the day after the 6-month period ends
        ("C", "Chị Chi", "Nữ", 1990, None, "1", None, None, D(2026, 6, 15)),
        # 2026 − 1967 = 59: not yet older
        ("E", "Bà Em", "Nữ", 1967, None, "1", None, None, None),
    ],
    "KhoanVay": [
        ("Mã vay", "Mã TV", "Ngày giải ngân", "Số tiền", "Kỳ hạn (tháng)",
         "Lãi suất (%/tháng)", "Cách trả", "Mục đích"),
        # repaid in full the day before the period began: not borrowing in it
        ("V1", "A", D(2025, 6, 1), 5_000_000, 6, 0.5, "lãi hằng tháng, gốc cuối kỳ", ""),
        # repaid in full on the period's first day: still owed that morning
        ("V2", "B", D(2025, 11, 1), 3_000_000, 6, 0.5, "lãi hằng tháng, gốc cuối kỳ", ""),
        # lent on the period's last day
        ("V3", "E", D(2026, 6, 14), 2_000_000, 6, 0.5, "lãi hằng tháng, gốc cuối kỳ", ""),
        # lent after it
        ("V4", "C", D(2026, 7, 1), 4_000_000, 6, 0.5, "lãi hằng tháng, gốc cuối kỳ", ""),
    ],
    "SoQuy": [
        ("Ngày", "Mã TV", "Loại", "Số tiền", "Mã vay", "Ghi chú"),
        (D(2025, 12, 14), "A", "trả gốc", 5_000_000, "V1", ""),
        (D(2025, 12, 14), "A", "trả lãi", 25_000, "V1", ""),      # before: not in the period
        (D(2025, 12, 15), "B", "trả gốc", 3_000_000, "V2", ""),
        (D(2025, 12, 15), "B", "trả lãi", 15_000, "V2", ""),      # first day: in
        (D(2025, 12, 1), "A", "gửi tiết kiệm", 300_000, None, ""),  # reversed in the period
        (D(2025, 12, 15), "A", "gửi tiết kiệm", 200_000, None, ""),
        (D(2026, 3, 15), "A", "đóng góp quỹ", 10_000, None, ""),
        (D(2026, 3, 15), "B", "đóng góp quỹ", 10_000, None, ""),
        (D(2026, 3, 15), "E", "đóng góp quỹ", 10_000, None, ""),  # reversed in the period
        (D(2026, 6, 14), None, "nhận hỗ trợ", 2_000_000, None, "Hội NCT huyện"),
        (D(2026, 6, 15), None, "nhận hỗ trợ", 9_000_000, None, "Sau kỳ"),
        (D(2026, 1, 10), None, "chi hoạt động", 150_000, None, "Văn nghệ"),
        (D(2026, 7, 1), "C", "đóng góp quỹ", 10_000, None, ""),
    ],
    "BuoiHop": [
        ("Mã buổi", "Ngày", "Giờ", "Địa điểm", "Nội dung", "Hoạt động"),
        ("H0", D(2025, 12, 14), "08:00", "", "Trước kỳ", "1, 2, 3, 4, 5, 6, 7, 8"),
        ("H1", D(2025, 12, 15), "08:00", "", "Ngày đầu kỳ", "1, 2, 3, 4, 5, 6, 7, 8"),
        ("H2", D(2026, 6, 14), "08:00", "", "Ngày cuối kỳ", "2"),
        ("H3", D(2026, 6, 15), "08:00", "", "Sau kỳ", "3"),
    ],
    "DiemDanh": [
        ("Mã buổi", "Mã TV", "Trạng thái"),
        ("H0", "A", "vắng"),
        ("H1", "A", "có mặt"), ("H1", "B", "có mặt"), ("H1", "E", "vắng"),
        ("H2", "A", "có mặt"), ("H2", "B", "có phép"), ("H2", "E", "có mặt"),
        ("H3", "C", "có mặt"),
    ],
    "SucKhoe": [
        ("Ngày", "Mã TV", "Huyết áp", "Cân nặng (kg)", "Ghi chú"),
        (D(2026, 1, 10), "A", "150/95", None, ""),
        (D(2026, 5, 10), "A", "130/80", None, ""),   # A's last in the period: not high
        (D(2026, 6, 20), "A", "170/100", None, ""),  # after the period
        (D(2025, 12, 10), "B", "160/100", None, ""),  # before it
        (D(2026, 2, 1), "B", None, 60, ""),          # a weight, no blood pressure
        (D(2026, 6, 14), "E", "120/91", None, ""),   # last day, diastolic high
    ],
    "LichKham": [
        ("Ngày", "Giờ", "Nội dung", "Địa điểm"),
        (D(2026, 3, 15), "07:30", "Khám định kỳ", "Trạm y tế"),
        (D(2026, 6, 20), "07:30", "Khám định kỳ", "Trạm y tế"),
    ],
    "ThamHoi": [
        ("Ngày", "Mã TV", "Tình nguyện viên", "Tình trạng", "Ghi chú"),
        (D(2025, 12, 14), "E", "B", "cần báo y tế", ""),
        (D(2025, 12, 15), "E", "B", "cần báo y tế", ""),
        (D(2026, 6, 14), "E", "B", "ổn", ""),
        (D(2026, 6, 15), "E", "B", "cần báo y tế", ""),
    ],
    "DuKham": [("Ngày", "Mã TV"), (D(2026, 3, 15), "A"), (D(2026, 3, 15), "B"),
               (D(2026, 6, 20), "E")],
    "TapHuan": [("Ngày", "Mã TV", "Nội dung"), (D(2026, 7, 20), "A", "Quản lý CLB")],
}


def write_book(sheets: dict[str, list[tuple[Any, ...]]], path: Path) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(list(row))
    book.save(path)
    return path


async def _reverse(db: Database, club_id: int, member_code: str, kind: str,
                   entry_date: str, on: date) -> None:
    row = await db.fetchone(
        "SELECT e.id, e.member_id, e.amount FROM cash_entries e JOIN members m "
        "ON m.id = e.member_id WHERE e.club_id = ? AND m.code = ? AND e.kind = ? "
        "AND e.entry_date = ?", (club_id, member_code, kind, entry_date))
    await record(db, NewEntry(club_id=club_id, member_id=row[1], kind=kind, amount=-row[2],
                              entry_date=on, reverses_id=row[0]),
                 actor="test", now=datetime.combine(on, datetime.min.time()))


@pytest.fixture
async def edge_db(tmp_path: Path):
    """The hand-made club, with two entries reversed on days inside the 6-month period."""
    db = await Database.open(tmp_path / "edge.db")
    result = await import_workbook(db, write_book(EDGE_SHEETS, tmp_path / "edge.xlsx"),
                                   actor="test", now=NOW)
    await _reverse(db, result.club_id, "A", "deposit", "2025-12-01", D(2026, 1, 10))
    await _reverse(db, result.club_id, "E", "contribution", "2026-03-15", D(2026, 3, 16))
    yield db
    await db.close()
