"""The web chat and the one HTTP server, over real HTTP on 127.0.0.1.

In process: aiohttp's TestServer serves ``WebChat.application()`` and each
"browser" is a client session with its own cookie jar, talking JSON as
``bot/web/app.js`` does. Out of process: the real ``ishc-bot run`` in webhook
mode against the fake Bot API, and ``ishc-bot demo``.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import aiohttp
from aiohttp.test_utils import TestServer

from bot.channels import zalo
from bot.channels.telegram import WEBHOOK_SECRET_HEADER, build_application, webhook_handler
from bot.channels.web import (
    CSRF_HEADER,
    Limits,
    WebChat,
    Webhook,
    WebOptions,
    WebSender,
    cookie_secure,
    pieces,
)
from bot.demo import choose_personas
from bot.dispatcher import Dispatcher, Pace
from club import texts
from handlers.context import Services
from handlers.conversation import plain_text
from storage import Database, link_codes, web_sessions
from tests.channels.fake_zalo import TOKEN as ZALO_TOKEN
from tests.channels.fake_zalo import FakeZalo
from tests.channels.fake_zalo import update as zalo_update
from tests.conftest import AS_OF, EXPECTED, SAMPLE, member
from tests.support import updates
from tests.support.fake_bot_server import FakeBotApi
from tests.support.harness import TOKEN, BotHarness
from tests.support.offline_bot_api import OfflineBotApi

TG_USER = 8_400_001


# ---------------------------------------------------------------- a browser, as app.js talks


def text_of(reply: dict[str, Any]) -> str:
    return "".join(p["t"] for p in reply["text"])


def bold_in(reply: dict[str, Any]) -> list[str]:
    return [p["t"] for p in reply["text"] if p["b"]]


def labels(rows: list[list[dict[str, Any]]]) -> list[str]:
    return [b["label"] for row in rows for b in row]


class Browser:
    """One browser: its own cookie jar; JSON with the CSRF header, as the page sends."""

    def __init__(self, server: TestServer) -> None:
        self.server = server
        self.http = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))
        self.csrf: str | None = None
        self.last: list[dict[str, Any]] = []

    async def close(self) -> None:
        await self.http.close()

    async def request(self, method: str, path: str, body: Any = None,
                      headers: dict[str, str] | None = None,
                      ) -> tuple[int, dict[str, Any], aiohttp.ClientResponse]:
        sent = {CSRF_HEADER: self.csrf} if self.csrf else {}
        sent.update(headers or {})
        async with self.http.request(method, self.server.make_url(path), json=body,
                                     headers=sent) as response:
            try:
                data = await response.json(content_type=None)
            except ValueError:
                data = {}
            return response.status, data or {}, response

    async def sign_in(self, code: str) -> dict[str, Any]:
        status, data, _ = await self.request("POST", "/api/signin", {"code": code})
        assert status == 200, data
        self.csrf = data["csrf"]
        self.last = data["replies"]
        return data

    async def turn(self, **payload: Any) -> list[dict[str, Any]]:
        status, data, _ = await self.request("POST", "/api/turn", payload)
        assert status == 200, (status, data)
        self.last = data["replies"]
        return data["replies"]

    async def say(self, words: str) -> list[dict[str, Any]]:
        return await self.turn(text=words)

    async def tap(self, label_part: str) -> list[dict[str, Any]]:
        """Tap the first button of the last replies whose label contains ``label_part``."""
        for reply in reversed(self.last):
            for row in reply["choices"] + reply["keyboard"]:
                for button in row:
                    if label_part in button["label"]:
                        if button["choice"]:
                            return await self.turn(choice=button["choice"])
                        return await self.turn(text=button["label"])
        raise AssertionError(f"no button with {label_part!r}")

    async def messages(self) -> list[dict[str, Any]]:
        status, data, _ = await self.request("GET", "/api/messages")
        assert status == 200, data
        return data["messages"]


@asynccontextmanager
async def served(db: Database, now: Any = lambda: AS_OF,
                 **options: Any) -> AsyncIterator[tuple[TestServer, Services]]:
    services = Services.over(db, now=now)
    options.setdefault("options", WebOptions(cookie_secure=False))
    server = TestServer(WebChat(services, **options).application(), host="127.0.0.1")
    await server.start_server()
    try:
        yield server, services
    finally:
        await server.close()


@asynccontextmanager
async def browser(server: TestServer) -> AsyncIterator[Browser]:
    one = Browser(server)
    try:
        yield one
    finally:
        await one.close()


async def member_ids(db: Database, code: str) -> tuple[int, int]:
    row = await db.fetchone("SELECT id, club_id FROM members WHERE code = ?", (code,))
    assert row is not None
    return int(row[0]), int(row[1])


async def code_for(db: Database, code: str, *, now: datetime = AS_OF) -> str:
    """What the board hands out for this member: the 8 digits, as printed."""
    member_id, club_id = await member_ids(db, code)
    issued = await link_codes.issue(db, club_id=club_id, member_id=member_id, proxy=False,
                                    actor="test", now=now)
    return link_codes.format_code(issued.code)


async def web_links(db: Database) -> list[tuple[str, str, str]]:
    rows = await db.fetchall(
        "SELECT l.account_id, m.code, l.how FROM chat_links l JOIN members m "
        "ON m.id = l.member_id WHERE l.channel = 'web' ORDER BY l.account_id")
    return [tuple(r) for r in rows]


async def snapshot(db: Database) -> dict[str, list[tuple]]:
    tables = ("cash_entries", "chat_links", "chat_accounts", "link_codes", "outbox",
              "conversation_state", "web_sessions", "health_readings", "loans")
    return {t: [tuple(r) for r in await db.fetchall(f"SELECT * FROM {t}")] for t in tables}


# ---------------------------------------------------------------- signing in


async def test_sign_in_with_a_code_sets_an_http_only_session_cookie(sample_db: Database):
    async with served(sample_db) as (server, _), browser(server) as page:
        code = await code_for(sample_db, "TV002")
        status, data, response = await page.request("POST", "/api/signin", {"code": code})
        assert status == 200, data
        cookie = response.headers["Set-Cookie"]
        assert cookie.startswith("ishc_session=")
        assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Path=/" in cookie
        assert f"Max-Age={30 * 24 * 3600}" in cookie
        assert "Secure" not in cookie  # plain http on 127.0.0.1 only (see cookie_secure)
        [welcome] = data["replies"]
        assert member("TV002")["name"] in text_of(welcome)
        assert texts.BTN_SAVINGS in labels(welcome["keyboard"])

        # The database holds the token's hash, never the token.
        token = cookie.split(";")[0].split("=", 1)[1]
        [(stored, account_id)] = await sample_db.fetchall(
            "SELECT token_hash, account_id FROM web_sessions")
        assert stored == hashlib.sha256(token.encode()).hexdigest() and token not in stored
        # The session is a channel account linked by the ordinary code path.
        assert await web_links(sample_db) == [(account_id, "TV002", "code")]
        used = await sample_db.fetchone("SELECT used_by FROM link_codes WHERE used_at IS NOT NULL")
        assert used[0] == f"web:{account_id}"

        status, info, _ = await page.request("GET", "/api/session")
        assert info == {"signed_in": True, "csrf": data["csrf"], "linked": True}


async def test_secure_cookie_everywhere_but_plain_http_on_loopback(sample_db: Database):
    assert not cookie_secure("127.0.0.1")
    assert not cookie_secure("localhost", "http://localhost:8080")
    assert cookie_secure("127.0.0.1", "https://clb.example.vn")  # behind an https proxy
    assert cookie_secure("0.0.0.0")
    assert cookie_secure("127.0.0.1", "http://clb.example.vn")
    secure = WebOptions(cookie_secure=True)
    async with served(sample_db, options=secure) as (server, _), browser(server) as page:
        code = await code_for(sample_db, "TV002")
        _, _, response = await page.request("POST", "/api/signin", {"code": code})
        cookie = response.headers["Set-Cookie"]
        assert cookie.startswith("__Host-ishc=") and "Secure" in cookie
        assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


async def test_a_wrong_code_is_refused_and_guessing_is_limited_per_address(
        sample_db: Database):
    options = WebOptions(cookie_secure=False, limits=Limits(per_address=3))
    async with served(sample_db, options=options) as (server, _), browser(server) as page:
        good = await code_for(sample_db, "TV002")
        wrong = "0000 0000" if good != "0000 0000" else "0000 0001"
        status, data, response = await page.request("POST", "/api/signin", {"code": wrong})
        assert status == 401 and "Set-Cookie" not in response.headers
        assert texts.LC_WRONG in "".join(p["t"] for p in data["error"])
        assert "Còn được thử 2 lần" in "".join(p["t"] for p in data["error"])
        # Not code-shaped: said kindly, costs no try.
        status, data, _ = await page.request("POST", "/api/signin", {"code": "12"})
        assert status == 400 and data["error"] == pieces(texts.LC_MALFORMED)
        for _ in range(2):
            status, _, _ = await page.request("POST", "/api/signin", {"code": wrong})
            assert status == 401
        # Locked out from this address: even the right code is not looked at.
        status, data, response = await page.request("POST", "/api/signin", {"code": good})
        assert status == 429 and "Set-Cookie" not in response.headers
        assert "Đã gõ sai mã nhiều lần" in "".join(p["t"] for p in data["error"])
        assert await web_links(sample_db) == []
        assert not await sample_db.fetchall("SELECT * FROM web_sessions")
        # The tries were audited and counted like any other channel's.
        failed = await sample_db.fetchall(
            "SELECT count(*) FROM link_attempts WHERE channel = 'web' AND ok = 0")
        assert failed[0][0] == 3


async def test_failures_are_forgotten_after_their_window(sample_db: Database):
    now = [AS_OF]
    options = WebOptions(cookie_secure=False, limits=Limits(per_address=2))
    async with served(sample_db, now=lambda: now[0], options=options) as (server, _), \
            browser(server) as page:
        good = await code_for(sample_db, "TV002")
        wrong = "0000 0000" if good != "0000 0000" else "0000 0001"
        for _ in range(2):
            assert (await page.request("POST", "/api/signin", {"code": wrong}))[0] == 401
        status, _, response = await page.request("POST", "/api/signin", {"code": good})
        assert status == 429 and response.headers["Retry-After"] == "3601"
        now[0] += timedelta(minutes=59)
        assert (await page.request("POST", "/api/signin", {"code": good}))[0] == 429
        now[0] += timedelta(minutes=1, seconds=1)
        await page.sign_in(good)


# ---------------------------------------------------------------- nothing without a session


async def test_without_a_session_nothing_is_seen_or_done(sample_db: Database):
    async with served(sample_db) as (server, _), browser(server) as stranger:
        before = await snapshot(sample_db)
        status, info, _ = await stranger.request("GET", "/api/session")
        assert status == 200 and info == {"signed_in": False}
        for method, path, body in [("POST", "/api/turn", {"text": "tiet kiem"}),
                                   ("GET", "/api/messages", None),
                                   ("POST", "/api/messages/seen", {"up_to": 10**9}),
                                   ("POST", "/api/signout", {})]:
            status, data, _ = await stranger.request(method, path, body)
            assert status == 401, (path, status)
            assert data["signed_in"] is False and "replies" not in data
        # A made-up session cookie is no session.
        stranger.http.cookie_jar.update_cookies({"ishc_session": "forged-token"},
                                                server.make_url("/"))
        status, _, _ = await stranger.request("POST", "/api/turn", {"text": "tiet kiem"})
        assert status == 401
        assert await snapshot(sample_db) == before
        # The demo's persona picker does not exist outside ``ishc-bot demo``.
        status, _, _ = await stranger.request("GET", "/api/demo")
        assert status == 404
        status, _, _ = await stranger.request("POST", "/api/demo/signin", {"key": "elder"})
        assert status == 404


async def test_a_session_without_its_csrf_token_changes_nothing(sample_db: Database):
    async with served(sample_db) as (server, _), browser(server) as page:
        await page.sign_in(await code_for(sample_db, "TV002"))
        csrf, page.csrf = page.csrf, None
        status, _, _ = await page.request("POST", "/api/turn", {"text": "tiet kiem"})
        assert status == 403  # the cookie alone, as a cross-site request would carry it
        status, _, _ = await page.request("POST", "/api/turn", {"text": "tiet kiem"},
                                          headers={CSRF_HEADER: "0" * 64})
        assert status == 403
        page.csrf = csrf
        status, _, _ = await page.request("POST", "/api/turn", {"text": "tiet kiem"},
                                          headers={"Origin": "https://evil.example"})
        assert status == 403
        # A plain HTML form cannot send JSON.
        async with page.http.post(server.make_url("/api/turn"), data={"text": "tiet kiem"},
                                  headers={CSRF_HEADER: csrf}) as response:
            assert response.status == 415
        [answer] = await page.say("tiet kiem")
        assert "800.000 đ" in bold_in(answer)


async def test_behind_a_proxy_the_public_origin_is_this_origin(sample_db: Database):
    options = WebOptions(cookie_secure=False, public_url="https://clb.example.vn")
    async with served(sample_db, options=options) as (server, _), browser(server) as page:
        await page.sign_in(await code_for(sample_db, "TV002"))
        for origin, expected in (("https://clb.example.vn", 200),
                                 ("https://clb.example.vn.evil.example", 403)):
            status, _, _ = await page.request("POST", "/api/turn", {"text": "vay"},
                                              headers={"Origin": origin})
            assert status == expected, origin


# ---------------------------------------------------------------- the same conversations


async def test_the_same_answers_as_on_telegram(sample_db: Database, bot: BotHarness, consented):
    await bot.share_own_contact(TG_USER, member("TV002")["phone"])
    async with served(sample_db) as (server, _), browser(server) as page:
        await page.sign_in(await code_for(sample_db, "TV002"))
        for words in ("💰 Tiết kiệm", "tiet kiem", "vay", "lich hop", "huyet ap", "lien he",
                      "con meo"):
            [on_telegram] = await bot.say(TG_USER, words)
            [on_web] = await page.say(words)
            assert text_of(on_web) == plain_text(on_telegram.text), words
            assert labels(on_web["keyboard"]) == on_telegram.keyboard_labels, words
        [savings] = await page.tap(texts.BTN_SAVINGS)
        assert bold_in(savings)[0] == "800.000 đ"
        assert EXPECTED["members"][1]["savings"] == 800_000


async def test_text_is_data_never_markup(sample_db: Database):
    assert pieces("A <b>1 đ</b> &lt;script&gt;") == [
        {"t": "A ", "b": False}, {"t": "1 đ", "b": True}, {"t": " <script>", "b": False}]
    async with served(sample_db) as (server, _), browser(server) as page:
        await page.sign_in(await code_for(sample_db, "TV002"))
        [answer] = await page.say("<img src=x onerror=alert(1)>")
        # Quoted back as the words typed; the page puts them in a text node.
        assert "<img src=x onerror=alert(1)>" in text_of(answer)
        assert not any("<b>" in p["t"] for p in answer["text"])


async def test_a_forged_choice_changes_nothing(sample_db: Database):
    async with served(sample_db) as (server, _), browser(server) as page:
        await page.sign_in(await code_for(sample_db, "TV010"))  # holds no board post
        other, _ = await member_ids(sample_db, "TV002")
        before = await snapshot(sample_db)
        for forged in (f"pick:{other}", "cb:1:m:" + str(other), "lc:1:p:1", "unlink:yes:9",
                       "nonsense", "x" * 150):
            replies = await page.turn(choice=forged)
            shown = " ".join(text_of(r) for r in replies)
            assert member("TV002")["name"] not in shown, forged
            assert "800.000" not in shown
        assert await snapshot(sample_db) == before
        [mine] = await page.say("tiet kiem")
        assert member("TV010")["name"] in text_of(mine)
        status, _, _ = await page.request("POST", "/api/turn", {"choice": "y" * 500})
        assert status == 400


async def test_sign_out_ends_the_session_and_the_link(sample_db: Database):
    async with served(sample_db) as (server, _), browser(server) as page:
        await page.sign_in(await code_for(sample_db, "TV002"))
        token_before = await sample_db.fetchall("SELECT * FROM web_sessions")
        assert len(token_before) == 1
        status, data, response = await page.request("POST", "/api/signout", {})
        assert status == 200 and data["signed_in"] is False
        assert "Max-Age=0" in response.headers["Set-Cookie"]
        assert not await sample_db.fetchall("SELECT * FROM web_sessions")
        assert await web_links(sample_db) == []  # nothing more is queued for it
        status, _, _ = await page.request("POST", "/api/turn", {"text": "tiet kiem"})
        assert status == 401


async def test_expired_sessions_are_refused_and_ended(sample_db: Database):
    clock = [AS_OF]
    async with served(sample_db, now=lambda: clock[0]) as (server, _), browser(server) as page:
        await page.sign_in(await code_for(sample_db, "TV002"))
        clock[0] = AS_OF + timedelta(days=31)
        status, _, _ = await page.request("POST", "/api/turn", {"text": "tiet kiem"})
        assert status == 401
    # The server's start-up sweep ends it for good: unlinked, forgotten.
    async with served(sample_db, now=lambda: clock[0]):
        for _ in range(50):
            if not await sample_db.fetchall("SELECT * FROM web_sessions"):
                break
            await asyncio.sleep(0.02)
        assert not await sample_db.fetchall("SELECT * FROM web_sessions")
        assert await web_links(sample_db) == []


async def test_a_web_account_left_without_a_session_is_unlinked(sample_db: Database):
    code = await code_for(sample_db, "TV002")
    # Redeemed, but the server stopped before the session was made.
    result = await link_codes.redeem(sample_db, "web", "w-orphan",
                                     link_codes.normalize_code(code), now=AS_OF)
    assert result.ok
    await web_sessions.prune_expired(sample_db, now=AS_OF + timedelta(minutes=5))
    assert await web_links(sample_db) == [("w-orphan", "TV002", "code")]  # may be signing in
    await web_sessions.prune_expired(sample_db, now=AS_OF + timedelta(hours=2))
    assert await web_links(sample_db) == []


# ---------------------------------------------------------------- what the bot says on its own


async def test_a_receipt_reaches_the_members_page_through_the_outbox(sample_db: Database):
    async with served(sample_db) as (server, services), browser(server) as secretary, \
            browser(server) as tuyet:
        await secretary.sign_in(await code_for(sample_db, "TV003"))
        await tuyet.sign_in(await code_for(sample_db, "TV002"))
        assert await tuyet.messages() == []

        # The secretary records a deposit for her, in the web chat.
        await secretary.say(texts.BTN_BOARD)
        await secretary.tap("Ghi sổ quỹ")
        found = await secretary.say("TV002")
        if not any("Ghi gì cho" in text_of(r) for r in found):
            await secretary.tap(member("TV002")["name"])
        await secretary.tap("Gửi tiết kiệm")
        [confirm] = await secretary.say("100k")
        assert "100.000 đ" in bold_in(confirm)
        [done] = await secretary.tap("Ghi vào sổ")
        assert "Đã ghi gửi tiết kiệm" in text_of(done)

        dispatcher = Dispatcher(sample_db, {"web": WebSender(services)},
                                Pace(per_chat_interval=0), now=lambda: AS_OF)
        tally = await dispatcher.drain()
        assert tally.sent == 1
        [receipt] = await tuyet.messages()
        assert "100.000 đ" in "".join(p["t"] for p in receipt["text"])
        assert any(p["b"] for p in receipt["text"])
        assert await secretary.messages() == []
        # Shown once: acknowledged, it is not fetched again.
        status, _, _ = await tuyet.request("POST", "/api/messages/seen",
                                           {"up_to": receipt["id"]})
        assert status == 200 and await tuyet.messages() == []
        [state] = await sample_db.fetchall("SELECT state FROM outbox")
        assert state[0] == "sent"
        # Handing the same row over again stores nothing more.
        assert await dispatcher.drain() and await tuyet.messages() == []


# ---------------------------------------------------------------- webhooks


async def _post(server: TestServer, path: str, body: bytes,
                headers: dict[str, str]) -> int:
    async with aiohttp.ClientSession() as http, http.post(server.make_url(path), data=body,
                                                          headers=headers) as response:
        return response.status


async def test_the_telegram_webhook_checks_its_secret(sample_db: Database):
    api = OfflineBotApi()
    app = build_application(TOKEN, Services.over(sample_db, now=lambda: AS_OF), request=api,
                            rate_limited=False)
    await app.initialize()
    await app.start()
    try:
        hook = webhook_handler(app, "right-secret_1")
        async with served(sample_db, chat=False, webhooks=[
                Webhook("telegram", WEBHOOK_SECRET_HEADER, hook)]) as (server, _):
            body = json.dumps(updates.text(TG_USER, "/start")).encode()
            for headers in ({}, {WEBHOOK_SECRET_HEADER: "wrong"},
                            {WEBHOOK_SECRET_HEADER: "right-secret_"},
                            {"X-Bot-Api-Secret-Token": "right-secret_1"}):
                assert await _post(server, "/webhook/telegram", body, headers) == 403
            await asyncio.sleep(0.2)
            assert api.sent() == [] and app.update_queue.empty()

            right = {WEBHOOK_SECRET_HEADER: "right-secret_1"}
            assert await _post(server, "/webhook/telegram", b"not json", right) == 400
            assert await _post(server, "/webhook/telegram", body, right) == 200
            for _ in range(100):  # processed from the Application's queue
                if api.sent():
                    break
                await asyncio.sleep(0.05)
            [welcome] = api.sent()
            assert welcome.params["chat_id"] == TG_USER and "Xin chào" in welcome.params["text"]

            # A webhook-only server (web chat off) serves no page and no chat API.
            assert await _post(server, "/api/signin", b"{}",
                                {"Content-Type": "application/json"}) == 404
            async with aiohttp.ClientSession() as http, http.get(server.make_url("/")) as r:
                assert r.status == 404
    finally:
        await app.stop()
        await app.shutdown()


async def test_the_zalo_webhook_checks_its_secret(sample_db: Database):
    with FakeZalo() as fake:
        channel = zalo.ZaloChannel(zalo.ZaloApi(ZALO_TOKEN, fake.base_url),
                                   Services.over(sample_db, now=lambda: AS_OF),
                                   webhook_secret="zalo-secret")
        try:
            async with served(sample_db, webhooks=[
                    Webhook("zalo", zalo.SECRET_HEADER, channel.handle_webhook)]) as (server, _):
                body = json.dumps(zalo_update("zu-web-1", "xin chao")).encode()
                for headers in ({}, {zalo.SECRET_HEADER: "wrong"},
                                {WEBHOOK_SECRET_HEADER: "zalo-secret"}):
                    assert await _post(server, "/webhook/zalo", body, headers) == 403
                assert fake.texts_to("zu-web-1") == []
                assert await _post(server, "/webhook/zalo", body,
                                   {zalo.SECRET_HEADER: "zalo-secret"}) == 200
                await channel.settled(10)   # answered after the 200, in the background
                assert fake.texts_to("zu-web-1")
                # The page is served alongside.
                async with aiohttp.ClientSession() as http, \
                        http.get(server.make_url("/")) as page:
                    assert page.status == 200
                    html = await page.text()
                    assert texts.WEB_SIGNIN_HEAD in html and "{{" not in html
                    assert "script-src 'self'" in page.headers["Content-Security-Policy"]
        finally:
            await channel.close()


# ---------------------------------------------------------------- the demo's persona picker


async def test_the_demo_picks_its_people_from_the_books(sample_db: Database):
    people = await choose_personas(sample_db, 1, AS_OF.date())
    assert [p.key for p in people] == ["elder", "overdue", "secretary"]
    savers = [m for m in EXPECTED["members"] if m["savings"] > 0]
    oldest = min(savers, key=lambda m: (m["born"], m["code"]))
    late = [m for m in EXPECTED["members"] if any(loan["overdue_since"] for loan in m["loans"])]
    most_late = min(late, key=lambda m: min(loan["overdue_since"] for loan in m["loans"]
                                            if loan["overdue_since"]))
    secretary = next(m for m in EXPECTED["members"] if m["role"] == "Thư ký")
    by_key = {p.key: p for p in people}
    for key, expected in (("elder", oldest), ("overdue", most_late), ("secretary", secretary)):
        assert expected["name"] in by_key[key].label, key
        assert by_key[key].member_id == (await member_ids(sample_db, expected["code"]))[0]

    async with served(sample_db, personas=people) as (server, _), browser(server) as page:
        status, data, _ = await page.request("GET", "/api/demo")
        assert status == 200 and [p["key"] for p in data["personas"]] == [
            "elder", "overdue", "secretary"]
        status, data, response = await page.request("POST", "/api/demo/signin",
                                                    {"key": "overdue"})
        assert status == 200 and "HttpOnly" in response.headers["Set-Cookie"]
        page.csrf = data["csrf"]
        [loan] = await page.say("vay")
        assert "quá hạn" in text_of(loan)
        status, _, _ = await page.request("POST", "/api/demo/signin", {"key": "nobody"})
        assert status == 404


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "bot.cli", *args]


def _http(method: str, url: str, body: bytes | None = None,
          headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    request = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def _wait_until_up(url: str, process: subprocess.Popen, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, "the server stopped"
        try:
            _http("GET", url)
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"{url} did not answer")


def test_run_in_webhook_mode_serves_telegram_and_the_page(tmp_path: Path):
    port = _free_port()
    with FakeBotApi() as api:
        config = tmp_path / "config.toml"
        config.write_text(
            f'[database]\npath = "club.db"\n\n'
            f'[telegram]\ntoken = "1:fake"\nbase_url = "{api.base_url}"\nmode = "webhook"\n\n'
            f'[web]\nenabled = true\nport = {port}\npublic_url = "https://clb.example.invalid"\n',
            encoding="utf-8")
        subprocess.run(_cli("--config", str(config), "import", str(SAMPLE)), check=True,
                       capture_output=True, timeout=60)
        env = {**os.environ, "ISHC_TELEGRAM__WEBHOOK_SECRET": "s3cret-from-env"}
        bot = subprocess.Popen(_cli("--config", str(config), "run"), env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}"
        try:
            _wait_until_up(base + "/", bot)
            status, page = _http("GET", base + "/")
            assert status == 200 and texts.WEB_SIGNIN_HEAD.encode() in page
            body = json.dumps(updates.text(TG_USER, "/start")).encode()
            wrong = {WEBHOOK_SECRET_HEADER: "guess", "Content-Type": "application/json"}
            assert _http("POST", base + "/webhook/telegram", body, wrong)[0] == 403
            right = {WEBHOOK_SECRET_HEADER: "s3cret-from-env",
                     "Content-Type": "application/json"}
            assert _http("POST", base + "/webhook/telegram", body, right)[0] == 200
            sent = api.wait_for_sent(1, timeout=20)
        finally:
            bot.send_signal(signal.SIGINT)
            output = bot.communicate(timeout=30)[0].decode()
        assert len(sent) == 1 and "Xin chào" in sent[0]["text"], output
        assert "setWebhook" in api.methods and "getUpdates" not in api.methods
        assert bot.returncode == 0, output
        assert "s3cret-from-env" not in output


def test_the_demo_command_serves_the_picker_until_interrupted(tmp_path: Path):
    config = tmp_path / "config.toml"
    config.write_text('[database]\npath = "club.db"\n', encoding="utf-8")
    subprocess.run(_cli("--config", str(config), "import", str(SAMPLE)), check=True,
                   capture_output=True, timeout=60)
    demo = subprocess.Popen(_cli("--config", str(config), "demo", "--port", "0",
                                 "--no-browser"),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert demo.stdout is not None
        with ThreadPoolExecutor(1) as reader:  # bounded: the finally stops the demo
            first = reader.submit(demo.stdout.readline).result(timeout=60)
        url = first.split()[-1]
        assert url.startswith("http://127.0.0.1:"), first
        status, data = _http("GET", url + "api/demo")
        assert status == 200
        assert [p["key"] for p in json.loads(data)["personas"]] == [
            "elder", "overdue", "secretary"]
    finally:
        demo.send_signal(signal.SIGINT)
        out, err = demo.communicate(timeout=30)
    assert demo.returncode == 0, err
    assert "Traceback" not in out + err


def test_webhook_mode_says_what_it_still_needs(tmp_path: Path):
    config = tmp_path / "config.toml"
    config.write_text('[database]\npath = "club.db"\n\n'
                      '[telegram]\ntoken = "1:fake"\nmode = "webhook"\n', encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("ISHC_")}
    no_secret = subprocess.run(_cli("--config", str(config), "run"), capture_output=True,
                               text=True, timeout=60, env=env)
    assert no_secret.returncode == 2 and "webhook_secret" in no_secret.stderr
    no_url = subprocess.run(_cli("--config", str(config), "run"), capture_output=True,
                            text=True, timeout=60,
                            env={**env, "ISHC_TELEGRAM__WEBHOOK_SECRET": "abc"})
    assert no_url.returncode == 2 and "public_url" in no_url.stderr
    # Other commands do not need the secret at all.
    assert subprocess.run(_cli("--config", str(config), "import", str(SAMPLE)),
                          capture_output=True, timeout=60, env=env).returncode == 0


async def test_after_unlinking_the_page_asks_for_a_code_and_a_typed_code_links(
        sample_db: Database):
    async with served(sample_db) as (server, _), browser(server) as page:
        await page.sign_in(await code_for(sample_db, "TV002"))
        await page.say(texts.BTN_UNLINK)
        status, data, _ = await page.request("POST", "/api/turn", {
            "choice": next(b["choice"] for r in page.last for row in r["choices"] for b in row
                           if b["label"] == texts.BTN_YES_UNLINK)})
        assert status == 200 and data["linked"] is False
        assert data["hint"] == pieces(texts.WEB_NEED_CODE)
        # No "share your phone" button on the web: a code is how to link here.
        assert all(labels(r["keyboard"]) == [] for r in data["replies"])
        [linked] = await page.say(await code_for(sample_db, "TV005"))
        assert member("TV005")["name"] in text_of(linked)
        [loan] = await page.say("vay")
        assert "2.083.338 đ" in bold_in(loan)
