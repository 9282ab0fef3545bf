"""The lock that says "a bot is running on this database".

``restore`` replaces the database file; doing that under a running bot would
leave the bot writing into a file that is no longer the database (its open
descriptor still points at the old one) and everything it records afterwards
would be lost. So the runtime takes this lock when it starts and holds it
until it exits, and ``restore`` takes the same lock for as long as it works:
either one waits for nothing and refuses at once.

The lock is an advisory ``flock`` on ``<database>.lock`` next to the database.
The kernel releases it when the holder exits, however it exits (SIGKILL
included), so a crashed bot never leaves a stale lock behind; the file itself
stays (deleting lock files races with a second taker) and holds the holder's
process id, for the refusal to name it.

Hook for the runtime (``ishc-bot run``), before the database is opened::

    try:
        lock = run_lock.acquire(settings.database.path)
    except run_lock.AlreadyRunning as running:
        print(texts.CLI_ALREADY_RUNNING.format(pid=running.pid or "?"), file=sys.stderr)
        return 2
    try:
        ...  # serve
    finally:
        lock.release()
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from pathlib import Path
from types import TracebackType

SUFFIX = ".lock"


class AlreadyRunning(Exception):  # noqa: N818 - reads as the state it reports
    """Someone else holds the lock: a running bot, or a restore in progress."""

    def __init__(self, path: Path, pid: int | None) -> None:
        super().__init__(f"{path} is held by process {pid if pid is not None else '?'}")
        self.path = path
        self.pid = pid


def lock_path(database: str | Path) -> Path:
    """``ishc.db`` → ``ishc.db.lock``, in the database's directory."""
    database = Path(database)
    return database.with_name(database.name + SUFFIX)


class RunLock:
    """A held lock; ``release`` (or leaving the ``with`` block, or exiting) lets go."""

    def __init__(self, path: Path, fd: int | None) -> None:
        self.path = path
        self._fd = fd

    @property
    def held(self) -> bool:
        return self._fd is not None

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)  # no stale process id for the next reader
        os.close(fd)  # closing the descriptor drops the flock

    def __enter__(self) -> RunLock:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.release()


def acquire(database: str | Path) -> RunLock:
    """Take the lock for ``database`` without waiting; raise AlreadyRunning if held.

    An in-memory database (``:memory:``) has nothing to protect: the lock is a no-op.
    """
    if str(database) == ":memory:":
        return RunLock(Path(":memory:"), None)
    path = lock_path(database)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        # 0644: it holds only a process id, and a lock file made by root (a
        # restore under sudo) must stay openable by the bot's own user.
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        writable = True
    except PermissionError:  # someone else's file: flock needs no write access
        fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
        writable = False
    try:
        # flock, not lockf: flock belongs to this open file description, so a
        # second acquire in the same process is refused too (lockf's per-process
        # locks would let it through, and drop on any close of the file).
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        raise AlreadyRunning(path, _read_pid(path)) from None
    except BaseException:
        os.close(fd)
        raise
    if writable:
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
    return RunLock(path, fd)


def holder(database: str | Path) -> int | None:
    """The process id holding the lock, 0 when held by an unnamed holder, None when free."""
    try:
        lock = acquire(database)
    except AlreadyRunning as running:
        return running.pid if running.pid is not None else 0
    lock.release()
    return None


def _read_pid(path: Path) -> int | None:
    try:
        text = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return int(text) if text.isdigit() else None
