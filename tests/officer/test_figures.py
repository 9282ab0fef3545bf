"""The dashboard's figures: each one the report's own for the same period, and
PAR30 on a hand-made club (an installment 29 days late, another 31)."""

from __future__ import annotations

import asyncio
import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.cli import main
from club.dashboard import AMBER, GREEN, RED, arrange
from club.loans import Loan, RepaymentMethod, loan_status, overdue_beyond, schedule
from club.programme import parse_period, ratio
from storage import officers
from storage.database import Database
from storage.importer import import_workbook
from storage.programme.dashboard import ReadPool, dashboard_rows
from storage.programme.portfolio import portfolios
from tests.programme.conftest import write_book

from .conftest import NOW


def _config(tmp_path: Path, database: Path) -> Path:
    config = tmp_path / "config.toml"
    config.write_text(f'[database]\npath = "{database}"\n', encoding="utf-8")
    return config


@pytest.mark.parametrize("period_key", ["2026-H1", "2026"])
def test_each_dashboard_figure_is_the_reports(tmp_path, three_clubs_file, capsys,
                                              period_key):
    """The commune's report JSON (``ishc-bot report --commune``) and the
    dashboard's rows for the same period say the same thing, club by club."""
    config = _config(tmp_path, three_clubs_file)
    assert main(["--config", str(config), "report", "--period", period_key,
                 "--commune", "Xã Tân Lập", "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)

    async def read() -> dict:
        db = await Database.open(three_clubs_file)
        try:
            ids = await officers.club_ids_in(db, officers.parse_scope("commune:Xã Tân Lập"))
            return {r.club_id: r for r in await dashboard_rows(
                [db.fetchall], ids, parse_period(period_key), NOW.date())}
        finally:
            await db.close()

    rows = asyncio.run(read())
    assert sorted(rows) == sorted(c["club_id"] for c in report["clubs"]) and len(rows) == 2
    for club in report["clubs"]:
        row = rows[club["club_id"]]
        members = club["members"]
        assert row.club == club["club"] and row.commune == club["commune"]
        assert row.members == members["total"]
        assert row.women == ratio(members["women"], members["total"])
        assert row.older == ratio(members["aged_60_plus"], members["total"])
        assert row.areas == sum(1 for n in club["meetings"]["areas"].values() if n)
        assert row.fund == club["fund"]["capital"]
        assert row.borrowing == club["loans"]["share_borrowing"]
        assert row.visits == club["care"]["visits"]
        assert row.on_time == club["care"]["on_time"]
        assert row.flagged == club["care"]["flagged"]
        # The fund's light is the report's own indicator.
        fund = next(i for i in club["indicators"] if i["key"] == "fund")
        assert (row.lights["fund"] == GREEN) == fund["met"]
        borrowing = next(i for i in club["indicators"] if i["key"] == "share_borrowing")
        assert (row.lights["borrowing"] == GREEN) == borrowing["met"]


async def test_the_sample_club_on_the_dashboard(three_clubs):
    """The programme sample's row for 2026-H1, figure by figure, as the report's
    expected file states them."""
    from tests.programme.conftest import EXPECTED

    expected = EXPECTED["2026-H1"]
    rows = await dashboard_rows([three_clubs.fetchall], [1], parse_period("2026-H1"),
                                NOW.date())
    row = rows[0]
    assert row.members == expected["members"]["total"]
    assert row.fund == expected["fund"]["capital"]
    assert row.borrowing == expected["loans"]["share_borrowing"]
    assert row.women == ratio(expected["members"]["women"], expected["members"]["total"])
    assert row.visits == expected["care"]["visits"]


async def test_several_readers_give_the_same_rows(three_clubs):
    """The clubs split between read-only connections: the same rows as one."""
    pool = await ReadPool.open(three_clubs, 2)
    try:
        assert len(pool.fetchers) == 2
        period = parse_period("2026")
        split = await dashboard_rows(pool.fetchers, [1, 2, 3], period, NOW.date())
        whole = await dashboard_rows([three_clubs.fetchall], [1, 2, 3], period, NOW.date())
    finally:
        await pool.close()
    assert sorted(split, key=lambda r: r.club_id) == whole


# ---------------------------------------------------------------- PAR30 by hand

ON = date(2026, 11, 20)
PAR_SHEETS = {
    "CLB": [("Thông tin", "Giá trị"), ("Tên CLB", "CLB Trễ Hạn"), ("Xã/phường", "Xã Tân Lập"),
            ("Tỉnh/thành phố", "Hưng Yên"), ("Ngày họp hằng tháng", 20),
            ("Theo lịch", "dương lịch"), ("Giờ họp", "08:00"), ("Địa điểm họp", "Đình"),
            ("Đóng góp quỹ hằng tháng", 10000), ("Số dư quỹ đầu kỳ", 50_000_000)],
    "ThanhVien": [
        ("Mã TV", "Họ và tên", "Giới tính", "Năm sinh", "Điện thoại", "Tổ", "Chức vụ",
         "Tình nguyện viên", "Ngày vào CLB"),
        ("A", "Bà An", "Nữ", 1950, None, "1", "Chủ nhiệm", None, date(2020, 1, 1)),
        ("B", "Ông Ba", "Nam", 1955, None, "1", None, None, date(2020, 1, 1)),
        ("C", "Bà Cúc", "Nữ", 1952, None, "1", None, None, date(2020, 1, 1)),
    ],
    "KhoanVay": [
        ("Mã vay", "Mã TV", "Ngày giải ngân", "Số tiền", "Kỳ hạn (tháng)",
         "Lãi suất (%/tháng)", "Cách trả", "Mục đích"),
        # first installment due 22/10: 29 days late on 20/11, not at risk
        ("V29", "A", date(2026, 9, 22), 3_000_000, 6, 1, "gốc lãi hằng tháng", ""),
        # first installment due 20/10: 31 days late, at risk
        ("V31", "B", date(2026, 9, 20), 1_000_000, 6, 1, "gốc lãi hằng tháng", ""),
        # paid on time: owed, never at risk
        ("V00", "C", date(2026, 9, 20), 6_000_000, 6, 1, "gốc lãi hằng tháng", ""),
    ],
    "SoQuy": [
        ("Ngày", "Mã TV", "Loại", "Số tiền", "Mã vay", "Ghi chú"),
        (date(2026, 10, 20), "C", "trả gốc", 1_000_000, "V00", ""),
        (date(2026, 10, 20), "C", "trả lãi", 60_000, "V00", ""),
    ],
    "BuoiHop": [("Mã buổi", "Ngày", "Giờ", "Địa điểm", "Nội dung", "Hoạt động")],
    "DiemDanh": [("Mã buổi", "Mã TV", "Trạng thái")],
    "SucKhoe": [("Ngày", "Mã TV", "Huyết áp", "Cân nặng (kg)", "Ghi chú")],
    "LichKham": [("Ngày", "Giờ", "Nội dung", "Địa điểm")],
}


async def test_par30_counts_a_loan_31_days_late_and_not_one_29(tmp_path):
    db = await Database.open(tmp_path / "par.db")
    try:
        result = await import_workbook(db, write_book(PAR_SHEETS, tmp_path / "par.xlsx"),
                                       actor="test", now=NOW)
        found = (await portfolios(db.fetchall, [result.club_id], ON))[result.club_id]
        # What the members' own screens say of the two late loans, that very day.
        v29 = Loan("V29", 3_000_000, date(2026, 9, 22), 6, 10_000, RepaymentMethod.DECLINING)
        v31 = Loan("V31", 1_000_000, date(2026, 9, 20), 6, 10_000, RepaymentMethod.DECLINING)
        assert loan_status(v29, 0, 0, ON).days_overdue == 29
        assert loan_status(v31, 0, 0, ON).days_overdue == 31
        assert found.outstanding == 3_000_000 + 1_000_000 + 5_000_000
        assert found.at_risk == 1_000_000 and found.loans_at_risk == 1
        rows = await dashboard_rows([db.fetchall], [result.club_id], parse_period("2026"),
                                    ON)
        assert rows[0].par30 == ratio(1_000_000, 9_000_000) == 0.111
        assert rows[0].lights["par30"] == RED
        # A day earlier the same loan is 30 days late: not yet at risk.
        earlier = (await portfolios(db.fetchall, [result.club_id],
                                    ON - timedelta(days=1)))[result.club_id]
        assert earlier.at_risk == 0
    finally:
        await db.close()


_LOANS = st.builds(
    lambda amount, day, term, rate, method: Loan("X", amount, day, term, rate, method),
    st.integers(100_000, 50_000_000),
    st.dates(date(2024, 1, 1), date(2026, 12, 31)),
    st.integers(1, 24),
    st.integers(0, 20_000),
    st.sampled_from(list(RepaymentMethod)))


@settings(max_examples=300, deadline=None)
@given(loan=_LOANS, paid_installments=st.integers(0, 24), short=st.integers(0, 2),
       interest_short=st.booleans(), days_after=st.integers(-40, 800),
       threshold=st.sampled_from([0, 1, 29, 30, 31, 90]))
def test_the_fast_arrears_check_agrees_with_the_members_screen(
        loan, paid_installments, short, interest_short, days_after, threshold):
    """overdue_beyond (the dashboard's, no schedule built) and loan_status (the
    member's) agree on every loan, payment and day."""
    plan = schedule(loan)
    paid = plan[:min(paid_installments, len(plan))]
    principal = max(0, sum(i.principal for i in paid) - short * 1000)
    interest = max(0, sum(i.interest for i in paid) - (1 if interest_short else 0))
    today = loan.disbursed + timedelta(days=days_after)
    status = loan_status(loan, principal, interest, today)
    assert overdue_beyond(loan, principal, interest, today, threshold) == (
        status.days_overdue > threshold)


def test_sorting_by_par30_puts_the_worst_first():
    from club.dashboard import Row

    def row(club_id: int, par30: float | None) -> Row:
        return Row(club_id, f"CLB {club_id}", "Xã", "Tỉnh", 10, 0.6, 0.6, 3, True, 8,
                   60_000_000, 0.6, par30, 1 if par30 is not None else 0, 2, 2, 0,
                   date(2026, 10, 1), {"par30": GREEN})

    rows = [row(1, 0.02), row(2, None), row(3, 0.4), row(4, 0.07)]
    assert [r.club_id for r in arrange(rows, sort="par30")] == [3, 4, 1, 2]
    assert [r.club_id for r in arrange(rows, sort="par30", descending=False)] == [2, 1, 4, 3]
    assert AMBER != RED


def test_home_visits_are_lit_by_the_share_made_on_time():
    from club.dashboard import Row, lights

    def row(visits: int, on_time: int) -> Row:
        return Row(1, "CLB 1", "Xã", "Tỉnh", 10, 0.6, 0.6, 3, True, 8, 60_000_000, 0.6,
                   None, 0, visits, on_time, 0, date(2026, 10, 1))

    on = date(2026, 11, 27)
    assert lights(row(10, 9), on)["visits"] == GREEN   # 90% on time
    assert lights(row(10, 6), on)["visits"] == AMBER   # 60%
    assert lights(row(10, 4), on)["visits"] == RED     # 40%
    assert lights(row(0, 0), on)["visits"] == AMBER    # none at all: look, not alarm
