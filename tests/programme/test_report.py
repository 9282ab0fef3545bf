"""The programme's report: every figure of the sample's report.json through
``ishc-bot report --format json``, and each definition's edge on a hand-made club."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from bot.cli import main
from club.programme import current_period, parse_period, ratio
from storage.programme.figures import fund_position_of
from storage.programme.report import club_report_of, commune_report

from .conftest import EXPECTED


def _config(tmp_path: Path, database: Path) -> Path:
    config = tmp_path / "config.toml"
    config.write_text(f'[database]\npath = "{database}"\n', encoding="utf-8")
    return config


def _assert_figures(report: dict, expected: dict) -> None:
    """Every figure the expected file states, key by key (the report may say more)."""
    for section, figures in expected.items():
        if isinstance(figures, dict):
            for key, value in figures.items():
                assert report[section][key] == value, f"{section}.{key}"
        else:
            assert report[section] == figures, section


def test_the_sample_6_month_report_through_the_command(tmp_path, programme_file):
    """A real `ishc-bot report` process, its JSON on standard output."""
    done = subprocess.run(
        [sys.executable, "-m", "bot.cli", "--config", str(_config(tmp_path, programme_file)),
         "report", "--period", "2026-H1", "--format", "json"],
        capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    _assert_figures(report, EXPECTED["2026-H1"])
    assert report["club"] == "CLB Liên thế hệ tự giúp nhau thôn Đông Hòa"


@pytest.mark.parametrize("period", ["2026-H1", "2026"])
def test_every_figure_of_the_sample_for_both_periods(tmp_path, programme_file, period):
    out = tmp_path / "report.json"
    assert main(["--config", str(_config(tmp_path, programme_file)), "report",
                 "--period", period, "--format", "json", "--out", str(out)]) == 0
    report = json.loads(out.read_text(encoding="utf-8"))
    _assert_figures(report, EXPECTED[period])
    # The areas add up to what the meetings covered, and the indicators are all there.
    assert sum(report["meetings"]["areas"].values()) >= report["meetings"]["held"]
    assert [i["key"] for i in report["indicators"]] == [
        "fund", "share_borrowing", "meetings_monthly", "all_8_areas", "women_share",
        "older_share", "checkups", "board_trained"]


def test_the_sample_against_the_targets(tmp_path, programme_file):
    out = tmp_path / "report.json"
    main(["--config", str(_config(tmp_path, programme_file)), "report", "--period", "2026-H1",
          "--out", str(out)])
    met = {i["key"]: (i["value"], i["met"]) for i in json.loads(out.read_text())["indicators"]}
    assert met == {
        "fund": (109_139_833, True),
        "share_borrowing": (0.217, False),
        "meetings_monthly": (6, True),
        "all_8_areas": (8, True),
        "women_share": (0.683, True),
        "older_share": (0.667, True),
        "checkups": (1, True),
        "board_trained": (1, True),   # the secretary, trained on 20/01/2026
    }


def test_periods_follow_the_decree():
    assert (parse_period("2026-H1").start, parse_period("2026-H1").end) == (
        date(2025, 12, 15), date(2026, 6, 14))
    assert (parse_period("2026").start, parse_period("2026").end) == (
        date(2025, 12, 15), date(2026, 12, 14))
    assert parse_period("2026-H1").months == 6 and parse_period("2026").months == 12
    assert current_period(date(2026, 6, 14)).key == "2026-H1"
    assert current_period(date(2026, 6, 15)).key == "2026"
    assert current_period(date(2026, 12, 15)).key == "2027-H1"
    with pytest.raises(ValueError):
        parse_period("2026-H3")


# ---------------------------------------------------------------- the hand-made club's edges

EDGE_H1 = {
    "period": {"from": "2025-12-15", "to": "2026-06-14"},
    # C joined on 15/06, the day after: not a member yet; B is exactly 60.
    "members": {"total": 3, "women": 2, "aged_60_plus": 2, "women_aged_60_plus": 1},
    # Meetings on the first and the last day count; the days either side do not.
    "meetings": {"held": 2, "all_8_areas": 1,
                 "areas": {"1": 1, "2": 2, "3": 1, "4": 1, "5": 1, "6": 1, "7": 1, "8": 1}},
    "attendance": {"rate": 0.667, "present": 4, "marks": 6},
    # V1 repaid the day before: not borrowing; V2 repaid on the first day: was
    # owed that morning; V3 lent on the last day.
    "loans": {"members_borrowing": 2, "share_borrowing": 0.667, "disbursed": 2_000_000,
              "outstanding_principal": 2_000_000, "interest_received": 15_000},
    # The deposit of 01/12 reversed on 10/01: gone.
    "savings": {"balance": 200_000},
    # E's contribution reversed the next day: gone; the grant of the last day counts.
    "fund": {"contributions": 20_000, "grants": 2_000_000, "spending": 150_000,
             "capital": 1_000_000 + 20_000 + 2_000_000 + 40_000 - 150_000,
             "cash": 2_910_000 + 200_000 - 2_000_000},
    # A's last reading in the period is normal; B has only a weight; E's
    # reading of the last day is high by its diastolic.
    "health": {"members_with_reading": 3, "high_bp_members": 1, "examined": 2},
    "care": {"visits": 2, "flagged": 1},
}

EDGE_YEAR = {
    "members": {"total": 4, "women": 3, "aged_60_plus": 2, "women_aged_60_plus": 1},
    "meetings": {"held": 3, "all_8_areas": 1},
    "attendance": {"rate": 0.714},
    "loans": {"members_borrowing": 3, "share_borrowing": 0.75, "disbursed": 6_000_000,
              "outstanding_principal": 6_000_000, "interest_received": 15_000},
    "savings": {"balance": 200_000},
    "fund": {"contributions": 30_000, "grants": 11_000_000, "spending": 150_000,
             "capital": 11_920_000, "cash": 6_120_000},
    "health": {"members_with_reading": 3, "high_bp_members": 2, "examined": 3},
    "care": {"visits": 3, "flagged": 2},
}


async def test_each_definition_at_its_edge(edge_db):
    report = await club_report_of(edge_db.fetchall, parse_period("2026-H1"), 1)
    _assert_figures(report, EDGE_H1)
    met = {i["key"]: i["met"] for i in report["indicators"]}
    assert met == {"fund": False, "share_borrowing": True, "meetings_monthly": False,
                   "all_8_areas": True, "women_share": True, "older_share": True,
                   "checkups": True, "board_trained": False}


async def test_the_same_club_over_the_year(edge_db):
    report = await club_report_of(edge_db.fetchall, parse_period("2026"), 1)
    _assert_figures(report, EDGE_YEAR)
    assert {i["key"]: i["met"] for i in report["indicators"]}["board_trained"] is True


async def test_the_fund_position_is_the_reports(edge_db):
    """The board's screens and the loan check read the fund through the same sums."""
    report = await club_report_of(edge_db.fetchall, parse_period("2026-H1"), 1)
    fund = await fund_position_of(edge_db.fetchall, 1, date(2026, 6, 14))
    assert (fund.capital, fund.cash, fund.on_loan, fund.savings) == (
        report["fund"]["capital"], report["fund"]["cash"],
        report["loans"]["outstanding_principal"], report["savings"]["balance"])


