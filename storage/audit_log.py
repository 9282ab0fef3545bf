"""Reading the audit log back: who changed what, when, for a club or a member.

Rows are written by :func:`storage.database.audit` in the transaction of each
change. Here they are read in the order they happened, with the member's code
and name, and with the actor's name when the actor is a board member acting
in chat ("telegram:7003:12" names member 12).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from storage.database import Database


@dataclass(frozen=True, slots=True)
class ActorName:
    code: str
    name: str
    account: str     # "telegram:7003": the chat account the member acted from


@dataclass(frozen=True, slots=True)
class AuditEntry:
    at: datetime
    actor: str
    actor_member: ActorName | None
    action: str
    member_code: str | None
    member_name: str | None
    detail: dict[str, Any]


_SQL = """
SELECT a.at, a.actor, a.action, m.code, m.name, a.detail
FROM audit_log a LEFT JOIN members m ON m.id = a.member_id
WHERE {where}
ORDER BY a.at, a.id
"""


async def read_log(db: Database, *, club_id: int, member_id: int | None = None
                   ) -> list[AuditEntry]:
    """The club's log, oldest first; with ``member_id``, only rows about that member.

    A club's log also holds the rows tied to no club and no member (a wrong
    link code typed by an unknown account): in a database of several clubs
    they belong to none, and the operator should still see them.
    """
    if member_id is not None:
        where, params = "a.member_id = ?", (member_id,)
    else:
        where = ("coalesce(a.club_id, m.club_id) = ? "
                 "OR (a.club_id IS NULL AND a.member_id IS NULL)")
        params = (club_id,)
    rows = await db.fetchall(_SQL.format(where=where), params)
    actors = await _actor_names(db, {r[1] for r in rows})
    return [AuditEntry(datetime.fromisoformat(r[0]), r[1], actors.get(r[1]), r[2], r[3], r[4],
                       _detail(r[5])) for r in rows]


def _actor_member(actor: str) -> tuple[str, int] | None:
    """("telegram:7003", 12) for "telegram:7003:12"; None for "cli", "cli:import:x.xlsx"…"""
    account, sep, member = actor.rpartition(":")
    if not sep or not member.isdigit() or account.count(":") != 1:
        return None
    channel, _, account_id = account.partition(":")
    if not channel.isalpha() or channel == "cli":
        return None
    return account, int(member)


async def _actor_names(db: Database, actors: set[str]) -> dict[str, ActorName]:
    parsed = {actor: found for actor in actors if (found := _actor_member(actor))}
    if not parsed:
        return {}
    ids = sorted({member_id for _, member_id in parsed.values()})
    rows = await db.fetchall(
        f"SELECT id, code, name FROM members WHERE id IN ({','.join('?' * len(ids))})", ids)
    by_id = {r[0]: (r[1], r[2]) for r in rows}
    return {actor: ActorName(*by_id[member_id], account)
            for actor, (account, member_id) in parsed.items() if member_id in by_id}


def _detail(raw: str) -> dict[str, Any]:
    try:
        value = json.loads(raw)
    except ValueError:
        return {"detail": raw}
    return value if isinstance(value, dict) else {"detail": value}
