"""The web chat in a real headless Chromium (Debian's ``chromium``, driven by
Playwright), against the server on 127.0.0.1: what a member actually sees.

Skipped only where there is no /usr/bin/chromium and ISHC_REQUIRE_BROWSER is
unset (a developer's machine without the package); CI installs Chromium and
sets ISHC_REQUIRE_BROWSER=1, so there it runs or fails, never skips.
Nothing leaves 127.0.0.1: every other request is aborted.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from aiohttp.test_utils import TestServer

from bot.channels.web import Persona, WebChat, WebOptions
from bot.demo import choose_personas
from club import texts
from club.charts import PIXELS
from handlers.context import Services
from storage import Database, link_codes
from tests.conftest import AS_OF, member

CHROMIUM = Path("/usr/bin/chromium")
REQUIRED = bool(os.environ.get("ISHC_REQUIRE_BROWSER"))
ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
STEP_MS = 15_000     # the longest any one step may take
TEST_S = 120         # the longest a whole test may take

if not CHROMIUM.exists() and not REQUIRED:
    pytest.skip("no /usr/bin/chromium (apt-get install chromium); set ISHC_REQUIRE_BROWSER=1 "
                "to make this a failure", allow_module_level=True)
if not REQUIRED:
    pytest.importorskip("playwright.async_api")
from playwright.async_api import Page, async_playwright  # noqa: E402


@asynccontextmanager
async def served(db: Database, personas: list[Persona] | None = None) -> AsyncIterator[str]:
    chat = WebChat(Services.over(db, now=lambda: AS_OF), personas=personas,
                   options=WebOptions(cookie_secure=False))
    server = TestServer(chat.application(), host="127.0.0.1")
    await server.start_server()
    try:
        yield str(server.make_url("/"))
    finally:
        await server.close()


@asynccontextmanager
async def chromium() -> AsyncIterator[tuple[Page, list[str], Any]]:
    assert CHROMIUM.exists(), "ISHC_REQUIRE_BROWSER is set but /usr/bin/chromium is missing"
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS,
                                                   timeout=60_000)
        try:
            # A phone's screen.
            context = await browser.new_context(viewport={"width": 390, "height": 844},
                                                locale="vi-VN")
            context.set_default_timeout(STEP_MS)

            async def local_only(route: Any) -> None:
                host = urlsplit(route.request.url).hostname
                if host == "127.0.0.1":
                    await route.continue_()
                else:
                    await route.abort()

            await context.route("**/*", local_only)
            page = await context.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda error: errors.append(str(error)))
            yield page, errors, context
        finally:
            await browser.close()


async def issue(db: Database, code: str) -> str:
    row = await db.fetchone("SELECT id, club_id FROM members WHERE code = ?", (code,))
    assert row is not None
    issued = await link_codes.issue(db, club_id=row[1], member_id=row[0], proxy=False,
                                    actor="test", now=AS_OF)
    return link_codes.format_code(issued.code)


async def test_a_member_signs_in_with_a_code_and_sees_her_balance_in_bold(sample_db: Database):
    async def scenario() -> None:
        code = await issue(sample_db, "TV002")
        async with served(sample_db) as url, chromium() as (page, errors, context):
            await page.goto(url)
            assert await page.title() == texts.WEB_TITLE
            # A big numeric input for the code, as the board printed it.
            assert await page.get_attribute("#code", "inputmode") == "numeric"
            await page.fill("#code", code)
            await page.click("#signin-button")

            savings = page.locator("#keyboard button", has_text=texts.BTN_SAVINGS)
            await savings.wait_for()
            assert member("TV002")["name"] in await page.inner_text("#log")
            await savings.click()
            balance = page.locator(".msg.bot b", has_text="800.000 đ")
            await balance.wait_for()
            assert await balance.evaluate("b => getComputedStyle(b).fontWeight") in (
                "700", "bold")

            # The session cookie is out of the page's reach.
            [cookie] = await context.cookies()
            assert cookie["httpOnly"] and cookie["sameSite"] == "Lax"
            assert await page.evaluate("document.cookie") == ""

            # Typed markup is shown as the words typed, never run.
            await page.fill("#text", "<img src=x onerror=alert(1)>")
            await page.press("#text", "Enter")
            await page.locator(".msg.bot", has_text="Tôi chưa hiểu").wait_for()
            # (The only pictures are the savings chart's, from this server.)
            assert await page.locator("#log img:not(.chart)").count() == 0

            # After a reload the session holds; signing out ends it.
            await page.reload()
            await savings.wait_for()
            await page.click("#signout")
            await page.locator("#code").wait_for(state="visible")
            assert await context.cookies() == []
            assert errors == []

    await asyncio.wait_for(scenario(), TEST_S)


async def test_the_demo_picker_signs_in_as_a_persona(sample_db: Database):
    async def scenario() -> None:
        people = await choose_personas(sample_db, 1, AS_OF.date())
        secretary = next(p for p in people if p.key == "secretary")
        async with served(sample_db, people) as url, chromium() as (page, errors, _):
            await page.goto(url)
            await page.locator("#personas button", has_text=secretary.label).click()
            board = page.locator("#keyboard button", has_text=texts.BTN_BOARD)
            await board.wait_for()
            await board.click()
            await page.locator(".msg.bot .choices button", has_text="Ghi sổ quỹ").wait_for()
            assert errors == []

    await asyncio.wait_for(scenario(), TEST_S)


async def test_the_health_chart_shows_as_a_picture_and_phones_call(sample_db: Database):
    async def scenario() -> None:
        code = await issue(sample_db, "TV050")
        async with served(sample_db) as url, chromium() as (page, errors, _):
            await page.goto(url)
            await page.fill("#code", code)
            await page.click("#signin-button")
            await page.locator("#keyboard button", has_text=texts.BTN_HEALTH).click()

            chart = page.locator(".msg.bot img.chart")
            await chart.wait_for()
            await page.wait_for_function(
                "() => { const i = document.querySelector('.msg.bot img.chart');"
                " return i && i.complete && i.naturalWidth > 0; }")
            assert await chart.evaluate("i => [i.naturalWidth, i.naturalHeight]") == list(PIXELS)
            assert "12 lần đo" in (await chart.get_attribute("alt") or "")
            # Under the answer, inside the page's width.
            box = await chart.bounding_box()
            assert box is not None and box["width"] <= 390

            await page.locator("#keyboard button", has_text=texts.BTN_CONTACTS).click()
            call = page.locator(".msg.bot a.tel", has_text="0971")
            await call.first.wait_for()
            assert await call.first.get_attribute("href") == "tel:+84971706690"
            # Grouped as read aloud, and never broken between its groups.
            assert await call.first.inner_text() == "0971\u00a0706\u00a0690"
            assert errors == []

    await asyncio.wait_for(scenario(), TEST_S)
