"""``ishc-bot run`` without Telegram, as real processes: a Zalo-only club
against a fake Zalo Bot API on 127.0.0.1, and a web-only one. In both, the
chair links with the code the CLI printed, then asks her balance and gets it.
In process: Telegram as one adapter (webhook mode through the runtime's web
server), and the order in which the runtime stops."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from bot.channels.telegram import WEBHOOK_SECRET_HEADER
from bot.config import Settings
from bot.runtime import Runtime
from tests.channels.fake_zalo import TOKEN, FakeZalo, update
from tests.conftest import SAMPLE, member
from tests.support import updates
from tests.support.fake_bot_server import FakeBotApi

CHAIR = "TV001"  # Chủ nhiệm in the sample club
ZALO_USER = "7301"


def cli(config: Path, *args: str, **kw: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bot.cli", "--config", str(config), *args],
                          capture_output=True, text=True, timeout=60, env=_env(),
                          stdin=subprocess.DEVNULL, **kw)  # type: ignore[call-overload]


def start(config: Path) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "bot.cli", "--config", str(config), "run"],
                            env=_env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True)


def stop(bot: subprocess.Popen[str], how: signal.Signals = signal.SIGINT) -> str:
    if bot.poll() is None:
        bot.send_signal(how)
    return bot.communicate(timeout=30)[0]


def _env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("ISHC_")}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def chair_code(config: Path) -> str:
    """The code as an operator reads it off the terminal: "1234 5678"."""
    printed = cli(config, "code", CHAIR)
    assert printed.returncode == 0, printed.stderr
    first = printed.stdout.splitlines()[0]
    assert member(CHAIR)["name"] in first and "Dùng được một lần, đến" in first
    found = re.search(r"\b(\d{4} \d{4})\b", first)
    assert found, first
    return found.group(1)


def test_a_zalo_only_club_runs_and_the_chair_links_with_the_cli_code(tmp_path: Path):
    with FakeZalo() as api:
        config = tmp_path / "config.toml"
        # Only [zalo], and not even a mode: a token turns it on (polling).
        config.write_text(f'[database]\npath = "club.db"\n\n[zalo]\ntoken = "{TOKEN}"\n'
                          f'base_url = "{api.base_url}"\n', encoding="utf-8")
        assert cli(config, "import", str(SAMPLE)).returncode == 0
        code = chair_code(config)
        bot = start(config)
        try:
            api.push(update(ZALO_USER, code))
            assert api.wait_for(lambda: len(api.texts_to(ZALO_USER)) >= 1, 20), stop(bot)
            api.push(update(ZALO_USER, "so du"))
            assert api.wait_for(lambda: len(api.texts_to(ZALO_USER)) >= 2, 20), stop(bot)
        finally:
            output = stop(bot)
        linked, balance = api.texts_to(ZALO_USER)[:2]
        assert member(CHAIR)["name"] in linked, output
        assert "Tiết kiệm của" in balance and " đ" in balance, balance
        assert bot.returncode == 0, output
        assert "Zalo (polling)" in output and "Bot đã dừng." in output
        assert api.methods().count("getMe") == 1  # the token proven once, not again at start
        assert "Traceback" not in output
        assert TOKEN not in output and TOKEN.split(":")[1] not in output


def test_a_web_only_club_runs_and_the_chair_signs_in_with_the_cli_code(tmp_path: Path):
    port = free_port()
    config = tmp_path / "config.toml"
    config.write_text(f'[database]\npath = "club.db"\n\n[web]\nenabled = true\nport = {port}\n',
                      encoding="utf-8")
    assert cli(config, "import", str(SAMPLE)).returncode == 0
    code = chair_code(config)
    bot = start(config)
    base = f"http://127.0.0.1:{port}"
    try:
        with httpx.Client(base_url=base, timeout=10) as browser:
            deadline = time.monotonic() + 20
            while True:
                try:
                    browser.get("/api/session")
                    break
                except httpx.TransportError:
                    assert time.monotonic() < deadline and bot.poll() is None, stop(bot)
                    time.sleep(0.1)
            signed_in = browser.post("/api/signin", json={"code": code})
            assert signed_in.status_code == 200, signed_in.text
            turn = browser.post("/api/turn", json={"text": "tiết kiệm"},
                                headers={"X-CSRF-Token": signed_in.json()["csrf"]})
            assert turn.status_code == 200, turn.text
            health = browser.get("/healthz")
    finally:
        output = stop(bot, signal.SIGTERM)  # as systemd stops it
    said = ["".join(p["t"] for p in r["text"]) for r in turn.json()["replies"]]
    assert any("Tiết kiệm của" in s and " đ" in s for s in said), said
    welcome = ["".join(p["t"] for p in r["text"]) for r in signed_in.json()["replies"]]
    assert any(member(CHAIR)["name"] in s for s in welcome), welcome
    assert bot.returncode == 0, output
    assert f"trang web http://127.0.0.1:{port}/" in output
    assert "Traceback" not in output
    # A supervisor's check: the database answers and the one channel runs.
    assert health.status_code == 200, health.text
    assert health.json() == {"database": "ok", "channels": {"web": "ok"}}
    assert health.headers["X-Content-Type-Options"] == "nosniff"


def test_a_config_with_no_channel_says_so_in_one_line(tmp_path: Path):
    config = tmp_path / "config.toml"
    config.write_text('[database]\npath = "club.db"\n', encoding="utf-8")
    result = cli(config, "run")
    assert result.returncode != 0
    assert result.stderr.strip().splitlines() == [result.stderr.strip()]
    assert "Chưa bật kênh nào" in result.stderr and "[web] enabled = true" in result.stderr


# ---------------------------------------------------------------- in process

def _settings(tmp_path: Path, **sections: dict[str, object]) -> Settings:
    return Settings(database={"path": tmp_path / "club.db"}, **sections)  # type: ignore[arg-type]


async def test_telegram_in_webhook_mode_answers_through_the_runtimes_web_server(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    for key in [k for k in os.environ if k.startswith("ISHC_")]:
        monkeypatch.delenv(key)
    port = free_port()
    with FakeBotApi() as api:
        settings = _settings(
            tmp_path, telegram={"token": "1:fake", "base_url": api.base_url, "mode": "webhook",
                                "webhook_secret": "s3cret"},
            web={"port": port, "public_url": "https://clb.example.vn"})
        said: list[str] = []
        runtime = Runtime(settings, announce=said.append)
        await runtime.start()
        try:
            async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as client:
                refused = await client.post("/webhook/telegram", json=updates.text(8001, "/start"))
                taken = await client.post("/webhook/telegram", json=updates.text(8001, "/start"),
                                          headers={WEBHOOK_SECRET_HEADER: "s3cret"})
            sent = await asyncio.to_thread(api.wait_for_sent, 1, 10.0)
        finally:
            await runtime.stop()
    assert (refused.status_code, taken.status_code) == (403, 200)
    assert "Xin chào" in sent[0]["text"] and int(sent[0]["chat_id"]) == 8001
    assert api.methods.count("setWebhook") == 1 and "getUpdates" not in api.methods


async def test_each_channel_has_one_send_budget_for_its_answers_and_its_outbox(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The runtime's pacers reach the adapters and the dispatcher: a Zalo flood
    pause delays Zalo's answers, never Telegram's, and the outbox paces with them."""
    for key in [k for k in os.environ if k.startswith("ISHC_")]:
        monkeypatch.delenv(key)
    with FakeBotApi() as telegram, FakeZalo() as zalo_api:
        settings = _settings(
            tmp_path, telegram={"token": "1:fake", "base_url": telegram.base_url},
            zalo={"mode": "polling", "token": TOKEN, "base_url": zalo_api.base_url})
        runtime = Runtime(settings, announce=lambda line: None)
        await runtime.start()
        try:
            pacers = runtime.pacers
            assert runtime.dispatcher is not None
            lanes = runtime.dispatcher._lanes  # the outbox's side of each budget
            assert lanes["telegram"].pacer is pacers["telegram"]
            assert lanes["zalo"].pacer is pacers["zalo"]
            pause = 3.0
            pacers["zalo"].pause(pause)   # as a 429 from Zalo would
            asked = time.monotonic()
            zalo_api.push(update(ZALO_USER, "xin chào"))
            telegram.push(updates.text(8001, "/start"))
            [answer] = await asyncio.to_thread(telegram.wait_for_sent, 1, 10.0)
            telegram_after = time.monotonic() - asked
            assert await asyncio.to_thread(
                zalo_api.wait_for, lambda: zalo_api.texts_to(ZALO_USER), 10.0)
            zalo_after = time.monotonic() - asked
        finally:
            await runtime.stop()
    assert "Xin chào" in answer["text"]
    assert telegram_after < pause - 1.0      # Telegram's budget was not paused
    assert zalo_after >= pause - 0.1         # Zalo's answer waited the pause out, then came


