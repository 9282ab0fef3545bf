"""Where a multi-step conversation stands, per chat account, in the database.

A half-entered payment or a roll-call in progress must survive a restart and
a phone that sleeps for an hour. Each new flow (or step) bumps ``version``;
buttons carry the version they were drawn for, so a tap on an old message is
recognised and refused instead of acting on the wrong thing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import aiosqlite

from storage.club_scope import NotInClub, require_board_link
from storage.database import Database


@dataclass(frozen=True, slots=True)
class FlowTicket:
    """The conversation step that asks for a change; consumed with the change,
    in the same transaction, so a second tap on "confirm" finds it gone.

    A board step's ticket also names the club the flow was opened for and the
    board member acting: consuming it checks, in the write's transaction, that
    the flow is still that club's and the account still holds that post there.
    """

    channel: str
    account_id: str
    version: int
    club_id: int | None = None
    actor_member_id: int | None = None


class AlreadyDone(Exception):
    """The step had already been consumed: a second tap, or an old button."""


async def consume(conn: aiosqlite.Connection, ticket: FlowTicket) -> None:
    """End the flow inside the caller's transaction, or raise AlreadyDone
    (NotInClub when the flow or the acting post is not of the ticket's club)."""
    key = (ticket.channel, ticket.account_id, ticket.version)
    rows = list(await conn.execute_fetchall(
        "SELECT json_extract(data, '$.club_id') FROM conversation_state "
        "WHERE channel = ? AND account_id = ? AND version = ?", key))
    if not rows:
        raise AlreadyDone()
    if ticket.club_id is not None:
        if rows[0][0] != ticket.club_id:
            raise NotInClub("flow", ticket.version, ticket.club_id)
        if ticket.actor_member_id is not None:
            await require_board_link(conn, ticket.club_id, ticket.channel, ticket.account_id,
                                     ticket.actor_member_id)
    await conn.execute(
        "DELETE FROM conversation_state WHERE channel = ? AND account_id = ? AND version = ?",
        key)


@dataclass(frozen=True, slots=True)
class FlowState:
    flow: str
    version: int
    data: dict[str, Any] = field(default_factory=dict)
    updated_at: str = ""


async def load_state(db: Database, channel: str, account_id: str) -> FlowState | None:
    row = await db.fetchone(
        "SELECT flow, version, data, updated_at FROM conversation_state "
        "WHERE channel = ? AND account_id = ?", (channel, account_id))
    if row is None:
        return None
    return FlowState(row[0], row[1], json.loads(row[2]), row[3])


async def save_state(db: Database, channel: str, account_id: str, flow: str,
                     data: dict[str, Any], *, now: datetime) -> FlowState:
    """Start or advance a flow; returns the state with its new version."""
    stamp = now.isoformat(timespec="seconds")
    payload = json.dumps(data, ensure_ascii=False)
    async with db.transaction() as conn:
        await conn.execute(
            "INSERT INTO conversation_state (channel, account_id, flow, data, version, "
            "updated_at) VALUES (?, ?, ?, ?, 1, ?) "
            "ON CONFLICT (channel, account_id) DO UPDATE SET flow = excluded.flow, "
            "data = excluded.data, version = conversation_state.version + 1, "
            "updated_at = excluded.updated_at",
            (channel, account_id, flow, payload, stamp))
        rows = list(await conn.execute_fetchall(
            "SELECT version FROM conversation_state WHERE channel = ? AND account_id = ?",
            (channel, account_id)))
    return FlowState(flow, rows[0][0], data, stamp)


async def clear_state(db: Database, channel: str, account_id: str,
                      expected_version: int | None = None) -> bool:
    """End the flow. With ``expected_version``, only if it is still that one
    (so of two taps on "confirm" only the first ends the flow)."""
    sql = "DELETE FROM conversation_state WHERE channel = ? AND account_id = ?"
    params: tuple[Any, ...] = (channel, account_id)
    if expected_version is not None:
        sql += " AND version = ?"
        params += (expected_version,)
    async with db.transaction() as conn:
        cur = await conn.execute(sql, params)
        return cur.rowcount == 1
