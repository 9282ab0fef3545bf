"""The web server under attack: guessing sign-in codes, hosts, hostile bodies.

Every test talks to the real server over HTTP on 127.0.0.1 (aiohttp's
TestServer serving ``WebChat.application()``); the concurrency ones send
their requests at once, on as many connections.
"""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

import aiohttp
import pytest
from aiohttp.test_utils import TestServer
from multidict import CIMultiDict

from bot.channels.web import (
    SECURITY_HEADERS,
    Limits,
    WebChat,
    Webhook,
    WebOptions,
    cookie_secure,
    options_for,
)
from bot.config import WebSettings
from club import texts
from handlers.context import Services
from storage import Database, link_codes
from storage.web_signin import bucket_of
from tests.channels.test_web import browser, code_for, member_ids, served, text_of, web_links
from tests.conftest import AS_OF, member

PROXIED = WebOptions(cookie_secure=False, behind_proxy=True)
LOCKED_OUT = "Đã gõ sai mã nhiều lần từ máy này"
PAUSED = "Trang tạm ngừng nhận mã"


class Clock:
    def __init__(self, at: datetime = AS_OF) -> None:
        self.at = at

    def __call__(self) -> datetime:
        return self.at


def wrong_codes(good: str, count: int) -> list[str]:
    """``count`` 8-digit codes, none of them the good one."""
    digits = good.replace(" ", "")
    return [c for c in (f"{i:08d}" for i in range(count + 1)) if c != digits][:count]


async def sign_in_at_once(server: TestServer, codes: Sequence[str],
                          forwarded: Sequence[Sequence[str]] = (),
                          ) -> list[tuple[int, str]]:
    """POST every code to /api/signin at the same time, each on its own connection;
    ``forwarded[i]``: the X-Forwarded-For header lines of the i-th request."""
    connector = aiohttp.TCPConnector(limit=0, force_close=True)
    async with aiohttp.ClientSession(connector=connector) as http:
        start = asyncio.Event()

        async def one(i: int, code: str) -> tuple[int, str]:
            headers: CIMultiDict[str] = CIMultiDict()
            for line in forwarded[i] if forwarded else ():
                headers.add("X-Forwarded-For", line)
            await start.wait()
            async with http.post(server.make_url("/api/signin"), json={"code": code},
                                 headers=headers) as response:
                data = await response.json()
                return response.status, "".join(p["t"] for p in data.get("error", []))

        tasks = [asyncio.create_task(one(i, code)) for i, code in enumerate(codes)]
        await asyncio.sleep(0)
        start.set()
        return await asyncio.gather(*tasks)


async def sign_in(server: TestServer, code: str, *forwarded: str,
                  ) -> tuple[int, dict[str, Any], CIMultiDict[str]]:
    headers: CIMultiDict[str] = CIMultiDict()
    for line in forwarded:
        headers.add("X-Forwarded-For", line)
    async with aiohttp.ClientSession() as http, http.post(
            server.make_url("/api/signin"), json={"code": code}, headers=headers) as response:
        return response.status, await response.json(), CIMultiDict(response.headers)


def said(data: dict[str, Any]) -> str:
    return "".join(p["t"] for p in data.get("error", []))


async def checked_web_tries(db: Database) -> int:
    """Codes actually looked at by the link-code store for the web (each audited)."""
    row = await db.fetchone("SELECT count(*) FROM link_attempts WHERE channel = 'web'")
    return int(row[0])


# ---------------------------------------------------------------- guessing by concurrency


async def test_300_wrong_codes_at_once_from_one_address_check_at_most_10(sample_db: Database):
    async with served(sample_db) as (server, _):
        good = await code_for(sample_db, "TV002")
        answers = await sign_in_at_once(server, wrong_codes(good, 300))
        checked = [text for status, text in answers if status == 401]
        refused = [text for status, text in answers if status == 429]
        assert len(checked) <= 10 and len(checked) + len(refused) == 300
        assert all(LOCKED_OUT in text for text in refused)
        assert await checked_web_tries(sample_db) == len(checked)
        # The right code does not get in from that address now.
        status, data, headers = await sign_in(server, good)
        assert status == 429 and LOCKED_OUT in said(data) and "Set-Cookie" not in headers
        assert int(headers["Retry-After"]) > 3000
        assert await web_links(sample_db) == []
        assert not await sample_db.fetchall("SELECT * FROM web_sessions")


