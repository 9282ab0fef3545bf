"""A database file the bot cannot use stops every command at once.

Real ``ishc-bot`` processes, each with a timeout: a file that is not SQLite,
a real database cut short, and one whose pages are damaged where only a
query reaches them. Each command must exit non-zero within seconds (before
the fix, an aiosqlite worker thread kept the process alive after the error),
print one plain Vietnamese line naming the file and what to do, and no
traceback. The file itself is left exactly as it was, for whoever restores it.
"""

from __future__ import annotations

import asyncio
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from club import texts
from storage import Database, DatabaseUnusable
from storage.importer import import_workbook
from tests.conftest import AS_OF, SAMPLE
from tests.support.fake_bot_server import FakeBotApi

# Every command that opens the database, as an operator types it.
COMMANDS = [
    ("import", str(SAMPLE)),
    ("export", "out.xlsx"),
    ("chat",),
    ("demo", "--no-browser", "--port", "0"),
    ("role", "TV001", "thu ky"),
    ("audit",),
    ("meeting", "list"),
    ("meeting", "cancel", "17/12/2026"),
    ("run",),
]


def _config(tmp_path: Path, base_url: str = "http://127.0.0.1:9/bot") -> Path:
    config = tmp_path / "config.toml"
    config.write_text(f'[database]\npath = "club.db"\n\n[telegram]\ntoken = "1:fake"\n'
                      f'base_url = "{base_url}"\n', encoding="utf-8")
    return config


def _ishc(config: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bot.cli", "--config", str(config), *args],
                          capture_output=True, text=True, timeout=30, cwd=config.parent,
                          stdin=subprocess.DEVNULL)


def _refused(result: subprocess.CompletedProcess[str], line: str) -> None:
    assert result.returncode != 0, result.stdout + result.stderr
    assert line in result.stderr.splitlines(), result.stderr
    assert "Traceback" not in result.stdout + result.stderr


@pytest.fixture(scope="module")
def real_database(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The sample club's database as bytes: a file that was fine until it was cut."""
    path = tmp_path_factory.mktemp("real") / "club.db"

    async def build() -> None:
        db = await Database.open(path)
        await import_workbook(db, SAMPLE, actor="test", now=AS_OF)
        await db.close()  # checkpoints: everything is in the main file

    asyncio.run(build())
    return path.read_bytes()


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c[:2]))
def test_a_file_that_is_not_sqlite_stops_every_command(tmp_path: Path, command: tuple[str]):
    config = _config(tmp_path)
    garbage = bytes(range(256)) * 40  # 10 KB of anything but SQLite
    (tmp_path / "club.db").write_bytes(garbage)
    result = _ishc(config, *command)
    _refused(result, texts.CLI_DB_NOT_SQLITE.format(path=tmp_path / "club.db"))
    assert (tmp_path / "club.db").read_bytes() == garbage


@pytest.mark.parametrize(("command", "keep"), [
    (("import", str(SAMPLE)), 0.5), (("run",), 0.9), (("audit",), 4096), (("run",), 100)],
    ids=["import-half", "run-most", "audit-one-page", "run-header-only"])
def test_a_truncated_database_stops_import_run_and_audit(
        tmp_path: Path, real_database: bytes, command: tuple[str], keep: float):
    cut = real_database[:int(len(real_database) * keep) if keep < 1 else int(keep)]
    (tmp_path / "club.db").write_bytes(cut)
    with FakeBotApi() as api:  # were the database not checked, run would get this far
        result = _ishc(_config(tmp_path, api.base_url), *command)
    _refused(result, texts.CLI_DB_TRUNCATED.format(path=tmp_path / "club.db"))
    assert (tmp_path / "club.db").read_bytes() == cut


def test_damage_found_half_way_through_a_command_stops_it_too(tmp_path: Path,
                                                              real_database: bytes):
    # The header and schema are whole; the audit log's first page is noise.
    # Opening works, and the damage shows only when `audit` reads the log.
    path = tmp_path / "club.db"
    path.write_bytes(real_database)
    with sqlite3.connect(path) as probe:
        page_size = probe.execute("PRAGMA page_size").fetchone()[0]
        root = probe.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = 'audit_log'").fetchone()[0]
    probe.close()
    data = bytearray(path.read_bytes())
    data[(root - 1) * page_size:root * page_size] = b"\xa5" * page_size
    path.write_bytes(bytes(data))
    result = _ishc(_config(tmp_path), "audit")
    _refused(result, texts.CLI_DB_DAMAGED.format(path=path))


def test_a_directory_in_place_of_the_file_is_named(tmp_path: Path):
    (tmp_path / "club.db").mkdir()
    result = _ishc(_config(tmp_path), "audit")
    _refused(result, texts.CLI_DB_UNREACHABLE.format(path=tmp_path / "club.db"))


async def test_a_refused_open_leaves_no_thread_behind(tmp_path: Path, real_database: bytes):
    # The root of the hang: aiosqlite's worker thread is not a daemon.
    before = set(threading.enumerate())
    cases = {"garbage.db": b"not a database at all" * 100,
             "cut.db": real_database[:len(real_database) // 3]}
    for name, data in cases.items():
        (tmp_path / name).write_bytes(data)
        with pytest.raises(DatabaseUnusable):
            await Database.open(tmp_path / name)
    # A file with a good header but unreadable schema fails inside migrate.
    broken = bytearray(real_database)
    broken[100:4096] = b"\x00" * (4096 - 100)
    (tmp_path / "schema.db").write_bytes(bytes(broken))
    with pytest.raises(DatabaseUnusable) as refused:
        await Database.open(tmp_path / "schema.db")
    assert refused.value.reason in {"damaged", "not_sqlite"}
    await asyncio.sleep(0.1)
    left = [t for t in set(threading.enumerate()) - before if t.is_alive()]
    assert left == []


async def test_a_good_database_still_opens_after_the_checks(tmp_path: Path,
                                                            real_database: bytes):
    (tmp_path / "club.db").write_bytes(real_database)
    db = await Database.open(tmp_path / "club.db")
    try:
        row = await db.fetchone("SELECT count(*) FROM members")
        assert row is not None and row[0] == 60
    finally:
        await db.close()
