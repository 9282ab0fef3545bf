"""The officers' dashboard over HTTP on 127.0.0.1: the command that adds an
officer, signing in with its code, the scope on every request, and what the
pages never show."""

from __future__ import annotations

import asyncio
import io
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import aiohttp
import openpyxl
import pytest
from aiohttp.test_utils import TestServer

from bot.channels.web import WebChat, WebOptions
from bot.channels.web_officer import CSRF_HEADER
from bot.cli import main
from club import texts_officer as otexts
from handlers.context import Services
from storage import Database, link_codes, officers
from storage.web_signin import Limits

from .conftest import NOW, OTHER_CLUB

SCOPE = "commune:Xã Tân Lập"


class Clock:
    def __init__(self, at: datetime = NOW) -> None:
        self.at = at

    def __call__(self) -> datetime:
        return self.at


@asynccontextmanager
async def served(db: Database, clock: Clock | None = None,
                 **options: Any) -> AsyncIterator[TestServer]:
    services = Services.over(db, now=clock or Clock())
    web_options = WebOptions(cookie_secure=False, **options)
    server = TestServer(WebChat(services, options=web_options).application(), host="127.0.0.1")
    await server.start_server()
    try:
        yield server
    finally:
        await server.close()


class Officer:
    """One browser: its own cookies."""

    def __init__(self, server: TestServer) -> None:
        self.server = server
        self.http = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))

    async def close(self) -> None:
        await self.http.close()

    async def sign_in(self, code: str) -> tuple[int, str]:
        async with self.http.post(self.server.make_url("/officer/signin"),
                                  json={"code": code}) as response:
            data = await response.json()
            return response.status, "".join(p["t"] for p in data.get("error", []))

    async def get(self, path: str) -> tuple[int, str, bytes]:
        async with self.http.get(self.server.make_url(path), allow_redirects=False) as response:
            body = await response.read()
            return response.status, response.headers.get("Content-Type", ""), body

    async def page(self, path: str) -> str:
        status, kind, body = await self.get(path)
        assert status == 200 and kind.startswith("text/html"), (status, body[:200])
        return body.decode("utf-8")


@asynccontextmanager
async def officer_browser(server: TestServer) -> AsyncIterator[Officer]:
    one = Officer(server)
    try:
        yield one
    finally:
        await one.close()


async def add(db: Database, scope: str = SCOPE, name: str = "Chị Hoa") -> str:
    issued = await officers.add_officer(db, name, officers.parse_scope(scope), now=NOW)
    return link_codes.format_code(issued.code)


def club_rows(page: str) -> list[str]:
    """The club names of the dashboard's table, in their order."""
    return re.findall(r'<th scope="row"><a href="[^"]*">([^<]*)</a>', page)


# ---------------------------------------------------------------- the command


def test_officer_add_list_code_remove_through_the_command(tmp_path: Path, three_clubs_file,
                                                          capsys):
    config = tmp_path / "config.toml"
    config.write_text(f'[database]\npath = "{three_clubs_file}"\n', encoding="utf-8")
    run = ["--config", str(config), "officer"]
    assert main([*run, "add", "Chị Hoa", "--scope", SCOPE]) == 0
    said = capsys.readouterr().out
    assert "Đã thêm cán bộ Chị Hoa (số 1), xem: Xã Tân Lập." in said
    first = re.search(r"Mã đăng nhập cho Chị Hoa: (\d{4} \d{4})", said)
    assert first and "http://127.0.0.1:8080/officer/" in said
    assert main([*run, "add", "Anh Nam", "--scope", "province:hưng yên"]) == 0
    assert main([*run, "add", "Cô Lan", "--scope", "huyện:Tân Lập"]) == 2
    assert "Phạm vi chưa đúng" in capsys.readouterr().err
    assert main([*run, "list"]) == 0
    listing = capsys.readouterr().out
    assert "1: Chị Hoa — Xã Tân Lập (2 CLB)" in listing
    assert "2: Anh Nam — tỉnh hưng yên (3 CLB)" in listing
    assert main([*run, "code", "1"]) == 0
    second = re.search(r"(\d{4} \d{4})", capsys.readouterr().out)
    assert second and second[1] != first[1]
    assert main([*run, "remove", "1"]) == 0
    assert main([*run, "code", "1"]) == 1
    assert main([*run, "list"]) == 0
    assert "đã xóa" in capsys.readouterr().out

    async def audited() -> list[str]:
        db = await Database.open(three_clubs_file)
        try:
            return [r[0] for r in await db.fetchall(
                "SELECT action FROM audit_log WHERE action LIKE 'officer%' ORDER BY id")]
        finally:
            await db.close()

    assert asyncio.run(audited()) == ["officer_add", "officer_add", "officer_code",
                                      "officer_remove"]


