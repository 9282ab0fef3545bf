"""The fuzz suite's shared ground: the two-club template, and whom to forge and type."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, settings

from tests.fuzz import world
from tests.fuzz.moves import Ids, Names

# No shrinking: a case takes a second, and each failure names its turn, speaker
# and what went wrong; hypothesis prints every draw of the case as it failed.
# Derandomized: the same cases on every run, so a failure in CI is one at home.
FUZZ = settings(max_examples=30, deadline=None, derandomize=True,
                phases=[Phase.explicit, Phase.reuse, Phase.generate],
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.function_scoped_fixture])


@dataclass(frozen=True)
class Cast:
    """Ids to forge with, and names and codes to type, of both clubs."""

    ids: Ids = field(repr=False)
    names: Names = field(repr=False)


@pytest.fixture(scope="session")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return world.build_template(tmp_path_factory.mktemp("fuzz-template"))


@pytest.fixture(scope="session")
def cast(template: Path) -> Cast:
    with closing(sqlite3.connect(template)) as conn:
        def ids(club: int) -> tuple[int, ...]:
            rows = conn.execute(
                "SELECT id FROM members WHERE club_id = ?1 UNION SELECT id FROM loans "
                "WHERE club_id = ?1 UNION SELECT max(id) FROM cash_entries WHERE club_id = ?1",
                (club,)).fetchall()
            return tuple(sorted(r[0] for r in rows if r[0] is not None))

        def names(club: int) -> tuple[str, ...]:
            return tuple(n for row in conn.execute(
                "SELECT name, code FROM members WHERE club_id = ?", (club,)) for n in row)

        return Cast(Ids(ids(1), ids(2)), {"A": names(1), "B": names(2),
                                          "AB": names(1) + names(2), "": names(1) + names(2)})


