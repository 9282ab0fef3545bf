"""One-time link codes: for a member with no phone on the roster, or a relative
who helps a member (a proxy, with the member's agreement).

A code is 8 digits, shown as "1234 5678" so that an older person can read and
type it; the space (or a dot, a dash) is optional. A code for a shared
machine (``shared``) has 12: the web counts its tries apart from the
address's ordinary ones, so it gets in where others at the same address have
used up their tries, and its length keeps it beyond guessing all the same.
Only an HMAC of the code is stored (see migration 0005 for why it is keyed).
A code works once, expires (48 hours), and is revoked when the board issues a
newer one for the same member and purpose.

10^8 codes are few enough to guess at if guessing were free, so it is not: an
account that has failed :data:`MAX_FAILURES` times in :data:`FAILURE_WINDOW`
is refused even the right code until the oldest of those failures ages out.
Every issue, redeem and failure is audited, in the transaction that makes it.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from functools import lru_cache

import aiosqlite

from club.text import fold
from storage.accounts import add_links
from storage.club_scope import require_member
from storage.conversation import FlowTicket, consume
from storage.database import Database, audit

CODE_DIGITS = 8
SHARED_CODE_DIGITS = 12
TTL = timedelta(hours=48)
MAX_FAILURES = 5
FAILURE_WINDOW = timedelta(hours=24)
_DRAWS = 50  # tries at a code no earlier code has had

# What people put around or inside a code: "1234 5678", "1234-5678",
# "mã 1234.5678", "Mã kết nối: 12345678", and the deep link's "/start 12345678".
_PREFIX = re.compile(r"^(?:/?start|ma(?: so)?(?: ket noi| lien ket)?)\b\s*[:.\-]?\s*")
_CODE_LIKE = re.compile(r"[\d\s.\-_]+")


@lru_cache(maxsize=4096)  # asked of every message, before its words are read
def digits_of(text: str) -> str | None:
    """The digits of something typed as a code, whatever their count, or None
    when the text is not code-shaped at all (words, an amount with "k"…)."""
    folded = _PREFIX.sub("", fold(text).strip())
    if not folded or not _CODE_LIKE.fullmatch(folded):
        return None
    return re.sub(r"\D", "", folded) or None


def normalize_code(text: str) -> str | None:
    """The digits of a typed code (8, or 12 for a shared machine), or None when it is not one."""
    digits = digits_of(text)
    ok = digits is not None and len(digits) in (CODE_DIGITS, SHARED_CODE_DIGITS)
    return digits if ok else None


def is_shared(code: str) -> bool:
    """Whether normalized digits are shaped like a shared machine's code."""
    return len(code) == SHARED_CODE_DIGITS


def format_code(code: str) -> str:
    """"12345678" as people read it aloud: "1234 5678" (and "1234 5678 9012")."""
    return " ".join(code[i:i + 4] for i in range(0, len(code), 4))


async def code_hash(conn: aiosqlite.Connection, code: str) -> str:
    """The stored form of a code: an HMAC under the database's pepper (migration
    0005). Officers' sign-in codes (storage/officers.py) are kept the same way."""
    return await _code_hash(conn, code)


async def _code_hash(conn: aiosqlite.Connection, code: str) -> str:
    rows = list(await conn.execute_fetchall("SELECT pepper FROM link_code_pepper WHERE id = 1"))
    return hmac.new(bytes.fromhex(rows[0][0]), code.encode(), hashlib.sha256).hexdigest()


# ---------------------------------------------------------------- issuing

@dataclass(frozen=True, slots=True)
class Issued:
    code: str              # the 8 (or 12) digits; shown once, never stored
    expires_at: datetime
    revoked: int           # earlier unused codes for the same member and purpose
    shared: bool = False   # for a shared machine: 12 digits


