"""The officers' dashboard in a real headless Chromium (Debian's ``chromium``,
driven by Playwright) against the server on 127.0.0.1: an officer added by
the command signs in with its code, sees the two clubs of their commune out
of three imported, sorts by PAR30, opens a club, downloads the workbook and
finds in it the figure the report's JSON gives; a club outside the scope is a
404, and a member's session opens nothing here.

Skipped, like tests/channels/test_web_browser.py, only where there is no
/usr/bin/chromium and ISHC_REQUIRE_BROWSER is unset. Nothing leaves 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import json
import re
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import pytest_asyncio
from aiohttp.test_utils import TestServer

from bot.channels.web import WebChat, WebOptions
from club import texts
from handlers.context import Services
from storage import Database, link_codes
from tests.officer.conftest import NOW, OTHER_CLUB, import_three_clubs
from tests.support.browser import (
    ARTIFACTS,
    PHONE,
    launched,
    local_only,
    require_chromium,
)

STEP_MS = 20_000
TEST_S = 180
PC = {"viewport": {"width": 1280, "height": 800}, "locale": "vi-VN", "accept_downloads": True}
COMMUNE = "Xã Tân Lập"
SAMPLE_CLUB = "CLB Liên thế hệ tự giúp nhau thôn Đông Hòa"

require_chromium()
from playwright.async_api import Browser, BrowserContext  # noqa: E402

pytestmark = pytest.mark.asyncio(loop_scope="module")


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def site(tmp_path_factory: pytest.TempPathFactory
               ) -> AsyncIterator[tuple[str, Database, Path]]:
    folder = tmp_path_factory.mktemp("officer-browser")
    config = folder / "config.toml"
    config.write_text(f'[database]\npath = "{folder / "clubs.db"}"\n', encoding="utf-8")
    db = await Database.open(folder / "clubs.db")
    await import_three_clubs(db, folder)
    chat = WebChat(Services.over(db, now=lambda: NOW), options=WebOptions(cookie_secure=False))
    server = TestServer(chat.application(), host="127.0.0.1")
    await server.start_server()
    try:
        yield str(server.make_url("/")), db, config
    finally:
        await server.close()
        await db.close()


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def browser() -> AsyncIterator[Browser]:
    async with launched() as chromium:
        yield chromium


@contextlib.asynccontextmanager
async def context(browser: Browser, name: str, **options: Any) -> AsyncIterator[BrowserContext]:
    opened = await browser.new_context(**(options or PC))
    opened.set_default_timeout(STEP_MS)
    errors: list[str] = []

    await opened.route("**/*", local_only)
    opened.on("page", lambda page: page.on("pageerror", lambda e: errors.append(str(e))))
    try:
        yield opened
        assert errors == []
    except BaseException:
        ARTIFACTS.mkdir(exist_ok=True)
        for i, page in enumerate(opened.pages):
            with contextlib.suppress(Exception):
                await page.screenshot(path=str(ARTIFACTS / f"{name}-{i}.png"), full_page=True)
        raise
    finally:
        await opened.close()


def cli(config: Path, *args: str) -> str:
    done = subprocess.run([sys.executable, "-m", "bot.cli", "--config", str(config), *args],
                          capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
    assert done.returncode == 0, done.stderr
    return done.stdout


async def officer_code(config: Path) -> str:
    said = await asyncio.to_thread(cli, config, "officer", "add", "Chị Hoa", "--scope",
                                   f"commune:{COMMUNE}")
    found = re.search(r"(\d{4} \d{4})", said)
    assert found, said
    return found[1]


async def test_an_officer_reads_their_commune_and_files_its_report(browser, site):
    url, db, config = site

    async def scenario() -> None:
        code = await officer_code(config)
        report = json.loads(await asyncio.to_thread(
            cli, config, "report", "--period", "2026", "--commune", COMMUNE, "--format",
            "json"))
        async with context(browser, "officer") as pc:
            page = await pc.new_page()
            await page.goto(url + "officer/")
            await page.fill("#code", code)
            await page.click("#signin button")
            table = page.locator("#clubs")
            await table.wait_for()
            names = await page.locator("#clubs tbody th").all_inner_texts()
            assert sorted(names) == ["CLB Bờ Rìa", SAMPLE_CLUB]
            assert OTHER_CLUB not in await page.content()

            # Sorted by PAR30: the most at risk first.
            await page.click("#clubs thead th[data-col='par30'] a")
            await page.wait_for_url(re.compile(r"sort=par30"))
            shares = await page.locator("#clubs td[data-col='par30']").all_inner_texts()
            numbers = [float(re.match(r"[\d,]+", s)[0].replace(",", ".")) for s in shares]
            assert numbers == sorted(numbers, reverse=True) and len(numbers) == 2
            assert await page.locator(
                "#clubs thead th[data-col='par30'][aria-sort='descending']").count() == 1

            # A club's page: its figures, indicators and charts.
            await page.click(f"#clubs tbody th a:text-is('{SAMPLE_CLUB}')")
            await page.locator("#club-name").wait_for()
            assert await page.locator("#club-name").inner_text() == SAMPLE_CLUB
            assert await page.locator("#indicators tbody tr").count() == 8
            charts = page.locator(".charts img")
            assert await charts.count() == 5
            for i in range(5):
                await charts.nth(i).scroll_into_view_if_needed()
                await page.wait_for_function(
                    "(img) => img.complete && img.naturalWidth > 0",
                    arg=await charts.nth(i).element_handle())
            await page.go_back()
            await table.wait_for()

            # The consolidated workbook: the sample club's fund is the report's.
            async with page.expect_download() as waiting:
                await page.click("#download-xlsx")
            download = await waiting.value
            assert download.suggested_filename.endswith("-2026.xlsx")
            saved = Path(await download.path())
            sheet = openpyxl.load_workbook(io.BytesIO(saved.read_bytes()))["Các CLB"]
            head = [c.value for c in sheet[1]]
            capital = head.index(next(label for part, key, label, _ in texts.REPORT_FIGURES
                                      if (part, key) == ("fund", "capital")))
            rows = {r[0]: r for r in sheet.iter_rows(min_row=2, values_only=True)}
            expected = next(c for c in report["clubs"] if c["club"] == SAMPLE_CLUB)
            assert rows[SAMPLE_CLUB][capital] == expected["fund"]["capital"]
            assert OTHER_CLUB not in rows

            # Outside the scope: a 404, as for a club that does not exist.
            other = await db.fetchone("SELECT id FROM clubs WHERE name = ?", (OTHER_CLUB,))
            outside = await page.goto(url + f"officer/club/{other[0]}")
            assert outside is not None and outside.status == 404
            missing = await page.goto(url + "officer/club/999")
            assert missing is not None and missing.status == 404

    await asyncio.wait_for(scenario(), TEST_S)


async def test_a_members_session_cannot_open_the_dashboard(browser, site):
    url, db, _ = site

    async def scenario() -> None:
        row = await db.fetchone("SELECT id, club_id FROM members WHERE club_id = 1 "
                                "AND role = 'Chủ nhiệm'")
        issued = await link_codes.issue(db, club_id=row[1], member_id=row[0], proxy=False,
                                        actor="test", now=NOW)
        async with context(browser, "member", **PHONE) as phone:
            page = await phone.new_page()
            await page.goto(url)
            await page.fill("#code", link_codes.format_code(issued.code))
            await page.click("#signin-button")
            await page.locator("#chat").wait_for()
            await page.goto(url + "officer/")
            await page.locator("#signin").wait_for()
            assert await page.locator("#clubs").count() == 0
            refused = await page.goto(url + "officer/club/1")
            assert refused is not None and refused.status == 404

    await asyncio.wait_for(scenario(), TEST_S)


async def test_on_a_phone_the_club_names_stay_while_the_figures_scroll(browser, site):
    """A commune officer on her phone: the table scrolls sideways, the clubs'
    names stay in view beside whatever column she reads."""
    url, _, config = site

    async def scenario() -> None:
        code = await officer_code(config)
        async with context(browser, "officer-phone", **PHONE) as phone:
            page = await phone.new_page()
            await page.goto(url + "officer/")
            await page.fill("#code", code)
            await page.click("#signin button")
            await page.locator("#clubs").wait_for()
            width = page.viewport_size["width"]
            scroller = page.locator(".scroll").filter(has=page.locator("#clubs"))
            assert await scroller.evaluate("(e) => e.scrollWidth > e.clientWidth")
            await scroller.evaluate("(e) => { e.scrollLeft = e.scrollWidth; }")
            name = page.locator("#clubs tbody th").first
            seen = await name.bounding_box()
            assert seen is not None and seen["x"] >= 0 and seen["x"] + 40 <= width, seen
            checkup = page.locator("#clubs td[data-col='checkup']").first
            shown = await checkup.bounding_box()
            assert shown is not None and shown["x"] + shown["width"] <= width + 1, shown

    await asyncio.wait_for(scenario(), TEST_S)
