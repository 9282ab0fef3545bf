"""Files handed out by link, for channels that cannot carry a document.

A report's workbook or PDF is stored with a random token (only its sha256 is
kept) and served at ``/files/<token>`` by the web server until it expires, a
day later (bot/downloads.py). Expired files are pruned when new ones are stored.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from storage.database import Database, audit

VALID_FOR = timedelta(days=1)
PATH = "/files/"


@dataclass(frozen=True, slots=True)
class StoredFile:
    filename: str
    media_type: str
    content: bytes


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def store(db: Database, *, club_id: int, filename: str, media_type: str,
                content: bytes, actor: str, now: datetime) -> str:
    """Keep the file for a day; returns the token of its link."""
    token = secrets.token_urlsafe(24)
    async with db.transaction() as conn:
        await conn.execute("DELETE FROM download_files WHERE expires_at <= ?",
                           (now.isoformat(timespec="seconds"),))
        await conn.execute(
            "INSERT INTO download_files (token_hash, club_id, filename, media_type, content, "
            "created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (_hash(token), club_id, filename, media_type, content, actor,
             now.isoformat(timespec="seconds"),
             (now + VALID_FOR).isoformat(timespec="seconds")))
        await audit(conn, at=now, actor=actor, action="download_link", club_id=club_id,
                    detail={"file": filename})
    return token


async def fetch(db: Database, token: str, now: datetime) -> StoredFile | None:
    """The file behind a token, unless it expired (or never was)."""
    if not token or len(token) > 64:
        return None
    row = await db.fetchone(
        "SELECT filename, media_type, content FROM download_files "
        "WHERE token_hash = ? AND expires_at > ?",
        (_hash(token), now.isoformat(timespec="seconds")))
    return StoredFile(row[0], row[1], bytes(row[2])) if row else None


def link(public_url: str, token: str) -> str:
    return public_url.rstrip("/") + PATH + token
