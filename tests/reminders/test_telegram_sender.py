"""The Telegram sender and the dispatcher against a fake Bot API on 127.0.0.1
that floods, refuses and times out like Telegram."""

from __future__ import annotations

import socket
from datetime import datetime
from pathlib import Path

import pytest
from telegram import Bot
from telegram.request import HTTPXRequest

from bot.channels.telegram import TelegramSender
from bot.dispatcher import (
    DeliveryUncertain,
    Dispatcher,
    NotDelivered,
    Pace,
    RecipientBlocked,
    RetryLater,
)
from storage import Database
from storage.outbox import Claimed, Outgoing, enqueue
from tests.reminders.support import CHANNEL, outbox_rows
from tests.support.fake_bot_server import FakeBotApi

TOKEN = "1:fake"


def message(chat: int, text: str = "Nhắc họp") -> Claimed:
    return Claimed(1, f"k:{chat}", CHANNEL, str(chat), "reminder", text, None, None, None)


async def bot_for(base_url: str) -> Bot:
    bot = Bot(TOKEN, base_url=base_url,
              request=HTTPXRequest(read_timeout=0.4, connect_timeout=0.4, write_timeout=0.4,
                                   pool_timeout=0.4))
    await bot.initialize()
    return bot


async def test_each_telegram_answer_becomes_what_the_dispatcher_must_do():
    with FakeBotApi(forbidden={2}, flood_first={3}, retry_after=2, hold={4: 1.0}) as api:
        bot = await bot_for(api.base_url)
        sender = TelegramSender(bot)
        try:
            await sender.send(message(1))
            with pytest.raises(RecipientBlocked):
                await sender.send(message(2))
            with pytest.raises(RetryLater) as flood:
                await sender.send(message(3))
            assert flood.value.seconds == 2
            with pytest.raises(DeliveryUncertain):   # delivered, but no answer in time
                await sender.send(message(4))
        finally:
            await bot.shutdown()
        assert api.delivered() == {1: 1, 4: 1}
        assert api.sent[0]["parse_mode"] == "HTML"


async def test_no_server_at_all_is_certainly_not_delivered():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    bot = Bot(TOKEN, base_url=f"http://127.0.0.1:{port}/bot",
              request=HTTPXRequest(connect_timeout=0.4))
    with pytest.raises(NotDelivered):
        await TelegramSender(bot).send(message(1))


async def test_the_dispatcher_over_the_bot_api_sends_each_message_at_most_once(tmp_path: Path):
    db = await Database.open(tmp_path / "outbox.db")
    now = datetime(2026, 12, 15, 14, 0)
    chats = [1, 2, 3, 4, 5]
    async with db.transaction() as conn:
        await enqueue(conn, [Outgoing(f"k:{c}", CHANNEL, str(c), "reminder", f"Nhắc {c}", now)
                             for c in chats], now=now)
    with FakeBotApi(forbidden={2}, flood_first={3}, hold={4: 1.0}) as api:
        bot = await bot_for(api.base_url)
        try:
            d = Dispatcher(db, {CHANNEL: TelegramSender(bot)},
                           Pace(rate=50.0, per_chat_interval=0.0), now=lambda: now)
            tally = await d.drain()
        finally:
            await bot.shutdown()
        delivered = api.delivered()
    states = {r["account_id"]: r["state"] for r in await outbox_rows(db)}
    await db.close()
    assert states == {"1": "sent", "2": "blocked", "3": "sent", "4": "uncertain", "5": "sent"}
    assert delivered == {1: 1, 3: 1, 4: 1, 5: 1}
    assert (tally.retried, tally.blocked, tally.uncertain) == (1, 1, 1)
