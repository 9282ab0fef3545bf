"""A volunteer of another club (club B, in the same database) sending club A's
visit buttons by hand changes nothing: not a row of any table."""

from __future__ import annotations

from club import texts
from handlers.context import Services
from storage import link_codes
from tests.board.conftest import Clock, two_clubs_db, two_clubs_file  # noqa: F401 (fixtures)
from tests.board.two_clubs import Chat, club_ids, data_of, member_of, snapshot
from tests.conftest import member

from .conftest import DAY

A_CHAIR, A_VOLUNTEER, B_VOLUNTEER = "6001", "6005", "6105"


async def _link_by_code(chat: Chat, account: str, club: int, code: str) -> None:
    issued = await link_codes.issue(chat.db, club_id=club, member_id=await member_of(
        chat.db, club, code), proxy=False, actor="test", now=DAY)
    [linked] = await chat.say(account, link_codes.format_code(issued.code))
    assert "Không" not in linked.text.split("\n")[0], linked.text


async def test_a_volunteer_of_another_club_changes_nothing(two_clubs_db):  # noqa: F811
    chat = Chat(Services.over(two_clubs_db, now=Clock(DAY)), strict=True)
    club_a, club_b = await club_ids(chat.db)
    await _link_by_code(chat, A_CHAIR, club_a, "TV001")
    await _link_by_code(chat, A_VOLUNTEER, club_a, "TV005")
    await _link_by_code(chat, B_VOLUNTEER, club_b, "TV005")
    # Club A: TV005 visits TV007. Club B: its TV005 visits its TV010.
    for chair, club, cared in ((A_CHAIR, club_a, "TV007"), (None, club_b, "TV010")):
        if chair is None:
            async with chat.db.transaction() as conn:
                await conn.execute(
                    "UPDATE members SET circumstances = 'cần chăm sóc tại nhà' "
                    "WHERE club_id = ? AND code = ?", (club, cared))
                await conn.execute(
                    "INSERT INTO care_plans SELECT m.id, m.club_id, w.id, 2, '2026-11-01', "
                    "'test', '2026-11-01T00:00:00' FROM members m JOIN members w "
                    "ON w.club_id = m.club_id AND w.code = 'TV005' "
                    "WHERE m.club_id = ? AND m.code = ?", (club, cared))
            continue
        opened = await chat.tap(chair, "cc:open")
        await chat.tap(chair, data_of(opened, "Thêm người cần thăm"))
        volunteers = await chat.say(chair, cared)
        rhythm = await chat.tap(chair, data_of(volunteers, member("TV005")["name"]))
        await chat.tap(chair, data_of(rhythm, "2 tuần"))
    [a_list] = await chat.say(A_VOLUNTEER, "tham hoi")
    a_pick = data_of([a_list], member("TV007")["name"])
    a_status = data_of(await chat.tap(A_VOLUNTEER, a_pick), texts.BTN_CARE_ALERT)
    [b_list] = await chat.say(B_VOLUNTEER, "tham hoi")
    assert member("TV010")["name"] in b_list.text and member("TV007")["name"] not in b_list.text
    b_version = data_of([b_list], member("TV010")["name"]).split(":")[1]
    a_member = await member_of(chat.db, club_a, "TV007")
    before = await snapshot(chat.db)
    for data in (a_pick, a_status, f"vs:{b_version}:m:{a_member}",
                 f"vs:{b_version}:s:alert_health", f"vs:{a_status.split(':')[1]}:s:ok"):
        replies = await chat.tap(B_VOLUNTEER, data)
        assert all("Đã ghi" not in r.text for r in replies), data
    assert await snapshot(chat.db) == before
    assert not await chat.db.fetchall("SELECT 1 FROM home_visits WHERE recorded_by IS NOT NULL")
