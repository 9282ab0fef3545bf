"""The one connection to the club database.

SQLite in WAL mode with foreign keys on. The schema is the ordered list of
``migrations/NNNN_*.sql`` files; each is applied once, in its own transaction,
and recorded in ``schema_migrations`` so that start-up on an old database brings
it up to date and start-up on a current one does nothing.

A file that cannot be the club's database (not SQLite, damaged, truncated,
out of reach) is refused at once with :class:`DatabaseUnusable`, and the
connection's worker thread is stopped first: a half-opened aiosqlite
connection would keep the process alive after the error, and a supervisor
would wait for a crash that never comes.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import sqlite3
import struct
from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from datetime import datetime
from importlib import resources
from pathlib import Path
from typing import Any

import aiosqlite

MIGRATIONS_PACKAGE = "storage.migrations"

Params = Sequence[Any] | Mapping[str, Any]


class DatabaseUnusable(Exception):
    """The file cannot serve as the club database.

    ``reason`` is one of ``not_sqlite`` (another kind of file), ``truncated``
    (shorter than its own header says), ``damaged`` (SQLite found it
    malformed) or ``unreachable`` (it cannot be opened or written: a
    directory, permissions, a read-only disk). The CLI says what to do and
    exits non-zero.
    """

    def __init__(self, path: str, reason: str, detail: str) -> None:
        super().__init__(f"{path}: {detail}")
        self.path, self.reason, self.detail = path, reason, detail


# SQLite's primary result codes that mean "this file", not "this statement".
_UNREACHABLE = {sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_IOERR, sqlite3.SQLITE_READONLY,
                sqlite3.SQLITE_PERM}


def unusable(error: BaseException, path: str | Path) -> DatabaseUnusable | None:
    """The DatabaseUnusable this error proves, or None for any other error.

    Only the file's own failures qualify: a constraint or a syntax error is a
    bug to be seen with its traceback, not an operator's problem.
    """
    if isinstance(error, DatabaseUnusable):
        return error
    if not isinstance(error, sqlite3.Error):
        return None
    code = (getattr(error, "sqlite_errorcode", None) or 0) & 0xFF
    if code == sqlite3.SQLITE_NOTADB:
        return DatabaseUnusable(str(path), "not_sqlite", str(error))
    if code == sqlite3.SQLITE_CORRUPT:
        return DatabaseUnusable(str(path), "damaged", str(error))
    if code in _UNREACHABLE:
        return DatabaseUnusable(str(path), "unreachable", str(error))
    return None


_MAGIC = b"SQLite format 3\x00"


def check_file(path: str | Path) -> None:
    """Refuse a file that is not SQLite or is shorter than its header says.

    SQLite itself notices a truncated file only when a query reaches a
    missing page, perhaps half-way through a command. The header (100 bytes)
    states the page size and, when its two counters agree, the page count; a
    file shorter than that lost its end. With a non-empty ``-wal`` file beside
    it, pages may legitimately live there, so the size is not judged.
    """
    file = Path(path)
    try:
        size = file.stat().st_size
    except FileNotFoundError:
        return  # a new database
    if not file.is_file():
        raise DatabaseUnusable(str(path), "unreachable", "not a regular file")
    if size == 0:
        return  # SQLite starts an empty file as a new database
    try:
        with file.open("rb") as f:
            header = f.read(100)
    except OSError as failure:
        raise DatabaseUnusable(str(path), "unreachable", str(failure)) from failure
    if len(header) < 100 or not header.startswith(_MAGIC):
        raise DatabaseUnusable(str(path), "not_sqlite", "not an SQLite database file")
    (page_size,) = struct.unpack(">H", header[16:18])
    page_size = 65536 if page_size == 1 else page_size
    changes, pages = struct.unpack(">II", header[24:32])
    (valid_for,) = struct.unpack(">I", header[92:96])
    wal = Path(f"{file}-wal")
    if wal.exists() and wal.stat().st_size > 0:
        return
    if pages and changes == valid_for and size < pages * page_size:
        raise DatabaseUnusable(str(path), "truncated",
                               f"truncated: {size} bytes of {pages * page_size}")


def _migration_scripts() -> list[tuple[int, str, str]]:
    """(version, name, sql) for every bundled migration, in order."""
    found = []
    for entry in resources.files(MIGRATIONS_PACKAGE).iterdir():
        name = entry.name
        if name.endswith(".sql") and name[:4].isdigit():
            found.append((int(name[:4]), name, entry.read_text(encoding="utf-8")))
    return sorted(found)


class Database:
    """Async access to the database, plus a cheap "has anything changed?" probe.

    ``data_version`` lets read caches stay correct: a second, synchronous
    connection (the probe) asks ``PRAGMA data_version``, whose value moves
    whenever *any other* connection (ours, or another process such as an
    import run from the CLI) commits. It costs microseconds and no thread hop.
    The probe's only writes are ``record_quietly``'s bookkeeping.
    """

    def __init__(self, conn: aiosqlite.Connection, probe: sqlite3.Connection | None) -> None:
        self.conn = conn
        self._probe = probe
        # One connection serves the whole process, so its transactions must
        # not interleave, and a read must not see another task's uncommitted
        # (perhaps soon rolled back) writes.
        self._writing = asyncio.Lock()

    @classmethod
    async def open(cls, path: str | Path) -> Database:
        """Open (creating if need be) and migrate; DatabaseUnusable for a bad file."""
        path = str(path)
        try:
            if path != ":memory:":
                check_file(path)
                Path(path).parent.mkdir(parents=True, exist_ok=True)
            conn = await aiosqlite.connect(path, isolation_level=None)
        except (sqlite3.Error, OSError) as failure:
            raise unusable(failure, path) or DatabaseUnusable(
                path, "unreachable", str(failure)) from failure
        db = cls(conn, None)
        try:
            conn.row_factory = aiosqlite.Row
            await conn.execute("PRAGMA journal_mode=WAL")
            await conn.execute("PRAGMA foreign_keys=ON")
            await conn.execute("PRAGMA synchronous=NORMAL")
            await conn.execute("PRAGMA busy_timeout=5000")
            await db.migrate()
            if path != ":memory:":
                db._probe = sqlite3.connect(path, check_same_thread=False,
                                            isolation_level=None)
                # Its few writes (record_quietly) must not fsync nor checkpoint
                # on the event loop's thread; the main connection checkpoints.
                db._probe.execute("PRAGMA synchronous=NORMAL")
                db._probe.execute("PRAGMA wal_autocheckpoint=0")
                # And never wait for the write lock: the event loop runs on it
                # (record_quietly takes the normal path when the lock is held).
                db._probe.execute("PRAGMA busy_timeout=0")
        except BaseException as failure:
            # Stop the worker thread whatever went wrong: it is not a daemon.
            await db._close_quietly()
            problem = unusable(failure, path)
            if problem is not None:
                raise problem from failure
            raise
        return db

    async def close(self) -> None:
        if self._probe is not None:
            self._probe.close()
        await self.conn.close()

    async def _close_quietly(self) -> None:
        """Close after a failure; the failure, not a second one, is what to report."""
        with contextlib.suppress(Exception):  # closing a damaged file may fail too
            await self.close()

    async def migrate(self) -> list[str]:
        """Apply every migration not yet applied; return the names applied now."""
        await self.conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations "
            "(version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
        )
        done = {row[0] for row in await self.conn.execute_fetchall(
            "SELECT version FROM schema_migrations")}
        applied = []
        for version, name, sql in _migration_scripts():
            if version in done:
                continue
            # executescript commits first; wrap the script so it applies whole or not at all.
            await self.conn.executescript(
                "BEGIN IMMEDIATE;\n" + sql + "\n"
                f"INSERT INTO schema_migrations VALUES ({version}, '{name}', "
                f"'{datetime.now().isoformat(timespec='seconds')}');\nCOMMIT;"
            )
            applied.append(name)
        return applied

    def data_version(self) -> int:
        """A number that changes whenever the database has changed (see class doc)."""
        if self._probe is None:
            return -1  # in-memory databases have no second connection: never cache
        return self._probe.execute("PRAGMA data_version").fetchone()[0]

    async def record_quietly(self, sql: str, params: Params = ()) -> int:
        """Run one write that no read depends on, committed; its row count.

        For bookkeeping such as "this update was answered": written on every
        update, it must not empty the read cache each time. ``data_version``
        moves on commits by *other* connections only, so the write goes through
        the probe connection itself, in autocommit, without waiting: if the
        write lock is held (our own transaction, or another process's), it
        goes through a normal transaction instead, which waits its turn and
        costs only a cache refill. Never for rows a cached read shows.
        """
        probe = self._probe
        if probe is not None and not self._writing.locked():
            try:
                return probe.execute(sql, params).rowcount
            except sqlite3.OperationalError as busy:
                if (busy.sqlite_errorcode & 0xFF) not in (sqlite3.SQLITE_BUSY,
                                                          sqlite3.SQLITE_LOCKED):
                    raise
        async with self.transaction() as conn:
            cursor = await conn.execute(sql, params)
            return cursor.rowcount

    async def fetchall(self, sql: str, params: Params = ()) -> list[aiosqlite.Row]:
        """Rows of a read; waits for a transaction in progress to finish first.

        Inside a transaction, use the connection it yields instead.
        """
        if self._writing.locked():
            async with self._writing:
                return list(await self.conn.execute_fetchall(sql, params))
        return list(await self.conn.execute_fetchall(sql, params))

    async def fetchone(self, sql: str, params: Params = ()) -> aiosqlite.Row | None:
        rows = await self.fetchall(sql, params)
        return rows[0] if rows else None

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """BEGIN IMMEDIATE … COMMIT, or ROLLBACK on any exception.

        IMMEDIATE takes the write lock up front so two writers queue instead of
        failing half-way with SQLITE_BUSY.
        """
        async with self._writing:
            await self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
            except BaseException:
                await self.conn.execute("ROLLBACK")
                raise
            else:
                await self.conn.execute("COMMIT")


async def audit(
    conn: aiosqlite.Connection,
    *,
    at: datetime,
    actor: str,
    action: str,
    club_id: int | None = None,
    member_id: int | None = None,
    detail: dict[str, Any] | None = None,
) -> None:
    """Record a change; call inside the transaction that makes the change."""
    await conn.execute(
        "INSERT INTO audit_log (at, actor, action, club_id, member_id, detail) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (at.isoformat(timespec="seconds"), actor, action, club_id, member_id,
         json.dumps(detail or {}, ensure_ascii=False)),
    )
