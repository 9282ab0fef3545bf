"""Pictures and phone links on the web chat, and pictures on Zalo, over real
HTTP on 127.0.0.1 (kept apart from test_web.py, which is long enough).

A reply's picture reaches the page as a URL that only its own session can
fetch; Zalo gets ``sendPhoto`` with a URL under ``[web] public_url`` that
expires, and without a public_url the text alone.
"""

from __future__ import annotations

import asyncio
import os
from typing import Any

import aiohttp
import pytest

from bot.channels import zalo
from bot.channels.web_http import SECURITY_HEADERS
from bot.channels.web_images import PUBLIC_TTL, ImageStore, publisher
from bot.config import Settings
from bot.runtime import Runtime
from club import charts, texts
from handlers.context import Services, vietnam_now
from handlers.conversation import Image
from storage import Database
from storage.importer import import_workbook
from tests.channels.fake_zalo import TOKEN as ZALO_TOKEN
from tests.channels.fake_zalo import FakeZalo
from tests.channels.fake_zalo import update as zalo_update
from tests.channels.test_web import browser, code_for, served, text_of
from tests.club.test_charts import png_size
from tests.conftest import AS_OF, SAMPLE
from tests.support.consent import agree_on_paper
from tests.test_runtime import free_port

CHAT = "z-elder-1"


async def fetch(url: Any, session: aiohttp.ClientSession | None = None,
                ) -> tuple[int, bytes, dict[str, str]]:
    async with aiohttp.ClientSession() as fresh:
        client = session or fresh
        async with client.get(url) as response:
            return response.status, await response.read(), dict(response.headers)


async def test_the_health_chart_is_an_image_only_its_own_session_can_fetch(
        consented: Database):
    sample_db = consented  # readings (and their chart) are shown only with consent
    async with served(sample_db) as (server, _), browser(server) as elder, \
            browser(server) as other:
        await elder.sign_in(await code_for(sample_db, "TV050"))
        await other.sign_in(await code_for(sample_db, "TV002"))
        [reply] = await elder.say(texts.BTN_HEALTH)
        image = reply["image"]
        assert image["url"].startswith("/api/image/") and "12 lần đo" in image["alt"]
        assert text_of(reply).startswith("❤️")  # the answer is still the text first

        status, body, headers = await fetch(server.make_url(image["url"]), elder.http)
        assert status == 200 and headers["Content-Type"] == "image/png"
        assert png_size(body) == charts.PIXELS
        assert "no-store" in headers["Cache-Control"]
        # The web server's security headers, on the picture too.
        for name, value in SECURITY_HEADERS.items():
            assert headers[name] == value

        # Another member's session, no session at all, a guessed name: nothing.
        assert (await fetch(server.make_url(image["url"]), other.http))[0] == 404
        assert (await fetch(server.make_url(image["url"])))[0] == 404
        guessed = "/api/image/" + "A" * 32
        assert (await fetch(server.make_url(guessed), elder.http))[0] == 404
        # Nor through the public pictures' path (there is none without Zalo).
        name = image["url"].rsplit("/", 1)[1]
        assert (await fetch(server.make_url(f"/media/{name}.png"), elder.http))[0] == 404

        # A screen without a picture carries none.
        [loans] = await elder.say(texts.BTN_LOANS)
        assert "image" not in loans


async def test_pictures_are_kept_a_while_then_forgotten():
    now = [0.0]
    store = ImageStore(60.0, size=3, clock=lambda: now[0])

    async def draw() -> bytes:
        return b"png"

    picture = Image(alt="", key="k", draw=draw)
    first = store.put(picture, owner="web-1")
    assert len(first) == 32 and await store.png(first, owner="web-1") == b"png"
    assert await store.png(first, owner="web-2") is None
    assert await store.png(first) is None
    now[0] = 61.0
    assert await store.png(first, owner="web-1") is None
    names = [store.put(picture) for _ in range(5)]
    assert store.held == 3 and await store.png(names[0]) is None  # the oldest went first
    assert await store.png(names[-1]) == b"png"
    assert len(set(names)) == 5


async def test_phones_are_links_to_call_on_the_web(sample_db: Database):
    async with served(sample_db) as (server, _), browser(server) as page:
        await page.sign_in(await code_for(sample_db, "TV010"))
        [reply] = await page.say(texts.BTN_CONTACTS)
        phones = [(p["t"], p["tel"]) for p in reply["text"] if "tel" in p]
        assert phones == [("0971 706 690", "+84971706690"), ("0910 080 636", "+84910080636"),
                          ("0963 740 681", "+84963740681"), ("0786 834 497", "+84786834497")]
        assert "• Thủ quỹ: Trần Thị Kim Tuyết — 0786 834 497" in text_of(reply)


