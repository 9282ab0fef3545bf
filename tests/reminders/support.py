"""Shared helpers for the reminder tests: linking accounts, reading the outbox,
a virtual clock, and a channel sender that answers as told."""

from __future__ import annotations

import asyncio
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from bot.dispatcher import (
    DeliveryUncertain,
    NotDelivered,
    RecipientBlocked,
    Rejected,
    RetryLater,
)
from storage import Database
from storage.accounts import link_members
from storage.outbox import Claimed
from tests.conftest import member

CHANNEL = "telegram"


async def member_id(db: Database, code: str) -> int:
    row = await db.fetchone("SELECT id FROM members WHERE code = ?", (code,))
    assert row is not None
    return row[0]


async def link(db: Database, account: int | str, *codes: str, proxy: bool = False,
               at: datetime = datetime(2026, 11, 1)) -> None:
    ids = [await member_id(db, code) for code in codes]
    await link_members(db, CHANNEL, str(account), ids, how="code" if proxy else "contact",
                       now=at, proxy=proxy)


async def outbox_rows(db: Database, **where: Any) -> list[dict[str, Any]]:
    sql = ("SELECT id, dedup_key, channel, account_id, kind, text, due_at, state, event_key, "
           "expires_at, member_id, last_error FROM outbox")
    if where:
        sql += " WHERE " + " AND ".join(f"{k} = ?" for k in where)
    rows = await db.fetchall(sql + " ORDER BY id", tuple(where.values()))
    names = ("id", "dedup_key", "channel", "account_id", "kind", "text", "due_at", "state",
             "event_key", "expires_at", "member_id", "last_error")
    return [dict(zip(names, r, strict=True)) for r in rows]


def accounts_of(rows: list[dict[str, Any]]) -> set[str]:
    return {r["account_id"] for r in rows}


def phone(code: str) -> str:
    return member(code)["phone"]


class VirtualClock:
    """Monotonic seconds and wall-clock time that move only when someone sleeps."""

    def __init__(self, start: datetime) -> None:
        self.start = start
        self.t = 0.0

    def monotonic(self) -> float:
        return self.t

    def now(self) -> datetime:
        return self.start + timedelta(seconds=self.t)

    async def sleep(self, seconds: float) -> None:
        # Tasks started just before (a send) run at this moment, not after the jump.
        await asyncio.sleep(0)
        self.t += max(seconds, 0.0)
        await asyncio.sleep(0)

    def advance(self, **delta: float) -> None:
        self.t += timedelta(**delta).total_seconds()


@dataclass
class ScriptedSender:
    """Delivers instantly, or fails as scripted per account (one outcome per attempt)."""

    clock: VirtualClock
    script: dict[str, list[str]] = field(default_factory=dict)
    latency: float = 0.0
    log: list[tuple[float, str, str]] = field(default_factory=list)   # (t, account, text)
    attempts: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    async def send(self, message: Claimed) -> None:
        self.attempts[message.account_id] += 1
        planned = self.script.get(message.account_id)
        outcome = planned.pop(0) if planned else "ok"
        if self.latency:
            await self.clock.sleep(self.latency)
        if outcome == "ok":
            self.log.append((self.clock.t, message.account_id, message.text))
            return
        if outcome.startswith("flood"):
            raise RetryLater(float(outcome.split(":")[1]))
        if outcome == "blocked":
            raise RecipientBlocked("Forbidden: bot was blocked by the user")
        if outcome == "timeout":
            self.log.append((self.clock.t, message.account_id, message.text))  # it did arrive
            raise DeliveryUncertain("Timed out")
        if outcome == "offline":
            raise NotDelivered("httpx.ConnectError")
        if outcome == "bad":
            raise Rejected("Bad Request: chat not found")
        raise RuntimeError(outcome)

    def received(self) -> dict[str, int]:
        counts: dict[str, int] = defaultdict(int)
        for _, account, _ in self.log:
            counts[account] += 1
        return dict(counts)