async def issue(db: Database, *, club_id: int, member_id: int, proxy: bool, actor: str,
                now: datetime, ttl: timedelta = TTL, ticket: FlowTicket | None = None,
                shared: bool = False) -> Issued:
    """A new code for the member (``proxy``: for a relative who helps them;
    ``shared``: to be typed at a shared machine, see the module's doc)."""
    stamp = now.isoformat(timespec="seconds")
    expires = now + ttl
    digits = SHARED_CODE_DIGITS if shared else CODE_DIGITS
    async with db.transaction() as conn:
        if ticket is not None:
            await consume(conn, ticket)  # a second tap raises AlreadyDone
        await require_member(conn, club_id, member_id)  # NotInClub: nothing issued
        cur = await conn.execute(
            "UPDATE link_codes SET revoked_at = ? WHERE member_id = ? AND proxy = ? "
            "AND used_at IS NULL AND revoked_at IS NULL AND expires_at > ?",
            (stamp, member_id, int(proxy), stamp))
        revoked = cur.rowcount
        # Old codes keep their rows (they explain "this code was used/expired"),
        # so a fresh code must not land on any earlier one's hash.
        for _ in range(_DRAWS):
            code = f"{secrets.randbelow(10 ** digits):0{digits}d}"
            code_hash = await _code_hash(conn, code)
            taken = list(await conn.execute_fetchall(
                "SELECT 1 FROM link_codes WHERE code_hash = ?", (code_hash,)))
            if not taken:
                break
        else:  # a table holding most of 10^8 codes: something else is wrong
            raise RuntimeError("no free link code found")
        await conn.execute(
            "INSERT INTO link_codes (code_hash, member_id, proxy, issued_by, issued_at, "
            "expires_at, shared) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (code_hash, member_id, int(proxy), actor, stamp,
             expires.isoformat(timespec="seconds"), int(shared)))
        await audit(conn, at=now, actor=actor, action="link_code_issue", club_id=club_id,
                    member_id=member_id, detail={
                        "proxy": proxy, "expires_at": expires.isoformat(timespec="seconds"),
                        "revoked": revoked, "shared": shared})
    return Issued(code, expires, revoked, shared)


# ---------------------------------------------------------------- redeeming

class Outcome(StrEnum):
    LINKED = "linked"
    ALREADY = "already"    # the account already saw this member; the code is spent anyway
    WRONG = "wrong"        # no such code
    EXPIRED = "expired"
    USED = "used"
    REVOKED = "revoked"    # a newer code was issued instead
    LOCKED = "locked"      # too many failures: not even looked at


@dataclass(frozen=True, slots=True)
class Redeemed:
    outcome: Outcome
    member_id: int | None = None
    name: str = ""
    club: str = ""
    proxy: bool = False
    tries_left: int = MAX_FAILURES     # failures still allowed before the lock
    locked_until: datetime | None = None

    @property
    def ok(self) -> bool:
        return self.outcome in (Outcome.LINKED, Outcome.ALREADY)