# ---------------------------------------------------------------- Zalo


async def zalo_turns(channel: zalo.ZaloChannel, db: Database, *words: str,
                     who: str = "TV050") -> None:
    code = await code_for(db, who)
    for said in (code, *words):
        await channel.process_update(zalo_update(CHAT, said))


async def test_zalo_gets_the_chart_from_the_public_url(consented: Database):
    sample_db = consented
    store = ImageStore(PUBLIC_TTL)
    async with served(sample_db, public_images=store) as (server, _):
        public_url = str(server.make_url("/")).rstrip("/")
        with FakeZalo() as fake:
            channel = zalo.ZaloChannel(zalo.ZaloApi(ZALO_TOKEN, fake.base_url),
                                       Services.over(sample_db, now=lambda: AS_OF),
                                       publish_image=publisher(store, public_url))
            try:
                await zalo_turns(channel, sample_db, "huyet ap")
            finally:
                await channel.close()
            [photo] = fake.photos
            assert photo["chat_id"] == CHAT and "12 lần đo" in photo["caption"]
            assert photo["photo"].startswith(public_url + "/media/")
            assert photo["photo"].endswith(".png")
            # The text went first.
            assert fake.texts_to(CHAT)[-1].startswith("❤️")
            # Zalo's servers fetch it without any cookie.
            status, body, headers = await fetch(photo["photo"])
            assert status == 200 and png_size(body) == charts.PIXELS
            assert headers["X-Content-Type-Options"] == SECURITY_HEADERS["X-Content-Type-Options"]
            assert (await fetch(public_url + "/media/" + "B" * 32 + ".png"))[0] == 404


@pytest.mark.parametrize(("who", "words"), [("TV050", "huyet ap"), ("TV051", "tiet kiem")])
async def test_without_a_public_url_zalo_gets_the_text_alone(sample_db: Database, who, words):
    with FakeZalo() as fake:
        services = Services.over(sample_db, now=lambda: AS_OF)
        channel = zalo.ZaloChannel(zalo.ZaloApi(ZALO_TOKEN, fake.base_url), services)
        try:
            await zalo_turns(channel, sample_db, words, who=who)
        finally:
            await channel.close()
        assert fake.photos == [] and "sendPhoto" not in fake.methods()
        assert services.charts.renders == 0  # nor is anything drawn for nobody
        assert len(fake.texts_to(CHAT)) == 2


async def test_a_zalo_club_without_the_web_chat_serves_its_charts_at_public_url(
        tmp_path, monkeypatch: pytest.MonkeyPatch):
    for key in [k for k in os.environ if k.startswith("ISHC_")]:
        monkeypatch.delenv(key)
    db = await Database.open(tmp_path / "club.db")
    await import_workbook(db, SAMPLE, actor="test", now=AS_OF)
    await agree_on_paper(db)  # her chart is shown: she signed the consent form
    code = await code_for(db, "TV050", now=vietnam_now())  # the running bot's clock
    await db.close()
    port = free_port()
    with FakeZalo() as fake:
        zalo_settings = {"mode": "polling", "token": ZALO_TOKEN, "base_url": fake.base_url}
        without = Runtime(Settings(database={"path": tmp_path / "club.db"}, zalo=zalo_settings))
        assert without.public_images is None  # no address for Zalo to fetch from
        runtime = Runtime(Settings(
            database={"path": tmp_path / "club.db"}, zalo=zalo_settings,
            web={"port": port, "public_url": "https://clb.example.vn"}), announce=lambda _: None)
        await runtime.start()
        try:
            fake.push(zalo_update(CHAT, code), zalo_update(CHAT, "huyet ap"))
            assert await asyncio.to_thread(fake.wait_for, lambda: bool(fake.photos), 20.0)
            [photo] = fake.photos
            assert photo["photo"].startswith("https://clb.example.vn/media/")
            # What the proxy at public_url forwards to the server, Host and all.
            path = photo["photo"].removeprefix("https://clb.example.vn")
            async with aiohttp.ClientSession() as http, http.get(
                    f"http://127.0.0.1:{port}{path}", headers={"Host": "clb.example.vn"}) as got:
                assert got.status == 200 and png_size(await got.read()) == charts.PIXELS
            async with aiohttp.ClientSession() as http, http.get(
                    f"http://127.0.0.1:{port}/", headers={"Host": "clb.example.vn"}) as page:
                assert page.status == 404  # the pictures only: the web chat is off
        finally:
            await runtime.stop()