# ---------------------------------------------------------------- signing in and the scope


async def test_an_officer_sees_the_clubs_of_their_scope_only(three_clubs):
    code = await add(three_clubs)
    async with served(three_clubs) as server, officer_browser(server) as hoa:
        before = await hoa.page("/officer/")
        assert otexts.OFFICER_SIGNIN_HEAD in before and "<table" not in before
        assert await hoa.sign_in(code) == (200, "")
        page = await hoa.page("/officer/")
        assert sorted(club_rows(page)) == ["CLB Bờ Rìa",
                                           "CLB Liên thế hệ tự giúp nhau thôn Đông Hòa"]
        assert OTHER_CLUB not in page
        assert otexts.OFFICER_PRIVACY in page
        # A code works once.
        async with officer_browser(server) as again:
            status, text = await again.sign_in(code)
            assert status == 401 and otexts.OFFICER_SIGNIN_WRONG in text


async def test_a_club_outside_the_scope_is_a_404_like_one_that_does_not_exist(three_clubs):
    code = await add(three_clubs)
    other = await three_clubs.fetchone("SELECT id FROM clubs WHERE name = ?", (OTHER_CLUB,))
    async with served(three_clubs) as server, officer_browser(server) as hoa:
        await hoa.sign_in(code)
        assert (await hoa.get("/officer/club/1"))[0] == 200
        outside = await hoa.get(f"/officer/club/{other[0]}")
        missing = await hoa.get("/officer/club/999")
        assert outside[0] == missing[0] == 404 and outside[2] == missing[2]
        for path in (f"/officer/club/{other[0]}/chart/fund.png",
                     f"/officer/club/{other[0]}/chart/par30.png"):
            assert (await hoa.get(path))[0] == 404
        # Not signed in: nothing but the sign-in page, and 404 everywhere else.
        async with officer_browser(server) as stranger:
            for path in ("/officer/club/1", "/officer/report.xlsx", "/officer/attention.xlsx",
                         "/officer/club/1/chart/fund.png"):
                assert (await stranger.get(path))[0] == 404, path


async def test_the_scope_is_read_again_on_every_request(three_clubs):
    code = await add(three_clubs)
    async with served(three_clubs) as server, officer_browser(server) as hoa:
        await hoa.sign_in(code)
        assert (await hoa.get("/officer/club/2"))[0] == 200
        # The books move the club to another commune: at once out of scope.
        await three_clubs.conn.execute("UPDATE clubs SET commune = 'Xã Khác' WHERE id = 2")
        assert (await hoa.get("/officer/club/2"))[0] == 404
        assert "CLB Bờ Rìa" not in await hoa.page("/officer/")
        # Removed: the session ends with the officer.
        await officers.remove_officer(three_clubs, 1, now=NOW)
        assert otexts.OFFICER_SIGNIN_HEAD in await hoa.page("/officer/")
        assert (await hoa.get("/officer/club/1"))[0] == 404


async def test_a_members_session_cannot_open_the_officers_pages(three_clubs):
    from tests.channels.test_web import Browser

    member = await three_clubs.fetchone(
        "SELECT id, club_id FROM members WHERE club_id = 1 AND role = 'Chủ nhiệm'")
    issued = await link_codes.issue(three_clubs, club_id=member[1], member_id=member[0],
                                    proxy=False, actor="test", now=NOW)
    async with served(three_clubs) as server:
        chair = Browser(server)
        try:
            await chair.sign_in(issued.code)
            status, _, response = await chair.request("GET", "/officer/")
            assert status == 200
            async with chair.http.get(server.make_url("/officer/")) as page:
                text = await page.text()
            assert otexts.OFFICER_SIGNIN_HEAD in text and "<table" not in text
            # Her session's token under the officers' cookie name opens nothing either.
            token = next(c.value for c in chair.http.cookie_jar if c.key == "ishc_session")
            async with aiohttp.ClientSession(cookies={"ishc_officer": token}) as forged:
                async with forged.get(server.make_url("/officer/club/1")) as refused:
                    assert refused.status == 404
                async with forged.get(server.make_url("/officer/")) as signin:
                    assert "<table" not in await signin.text()
        finally:
            await chair.close()


