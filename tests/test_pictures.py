"""The pictures under ❤️ Sức khỏe and 💰 Tiết kiệm, over the Bot API: what they
plot is what the books hold, the text comes first, and a picture is drawn
once until its figures change."""

from __future__ import annotations

from datetime import date, timedelta

from bot.channels.terminal import CHANNEL, TerminalChat
from club import charts, texts
from handlers.charts import ChartCache
from handlers.context import Services
from handlers.conversation import SharedContact, Turn, TurnKind
from handlers.router import respond
from storage import Database
from storage.health import record_reading
from tests.club.test_charts import png_size
from tests.conftest import AS_OF, member
from tests.support.harness import BotHarness

USER = 6101


class Recording:
    """The real drawing, recording what each picture plotted (read back from the figure)."""

    def __init__(self) -> None:
        self.plotted: list[dict] = []

    def __call__(self, chart: charts.Chart) -> bytes:
        def inspect(figure) -> None:
            [axes] = figure.axes
            self.plotted.append({
                "labels": [t.get_text().strip() for t in axes.get_xticklabels()],
                "lines": [[int(y) for y in line.get_ydata()] for line in axes.get_lines()
                          if not line.get_label().startswith("_")]
                         or [[int(bar.get_height()) for bar in axes.patches]]})

        return charts.draw(chart, inspect=inspect)


def services_of(bot: BotHarness) -> Services:
    return bot.app.bot_data["services"]


async def recording(bot: BotHarness, code: str) -> Recording:
    drawn = Recording()
    services_of(bot).charts = ChartCache(draw=drawn)
    await bot.share_own_contact(USER, member(code)["phone"])
    bot.api.calls.clear()
    return drawn


async def tap(bot: BotHarness, words: str) -> list:
    before = len(bot.api.calls)
    await bot.say(USER, words)
    return [c for c in bot.api.calls[before:] if c.method in ("sendMessage", "sendPhoto")]


async def last_readings(db: Database, code: str) -> list[tuple[str, int, int]]:
    rows = await db.fetchall(
        "SELECT h.taken_on, h.systolic, h.diastolic FROM health_readings h "
        "JOIN members m ON m.id = h.member_id WHERE m.code = ? AND h.systolic IS NOT NULL "
        "ORDER BY h.taken_on DESC LIMIT 12", (code,))
    return [(r[0], r[1], r[2]) for r in reversed(rows)]


def dd_mm(iso: str) -> str:
    return f"{iso[8:10]}/{iso[5:7]}"


async def test_the_health_chart_plots_the_last_twelve_readings_of_the_books(
        bot: BotHarness, consented: Database):
    sample_db = consented
    drawn = await recording(bot, "TV050")
    # A weigh-in alone since: the newest row, but no point of the chart.
    await sample_db.conn.execute(
        "INSERT INTO health_readings (member_id, taken_on, weight_dg) "
        "SELECT id, ?, 655 FROM members WHERE code = 'TV050'",
        ((AS_OF.date() - timedelta(days=1)).isoformat(),))
    await sample_db.conn.commit()
    books = await last_readings(sample_db, "TV050")
    assert len(books) == 12

    [photo] = await tap(bot, texts.BTN_HEALTH)
    # One message: the answer as the caption, shown above the picture, with the menu.
    assert photo.method == "sendPhoto" and photo.params["show_caption_above_media"] is True
    assert "65,5 kg" in photo.params["caption"] and photo.params["parse_mode"] == "HTML"
    assert texts.BTN_SAVINGS in str(photo.params["reply_markup"])
    assert png_size(photo.files["photo"][1]) == charts.PIXELS

    [plotted] = drawn.plotted
    assert plotted["labels"] == [dd_mm(day) for day, _, _ in books]
    assert plotted["lines"] == [[s for _, s, _ in books], [d for _, _, d in books]]


async def test_the_chart_is_drawn_once_until_a_new_reading_arrives(
        bot: BotHarness, consented: Database):
    sample_db = consented
    await recording(bot, "TV050")
    cache = services_of(bot).charts
    [first] = await tap(bot, "huyet ap")
    [again] = await tap(bot, texts.BTN_HEALTH)
    assert cache.renders == 1
    # Telegram keeps the upload: the same picture goes by its file_id, not as bytes.
    assert first.files and not again.files
    assert again.params["photo"] in [p.file_id for p in bot.app.bot_data["photo_ids"].values()]

    await tap(bot, texts.BTN_LOANS)  # other screens draw nothing
    await tap(bot, texts.BTN_CONTACTS)
    assert cache.renders == 1

    row = await sample_db.fetchone("SELECT id, club_id FROM members WHERE code = 'TV050'")
    await record_reading(sample_db, club_id=row[1], member_id=row[0], day=AS_OF.date(),
                         systolic=151, diastolic=96, weight_dg=None, actor="test", now=AS_OF)
    [fresh] = await tap(bot, texts.BTN_HEALTH)
    assert cache.renders == 2 and fresh.files and "151/96" in fresh.params["caption"]


