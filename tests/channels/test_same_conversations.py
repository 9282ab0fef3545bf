"""One set of conversations, run unchanged over every channel (tests/channels/drivers.py):
the same member gets the same answers, and is offered the same options, whether
they tap Telegram's buttons, answer Zalo's numbered lists, or type the words.

Each scenario links the way its channel allows, then talks; what it saw after
linking is its transcript. ``test_conversation`` checks the answers on each
channel; ``test_every_channel_gives_the_same_answers`` runs a scenario on all of
them over one database and compares the transcripts, text for text.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest

from club import texts
from storage import Database
from tests.channels.drivers import DRIVERS, Driver, Seen
from tests.conftest import AS_OF, EXPECTED, member

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
    [reading] = await person.say("huyet ap")
    assert "148/108" in reading.text and "140/90" in reading.text
    [tapped] = await person.tap_label(texts.BTN_HEALTH)
    assert tapped.text == reading.text


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
    assert "Tôi chưa hiểu «con meo nha ben»" in puzzled.text
    assert puzzled.options == MAIN_MENU
    [emoji] = await person.say("🙂")
    assert "Tôi chưa hiểu" in emoji.text
    [helped] = await person.tap_label(texts.BTN_HELP)
    assert "Tiết kiệm" in helped.text and "Lịch họp" in helped.text
    assert texts.BTN_PAUSE_REMINDERS in helped.options
    [paused] = await person.tap_label(texts.BTN_PAUSE_REMINDERS)
    assert "Đã tắt nhắc nhở" in paused.text


async def couple_on_one_phone(person: Recorded) -> None:
    mai, hang = member("TV011"), member("TV012")
    await person.link("TV011", "TV012")
    [whom] = await person.say(texts.BTN_SWITCH)
    assert whom.options == (mai["name"], hang["name"])
    [viewing] = await person.tap_label(hang["name"])
    assert hang["name"] in viewing.text
    [reading] = await person.say("sức khỏe")
    assert hang["last_health"]["bp"] in reading.text
    await person.say("doi nguoi")
    await person.tap(1)
    [savings] = await person.say("tiet kiem")
    assert mai["name"] in savings.text


Scenario = Callable[[Recorded], Awaitable[None]]
SCENARIOS: list[Scenario] = [
    savings_balance, loan_and_next_installment, next_meeting_with_lunar_date, health,
    contacts, unknown_words_get_help, couple_on_one_phone,
]


async def _play(driver_type: type[Driver], db: Database, scenario: Scenario) -> list[Seen]:
    driver = await driver_type.start(db, lambda: AS_OF)
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
async def test_every_channel_gives_the_same_answers(sample_db: Database, scenario: Scenario):
    transcripts = {d.name: await _play(d, sample_db, scenario) for d in DRIVERS}
    reference_name, reference = next(iter(transcripts.items()))
    for name, transcript in transcripts.items():
        assert [s.text for s in transcript] == [s.text for s in reference], (name, reference_name)
        assert [s.options for s in transcript] == [s.options for s in reference], name
