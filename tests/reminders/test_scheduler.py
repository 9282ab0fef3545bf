"""The planner's heartbeat: APScheduler runs it at once and then periodically,
with nothing but the database to remember; missed runs are caught up once."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.scheduler import JOB_ID, ReminderScheduler
from club.reminders import ReminderRules
from tests.reminders.support import link, outbox_rows


async def test_the_first_run_is_at_start_and_wakes_the_dispatcher(sample_db):
    await link(sample_db, 105, "TV005")
    woken = []
    planner = ReminderScheduler(sample_db, ReminderRules(), every=timedelta(minutes=1),
                                now=lambda: datetime(2026, 12, 15, 13, 55),
                                planned=lambda: woken.append(1))
    scheduler = AsyncIOScheduler()
    scheduler.start()
    try:
        planner.start(scheduler)
        job = scheduler.get_job(JOB_ID)
        assert job.trigger.interval == timedelta(minutes=1) and job.coalesce
        for _ in range(200):
            if planner.last is not None:
                break
            await asyncio.sleep(0.01)
        # The meeting's 2-day reminder and her installment's (3 days before the 17th).
        assert planner.last is not None and planner.last.written == 2
        assert woken == [1]
    finally:
        planner.stop()
        scheduler.shutdown(wait=False)
    assert scheduler.get_job(JOB_ID) is None


async def test_after_a_long_downtime_only_the_latest_missed_reminder_goes(sample_db):
    await link(sample_db, 105, "TV005")
    # Down since before the 2-day reminder; back an hour and a half before the meeting.
    planner = ReminderScheduler(sample_db, ReminderRules(),
                                now=lambda: datetime(2026, 12, 17, 12, 30))
    await planner.run_once()
    await planner.run_once()          # and again: nothing more
    rows = [r for r in await outbox_rows(sample_db) if r["event_key"].startswith("meeting:")]
    assert [r["dedup_key"].split(":")[-3] for r in rows] == ["2h"]
    assert rows[0]["text"].startswith("📅 Nhắc họp CLB: hôm nay, <b>Thứ Năm, 17/12/2026</b>")


async def test_its_own_scheduler_when_there_is_no_job_queue(sample_db):
    planner = ReminderScheduler(sample_db, ReminderRules(),
                                now=lambda: datetime(2026, 12, 15, 13, 55))
    planner.start()
    try:
        for _ in range(200):
            if planner.last is not None:
                break
            await asyncio.sleep(0.01)
        assert planner.last is not None
    finally:
        planner.stop()
