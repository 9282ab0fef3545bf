"""No answer lost to flood control, over real HTTP on 127.0.0.1: the real
Application polling a fake Bot API that enforces Telegram's 30 messages a
second, the real dispatcher beside it, and a fake Zalo that floods."""

from __future__ import annotations

import asyncio
import logging
import time
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime, timedelta

import httpx
import pytest
from telegram.error import NetworkError, RetryAfter, TimedOut
from telegram.ext import Application

from bot.channels.telegram import CHANNEL, TelegramSender, build_application
from bot.channels.telegram_limits import PacedRateLimiter
from bot.channels.zalo import ZaloApi, ZaloSender
from bot.dispatcher import Dispatcher, Pace
from bot.pacing import Pacer, Patience
from handlers.context import Services
from storage import Database
from storage.outbox import Outgoing, enqueue
from tests.channels.fake_zalo import TOKEN as ZALO_TOKEN
from tests.channels.fake_zalo import FakeZalo
from tests.conftest import AS_OF
from tests.reminders.support import outbox_rows
from tests.support import updates
from tests.support.fake_bot_server import FakeBotApi

TOKEN = "123456:FLOOD-token-not-real"
TELEGRAM_LIMIT = 30


@asynccontextmanager
async def polling(db: Database, api: FakeBotApi, pacer: Pacer,
                  **limits: object) -> AsyncIterator[Application]:
    """The bot's Application, polling the fake Bot API, its answers on ``pacer``."""
    app = build_application(TOKEN, Services.over(db, now=lambda: AS_OF), base_url=api.base_url,
                            pacer=pacer)
    if limits:
        app.bot.rate_limiter.patience = Patience(**limits)  # type: ignore[union-attr]
    await app.initialize()
    await app.start()
    assert app.updater is not None
    await app.updater.start_polling(poll_interval=0.0, timeout=1)
    try:
        yield app
    finally:
        await app.updater.stop()
        await app.stop()
        await app.shutdown()
        await pacer.close()


async def sent_to(api: FakeBotApi, count: int, timeout: float) -> list[dict]:
    return await asyncio.to_thread(api.wait_for_sent, count, timeout)


async def put(db: Database, channel: str, accounts: list[str], *, tag: str = "r",
              due: datetime = datetime(2000, 1, 1)) -> None:
    async with db.transaction() as conn:
        await enqueue(conn, [Outgoing(f"{tag}:{channel}:{a}", channel, a, "reminder",
                                      f"📅 Nhắc họp {a}", due) for a in accounts], now=AS_OF)


# ---------------------------------------------------------------- answers under the limit

async def test_sixty_members_asking_three_questions_at_once_are_all_answered(sample_db):
    """The Bot API allows 30 messages a second; 180 questions arrive at once."""
    users = list(range(9_100_001, 9_100_061))
    with FakeBotApi(max_per_second=TELEGRAM_LIMIT) as api:
        for words in ("xin chào", "tiet kiem", "lich hop"):
            for user in users:
                api.push(updates.text(user, words))
        async with polling(sample_db, api, Pacer(28.0, name=CHANNEL)):
            sent = await sent_to(api, 180, timeout=60)
            await asyncio.sleep(0.3)  # nothing more comes
        accepted = list(api.accepted_at)
        floods = [t - accepted[0] for t in api.flooded_at]
        delivered = api.delivered()
    assert len(sent) == 180 and api.flooded == len(floods)
    assert delivered == {user: 3 for user in users}         # every question answered, once
    rate = (len(accepted) - 1) / (accepted[-1] - accepted[0])
    assert rate >= 0.8 * TELEGRAM_LIMIT, f"{rate:.1f} answers/s"
    assert rate <= TELEGRAM_LIMIT
    assert [t for t in floods if t > 1.0] == []              # no 429 once it settled


async def test_an_answer_that_meets_a_flood_limit_is_sent_again_and_arrives(sample_db):
    user = 9_100_100
    with FakeBotApi(flood_first={user}, retry_after=1) as api:
        api.push(updates.text(user, "xin chào"))
        started = time.monotonic()
        pacer = Pacer(28.0, name=CHANNEL)
        async with polling(sample_db, api, pacer):
            [welcome] = await sent_to(api, 1, timeout=15)
            waited = time.monotonic() - started
            await asyncio.sleep(0.2)
        assert api.flooded == 1 and api.delivered() == {user: 1}
    assert welcome["text"].startswith("Xin chào!")
    assert waited >= 1.0                      # it waited as long as Telegram asked
    assert pacer.stats.pauses == 1


async def test_an_answer_given_up_after_the_patience_is_logged(sample_db, caplog):
    user = 9_100_101
    caplog.set_level(logging.ERROR)
    with FakeBotApi(flood_first={user}, retry_after=5) as api:
        app = build_application(TOKEN, Services.over(sample_db, now=lambda: AS_OF),
                                base_url=api.base_url, pacer=Pacer(28.0, name=CHANNEL))
        app.bot.rate_limiter.patience = Patience(total=1.0)  # type: ignore[union-attr]
        await app.initialize()
        try:
            with pytest.raises(RetryAfter):
                await app.bot.send_message(user, "…")
        finally:
            await app.shutdown()
    assert "given up" in caplog.text


