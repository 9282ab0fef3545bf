"""The web chat in a real headless Chromium (Debian's ``chromium``, driven by
Playwright), against the server on 127.0.0.1: what a member actually sees.

A phone's screen: 360×740 CSS pixels at device scale 2, at the usual text size
and at 130 % — set the way a phone's text-size setting does it, by raising the
browser's default font size (the page's sizes are all relative to it). The
answers are measured, not just found: the first line of each answer must be
inside the screen, under the header and above the folded menu.

One browser and one server for the module; each test opens its own context
(a person's phone) and reuses its page. On a failure, a screenshot of every
open page goes to tests/artifacts/.

Skipped only where there is no /usr/bin/chromium and ISHC_REQUIRE_BROWSER is
unset (a developer's machine without the package); CI installs Chromium and
sets ISHC_REQUIRE_BROWSER=1, so there it runs or fails, never skips.
Nothing leaves 127.0.0.1: every other request is aborted.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from aiohttp.test_utils import TestServer

from bot.channels.web import Persona, WebChat, WebOptions
from bot.demo import choose_personas
from club import texts
from club.charts import PIXELS
from club.money import format_vnd
from handlers.context import Services
from storage import Database, link_codes
from storage.importer import import_workbook
from tests.conftest import AS_OF, SAMPLE, member
from tests.support.browser import (
    ARTIFACTS,
    PHONE,
    launched,
    local_only,
    require_chromium,
)
from tests.support.consent import agree_on_paper

STEP_MS = 15_000     # the longest any one step may take
TEST_S = 150         # the longest a whole test may take
DEFAULT_FONT_PX = 16          # Chromium's default font size: 100 %
TEXT_SIZES = {"100": 16, "130": 21}  # 130 % of 16 px, as a phone's text-size setting gives

require_chromium()
from playwright.async_api import (  # noqa: E402
    Browser,
    BrowserContext,
    Page,
    expect,
)

pytestmark = pytest.mark.asyncio(loop_scope="module")


# ---------------------------------------------------------------- one browser, one server


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def site(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[tuple[str, Database,
                                                                                list[Persona]]]:
    db = await Database.open(tmp_path_factory.mktemp("web-browser") / "club.db")
    await import_workbook(db, SAMPLE, actor="test", now=AS_OF)
    await agree_on_paper(db)  # readings are shown: every member signed the consent form
    people = await choose_personas(db, 1, AS_OF.date())
    chat = WebChat(Services.over(db, now=lambda: AS_OF), personas=people,
                   options=WebOptions(cookie_secure=False))
    server = TestServer(chat.application(), host="127.0.0.1")
    await server.start_server()
    try:
        yield str(server.make_url("/")), db, people
    finally:
        await server.close()
        await db.close()


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def browser() -> AsyncIterator[Browser]:
    async with launched() as chromium:
        yield chromium


class Phone:
    """One person's phone: a browser context with one page, and its errors."""

    def __init__(self, context: BrowserContext, page: Page) -> None:
        self.context, self.page = context, page
        self.errors: list[str] = []
        self.cdp: Any = None
        page.on("pageerror", lambda error: self.errors.append(str(error)))

    async def text_size(self, percent: str) -> None:
        """The phone's text size: the browser's default font size, as the setting does."""
        # The session stays open: closing it would drop the setting.
        self.cdp = await self.context.new_cdp_session(self.page)
        await self.cdp.send("Page.setFontSizes", {"fontSizes": {
            "standard": TEXT_SIZES[percent], "fixed": round(TEXT_SIZES[percent] * 13 / 16)}})


@asynccontextmanager
async def phone(browser: Browser, name: str, init_script: str = "") -> AsyncIterator[Phone]:
    context = await browser.new_context(**PHONE)
    context.set_default_timeout(STEP_MS)

    await context.route("**/*", local_only)
    if init_script:
        await context.add_init_script(init_script)
    held = Phone(context, await context.new_page())
    try:
        yield held
    except BaseException:
        ARTIFACTS.mkdir(exist_ok=True)
        for i, page in enumerate(context.pages):
            with contextlib.suppress(Exception):  # the failure matters more than its picture
                await page.screenshot(path=str(ARTIFACTS / f"{name}-{i}.png"))
        raise
    finally:
        await context.close()


def timed(scenario: Callable[[], Awaitable[None]]) -> Awaitable[None]:
    return asyncio.wait_for(scenario(), TEST_S)