class _Recording:
    """A channel that records what the runtime asks of it."""

    name = "recording"
    description = "recording"

    def __init__(self, events: list[str]) -> None:
        self.events = events

    async def connect(self) -> None:
        self.events.append("connect")

    def webhook(self) -> None:
        return None

    async def start(self) -> None:
        self.events.append("start")

    def sender(self) -> _Recording:
        return self

    async def send(self, message: object) -> None:
        return None

    async def stop_receiving(self) -> None:
        self.events.append("no new turns")

    async def finish(self) -> None:
        self.events.append("turns taken answered")

    async def close(self) -> None:
        self.events.append("channel clients closed")


async def test_the_runtime_stops_in_order_and_runs_nightly_jobs_on_its_scheduler(
        tmp_path: Path):
    events: list[str] = []

    class Recorded(Runtime):
        def _adapters(self, services: object) -> list[Any]:
            return [_Recording(events)]

    runtime = Recorded(_settings(tmp_path, web={"enabled": True, "port": 0}),
                       announce=events.append)
    await runtime.start()
    assert events == ["connect", "start"]

    ran: list[int] = []

    async def job() -> None:
        ran.append(1)

    runtime.every_night("backup", job)
    assert runtime.scheduler is not None
    nightly = runtime.scheduler.get_job("nightly-backup")
    assert (nightly.next_run_time.hour, nightly.next_run_time.minute) == (2, 30)
    await nightly.func()
    assert ran == [1]

    def record(what: str, step: Any) -> Any:
        async def recorded(*args: Any, **kw: Any) -> Any:
            events.append(what)
            return await step(*args, **kw)

        return recorded

    class Runner:
        def __init__(self, runner: Any) -> None:
            self.cleanup = record("web stopped", runner.cleanup)

    assert runtime.web_runner and runtime.planner and runtime.dispatcher and runtime.db
    runtime.web_runner = Runner(runtime.web_runner)  # type: ignore[assignment]
    planner_stop = runtime.planner.stop
    runtime.planner.stop = lambda: (events.append("planner stopped"), planner_stop())[1]
    runtime.dispatcher.stop = record("dispatcher stopped", runtime.dispatcher.stop)
    runtime.db.close = record("database closed", runtime.db.close)
    await runtime.stop()
    assert events[2:] == ["no new turns", "web stopped", "turns taken answered",
                          "planner stopped", "dispatcher stopped", "channel clients closed",
                          "database closed"]


