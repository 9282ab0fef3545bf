"""Three clubs of two communes for the officers' dashboard: the programme's
sample and the hand-made edge club in Xã Tân Lập, and a copy of the edge club
in Xã Minh Khai (another commune of the same province)."""

from __future__ import annotations

import asyncio
import shutil
from datetime import datetime
from pathlib import Path

import pytest

from storage.database import Database
from storage.importer import import_workbook
from tests.programme.conftest import EDGE_SHEETS, PROGRAMME, write_book

# The dashboard's clock: inside the annual period 2026, after its 6-month one.
NOW = datetime(2026, 11, 20, 9, 0)
OTHER_CLUB = "CLB Xóm Giữa"
OTHER_COMMUNE = "Xã Minh Khai"


def other_sheets() -> dict:
    sheets = dict(EDGE_SHEETS)
    club = [row for row in EDGE_SHEETS["CLB"]]
    club[1] = ("Tên CLB", OTHER_CLUB)
    club[2] = ("Xã/phường", OTHER_COMMUNE)
    sheets["CLB"] = club
    return sheets


async def import_three_clubs(db: Database, folder: Path) -> None:
    await import_workbook(db, PROGRAMME, actor="test", now=NOW)
    await import_workbook(db, write_book(EDGE_SHEETS, folder / "edge.xlsx"), actor="test",
                          now=NOW)
    await import_workbook(db, write_book(other_sheets(), folder / "other.xlsx"),
                          actor="test", now=NOW)


@pytest.fixture(scope="session")
def three_clubs_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("officer")
    path = folder / "clubs.db"

    async def build() -> None:
        db = await Database.open(path)
        await import_three_clubs(db, folder)
        await db.close()

    asyncio.run(build())
    return path


@pytest.fixture
def three_clubs_file(tmp_path: Path, three_clubs_template: Path) -> Path:
    path = tmp_path / "clubs.db"
    shutil.copyfile(three_clubs_template, path)
    return path


@pytest.fixture
async def three_clubs(three_clubs_file: Path):
    db = await Database.open(three_clubs_file)
    yield db
    await db.close()


# The report's hand-made club, with its two reversals inside the period.
from tests.programme.conftest import edge_db  # noqa: E402, F401
