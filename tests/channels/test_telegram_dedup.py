"""A Telegram update that arrives twice is answered once.

Telegram posts a webhook update again when it did not get its 200 in time,
and long polling hands out again what was not yet confirmed when the bot
stopped. Each update is claimed by its update_id in the database before it
is answered (``telegram_seen``), so a replay is dropped — at once, arriving
concurrently, or after a restart. Out of process: the real ``ishc-bot run``
in webhook mode, and in polling mode, against the fake Bot API on 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from telegram import Update

from bot.channels.telegram import WEBHOOK_SECRET_HEADER, claim_update, prune_seen
from handlers.context import Services
from storage import Database
from tests.channels.test_web import _cli, _free_port, _http, _wait_until_up
from tests.conftest import AS_OF, SAMPLE, member
from tests.support import updates
from tests.support.fake_bot_server import FakeBotApi
from tests.support.harness import BotHarness

USER = 8_500_001
SECRET = "dedup-secret_1"


def _webhook_config(tmp_path: Path, api: FakeBotApi, port: int) -> Path:
    config = tmp_path / "config.toml"
    config.write_text(
        f'[database]\npath = "club.db"\n\n'
        f'[telegram]\ntoken = "1:fake"\nbase_url = "{api.base_url}"\nmode = "webhook"\n'
        f'webhook_secret = "{SECRET}"\n\n'
        f'[web]\nport = {port}\npublic_url = "https://clb.example.invalid"\n',
        encoding="utf-8")
    return config


def _start(config: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(_cli("--config", str(config), "run"), env=dict(os.environ),
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


def _stop(bot: subprocess.Popen[bytes]) -> str:
    bot.send_signal(signal.SIGINT)
    output = bot.communicate(timeout=30)[0].decode()
    assert bot.returncode == 0, output
    return output


def test_a_webhook_update_posted_twice_is_answered_once_even_after_a_restart(
        tmp_path: Path):
    port = _free_port()
    hook = f"http://127.0.0.1:{port}/webhook/telegram"
    headers = {WEBHOOK_SECRET_HEADER: SECRET, "Content-Type": "application/json"}

    def post(update: dict[str, Any]) -> int:
        return _http("POST", hook, json.dumps(update).encode(), headers)[0]

    def answered(api: FakeBotApi, count: int) -> list[str]:
        sent = api.wait_for_sent(count, timeout=20)
        return [s["text"] for s in sent]

    with FakeBotApi() as api:
        config = _webhook_config(tmp_path, api, port)
        subprocess.run(_cli("--config", str(config), "import", str(SAMPLE)), check=True,
                       capture_output=True, timeout=60)
        start, link = updates.text(USER, "/start"), updates.contact(
            USER, member("TV002")["phone"], owner_id=USER)
        savings = updates.text(USER, "tiet kiem")
        bot = _start(config)
        try:
            _wait_until_up(hook.replace("/webhook/telegram", "/"), bot)
            # One after the other: both get their 200, one answer.
            assert post(start) == 200 and post(start) == 200
            # At the same moment, from two connections.
            with ThreadPoolExecutor(4) as pool:
                assert list(pool.map(post, [link] * 4)) == [200] * 4
            # A new update after the replays: the queue is processed in order,
            # so once it is answered every replay before it was seen too.
            assert post(savings) == 200
            texts = answered(api, 3)
        finally:
            first_run = _stop(bot)
        assert len(texts) == 3, first_run
        assert "Xin chào" in texts[0] and member("TV002")["name"] in texts[1]
        assert "800.000 đ" in texts[2]

        # Telegram retries across our restart: still nothing more.
        bot = _start(config)
        try:
            _wait_until_up(hook.replace("/webhook/telegram", "/"), bot)
            assert post(start) == 200 and post(link) == 200
            assert post(updates.text(USER, "lich hop")) == 200
            texts = answered(api, 4)
        finally:
            second_run = _stop(bot)
        assert len(texts) == 4, second_run
        assert "Họp CLB lần tới" in texts[3], texts[3]


def test_a_polled_update_delivered_twice_is_answered_once(tmp_path: Path):
    with FakeBotApi() as api:
        config = tmp_path / "config.toml"
        config.write_text(f'[database]\npath = "club.db"\n\n[telegram]\ntoken = "1:fake"\n'
                          f'base_url = "{api.base_url}"\n', encoding="utf-8")
        subprocess.run(_cli("--config", str(config), "import", str(SAMPLE)), check=True,
                       capture_output=True, timeout=60)
        start = updates.text(USER, "/start")
        for update in (start, start, updates.text(USER, "huong dan")):
            api.push(update)
        bot = _start(config)
        try:
            sent = api.wait_for_sent(2)
        finally:
            output = _stop(bot)
        assert len(sent) == 2, output
        assert "Xin chào" in sent[0]["text"] and "Xin chào" not in sent[1]["text"]


async def test_the_same_update_twice_and_concurrently_in_process(sample_db: Database):
    bot = await BotHarness.start(sample_db, now=lambda: AS_OF)
    try:
        start = updates.text(USER, "/start")
        assert len(await bot.feed(start)) == 1
        assert await bot.feed(start) == []
        tap = updates.text(USER, "lich hop")
        before = len(bot.api.sent())
        await asyncio.gather(*(bot.app.process_update(Update.de_json(tap, bot.app.bot))
                               for _ in range(5)))
        assert len(bot.api.sent()) == before + 1
    finally:
        await bot.stop()
    # Another Application over the same database (a restart) drops it too.
    again = await BotHarness.start(sample_db, now=lambda: AS_OF)
    try:
        assert await again.feed(start) == [] and await again.feed(tap) == []
        assert len(await again.feed(updates.text(USER, "lich hop"))) == 1
    finally:
        await again.stop()


async def test_a_claim_leaves_the_read_cache_warm_and_waits_for_a_transaction(
        sample_db: Database):
    services = Services.over(sample_db, now=lambda: AS_OF)
    version = sample_db.data_version()
    assert await claim_update(services, 1, 42) is True
    assert await claim_update(services, 1, 42) is False
    assert await claim_update(services, 2, 42) is True  # another bot's ids are its own
    assert sample_db.data_version() == version  # no commit by "another connection"

    # With our own transaction open, a claim waits for it (not a lock error).
    async def hold() -> None:
        async with sample_db.transaction() as conn:
            await conn.execute("UPDATE clubs SET name = name")
            await asyncio.sleep(0.2)

    holding = asyncio.create_task(hold())
    await asyncio.sleep(0.05)
    results = await asyncio.gather(*(claim_update(services, 1, 43) for _ in range(3)))
    await holding
    assert sorted(results) == [False, False, True]

    later = Services.over(sample_db, now=lambda: AS_OF.replace(year=AS_OF.year + 1))
    assert await prune_seen(later) == 3
    assert await claim_update(services, 1, 42) is True
