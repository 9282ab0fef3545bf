"""Backups a small association can trust: a consistent copy while the bot runs,
and a restore that checks what it puts back and keeps what it replaces.

**Backup.** SQLite's online backup API copies the database through a separate,
read-only connection, in one step: one read transaction, so the copy is the
database as of one commit — never half of a transaction — while the bot keeps
writing (in WAL mode readers and the writer do not wait for each other). The
copy is written to a hidden temporary file in the destination's directory,
switched out of WAL mode (a backup is one self-contained file), checked with
``PRAGMA integrity_check``, fsynced, and only then renamed to its final name
(``os.replace``, atomic within a directory); the directory is fsynced too. A
kill at any moment leaves the final name either absent or holding the
previous complete backup, never a half-written one. Files are created 0600:
a backup holds every member's phone and money.

**Restore.** The input must be SQLite, pass ``integrity_check`` and carry only
migrations this version knows (an older schema is brought up to date when the
bot next opens it). It is refused while the bot runs (``storage.run_lock``),
and also while any other process has the database open — SQLite itself
refuses to leave WAL mode then, which catches a bot too old to take the lock.
The replaced database is kept under ``<name>.replaced-<timestamp>`` together
with its journal, and no ``-wal``/``-shm`` is left next to the restored file:
SQLite would replay a stale WAL onto it.

**Nightly.** ``nightly_name`` and ``prune`` give the running bot's backups one
recognisable name (``ishc-backup-YYYYMMDD-HHMMSS.db``); pruning removes only
files of that exact form, judged by the time in their name.

Everything here is synchronous and blocking: callers inside the event loop run
it in a thread (``asyncio.to_thread``).
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import sqlite3
import tempfile
import time as clock
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from storage import run_lock
from storage.database import _migration_scripts

SIDECARS = ("-wal", "-shm", "-journal")
NIGHTLY_PREFIX = "ishc-backup-"
_NIGHTLY = re.compile(r"ishc-backup-(\d{8}-\d{6})\.db")
# mkstemp's temporary files for a nightly backup: ".ishc-backup-….db.<random>.tmp".
_NIGHTLY_TEMP = re.compile(r"\.ishc-backup-\d{8}-\d{6}\.db\.[A-Za-z0-9_]+\.tmp")
_STAMP = "%Y%m%d-%H%M%S"
# A temporary file this old is left from a killed backup, not one in progress.
STALE_TEMP = timedelta(hours=6)


class BackupError(Exception):
    """Why a backup or restore did nothing. ``reason`` is one of:

    ``no_database`` (``path`` missing), ``no_input`` (the file to restore is
    missing), ``no_dir`` (the destination's directory is missing),
    ``same_file`` (source and destination are one file), ``not_sqlite``,
    ``not_ishc`` (SQLite, but not this bot's database), ``newer`` (migrations
    this version does not know: ``detail``), ``damaged`` (integrity check:
    ``detail``), ``running`` (the run lock is held: ``pid``), ``in_use``
    (another process has the database open), ``io`` (the system refused a
    read or write: ``errno``, ``detail``).
    """

    def __init__(self, reason: str, path: Path, *, detail: str = "", pid: int | None = None,
                 error_number: int | None = None) -> None:
        super().__init__(f"{reason}: {path}{': ' + detail if detail else ''}")
        self.reason = reason
        self.path = path
        self.detail = detail
        self.pid = pid
        self.errno = error_number


@dataclass(frozen=True, slots=True)
class Contents:
    """What a database file holds, for the operator to recognise it."""

    clubs: int
    members: int
    last_change: str | None       # the latest audit entry's time (ISO), if any
    migrations: tuple[int, ...]   # applied migration versions


@dataclass(frozen=True, slots=True)
class BackupResult:
    path: Path
    size: int          # bytes
    contents: Contents


@dataclass(frozen=True, slots=True)
class RestoreResult:
    database: Path
    kept: Path | None  # where the replaced database now is; None if there was none
    contents: Contents
    to_migrate: int    # migrations the bot will apply when it next opens the database


# ---------------------------------------------------------------- backup

def backup(database: str | Path, out: str | Path) -> BackupResult:
    """Copy ``database`` to ``out`` consistently, checked, atomically, mode 0600."""
    database, out = Path(database), Path(out)
    if not database.is_file():
        raise BackupError("no_database", database)
    if not out.parent.is_dir():
        raise BackupError("no_dir", out.parent)
    if _same_file(database, out):
        raise BackupError("same_file", out)
    with _io_errors(out, database), _readonly(database) as source:
        _contents(source, database)  # refuse a file that is not this bot's database
        with _temporary(out.parent, f".{out.name}.") as temp:
            target = sqlite3.connect(temp, isolation_level=None)
            try:
                # pages=-1: the whole database in one step, inside one read
                # transaction of the source: a snapshot as of one commit.
                source.backup(target, pages=-1)
                target.execute("PRAGMA journal_mode=DELETE").fetchone()
                problems = check_integrity(target)
                if problems:
                    raise BackupError("damaged", database, detail=problems)
                contents = _contents(target, database)
            finally:
                target.close()
            _publish(temp, out)
    _give_back_sidecars(database)
    return BackupResult(out, out.stat().st_size, contents)


def check_integrity(conn: sqlite3.Connection, *, quick: bool = False) -> str:
    """"" when the database passes ``PRAGMA integrity_check``; else its first findings."""
    try:
        rows = conn.execute(f"PRAGMA {'quick_check' if quick else 'integrity_check'}").fetchall()
    except sqlite3.DatabaseError as problem:  # too damaged for the check to finish
        return str(problem)
    findings = [str(row[0]) for row in rows]
    return "" if findings == ["ok"] else "; ".join(findings[:3])


# ---------------------------------------------------------------- restore

def restore(backup_file: str | Path, database: str | Path, *, now: datetime,
            actor: str = "cli:restore") -> RestoreResult:
    """Put ``backup_file`` in place of ``database``, keeping the database it replaces."""
    backup_file, database = Path(backup_file), Path(database)
    if not backup_file.is_file():
        raise BackupError("no_input", backup_file)
    if _same_file(backup_file, database):
        raise BackupError("same_file", backup_file)
    known = {version: name for version, name, _ in _migration_scripts()}
    with _io_errors(database, backup_file), _readonly(backup_file) as source:
        contents = _contents(source, backup_file)
        applied = dict(source.execute("SELECT version, name FROM schema_migrations"))
        unknown = sorted(v for v, name in applied.items() if known.get(v) != name)
        if unknown:
            raise BackupError("newer", backup_file,
                              detail=", ".join(f"{applied[v]}" for v in unknown))
        problems = check_integrity(source)
        if problems:
            raise BackupError("damaged", backup_file, detail=problems)
        try:
            lock = run_lock.acquire(database)
        except run_lock.AlreadyRunning as running:
            raise BackupError("running", database, pid=running.pid) from None
        with lock:
            database.parent.mkdir(parents=True, exist_ok=True)
            kept = _kept_name(database, now) if database.exists() else None
            with _temporary(database.parent, f".{database.name}.restore.") as temp:
                target = sqlite3.connect(temp, isolation_level=None)
                try:
                    source.backup(target, pages=-1)
                    target.execute("PRAGMA journal_mode=DELETE").fetchone()
                    problems = check_integrity(target, quick=True)
                    if problems:
                        raise BackupError("damaged", backup_file, detail=problems)
                    _audit_restore(target, now=now, actor=actor, source=backup_file,
                                   kept=kept)
                finally:
                    target.close()
                _match_owner(temp, database if database.exists() else database.parent)
                if kept is not None:
                    _quiesce(database)
                    _set_aside(database, kept)
                try:
                    _publish(temp, database)
                except BaseException:
                    if kept is not None and not database.exists():
                        _set_aside(kept, database)  # as it was: the old one back in place
                    raise
    return RestoreResult(database, kept, contents, len(set(known) - set(applied)))


def _audit_restore(conn: sqlite3.Connection, *, now: datetime, actor: str, source: Path,
                   kept: Path | None) -> None:
    """Every change is audited: the restored database records that it was restored."""
    conn.execute(
        "INSERT INTO audit_log (at, actor, action, detail) VALUES (?, ?, 'restore', ?)",
        (now.isoformat(timespec="seconds"), actor,
         json.dumps({"from": str(source), "kept": kept.name if kept else None},
                    ensure_ascii=False)))


def _quiesce(database: Path) -> None:
    """Fold the live database's WAL into it, or refuse if anyone has it open.

    Leaving WAL mode needs every other connection closed; SQLite answers
    "database is locked" otherwise — the sign of a bot (or a CLI command) at
    work. A database too damaged to open is set aside as it is, WAL included.
    """
    try:
        conn = sqlite3.connect(database, timeout=1.0, isolation_level=None)
    except sqlite3.Error:
        return
    try:
        conn.execute("PRAGMA journal_mode=DELETE").fetchone()
    except sqlite3.OperationalError as problem:
        if "locked" in str(problem) or "busy" in str(problem):
            raise BackupError("in_use", database) from None
    except sqlite3.DatabaseError:
        pass
    finally:
        conn.close()


def _kept_name(database: Path, now: datetime) -> Path:
    base = f"{database.name}.replaced-{now:{_STAMP}}"
    kept, n = database.with_name(base), 2
    while kept.exists():
        kept, n = database.with_name(f"{base}-{n}"), n + 1
    return kept


def _set_aside(database: Path, kept: Path) -> None:
    """Rename the database to ``kept``, its journal and WAL along with it
    (or, the other way round, put a kept database back).

    The sidecars go first: a ``-wal`` left beside the restored file would be
    replayed onto it. ``-shm`` is only an index of the WAL and is dropped.
    """
    for suffix in ("-wal", "-journal"):
        side = _sidecar(database, suffix)
        if side.exists():
            os.rename(side, _sidecar(kept, suffix))
    _sidecar(database, "-shm").unlink(missing_ok=True)
    os.rename(database, kept)


# ---------------------------------------------------------------- nightly

def nightly_name(now: datetime) -> str:
    """The running bot's backup file name for ``now``: ishc-backup-20261217-023000.db."""
    return f"{NIGHTLY_PREFIX}{now:{_STAMP}}.db"


def nightly_files(directory: str | Path) -> list[tuple[datetime, Path]]:
    """The bot's own backups in ``directory`` (by exact name), oldest first."""
    found = []
    for path in Path(directory).iterdir():
        match = _NIGHTLY.fullmatch(path.name)
        if match is None or not path.is_file():
            continue
        try:
            found.append((datetime.strptime(match[1], _STAMP), path))
        except ValueError:
            continue  # e.g. ishc-backup-20261399-…: not a name we wrote
    return sorted(found)


def prune(directory: str | Path, now: datetime, keep_days: int) -> list[Path]:
    """Remove the bot's backups older than ``keep_days`` (by the time in their
    name), and temporary files left by killed backups; return what was removed.

    Nothing else in the directory is touched.
    """
    directory = Path(directory)
    cutoff = now - timedelta(days=keep_days)
    removed = []
    for taken, path in nightly_files(directory):
        if taken < cutoff:
            path.unlink(missing_ok=True)
            removed.append(path)
    stale = clock.time() - STALE_TEMP.total_seconds()
    for path in directory.iterdir():
        if _NIGHTLY_TEMP.fullmatch(path.name) and path.stat().st_mtime < stale:
            _remove(path)
            removed.append(path)
    return removed


# ---------------------------------------------------------------- helpers

def read_contents(path: str | Path) -> Contents:
    """What the database file at ``path`` holds (read-only)."""
    path = Path(path)
    with _io_errors(path), _readonly(path) as conn:
        return _contents(conn, path)


def _contents(conn: sqlite3.Connection, path: Path) -> Contents:
    try:
        tables = {row[0] for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError:  # "file is not a database", encrypted, truncated header
        raise BackupError("not_sqlite", path) from None
    if not {"schema_migrations", "clubs", "members", "audit_log"} <= tables:
        raise BackupError("not_ishc", path)
    try:
        migrations = tuple(row[0] for row in conn.execute(
            "SELECT version FROM schema_migrations ORDER BY version"))
        clubs = conn.execute("SELECT count(*) FROM clubs").fetchone()[0]
        members = conn.execute("SELECT count(*) FROM members").fetchone()[0]
        last = conn.execute("SELECT max(at) FROM audit_log").fetchone()[0]
    except sqlite3.DatabaseError as problem:
        raise BackupError("damaged", path, detail=str(problem)) from None
    return Contents(clubs, members, last, migrations)


@contextlib.contextmanager
def _readonly(path: Path) -> Iterator[sqlite3.Connection]:
    """A separate read-only connection: a backup can never write to its source."""
    uri = path.resolve().as_uri() + "?mode=ro"
    try:
        conn = sqlite3.connect(uri, uri=True, timeout=10.0, isolation_level=None)
    except sqlite3.Error:
        raise BackupError("not_sqlite", path) from None
    try:
        yield conn
    finally:
        conn.close()


@contextlib.contextmanager
def _temporary(directory: Path, prefix: str) -> Iterator[Path]:
    """A new 0600 file in ``directory``; removed (with any sidecar) unless renamed away."""
    fd, name = tempfile.mkstemp(prefix=prefix, suffix=".tmp", dir=directory)
    os.close(fd)
    temp = Path(name)
    try:
        yield temp
    finally:
        _remove(temp)


def _publish(temp: Path, final: Path) -> None:
    """fsync ``temp``, then rename it to ``final`` and fsync the directory."""
    fd = os.open(temp, os.O_RDONLY)
    try:
        os.fchmod(fd, 0o600)
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(temp, final)
    dir_fd = os.open(final.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def _remove(path: Path) -> None:
    for suffix in ("", *SIDECARS):
        _sidecar(path, suffix).unlink(missing_ok=True)


def _sidecar(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def _same_file(a: Path, b: Path) -> bool:
    if a.exists() and b.exists():
        return os.path.samefile(a, b)
    return a.resolve() == b.resolve()


def _match_owner(path: Path, like: Path) -> None:
    """Run as root (sudo), give the restored file the owner of the one it replaces,
    so that the bot's own user can still write it."""
    if os.geteuid() != 0:
        return
    info = like.stat()
    os.chown(path, info.st_uid, info.st_gid)


def _give_back_sidecars(database: Path) -> None:
    """Run as root while the bot is stopped, the read-only connection may have
    created ``-wal``/``-shm``: hand them to the database's owner, or the bot's
    own user could not open its database any more."""
    if os.geteuid() != 0:
        return
    owner = database.stat()
    for suffix in ("-wal", "-shm"):
        side = _sidecar(database, suffix)
        with contextlib.suppress(FileNotFoundError):
            if side.stat().st_uid != owner.st_uid:
                os.chown(side, owner.st_uid, owner.st_gid)


@contextlib.contextmanager
def _io_errors(path: Path, source: Path | None = None) -> Iterator[None]:
    """The system's refusals (disk full, no permission, read-only) as BackupError,
    naming ``path``; a database found malformed while copying names ``source``."""
    try:
        yield
    except BackupError:
        raise
    except OSError as problem:
        raise BackupError("io", Path(problem.filename or path), detail=problem.strerror or "",
                          error_number=problem.errno) from None
    except sqlite3.OperationalError as problem:
        # SQLite reports a full disk or a read-only file in its own words.
        text = str(problem)
        number = (errno.ENOSPC if "full" in text
                  else errno.EROFS if "readonly" in text
                  else None)
        raise BackupError("io", path, detail=text, error_number=number) from None
    except sqlite3.DatabaseError as problem:  # "malformed": met while copying
        raise BackupError("damaged", source or path, detail=str(problem)) from None
