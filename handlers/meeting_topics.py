"""✍️ Nội dung buổi tới: the board says what the next meeting is about.

Stored by the date the club's rule gives that meeting (so a move keeps it);
members see it under "📅 Lịch họp" and in the meeting reminders, and saving
the roll-call makes it the held meeting's topic unless one is typed then.
"""

from __future__ import annotations

from datetime import date
from html import escape

from club import texts
from club.calendar import format_weekday_date
from club.roles import Permission
from handlers import care_board, flows
from handlers.board import BoardActor
from handlers.context import Services
from handlers.conversation import Reply, Turn
from handlers.flows import button, cancel_row
from handlers.menu import with_menu
from handlers.schedule import next_occurrences
from storage.accounts import Account
from storage.conversation import FlowState
from storage.programme import meetings

FLOW = "tp"
MAX_TOPIC = 200


async def _next(actor: BoardActor, services: Services) -> tuple[date, date] | None:
    """(the rule's date, the day it is held) of the next meeting not cancelled."""
    file = await services.reader.member_file(actor.member_id, services.now().date())
    assert file is not None
    held = next((o for o in next_occurrences(file, services.now()) if not o.cancelled), None)
    return None if held is None else (held.regular_on, held.on)


async def on_choice(turn: Turn, account: Account, services: Services) -> list[Reply]:
    async def opening(opener: BoardActor) -> list[Reply]:
        found = await _next(opener, services)
        if found is None:
            return [with_menu(texts.TP_NONE, account)]
        regular_on, held_on = found
        state = await flows.begin(services, turn, opener, FLOW, {
            "step": "topic", "regular_on": regular_on.isoformat(),
            "held_on": held_on.isoformat()})
        topic = await meetings.planned_topic(services.db, opener.club_id, regular_on)
        rows = ((button(texts.BTN_TP_CLEAR, state, "clear"),),) if topic else ()
        asked = texts.TP_ASK.format(date=format_weekday_date(held_on),
                                    topic=escape(topic) or texts.RC_TOPIC_NONE)
        # What home visits found for the board to take up at this meeting.
        helping = await care_board.for_next_meeting(services, opener.club_id)
        return flows.ask("\n".join([asked, *helping]), account, rows + (cancel_row(state),))

    step = await flows.board_tap(turn, account, services, flow=FLOW,
                                 permission=Permission.MEETINGS, opening=opening)
    if isinstance(step, list):
        return step
    if step.tap.action == "clear":
        return await _save(turn, step.actor, step.state, "", services)
    return [flows.stale(account)]


async def on_text(turn: Turn, account: Account, state: FlowState,
                  services: Services) -> list[Reply]:
    actor = await flows.board_text(turn, account, state, services, Permission.MEETINGS)
    if isinstance(actor, list):
        return actor
    topic = " ".join(turn.text.split())[:MAX_TOPIC]
    if not topic:
        return flows.ask(texts.FLOW_TAP_A_BUTTON, account, (cancel_row(state),))
    return await _save(turn, actor, state, topic, services)


async def _save(turn: Turn, actor: BoardActor, state: FlowState, topic: str,
                services: Services) -> list[Reply]:
    if not await flows.finish(services, turn, state):
        return [with_menu(texts.CB_ALREADY, actor.account)]
    await meetings.plan_topic(services.db, actor.club_id,
                              date.fromisoformat(state.data["regular_on"]), topic,
                              actor=actor.label, now=services.now())
    held_on = format_weekday_date(date.fromisoformat(state.data["held_on"]))
    text = (texts.TP_SAVED.format(date=held_on, topic=escape(topic)) if topic
            else texts.TP_CLEARED.format(date=held_on))
    return [with_menu(text, actor.account)]
