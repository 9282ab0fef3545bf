"""The reminder planner's heartbeat, on APScheduler.

The database is the only source of truth: the scheduler holds one in-memory
interval job (nothing pickled, nothing to lose on restart) that asks
:func:`storage.reminders.plan` for what is due within the next ``ahead``.
Planning is idempotent — every outbox row's key is unique per recipient and
occurrence — so the job may run as often as it likes. After a restart it runs
at once, and the planner itself catches up what was missed: of an event's
reminders whose time passed while the bot was down, the latest one is sent,
once, if the event is still ahead. APScheduler's ``coalesce`` folds runs
missed while the event loop was busy into one.

Most runs look only at what falls due since the previous run's horizon, so a
tick costs what is due, not what the books hold. A full run — at start-up,
then hourly — also catches up missed reminders, reaches accounts linked
since, and cancels pending reminders no longer wanted (a loan repaid ahead).
A club whose schedule changed in chat (a meeting moved, a check-up added) is
planned again in full at once through :meth:`ReminderScheduler.replan_club`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from apscheduler.jobstores.base import JobLookupError
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.schedulers.base import BaseScheduler
from apscheduler.triggers.interval import IntervalTrigger

from club.reminders import ReminderRules
from handlers.context import VIETNAM, vietnam_now
from storage.database import Database
from storage.reminders import PlanOutcome, plan

log = logging.getLogger(__name__)

JOB_ID = "plan-reminders"
FULL_EVERY = timedelta(hours=1)


class ReminderScheduler:
    def __init__(
        self,
        db: Database,
        rules: ReminderRules,
        *,
        every: timedelta = timedelta(minutes=1),
        ahead: timedelta = timedelta(minutes=10),
        now: Callable[[], datetime] = vietnam_now,
        planned: Callable[[], None] | None = None,
    ) -> None:
        self._db = db
        self.rules = rules
        self.every, self.ahead = every, ahead
        self._now = now
        self._planned = planned          # wakes the dispatcher
        self._lock = asyncio.Lock()      # one planning at a time
        self._scheduler: BaseScheduler | None = None
        self._own_scheduler = False
        self.last: PlanOutcome | None = None
        self._horizon: datetime | None = None      # where the previous run stopped
        self._full_at: datetime | None = None      # when the last full run was

    async def run_once(self, *, full: bool = False) -> PlanOutcome:
        """Plan every club's reminders due by now + ``ahead``: in full at start,
        hourly, or when asked; otherwise only what fell due since the last run."""
        async with self._lock:
            now = self._now()
            full = (full or self._horizon is None or self._full_at is None
                    or now - self._full_at >= FULL_EVERY or self._horizon < now)
            outcome = await plan(self._db, self.rules, now, ahead=self.ahead,
                                 since=None if full else self._horizon)
            self._horizon = now + self.ahead
            if full:
                self._full_at = now
            self.last = outcome
        return self._done(outcome, None)

    async def replan_club(self, club_id: int) -> PlanOutcome:
        async with self._lock:
            outcome = await plan(self._db, self.rules, self._now(), ahead=self.ahead,
                                 club_id=club_id)
        return self._done(outcome, club_id)

    def _done(self, outcome: PlanOutcome, club_id: int | None) -> PlanOutcome:
        if outcome.written or outcome.cancelled:
            log.info("reminders planned%s: %d wanted, %d written, %d cancelled",
                     f" for club {club_id}" if club_id is not None else "",
                     outcome.wanted, outcome.written, outcome.cancelled)
        if self._planned is not None and outcome.written:
            self._planned()
        return outcome

    async def _job(self) -> None:
        try:
            await self.run_once()
        except Exception:
            log.exception("planning reminders failed; the next run will try again")

    def start(self, scheduler: BaseScheduler | None = None) -> None:
        """Add the interval job, first run now, to ``scheduler`` (the runtime's) or to
        a scheduler of its own."""
        if scheduler is None:
            scheduler = AsyncIOScheduler(timezone=VIETNAM)
            self._own_scheduler = True
        self._scheduler = scheduler
        scheduler.add_job(
            self._job, IntervalTrigger(seconds=self.every.total_seconds(), timezone=VIETNAM),
            id=JOB_ID, name="plan reminders", replace_existing=True,
            next_run_time=datetime.now(VIETNAM),
            coalesce=True, max_instances=1, misfire_grace_time=None)
        if self._own_scheduler:
            scheduler.start()

    async def idle(self) -> None:
        """Wait for a planning in progress to finish (after :meth:`stop`, before the
        scheduler shuts down, which would cancel it half-way)."""
        async with self._lock:
            pass

    def stop(self) -> None:
        if self._scheduler is None:
            return
        # The scheduler may have been shut down already; the job went with it.
        with contextlib.suppress(JobLookupError):
            self._scheduler.remove_job(JOB_ID)
        if self._own_scheduler and self._scheduler.running:
            self._scheduler.shutdown(wait=False)
        self._scheduler = None