async def test_a_commune_adds_its_clubs_up(edge_db, programme_file):
    from storage.importer import import_workbook

    from .conftest import NOW, PROGRAMME
    await import_workbook(edge_db, PROGRAMME, actor="test", now=NOW)
    period = parse_period("2026-H1")
    report = await commune_report(edge_db.fetchall, period, "xa tan lap")
    assert report["scope"] == "Xã Tân Lập"
    assert [c["club"] for c in report["clubs"]] == [
        "CLB Bờ Rìa", "CLB Liên thế hệ tự giúp nhau thôn Đông Hòa"]
    totals = report["totals"]
    assert totals["clubs"] == 2
    assert totals["members"]["total"] == 3 + 60
    assert totals["fund"]["capital"] == 2_910_000 + 109_139_833
    # A rate of the commune is worked out from the summed marks, not averaged.
    present, marks = (sum(c["attendance"][k] for c in report["clubs"])
                      for k in ("present", "marks"))
    assert (totals["attendance"]["present"], totals["attendance"]["marks"]) == (present, marks)
    assert totals["attendance"]["rate"] == ratio(present, marks)
    targets = {t["key"]: (t["clubs_met"], t["share"]) for t in report["targets"]}
    assert targets["fund"] == (1, 0.5)
    assert targets["women_share"] == (2, 1.0)
    assert targets["board_trained"] == (1, 0.5)
    nobody = await commune_report(edge_db.fetchall, period, "Xã Khác")
    assert nobody["clubs"] == []


async def test_a_period_given_by_dates(edge_db):
    from club.programme import custom

    period = custom(date(2026, 6, 14), date(2026, 6, 15))
    report = await club_report_of(edge_db.fetchall, period, 1)
    assert report["period"] == {"from": "2026-06-14", "to": "2026-06-15",
                                "key": "2026-06-14..2026-06-15"}
    assert report["meetings"]["held"] == 2          # the last day of H1 and the next
    assert report["members"]["total"] == 4          # C joined on the 15th
    assert report["fund"]["grants"] == 11_000_000
    assert period.title == "từ 14/06/2026 đến 15/06/2026"
    # A meeting a month: a span shorter than a month still asks for one.
    assert period.months == 1
