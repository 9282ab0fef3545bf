"""What the fuzz found, kept as plain tests that name the case.

* Button data with digits Python's ``str.isdigit`` accepts but ``int`` refuses
  ("²") or SQLite cannot hold (21 digits) made the turn fail ("Có lỗi…")
  instead of saying the button is stale.
* A phone on two clubs' boards began a health reading as club A's post,
  switched to its club B member, typed the reading: it was written, audited as
  club B's, for club A's member.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from club import texts
from handlers.context import Services
from handlers.conversation import Reply, Turn, TurnKind
from handlers.router import respond
from storage import Database
from storage.health import NotInClub, record_reading
from tests.fuzz import world
from tests.fuzz.world import A_CHAIR, BOTH_BOARDS, NOW, Person
from tests.support.consent import agree_on_paper


@pytest.fixture
async def services(template: Path, tmp_path: Path):
    db = await Database.open(world.copy_of(template, tmp_path))
    yield Services.over(db, now=lambda: NOW)
    await db.close()


async def tap(services: Services, person: Person, data: str) -> list[Reply]:
    return await respond(Turn(world.CHANNEL, str(person.account), TurnKind.CHOICE,
                              choice=data), services)


async def say(services: Services, person: Person, words: str) -> list[Reply]:
    return await world.say(services, person, words)


async def member_id(services: Services, code: str) -> int:
    row = await services.db.fetchone("SELECT id FROM members WHERE code = ?", (code,))
    assert row is not None
    return int(row[0])


@pytest.mark.parametrize("data", [
    "cb:²:x", "ln:²:open", "pick:²", "pick:99999999999999999999",
    "rc:t:20261217:99999999999999999999:n", "rc:t:20261217:²:n", "rc:p:20261217:²",
    "cb:1:m:99999999999999999999", "hr:1:m:²", "rv:1:e:99999999999999999999",
])
async def test_odd_digits_in_button_data_are_a_stale_button(services: Services, data: str):
    await tap(services, A_CHAIR, "cb:open")  # a flow under way, so the versions line up
    with world.failures_logged() as failures:
        [reply] = await tap(services, A_CHAIR, data)
    assert failures.describe() == []
    assert reply.text in (texts.STALE_CHOICE, texts.FLOW_STALE)


async def test_a_reading_begun_for_one_club_is_written_in_that_club_only(
        services: Services):
    """A phone on two boards switches to club B mid-flow: the reading is still
    club A's flow, written through the account's post in club A for club A's
    member, and nothing of club B changes."""
    db = services.db
    a_treasurer, b_chair = await member_id(services, "TV004"), await member_id(services, "A01")
    club_b = await db.fetchone("SELECT club_id FROM members WHERE id = ?", (b_chair,))
    b_readings = "SELECT h.* FROM health_readings h JOIN members m ON m.id = h.member_id " \
                 "WHERE m.club_id = ? ORDER BY h.id"
    before = [tuple(r) for r in await db.fetchall(b_readings, (club_b[0],))]
    await agree_on_paper(db, "TV010")  # she agreed to readings being kept
    await tap(services, BOTH_BOARDS, f"pick:{a_treasurer}")
    await tap(services, BOTH_BOARDS, "hr:open")
    [asked] = await say(services, BOTH_BOARDS, "TV010")
    assert "Đinh Thị Loan" in asked.text
    await tap(services, BOTH_BOARDS, f"pick:{b_chair}")  # now looking as club B's chair
    [saved] = await say(services, BOTH_BOARDS, "135/85 52")
    assert "Đinh Thị Loan" in saved.text and "135/85" in saved.text
    loan = await member_id(services, "TV010")
    row = await db.fetchone(
        "SELECT m.club_id FROM health_readings h JOIN members m ON m.id = h.member_id "
        "WHERE h.member_id = ? AND h.taken_on = ?", (loan, NOW.date().isoformat()))
    club_a = await db.fetchone("SELECT club_id FROM members WHERE id = ?", (a_treasurer,))
    assert row is not None and row[0] == club_a[0]
    assert [tuple(r) for r in await db.fetchall(b_readings, (club_b[0],))] == before


async def test_storage_refuses_a_reading_for_another_clubs_member(services: Services):
    member = await member_id(services, "TV010")  # club 1
    with pytest.raises(NotInClub):
        await record_reading(services.db, club_id=2, member_id=member, day=NOW.date(),
                             systolic=120, diastolic=80, weight_dg=None, actor="test", now=NOW)
    assert await services.db.fetchone(
        "SELECT 1 FROM health_readings WHERE member_id = ? AND taken_on = ?",
        (member, NOW.date().isoformat())) is None