async def issue(db: Database, code: str) -> str:
    row = await db.fetchone("SELECT id, club_id FROM members WHERE code = ?", (code,))
    assert row is not None
    issued = await link_codes.issue(db, club_id=row[1], member_id=row[0], proxy=False,
                                    actor="test", now=AS_OF)
    return link_codes.format_code(issued.code)


async def sign_in(p: Phone, url: str, db: Database, code: str) -> None:
    await p.page.goto(url)
    await p.page.fill("#code", await issue(db, code))
    await p.page.click("#signin-button")
    await p.page.locator("#chat").wait_for()
    await p.page.locator(".msg.bot").first.wait_for()


# ---------------------------------------------------------------- measuring what is seen


FIRST_LINE = """(message) => {
    const range = document.createRange();
    range.selectNodeContents(message.querySelector('.text'));
    const boxes = [...range.getClientRects()].filter((r) => r.width > 0 && r.height > 0);
    const first = boxes[0];
    const line = boxes.filter((r) => r.top < first.bottom - 1);
    const box = (e) => e.getBoundingClientRect();
    return {
        top: Math.min(...line.map((r) => r.top)), bottom: Math.max(...line.map((r) => r.bottom)),
        left: Math.min(...line.map((r) => r.left)), right: Math.max(...line.map((r) => r.right)),
        header: box(document.querySelector('header')).bottom,
        dock: box(document.getElementById('dock')).top,
        width: window.innerWidth, height: window.innerHeight,
        text: message.querySelector('.text').textContent.split('\\n')[0],
    };
}"""


async def assert_first_line_in_view(message: Any, what: str) -> dict[str, Any]:
    """The answer's first line is inside the screen, not under the header or the dock."""
    seen = await message.evaluate(FIRST_LINE)
    assert seen["top"] >= seen["header"] - 0.5, (what, seen)
    assert seen["bottom"] <= seen["dock"] + 0.5, (what, seen)
    assert seen["left"] >= 0 and seen["right"] <= seen["width"] + 0.5, (what, seen)
    return seen


async def box(locator: Any) -> dict[str, float]:
    found = await locator.bounding_box()
    assert found is not None
    return found


async def tap_menu(page: Page, label: str) -> None:
    """A main-menu button: open the folded menu first when it is folded."""
    await page.locator("#menu").wait_for()  # signed in, the menu drawn
    key = page.locator("#keyboard button", has_text=label)
    if not await key.is_visible():
        await page.click("#menu")
    await key.click()


# ---------------------------------------------------------------- the tests


@pytest.mark.parametrize("size", ["100", "130"])
async def test_each_answer_stands_under_the_header_at_both_text_sizes(browser, site, size):
    url, db, _ = site
    shown = {texts.BTN_SAVINGS: format_vnd(member("TV020")["savings"]),
             texts.BTN_LOANS: "10.000.000 đ", texts.BTN_MEETING: "17/12/2026",
             texts.BTN_HEALTH: "155/106", texts.BTN_CONTACTS: member("TV001")["name"],
             texts.BTN_HELP: texts.BTN_SAVINGS}

    async def scenario() -> None:
        async with phone(browser, f"answers-{size}") as p:
            await p.text_size(size)
            page = p.page
            await sign_in(p, url, db, "TV020")
            root = await page.evaluate("parseFloat(getComputedStyle(document.documentElement)"
                                       ".fontSize)")
            assert root == pytest.approx(20 * TEXT_SIZES[size] / DEFAULT_FONT_PX, abs=0.01)
            # The greeting with the menu open, ready for the first tap.
            assert await page.locator("#keyboard").is_visible()
            for label, figure in shown.items():
                before = await page.locator(".msg.bot").count()
                await tap_menu(page, label)
                answer = page.locator(".msg.bot").nth(before)
                await answer.wait_for()
                assert figure in await answer.inner_text(), (label, await answer.inner_text())
                first = await assert_first_line_in_view(answer, label)
                # Just under the header: the newest answer is at the top, not the bottom.
                assert first["top"] - first["header"] < 40, (label, first)
                # The menu folded to one button, so the answer has the screen.
                assert not await page.locator("#keyboard").is_visible()
                assert await page.locator("#menu").inner_text() == texts.WEB_MENU
            # A six-line answer fits whole between the header and the folded menu.
            before = await page.locator(".msg.bot").count()
            await tap_menu(page, texts.BTN_SAVINGS)
            savings = page.locator(".msg.bot").nth(before)
            await savings.wait_for()
            text_box = await box(savings.locator(".text"))
            dock = await box(page.locator("#dock"))
            lines = (await savings.locator(".text").inner_text()).count("\n") + 1
            assert lines >= 6
            if size == "100":
                assert text_box["y"] + text_box["height"] <= dock["y"] + 0.5, text_box
            # "⚠️ Báo sai" sits under the figure it reports, not in the menu.
            report = savings.locator(".choices button", has_text=texts.BTN_REPORT_SAVINGS)
            assert await report.is_visible()
            assert await page.locator("#keyboard button",
                                      has_text=texts.BTN_REPORT_SAVINGS).count() == 0
            assert p.errors == []

    await timed(scenario)