# ---------------------------------------------------------------- answers beside a fan-out

async def test_an_answer_goes_first_while_a_fan_out_fills_the_budget(sample_db):
    chats = [str(9_300_000 + i) for i in range(80)]
    await put(sample_db, CHANNEL, chats)
    asker = 9_100_200
    # Well under the Bot API's 20: what is tested here is the order, not the margin
    # (an in-process fake Bot API counts arrivals a thread switch late).
    pacer = Pacer(16.0, name=CHANNEL)
    with FakeBotApi(max_per_second=20, per_chat_interval=1.0) as api:
        async with polling(sample_db, api, pacer) as app:
            dispatcher = Dispatcher(sample_db, {CHANNEL: TelegramSender(app.bot)},
                                    Pace(rate=25.0), pacers={CHANNEL: pacer})
            await dispatcher.start()
            try:
                await sent_to(api, 25, timeout=15)     # the fan-out is at full pace
                asked = time.monotonic()
                api.push(updates.text(asker, "xin chào"))
                deadline = time.monotonic() + 10
                while asker not in api.delivered() and time.monotonic() < deadline:
                    await asyncio.sleep(0.01)
                answered_at = next(t for t, p in zip(api.accepted_at, api.sent, strict=True)
                                   if int(p["chat_id"]) == asker)
                await sent_to(api, 81, timeout=15)     # and the fan-out still completes
            finally:
                await dispatcher.stop()
        delivered = api.delivered()
        flooded = api.flooded
    # Polling, one slot of 62 ms and the round trip: the 55 reminders still
    # queued did not go before it.
    assert answered_at - asked < 0.5
    assert delivered[asker] == 1 and all(delivered[int(c)] == 1 for c in chats)
    assert flooded == 0                                  # answers and reminders together
    assert {r["state"] for r in await outbox_rows(sample_db)} == {"sent"}


async def test_a_zalo_flood_limit_does_not_delay_a_telegram_reminder(sample_db):
    zalo_chats = [f"zu-flood-{i}" for i in range(4)]
    # The Zalo rows are older: in one queue, the Telegram reminder would wait behind them.
    await put(sample_db, "zalo", zalo_chats, due=datetime(2000, 1, 1))
    await put(sample_db, CHANNEL, ["9400001"], due=datetime(2000, 1, 1) + timedelta(hours=1))
    pacers = {CHANNEL: Pacer(28.0, name=CHANNEL), "zalo": Pacer(25.0, name="zalo")}
    with FakeBotApi(max_per_second=TELEGRAM_LIMIT) as telegram, \
            FakeZalo(flood_first={zalo_chats[0]}, retry_after=2) as zalo:
        zalo_api = ZaloApi(ZALO_TOKEN, zalo.base_url)
        async with polling(sample_db, telegram, pacers[CHANNEL]) as app:
            dispatcher = Dispatcher(
                sample_db, {CHANNEL: TelegramSender(app.bot),
                            "zalo": ZaloSender(zalo_api, pacers["zalo"])},
                Pace(rate=25.0, max_in_flight=1), pacers=pacers)
            started = time.monotonic()
            await dispatcher.start()
            try:
                await sent_to(telegram, 1, timeout=10)
                telegram_after = telegram.accepted_at[0] - started
                # A person asking on Telegram meanwhile is answered at once too.
                telegram.push(updates.text(9_100_300, "xin chào"))
                await sent_to(telegram, 2, timeout=10)
                answer_after = telegram.accepted_at[1] - started
                zalo_paused = pacers["zalo"].paused_for()
                assert await asyncio.to_thread(zalo.wait_for,
                                               lambda: len(zalo.sent) == 4, 15)
                zalo_done = time.monotonic() - started
            finally:
                await dispatcher.stop()
                await zalo_api.aclose()
    assert telegram_after < 1.0 and answer_after < 1.5
    assert zalo_paused > 0.5                   # Zalo was still waiting out its 429
    assert zalo_done >= 2.0                    # and it did wait
    assert pacers[CHANNEL].stats.pauses == 0   # Telegram never paused for it
    states = Counter(r["state"] for r in await outbox_rows(sample_db))
    assert states == {"sent": 5}


# ---------------------------------------------------------------- the limiter alone

async def test_an_answer_whose_connection_was_never_made_goes_again_but_a_timeout_never():
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)

    limiter = PacedRateLimiter(Pacer(None, name=CHANNEL), sleep=sleep)
    calls = 0

    async def no_connection_twice() -> bool:
        nonlocal calls
        calls += 1
        if calls < 3:
            raise NetworkError("httpx.ConnectError") from httpx.ConnectError("refused")
        return True

    assert await limiter.process_request(no_connection_twice, (), {}, "sendMessage",
                                         {"chat_id": 1}, None) is True
    assert calls == 3 and slept == [1.0, 2.0]        # backing off, then delivered

    async def timed_out() -> bool:
        raise TimedOut("Timed out") from httpx.ReadTimeout("slow")

    with pytest.raises(TimedOut):                    # it may have arrived: never twice
        await limiter.process_request(timed_out, (), {}, "sendMessage", {"chat_id": 1}, None)
    assert slept == [1.0, 2.0]
