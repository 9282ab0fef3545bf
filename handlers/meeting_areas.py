"""After a roll-call is saved: which of the 8 activity areas the meeting covered,
and what it was about — the meeting as the programme counts it.

A checklist of the 8 areas under the "saved" message, redrawn in place on
every tap (``rc:ar:<club>:<yyyymmdd>:<area>:<shown 0|1>``: a tap changes the
area only if it still shows what the button showed), and a button to type the
topic (``rc:tp:<club>:<yyyymmdd>``, then the flow ``rt`` takes the text). A
topic the board planned ahead (✍️ Nội dung buổi tới) is the meeting's topic
until one is typed here.
"""

from __future__ import annotations

from datetime import date
from html import escape

from club import texts
from club.calendar import format_date
from club.programme import AREAS
from club.roles import Permission
from handlers import flows
from handlers.board import BoardActor
from handlers.context import Services
from handlers.conversation import Button, Reply, Rows, Turn
from handlers.flows import cancel_row
from handlers.menu import with_menu
from storage.accounts import Account
from storage.conversation import FlowState
from storage.programme import meetings
from storage.programme.meetings import HeldMeeting

FLOW = "rt"
MAX_TOPIC = 200


def _code(club_id: int, day: date) -> str:
    return f"{club_id}:{day.strftime('%Y%m%d')}"


def checklist(club_id: int, meeting: HeldMeeting) -> tuple[str, Rows]:
    """The question and the 8 areas, ticked as stored, two to a row."""
    code = _code(club_id, meeting.held_on)
    buttons = [Button((texts.RC_AREA_ON if a in meeting.areas else texts.RC_AREA_OFF).format(
        number=a, name=texts.AREA_NAMES[a]), f"rc:ar:{code}:{a}:{int(a in meeting.areas)}")
        for a in AREAS]
    rows: Rows = tuple(tuple(buttons[i:i + 2]) for i in range(0, len(buttons), 2))
    rows += ((Button(texts.BTN_RC_TOPIC, f"rc:tp:{code}"),
              Button(texts.BTN_RC_AREAS_DONE, f"rc:ad:{code}")),)
    text = texts.RC_AREAS.format(date=format_date(meeting.held_on),
                                 topic=escape(meeting.topic) or texts.RC_TOPIC_NONE)
    return text, rows


async def after_save(actor: BoardActor, day: date, services: Services) -> tuple[str, Rows]:
    """The areas question for the meeting just saved (its planned topic filled in)."""
    meeting = await meetings.held_meeting(services.db, actor.club_id, day)
    assert meeting is not None  # the save just made or reused it
    if not meeting.topic:
        planned = await meetings.topic_for_day(services.db, actor.club_id, day)
        if planned:
            await meetings.set_meeting_topic(services.db, actor.club_id, day, planned,
                                             actor=actor.label, now=services.now())
            meeting = await meetings.held_meeting(services.db, actor.club_id, day)
            assert meeting is not None
    return checklist(actor.club_id, meeting)


async def on_tap(turn: Turn, actor: BoardActor, day: date, action: str, args: list[str],
                 services: Services) -> list[Reply]:
    """``ar`` (an area), ``tp`` (type the topic), ``ad`` (done)."""
    meeting = await meetings.held_meeting(services.db, actor.club_id, day)
    if meeting is None:
        return [with_menu(texts.RC_NO_MEETING.format(date=format_date(day)), actor.account)]
    if action == "ar":
        area = flows.number(args[0]) if args else None
        if area not in AREAS or len(args) != 2 or args[1] not in ("0", "1"):
            return [flows.stale(actor.account)]
        meeting = await meetings.toggle_area(services.db, actor.club_id, day, area,
                                             shown=args[1] == "1", actor=actor.label,
                                             now=services.now()) or meeting
        text, rows = checklist(actor.club_id, meeting)
        return [Reply(text=text, choices=rows, edit=True)]
    if action == "tp":
        state = await flows.begin(services, turn, actor, FLOW,
                                  {"step": "topic", "day": day.isoformat()})
        return flows.ask(texts.RC_TOPIC_ASK.format(date=format_date(day)), actor.account,
                         (cancel_row(state),))
    return [with_menu(texts.RC_AREAS_DONE.format(date=format_date(day),
                                                 count=len(meeting.areas)), actor.account)]


async def on_text(turn: Turn, account: Account, state: FlowState,
                  services: Services) -> list[Reply]:
    actor = await flows.board_text(turn, account, state, services, Permission.ROLL_CALL)
    if isinstance(actor, list):
        return actor
    topic = " ".join(turn.text.split())[:MAX_TOPIC]
    day = date.fromisoformat(state.data["day"])
    if not topic:
        return flows.ask(texts.RC_TOPIC_ASK.format(date=format_date(day)), account,
                         (cancel_row(state),))
    await flows.finish(services, turn, state)
    if not await meetings.set_meeting_topic(services.db, actor.club_id, day, topic,
                                            actor=actor.label, now=services.now()):
        return [with_menu(texts.RC_NO_MEETING.format(date=format_date(day)), account)]
    meeting = await meetings.held_meeting(services.db, actor.club_id, day)
    assert meeting is not None
    text, rows = checklist(actor.club_id, meeting)
    return [with_menu(texts.RC_TOPIC_SAVED.format(date=format_date(day), topic=escape(topic)),
                      account),
            with_menu(text, account, choices=rows)]


async def on_choice(turn: Turn, account: Account, services: Services) -> list[Reply]:
    """The topic question's own button: "✖️ Thôi"."""
    step = await flows.board_tap(turn, account, services, flow=FLOW,
                                 permission=Permission.ROLL_CALL, opening=texts.FLOW_STALE)
    return step if isinstance(step, list) else [flows.stale(account)]
