"""The operator's backup and restore:

    ishc-bot --config FILE backup [OUT.db | DIR]
    ishc-bot --config FILE restore IN.db

``backup`` works while the bot runs: a consistent copy through SQLite's online
backup API, checked with ``PRAGMA integrity_check``, written under a temporary
name and renamed only when complete (storage/backup.py). Without OUT it writes
``ishc-backup-<time>.db`` into ``[backup] dir``; given a directory, there.

``restore`` refuses while the bot runs (the run lock, storage/run_lock.py) and
keeps the database it replaces as ``<name>.replaced-<time>``. Neither command
opens the database through ``Database.open``: that would create a missing
database and apply migrations, and a backup must change nothing.
"""

from __future__ import annotations

import argparse
import errno
import sys
from datetime import datetime
from pathlib import Path

from bot.config import Settings
from club import texts
from club.calendar import format_date
from handlers.context import vietnam_now
from storage import backup as store

COMMANDS = ("backup", "restore")


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    cmd = commands.add_parser("backup", help="copy the database, safely, even while the bot runs")
    cmd.add_argument("out", type=Path, nargs="?", metavar="OUT.db",
                     help="the backup file, or a directory for it (default: [backup] dir)")
    cmd = commands.add_parser("restore", help="put a backup back in place of the database")
    cmd.add_argument("source", type=Path, metavar="IN.db", help="the backup to restore")


def run(args: argparse.Namespace, settings: Settings, now: datetime | None = None) -> int:
    now = now or vietnam_now()
    try:
        if args.command == "backup":
            return _backup(args.out, settings, now)
        return _restore(args.source, settings, now)
    except KeyboardInterrupt:
        # The temporary file is already gone; the final name was never written.
        print(texts.CLI_BACKUP_STOPPED, file=sys.stderr)
        return 130


def _backup(out: Path | None, settings: Settings, now: datetime) -> int:
    if out is None:
        if not settings.backup.dir:
            print(texts.CLI_BACKUP_NEED_OUT, file=sys.stderr)
            return 2
        out = Path(settings.backup.dir)
    if out.is_dir():
        out = out / store.nightly_name(now)
    try:
        result = store.backup(settings.database.path, out)
    except store.BackupError as problem:
        print(_backup_problem(problem), file=sys.stderr)
        return 1
    print(texts.CLI_BACKUP_DONE.format(path=result.path, size=human_size(result.size)))
    print(_holds(result.contents))
    return 0


def _restore(source: Path, settings: Settings, now: datetime) -> int:
    try:
        result = store.restore(source, settings.database.path, now=now)
    except store.BackupError as problem:
        print(_restore_problem(problem), file=sys.stderr)
        return 1
    print(texts.CLI_RESTORE_DONE.format(database=result.database, source=source))
    print(_holds(result.contents))
    if result.kept is not None:
        print(texts.CLI_RESTORE_KEPT.format(kept=result.kept))
    if result.to_migrate:
        print(texts.CLI_RESTORE_MIGRATE)
    print(texts.CLI_RESTORE_NEXT)
    return 0


# What each refusal says; every template takes the path, some the detail too.
_BACKUP_PROBLEMS = {
    "no_database": texts.CLI_BACKUP_NO_DATABASE,
    "no_dir": texts.CLI_BACKUP_NO_DIR,
    "same_file": texts.CLI_BACKUP_SAME_FILE,
    "not_sqlite": texts.CLI_BACKUP_NOT_SQLITE,
    "not_ishc": texts.CLI_BACKUP_NOT_ISHC,
    "damaged": texts.CLI_BACKUP_DAMAGED,
}
_RESTORE_PROBLEMS = {
    "no_input": texts.CLI_FILE_MISSING,
    "same_file": texts.CLI_RESTORE_SAME_FILE,
    "not_sqlite": texts.CLI_RESTORE_NOT_SQLITE,
    "not_ishc": texts.CLI_RESTORE_NOT_ISHC,
    "damaged": texts.CLI_RESTORE_DAMAGED,
    "newer": texts.CLI_RESTORE_NEWER,
    "in_use": texts.CLI_RESTORE_IN_USE,
}


def _backup_problem(problem: store.BackupError) -> str:
    template = _BACKUP_PROBLEMS.get(problem.reason)
    if template is None:  # the disk or the file system: its own words, plainly
        return texts.CLI_BACKUP_IO.format(path=problem.path, reason=_reason(problem))
    return template.format(path=problem.path, detail=problem.detail)


def _restore_problem(problem: store.BackupError) -> str:
    if problem.reason == "running":
        pid = texts.CLI_RESTORE_PID.format(pid=problem.pid) if problem.pid else ""
        return texts.CLI_RESTORE_RUNNING.format(pid=pid)
    template = _RESTORE_PROBLEMS.get(problem.reason)
    if template is None:
        return texts.CLI_RESTORE_IO.format(path=problem.path, reason=_reason(problem))
    return template.format(path=problem.path, detail=problem.detail)


def _reason(problem: store.BackupError) -> str:
    if problem.errno in (errno.ENOSPC, errno.EDQUOT):
        return texts.CLI_IO_FULL
    if problem.errno in (errno.EACCES, errno.EPERM):
        return texts.CLI_IO_DENIED
    if problem.errno == errno.EROFS:
        return texts.CLI_IO_READONLY
    return texts.CLI_IO_OTHER.format(detail=problem.detail or problem.reason)


def _holds(contents: store.Contents) -> str:
    last = ""
    if contents.last_change:
        at = datetime.fromisoformat(contents.last_change)
        last = texts.CLI_BACKUP_LAST_CHANGE.format(when=f"{format_date(at.date())} {at:%H:%M}")
    return texts.CLI_BACKUP_HOLDS.format(clubs=contents.clubs, members=contents.members,
                                         last=last)


def human_size(size: int) -> str:
    """Bytes as people read them, with the Vietnamese decimal comma: "1,4 MB"."""
    units = ("B", "KB", "MB", "GB")
    value, step = float(size), 0
    while value >= 1024 and step < len(units) - 1:
        value, step = value / 1024, step + 1
    text = f"{value:.0f}" if step == 0 or value >= 100 else f"{value:.1f}".replace(".", ",")
    return f"{text} {units[step]}"
