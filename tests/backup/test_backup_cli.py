"""``ishc-bot backup`` and ``restore`` as an operator runs them, against a
database that a running bot is writing, and the nightly backup of ``[backup]``."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import stat
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from bot.backup import nightly_backup
from bot.cli import main
from bot.config import load_settings
from storage import Database, run_lock
from storage import backup as store
from storage.exporter import export_club
from tests.backup.support import NOW, Writer, cli, integrity, workbook_values, writer_batches


def _main(capsys: pytest.CaptureFixture[str], config: Path, *args: str) -> tuple[int, str, str]:
    """The command in this process (same code as the console script), for its words."""
    code = main(["--config", str(config), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


async def _cli(config: Path, *args: str) -> tuple[int, str, str]:
    """The command as a real process, while this process's event loop keeps running."""
    child = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.cli", "--config", str(config), *args,
        stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE)
    out, err = await asyncio.wait_for(child.communicate(), timeout=120)
    return child.returncode or 0, out.decode(), err.decode()


async def test_backup_while_the_bot_writes_gives_a_checked_whole_copy(club_db: Path,
                                                                       tmp_path: Path):
    config = tmp_path / "config.toml"
    db = await Database.open(club_db)   # the running bot: its connection and its writes
    lock = run_lock.acquire(club_db)
    writer = Writer(db)
    task = asyncio.create_task(writer.run())
    try:
        spans = []
        for n in range(2):
            before = writer.batches
            code, out, err = await _cli(config, "backup", str(tmp_path / f"copy-{n}.db"))
            assert code == 0, err
            spans.append((before, writer.batches))
            assert "Đã sao lưu" in out and "kiểm tra toàn vẹn: tốt" in out
            assert "60 thành viên" in out
    finally:
        writer.stop.set()
        await task
        lock.release()
        await db.close()
    for n, (before, after) in enumerate(spans):
        copy = tmp_path / f"copy-{n}.db"
        assert after > before  # the bot went on writing while the copy was taken
        assert integrity(copy) == "ok"
        assert before <= writer_batches(copy) <= after
        assert stat.S_IMODE(copy.stat().st_mode) == 0o600


async def test_backup_then_restore_gives_the_same_export_as_at_backup_time(club_db: Path,
                                                                           tmp_path: Path):
    config = tmp_path / "config.toml"
    db = await Database.open(club_db)   # the bot runs while the backup is taken
    lock = run_lock.acquire(club_db)
    try:
        club_id = (await db.fetchone("SELECT id FROM clubs"))[0]
        await export_club(db, club_id, tmp_path / "at-backup.xlsx")
        code, _, err = await _cli(config, "backup", str(tmp_path / "saved.db"))
        assert code == 0, err
        await Writer(db).write(4)       # the books move on after the backup
        await export_club(db, club_id, tmp_path / "changed.xlsx")
    finally:
        lock.release()
        await db.close()                # the bot is stopped for the restore

    restored = cli(config, "restore", str(tmp_path / "saved.db"))
    assert restored.returncode == 0, restored.stderr
    assert "Đã khôi phục" in restored.stdout and "club.db.replaced-" in restored.stdout
    after = cli(config, "export", str(tmp_path / "after-restore.xlsx"))
    assert after.returncode == 0, after.stderr

    at_backup = workbook_values(tmp_path / "at-backup.xlsx")
    assert workbook_values(tmp_path / "after-restore.xlsx") == at_backup
    assert workbook_values(tmp_path / "changed.xlsx") != at_backup  # the check can fail
    kept = next(tmp_path.glob("club.db.replaced-*"))
    assert writer_batches(kept) == 4    # what the restore replaced is kept, whole


async def test_restore_refuses_while_the_bot_runs(club_db: Path, tmp_path: Path):
    config = tmp_path / "config.toml"
    saved = tmp_path / "saved.db"
    store.backup(club_db, saved)
    db = await Database.open(club_db)
    lock = run_lock.acquire(club_db)    # what `ishc-bot run` holds while it runs
    try:
        before = await db.fetchone("SELECT count(*) FROM cash_entries")
        code, out, err = await _cli(config, "restore", str(saved))
        assert code != 0
        assert "Bot đang chạy" in err and f"tiến trình {os.getpid()}" in err
        assert "systemctl stop ishc-bot" in err
        assert "Traceback" not in out + err and len(err.strip().splitlines()) <= 2
        assert await db.fetchone("SELECT count(*) FROM cash_entries") == before
    finally:
        lock.release()
        await db.close()
    assert not list(tmp_path.glob("club.db.replaced-*"))


@pytest.mark.parametrize("content, says", [
    ("not a database at all\n" * 50, "không phải tệp sao lưu SQLite; chưa khôi phục gì"),
    (None, "Không thấy tệp"),
])
def test_restore_of_a_wrong_file_says_so_in_vietnamese(club_db: Path, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str],
                                                       content: str | None, says: str):
    bad = tmp_path / "bad.db"
    if content is not None:
        bad.write_text(content, encoding="utf-8")
    before = club_db.read_bytes()
    code, out, err = _main(capsys, tmp_path / "config.toml", "restore", str(bad))
    assert code != 0 and says in err and out == ""
    assert club_db.read_bytes() == before