async def test_the_runtime_gives_report_links_at_public_url_and_serves_them(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The report's links on Zalo and the web start with [web] public_url (set on
    the Services the runtime builds), and its web server hands the file out at
    /files/<token> to a request for the public host, behind the Host check."""
    from datetime import datetime

    from storage import Database, downloads
    from storage.importer import import_workbook

    for key in [k for k in os.environ if k.startswith("ISHC_")]:
        monkeypatch.delenv(key)
    db = await Database.open(tmp_path / "club.db")
    await import_workbook(db, SAMPLE, actor="test", now=datetime(2026, 11, 20, 9, 0))
    await db.close()
    port = free_port()
    runtime = Runtime(_settings(tmp_path, web={"enabled": True, "port": port,
                                               "public_url": "https://clb.example.vn"}),
                      announce=lambda _: None)
    await runtime.start()
    try:
        assert runtime.services is not None
        assert runtime.services.public_url == "https://clb.example.vn"
        token = await downloads.store(runtime.services.db, club_id=1, filename="bao-cao.xlsx",
                                      media_type="application/octet-stream", content=b"PK",
                                      actor="test", now=runtime.services.now())
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as client:
            served = await client.get(f"/files/{token}", headers={"Host": "clb.example.vn"})
            elsewhere = await client.get(f"/files/{token}", headers={"Host": "evil.example"})
    finally:
        await runtime.stop()
    assert (served.status_code, served.content) == (200, b"PK")
    assert "attachment" in served.headers["Content-Disposition"]
    assert elsewhere.status_code == 421
