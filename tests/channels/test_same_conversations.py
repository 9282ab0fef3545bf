"""One set of conversations, run unchanged over every channel (tests/channels/drivers.py):
the same member gets the same answers, and is offered the same options, whether
they tap Telegram's buttons, answer Zalo's numbered lists, or type the words.

Each scenario links the way its channel allows, then talks; what it saw after
linking is its transcript. ``test_conversation`` checks the answers on each
channel; ``test_every_channel_gives_the_same_answers`` runs a scenario on all of
them, each over a fresh copy of the sample club (what one channel's member
agreed to must not change what the next one is asked), and compares the
transcripts, text for text (and picture for picture where pictures are the
point).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import timedelta
from pathlib import Path

import pytest

from club import charts, texts
from handlers.conversation import plain_text
from storage import Database
from storage.importer import import_workbook
from tests.channels.drivers import DRIVERS, Driver, Seen
from tests.club.test_charts import png_size
from tests.conftest import AS_OF, EXPECTED, SAMPLE, member

MAIN_MENU = (texts.BTN_SAVINGS, texts.BTN_LOANS, texts.BTN_MEETING, texts.BTN_HEALTH,
             texts.BTN_CONTACTS, texts.BTN_HELP)


class Recorded:
    """A driver whose answers after linking make up the transcript."""

    def __init__(self, driver: Driver) -> None:
        self.driver = driver
        self.transcript: list[Seen] = []

    async def link(self, *codes: str) -> None:
        await self.driver.link(*codes)

    async def _keep(self, seen: Awaitable[list[Seen]]) -> list[Seen]:
        got = await seen
        self.transcript += got
        return got

    async def say(self, words: str) -> list[Seen]:
        return await self._keep(self.driver.say(words))

    async def tap(self, number: int) -> list[Seen]:
        return await self._keep(self.driver.tap(number))

    async def tap_label(self, label: str) -> list[Seen]:
        return await self._keep(self.driver.tap_label(label))

    def forget(self, seen: list[Seen]) -> None:
        """Leave what differs by channel by design out of the transcript (the
        report's files: documents on Telegram, download links elsewhere)."""
        for one in seen:
            self.transcript.remove(one)

    def words_only(self, seen: Seen) -> None:
        """Keep ``seen`` in the transcript without the options shown with it:
        where a turn has several messages, the menu comes with the first on
        Telegram and the web, with the last on Zalo (numbered once a turn)."""
        self.transcript[self.transcript.index(seen)] = Seen(seen.text, (), seen.picture)


# ---------------------------------------------------------------- the conversations

async def savings_balance(person: Recorded) -> None:
    await person.link("TV008")
    [tapped] = await person.say("tiết kiệm")
    assert "830.000 đ" in tapped.text.splitlines()[0]
    assert "Đóng góp quỹ năm 2026: 160.000 đ" in tapped.text
    assert tapped.options == (*MAIN_MENU, texts.BTN_REPORT_SAVINGS)
    [typed] = await person.tap_label(texts.BTN_SAVINGS)
    assert typed.text == tapped.text


async def loan_and_next_installment(person: Recorded) -> None:
    await person.link("TV005")
    [loan] = await person.say("vay")
    assert "2.083.338 đ" in loan.text.splitlines()[0]
    assert "Kỳ tới: Thứ Năm, 17/12/2026 — gốc 416.666 đ, lãi 10.417 đ" in loan.text
    assert "quá hạn" not in loan.text
    [again] = await person.tap(2)  # 📄 Khoản vay, the second button
    assert again.text == loan.text


async def next_meeting_with_lunar_date(person: Recorded) -> None:
    await person.link("TV002")
    await person.say("xin chao")
    [meeting] = await person.tap_label(texts.BTN_MEETING)
    assert "Thứ Năm, 17/12/2026" in meeting.text
    assert "mùng 9 tháng 11 âm lịch" in meeting.text
    assert "14:00" in meeting.text and EXPECTED["place"] in meeting.text
    assert "15/01/2027" in meeting.text  # the next check-up


async def health(person: Recorded) -> None:
    await person.link("TV010")
    [asked] = await person.say("huyet ap")  # first her consent, and no reading before it
    assert "Bà có đồng ý không?" in asked.text and "148/108" not in asked.text
    assert asked.options == (texts.BTN_CONSENT_YES, texts.BTN_CONSENT_NO)
    [reading] = await person.tap_label(texts.BTN_CONSENT_YES)
    assert reading.text.startswith("✅ Đã ghi: Đinh Thị Loan đồng ý.")
    assert "148/108" in reading.text and "cao, nên đi khám ở trạm y tế" in reading.text
    [tapped] = await person.tap_label(texts.BTN_HEALTH)
    assert tapped.text in reading.text


async def contacts(person: Recorded) -> None:
    await person.link("TV010")
    [hello] = await person.say("chào")
    assert hello.options == MAIN_MENU
    [board] = await person.tap_label(texts.BTN_CONTACTS)
    for code in ("TV001", "TV003", "TV004"):
        assert member(code)["name"] in board.text
    assert "0971 706 690" in board.text  # member("TV001")["phone"], grouped as read aloud


async def unknown_words_get_help(person: Recorded) -> None:
    await person.link("TV010")
    [puzzled] = await person.say("con meo nha ben")
    assert "Chưa hiểu «con meo nha ben»" in puzzled.text
    assert puzzled.options == MAIN_MENU
    [emoji] = await person.say("🙂")
    assert "Chưa hiểu" in emoji.text
    [helped] = await person.tap_label(texts.BTN_HELP)
    assert "Tiết kiệm" in helped.text and "Lịch họp" in helped.text
    assert helped.text.endswith(plain_text(texts.REMINDERS_STATE_ON))
    privacy = (texts.BTN_MY_DATA, texts.BTN_RELATIVES, texts.BTN_WITHDRAW_CONSENT)
    assert helped.options == (texts.BTN_PAUSE_REMINDERS, *privacy)
    [paused] = await person.tap_label(texts.BTN_PAUSE_REMINDERS)
    assert paused.text.endswith(plain_text(texts.REMINDERS_STATE_OFF))
    assert paused.options == (texts.BTN_RESUME_REMINDERS, *privacy)


async def couple_on_one_phone(person: Recorded) -> None:
    mai, hang = member("TV011"), member("TV012")
    await person.link("TV011", "TV012")
    [whom] = await person.say(texts.BTN_SWITCH)
    assert whom.options == (mai["name"], hang["name"])
    [viewing] = await person.tap_label(hang["name"])
    assert hang["name"] in viewing.text
    [asked] = await person.say("sức khỏe")
    assert hang["name"] in asked.text and hang["last_health"]["bp"] not in asked.text
    [reading] = await person.tap_label(texts.BTN_CONSENT_YES)
    assert hang["last_health"]["bp"] in reading.text
    await person.say("doi nguoi")
    await person.tap(1)
    [savings] = await person.say("tiet kiem")
    assert mai["name"] in savings.text


REPORT_CAPTIONS = (texts.REPORT_CHART_FUND_CAPTION, texts.REPORT_CHART_ATTENDANCE_CAPTION,
                   texts.REPORT_CHART_AREAS_CAPTION, texts.REPORT_CHART_BORROWING_CAPTION)


async def board_report_with_charts(person: Recorded) -> None:
    await person.link("TV001")  # the chair
    [board] = await person.say(texts.BTN_BOARD)
    got = await person.tap_label(texts.BTN_PROGRAMME_REPORT)
    headline, pictures = got[0], got[1:1 + len(REPORT_CAPTIONS)]
    assert headline.text.startswith("📊 Báo cáo năm 2026") and headline.picture is None
    # The four charts, each a picture with its one line, in the PDF's order.
    assert [p.text for p in pictures] == list(REPORT_CAPTIONS)
    for picture in pictures:
        assert picture.picture is not None, picture.text
        width, height = png_size(picture.picture)
        assert 500 <= width <= charts.PIXELS[0] and height <= 900  # drawn for a phone
    files = got[1 + len(REPORT_CAPTIONS):]  # documents on Telegram (not messages), else links
    assert all(f.picture is None for f in files) and len(files) <= 1
    assert texts.BTN_BOARD in person.driver.last_options  # the menu stays offered
    person.forget(files)
    person.words_only(headline)


async def volunteer_visit(person: Recorded) -> None:
    """A home-care volunteer logs a visit in two taps; the list comes back after."""
    nga = member("TV007")["name"]
    db = person.driver.db  # type: ignore[attr-defined]
    # The board's plan, as an import or 🏠 Chăm sóc tại nhà leaves it: TV005 visits TV007.
    async with db.transaction() as conn:
        await conn.execute("UPDATE members SET circumstances = 'cần chăm sóc tại nhà' "
                           "WHERE code = 'TV007'")
        await conn.execute(
            "INSERT INTO care_plans (member_id, club_id, volunteer_id, rhythm_weeks, started_on, "
            "updated_by, updated_at) SELECT m.id, m.club_id, w.id, 2, ?, 'test', ? "
            "FROM members m JOIN members w ON w.code = 'TV005' WHERE m.code = 'TV007'",
            ((AS_OF.date() - timedelta(days=16)).isoformat(), AS_OF.isoformat()))
    await person.link("TV005")
    [listed] = await person.say("tham hoi")
    assert nga in listed.text and "quá hạn 2 ngày" in listed.text
    assert listed.options == (nga,)
    [asked] = await person.tap_label(nga)
    assert asked.options == (texts.BTN_CARE_OK, texts.BTN_CARE_HELP, texts.BTN_CARE_ALERT,
                             texts.BTN_CANCEL)
    [saved] = await person.tap(1)  # 🙂 Ổn
    assert saved.text.startswith(f"✅ Đã ghi lần thăm {nga} hôm nay: 🙂 Ổn.")
    assert saved.options == (texts.BTN_CARE_NOTE, texts.BTN_CARE_READING, texts.BTN_CARE_UNDO,
                             texts.BTN_CARE_DONE)
    [done] = await person.tap_label(texts.BTN_CARE_DONE)
    assert done.text.startswith("Cảm ơn chị! Lần thăm đã được ghi.")
    assert "đến hạn" in done.text and "quá hạn" not in done.text


Scenario = Callable[[Recorded], Awaitable[None]]
SCENARIOS: list[Scenario] = [
    savings_balance, loan_and_next_installment, next_meeting_with_lunar_date, health,
    contacts, unknown_words_get_help, couple_on_one_phone, board_report_with_charts,
    volunteer_visit,
]
# Scenarios about pictures: Zalo is given a public_url to send them from.
PICTURES: set[Scenario] = {board_report_with_charts}


async def _play(driver_type: type[Driver], db: Database, scenario: Scenario) -> list[Seen]:
    driver = await driver_type.start(db, lambda: AS_OF, pictures=scenario in PICTURES)
    try:
        person = Recorded(driver)
        await scenario(person)
        return person.transcript
    finally:
        await driver.stop()


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.__name__)
@pytest.mark.parametrize("driver_type", DRIVERS, ids=lambda d: d.name)
async def test_conversation(sample_db: Database, driver_type: type[Driver], scenario: Scenario):
    assert await _play(driver_type, sample_db, scenario)


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.__name__)
async def test_every_channel_gives_the_same_answers(tmp_path: Path, scenario: Scenario):
    transcripts = {}
    for driver in DRIVERS:
        db = await Database.open(tmp_path / f"{driver.name}.db")
        try:
            await import_workbook(db, SAMPLE, actor="test", now=AS_OF)
            transcripts[driver.name] = await _play(driver, db, scenario)
        finally:
            await db.close()
    reference_name, reference = next(iter(transcripts.items()))
    for name, transcript in transcripts.items():
        assert [s.text for s in transcript] == [s.text for s in reference], (name, reference_name)
        assert [s.options for s in transcript] == [s.options for s in reference], name
        if scenario in PICTURES:  # elsewhere Zalo has no address to send pictures from
            assert ([s.picture is not None for s in transcript]
                    == [s.picture is not None for s in reference]), name