async def test_guessing_officer_codes_is_limited_per_address(three_clubs):
    code = await add(three_clubs)
    async with (served(three_clubs, limits=Limits(per_address=3)) as server,
                officer_browser(server) as guesser):
        wrong = [c for c in (f"{i:08d}" for i in range(5)) if c != code.replace(" ", "")]
        statuses = [(await guesser.sign_in(c))[0] for c in wrong[:4]]
        assert statuses == [401, 401, 401, 429]
        # Even the right code waits now, from this address.
        assert (await guesser.sign_in(code))[0] == 429


async def test_signing_out_needs_the_pages_csrf_token(three_clubs):
    code = await add(three_clubs)
    async with served(three_clubs) as server, officer_browser(server) as hoa:
        await hoa.sign_in(code)
        url = server.make_url("/officer/signout")
        async with hoa.http.post(url, json={}) as refused:
            assert refused.status == 403
        page = await hoa.page("/officer/")
        token = re.search(r'<meta name="csrf-token" content="([0-9a-f]+)">', page)[1]
        async with hoa.http.post(url, data="{}", headers={"Content-Type": "text/plain",
                                                          CSRF_HEADER: token}) as form:
            assert form.status == 415
        async with hoa.http.post(url, json={}, headers={CSRF_HEADER: token,
                                                        "Origin": "http://evil.example"}) as x:
            assert x.status == 403
        async with hoa.http.post(url, json={}, headers={CSRF_HEADER: token}) as out:
            assert out.status == 200
        assert otexts.OFFICER_SIGNIN_HEAD in await hoa.page("/officer/")


async def test_the_cookie_is_http_only_and_lax_and_the_pages_keep_the_csp(three_clubs):
    code = await add(three_clubs)
    async with served(three_clubs) as server, aiohttp.ClientSession() as http:
        async with http.post(server.make_url("/officer/signin"),
                             json={"code": code}) as response:
            cookie = response.headers["Set-Cookie"]
        assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
        async with http.get(server.make_url("/officer/")) as page:
            assert "script-src 'self'" in page.headers["Content-Security-Policy"]
            assert page.headers["Cache-Control"] == "private, no-store"
            assert "<script>" not in await page.text()


# ---------------------------------------------------------------- what the pages show


async def test_aggregates_only_no_phone_or_reading_on_any_page(three_clubs):
    code = await add(three_clubs, scope="all")
    phones = [r[0] for r in await three_clubs.fetchall(
        "SELECT phone FROM members WHERE phone IS NOT NULL")]
    readings = [f"{r[0]}/{r[1]}" for r in await three_clubs.fetchall(
        "SELECT systolic, diastolic FROM health_readings WHERE systolic IS NOT NULL")]
    assert phones and readings
    async with served(three_clubs) as server, officer_browser(server) as hoa:
        await hoa.sign_in(code)
        pages = [await hoa.page("/officer/"), await hoa.page("/officer/?attention=1")]
        pages += [await hoa.page(f"/officer/club/{i}?period=2026-H1") for i in (1, 2, 3)]
    for page in pages:
        digits = re.sub(r"\D", "", page)
        assert not [p for p in phones if p[1:] in digits]
        assert not [r for r in readings if r in page]
    assert otexts.OFFICER_PRIVACY in pages[-1]


async def test_a_name_from_the_books_is_text_never_markup(three_clubs):
    await three_clubs.conn.execute(
        "UPDATE clubs SET name = '<script>alert(1)</script> \"CLB\"' WHERE id = 2")
    code = await add(three_clubs)
    async with served(three_clubs) as server, officer_browser(server) as hoa:
        await hoa.sign_in(code)
        for page in (await hoa.page("/officer/"), await hoa.page("/officer/club/2")):
            assert "<script>alert" not in page
            assert "&lt;script&gt;alert(1)&lt;/script&gt; &quot;CLB&quot;" in page