async def test_no_health_chart_is_drawn_or_sent_without_her_consent(
        bot: BotHarness, sample_db: Database):
    drawn = await recording(bot, "TV050")
    # Never asked: the consent question, and no picture of her readings.
    [asked] = await tap(bot, texts.BTN_HEALTH)
    assert asked.method == "sendMessage" and "có đồng ý không?" in asked.params["text"]
    # She says no: still no picture, however often she taps.
    row = await sample_db.fetchone("SELECT id FROM members WHERE code = 'TV050'")
    await bot.tap(USER, f"cs:no:{row[0]}")
    [again] = await tap(bot, texts.BTN_HEALTH)
    assert again.method == "sendMessage"
    assert not drawn.plotted and services_of(bot).charts.renders == 0
    assert not [c for c in bot.api.calls if c.method == "sendPhoto"]


async def test_one_reading_is_no_trend_and_gets_no_picture(bot: BotHarness,
                                                           consented: Database):
    sample_db = consented
    drawn = await recording(bot, "TV002")
    assert [c.method for c in await tap(bot, texts.BTN_HEALTH)] == ["sendMessage"]
    row = await sample_db.fetchone("SELECT id, club_id FROM members WHERE code = 'TV002'")
    await record_reading(sample_db, club_id=row[1], member_id=row[0], day=AS_OF.date(),
                         systolic=128, diastolic=80, weight_dg=None, actor="test", now=AS_OF)
    [text] = await tap(bot, texts.BTN_HEALTH)
    assert text.method == "sendMessage"
    assert "128/80" in text.params["text"] and not drawn.plotted


async def test_a_picture_that_cannot_be_drawn_leaves_the_text(bot: BotHarness,
                                                              consented: Database):
    def broken(chart: charts.Chart) -> bytes:
        raise RuntimeError("no fonts on this machine")

    await bot.share_own_contact(USER, member("TV050")["phone"])
    services_of(bot).charts = ChartCache(draw=broken)
    sent = await tap(bot, texts.BTN_HEALTH)
    assert [c.method for c in sent] == ["sendMessage"]
    assert sent[0].params["text"].startswith("❤️ Huyết áp lần gần nhất")


async def test_a_text_too_long_for_a_caption_goes_first_then_the_picture(
        bot: BotHarness, sample_db: Database):
    await recording(bot, "TV051")
    long_name = "Nguyễn Thị " + "Rất Dài " * 150
    await sample_db.conn.execute("UPDATE members SET name = ? WHERE code = 'TV051'",
                                 (long_name,))
    await sample_db.conn.commit()
    text, photo = await tap(bot, texts.BTN_SAVINGS)
    assert text.method == "sendMessage" and long_name in text.params["text"]
    assert photo.method == "sendPhoto" and "tiết kiệm" in photo.params["caption"]
    assert "show_caption_above_media" not in photo.params


async def test_the_savings_chart_shows_the_balance_at_each_months_end(
        bot: BotHarness, sample_db: Database):
    drawn = await recording(bot, "TV051")
    [photo] = await tap(bot, texts.BTN_SAVINGS)
    assert photo.method == "sendPhoto" and png_size(photo.files["photo"][1]) == charts.PIXELS

    rows = await sample_db.fetchall(
        "SELECT entry_date, CASE kind WHEN 'deposit' THEN amount ELSE -amount END "
        "FROM cash_entries c JOIN members m ON m.id = c.member_id "
        "WHERE m.code = 'TV051' AND kind IN ('deposit', 'withdrawal') ORDER BY entry_date")
    first = date.fromisoformat(rows[0][0]).replace(day=1)
    expected, month = [], first
    while month <= AS_OF.date():
        end = (month + timedelta(days=32)).replace(day=1)
        expected.append(sum(amount for day, amount in rows if day < end.isoformat()))
        month = end
    [plotted] = drawn.plotted
    assert plotted["lines"] == [expected[-12:]]
    # The last bar is the balance the text gives.
    assert f"<b>{expected[-1]:,} đ</b>".replace(",", ".") in photo.params["caption"]


async def test_the_terminal_says_a_picture_is_there_and_draws_nothing(consented: Database):
    sample_db = consented
    services = Services.over(sample_db, now=lambda: AS_OF)
    shown: list[str] = []
    chat = TerminalChat(services, out=shown.append)
    # The terminal's own "share my phone": the number typed after choosing the button.
    await respond(Turn(CHANNEL, chat.account_id, TurnKind.CONTACT, contact=SharedContact(
        member("TV050")["phone"], chat.account_id)), services)
    await chat.say(texts.BTN_HEALTH)
    [picture] = [line for line in shown if line.startswith("[ảnh: ")]
    assert picture.startswith("[ảnh: Biểu đồ huyết áp 12 lần đo") and picture.endswith("]")
    assert services.charts.renders == 0


async def test_agreeing_shows_her_readings_with_their_picture_at_once(
        bot: BotHarness, sample_db: Database):
    await recording(bot, "TV050")
    await tap(bot, texts.BTN_HEALTH)  # the consent question
    row = await sample_db.fetchone("SELECT id FROM members WHERE code = 'TV050'")
    before = len(bot.api.calls)
    await bot.tap(USER, f"cs:yes:{row[0]}")
    photos = [c for c in bot.api.calls[before:] if c.method == "sendPhoto"]
    assert len(photos) == 1
    caption = photos[0].params["caption"]
    assert caption.startswith(texts.CONSENT_AGREED.format(name=member("TV050")["name"])[:20])
    assert "Huyết áp lần gần nhất" in caption
