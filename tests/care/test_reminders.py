"""Home-care reminders through the outbox: the volunteer on the day a visit
falls due, the chair when it is more than half a rhythm late — each once per
occurrence, across a restart, and within quiet hours' rules."""

from __future__ import annotations

from datetime import datetime, time

from club.care import late_on
from club.reminders import ReminderRules
from storage import Database
from storage.reminders import plan
from tests.board.two_clubs import data_of
from tests.conftest import member

from .conftest import CHAIR, VICE, VOLUNTEER, assign


async def _care_rows(db: Database) -> list[tuple]:
    return [tuple(r) for r in await db.fetchall(
        "SELECT dedup_key, account_id, due_at, text FROM outbox "
        "WHERE dedup_key LIKE 'rem:care%' ORDER BY id")]


async def test_the_due_and_overdue_reminders_fire_once_across_a_restart(chat, tmp_path):
    await assign(chat, "TV007", "TV005")  # on 20/11: due 04/12
    rules = ReminderRules()
    due_morning = datetime(2026, 12, 4, 8, 0, 30)
    await plan(chat.db, rules, due_morning)
    await plan(chat.db, rules, due_morning, since=datetime(2026, 12, 4, 7, 59))
    # The bot restarts: a new connection to the same file, a full run, later that morning.
    again = await Database.open(tmp_path / "club.db")
    try:
        await plan(again, rules, datetime(2026, 12, 4, 9, 30))
    finally:
        await again.close()
    rows = await _care_rows(chat.db)
    assert [(r[1], r[2]) for r in rows] == [(VOLUNTEER, "2026-12-04T08:00:00")]
    assert member("TV007")["name"] in rows[0][3] and "hôm nay đến hạn" in rows[0][3]
    # Not visited: more than half of the two weeks late on 12/12, the chair is told, once.
    assert late_on(datetime(2026, 12, 4).date(), 2) == datetime(2026, 12, 12).date()
    for moment in (datetime(2026, 12, 11, 23, 0), datetime(2026, 12, 12, 8, 5)):
        await plan(chat.db, rules, moment)
    again = await Database.open(tmp_path / "club.db")
    try:
        await plan(again, rules, datetime(2026, 12, 12, 10, 0))
    finally:
        await again.close()
    late = [r for r in await _care_rows(chat.db) if r[0].startswith("rem:care-late:")]
    assert [(r[1], r[2]) for r in late] == [(CHAIR, "2026-12-12T08:00:00")]
    assert VICE not in {r[1] for r in late}
    assert member("TV005")["name"] in late[0][3] and "04/12/2026" in late[0][3]


async def test_a_visit_moves_the_next_reminder(chat, clock):
    await assign(chat, "TV007", "TV005")
    clock.now = datetime(2026, 12, 1, 10, 0)  # visited early
    [listed] = await chat.say(VOLUNTEER, "tham hoi")
    asked = await chat.tap(VOLUNTEER, data_of([listed], member("TV007")["name"]))
    await chat.tap(VOLUNTEER, data_of(asked, "Ổn"))
    rules = ReminderRules()
    await plan(chat.db, rules, datetime(2026, 12, 4, 8, 0, 30))
    assert await _care_rows(chat.db) == []          # no longer due on 04/12
    await plan(chat.db, rules, datetime(2026, 12, 15, 8, 0, 30))
    assert [r[2] for r in await _care_rows(chat.db)] == ["2026-12-15T08:00:00"]


async def test_quiet_hours_hold_the_volunteers_reminder(chat):
    await assign(chat, "TV007", "TV005")
    rules = ReminderRules(day_events_at=time(5))  # inside 21:00-06:00
    await plan(chat.db, rules, datetime(2026, 12, 4, 6, 0, 30))
    assert [r[2] for r in await _care_rows(chat.db)] == ["2026-12-04T06:00:00"]
