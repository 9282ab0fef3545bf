"""``ishc-bot meeting …``: an operator moves or cancels one meeting from the
command line; reminders follow at once."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

from club.calendar import MeetingRule, format_date, next_meeting
from handlers.context import vietnam_now
from tests.conftest import SAMPLE

RULE = MeetingRule(day=17, lunar=False, time=None, place="")   # the sample club: the 17th


def run(config: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bot.cli", "--config", str(config), *args],
                          capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)


def setup(tmp_path: Path) -> tuple[Path, Path]:
    config = tmp_path / "config.toml"
    # A reminder 40 days ahead falls due at once for the next meeting, whatever today is.
    config.write_text('[database]\npath = "club.db"\n\n[reminders]\nmeeting_before = ["40d"]\n',
                      encoding="utf-8")
    assert run(config, "import", str(SAMPLE)).returncode == 0
    db = tmp_path / "club.db"
    with sqlite3.connect(db) as conn:
        for account, code in (("501", "TV005"), ("502", "TV006")):
            mid = conn.execute("SELECT id FROM members WHERE code = ?", (code,)).fetchone()[0]
            conn.execute("INSERT INTO chat_accounts VALUES ('telegram', ?, ?, '2026-01-01')",
                         (account, mid))
            conn.execute("INSERT INTO chat_links VALUES ('telegram', ?, ?, 'contact', "
                         "'2026-01-01', 0)", (account, mid))
    return config, db


def upcoming() -> date:
    now = vietnam_now()
    day = next_meeting(RULE, now)
    return day if day > now.date() else next_meeting(RULE, now + timedelta(days=1))


def test_move_then_cancel_from_the_command_line(tmp_path: Path):
    config, db = setup(tmp_path)
    regular = upcoming()
    with sqlite3.connect(db) as conn:   # a reminder of the old date, still waiting
        conn.execute(
            "INSERT INTO outbox (dedup_key, channel, account_id, kind, text, due_at, created_at, "
            "event_key) VALUES ('old', 'telegram', '501', 'reminder', 'cũ', '2099-01-01', "
            "'2026-01-01', ?)", (f"meeting:1:{regular.isoformat()}",))
    new_day = regular + timedelta(days=2)
    moved = run(config, "meeting", "move", format_date(regular), "--to",
                f"{format_date(new_day)} 09:30")
    assert moved.returncode == 0, moved.stderr
    assert f"{format_date(new_day)}, lúc 09:30" in moved.stdout

    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT state FROM outbox WHERE dedup_key = 'old'").fetchone() == \
            ("cancelled",)
        planned = conn.execute(
            "SELECT account_id, text FROM outbox WHERE state = 'pending' AND event_key = ?",
            (f"meeting:1:{regular.isoformat()}",)).fetchall()
        actor = conn.execute("SELECT actor FROM audit_log WHERE action = 'meeting_move'")
        assert actor.fetchone() == ("cli:meeting",)
    assert sorted(a for a, _ in planned) == ["501", "502"]
    assert all("đã dời sang" in t and "09:30" in t for _, t in planned)

    listing = run(config, "meeting", "list")
    assert f"{format_date(new_day)}, lúc 09:30 (đã dời)" in listing.stdout
    # The moved meeting is found by its new date too.
    cancelled = run(config, "meeting", "cancel", format_date(new_day))
    assert cancelled.returncode == 0, cancelled.stderr
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM outbox WHERE state = 'pending'").fetchone() \
            == (0,)
    assert "(đã hủy)" in run(config, "meeting", "list").stdout


def test_mistakes_are_explained_and_change_nothing(tmp_path: Path):
    config, db = setup(tmp_path)
    regular = upcoming()
    wrong_day = run(config, "meeting", "cancel", format_date(regular + timedelta(days=1)))
    assert wrong_day.returncode == 1
    assert "không có buổi họp nào ngày" in wrong_day.stderr
    assert format_date(regular) in wrong_day.stderr      # the coming meetings are listed
    unreadable = run(config, "meeting", "move", format_date(regular), "--to", "mai")
    assert unreadable.returncode == 2 and "Không đọc được «mai»" in unreadable.stderr
    too_far = run(config, "meeting", "move", format_date(regular), "--to",
                  f"{format_date(regular + timedelta(days=60))} 9:00")
    assert too_far.returncode == 1 and "45 ngày" in too_far.stderr
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM meeting_changes").fetchone() == (0,)


def test_several_clubs_need_club(tmp_path: Path):
    config, db = setup(tmp_path)
    with sqlite3.connect(db) as conn:
        conn.execute("INSERT INTO clubs (name, meeting_day) VALUES ('CLB Thử nghiệm', 5)")
    assert run(config, "meeting", "list").returncode == 2
    listing = run(config, "meeting", "list", "--club", "dong hoa")
    assert listing.returncode == 0 and "Đông Hòa" in listing.stdout