async def test_a_locked_address_stays_locked_through_a_flood_and_a_restart(
        sample_db: Database):
    options = WebOptions(cookie_secure=False, behind_proxy=True,
                         limits=Limits(per_minute=100_000))
    locked = "203.0.113.7"
    async with served(sample_db, options=options) as (server, _):
        good = await code_for(sample_db, "TV002")
        wrong = wrong_codes(good, 400)
        for code in wrong[:10]:
            assert (await sign_in(server, code, locked))[0] == 401
        # 300 other addresses fail once each, at once: the locked one is not forgotten.
        flood = [[f"198.51.{i // 250}.{i % 250 + 1}"] for i in range(300)]
        answers = await sign_in_at_once(server, wrong[100:400], flood)
        assert {status for status, _ in answers} == {401}
        status, data, _ = await sign_in(server, good, locked)
        assert status == 429 and LOCKED_OUT in said(data)
    # The tries are in the database, not in the server's memory.
    async with served(sample_db, options=options) as (server, _):
        status, data, _ = await sign_in(server, good, locked)
        assert status == 429 and LOCKED_OUT in said(data)
        status, data, _ = await sign_in(server, good, "198.51.0.1")  # one failure there
        assert status == 200 and data["signed_in"] is True


def test_addresses_are_counted_by_ipv4_address_and_ipv6_64():
    assert bucket_of("203.0.113.7") == "203.0.113.7"
    assert bucket_of("::ffff:203.0.113.7") == "203.0.113.7"
    assert bucket_of("2001:db8:1:2::1") == bucket_of("2001:db8:1:2:ffff:ffff:ffff:ffff")
    assert bucket_of("2001:db8:1:2::1") == "2001:db8:1:2::/64"
    assert bucket_of("2001:db8:1:3::1") != bucket_of("2001:db8:1:2::1")


async def test_every_address_of_an_ipv6_64_shares_its_tries(sample_db: Database):
    async with served(sample_db, options=PROXIED) as (server, _):
        good = await code_for(sample_db, "TV002")
        wrong = wrong_codes(good, 12)
        for i, code in enumerate(wrong[:10]):
            assert (await sign_in(server, code, f"2001:db8:1:2::{i + 1:x}"))[0] == 401
        status, data, _ = await sign_in(server, good, "2001:db8:1:2:abcd:ef01:2345:6789")
        assert status == 429 and LOCKED_OUT in said(data)
        # The next /64 is someone else.
        assert (await sign_in(server, wrong[10], "2001:db8:1:3::1"))[0] == 401


async def test_behind_a_proxy_the_right_most_forwarded_address_counts(sample_db: Database):
    """What the client wrote in X-Forwarded-For (its own header line, or entries
    left of the proxy's) changes nothing: the proxy's own entry counts."""
    proxy_saw = "203.0.113.9"
    async with served(sample_db, options=PROXIED) as (server, _):
        good = await code_for(sample_db, "TV002")
        wrong = wrong_codes(good, 20)
        lines = [[f"10.0.0.{i}", proxy_saw] if i % 2 else [f"10.0.1.{i}, {proxy_saw}"]
                 for i in range(20)]
        answers = await sign_in_at_once(server, wrong, lines)
        assert sorted(status for status, _ in answers) == [401] * 10 + [429] * 10
        status, data, _ = await sign_in(server, good, f"192.0.2.1, {proxy_saw}")
        assert status == 429 and LOCKED_OUT in said(data)
        status, data, _ = await sign_in(server, good, proxy_saw, "192.0.2.1")
        assert status == 200 and data["signed_in"] is True


# ---------------------------------------------------------------- the ceiling over everyone


