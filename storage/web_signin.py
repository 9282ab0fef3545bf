"""Web sign-in tries, reserved before a code is checked (migration 0008).

The link-code store limits failures per chat account, but every web sign-in
is a fresh account, so the web also limits failed tries per client address —
and across all addresses together. The count and the check must be one step:
a limit that is read, then a code checked, then a failure recorded lets a
burst of concurrent tries all read "under the limit" (300 wrong codes sent at
once were all checked). So a try first *reserves* its place — in one write
transaction the rows already there are counted and, if there is room, a
'pending' row is added — and only then is its code looked at. A right code
deletes its row; a wrong one leaves it as 'failed'. A try whose process died
mid-check stays 'pending', and counts as failed until its window passes.

The rows live in the database, not in memory: a restart forgives nothing,
and a flood of other addresses cannot push a locked one out. Rows are
deleted only once their window has passed (:func:`prune`).

Buckets (:func:`bucket_of`) are an IPv4 address, or an IPv6 /64: one home,
or one phone, holds a whole /64, so counting each IPv6 address apart would
give a guesser 2^64 fresh addresses.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from ipaddress import IPv4Address, IPv6Address, IPv6Network, ip_address

from storage.database import Database

GLOBAL_WINDOW = timedelta(minutes=1)
_PAUSE = "*"
_SHARED = "|shared"


@dataclass(frozen=True, slots=True)
class Limits:
    """How many failed sign-ins are tolerated ([web] settings)."""

    per_address: int = 10                       # failed tries per bucket per window
    window: timedelta = timedelta(hours=1)
    per_minute: int = 60                        # failed tries per minute, all buckets
    pause: timedelta = timedelta(minutes=5)     # every sign-in refused after that


class Refusal(StrEnum):
    ADDRESS = "address"    # this address (or /64) used its tries
    PAUSED = "paused"      # too many failures everywhere: every sign-in waits


@dataclass(frozen=True, slots=True)
class Reservation:
    """A place to check one code, or why there is none."""

    id: int | None = None
    refused: Refusal | None = None
    until: datetime | None = None    # when a refused try may come again
    tries_left: int = 0              # for this bucket, should this try fail
    paused_now: bool = False         # this very try found the ceiling reached


def bucket_of(address: str) -> str:
    """Whose tries a client address counts among: the IPv4 address, or the IPv6 /64.

    An IPv4 address mapped into IPv6 (``::ffff:1.2.3.4``) is the IPv4
    address. Something that is not an address (a Unix socket's peer) is
    itself, bounded.
    """
    try:
        ip = ip_address(address.strip())
    except ValueError:
        return address.strip()[:64] or "?"
    if isinstance(ip, IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(IPv6Network((int(ip) >> 64 << 64, 64)))
    assert isinstance(ip, IPv4Address)
    return str(ip)


def shared_bucket(bucket: str) -> str:
    """Where a bucket's tries of shared-machine codes are counted, apart."""
    return bucket + _SHARED


async def reserve(db: Database, bucket: str, *, now: datetime, limits: Limits) -> Reservation:
    """Count and reserve in one write transaction; see the module's doc."""
    stamp = _iso(now)
    async with db.transaction() as conn:
        pause_rows = list(await conn.execute_fetchall(
            "SELECT max(at) FROM web_signin_attempts WHERE bucket = ? AND state = 'pause' "
            "AND at > ?", (_PAUSE, _iso(now - limits.pause))))
        if pause_rows and pause_rows[0][0] is not None:
            since = datetime.fromisoformat(pause_rows[0][0])
            return Reservation(refused=Refusal.PAUSED, until=since + limits.pause)
        counts = dict(await conn.execute_fetchall(
            "SELECT state, count(*) FROM web_signin_attempts WHERE at > ? AND bucket != ? "
            "GROUP BY state", (_iso(now - GLOBAL_WINDOW), _PAUSE)))
        failed, pending = counts.get("failed", 0), counts.get("pending", 0)
        if failed >= limits.per_minute:
            # The ceiling is reached: everyone waits a while, guessers included.
            await conn.execute(
                "INSERT INTO web_signin_attempts (bucket, at, state) VALUES (?, ?, 'pause')",
                (_PAUSE, stamp))
            return Reservation(refused=Refusal.PAUSED, until=now + limits.pause,
                               paused_now=True)
        if failed + pending >= limits.per_minute:
            # Tries in flight could still reach it: no more are checked until they settle.
            return Reservation(refused=Refusal.PAUSED, until=now + GLOBAL_WINDOW)
        recent = [datetime.fromisoformat(r[0]) for r in await conn.execute_fetchall(
            "SELECT at FROM web_signin_attempts WHERE bucket = ? AND at > ? ORDER BY at",
            (bucket, _iso(now - limits.window)))]
        if len(recent) >= limits.per_address:
            until = recent[len(recent) - limits.per_address] + limits.window
            return Reservation(refused=Refusal.ADDRESS, until=until)
        cur = await conn.execute(
            "INSERT INTO web_signin_attempts (bucket, at, state) VALUES (?, ?, 'pending')",
            (bucket, stamp))
        return Reservation(id=cur.lastrowid, tries_left=limits.per_address - len(recent) - 1)


async def settle(db: Database, reservation: Reservation, *, ok: bool) -> None:
    """The code was checked: a right one frees its place, a wrong one keeps it as a failure."""
    if reservation.id is None:
        return
    async with db.transaction() as conn:
        if ok:
            await conn.execute("DELETE FROM web_signin_attempts WHERE id = ?",
                               (reservation.id,))
        else:
            await conn.execute(
                "UPDATE web_signin_attempts SET state = 'failed' WHERE id = ?",
                (reservation.id,))


async def prune(db: Database, *, now: datetime, limits: Limits) -> int:
    """Forget the tries whose window has passed (and pauses that ended); returns how many."""
    keep = max(limits.window, GLOBAL_WINDOW)
    async with db.transaction() as conn:
        cur = await conn.execute(
            "DELETE FROM web_signin_attempts WHERE (bucket != ? AND at <= ?) "
            "OR (bucket = ? AND at <= ?)",
            (_PAUSE, _iso(now - keep), _PAUSE, _iso(now - limits.pause)))
        return cur.rowcount


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")
