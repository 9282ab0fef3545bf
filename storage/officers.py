"""The Association's officers, their sign-in codes and their web sessions (migration 0022).

An officer reads the figures of the clubs in their scope — a commune, a
province, or every club — on the web dashboard, nothing else. Codes follow
the link codes' rules (storage/link_codes.py): 8 digits, an HMAC under the
same pepper is all that is stored, one use, 48 hours, and a newer code
revokes the officer's earlier unused ones. A session is a random token in an
HTTP-only cookie, of which only the sha256 is kept, in its own table: a
member's session is never an officer's. The scope is read again with the
session on every request, so removing an officer (or changing the books'
communes) takes effect at once.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

import aiosqlite

from club import texts_officer as texts
from club.text import fold
from storage import link_codes
from storage.database import Database, audit

CODE_TTL = link_codes.TTL
SESSION_TTL = timedelta(hours=12)  # a working day at the commune hall's PC
ACTOR = "cli"
_DRAWS = 50


class BadScope(ValueError):
    """A scope not written as commune:NAME[, PROVINCE], province:NAME or all."""


@dataclass(frozen=True, slots=True)
class Scope:
    kind: str               # 'commune' | 'province' | 'all'
    name: str = ""
    province: str = ""      # for a commune: its province, when given

    def covers(self, commune: str, province: str) -> bool:
        if self.kind == "all":
            return True
        if self.kind == "province":
            return _same(province, self.name)
        return _same(commune, self.name) and (not self.province
                                              or _same(province, self.province))

    @property
    def label(self) -> str:
        if self.kind == "all":
            return texts.SCOPE_ALL
        if self.kind == "province":
            return texts.SCOPE_PROVINCE.format(name=self.name)
        if self.province:
            return texts.SCOPE_COMMUNE_IN.format(name=self.name, province=self.province)
        return texts.SCOPE_COMMUNE.format(name=self.name)


def _same(a: str, b: str) -> bool:
    return " ".join(fold(a).split()) == " ".join(fold(b).split())


def parse_scope(text: str) -> Scope:
    """ "commune:Xã Tân Lập", "commune:Xã Tân Lập, Hưng Yên", "province:Hưng Yên", "all"."""
    text = " ".join(text.split())
    if fold(text) in ("all", "tat ca"):
        return Scope("all")
    kind, sep, rest = text.partition(":")
    kind = fold(kind).strip()
    rest = rest.strip()
    if not sep or not rest or len(rest) > 120:
        raise BadScope(text)
    if kind in ("commune", "xa", "phuong"):
        name, _, province = (part.strip() for part in rest.partition(","))
        if not name:
            raise BadScope(text)
        return Scope("commune", name, province)
    if kind in ("province", "tinh"):
        return Scope("province", rest)
    raise BadScope(text)


@dataclass(frozen=True, slots=True)
class Officer:
    id: int
    name: str
    scope: Scope
    removed: bool = False


def _officer(row: tuple) -> Officer:
    return Officer(row[0], row[1], Scope(row[2], row[3], row[4]), row[5] is not None)


_COLUMNS = "id, name, scope_kind, scope_name, scope_province, removed_at"


async def list_officers(db: Database) -> list[Officer]:
    return [_officer(r) for r in await db.fetchall(
        f"SELECT {_COLUMNS} FROM officers ORDER BY id")]


async def get_officer(db: Database, officer_id: int) -> Officer | None:
    row = await db.fetchone(f"SELECT {_COLUMNS} FROM officers WHERE id = ?", (officer_id,))
    return _officer(row) if row else None


async def club_ids_in(db: Database, scope: Scope) -> list[int]:
    """The clubs the scope covers, in id order (names matched folded)."""
    rows = await db.fetchall("SELECT id, commune, province FROM clubs ORDER BY id")
    return [r[0] for r in rows if scope.covers(r[1], r[2])]


@dataclass(frozen=True, slots=True)
class IssuedCode:
    officer: Officer
    code: str              # shown once, never stored
    expires_at: datetime


async def add_officer(db: Database, name: str, scope: Scope, *, now: datetime,
                      actor: str = ACTOR) -> IssuedCode:
    """A new officer and their first sign-in code, in one transaction."""
    async with db.transaction() as conn:
        cur = await conn.execute(
            "INSERT INTO officers (name, scope_kind, scope_name, scope_province, created_at) "
            "VALUES (?, ?, ?, ?, ?)",
            (name, scope.kind, scope.name, scope.province, _iso(now)))
        officer = Officer(int(cur.lastrowid or 0), name, scope)
        await audit(conn, at=now, actor=actor, action="officer_add", detail={
            "officer": officer.id, "name": name, "scope": scope.kind,
            "scope_name": scope.name, "scope_province": scope.province})
        code, expires = await _new_code(conn, officer.id, now)
    return IssuedCode(officer, code, expires)


async def _live_officer(conn: aiosqlite.Connection, officer_id: int) -> Officer | None:
    """The officer, unless removed: read inside the caller's write transaction."""
    rows = list(await conn.execute_fetchall(
        f"SELECT {_COLUMNS} FROM officers WHERE id = ? AND removed_at IS NULL", (officer_id,)))
    return _officer(rows[0]) if rows else None


