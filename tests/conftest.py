from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from storage import Database
from storage.importer import import_workbook
from tests.support.consent import agree_on_paper
from tests.support.harness import BotHarness

DATA = Path(__file__).parent / "data"
SAMPLE = DATA / "clb-dong-hoa.xlsx"
EXPECTED = json.loads((DATA / "clb-dong-hoa.expected.json").read_text(encoding="utf-8"))
# The sample's figures are stated as of this day; conversations stand on it.
AS_OF = datetime.fromisoformat(EXPECTED["as_of"]).replace(hour=9)


@pytest.fixture
async def sample_db(tmp_path: Path):
    db = await Database.open(tmp_path / "club.db")
    await import_workbook(db, SAMPLE, actor="test", now=AS_OF)
    yield db
    await db.close()


@pytest.fixture
async def consented(sample_db: Database) -> Database:
    """Every sample member signed the club's consent form for health readings."""
    await agree_on_paper(sample_db)
    return sample_db


@pytest.fixture
async def bot(sample_db: Database):
    harness = await BotHarness.start(sample_db, now=lambda: AS_OF)
    yield harness
    await harness.stop()


def member(code: str) -> dict:
    return next(m for m in EXPECTED["members"] if m["code"] == code)
