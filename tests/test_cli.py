"""The command line as an operator uses it: import, export, chat tour, --club."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import openpyxl

from tests.conftest import SAMPLE, member


def run(config: Path, *args: str, typed: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bot.cli", "--config", str(config), *args],
                          capture_output=True, text=True, timeout=120, input=typed,
                          stdin=subprocess.DEVNULL if typed is None else None)


def make_config(tmp_path: Path) -> Path:
    config = tmp_path / "config.toml"
    config.write_text('[database]\npath = "club.db"\n', encoding="utf-8")
    return config


def test_chat_tour_plays_the_scripted_tour(tmp_path: Path):
    config = make_config(tmp_path)
    assert run(config, "import", str(SAMPLE)).returncode == 0
    tour = run(config, "chat", "--tour")
    assert tour.returncode == 0, tour.stderr
    out = tour.stdout
    assert "Đã kết nối" in out
    assert "Tiết kiệm của" in out and " đ" in out
    assert "còn nợ gốc" in out
    assert "Họp CLB lần tới" in out and "âm lịch" in out
    assert "Traceback" not in out + tour.stderr


def test_chat_reads_piped_input_one_turn_per_line(tmp_path: Path):
    config = make_config(tmp_path)
    assert run(config, "import", str(SAMPLE)).returncode == 0
    tv002 = member("TV002")
    # "1" taps the contact button; the line after it is the phone shared.
    chat = run(config, "chat", typed=f"1\n{tv002['phone']}\n\ntiet kiem\n2\n")
    assert chat.returncode == 0, chat.stderr
    out = chat.stdout
    assert "Xin chào" in out                                # the greeting first
    assert f"> 1 ({tv002['phone']})" in out and "Đã kết nối" in out
    assert "> tiet kiem" in out and "800.000 đ" in out
    assert "> 2" in out and "không có khoản vay nào" in out  # a numbered button tapped
    assert "Chạy thử tự động" not in out                    # no tour without --tour
    assert "Traceback" not in out + chat.stderr


def test_chat_with_nothing_piped_only_greets(tmp_path: Path):
    config = make_config(tmp_path)
    assert run(config, "import", str(SAMPLE)).returncode == 0
    chat = run(config, "chat")
    assert chat.returncode == 0, chat.stderr
    assert "Xin chào" in chat.stdout and "Chạy thử tự động" not in chat.stdout


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