@pytest.mark.parametrize("size", ["100", "130"])
async def test_roll_call_ticks_change_the_name_where_it_is(browser, site, size):
    url, db, _ = site

    async def scenario() -> None:
        async with phone(browser, f"rollcall-{size}") as p:
            await p.text_size(size)
            page = p.page
            await sign_in(p, url, db, "TV004")  # the treasurer
            await tap_menu(page, texts.BTN_BOARD)
            await page.locator(".msg.bot .choices button", has_text="Điểm danh").click()
            # Off a meeting day, the sheet of the last meeting is on offer.
            await page.locator(".msg.bot .choices button:not([disabled])",
                               has_text="Buổi họp").click()
            sheet = page.locator(".msg.bot", has_text="có mặt").last
            await sheet.wait_for()
            await assert_first_line_in_view(sheet, "roll-call")
            names = sheet.locator(".choices .row button")
            for index in (0, 3, 6):
                messages = await page.locator(".msg").count()
                name = names.nth(index)
                await name.scroll_into_view_if_needed()
                before_label = await name.inner_text()
                before = await box(name)
                await name.click()
                await expect(name).not_to_have_text(before_label)
                await expect(name).to_be_enabled()
                after_label = await name.inner_text()
                after = await box(name)
                # The same member, a new mark, under the same finger.
                assert after_label.split(" ", 1)[1] == before_label.split(" ", 1)[1]
                assert after_label != before_label
                assert abs(after["y"] - before["y"]) < 1, (before, after)
                viewport = page.viewport_size
                assert viewport is not None and after["y"] >= 0
                assert after["y"] + after["height"] <= viewport["height"]
                # No echo bubble, nothing new: the checklist changed in place.
                assert await page.locator(".msg").count() == messages
            # Paging redraws in place too, the page button under the finger.
            messages = await page.locator(".msg").count()
            forward = sheet.locator(".choices button", has_text=texts.RC_BTN_NEXT)
            await forward.scroll_into_view_if_needed()
            before = await box(forward)
            await forward.click()
            await sheet.locator(".text", has_text="Trang 2/").wait_for()
            await expect(forward).to_be_enabled()
            assert abs((await box(forward))["y"] - before["y"]) < 1
            assert await page.locator(".msg").count() == messages
            assert p.errors == []

    await timed(scenario)


async def test_the_reminders_switch_changes_the_help_answer_in_place(browser, site):
    url, db, _ = site

    async def scenario() -> None:
        async with phone(browser, "reminders") as p:
            await p.text_size("130")
            page = p.page
            await sign_in(p, url, db, "TV022")
            await tap_menu(page, texts.BTN_HELP)
            helped = page.locator(".msg.bot", has_text="Nhắc nhở đang").last
            await helped.wait_for()
            # The switch first; the member's privacy choices follow it.
            switch = helped.locator(".choices button").first
            assert await switch.inner_text() == texts.BTN_PAUSE_REMINDERS
            messages = await page.locator(".msg").count()
            await switch.scroll_into_view_if_needed()
            before = await box(switch)
            await switch.click()
            await expect(switch).to_have_text(texts.BTN_RESUME_REMINDERS)
            assert "Nhắc nhở đang tắt" in await helped.inner_text()
            assert abs((await box(switch))["y"] - before["y"]) < 1
            assert await page.locator(".msg").count() == messages  # no echo, no new message
            assert p.errors == []

    await timed(scenario)


