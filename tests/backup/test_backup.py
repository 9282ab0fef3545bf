"""``storage.backup``: a consistent copy while the cash book is being written,
nothing under the final name when a backup fails or is killed, and a restore
that checks its input and keeps what it replaces."""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from storage import Database, run_lock
from storage import backup as store
from tests.backup.support import NOW, Writer, integrity, writer_batches


async def test_copies_taken_while_the_cash_book_is_written_are_whole(club_db: Path,
                                                                      tmp_path: Path):
    db = await Database.open(club_db)
    writer = Writer(db)
    task = asyncio.create_task(writer.run())
    try:
        copies = []
        for n in range(4):
            while writer.batches < 3 * (n + 1):  # let the writer get ahead between copies
                await asyncio.sleep(0.001)
            before = writer.batches
            out = tmp_path / f"copy-{n}.db"
            # The copy runs in a thread on its own read-only connection, as the
            # running bot's nightly job does; the writer keeps committing meanwhile.
            result = await asyncio.to_thread(store.backup, club_db, out)
            copies.append((out, before, writer.batches, result))
    finally:
        writer.stop.set()
        await task
        await db.close()
    held = []
    for out, before, after, result in copies:
        assert integrity(out) == "ok"
        assert stat.S_IMODE(out.stat().st_mode) == 0o600
        assert result.contents.members == 60
        # Every transaction of the writer is in the copy whole, or not at all.
        count = writer_batches(out)
        assert before <= count <= after
        held.append(count)
        assert not Path(f"{out}-wal").exists()  # one self-contained file
    assert held == sorted(held) and held[-1] > held[0]
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_a_failed_check_leaves_no_file_under_the_final_name(club_db: Path, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch):
    out = tmp_path / "backups" / "tonight.db"
    out.parent.mkdir()
    monkeypatch.setattr(store, "check_integrity", lambda conn, quick=False: "page 7: corrupt")
    with pytest.raises(store.BackupError) as failed:
        store.backup(club_db, out)
    assert failed.value.reason == "damaged"
    assert list(out.parent.iterdir()) == []  # neither the final name nor a temporary file


def test_a_failed_backup_keeps_the_previous_one_whole(club_db: Path, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch):
    out = tmp_path / "last.db"
    store.backup(club_db, out)
    previous = out.read_bytes()

    def disk_full(conn: sqlite3.Connection, quick: bool = False) -> str:
        raise OSError(28, "No space left on device", str(out))

    monkeypatch.setattr(store, "check_integrity", disk_full)
    with pytest.raises(store.BackupError) as failed:
        store.backup(club_db, out)
    assert (failed.value.reason, failed.value.errno) == ("io", 28)
    assert out.read_bytes() == previous
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


# The child stops for good between the copy and the rename; the test kills it there.
_KILLED_MID_WAY = """
import sys, time
from storage import backup as store
def stall(conn, quick=False):
    print("copied", flush=True)
    time.sleep(60)
    return ""
store.check_integrity = stall
store.backup(sys.argv[1], sys.argv[2])
"""


