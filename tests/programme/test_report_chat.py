"""📊 Báo cáo in chat: ten lines of figures against the targets, then the
workbook and the PDF — documents on Telegram, day-long links elsewhere."""

from __future__ import annotations

import io
from datetime import datetime, timedelta

import openpyxl
import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from bot import downloads as routes
from handlers.context import Services
from tests.board.two_clubs import Chat, data_of
from tests.support.harness import BotHarness

from .test_fund_chat import link, open_tool

NOW = datetime(2026, 11, 20, 9, 0)
SECRETARY, TREASURER = 9603, 9604


@pytest.fixture
async def bot(programme_db):
    harness = await BotHarness.start(programme_db, now=lambda: NOW)
    yield harness
    await harness.stop()


async def test_the_secretary_gets_the_figures_and_the_documents(bot):
    await link(bot, SECRETARY, "TV003")
    before = len(bot.api.calls)
    replies = await open_tool(bot, SECRETARY, "📊 Báo cáo")
    head = replies[0].text
    assert len(head.splitlines()) <= 10
    assert "Báo cáo năm 2026 (15/12/2025 – 14/12/2026)" in head
    assert "Vốn quỹ: <b>118.209.666 đ</b>" in head
    assert "Chưa đạt: Từ 50% thành viên được vay vốn" in head
    documents = [c for c in bot.api.calls[before:] if c.method == "sendDocument"]
    assert len(documents) == 2
    names = [next(iter(c.files.values()))[0] for c in documents]
    assert names[0].endswith("-2026.xlsx") and names[1].endswith("-2026.pdf")
    book = openpyxl.load_workbook(io.BytesIO(next(iter(documents[0].files.values()))[1]))
    cover = {r[0]: r[1] for r in book["Bìa"].iter_rows(min_row=3, values_only=True) if r[0]}
    assert cover["Người lập"] == "Đỗ Thị Liên (Thư ký)"
    assert next(iter(documents[1].files.values()))[1].startswith(b"%PDF")


async def test_the_treasurer_has_no_report_button(bot):
    await link(bot, TREASURER, "TV004")
    [menu] = await bot.say(TREASURER, "🗂 Ban chủ nhiệm")
    assert not any("📊 Báo cáo" in label for label, _ in menu.choices)
    [refused] = await bot.tap(TREASURER, "br:open")
    assert "Báo cáo" not in refused.text


async def test_elsewhere_the_files_come_as_links_valid_for_a_day(programme_db):
    clock = {"now": NOW}
    services = Services.over(programme_db, now=lambda: clock["now"])
    services.public_url = "https://clb.example.vn"
    chat = Chat(services, channel="web")
    phone = (await programme_db.fetchone("SELECT phone FROM members WHERE code = 'TV003'"))[0]
    await chat.link("w1", phone)
    [menu] = await chat.say("w1", "🗂 Ban chủ nhiệm")
    replies = await chat.tap("w1", data_of([menu], "📊 Báo cáo"))
    assert all(r.document is None for r in replies)
    links = replies[-1].text
    assert "dùng được trong 1 ngày" in links
    xlsx_url = links.split("Excel: ")[1].split("\n")[0]
    assert xlsx_url.startswith("https://clb.example.vn/files/")
    path = xlsx_url.removeprefix("https://clb.example.vn")

    app = web.Application()
    routes.add_routes(app, services)
    async with TestClient(TestServer(app, host="127.0.0.1")) as client:
        got = await client.get(path)
        assert got.status == 200
        assert "attachment" in got.headers["Content-Disposition"]
        book = openpyxl.load_workbook(io.BytesIO(await got.read()))
        assert book.sheetnames == ["Bìa", "Số liệu", "Chỉ tiêu"]
        assert (await client.get("/files/not-a-token")).status == 404
        clock["now"] = NOW + timedelta(days=1, seconds=1)
        gone = await client.get(path)
        assert gone.status == 404 and "hết hạn" in await gone.text()