async def test_my_data_comes_as_a_file_she_can_save(browser, site):
    url, db, _ = site

    async def scenario() -> None:
        async with phone(browser, "my-data") as p:
            page = p.page
            await sign_in(p, url, db, "TV024")
            await tap_menu(page, texts.BTN_HELP)
            helped = page.locator(".msg.bot", has_text="Nhắc nhở đang").last
            await helped.locator(".choices button", has_text=texts.BTN_MY_DATA).click()
            summary = page.locator(".msg.bot", has_text="CLB đang giữ về").last
            await summary.locator(".choices button", has_text=texts.BTN_MY_DATA_FILE).click()
            sent = page.locator(".msg.bot", has=page.locator("a.file")).last
            await sent.wait_for()
            await assert_first_line_in_view(sent, "the file's message")
            link = sent.locator("a.file")
            name = f"du-lieu-TV024-{AS_OF:%Y%m%d}.xlsx"
            assert await link.inner_text() == "📥 " + name
            async with page.expect_download() as started:
                await link.click()
            saved = await started.value
            assert saved.suggested_filename == name
            path = await saved.path()
            assert path is not None and Path(path).read_bytes()[:2] == b"PK"  # a workbook
            assert p.errors == []

    await timed(scenario)


async def test_the_privacy_page_reads_to_its_end_on_a_phone(browser, site):
    url, _, _ = site

    async def scenario() -> None:
        async with phone(browser, "privacy") as p:
            await p.text_size("130")
            page = p.page
            await page.goto(url + "privacy")
            last = page.locator("main h2").last
            await expect(last).to_have_text(texts.PRIVACY_SECTIONS[-1][0])
            # The chat's one-screen column does not hold this page: it scrolls as a whole.
            await page.mouse.wheel(0, 100_000)
            await expect(last).to_be_in_viewport()
            assert await page.evaluate("window.scrollY") > 0
            assert await page.evaluate(
                "document.documentElement.scrollWidth <= window.innerWidth")
            assert p.errors == []

    await timed(scenario)


async def test_cash_book_confirmation_shows_who_and_how_much_above_a_primary_button(
        browser, site):
    url, db, _ = site
    name = member("TV002")["name"]

    async def scenario() -> None:
        async with phone(browser, "cashbook") as p:
            await p.text_size("130")
            page = p.page
            await sign_in(p, url, db, "TV004")  # the treasurer
            await tap_menu(page, texts.BTN_BOARD)
            await page.locator(".msg.bot .choices button", has_text="Ghi sổ quỹ").click()
            await page.locator(".msg.bot", has_text="cho ai").last.wait_for()
            await page.fill("#text", "TV002")
            await page.press("#text", "Enter")
            await page.locator(".msg.bot .choices button:not([disabled])",
                               has_text="Gửi tiết kiệm").click()
            await page.locator(".msg.bot", has_text="bao nhiêu tiền").last.wait_for()
            await page.fill("#text", "150k")
            await page.press("#text", "Enter")
            confirm_message = page.locator(".msg.bot", has_text="Số tiền").last
            await confirm_message.wait_for()
            confirm = confirm_message.locator(".choices button", has_text=texts.BTN_CONFIRM)
            cancel = confirm_message.locator(".choices button", has_text=texts.BTN_CANCEL)
            amount = confirm_message.locator("b", has_text="150.000 đ")
            who = confirm_message.locator("b", has_text=name)
            viewport = page.viewport_size
            assert viewport is not None
            confirm_box, amount_box, who_box = await box(confirm), await box(amount), await box(who)
            header = await box(page.locator("header"))
            dock = await box(page.locator("#dock"))
            for seen in (amount_box, who_box, confirm_box):
                assert seen["y"] >= header["y"] + header["height"] - 0.5, seen
                assert seen["y"] + seen["height"] <= dock["y"] + 0.5, seen
            assert who_box["y"] < amount_box["y"] < confirm_box["y"]
            # Right above the button: nothing between the amount's line and it.
            assert confirm_box["y"] - (amount_box["y"] + amount_box["height"]) < 30
            # The confirm button is primary and looks it; "Thôi" does not.
            assert "primary" in (await confirm.get_attribute("class") or "")
            colours = [await b.evaluate("b => getComputedStyle(b).backgroundColor")
                       for b in (confirm, cancel)]
            assert colours[0] != colours[1]
            assert p.errors == []

    await timed(scenario)


