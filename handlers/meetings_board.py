"""📆 Đổi lịch họp and 🏥 Thêm lịch khám: the board changes the schedule in chat.

A meeting is moved or cancelled one occurrence at a time (the club's rule
stays as it is), or put back on its regular date. The change cancels the
reminders still waiting for the old date in the same transaction, and the
club's reminders are planned again at once, so members are reminded of the
new date only. Afterwards the board is offered a notice to the whole club,
ready written.

Every step asks again whether the account may act for the board
(``acting_board_member``), and every date in a button is checked against the
club's own schedule: a forged tap changes nothing.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from html import escape

from club import texts
from club.calendar import format_date, format_lunar, format_weekday_date
from club.reminders import MAX_SHIFT, Occurrence, parse_when, say_durations
from club.roles import Permission
from handlers import flows, notices
from handlers.board import BoardActor, acting_board_member, refused
from handlers.context import Services
from handlers.conversation import Button, Reply, Turn
from handlers.flows import Tap, button, cancel_row
from handlers.menu import with_menu
from storage import meetings
from storage import notices as notice_store
from storage.accounts import Account
from storage.conversation import AlreadyDone, FlowState, NotInClub
from storage.meetings import MeetingChangeError

MEETING_FLOW = "mt"
CHECKUP_FLOW = "ck"
_MAX_WORDS = 100   # a check-up's name or place
_SHOWN = 3         # upcoming meetings offered


def _time_part(at: time | None) -> str:
    return texts.MEETING_TIME.format(time=f"{at:%H:%M}") if at else ""


def _when_example(day: date, at: time | None) -> str:
    return f"{format_date(day)} {(at or time(8)):%H:%M}"


async def _replanned(services: Services, club_id: int) -> None:
    if services.replan_club is not None:
        await services.replan_club(club_id)


# ---------------------------------------------------------------- 📆 Đổi lịch họp


async def on_meeting_choice(turn: Turn, account: Account, services: Services) -> list[Reply]:
    found = await flows.board_tap(
        turn, account, services, flow=MEETING_FLOW, permission=Permission.MEETINGS,
        opening=lambda actor: _offer_meetings(turn, actor, services),
        unversioned={"tell": lambda account, tap: _tell_club(turn, account, tap.args,
                                                             services)})
    if isinstance(found, list):
        return found
    actor, state, tap = found.actor, found.state, found.tap
    step = state.data.get("step")
    if tap.action == "pick" and step == "pick":
        return await _picked(turn, actor, tap, services)
    if tap.action in ("move", "cancel", "restore") and step == "action":
        return await _chose(turn, actor, state, tap.action, services)
    if tap.action == "ok" and step == "confirm":
        return await _apply(turn, actor, state, services)
    return [flows.stale(account)]


async def on_meeting_text(turn: Turn, account: Account, state: FlowState,
                          services: Services) -> list[Reply]:
    actor = await flows.board_text(turn, account, state, services, Permission.MEETINGS)
    if isinstance(actor, list):
        return actor
    if state.data.get("step") != "when":
        return flows.ask(texts.FLOW_TAP_A_BUTTON, account, (cancel_row(state),))
    regular = date.fromisoformat(state.data["regular_on"])
    current = await meetings.occurrence_of(services.db, actor.club_id, regular)
    if current is None:
        return [flows.stale(account)]
    now = services.now()
    example = _when_example(regular + timedelta(days=2), current.at)
    try:
        new_on, new_at = parse_when(turn.text, now.date())
    except ValueError:
        return flows.ask(texts.MEETING_BAD_WHEN.format(text=escape(turn.text[:40]),
                                                       example=example),
                         account, (cancel_row(state),))
    at = new_at or current.at
    if datetime.combine(new_on, at or time(23, 59)) <= now:
        return flows.ask(texts.MEETING_IN_PAST, account, (cancel_row(state),))
    if abs(new_on - regular) > MAX_SHIFT:
        return flows.ask(texts.MEETING_TOO_FAR.format(days=MAX_SHIFT.days,
                                                      date=format_date(regular)),
                         account, (cancel_row(state),))
    reach = await notice_store.reach(services.db, actor.club_id)
    state = await flows.begin(services, turn, actor, MEETING_FLOW, {
        **state.data, "step": "confirm", "action": "move", "new_on": new_on.isoformat(),
        "new_at": f"{at:%H:%M}" if at else None})
    text = texts.MEETING_CONFIRM_MOVE.format(
        old=format_weekday_date(current.on), new=format_weekday_date(new_on),
        time=_time_part(at), accounts=reach.accounts)
    return flows.ask(text, account, _confirm_rows(state))


def _confirm_rows(state: FlowState) -> tuple[tuple, ...]:
    return ((button(texts.BTN_AGREE, state, "ok", primary=True),), cancel_row(state))


async def _offer_meetings(turn: Turn, actor: BoardActor, services: Services) -> list[Reply]:
    upcoming = await meetings.upcoming(services.db, actor.club_id, services.now(), _SHOWN)
    if not upcoming:
        return [with_menu(texts.MEETING_NONE, actor.account)]
    state = await flows.begin(services, turn, actor, MEETING_FLOW,
                              {"step": "pick"})
    rows = [(button(_label(o), state, "pick", o.regular_on.isoformat()),) for o in upcoming]
    return flows.ask(texts.MEETING_PICK, actor.account, (*rows, cancel_row(state)))


def _label(occurrence: Occurrence) -> str:
    mark = (texts.MEETING_LABEL_CANCELLED if occurrence.cancelled
            else texts.MEETING_LABEL_MOVED if occurrence.moved else "")
    at = f" {occurrence.at:%H:%M}" if occurrence.at and not occurrence.cancelled else ""
    return f"{format_weekday_date(occurrence.on)}{at}{mark}"


async def _picked(turn: Turn, actor: BoardActor, tap: Tap,
                  services: Services) -> list[Reply]:
    try:
        regular = date.fromisoformat(tap.args[0])
    except (IndexError, ValueError):
        return [flows.stale(actor.account)]
    upcoming = await meetings.upcoming(services.db, actor.club_id, services.now(), _SHOWN * 2)
    chosen = next((o for o in upcoming if o.regular_on == regular), None)
    if chosen is None:  # not one of this club's coming meetings: forged or out of date
        return [flows.stale(actor.account)]
    state = await flows.begin(services, turn, actor, MEETING_FLOW, {
        "step": "action", "regular_on": regular.isoformat()})
    actions = [button(texts.BTN_MEETING_MOVE, state, "move")]
    if not chosen.cancelled:
        actions.append(button(texts.BTN_MEETING_CANCEL, state, "cancel"))
    rows: list[tuple] = [tuple(actions)]
    if chosen.cancelled or chosen.moved:
        rows.append((button(texts.BTN_MEETING_RESTORE, state, "restore"),))
    rows.append(cancel_row(state))
    text = texts.MEETING_WHAT.format(
        date=format_weekday_date(chosen.on), lunar=format_lunar(chosen.on),
        time=_time_part(chosen.at)) + (texts.MEETING_LABEL_CANCELLED if chosen.cancelled else "")
    return flows.ask(text, actor.account, tuple(rows))


async def _chose(turn: Turn, actor: BoardActor, state: FlowState, action: str,
                 services: Services) -> list[Reply]:
    regular = date.fromisoformat(state.data["regular_on"])
    current = await meetings.occurrence_of(services.db, actor.club_id, regular)
    if current is None:
        return [flows.stale(actor.account)]
    if action == "move":
        state = await flows.begin(services, turn, actor, MEETING_FLOW,
                                  {**state.data, "step": "when"})
        example = _when_example(regular + timedelta(days=2), current.at)
        return flows.ask(texts.MEETING_ASK_WHEN.format(example=example), actor.account,
                         (cancel_row(state),))
    state = await flows.begin(services, turn, actor, MEETING_FLOW,
                              {**state.data, "step": "confirm", "action": action})
    if action == "cancel":
        text = texts.MEETING_CONFIRM_CANCEL.format(date=format_weekday_date(current.on))
    else:
        schedule = await meetings.schedule(services.db, actor.club_id)
        assert schedule is not None
        text = texts.MEETING_CONFIRM_RESTORE.format(date=format_weekday_date(regular),
                                                    time=_time_part(schedule.rule.time))
    return flows.ask(text, actor.account, _confirm_rows(state))


async def _apply(turn: Turn, actor: BoardActor, state: FlowState,
                 services: Services) -> list[Reply]:
    data = state.data
    regular = date.fromisoformat(data["regular_on"])
    ticket = flows.ticket(turn, state, actor)
    now = services.now()
    try:
        if data["action"] == "move":
            new_at = time.fromisoformat(data["new_at"]) if data.get("new_at") else None
            after = await meetings.move(services.db, actor.club_id, regular,
                                        date.fromisoformat(data["new_on"]), new_at,
                                        actor=actor.label, now=now, ticket=ticket)
            done = texts.MEETING_MOVED.format(date=format_weekday_date(after.on),
                                              time=_time_part(after.at))
        elif data["action"] == "cancel":
            await meetings.cancel(services.db, actor.club_id, regular, actor=actor.label,
                                  now=now, ticket=ticket)
            done = texts.MEETING_CANCELLED.format(date=format_weekday_date(regular))
        else:
            after = await meetings.restore(services.db, actor.club_id, regular,
                                           actor=actor.label, now=now, ticket=ticket)
            done = texts.MEETING_RESTORED.format(date=format_weekday_date(after.on),
                                                 time=_time_part(after.at))
    except (AlreadyDone, NotInClub):  # a second tap on "agree"; a post lost meanwhile
        return [flows.stale(actor.account)]
    except MeetingChangeError as problem:
        await flows.finish(services, turn, state)
        if problem.reason == "past":
            return [with_menu(texts.MEETING_IN_PAST, actor.account)]
        return [flows.stale(actor.account)]
    await _replanned(services, actor.club_id)
    if acting_board_member(actor.account, Permission.NOTICES, actor.club_id) is None:
        return [with_menu(done, actor.account)]
    # The offer carries no conversation state: the notice is written from the
    # schedule as it stands when tapped.
    tell = Button(texts.BTN_TELL_CLUB,
                  f"{MEETING_FLOW}:0:tell:{regular.isoformat()}:{actor.club_id}")
    return flows.ask(done + "\n" + texts.MEETING_TELL_CLUB, actor.account, ((tell,),))


async def _tell_club(turn: Turn, account: Account, args: tuple[str, ...],
                     services: Services) -> list[Reply]:
    """A notice to the club about this meeting's change, ready to preview and send.

    The button names the club whose meeting changed: the notice is written by
    the account's post in that club, whichever member the phone shows now.
    """
    club_id = flows.number(args[1]) if len(args) == 2 else None
    if club_id is None:
        return [flows.stale(account)]
    teller = acting_board_member(account, Permission.NOTICES, club_id)
    if teller is None:
        return [refused(account)]
    try:
        regular = date.fromisoformat(args[0])
    except ValueError:
        return [flows.stale(account)]
    current = await meetings.occurrence_of(services.db, teller.club_id, regular)
    if current is None:
        return [flows.stale(account)]
    if current.cancelled:
        text = texts.MEETING_NOTICE_CANCELLED.format(date=format_weekday_date(regular))
    elif current.moved:
        text = texts.MEETING_NOTICE_MOVED.format(old=format_weekday_date(regular),
                                                 new=format_weekday_date(current.on),
                                                 time=_time_part(current.at))
    else:
        text = texts.MEETING_NOTICE_RESTORED.format(date=format_weekday_date(current.on),
                                                    time=_time_part(current.at))
    return await notices.preview(turn, teller, text, services)


# ---------------------------------------------------------------- 🏥 Thêm lịch khám


async def on_checkup_choice(turn: Turn, account: Account, services: Services) -> list[Reply]:
    async def open_checkup(actor: BoardActor) -> list[Reply]:
        state = await flows.begin(services, turn, actor, CHECKUP_FLOW,
                                  {"step": "when"})
        return _ask_when(state, account, services)

    found = await flows.board_tap(turn, account, services, flow=CHECKUP_FLOW,
                                  permission=Permission.MEETINGS, opening=open_checkup)
    if isinstance(found, list):
        return found
    actor, state, tap = found.actor, found.state, found.tap
    step = state.data.get("step")
    if tap.action == "what" and step == "what":
        return await _checkup_step(turn, actor, state, texts.CHECKUP_DEFAULT_WHAT, services)
    if tap.action == "place" and step == "place":
        return await _checkup_step(turn, actor, state, texts.CHECKUP_DEFAULT_PLACE, services)
    if tap.action == "ok" and step == "confirm":
        return await _add_checkup(turn, actor, state, services)
    return [flows.stale(account)]


async def on_checkup_text(turn: Turn, account: Account, state: FlowState,
                          services: Services) -> list[Reply]:
    actor = await flows.board_text(turn, account, state, services, Permission.MEETINGS)
    if isinstance(actor, list):
        return actor
    return await _checkup_step(turn, actor, state, turn.text, services)


def _ask_when(state: FlowState, account: Account, services: Services) -> list[Reply]:
    example = _when_example(services.now().date() + timedelta(days=7), time(7, 30))
    return flows.ask(texts.CHECKUP_ASK_WHEN.format(example=example), account,
                     (cancel_row(state),))


async def _checkup_step(turn: Turn, actor: BoardActor, state: FlowState, typed: str,
                        services: Services) -> list[Reply]:
    step, data, account = state.data.get("step"), dict(state.data), actor.account
    typed = " ".join(typed.split())[:_MAX_WORDS]
    if step == "when":
        now = services.now()
        try:
            on, at = parse_when(typed, now.date())
        except ValueError:
            example = _when_example(now.date() + timedelta(days=7), time(7, 30))
            return flows.ask(texts.MEETING_BAD_WHEN.format(text=escape(typed[:40]),
                                                           example=example),
                             account, (cancel_row(state),))
        if datetime.combine(on, at or time(23, 59)) <= now:
            return flows.ask(texts.MEETING_IN_PAST, account, (cancel_row(state),))
        data.update(step="what", on=on.isoformat(), at=f"{at:%H:%M}" if at else None)
        state = await flows.begin(services, turn, actor, CHECKUP_FLOW, data)
        return flows.ask(texts.CHECKUP_ASK_WHAT, account,
                         ((button(texts.BTN_CHECKUP_WHAT, state, "what"),), cancel_row(state)))
    if step == "what" and typed:
        data.update(step="place", what=typed)
        state = await flows.begin(services, turn, actor, CHECKUP_FLOW, data)
        return flows.ask(texts.CHECKUP_ASK_PLACE, account,
                         ((button(texts.BTN_CHECKUP_PLACE, state, "place"),), cancel_row(state)))
    if step == "place" and typed:
        data.update(step="confirm", place=typed)
        state = await flows.begin(services, turn, actor, CHECKUP_FLOW, data)
        reach = await notice_store.reach(services.db, actor.club_id)
        on = date.fromisoformat(data["on"])
        at = time.fromisoformat(data["at"]) if data.get("at") else None
        text = texts.CHECKUP_CONFIRM.format(
            what=escape(data["what"]), date=format_weekday_date(on), time=_time_part(at),
            place=escape(data["place"]), accounts=reach.accounts,
            before=say_durations(services.reminder_rules.checkup_before))
        return flows.ask(text, account, _confirm_rows(state))
    return flows.ask(texts.FLOW_TAP_A_BUTTON, account, (cancel_row(state),))


async def _add_checkup(turn: Turn, actor: BoardActor, state: FlowState,
                       services: Services) -> list[Reply]:
    data = state.data
    try:
        added = await meetings.add_checkup(
            services.db, actor.club_id, date.fromisoformat(data["on"]),
            time.fromisoformat(data["at"]) if data.get("at") else None, data["what"],
            data["place"], actor=actor.label, now=services.now(),
            ticket=flows.ticket(turn, state, actor))
    except (AlreadyDone, NotInClub):
        return [flows.stale(actor.account)]
    if added is None:
        return [with_menu(texts.CHECKUP_EXISTS, actor.account)]
    await _replanned(services, actor.club_id)
    return [with_menu(texts.CHECKUP_ADDED.format(
        before=say_durations(services.reminder_rules.checkup_before)), actor.account)]