async def test_too_many_failures_everywhere_pause_every_sign_in(sample_db: Database):
    clock = Clock()
    options = WebOptions(cookie_secure=False, behind_proxy=True,
                         limits=Limits(per_minute=20, pause=timedelta(minutes=5)))
    async with served(sample_db, now=clock, options=options) as (server, _):
        good = await code_for(sample_db, "TV002")
        addresses = [[f"198.51.100.{i + 1}"] for i in range(40)]
        answers = await sign_in_at_once(server, wrong_codes(good, 40), addresses)
        checked = [status for status, _ in answers if status == 401]
        assert len(checked) <= 20
        assert all(PAUSED in text for status, text in answers if status == 429)
        assert await checked_web_tries(sample_db) == len(checked)
        # An address that never failed, with the right code, waits too.
        status, data, headers = await sign_in(server, good, "192.0.2.50")
        assert status == 429 and PAUSED in said(data)
        assert 0 < int(headers["Retry-After"]) <= 301
        clock.at += timedelta(minutes=3)
        assert (await sign_in(server, good, "192.0.2.50"))[0] == 429
        clock.at += timedelta(minutes=2, seconds=1)
        status, data, _ = await sign_in(server, good, "192.0.2.50")
        assert status == 200 and data["signed_in"] is True


# ---------------------------------------------------------------- a shared address


async def test_a_shared_machine_code_gets_in_where_the_address_is_locked(sample_db: Database):
    async with served(sample_db, options=PROXIED) as (server, _):
        hall = "203.0.113.20"
        good = await code_for(sample_db, "TV002")
        for code in wrong_codes(good, 10):
            assert (await sign_in(server, code, hall))[0] == 401
        status, data, _ = await sign_in(server, good, hall)
        assert status == 429 and texts.WEB_SHARED_HINT in said(data)

        member_id, club_id = await member_ids(sample_db, "TV005")
        issued = await link_codes.issue(sample_db, club_id=club_id, member_id=member_id,
                                        proxy=False, actor="test", now=AS_OF, shared=True)
        shared = link_codes.format_code(issued.code)
        assert re.fullmatch(r"\d{4} \d{4} \d{4}", shared)
        status, data, _ = await sign_in(server, shared, hall)
        assert status == 200 and member("TV005")["name"] in text_of(data["replies"][0])
        # Once: it is spent like any code.
        status, data, _ = await sign_in(server, shared, hall)
        assert status == 401 and texts.LC_USED in said(data)
        # The ordinary code is still refused from there.
        assert (await sign_in(server, good, hall))[0] == 429
        assert [m for _, m, _ in await web_links(sample_db)] == ["TV005"]


async def test_shared_machine_codes_have_their_own_limit_per_address(sample_db: Database):
    async with served(sample_db, options=PROXIED) as (server, _):
        hall = "203.0.113.21"
        for i in range(10):
            status, data, _ = await sign_in(server, f"1111 2222 {i:04d}", hall)
            assert status == 401 and texts.LC_WRONG in said(data)
        status, data, _ = await sign_in(server, "1111 2222 9999", hall)
        assert status == 429 and LOCKED_OUT in said(data)
        # ... and the ordinary tries of the address are untouched.
        assert (await sign_in(server, "0000 0001", hall))[0] == 401


# ---------------------------------------------------------------- sessions


async def test_a_second_sign_in_in_the_same_browser_ends_the_first_session(
        sample_db: Database):
    async with served(sample_db) as (server, _), browser(server) as page:
        await page.sign_in(await code_for(sample_db, "TV002"))
        [(first_account,)] = await sample_db.fetchall("SELECT account_id FROM web_sessions")
        first_cookie = page.http.cookie_jar.filter_cookies(server.make_url("/"))
        await page.sign_in(await code_for(sample_db, "TV005"))
        [(second_account,)] = await sample_db.fetchall("SELECT account_id FROM web_sessions")
        assert second_account != first_account
        # The first account is unlinked in the same stroke: nothing more reaches it.
        assert await web_links(sample_db) == [(second_account, "TV005", "code")]
        replaced = await sample_db.fetchall(
            "SELECT actor FROM audit_log WHERE action = 'web_session_replaced'")
        assert [r[0] for r in replaced] == [f"web:{first_account}"]
        # The old cookie, replayed, is no session.
        async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as old:
            old.cookie_jar.update_cookies(first_cookie)
            async with old.get(server.make_url("/api/session")) as response:
                assert await response.json() == {"signed_in": False}