async def issue_code(db: Database, officer_id: int, *, now: datetime,
                     actor: str = ACTOR) -> IssuedCode | None:
    """A fresh code for an officer (their earlier unused ones are revoked)."""
    async with db.transaction() as conn:
        officer = await _live_officer(conn, officer_id)
        if officer is None:
            return None
        code, expires = await _new_code(conn, officer.id, now)
        await audit(conn, at=now, actor=actor, action="officer_code",
                    detail={"officer": officer.id})
    return IssuedCode(officer, code, expires)


async def _new_code(conn: aiosqlite.Connection, officer_id: int, now: datetime
                    ) -> tuple[str, datetime]:
    stamp = _iso(now)
    await conn.execute(
        "UPDATE officer_codes SET revoked_at = ? WHERE officer_id = ? AND used_at IS NULL "
        "AND revoked_at IS NULL", (stamp, officer_id))
    for _ in range(_DRAWS):
        code = f"{secrets.randbelow(10 ** link_codes.CODE_DIGITS):0{link_codes.CODE_DIGITS}d}"
        code_hash = await link_codes.code_hash(conn, code)
        taken = list(await conn.execute_fetchall(
            "SELECT 1 FROM officer_codes WHERE code_hash = ?", (code_hash,)))
        if not taken:
            break
    else:
        raise RuntimeError("no free officer code found")
    expires = now + CODE_TTL
    await conn.execute(
        "INSERT INTO officer_codes (code_hash, officer_id, issued_at, expires_at) "
        "VALUES (?, ?, ?, ?)", (code_hash, officer_id, stamp, _iso(expires)))
    return code, expires


async def remove_officer(db: Database, officer_id: int, *, now: datetime,
                         actor: str = ACTOR) -> Officer | None:
    """Mark the officer removed; their codes and sessions go in the same transaction."""
    async with db.transaction() as conn:
        officer = await _live_officer(conn, officer_id)
        if officer is None:
            return None
        await conn.execute("UPDATE officers SET removed_at = ? WHERE id = ?",
                           (_iso(now), officer_id))
        await conn.execute("DELETE FROM officer_sessions WHERE officer_id = ?", (officer_id,))
        await conn.execute("UPDATE officer_codes SET revoked_at = ? WHERE officer_id = ? "
                           "AND used_at IS NULL AND revoked_at IS NULL",
                           (_iso(now), officer_id))
        await audit(conn, at=now, actor=actor, action="officer_remove",
                    detail={"officer": officer_id})
    return officer


# ---------------------------------------------------------------- signing in


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def redeem(db: Database, code: str, *, now: datetime,
                 ttl: timedelta = SESSION_TTL) -> tuple[str, Officer] | None:
    """Spend a code and open a session: (the cookie's token, the officer), or
    None for a code that is unknown, used, revoked, expired, or whose officer
    was removed — all alike, so a guesser learns nothing."""
    stamp = _iso(now)
    async with db.transaction() as conn:
        code_hash = await link_codes.code_hash(conn, code)
        rows = list(await conn.execute_fetchall(
            f"SELECT {', '.join('o.' + c for c in _COLUMNS.split(', '))} "
            "FROM officer_codes c JOIN officers o ON o.id = c.officer_id "
            "WHERE c.code_hash = ? AND c.used_at IS NULL AND c.revoked_at IS NULL "
            "AND c.expires_at > ? AND o.removed_at IS NULL", (code_hash, stamp)))
        if not rows:
            await audit(conn, at=now, actor="officer-web", action="officer_sign_in_failed")
            return None
        officer = _officer(rows[0])
        await conn.execute("UPDATE officer_codes SET used_at = ? WHERE code_hash = ?",
                           (stamp, code_hash))
        token = secrets.token_urlsafe(32)
        await conn.execute(
            "INSERT INTO officer_sessions (token_hash, officer_id, created_at, expires_at) "
            "VALUES (?, ?, ?, ?)", (token_hash(token), officer.id, stamp, _iso(now + ttl)))
        await audit(conn, at=now, actor=f"officer:{officer.id}", action="officer_sign_in",
                    detail={"expires_at": _iso(now + ttl)})
    return token, officer


async def session_officer(db: Database, token: str, *, now: datetime) -> Officer | None:
    """The officer a live session's token belongs to (their scope as it is now)."""
    row = await db.fetchone(
        f"SELECT {', '.join('o.' + c for c in _COLUMNS.split(', '))} "
        "FROM officer_sessions s JOIN officers o ON o.id = s.officer_id "
        "WHERE s.token_hash = ? AND s.expires_at > ? AND o.removed_at IS NULL",
        (token_hash(token), _iso(now)))
    return _officer(row) if row else None


async def end_session(db: Database, token: str, *, now: datetime) -> bool:
    async with db.transaction() as conn:
        rows = list(await conn.execute_fetchall(
            "SELECT officer_id FROM officer_sessions WHERE token_hash = ?",
            (token_hash(token),)))
        if not rows:
            return False
        await conn.execute("DELETE FROM officer_sessions WHERE token_hash = ?",
                           (token_hash(token),))
        await audit(conn, at=now, actor=f"officer:{rows[0][0]}", action="officer_sign_out")
    return True


async def prune_sessions(db: Database, *, now: datetime) -> int:
    async with db.transaction() as conn:
        cur = await conn.execute("DELETE FROM officer_sessions WHERE expires_at <= ?",
                                 (_iso(now),))
        return cur.rowcount


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")
