"""Helpers of the backup tests: the command line, a writer that keeps the cash
book busy the way the running bot does, and the checks a trustworthy copy passes."""

from __future__ import annotations

import asyncio
import sqlite3
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import openpyxl

from storage import Database
from storage.cashbook import NewEntry, record_many

NOW = datetime(2026, 11, 20, 9, 0)
BATCH = 5  # entries per transaction of the writer


def cli(config: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bot.cli", "--config", str(config), *args],
                          capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)


class Writer:
    """Appends to the cash book through storage, as board members do in chat:
    each transaction writes ``BATCH`` entries with their audit rows, or none."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.batches = 0
        self.stop = asyncio.Event()

    async def run(self) -> None:
        club_id, member_id = (await self.db.fetchone(
            "SELECT club_id, id FROM members ORDER BY id LIMIT 1"))
        while not self.stop.is_set():
            note = f"writer-{self.batches}"
            await record_many(self.db, [
                NewEntry(club_id=club_id, member_id=member_id, kind="contribution",
                         amount=1000 + i, entry_date=date(2026, 11, 20), note=note)
                for i in range(BATCH)], actor="writer", now=NOW, receipt=lambda after, you: "ok")
            self.batches += 1
            await asyncio.sleep(0.005)  # a busy club, not a busy loop

    async def write(self, batches: int) -> None:
        """Exactly ``batches`` more transactions, then stop."""
        target = self.batches + batches
        task = asyncio.create_task(self.run())
        while self.batches < target:
            await asyncio.sleep(0.001)
        self.stop.set()
        await task
        self.stop.clear()


def integrity(path: Path) -> str:
    with sqlite3.connect(path) as conn:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]


def writer_batches(path: Path) -> int:
    """How many of the writer's transactions the file holds, checking that each is
    whole: all its entries and every entry's audit row, or nothing of it."""
    conn = sqlite3.connect(path)
    try:
        sizes = conn.execute("SELECT note, count(*) FROM cash_entries WHERE recorded_by = "
                             "'writer' GROUP BY note").fetchall()
        audited = conn.execute("SELECT count(*) FROM audit_log WHERE actor = 'writer' AND "
                               "action = 'cash_entry'").fetchone()[0]
    finally:
        conn.close()
    assert all(size == BATCH for _, size in sizes), sizes
    assert audited == BATCH * len(sizes)
    return len(sizes)


def workbook_values(path: Path) -> dict[str, list[tuple]]:
    """Every sheet's cells, as a person opening the workbook reads them."""
    book = openpyxl.load_workbook(path)
    return {sheet.title: [tuple(row) for row in sheet.iter_rows(values_only=True)]
            for sheet in book.worksheets}
