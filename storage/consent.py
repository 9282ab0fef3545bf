"""Consent to keep a member's health readings, as an append-only record.

Health data is sensitive personal data (Law 91/2025/QH15): the club may keep
and show a member's blood pressure and weight only while she agrees, and she
may withdraw at any time. Every answer — agree, decline, withdraw — is a new
row of ``health_consents`` (the database refuses edits and deletions), stored
with the version of the words she was shown; the words themselves are kept in
``consent_wordings`` under that version. Her latest row is her choice now.

The savings, loans and meetings need no such consent: the club keeps them
because she is a member.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

import aiosqlite

from club import texts
from storage.club_scope import require_member
from storage.conversation import FlowTicket, consume
from storage.database import Database, audit
from storage.outbox import Outgoing, enqueue, linked_accounts


class Decision(StrEnum):
    AGREE = "agree"
    DECLINE = "decline"
    WITHDRAW = "withdraw"


class How(StrEnum):
    CHAT = "chat"            # she tapped it herself
    RELATIVE = "relative"    # a relative she linked tapped it for her
    IN_PERSON = "in_person"  # she answered a board member, who tapped it
    PAPER = "paper"          # a signed paper form (date, witness)
    FORGET = "forget"        # her data was deleted at her request
    CLI = "cli"


# The words asked with, and their version: any change to the words needs a
# new version (tests/privacy/test_consent.py holds the words to their version).
VERSION = texts.HEALTH_CONSENT_VERSION
WORDS = texts.HEALTH_CONSENT_WORDS


class MemberLeft(Exception):
    """The member's data was deleted at her request: nothing more is recorded."""


@dataclass(frozen=True, slots=True)
class Consent:
    decision: Decision
    how: How
    at: str
    wording: str
    signed_on: str | None = None
    witness: str | None = None

    @property
    def given(self) -> bool:
        return self.decision is Decision.AGREE


# The member's choice now, as an SQL expression over ``:mid`` (used inside the
# member file's single statement, so readings leave the database only with it).
CONSENTED_SQL = ("(SELECT decision FROM health_consents WHERE member_id = :mid "
                 "ORDER BY id DESC LIMIT 1) = 'agree'")

_LATEST_SQL = ("SELECT decision, how, at, wording, signed_on, witness FROM health_consents "
               "WHERE member_id = ? ORDER BY id DESC LIMIT 1")


async def latest(db: Database, member_id: int) -> Consent | None:
    """The member's latest answer, or None if she was never asked."""
    row = await db.fetchone(_LATEST_SQL, (member_id,))
    return _consent(row)


async def latest_in(conn: aiosqlite.Connection, member_id: int) -> Consent | None:
    """:func:`latest` inside the caller's transaction (decide and write in one)."""
    rows = list(await conn.execute_fetchall(_LATEST_SQL, (member_id,)))
    return _consent(rows[0] if rows else None)


def _consent(row: aiosqlite.Row | tuple | None) -> Consent | None:
    if row is None:
        return None
    return Consent(Decision(row[0]), How(row[1]), row[2], row[3], row[4], row[5])


async def history(db: Database, member_id: int) -> list[Consent]:
    """Every answer of the member, oldest first."""
    rows = await db.fetchall(
        "SELECT decision, how, at, wording, signed_on, witness FROM health_consents "
        "WHERE member_id = ? ORDER BY id", (member_id,))
    return [c for c in (_consent(r) for r in rows) if c is not None]


async def record(db: Database, *, member_id: int, decision: Decision, how: How, actor: str,
                 now: datetime, signed_on: date | None = None, witness: str | None = None,
                 notice: str | None = None, ticket: FlowTicket | None = None) -> Consent:
    """Append the member's answer (one transaction); raises MemberLeft for a
    member whose data was deleted.

    ``notice`` goes to every account linked to her, so that what the board
    records in her name always reaches her; ``ticket`` is the board's flow
    step, consumed in the same transaction (a second tap records nothing and
    raises AlreadyDone). A board step's ticket names its club: the member must
    be of it, checked in the same transaction (NotInClub, nothing written).
    """
    async with db.transaction() as conn:
        if ticket is not None:
            await consume(conn, ticket)
            if ticket.club_id is not None:
                await require_member(conn, ticket.club_id, member_id)
        return await record_in(conn, member_id=member_id, decision=decision, how=how,
                               actor=actor, now=now, signed_on=signed_on, witness=witness,
                               notice=notice)


async def record_in(conn: aiosqlite.Connection, *, member_id: int, decision: Decision,
                    how: How, actor: str, now: datetime, signed_on: date | None = None,
                    witness: str | None = None, notice: str | None = None) -> Consent:
    """:func:`record` inside the caller's transaction."""
    rows = list(await conn.execute_fetchall(
        "SELECT club_id, left_on FROM members WHERE id = ?", (member_id,)))
    if not rows:
        raise LookupError(member_id)
    club_id, left_on = rows[0]
    if left_on is not None and how is not How.FORGET:
        raise MemberLeft(member_id)
    stamp = now.isoformat(timespec="seconds")
    await _keep_wording(conn, stamp)
    cur = await conn.execute(
        "INSERT INTO health_consents (member_id, club_id, decision, wording, how, recorded_by, "
        "signed_on, witness, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (member_id, club_id, decision.value, VERSION, how.value, actor,
         signed_on.isoformat() if signed_on else None, witness, stamp))
    if notice is not None:
        await enqueue(conn, [
            Outgoing(dedup_key=f"consent:{cur.lastrowid}:{channel}:{account}", channel=channel,
                     account_id=account, kind="receipt", text=notice, due_at=now,
                     club_id=club_id, member_id=member_id)
            for channel, account in await linked_accounts(conn, member_id)], now=now)
    detail: dict[str, object] = {"decision": decision.value, "how": how.value,
                                 "wording": VERSION}
    if signed_on is not None:
        detail["signed_on"] = signed_on.isoformat()
    await audit(conn, at=now, actor=actor, action="health_consent", club_id=club_id,
                member_id=member_id, detail=detail)
    return Consent(decision, how, stamp, VERSION,
                   signed_on.isoformat() if signed_on else None, witness)


async def _keep_wording(conn: aiosqlite.Connection, stamp: str) -> None:
    """Store the words under their version the first time they are used; words
    changed without a new version are refused rather than recorded wrongly."""
    await conn.execute(
        "INSERT OR IGNORE INTO consent_wordings (version, text, first_shown_at) VALUES (?, ?, ?)",
        (VERSION, WORDS, stamp))
    rows = list(await conn.execute_fetchall(
        "SELECT text FROM consent_wordings WHERE version = ?", (VERSION,)))
    if rows[0][0] != WORDS:
        raise RuntimeError(
            f"the consent wording changed but its version {VERSION!r} did not: "
            "give HEALTH_CONSENT_VERSION a new value in club/texts.py")


async def wording(db: Database, version: str) -> str | None:
    """The words shown under a version, as they were."""
    row = await db.fetchone("SELECT text FROM consent_wordings WHERE version = ?", (version,))
    return row[0] if row else None