async def test_a_member_signs_in_with_a_code_and_sees_her_balance_in_bold(browser, site):
    url, db, _ = site

    async def scenario() -> None:
        code = await issue(db, "TV002")
        async with phone(browser, "signin") as p:
            page, context = p.page, p.context
            await page.goto(url)
            assert await page.title() == texts.WEB_TITLE
            # A big numeric input for the code; its example is faint and says it is one.
            assert await page.get_attribute("#code", "inputmode") == "numeric"
            assert await page.get_attribute("#code", "placeholder") == texts.WEB_CODE_EXAMPLE
            # A wrong code: the message stands above the box, where no keyboard hides it.
            await page.fill("#code", "1111 2222")
            await page.click("#signin-button")
            message = page.locator("#signin-message", has_text="mã")
            await message.wait_for()
            assert (await box(message))["y"] < (await box(page.locator("#code")))["y"]

            await page.fill("#code", code)
            await page.click("#signin-button")
            await tap_menu(page, texts.BTN_SAVINGS)
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
            await page.locator(".msg.bot", has_text="Chưa hiểu").wait_for()
            # (The only pictures are the savings chart's, from this server.)
            assert await page.locator("#log img:not(.chart)").count() == 0
            # An empty box gets an answer too.
            await page.press("#text", "Enter")
            await page.locator(".msg.bot", has_text="Tin nhắn trống").wait_for()

            # After a reload the session holds.
            await page.reload()
            await page.locator("#menu").wait_for()
            # "🚪 Thoát" asks first, saying a new code will be needed; "Ở lại" keeps it.
            await page.click("#signout")
            ask = page.locator("#leave")
            await ask.wait_for()
            assert "mã kết nối mới" in await ask.inner_text()
            await page.click("#leave-no")
            assert not await ask.is_visible()
            assert len(await context.cookies()) == 1
            await page.click("#signout")
            await page.click("#leave-yes")
            await page.locator("#code").wait_for(state="visible")
            assert await context.cookies() == []
            assert p.errors == []

    await timed(scenario)


async def test_old_buttons_are_disabled_once_the_conversation_moves_on(browser, site):
    url, db, _ = site

    async def scenario() -> None:
        async with phone(browser, "old-buttons") as p:
            page = p.page
            await sign_in(p, url, db, "TV004")
            await tap_menu(page, texts.BTN_BOARD)
            tools = page.locator(".msg.bot", has_text="Chọn một việc").last
            await tools.locator(".choices button", has_text="Ghi sổ quỹ").click()
            await page.locator(".msg.bot", has_text="cho ai").last.wait_for()
            # The tool list is spent: its buttons are off, the one taken marked.
            assert await tools.locator(".choices button:not([disabled])").count() == 0
            assert await tools.locator(".choices button.chosen").inner_text() == "💵 Ghi sổ quỹ"
            # A menu key moves on too: the cash book's question is spent.
            ask = page.locator(".msg.bot", has_text="cho ai").last
            await tap_menu(page, texts.BTN_MEETING)
            await page.locator(".msg.bot", has_text="17/12/2026").last.wait_for()
            assert await ask.locator(".choices button:not([disabled])").count() == 0
            assert p.errors == []

    await timed(scenario)


FAKE_VOICE = """
(() => {
    const spoken = [];
    window.__spoken = spoken;
    const voices = [];
    const listeners = [];
    const fake = {
        getVoices: () => voices.slice(),
        speak: (u) => {
            spoken.push({ text: u.text, lang: u.lang, voice: u.voice && u.voice.lang });
        },
        cancel: () => {},
        addEventListener: (name, f) => { if (name === 'voiceschanged') listeners.push(f); },
    };
    Object.defineProperty(window, 'speechSynthesis', { value: fake, configurable: true });
    window.SpeechSynthesisUtterance = class { constructor(text) { this.text = text; } };
    // Voices arrive late, as in real browsers.
    window.__addVoice = (lang) => {
        voices.push({ lang, name: 'test ' + lang, default: false, localService: true });
        listeners.forEach((f) => f(new Event('voiceschanged')));
    };
})();
"""


async def test_read_aloud_only_with_a_vietnamese_voice(browser, site):
    url, db, _ = site

    async def scenario() -> None:
        async with phone(browser, "read-aloud", init_script=FAKE_VOICE) as p:
            page = p.page
            await sign_in(p, url, db, "TV020")
            await tap_menu(page, texts.BTN_SAVINGS)
            answer = page.locator(".msg.bot", has_text="2.000.000 đ")
            await answer.wait_for()
            read = answer.locator(".tools button", has_text=texts.WEB_READ)
            # An English voice only: no button.
            await page.evaluate("window.__addVoice('en-US')")
            assert not await read.is_visible()
            # A Vietnamese voice arrives: every answer gets its button.
            await page.evaluate("window.__addVoice('vi-VN')")
            await read.wait_for(state="visible")
            await read.click()
            [said] = await page.evaluate("window.__spoken")
            assert said["lang"] == "vi-VN" and said["voice"] == "vi-VN"
            assert "2.000.000 đồng" in said["text"]
            assert not re.search(r"[\U0001F300-\U0001FAFF]", said["text"])  # no emoji read out
            assert p.errors == []

    await timed(scenario)


