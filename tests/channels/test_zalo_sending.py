"""Sending on Zalo against the fake Zalo API on 127.0.0.1: an answer that meets
a flood limit arrives late rather than never, and a member is taken for
"blocked" only on evidence."""

from __future__ import annotations

import logging
import time
from datetime import datetime

from bot.channels.zalo import FORBIDDEN_IN_A_ROW, ZaloApi, ZaloChannel, ZaloSender
from bot.dispatcher import Dispatcher, Pace
from bot.pacing import Pacer
from handlers.context import Services
from storage import Database
from storage.outbox import Outgoing, enqueue
from tests.channels.fake_zalo import TOKEN, FakeZalo, update
from tests.conftest import AS_OF

LAN = "a1b2c3d4e5f60718"


async def test_an_answer_that_meets_a_429_is_sent_again_and_arrives(sample_db: Database):
    with FakeZalo(flood_first={LAN}, retry_after=1) as fake:
        pacer = Pacer(25.0, name="zalo")
        channel = ZaloChannel(ZaloApi(TOKEN, fake.base_url),
                              Services.over(sample_db, now=lambda: AS_OF), pacer=pacer)
        try:
            started = time.monotonic()
            assert await channel.process_update(update(LAN, "xin chào"))
            waited = time.monotonic() - started
        finally:
            await channel.close()
            await pacer.close()
        [welcome] = fake.texts_to(LAN)
    assert welcome.startswith("Xin chào!")
    assert waited >= 1.0              # as long as Zalo asked, not less
    assert pacer.stats.pauses == 1    # and every Zalo send waited with it


async def notice(db: Database, account: str, n: int) -> None:
    async with db.transaction() as conn:
        await enqueue(conn, [Outgoing(f"n{n}:{account}", "zalo", account, "notice",
                                      f"📢 Thông báo {n}", datetime(2000, 1, 1))], now=AS_OF)


async def state_of(db: Database, n: int, account: str) -> str:
    row = await db.fetchone("SELECT state FROM outbox WHERE dedup_key = ?", (f"n{n}:{account}",))
    assert row is not None
    return row[0]


async def is_blocked(db: Database, account: str) -> bool:
    return await db.fetchone("SELECT 1 FROM blocked_accounts WHERE channel = 'zalo' "
                             "AND account_id = ?", (account,)) is not None


async def test_one_unexplained_403_does_not_silence_a_member(sample_db: Database, caplog):
    caplog.set_level(logging.WARNING)
    account = "zu-403"
    with FakeZalo(fail_status=403) as fake:   # 403, "Something went wrong": no reason given
        api = ZaloApi(TOKEN, fake.base_url)
        sender = ZaloSender(api)
        dispatcher = Dispatcher(sample_db, {"zalo": sender}, Pace(per_chat_interval=0.0),
                                now=lambda: AS_OF)
        try:
            await notice(sample_db, account, 1)
            await dispatcher.drain()
            assert await state_of(sample_db, 1, account) == "failed"
            assert not await is_blocked(sample_db, account)
            assert "Something went wrong" in caplog.text   # Zalo's description, logged
            # Zalo is fine again: the next notice reaches her.
            fake.fail_status = None
            await notice(sample_db, account, 2)
            await dispatcher.drain()
            assert await state_of(sample_db, 2, account) == "sent"
            assert fake.texts_to(account) == ["📢 Thông báo 2"]
        finally:
            await api.aclose()


async def test_the_same_403_again_and_again_counts_as_blocked(sample_db: Database):
    account = "zu-403-again"
    with FakeZalo(fail_status=403) as fake:
        api = ZaloApi(TOKEN, fake.base_url)
        dispatcher = Dispatcher(sample_db, {"zalo": ZaloSender(api)},
                                Pace(per_chat_interval=0.0), now=lambda: AS_OF)
        try:
            for n in range(1, FORBIDDEN_IN_A_ROW + 1):
                await notice(sample_db, account, n)
                await dispatcher.drain()
        finally:
            await api.aclose()
    states = [await state_of(sample_db, n, account) for n in range(1, FORBIDDEN_IN_A_ROW + 1)]
    assert states == ["failed"] * (FORBIDDEN_IN_A_ROW - 1) + ["blocked"]
    assert await is_blocked(sample_db, account)


async def test_zalo_saying_the_user_blocked_the_bot_is_evidence_at_once(sample_db: Database):
    account = "zu-blocked"
    with FakeZalo(forbidden={account}) as fake:   # "Forbidden: the user has blocked the bot"
        api = ZaloApi(TOKEN, fake.base_url)
        dispatcher = Dispatcher(sample_db, {"zalo": ZaloSender(api)},
                                Pace(per_chat_interval=0.0), now=lambda: AS_OF)
        try:
            await notice(sample_db, account, 1)
            await dispatcher.drain()
        finally:
            await api.aclose()
    assert await state_of(sample_db, 1, account) == "blocked"
    assert await is_blocked(sample_db, account)
