"""Web chat sessions and the web inbox (migration 0007).

A session is a random token in an HTTP-only cookie; only its sha256 is kept.
Each session is one chat account on the ``web`` channel, linked by a one-time
code through :mod:`storage.link_codes`, so it sees exactly what that code
allowed. Ending a session (sign-out, expiry, a new sign-in in the same
browser) unlinks its account in the same transaction: nobody can ever speak
as it again, so nothing more should be queued for it.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

import aiosqlite

from storage.database import Database, audit

CHANNEL = "web"
SESSION_TTL = timedelta(days=30)
INBOX_KEPT = timedelta(days=30)  # how long a message already shown is kept
_INBOX_BATCH = 50


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_account_id() -> str:
    """A stable random id for one sign-in's chat account."""
    return "w" + secrets.token_hex(12)


@dataclass(frozen=True, slots=True)
class Session:
    account_id: str
    expires_at: datetime


async def create(db: Database, account_id: str, *, now: datetime,
                 ttl: timedelta = SESSION_TTL,
                 replacing: str | None = None) -> tuple[str, Session]:
    """A new session for a (just linked) web account; returns the cookie's token.

    ``replacing``: the token the browser already held. A browser holds one
    session, so that one ends in the same transaction — its row deleted and
    its account unlinked, as at sign-out — rather than stay valid unseen.
    """
    token = secrets.token_urlsafe(32)
    expires = now + ttl
    stamp = _iso(now)
    async with db.transaction() as conn:
        if replacing is not None:
            old = list(await conn.execute_fetchall(
                "SELECT account_id FROM web_sessions WHERE token_hash = ?",
                (token_hash(replacing),)))
            if old and old[0][0] != account_id:
                await _end_accounts(conn, [old[0][0]], now=now, action="web_session_replaced")
        await conn.execute(
            "INSERT INTO web_sessions (token_hash, account_id, created_at, expires_at) "
            "VALUES (?, ?, ?, ?)", (token_hash(token), account_id, stamp, _iso(expires)))
        await audit(conn, at=now, actor=f"{CHANNEL}:{account_id}", action="web_sign_in",
                    detail={"expires_at": _iso(expires)})
    return token, Session(account_id, expires)


async def find(db: Database, token: str, *, now: datetime) -> Session | None:
    """The live session for a cookie's token, or None (unknown, or expired)."""
    row = await db.fetchone(
        "SELECT account_id, expires_at FROM web_sessions WHERE token_hash = ? "
        "AND expires_at > ?", (token_hash(token), _iso(now)))
    return Session(row[0], datetime.fromisoformat(row[1])) if row else None


async def end(db: Database, token: str, *, now: datetime) -> bool:
    """Sign out: forget the session, unlink its account, drop its inbox."""
    async with db.transaction() as conn:
        rows = list(await conn.execute_fetchall(
            "SELECT account_id FROM web_sessions WHERE token_hash = ?", (token_hash(token),)))
        if not rows:
            return False
        await _end_accounts(conn, [rows[0][0]], now=now, action="web_sign_out")
    return True


async def prune_expired(db: Database, *, now: datetime) -> int:
    """End every session past its expiry, and forget inbox messages shown long ago
    or addressed to accounts no session speaks for; returns the sessions ended."""
    async with db.transaction() as conn:
        rows = list(await conn.execute_fetchall(
            "SELECT account_id FROM web_sessions WHERE expires_at <= ?", (_iso(now),)))
        await _end_accounts(conn, [r[0] for r in rows], now=now, action="web_session_expired")
        # A web account linked with no session to speak for it (the server
        # stopped between the code's redemption and the session's creation):
        # nobody can ever use it. Given an hour, so a sign-in in progress is not one.
        orphans = list(await conn.execute_fetchall(
            "SELECT DISTINCT account_id FROM chat_links WHERE channel = ? AND linked_at <= ? "
            "AND account_id NOT IN (SELECT account_id FROM web_sessions)",
            (CHANNEL, _iso(now - timedelta(hours=1)))))
        await _end_accounts(conn, [r[0] for r in orphans], now=now, action="web_orphan_unlinked")
        await conn.execute(
            "DELETE FROM web_inbox WHERE seen_at <= ? OR account_id NOT IN "
            "(SELECT account_id FROM web_sessions)", (_iso(now - INBOX_KEPT),))
    return len(rows)


async def _end_accounts(conn: aiosqlite.Connection, account_ids: list[str], *, now: datetime,
                        action: str) -> None:
    for account_id in account_ids:
        actor = f"{CHANNEL}:{account_id}"
        key = (CHANNEL, account_id)
        links = list(await conn.execute_fetchall(
            "SELECT member_id FROM chat_links WHERE channel = ? AND account_id = ?", key))
        await conn.execute("DELETE FROM chat_links WHERE channel = ? AND account_id = ?", key)
        await conn.execute("DELETE FROM conversation_state WHERE channel = ? AND account_id = ?",
                           key)
        await conn.execute(
            "UPDATE chat_accounts SET active_member_id = NULL WHERE channel = ? "
            "AND account_id = ?", key)
        await conn.execute("DELETE FROM web_inbox WHERE account_id = ?", (account_id,))
        await conn.execute("DELETE FROM web_sessions WHERE account_id = ?", (account_id,))
        for (member_id,) in links:
            await audit(conn, at=now, actor=actor, action="unlink",
                        member_id=member_id, detail={"why": action})
        await audit(conn, at=now, actor=actor, action=action)


# ---------------------------------------------------------------- the inbox


@dataclass(frozen=True, slots=True)
class InboxMessage:
    id: int
    text: str
    created_at: str


async def deliver(db: Database, account_id: str, outbox_id: int, text: str, *,
                  now: datetime) -> bool:
    """Put one outbox message in the account's inbox; False if it already was."""
    async with db.transaction() as conn:
        cur = await conn.execute(
            "INSERT OR IGNORE INTO web_inbox (account_id, outbox_id, text, created_at) "
            "VALUES (?, ?, ?, ?)", (account_id, outbox_id, text, _iso(now)))
        return cur.rowcount == 1


async def unseen(db: Database, account_id: str) -> list[InboxMessage]:
    rows = await db.fetchall(
        "SELECT id, text, created_at FROM web_inbox WHERE account_id = ? AND seen_at IS NULL "
        "ORDER BY id LIMIT ?", (account_id, _INBOX_BATCH))
    return [InboxMessage(*r) for r in rows]


async def mark_seen(db: Database, account_id: str, up_to: int, *, now: datetime) -> int:
    """The page has shown the account's messages up to this id."""
    async with db.transaction() as conn:
        cur = await conn.execute(
            "UPDATE web_inbox SET seen_at = ? WHERE account_id = ? AND id <= ? "
            "AND seen_at IS NULL", (_iso(now), account_id, up_to))
        return cur.rowcount


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")