async def test_the_cookie_is_secure_behind_a_proxy_even_without_public_url(
        sample_db: Database):
    # What `run` builds from [web] behind_proxy = true, host 127.0.0.1, no public_url.
    built = options_for(WebSettings(behind_proxy=True))
    assert built.cookie_secure and built.behind_proxy
    # And a server given the loopback's choice still sets it Secure behind a proxy.
    loopback = WebOptions(cookie_secure=cookie_secure("127.0.0.1"), behind_proxy=True)
    for options in (built, loopback):
        async with served(sample_db, options=options) as (server, _):
            status, _, headers = await sign_in(server, await code_for(sample_db, "TV002"))
            assert status == 200
            cookie = headers["Set-Cookie"]
            assert cookie.startswith("__Host-ishc=") and "Secure" in cookie
            assert "HttpOnly" in cookie and "Path=/" in cookie


async def test_failed_tries_are_pruned_after_their_window_only(sample_db: Database):
    clock = Clock()
    async with served(sample_db, now=clock) as (server, services):
        good = await code_for(sample_db, "TV002")
        for code in wrong_codes(good, 3):
            assert (await sign_in(server, code))[0] == 401
        chat = WebChat(services)

        async def rows() -> tuple[int, int]:
            tries = await sample_db.fetchone("SELECT count(*) FROM web_signin_attempts")
            return int(tries[0]), await checked_web_tries(sample_db)

        clock.at = AS_OF + timedelta(minutes=59)
        await chat.prune()
        assert await rows() == (3, 3)
        clock.at = AS_OF + timedelta(hours=1, seconds=1)
        await chat.prune()
        assert await rows() == (0, 3)  # the link-code store counts a day
        clock.at = AS_OF + timedelta(hours=24, seconds=1)
        await chat.prune()
        assert await rows() == (0, 0)


# ---------------------------------------------------------------- hosts


async def host_get(server: TestServer, host: str, path: str = "/",
                   ) -> tuple[int, str, CIMultiDict[str]]:
    async with aiohttp.ClientSession() as http, http.get(
            server.make_url(path), headers={"Host": host}) as response:
        return response.status, await response.text(), CIMultiDict(response.headers)


async def test_only_the_servers_own_names_are_answered(sample_db: Database):
    options = WebOptions(cookie_secure=False, public_url="https://clb.example.vn",
                         allowed_hosts=("192.168.1.20",))
    async with served(sample_db, options=options) as (server, _):
        port = server.port
        for host in ("clb.example.vn", f"127.0.0.1:{port}", f"localhost:{port}",
                     "192.168.1.20:8080", "CLB.Example.VN."):
            status, body, _ = await host_get(server, host)
            assert status == 200 and texts.WEB_SIGNIN_HEAD in body, host
        # A page whose name was pointed at this machine (DNS rebinding) gets nothing.
        for host in ("evil.example", f"evil.example:{port}", "clb.example.vn.evil.example",
                     "192.168.1.21", ""):
            status, body, headers = await host_get(server, host)
            assert status == 421 and texts.WEB_SIGNIN_HEAD not in body, host
            assert said(json.loads(body)) == texts.WEB_WRONG_HOST
            assert headers["Content-Security-Policy"] == SECURITY_HEADERS[
                "Content-Security-Policy"]
        good = await code_for(sample_db, "TV002")
        async with aiohttp.ClientSession() as http, http.post(
                server.make_url("/api/signin"), json={"code": good},
                headers={"Host": "evil.example"}) as response:
            assert response.status == 421
        assert await checked_web_tries(sample_db) == 0


