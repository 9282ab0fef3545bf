"""Say it: a privacy page on the web server, a short word under "❓ Hướng dẫn",
and a README section mapping each feature to the law."""

from __future__ import annotations

from pathlib import Path

import aiohttp
from aiohttp.test_utils import TestServer

from bot.channels.web import SECURITY_HEADERS, WebChat
from club import texts
from handlers.context import Services
from storage import Database
from tests.privacy.support import MEMBER, choice, link
from tests.support.harness import BotHarness

README = Path(__file__).parents[2] / "README.md"


async def fetch(db: Database, *, chat: bool) -> tuple[int, str, dict[str, str]]:
    server = TestServer(WebChat(Services.over(db), chat=chat).application(), host="127.0.0.1")
    await server.start_server()
    try:
        async with aiohttp.ClientSession() as session, \
                session.get(server.make_url("/privacy")) as response:
            return response.status, await response.text(), dict(response.headers)
    finally:
        await server.close()


async def test_the_privacy_page_says_what_why_who_how_long_and_the_rights(sample_db: Database):
    for chat in (True, False):  # also on a server that only takes the channels' webhooks
        status, page, headers = await fetch(sample_db, chat=chat)
        assert status == 200 and headers["Content-Type"].startswith("text/html")
        for heading, _ in texts.PRIVACY_SECTIONS:
            assert f"<h2>{heading}</h2>" in page
        assert "91/2025/QH15" in page and "Cán bộ Hội không được xem" in page
        assert "Rút đồng ý sức khỏe" in page and "Dữ liệu cá nhân" in page
        for name, value in SECURITY_HEADERS.items():
            assert headers[name] == value
        assert "<script" not in page
        assert "bạn" not in page.lower().split() and "tôi" not in page.lower().replace(
            "dữ liệu cá nhân", "").split()


async def test_help_says_a_word_on_privacy_and_offers_the_choices(bot: BotHarness):
    await link(bot, MEMBER, "TV010")
    [help_screen] = await bot.say(MEMBER, "❓ Hướng dẫn")
    assert texts.HELP_PRIVACY in help_screen.text
    labels = [label for label, _ in help_screen.choices]
    # After the reminders' one switch (and its state, the answer's last line).
    assert labels == [texts.BTN_PAUSE_REMINDERS, texts.BTN_MY_DATA, texts.BTN_RELATIVES,
                      texts.BTN_WITHDRAW_CONSENT]
    assert choice(help_screen, texts.BTN_WITHDRAW_CONSENT) == "cs:withdraw"


def test_the_readme_maps_each_feature_to_the_law():
    readme = README.read_text(encoding="utf-8")
    section = readme.split("## Members' data and the law", 1)[1].split("\n## ", 1)[0]
    assert "91/2025/QH15" in section
    for feature in ("Consent", "relative", "Dữ liệu cá nhân", "forget", "access log",
                    "retention", "/privacy", "Logs"):
        assert feature.lower() in section.lower(), feature