async def test_sorting_filtering_and_the_period(three_clubs):
    code = await add(three_clubs, scope="all")
    async with served(three_clubs) as server, officer_browser(server) as hoa:
        await hoa.sign_in(code)
        by_par = await hoa.page("/officer/?period=2026&sort=par30")
        names = club_rows(by_par)
        values = re.findall(r'data-col="par30" class="light \w+">([^<]*)<', by_par)
        assert len(names) == 3 and values[-1] == "0%" and values[0] == "100%"
        assert 'aria-sort="descending"' in by_par
        ascending = club_rows(await hoa.page("/officer/?period=2026&sort=par30&order=asc"))
        assert ascending == names[::-1] or ascending[0] == names[-1]
        needing = await hoa.page("/officer/?period=2026&attention=1")
        assert 0 < len(club_rows(needing)) <= 3
        assert all("❌" in row for row in re.findall(r"<tr data-club.*?</tr>", needing))
        half = await hoa.page("/officer/?period=2026-H1")
        assert "6 tháng đầu năm 2026 (15/12/2025 – 14/06/2026)" in half
        chosen = await hoa.page("/officer/?from=2026-01-01&to=2026-03-31")
        assert "từ 01/01/2026 đến 31/03/2026" in chosen
        wrong = await hoa.page("/officer/?from=2026-13-01&to=x")
        assert "Khoảng thời gian chưa đúng" in wrong


async def test_the_downloads_are_the_scopes_report(three_clubs):
    code = await add(three_clubs)
    async with served(three_clubs) as server, officer_browser(server) as hoa:
        await hoa.sign_in(code)
        status, kind, body = await hoa.get("/officer/report.xlsx?period=2026-H1")
        assert status == 200 and "spreadsheetml" in kind
        book = openpyxl.load_workbook(io.BytesIO(body))
        clubs = [r[0] for r in book["Các CLB"].iter_rows(min_row=2, values_only=True)]
        assert OTHER_CLUB not in clubs and "CLB Bờ Rìa" in clubs
        status, kind, body = await hoa.get("/officer/report.pdf?period=2026-H1")
        assert status == 200 and body.startswith(b"%PDF")
        status, kind, body = await hoa.get("/officer/attention.xlsx?period=2026-H1")
        sheet = openpyxl.load_workbook(io.BytesIO(body)).active
        flagged = [r[0] for r in sheet.iter_rows(min_row=5, values_only=True) if r[0]]
        assert flagged and OTHER_CLUB not in flagged


async def test_an_expired_officer_session_is_refused(three_clubs):
    code = await add(three_clubs)
    clock = Clock()
    async with served(three_clubs, clock) as server, officer_browser(server) as hoa:
        await hoa.sign_in(code)
        clock.at = NOW + officers.SESSION_TTL + timedelta(seconds=1)
        assert otexts.OFFICER_SIGNIN_HEAD in await hoa.page("/officer/")


@pytest.mark.parametrize("text", ["all", "province:Hưng Yên", "commune:Xã Tân Lập, Hưng Yên"])
def test_scopes_are_read(text):
    scope = officers.parse_scope(text)
    assert scope.covers("Xã Tân Lập", "Hưng Yên")
    assert officers.parse_scope("commune:xa tan lap, Thái Bình").covers("Xã Tân Lập",
                                                                        "Hưng Yên") is False


async def test_the_dashboard_follows_a_new_entry_at_once(three_clubs):
    """The rows are kept between requests, but never past a change to the books."""
    from datetime import date

    from storage.cashbook import NewEntry, record

    code = await add(three_clubs)
    async with served(three_clubs) as server, officer_browser(server) as hoa:
        await hoa.sign_in(code)

        async def fund_of_edge_club() -> str:
            page = await hoa.page("/officer/?period=2026")
            row = re.search(r'<tr data-club="2".*?</tr>', page, re.DOTALL)[0]
            return re.search(r'data-col="fund" class="light \w+">([^<]*)<', row)[1]

        before = await fund_of_edge_club()
        assert before == await fund_of_edge_club()  # kept: the same page again
        await record(three_clubs, NewEntry(club_id=2, member_id=None, kind="grant",
                                           amount=40_000_000, entry_date=date(2026, 11, 20),
                                           note="Hội NCT tỉnh"), actor="test", now=NOW)
        after = await fund_of_edge_club()
        assert before == "11.930.000 đ" and after == "51.930.000 đ"
