"""Logs never hold members' phone numbers, their readings, or what they wrote.

A few whole conversations run on every channel with every logger at DEBUG;
not one log record — message, arguments or traceback — may contain a phone
number of the roster, a reading, or the words a member typed."""

from __future__ import annotations

import logging

import pytest

from bot.logs import MASK
from club import texts
from handlers import router
from storage import Database
from tests.channels.drivers import DRIVERS, Driver
from tests.conftest import AS_OF
from tests.support.consent import agree_on_paper

TYPED = "con meo nha ben"


async def phones(db: Database) -> set[str]:
    """Every roster phone, in the forms logs could carry it."""
    found = set()
    for (phone,) in await db.fetchall("SELECT phone FROM members WHERE phone IS NOT NULL"):
        found |= {phone, "84" + phone[1:], phone[1:]}
    return found


def logged(caplog: pytest.LogCaptureFixture) -> str:
    parts = []
    for record in caplog.records:
        parts.append(record.getMessage())
        if record.exc_info:
            parts.append(record.exc_text or logging.Formatter().formatException(record.exc_info))
    return "\n".join(parts) + "\n" + caplog.text


async def conversations(driver: Driver) -> None:
    await driver.link("TV010")
    await driver.say("liên hệ")        # the board's phones, in a reply
    await driver.say("0912 345 678")   # a typed phone number
    await driver.say(TYPED)
    await driver.say("sức khỏe")       # readings
    await driver.say("dữ liệu của tôi")  # her phone, in a reply
    await driver.say("❓ Hướng dẫn")


@pytest.mark.parametrize("driver_type", DRIVERS, ids=lambda d: d.name)
async def test_no_phone_reading_or_typed_words_in_any_log(
        sample_db: Database, driver_type: type[Driver], caplog: pytest.LogCaptureFixture):
    await agree_on_paper(sample_db, "TV010")
    caplog.set_level(logging.DEBUG)
    driver = await driver_type.start(sample_db, lambda: AS_OF)
    try:
        logging.getLogger("tests.privacy").debug("capturing at DEBUG")
        await conversations(driver)
    finally:
        await driver.stop()
    assert "capturing at DEBUG" in caplog.text  # DEBUG records do reach the capture
    text = logged(caplog)
    for phone in await phones(sample_db):
        assert phone not in text, phone
    assert "148/108" not in text and TYPED not in text


async def test_a_phone_in_a_failure_is_masked(sample_db: Database, monkeypatch,
                                              caplog: pytest.LogCaptureFixture):
    caplog.set_level(logging.DEBUG)

    async def failing(*args: object) -> list:
        raise ValueError("no member with phone 0860110704 (+84 971 706 690)")

    monkeypatch.setattr(router, "_respond", failing)
    driver = await DRIVERS[0].start(sample_db, lambda: AS_OF)
    try:
        [apology] = await driver.say("xin chao")
    finally:
        await driver.stop()
    assert apology.text == texts.SOMETHING_WRONG
    text = logged(caplog)
    assert "turn failed" in text and MASK in text
    assert "0860110704" not in text and "971 706 690" not in text