async def test_the_demo_picker_signs_in_as_a_persona(browser, site):
    url, _, people = site
    secretary = next(p for p in people if p.key == "secretary")

    async def scenario() -> None:
        async with phone(browser, "demo") as p:
            page = p.page
            await page.goto(url)
            await page.locator("#personas button", has_text=secretary.label).click()
            await tap_menu(page, texts.BTN_BOARD)
            await page.locator(".msg.bot .choices button", has_text="Ghi sổ quỹ").wait_for()
            assert p.errors == []

    await timed(scenario)


async def test_the_health_chart_shows_as_a_picture_and_phones_call(browser, site):
    url, db, _ = site

    async def scenario() -> None:
        async with phone(browser, "health-chart") as p:
            page = p.page
            await sign_in(p, url, db, "TV050")  # she signed the consent form (site)
            await tap_menu(page, texts.BTN_HEALTH)

            chart = page.locator(".msg.bot img.chart")
            await chart.wait_for()
            await page.wait_for_function(
                "() => { const i = document.querySelector('.msg.bot img.chart');"
                " return i && i.complete && i.naturalWidth > 0; }")
            assert await chart.evaluate("i => [i.naturalWidth, i.naturalHeight]") == list(PIXELS)
            assert "12 lần đo" in (await chart.get_attribute("alt") or "")
            # Under the answer, inside the page's width.
            found = await box(chart)
            assert found["width"] <= 390

            await tap_menu(page, texts.BTN_CONTACTS)
            call = page.locator(".msg.bot a.tel", has_text="0971")
            await call.first.wait_for()
            assert await call.first.get_attribute("href") == "tel:+84971706690"
            # Grouped as read aloud, and never broken between its groups.
            assert await call.first.inner_text() == "0971\u00a0706\u00a0690"
            assert p.errors == []

    await timed(scenario)


async def test_a_volunteer_logs_a_visit_in_two_taps_on_her_phone(browser, site):
    """🏠 Thăm hỏi at the larger text size: the member to visit, then how she is;
    the saved line is the first thing in view, no typing at all."""
    url, db, _ = site
    nga = member("TV007")["name"]
    async with db.transaction() as conn:  # the board's plan: TV005 visits TV007 fortnightly
        await conn.execute("UPDATE members SET circumstances = 'cần chăm sóc tại nhà' "
                           "WHERE code = 'TV007'")
        await conn.execute(
            "INSERT OR REPLACE INTO care_plans (member_id, club_id, volunteer_id, rhythm_weeks, "
            "started_on, updated_by, updated_at) SELECT m.id, m.club_id, w.id, 2, ?, 'test', ? "
            "FROM members m JOIN members w ON w.code = 'TV005' WHERE m.code = 'TV007'",
            ("2026-11-01", AS_OF.isoformat()))

    async def scenario() -> None:
        async with phone(browser, "volunteer") as p:
            await p.text_size("130")
            page = p.page
            await sign_in(p, url, db, "TV005")
            await tap_menu(page, texts.BTN_VISITS)
            listed = page.locator(".msg.bot", has_text=nga).last
            await listed.wait_for()
            await listed.locator(".choices button", has_text=nga).click()
            asked = page.locator(".msg.bot", has_text=texts.BTN_CARE_OK).last
            await asked.wait_for()
            await asked.locator(".choices button", has_text=texts.BTN_CARE_OK).click()
            saved = page.locator(".msg.bot", has_text="Đã ghi lần thăm").last
            await saved.wait_for()
            await assert_first_line_in_view(saved, "the saved visit")
            assert nga in await saved.inner_text()
            assert p.errors == []

    await timed(scenario)
    rows = await db.fetchall(
        "SELECT v.status FROM home_visits v JOIN members m ON m.id = v.member_id "
        "WHERE m.code = 'TV007' AND v.recorded_by IS NOT NULL")
    assert [r[0] for r in rows] == ["ok"]
