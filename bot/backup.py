"""The running bot's nightly backup: ``[backup] dir`` and ``keep_days``.

The runtime schedules ``scheduled_backup`` once a day at ``NIGHTLY_AT``
(Asia/Ho_Chi_Minh; 02:30, when nobody is typing and reminders are quiet),
e.g. on the reminder planner's APScheduler::

    scheduler.add_job(scheduled_backup, CronTrigger(hour=2, minute=30,
                      timezone="Asia/Ho_Chi_Minh"), args=[settings], id="nightly-backup",
                      coalesce=True, misfire_grace_time=3600)

It is safe while the bot serves: the copy and the pruning run in a worker
thread over their own read-only connection (storage.backup), so the event
loop keeps answering and the bot keeps writing meanwhile. It never raises: a
failed night is logged (without the database's contents) and the next night
tries again; old backups are pruned only after a good one was written, so a
run of failures never leaves fewer backups than before.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from datetime import datetime, time
from pathlib import Path

from bot.config import Settings
from handlers.context import vietnam_now
from storage import backup as store

log = logging.getLogger(__name__)

NIGHTLY_AT = time(2, 30)  # Vietnam time

# Directories with a nightly backup in progress: a slow copy and the next
# night's (or a manual trigger) never run into each other.
_running: set[Path] = set()


@dataclass(frozen=True, slots=True)
class NightlyResult:
    path: Path | None                       # the backup written, None if it failed
    removed: list[Path] = field(default_factory=list)  # pruned: old backups, stale temp files
    error: store.BackupError | None = None


async def nightly_backup(settings: Settings, now: datetime) -> NightlyResult | None:
    """Take tonight's backup into ``[backup] dir`` and prune the old ones.

    ``now`` is Vietnam time (``handlers.context.vietnam_now()``); it names the
    file and decides what is old. None when backups are off (empty dir) or one
    is already being taken.
    """
    if not settings.backup.dir:
        return None
    directory = Path(settings.backup.dir)
    if directory in _running:
        log.warning("nightly backup: the previous one into %s is still running", directory)
        return None
    _running.add(directory)
    try:
        return await asyncio.to_thread(_nightly, settings.database.path, directory, now,
                                       settings.backup.keep_days)
    finally:
        _running.discard(directory)


async def scheduled_backup(settings: Settings) -> NightlyResult | None:
    """The scheduled job: ``nightly_backup`` at the current Vietnam time."""
    return await nightly_backup(settings, vietnam_now())


def _nightly(database: Path, directory: Path, now: datetime, keep_days: int) -> NightlyResult:
    try:
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        result = store.backup(database, directory / store.nightly_name(now))
    except store.BackupError as problem:
        log.error("nightly backup failed (%s): %s", problem.reason, problem)
        return NightlyResult(None, error=problem)
    except OSError as problem:  # the directory could not be made
        error = store.BackupError("io", directory, detail=problem.strerror or "",
                                  error_number=problem.errno)
        log.error("nightly backup failed: %s", error)
        return NightlyResult(None, error=error)
    try:
        removed = store.prune(directory, now, keep_days)
    except OSError as problem:
        log.error("nightly backup: pruning %s failed: %s", directory, problem.strerror)
        removed = []
    log.info("nightly backup written: %s (%d bytes); %d old file(s) removed",
             result.path, result.size, len(removed))
    return NightlyResult(result.path, removed)
