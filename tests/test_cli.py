"""The command line as an operator uses it: import, export, chat tour, --club."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import openpyxl

from tests.conftest import SAMPLE


def run(config: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bot.cli", "--config", str(config), *args],
                          capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)


def make_config(tmp_path: Path) -> Path:
    config = tmp_path / "config.toml"
    config.write_text('[database]\npath = "club.db"\n', encoding="utf-8")
    return config


def test_chat_without_a_keyboard_plays_the_tour(tmp_path: Path):
    config = make_config(tmp_path)
    assert run(config, "import", str(SAMPLE)).returncode == 0
    tour = run(config, "chat")
    assert tour.returncode == 0, tour.stderr
    out = tour.stdout
    assert "Đã kết nối" in out
    assert "Tiết kiệm của" in out and " đ" in out
    assert "còn nợ gốc" in out
    assert "Họp CLB lần tới" in out and "âm lịch" in out
    assert "Traceback" not in out + tour.stderr


def test_import_twice_changes_nothing_the_second_time(tmp_path: Path):
    config = make_config(tmp_path)
    first = run(config, "import", str(SAMPLE))
    assert first.returncode == 0 and "60 thành viên" in first.stdout
    second = run(config, "import", str(SAMPLE))
    assert second.returncode == 0 and "không có gì mới" in second.stdout


def test_broken_workbook_is_refused_in_vietnamese(tmp_path: Path):
    config = make_config(tmp_path)
    book = openpyxl.load_workbook(SAMPLE)
    book["SoQuy"]["A5"] = "31/02/2026"
    broken = tmp_path / "broken.xlsx"
    book.save(broken)
    result = run(config, "import", str(broken))
    assert result.returncode == 1
    assert "SoQuy" in result.stderr and "dòng 5" in result.stderr
    assert "chưa có gì thay đổi" in result.stderr


def test_export_needs_club_when_there_are_several(tmp_path: Path):
    config = make_config(tmp_path)
    assert run(config, "import", str(SAMPLE)).returncode == 0
    book = openpyxl.load_workbook(SAMPLE)
    clb = book["CLB"]
    for row in clb.iter_rows(min_row=2):
        if row[0].value == "Tên CLB":
            row[1].value = "CLB Liên thế hệ thôn Bình An"
    second = tmp_path / "binh-an.xlsx"
    book.save(second)
    assert run(config, "import", str(second)).returncode == 0

    ambiguous = run(config, "export", str(tmp_path / "out.xlsx"))
    assert ambiguous.returncode == 2 and "--club" in ambiguous.stderr
    chosen = run(config, "export", str(tmp_path / "out.xlsx"), "--club", "binh an")
    assert chosen.returncode == 0, chosen.stderr
    exported = openpyxl.load_workbook(tmp_path / "out.xlsx")
    names = [r[1].value for r in exported["CLB"].iter_rows() if r[0].value == "Tên CLB"]
    assert names == ["CLB Liên thế hệ thôn Bình An"]


def test_missing_config_file_is_named(tmp_path: Path):
    result = run(tmp_path / "nope.toml", "chat")
    assert result.returncode == 2 and "nope.toml" in result.stderr