async def redeem(db: Database, channel: str, account_id: str, code: str, *,
                 now: datetime) -> Redeemed:
    """Link the account to the code's member, if the code is good and the account
    has not used up its tries. ``code`` is the digits (:func:`normalize_code`)."""
    who = f"{channel}:{account_id}"
    stamp = now.isoformat(timespec="seconds")
    async with db.transaction() as conn:
        failures = await _recent_failures(conn, channel, account_id, now)
        if len(failures) >= MAX_FAILURES:
            until = failures[len(failures) - MAX_FAILURES] + FAILURE_WINDOW
            await audit(conn, at=now, actor=who, action="link_code_failed",
                        detail={"reason": Outcome.LOCKED.value,
                                "until": until.isoformat(timespec="seconds")})
            return Redeemed(Outcome.LOCKED, tries_left=0, locked_until=until)

        code_hash = await _code_hash(conn, code)
        rows = list(await conn.execute_fetchall(
            "SELECT k.member_id, k.proxy, k.expires_at, k.used_at, k.revoked_at, k.issued_by, "
            "m.name, m.club_id, c.name FROM link_codes k JOIN members m ON m.id = k.member_id "
            "JOIN clubs c ON c.id = m.club_id WHERE k.code_hash = ?", (code_hash,)))
        if not rows:
            return await _failed(conn, channel, account_id, now, failures, Outcome.WRONG)
        member_id, proxy, expires_at, used_at, revoked_at, issued_by, name, club_id, club = rows[0]
        dead = (Outcome.USED if used_at is not None
                else Outcome.REVOKED if revoked_at is not None
                else Outcome.EXPIRED if datetime.fromisoformat(expires_at) <= now
                else None)
        if dead is not None:
            return await _failed(conn, channel, account_id, now, failures, dead,
                                 member_id=member_id, club_id=club_id)

        await conn.execute("UPDATE link_codes SET used_at = ?, used_by = ? WHERE code_hash = ?",
                           (stamp, who, code_hash))
        added = await add_links(conn, channel, account_id, [member_id], how="code", now=now,
                                proxy=bool(proxy))
        # The one who typed the code came for this member: show their books now.
        await conn.execute(
            "UPDATE chat_accounts SET active_member_id = ? WHERE channel = ? AND account_id = ?",
            (member_id, channel, account_id))
        await conn.execute(
            "INSERT INTO link_attempts (channel, account_id, at, ok) VALUES (?, ?, ?, 1)",
            (channel, account_id, stamp))
        outcome = Outcome.LINKED if added else Outcome.ALREADY
        await audit(conn, at=now, actor=who, action="link_code_redeem", club_id=club_id,
                    member_id=member_id, detail={
                        "proxy": bool(proxy), "issued_by": issued_by,
                        "already_linked": outcome is Outcome.ALREADY})
        return Redeemed(outcome, member_id, name, club, bool(proxy),
                        tries_left=MAX_FAILURES - len(failures))


async def prune_attempts(db: Database, *, now: datetime) -> int:
    """Forget tries older than the window they count in; returns how many.

    Only the window's tries decide anything, and every try is in the audit
    log already; without this the table grows with every web sign-in try
    (each one a fresh account) forever.
    """
    async with db.transaction() as conn:
        cur = await conn.execute("DELETE FROM link_attempts WHERE at <= ?",
                                 ((now - FAILURE_WINDOW).isoformat(timespec="seconds"),))
        return cur.rowcount


async def _recent_failures(conn: aiosqlite.Connection, channel: str, account_id: str,
                           now: datetime) -> list[datetime]:
    since = (now - FAILURE_WINDOW).isoformat(timespec="seconds")
    rows = await conn.execute_fetchall(
        "SELECT at FROM link_attempts WHERE channel = ? AND account_id = ? AND ok = 0 "
        "AND at > ? ORDER BY at", (channel, account_id, since))
    return [datetime.fromisoformat(r[0]) for r in rows]


async def _failed(conn: aiosqlite.Connection, channel: str, account_id: str, now: datetime,
                  failures: list[datetime], outcome: Outcome, *,
                  member_id: int | None = None, club_id: int | None = None) -> Redeemed:
    """Count a failed try and audit it. The result names no member: whose a dead
    code was is nobody's business but the board's (the audit log has it)."""
    await conn.execute(
        "INSERT INTO link_attempts (channel, account_id, at, ok) VALUES (?, ?, ?, 0)",
        (channel, account_id, now.isoformat(timespec="seconds")))
    await audit(conn, at=now, actor=f"{channel}:{account_id}", action="link_code_failed",
                club_id=club_id, member_id=member_id, detail={"reason": outcome.value})
    failures = [*failures, now]
    left = max(0, MAX_FAILURES - len(failures))
    until = failures[len(failures) - MAX_FAILURES] + FAILURE_WINDOW if left == 0 else None
    return Redeemed(outcome, tries_left=left, locked_until=until)
