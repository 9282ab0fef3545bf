"""Fuzz: random turns from random people of two clubs keep every promise.

Each case copies the two-club template database and plays ``TURNS`` turns,
each from a randomly chosen person (in runs, as people talk): typed words,
taps on buttons offered (to them or to anyone), forged and garbage button
data, contact cards, stickers. After every turn (see tests/fuzz/world.py): no
failure was logged ("never raises"), every reply is valid for Telegram, Zalo
and the web, only the speaker's own clubs changed, and no row names two
clubs. Through the channel-neutral router here; through the real Telegram
Application in test_telegram_updates.py.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from handlers.context import Services
from handlers.conversation import Turn
from handlers.router import respond
from storage import Database
from tests.fuzz import world
from tests.fuzz.conftest import FUZZ, Cast
from tests.fuzz.moves import Seen, onward, switch, turns
from tests.fuzz.world import BOTH_BOARDS, NOW, ONE_CLUB_PEOPLE, Person

TURNS = 30


# What a person does at a turn: (turn number, person, what they see) -> a strategy.
Chooser = Callable[[int, Person, Seen], st.SearchStrategy[Turn]]


async def play(path: Path, data: st.DataObject, people: list[Person], choose: Chooser) -> None:
    db = await Database.open(path)
    services = Services.over(db, now=lambda: NOW)
    seen = Seen()
    isolation = world.Isolation(path)
    try:
        with world.failures_logged() as failures:
            person = people[0]
            for number in range(TURNS):  # long: flows take turns to get anywhere
                # People talk in runs of a few turns: flows get somewhere.
                if number == 0 or data.draw(st.integers(0, 7), label="speaker changes") == 0:
                    person = data.draw(st.sampled_from(people), label=f"speaker {number}")
                seen.step[person.account] = await world.step_of(db, person)
                seen.links[person.account] = await world.links_of(db, person)
                turn = data.draw(choose(number, person, seen), label=f"turn {number}")
                clubs_before = await world.clubs_of(db, person)
                replies = await respond(turn, services)
                where = f"turn {number}, {person.role}: {turn}"
                assert failures.describe() == [], where
                assert world.reply_problems(replies) == [], where
                isolation.after_turn(where, clubs_before | await world.clubs_of(db, person))
                seen.add(person, world.choices_in(replies), world.labels_in(replies))
        isolation.at_end()
    finally:
        isolation.close()
        await db.close()


@FUZZ
@given(data=st.data())
def test_people_of_two_clubs_never_touch_the_other_club(
        template: Path, cast: Cast, tmp_path: Path, data: st.DataObject):
    board = [p for p in ONE_CLUB_PEOPLE if p in world.BOARD]

    def choose(number: int, person: Person, seen: Seen) -> st.SearchStrategy[Turn]:
        return turns(person, seen, cast.ids, cast.names)

    case = world.copy_of(template, tmp_path)
    asyncio.run(play(case, data, ONE_CLUB_PEOPLE + board * 2, choose))


@settings(FUZZ, max_examples=80)
@given(data=st.data())
def test_one_phone_on_both_boards_keeps_each_row_in_one_club(
        template: Path, cast: Cast, tmp_path: Path, data: st.DataObject):
    """A shared phone on the board of both clubs: it opens board tools, follows them
    through, and now and then looks at its other member (so the post acting
    changes club) mid-flow — also just before confirming."""

    def choose(number: int, person: Person, seen: Seen) -> st.SearchStrategy[Turn]:
        if person is not BOTH_BOARDS:
            return turns(person, seen, cast.ids, cast.names)
        return st.sampled_from([0, 0, 0, 0, 0, 1, 2]).flatmap(lambda kind: (
            onward(person, seen, cast.names), switch(person, seen),
            turns(person, seen, cast.ids, cast.names))[kind])

    case = world.copy_of(template, tmp_path)
    asyncio.run(play(case, data, [BOTH_BOARDS] * 6 + [world.A_TREASURER, world.B_CHAIR],
                     choose))
