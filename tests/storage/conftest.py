"""Fixtures for the workbook import and export tests.

Broken and oddly written books are made from the sample by editing a copy with
openpyxl, so each test states only what it changes.
"""

from __future__ import annotations

import asyncio
import json
import pickle
import shutil
from collections import Counter
from collections.abc import Awaitable, Callable
from datetime import datetime
from itertools import count
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.workbook import Workbook

from storage.database import Database
from storage.importer import import_workbook

SAMPLE = Path(__file__).parents[1] / "data" / "clb-dong-hoa.xlsx"
PROGRAMME = SAMPLE.with_name("clb-dong-hoa-programme.xlsx")
EXPECTED_FILE = SAMPLE.with_name("clb-dong-hoa.expected.json")
NOW = datetime(2026, 11, 20, 9, 0)


@pytest.fixture
def sample() -> Path:
    return SAMPLE


@pytest.fixture
def expected() -> dict[str, Any]:
    return json.loads(EXPECTED_FILE.read_text(encoding="utf-8"))


@pytest.fixture
async def db(tmp_path: Path):
    database = await Database.open(tmp_path / "club.db")
    yield database
    await database.close()


@pytest.fixture
async def other_db(tmp_path: Path):
    database = await Database.open(tmp_path / "other.db")
    yield database
    await database.close()


@pytest.fixture(scope="session")
def imported_sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database file holding the imported sample, made once and copied per test."""
    path = tmp_path_factory.mktemp("template") / "club.db"

    async def build() -> None:
        database = await Database.open(path)
        await import_workbook(database, SAMPLE, actor="test", now=NOW)
        await database.close()

    asyncio.run(build())
    return path


@pytest.fixture
async def imported_db(tmp_path: Path, imported_sample: Path):
    """A database into which the sample has been imported (at NOW, by "test")."""
    path = tmp_path / "imported.db"
    shutil.copyfile(imported_sample, path)
    database = await Database.open(path)
    yield database
    await database.close()


@pytest.fixture(scope="session")
def _pickled_sample() -> bytes:
    # Unpickling is several times faster than parsing the xlsx for every edit.
    return pickle.dumps(openpyxl.load_workbook(SAMPLE))


@pytest.fixture
def edit_sample(tmp_path: Path, _pickled_sample: bytes
                ) -> Callable[[Callable[[Workbook], None]], Path]:
    """Save a copy of the sample changed by `change(book)`; return its path."""
    numbers = count(1)

    def edit(change: Callable[[Workbook], None]) -> Path:
        book = pickle.loads(_pickled_sample)
        change(book)
        path = tmp_path / f"edited-{next(numbers)}.xlsx"
        book.save(path)
        return path

    return edit


async def _snapshot(db: Database) -> dict[str, list[tuple]]:
    """Every row of every table, ids included: "exactly as it was"."""
    tables = [row[0] for row in await db.fetchall(
        "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    return {table: sorted((tuple(r) for r in await db.fetchall(f"SELECT * FROM {table}")),
                          key=repr)
            for table in tables}


async def _state(db: Database) -> dict[tuple, dict[str, Any]]:
    """What the clubs' books say, without ids or bookkeeping: "the same state".

    Cash is the multiset of entries that stand (reversed ones and their
    reversals left out), as the exported book shows it.
    """
    state = {}
    for club in await db.fetchall("SELECT * FROM clubs ORDER BY id"):
        club_id = club["id"]
        facts = tuple(club[k] for k in ("meeting_day", "meeting_lunar", "meeting_time",
                                        "meeting_place", "contribution", "opening_fund"))
        members = {r["code"]: tuple(r)[3:] for r in await db.fetchall(
            "SELECT * FROM members WHERE club_id = ?", (club_id,))}
        loans = {r[0]: tuple(r)[1:] for r in await db.fetchall(
            "SELECT l.code, m.code, l.disbursed_on, l.amount, l.term_months, l.rate_ppm, "
            "l.method, l.purpose FROM loans l JOIN members m ON m.id = l.member_id "
            "WHERE l.club_id = ?", (club_id,))}
        cash = Counter(tuple(r) for r in await db.fetchall(
            "SELECT c.entry_date, m.code, c.kind, c.amount, l.code, c.note FROM cash_entries c "
            "LEFT JOIN members m ON m.id = c.member_id LEFT JOIN loans l ON l.id = c.loan_id "
            "WHERE c.club_id = ? AND c.reverses_id IS NULL AND NOT EXISTS "
            "(SELECT 1 FROM cash_entries r WHERE r.reverses_id = c.id)", (club_id,)))
        meetings = {r["code"]: tuple(r)[3:] for r in await db.fetchall(
            "SELECT * FROM meetings WHERE club_id = ?", (club_id,))}
        attendance = {(r[0], r[1]): r[2] for r in await db.fetchall(
            "SELECT mt.code, m.code, a.status FROM attendance a "
            "JOIN meetings mt ON mt.id = a.meeting_id JOIN members m ON m.id = a.member_id "
            "WHERE mt.club_id = ?", (club_id,))}
        health = {(r[0], r[1]): tuple(r)[2:] for r in await db.fetchall(
            "SELECT m.code, h.taken_on, h.systolic, h.diastolic, h.weight_dg, h.note "
            "FROM health_readings h JOIN members m ON m.id = h.member_id "
            "WHERE m.club_id = ?", (club_id,))}
        checkups = {tuple(r) for r in await db.fetchall(
            "SELECT held_on, time, what, place FROM checkups WHERE club_id = ?", (club_id,))}
        visits = {tuple(r) for r in await db.fetchall(
            "SELECT v.visited_on, m.code, w.code, v.status, v.note FROM home_visits v "
            "JOIN members m ON m.id = v.member_id LEFT JOIN members w ON w.id = v.volunteer_id "
            "WHERE v.club_id = ?", (club_id,))}
        exams = {tuple(r) for r in await db.fetchall(
            "SELECT e.held_on, m.code FROM checkup_exams e JOIN members m ON m.id = e.member_id "
            "WHERE e.club_id = ?", (club_id,))}
        trainings = {tuple(r) for r in await db.fetchall(
            "SELECT t.trained_on, m.code, t.topic FROM trainings t "
            "JOIN members m ON m.id = t.member_id WHERE t.club_id = ?", (club_id,))}
        state[(club["name"], club["commune"], club["province"])] = {
            "facts": facts, "members": members, "loans": loans, "cash": cash,
            "meetings": meetings, "attendance": attendance, "health": health,
            "checkups": checkups, "visits": visits, "exams": exams, "trainings": trainings,
        }
    return state


@pytest.fixture
def snapshot() -> Callable[[Database], Awaitable[dict[str, list[tuple]]]]:
    return _snapshot


@pytest.fixture
def state() -> Callable[[Database], Awaitable[dict[tuple, dict[str, Any]]]]:
    return _state
