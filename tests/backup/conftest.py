"""Fixtures of the backup tests: a club database (the sample, imported once)."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

import pytest

from storage import Database
from storage.importer import import_workbook
from tests.backup.support import NOW
from tests.conftest import SAMPLE


@pytest.fixture(scope="session")
def sample_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample club imported once; each test gets its own copy."""
    path = tmp_path_factory.mktemp("backup-template") / "club.db"

    async def build() -> None:
        db = await Database.open(path)
        await import_workbook(db, SAMPLE, actor="test", now=NOW)
        await db.close()

    asyncio.run(build())
    return path


@pytest.fixture
def club_db(tmp_path: Path, sample_template: Path) -> Path:
    """``tmp_path/club.db`` holding the sample club, and a config naming it."""
    path = tmp_path / "club.db"
    shutil.copyfile(sample_template, path)
    (tmp_path / "config.toml").write_text('[database]\npath = "club.db"\n', encoding="utf-8")
    return path