def test_backup_refusals_are_one_vietnamese_line(club_db: Path, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]):
    config = tmp_path / "config.toml"
    for args, says in (
            ([str(club_db)], "chính là cơ sở dữ liệu đang dùng"),
            ([str(tmp_path / "no-such-dir" / "x.db")], "Không có thư mục"),
            ([], "[backup] dir")):
        code, out, err = _main(capsys, config, "backup", *args)
        assert code != 0 and says in err and out == ""
        assert len(err.strip().splitlines()) == 1
    assert integrity(club_db) == "ok"


def test_backup_reports_a_full_disk_in_vietnamese(club_db: Path, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str],
                                                  monkeypatch: pytest.MonkeyPatch):
    def disk_full(conn: object, quick: bool = False) -> str:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(store, "check_integrity", disk_full)
    code, _, err = _main(capsys, tmp_path / "config.toml", "backup", str(tmp_path / "b.db"))
    assert code != 0 and "ổ đĩa đã đầy" in err and "Chưa ghi bản sao nào" in err
    assert not (tmp_path / "b.db").exists()


def test_backup_into_a_directory_uses_the_bots_name(club_db: Path, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]):
    target = tmp_path / "backups"
    target.mkdir()
    code, out, err = _main(capsys, tmp_path / "config.toml", "backup", str(target))
    assert code == 0, err
    [made] = store.nightly_files(target)
    assert integrity(made[1]) == "ok" and str(made[1]) in out


# ---------------------------------------------------------------- nightly

def _settings(tmp_path: Path, backup: str):
    config = tmp_path / "config.toml"
    config.write_text(f'[database]\npath = "club.db"\n\n[backup]\n{backup}\n', encoding="utf-8")
    return load_settings(config)


async def test_nightly_backup_writes_one_and_prunes_the_old_ones(club_db: Path,
                                                                 tmp_path: Path):
    settings = _settings(tmp_path, 'dir = "backups"\nkeep_days = 7')
    backups = tmp_path / "backups"
    assert settings.backup.dir == str(backups)       # relative to the config file
    backups.mkdir()
    old = [store.nightly_name(NOW - timedelta(days=d)) for d in (8, 30)]
    young = [store.nightly_name(NOW - timedelta(days=d)) for d in (1, 6)]
    foreign = ["club-copy.db", "ishc-backup-latest.db", "notes.txt"]
    for name in old + young + foreign:
        (backups / name).write_bytes(b"x")
        os.utime(backups / name, (0, 0))

    db = await Database.open(club_db)                # the bot serves meanwhile
    writer = Writer(db)
    task = asyncio.create_task(writer.run())
    try:
        result = await nightly_backup(settings, NOW)
    finally:
        writer.stop.set()
        await task
        await db.close()
    assert result is not None and result.error is None
    assert result.path == backups / "ishc-backup-20261120-090000.db"
    assert integrity(result.path) == "ok" and writer_batches(result.path) >= 0
    assert stat.S_IMODE(result.path.stat().st_mode) == 0o600
    assert sorted(p.name for p in result.removed) == sorted(old)
    assert {p.name for p in backups.iterdir()} == {
        *young, *foreign, "ishc-backup-20261120-090000.db"}


async def test_a_failed_night_prunes_nothing(club_db: Path, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch):
    settings = _settings(tmp_path, 'dir = "backups"\nkeep_days = 7')
    backups = tmp_path / "backups"
    backups.mkdir()
    old = backups / store.nightly_name(NOW - timedelta(days=20))
    old.write_bytes(b"x")
    monkeypatch.setattr(store, "check_integrity", lambda conn, quick=False: "page 3: corrupt")
    result = await nightly_backup(settings, NOW)     # logs, never raises
    assert result is not None and result.path is None and result.error is not None
    assert result.error.reason == "damaged"
    assert {p.name for p in backups.iterdir()} == {old.name}  # the last good one stays


async def test_nightly_backup_is_off_without_a_directory(club_db: Path, tmp_path: Path):
    settings = _settings(tmp_path, "keep_days = 7")
    before = {p.name for p in tmp_path.iterdir()}
    assert await nightly_backup(settings, NOW) is None
    assert {p.name for p in tmp_path.iterdir()} == before


def test_keep_days_must_be_at_least_one(tmp_path: Path):
    with pytest.raises(ValueError, match="keep_days"):
        _settings(tmp_path, 'dir = "b"\nkeep_days = 0')


def test_a_copy_is_consistent_when_taken_from_a_file_with_a_live_wal(club_db: Path,
                                                                      tmp_path: Path):
    """The copy includes commits still in the WAL (not yet checkpointed)."""
    conn = sqlite3.connect(club_db, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA wal_autocheckpoint=0")
    conn.execute("UPDATE clubs SET name = 'CLB mới đổi tên'")
    try:
        store.backup(club_db, tmp_path / "copy.db")
    finally:
        conn.close()
    with sqlite3.connect(tmp_path / "copy.db") as copy:
        assert copy.execute("SELECT name FROM clubs").fetchone()[0] == "CLB mới đổi tên"