def test_the_configured_names_are_the_ones_answered():
    chat = WebChat(Services.over(None, now=lambda: AS_OF),  # type: ignore[arg-type]
                   options=options_for(WebSettings(host="0.0.0.0",
                                                   public_url="https://clb.example.vn",
                                                   allowed_hosts=["clb.local",
                                                                  "CLB2.example.vn:443",
                                                                  "[fd00::20]:8080",
                                                                  "fd00::21"])))
    assert chat.hosts == {"clb.example.vn", "clb.local", "clb2.example.vn", "fd00::20",
                          "fd00::21", "localhost", "127.0.0.1", "::1"}
    demo = WebChat(Services.over(None, now=lambda: AS_OF),  # type: ignore[arg-type]
                   options=options_for(WebSettings(host="10.1.2.3")))
    assert "10.1.2.3" in demo.hosts and "evil.example" not in demo.hosts


# ---------------------------------------------------------------- hostile bodies, errors


async def test_hostile_json_is_a_bad_request_never_a_server_error(sample_db: Database):
    async with served(sample_db) as (server, _), browser(server) as page:
        await page.sign_in(await code_for(sample_db, "TV002"))
        hostile: list[tuple[str, Any]] = [
            ("/api/turn", {"choice": 10 ** 30}),
            ("/api/turn", {"text": 10 ** 30}),
            ("/api/messages/seen", {"up_to": 10 ** 30}),
            ("/api/messages/seen", {"up_to": 2 ** 63}),
            ("/api/messages/seen", {"up_to": -(10 ** 30)}),
            ("/api/turn", {"text": "vay", "x": [[[[[[[[[[1]]]]]]]]]]}),
        ]
        for path, body in hostile:
            status, data, _ = await page.request("POST", path, body)
            assert status == 400 and said(data) == texts.WEB_BAD_REQUEST, (path, body)
        deep = ("[" * 1000 + "]" * 1000).encode()
        deeper = b'{"text": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
        huge = b'{"up_to": ' + b"9" * 5000 + b"}"
        for path in ("/api/turn", "/api/messages/seen", "/api/signin"):
            for raw in (deep, deeper, huge):
                async with page.http.post(server.make_url(path), data=raw, headers={
                        "Content-Type": "application/json",
                        "X-CSRF-Token": page.csrf or ""}) as response:
                    text = await response.text()
                    assert response.status in (400, 413), (path, response.status)
                    assert "Traceback" not in text and "Error" not in text
        # The session still works.
        [answer] = await page.say("tiet kiem")
        assert "800.000 đ" in text_of(answer)


async def test_errors_carry_the_security_headers_and_no_traceback(sample_db: Database):
    def broken(body: bytes, secret: str | None) -> int:
        raise RuntimeError("a bug, with a secret in it: s3cret")

    async with served(sample_db, webhooks=[Webhook("broken", "X-Secret", broken)]) as (
            server, _), aiohttp.ClientSession() as http:
        for method, path, expected in (("GET", "/nope", 404),
                                       ("GET", "/static/nope.js", 404),
                                       ("GET", "/api/signin", 405),
                                       ("POST", "/webhook/broken", 500)):
            async with http.request(method, server.make_url(path), data=b"{}") as r:
                body = await r.text()
                assert r.status == expected, path
                for name, value in SECURITY_HEADERS.items():
                    assert r.headers[name] == value, (path, name)
                assert "Traceback" not in body and "s3cret" not in body
                data = await r.json()
                assert said(data) in (texts.WEB_NOT_FOUND, texts.WEB_SERVER_ERROR)


@pytest.mark.parametrize("pause", ["5m", "1h"])
def test_sign_in_limits_come_from_the_web_settings(pause: str):
    built = options_for(WebSettings(signin_failures_per_hour=3, signin_failures_per_minute=7,
                                    signin_pause=pause))
    assert built.limits.per_address == 3 and built.limits.per_minute == 7
    assert built.limits.pause == {"5m": timedelta(minutes=5), "1h": timedelta(hours=1)}[pause]
