"""Fuzz through the real Telegram Application: what Telegram would refuse.

The same people and moves as test_turns.py, sent as Bot API updates (messages,
button taps, contact cards, stickers) to python-telegram-bot's Application
over the offline Bot API, so the adapter's own rendering is what is checked:
every ``sendMessage`` and ``editMessageText`` has text Telegram accepts with
``parse_mode=HTML`` (only ``<b>``, at most 4,096 characters) and buttons whose
callback data fits 64 bytes; no update or turn fails; the clubs stay apart.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from handlers.conversation import Turn, TurnKind, plain_text
from storage import Database
from tests.fuzz import world
from tests.fuzz.conftest import FUZZ, Cast
from tests.fuzz.moves import Seen, turns
from tests.fuzz.world import NOW, ONE_CLUB_PEOPLE, Person
from tests.support import updates
from tests.support.harness import BotHarness

TURNS = 25


def update_for(turn: Turn) -> dict[str, Any]:
    """The Bot API update a Telegram client would send for this turn."""
    user = int(turn.account_id)
    if turn.kind is TurnKind.CHOICE:
        return updates.callback(user, turn.choice)
    if turn.kind is TurnKind.TEXT:
        return updates.text(user, turn.text or " ")
    if turn.kind is TurnKind.START:
        return updates.text(user, f"/start {turn.text}".strip())
    if turn.kind is TurnKind.CONTACT and turn.contact is not None:
        owner = turn.contact.owner_id
        return updates.contact(user, turn.contact.phone,
                               owner_id=int(owner) if owner and owner.isdigit() else None)
    return updates.sticker(user)


def problems_in(calls: list[Any]) -> list[str]:
    """What Telegram would refuse among these Bot API calls."""
    found = []
    for call in calls:
        if call.method not in ("sendMessage", "editMessageText", "sendPhoto"):
            continue
        text = call.params.get("caption" if call.method == "sendPhoto" else "text", "")
        if call.params.get("parse_mode") != "HTML":
            found.append(f"{call.method} without parse_mode HTML")
        if (why := world.telegram_html_problem(text)) is not None:
            found.append(f"{call.method}: {why}")
        limit = 1024 if call.method == "sendPhoto" else world.TELEGRAM_TEXT  # a caption's
        if not plain_text(text).strip() or world.units(plain_text(text)) > limit:
            found.append(f"{call.method}: text of {world.units(plain_text(text))} units")
        markup = call.params.get("reply_markup") or {}
        for row in markup.get("inline_keyboard", []):
            for button in row:
                data = button.get("callback_data", "")
                if not button.get("text") or not 0 < len(data.encode()) <= world.TELEGRAM_DATA:
                    found.append(f"{call.method}: button {button}")
        for row in markup.get("keyboard", []):
            for button in row:
                if not button.get("text"):
                    found.append(f"{call.method}: key without a label")
    return found


def shown_in(calls: list[Any]) -> tuple[list[str], list[str]]:
    """The callback data and the key labels the person now sees."""
    choices, labels = [], []
    for call in calls:
        markup = call.params.get("reply_markup") or {}
        for row in markup.get("inline_keyboard", []):
            choices += [b["callback_data"] for b in row]
            labels += [b["text"] for b in row]
        for row in markup.get("keyboard", []):
            labels += [b["text"] for b in row if not b.get("request_contact")]
    return choices, labels


async def play(path: Path, data: st.DataObject, people: list[Person], cast: Cast) -> None:
    db = await Database.open(path)
    bot = await BotHarness.start(db, now=lambda: NOW)
    seen = Seen()
    isolation = world.Isolation(path)
    try:
        with world.failures_logged() as failures:
            person = people[0]
            for number in range(TURNS):
                if number == 0 or data.draw(st.integers(0, 7), label="speaker changes") == 0:
                    person = data.draw(st.sampled_from(people), label=f"speaker {number}")
                seen.step[person.account] = await world.step_of(db, person)
                seen.links[person.account] = await world.links_of(db, person)
                turn = data.draw(turns(person, seen, cast.ids, cast.names), label=f"turn {number}")
                clubs_before = await world.clubs_of(db, person)
                before = len(bot.api.calls)
                await bot.feed(update_for(turn))
                calls = bot.api.calls[before:]
                where = f"turn {number}, {person.role}: {turn}"
                assert failures.describe() == [], where
                assert problems_in(calls) == [], where
                if turn.kind is not TurnKind.CHOICE:  # a tap may be answered by an edit only
                    # An answer is a message, or a chart captioned with the answer.
                    assert any(c.method in ("sendMessage", "sendPhoto") for c in calls), where
                isolation.after_turn(where, clubs_before | await world.clubs_of(db, person))
                seen.add(person, *shown_in(calls))
        isolation.at_end()
    finally:
        isolation.close()
        await bot.stop()
        await db.close()


@settings(FUZZ, max_examples=15)
@given(data=st.data())
def test_telegram_updates_from_two_clubs_are_answered_as_telegram_allows(
        template: Path, cast: Cast, tmp_path: Path, data: st.DataObject):
    board = [p for p in ONE_CLUB_PEOPLE if p in world.BOARD]
    case = world.copy_of(template, tmp_path)
    asyncio.run(play(case, data, ONE_CLUB_PEOPLE + board * 2, cast))
