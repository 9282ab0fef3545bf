"""The one connection to the club database.

SQLite in WAL mode with foreign keys on. The schema is the ordered list of
``migrations/NNNN_*.sql`` files; each is applied once, in its own transaction,
and recorded in ``schema_migrations`` so that start-up on an old database brings
it up to date and start-up on a current one does nothing.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from datetime import datetime
from importlib import resources
from pathlib import Path
from typing import Any

import aiosqlite

MIGRATIONS_PACKAGE = "storage.migrations"

Params = Sequence[Any] | Mapping[str, Any]


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

    ``changed_since`` lets read caches stay correct: a second, read-only,
    synchronous connection asks ``PRAGMA data_version``, whose value moves
    whenever *any other* connection (ours, or another process such as an
    import run from the CLI) commits. It costs microseconds and no thread hop.
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
        path = str(path)
        if path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        conn = await aiosqlite.connect(path, isolation_level=None)
        conn.row_factory = aiosqlite.Row
        await conn.execute("PRAGMA journal_mode=WAL")
        await conn.execute("PRAGMA foreign_keys=ON")
        await conn.execute("PRAGMA synchronous=NORMAL")
        await conn.execute("PRAGMA busy_timeout=5000")
        db = cls(conn, None)
        await db.migrate()
        if path != ":memory:":
            db._probe = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        return db

    async def close(self) -> None:
        if self._probe is not None:
            self._probe.close()
        await self.conn.close()

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
