"""📊 Báo cáo's charts in chat: after the headline, the PDF's four charts as
pictures drawn for a phone, one line of words each, in order; none for a
board member without the report, none for a chart with nothing to draw, and
never drawn on the event loop."""

from __future__ import annotations

import threading
from datetime import datetime

import pytest

from bot.channels import zalo
from bot.channels.terminal import TerminalChat
from club import charts, texts
from club.programme import current_period
from handlers.context import Services
from handlers.conversation import Image, Reply
from storage import link_codes
from storage.programme.documents import charts as report_charts
from storage.programme.report import club_report_of, club_series
from tests.board.test_cashbook import choice
from tests.channels.drivers import member_row, parse_zalo
from tests.channels.fake_zalo import TOKEN as ZALO_TOKEN
from tests.channels.fake_zalo import FakeZalo
from tests.channels.fake_zalo import update as zalo_update
from tests.club.test_charts import png_size
from tests.support.harness import BotHarness

from .test_fund_chat import link, open_tool

NOW = datetime(2026, 11, 20, 9, 0)
SECRETARY, TREASURER, MEMBER = 9703, 9704, 9710
CAPTIONS = [texts.REPORT_CHART_FUND_CAPTION, texts.REPORT_CHART_ATTENDANCE_CAPTION,
            texts.REPORT_CHART_AREAS_CAPTION, texts.REPORT_CHART_BORROWING_CAPTION]


async def started(db, now: datetime = NOW) -> BotHarness:
    return await BotHarness.start(db, now=lambda: now)


@pytest.fixture
async def bot(programme_db):
    harness = await started(programme_db)
    yield harness
    await harness.stop()


def sent_since(bot: BotHarness, before: int) -> list[tuple[str, str]]:
    """What went to the chat, in order: (method, its words or its file's name)."""
    out = []
    for c in bot.api.calls[before:]:
        if c.method == "sendDocument":
            out.append((c.method, next(iter(c.files.values()))[0]))
        elif c.method in ("sendMessage", "sendPhoto"):
            out.append((c.method, c.params.get("text") or c.params.get("caption", "")))
    return out


async def test_the_four_charts_follow_the_headline_with_their_captions_then_the_files(bot):
    await link(bot, SECRETARY, "TV003")
    [menu] = await bot.say(SECRETARY, texts.BTN_BOARD)
    before = len(bot.api.calls)
    await bot.tap(SECRETARY, choice([menu], texts.BTN_PROGRAMME_REPORT))
    sent = sent_since(bot, before)
    assert sent[0][0] == "sendMessage" and sent[0][1].startswith("📊 <b>Báo cáo năm 2026")
    assert sent[1:5] == [("sendPhoto", caption) for caption in CAPTIONS]
    assert [method for method, _ in sent[5:]] == ["sendDocument", "sendDocument"]
    assert sent[5][1].endswith(".xlsx") and sent[6][1].endswith(".pdf")
    # One line each, above its picture.
    photos = [c for c in bot.api.calls[before:] if c.method == "sendPhoto"]
    assert all("\n" not in c.params["caption"] for c in photos)
    assert all(c.params.get("show_caption_above_media") for c in photos)


async def test_the_pictures_are_the_pdfs_charts_of_the_same_figures_drawn_for_a_phone(bot):
    await link(bot, SECRETARY, "TV003")
    before = len(bot.api.calls)
    await open_tool(bot, SECRETARY, "📊 Báo cáo")
    pictures = [next(iter(c.files.values()))[1] for c in bot.api.calls[before:]
                if c.method == "sendPhoto"]
    period = current_period(NOW.date())
    report = await club_report_of(bot.db.fetchall, period, 1)
    series = await club_series(bot.db.fetchall, period, 1)
    # The same drawing functions the PDF uses, on the same figures, at a phone's size.
    assert pictures == report_charts.all_charts(report, series, report_charts.PHONE)
    for png in pictures:
        width, _ = png_size(png)
        # No wider than the members' own charts: on a 360-pixel phone its type
        # is shrunk no more than theirs.
        assert width <= charts.PIXELS[0]
    page = report_charts.all_charts(report, series, report_charts.PAGE)
    assert all(png_size(p)[0] > charts.PIXELS[0] for p in page)  # the A4 page's are larger