@pytest.mark.parametrize("earlier_backup", [False, True])
def test_a_backup_killed_mid_way_leaves_nothing_half_written(club_db: Path, tmp_path: Path,
                                                              earlier_backup: bool):
    out = tmp_path / "backups" / "tonight.db"
    out.parent.mkdir()
    if earlier_backup:
        store.backup(club_db, out)
    previous = out.read_bytes() if earlier_backup else None
    child = subprocess.Popen([sys.executable, "-c", _KILLED_MID_WAY, str(club_db), str(out)],
                             stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "copied"
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    if earlier_backup:
        assert out.read_bytes() == previous and integrity(out) == "ok"
    else:
        assert not out.exists()
    # What the kill left is a hidden temporary file, never the final name.
    left = [p.name for p in out.parent.iterdir() if p.name != out.name]
    assert left and all(n.startswith(".tonight.db.") and n.endswith(".tmp") for n in left)


# ---------------------------------------------------------------- restore

async def _add_entries(path: Path, batches: int) -> None:
    db = await Database.open(path)
    try:
        await Writer(db).write(batches)
    finally:
        await db.close()


async def test_restore_puts_the_backup_back_and_keeps_the_replaced_database(
        club_db: Path, tmp_path: Path):
    saved = tmp_path / "saved.db"
    store.backup(club_db, saved)
    await _add_entries(club_db, 3)                  # after the backup: to be undone
    result = store.restore(saved, club_db, now=NOW)
    assert writer_batches(club_db) == 0
    assert result.kept == tmp_path / "club.db.replaced-20261120-090000"
    assert writer_batches(result.kept) == 3         # nothing of the replaced one is lost
    assert integrity(club_db) == "ok" and integrity(result.kept) == "ok"
    for suffix in ("-wal", "-shm", "-journal"):
        assert not Path(f"{club_db}{suffix}").exists()
    assert stat.S_IMODE(club_db.stat().st_mode) == 0o600
    with sqlite3.connect(club_db) as conn:
        audit = conn.execute("SELECT actor, action, detail FROM audit_log "
                             "ORDER BY id DESC LIMIT 1").fetchone()
    assert audit[:2] == ("cli:restore", "restore") and "club.db.replaced-" in audit[2]
    # The bot opens it as usual afterwards.
    db = await Database.open(club_db)
    assert (await db.fetchone("SELECT count(*) FROM members"))[0] == 60
    await db.close()


async def test_a_kill_during_the_previous_run_loses_nothing_of_the_kept_database(
        club_db: Path, tmp_path: Path):
    """A bot killed with its last commits still in the WAL: they go with the kept file."""
    saved = tmp_path / "saved.db"
    store.backup(club_db, saved)
    child = subprocess.Popen([sys.executable, "-c", (
        "import asyncio, os, signal, sys\n"
        "from storage import Database\n"
        "from tests.backup.support import Writer\n"
        "async def main():\n"
        "    db = await Database.open(sys.argv[1])\n"
        "    await db.conn.execute('PRAGMA wal_autocheckpoint=0')\n"
        "    await Writer(db).write(4)\n"
        "    os.kill(os.getpid(), signal.SIGKILL)\n"
        "asyncio.run(main())\n"), str(club_db)], cwd=Path(__file__).parents[2])
    assert child.wait(timeout=60) == -signal.SIGKILL
    assert Path(f"{club_db}-wal").stat().st_size > 0  # the commits live only in the WAL
    result = store.restore(saved, club_db, now=NOW)
    assert result.kept is not None and writer_batches(result.kept) == 4
    assert writer_batches(club_db) == 0


def test_restore_replaces_a_broken_database_and_fills_an_empty_place(club_db: Path,
                                                                     tmp_path: Path):
    saved = tmp_path / "saved.db"
    store.backup(club_db, saved)
    club_db.write_bytes(b"\x00garbage" * 4096)      # the disk went bad: why one restores
    result = store.restore(saved, club_db, now=NOW)
    assert integrity(club_db) == "ok"
    assert result.kept is not None and result.kept.read_bytes() == b"\x00garbage" * 4096

    fresh = tmp_path / "new-machine" / "ishc.db"    # a new machine: nothing to replace
    result = store.restore(saved, fresh, now=NOW)
    assert result.kept is None and integrity(fresh) == "ok"
    assert sorted(p.name for p in fresh.parent.iterdir()) == ["ishc.db", "ishc.db.lock"]


def test_a_restore_that_fails_at_the_last_step_leaves_the_old_database_in_place(
        club_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    saved = tmp_path / "saved.db"
    store.backup(club_db, saved)
    before = _dump(club_db)

    def disk_full(temp: Path, final: Path) -> None:
        raise OSError(28, "No space left on device", str(final))

    monkeypatch.setattr(store, "_publish", disk_full)
    with pytest.raises(store.BackupError) as failed:
        store.restore(saved, club_db, now=NOW)
    assert (failed.value.reason, failed.value.errno) == ("io", 28)
    assert _dump(club_db) == before and integrity(club_db) == "ok"
    assert not list(tmp_path.glob("club.db.replaced-*"))
    assert not list(tmp_path.glob(".club.db.restore.*"))


def _dump(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def test_restore_refuses_while_the_run_lock_is_held(club_db: Path, tmp_path: Path):
    saved = tmp_path / "saved.db"
    store.backup(club_db, saved)
    before = club_db.read_bytes()
    with run_lock.acquire(club_db), pytest.raises(store.BackupError) as refused:
        store.restore(saved, club_db, now=NOW)
    assert refused.value.reason == "running" and refused.value.pid == os.getpid()
    assert club_db.read_bytes() == before
    assert not list(tmp_path.glob("club.db.replaced-*"))
    store.restore(saved, club_db, now=NOW)  # once the bot has stopped, it goes ahead


async def test_restore_refuses_while_another_process_has_the_database_open(
        club_db: Path, tmp_path: Path):
    """A bot that takes no run lock (an older version) is still noticed by SQLite."""
    saved = tmp_path / "saved.db"
    store.backup(club_db, saved)
    db = await Database.open(club_db)
    try:
        with pytest.raises(store.BackupError) as refused:
            await asyncio.to_thread(store.restore, saved, club_db, now=NOW)
        assert refused.value.reason == "in_use"
        assert (await db.fetchone("SELECT count(*) FROM members"))[0] == 60
    finally:
        await db.close()
    assert not list(tmp_path.glob("club.db.replaced-*"))
    assert not list(tmp_path.glob(".club.db.restore.*"))


def test_restore_checks_its_input(club_db: Path, tmp_path: Path):
    before = club_db.read_bytes()

    def refusal(path: Path) -> str:
        with pytest.raises(store.BackupError) as refused:
            store.restore(path, club_db, now=NOW)
        return refused.value.reason

    text = tmp_path / "notes.db"
    text.write_text("không phải cơ sở dữ liệu\n" * 100, encoding="utf-8")
    assert refusal(text) == "not_sqlite"
    assert refusal(tmp_path / "missing.db") == "no_input"
    assert refusal(club_db) == "same_file"

    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE things (x)")
    assert refusal(other) == "not_ishc"

    newer = tmp_path / "newer.db"
    store.backup(club_db, newer)
    with sqlite3.connect(newer) as conn:
        conn.execute("INSERT INTO schema_migrations VALUES (9999, '9999_future.sql', 'x')")
    assert refusal(newer) == "newer"

    damaged = tmp_path / "damaged.db"
    store.backup(club_db, damaged)
    _damage(damaged)
    assert refusal(damaged) == "damaged"
    assert club_db.read_bytes() == before
    assert not list(tmp_path.glob("club.db.replaced-*"))


def _damage(path: Path) -> None:
    """Overwrite one page of the cash book's in the middle (a disk error's work).

    A page of the book's data, not merely the file's middle one: where the
    schema's own pages fall depends on how many migrations there are, and a
    damaged schema reads as "not a database" rather than "damaged"."""
    with sqlite3.connect(path) as conn:
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        pages = [row[0] for row in conn.execute(
            "SELECT pageno FROM dbstat WHERE name = 'cash_entries' AND pagetype = 'leaf' "
            "ORDER BY pageno")]
    with path.open("r+b") as file:
        file.seek(page_size * (pages[len(pages) // 2] - 1))
        file.write(b"\xff" * page_size)


# ---------------------------------------------------------------- pruning

def test_prune_removes_only_the_bots_own_old_backups(tmp_path: Path):
    now = NOW
    names = {
        "ishc-backup-20261110-023000.db": True,    # 10 days old: removed
        "ishc-backup-20261113-085959.db": True,    # just over 7 days
        "ishc-backup-20261113-090000.db": False,   # exactly 7 days: kept
        "ishc-backup-20261117-023000.db": False,   # 3 days: kept
        "ishc-backup-20200101.db": False,          # not the bot's pattern
        "my-ishc-backup-20201110-023000.db": False,
        "ishc-backup-20201110-023000.db.bak": False,
        "club.db": False,
        "notes.txt": False,
    }
    for name in names:
        (tmp_path / name).write_bytes(b"x")
        os.utime(tmp_path / name, (0, 0))        # every file looks ancient by its time
    stale = tmp_path / ".ishc-backup-20261101-023000.db.k2j_x9.tmp"
    fresh = tmp_path / ".ishc-backup-20261120-090000.db.a1b2c3.tmp"  # a backup in progress
    stale.write_bytes(b"half")
    os.utime(stale, (time.time() - 86400, time.time() - 86400))
    fresh.write_bytes(b"half")
    removed = store.prune(tmp_path, now, keep_days=7)
    assert sorted(p.name for p in removed) == sorted(
        [n for n, old in names.items() if old] + [stale.name])
    left = {p.name for p in tmp_path.iterdir()}
    assert left == {n for n, old in names.items() if not old} | {fresh.name}


# ---------------------------------------------------------------- the run lock

def test_the_run_lock_goes_with_the_process_that_held_it(club_db: Path):
    child = subprocess.Popen([sys.executable, "-c", (
        "import sys, time\n"
        "from storage import run_lock\n"
        "lock = run_lock.acquire(sys.argv[1])\n"
        "print('held', flush=True)\n"
        "time.sleep(60)\n"), str(club_db)], stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "held"
        assert run_lock.holder(club_db) == child.pid
        with pytest.raises(run_lock.AlreadyRunning):
            run_lock.acquire(club_db)
    finally:
        child.send_signal(signal.SIGKILL)  # a crash: no release, no clean-up
        child.wait(timeout=30)
    assert run_lock.holder(club_db) is None
    with run_lock.acquire(club_db), pytest.raises(run_lock.AlreadyRunning):
        run_lock.acquire(club_db)           # a second bot in this very process too


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root, as `sudo ishc-bot backup` runs")
def test_a_backup_run_as_root_leaves_the_database_to_its_owner(club_db: Path, tmp_path: Path):
    nobody = 65534
    os.chown(tmp_path, nobody, nobody)
    os.chown(club_db, nobody, nobody)
    for suffix in ("-wal", "-shm"):
        Path(f"{club_db}{suffix}").unlink(missing_ok=True)
    store.backup(club_db, tmp_path / "copy.db")
    for suffix in ("-wal", "-shm"):
        side = Path(f"{club_db}{suffix}")
        if side.exists():  # made by the backup's read-only connection, as root
            assert side.stat().st_uid == nobody