@pytest.mark.parametrize(("user", "code"), [(TREASURER, "TV004"), (MEMBER, "TV010")])
async def test_who_may_not_make_the_report_gets_no_picture(bot, user, code):
    await link(bot, user, code)
    before = len(bot.api.calls)
    refused = await bot.tap(user, "br:open")  # the report's button, tapped from an old menu
    assert refused and all("Báo cáo" not in r.text for r in refused)
    methods = [c.method for c in bot.api.calls[before:]]
    assert "sendPhoto" not in methods and "sendDocument" not in methods
    assert bot.app.bot_data["services"].charts.renders == 0


async def test_a_chart_with_nothing_to_draw_is_not_sent(programme_db):
    # 20/12/2026: the first half of 2027 has begun, no meeting held in it yet.
    bot = await started(programme_db, datetime(2026, 12, 20, 9, 0))
    try:
        await link(bot, SECRETARY, "TV003")
        before = len(bot.api.calls)
        await open_tool(bot, SECRETARY, "📊 Báo cáo")
        photos = [c.params["caption"] for c in bot.api.calls[before:]
                  if c.method == "sendPhoto"]
        assert photos == [texts.REPORT_CHART_FUND_CAPTION, texts.REPORT_CHART_BORROWING_CAPTION]
    finally:
        await bot.stop()


async def test_pictures_are_drawn_off_the_event_loop(bot, monkeypatch: pytest.MonkeyPatch):
    threads = []
    drawn = report_charts.areas_chart

    def areas(figures, look):
        threads.append(threading.current_thread())
        return drawn(figures, look)

    monkeypatch.setattr(report_charts, "areas_chart", areas)
    await link(bot, SECRETARY, "TV003")
    await open_tool(bot, SECRETARY, "📊 Báo cáo")
    assert threads and threading.main_thread() not in threads


async def test_zalo_without_a_public_address_sends_no_bare_captions(programme_db):
    services = Services.over(programme_db, now=lambda: NOW)
    services.public_url = "https://clb.example.vn"  # the files' links; no picture store
    with FakeZalo() as fake:
        channel = zalo.ZaloChannel(zalo.ZaloApi(ZALO_TOKEN, fake.base_url), services)
        try:
            member_id, club_id = await member_row(programme_db, "TV003")
            issued = await link_codes.issue(programme_db, club_id=club_id, member_id=member_id,
                                            proxy=False, actor="test", now=NOW)
            for said in (link_codes.format_code(issued.code), "🗂 Ban chủ nhiệm"):
                await channel.process_update(zalo_update("z-sec", said))
            menu = parse_zalo(fake.texts_to("z-sec")[-1]).options
            number = menu.index(texts.BTN_PROGRAMME_REPORT) + 1
            before = len(fake.texts_to("z-sec"))
            await channel.process_update(zalo_update("z-sec", str(number)))
        finally:
            await channel.close()
        said = fake.texts_to("z-sec")[before:]
    assert said[0].startswith("📊 Báo cáo năm 2026") and "Tải báo cáo" in said[-1]
    assert not any(caption in text for text in said for caption in CAPTIONS)
    assert fake.photos == [] and services.charts.renders == 0  # nor drawn for nobody


def test_the_terminal_names_each_picture_once():
    lines: list[str] = []
    chat = TerminalChat(services=None, out=lines.append)  # type: ignore[arg-type]

    async def never() -> bytes | None:
        raise AssertionError("the terminal draws nothing")

    chat.show(Reply(CAPTIONS[0], image=Image(alt=CAPTIONS[0], key="k", draw=never)))
    assert lines == [texts.TERMINAL_IMAGE.format(alt=CAPTIONS[0])]
