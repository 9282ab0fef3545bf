"""🔒 Dữ liệu thành viên: the chair's side of members' data.

The chair sees the requests waiting (corrections, deletions), confirms a
deletion after seeing exactly what goes and what stays, records that a
correction was made (the member is told), deletes a member's data on her
behalf (the request is recorded as met at once), and reads the club's log of
who looked at members' health data. Only the chair holds this post's
permission (club/roles.py); every step checks it again on the server.
"""

from __future__ import annotations

from datetime import date, datetime
from html import escape

from club import texts
from club.calendar import format_date
from club.roles import Permission
from handlers import flows, member_picker
from handlers.board import BoardActor
from handlers.context import Services
from handlers.conversation import Button, Reply, Rows, Turn
from handlers.flows import Tap, button, cancel_row
from handlers.menu import with_menu
from storage import access_log, forget
from storage.accounts import Account
from storage.club_scope import NotInClub
from storage.conversation import AlreadyDone, FlowState
from storage.my_data import viewer_words
from storage.roster import RosterEntry

FLOW = "pb"
SHOWN_LOG = 30
SHOWN_REQUESTS = 8


async def on_choice(turn: Turn, account: Account, services: Services) -> list[Reply]:
    async def opening(actor: BoardActor) -> list[Reply]:
        return await _menu(turn, actor, services)

    step = await flows.board_tap(turn, account, services, flow=FLOW,
                                 permission=Permission.PRIVACY, opening=opening)
    if isinstance(step, list):
        return step
    actor, tap, state = step.actor, step.tap, step.state
    if tap.action == "req":
        return await _requests(turn, actor, services)
    if tap.action == "log":
        return await _log(actor, services)
    if tap.action == "who":
        state = await flows.begin(services, turn, actor, FLOW, {"step": "member"})
        return flows.ask(texts.PB_FORGET_WHO, account, (cancel_row(state),))
    if tap.action == member_picker.PICK_ACTION:
        return await member_picker.tapped(turn, actor, tap.args, services, _chosen)
    if tap.action in ("del", "fix"):
        return await _request_tap(turn, actor, state, tap, services)
    if tap.action == "go" and state.data.get("step") == "confirm":
        return await _forget(turn, actor, state, services)
    return [flows.stale(account)]


async def on_text(turn: Turn, account: Account, state: FlowState,
                  services: Services) -> list[Reply]:
    actor = await flows.board_text(turn, account, state, services, Permission.PRIVACY)
    if isinstance(actor, list):
        return actor
    if state.data.get("step") == "member":
        return await member_picker.typed(turn, actor, state, services, _chosen)
    return flows.ask(texts.FLOW_TAP_A_BUTTON, account, (cancel_row(state),))


def _when(stamp: str) -> str:
    return datetime.fromisoformat(stamp).strftime("%H:%M %d/%m/%Y")


async def _menu(turn: Turn, actor: BoardActor, services: Services) -> list[Reply]:
    waiting = await forget.open_requests(services.db, actor.club_id)
    state = await flows.begin(services, turn, actor, FLOW, {"step": "menu"})
    rows: Rows = ((button(texts.BTN_PB_REQUESTS.format(count=len(waiting)), state, "req"),),
                  (button(texts.BTN_PB_FORGET, state, "who"),),
                  (button(texts.BTN_PB_LOG, state, "log"),),
                  cancel_row(state))
    return flows.ask(texts.PB_MENU, actor.account, rows)


async def _requests(turn: Turn, actor: BoardActor, services: Services) -> list[Reply]:
    waiting = await forget.open_requests(services.db, actor.club_id)
    if not waiting:
        return [with_menu(texts.PB_NO_REQUESTS, actor.account)]
    state = await flows.begin(services, turn, actor, FLOW, {"step": "requests"})
    lines = [texts.PB_REQUESTS_HEAD]
    rows: list[tuple[Button, ...]] = []
    for request in waiting[:SHOWN_REQUESTS]:
        detail = texts.PB_REQUEST_DETAIL.format(detail=escape(request.detail)) \
            if request.detail else ""
        lines.append(texts.PB_REQUEST_LINE.format(
            when=_when(request.requested_at), name=escape(request.member_name),
            code=escape(request.member_code), kind=texts.MD_REQUEST_KIND[request.kind],
            detail=detail))
        if request.kind == forget.DELETE:
            rows.append((button(texts.BTN_PB_DO_DELETE.format(name=request.member_name),
                                state, "del", request.id),))
        else:
            rows.append((button(texts.BTN_PB_CORRECTED.format(name=request.member_name),
                                state, "fix", request.id),))
    rows.append(cancel_row(state))
    return flows.ask("\n".join(lines), actor.account, tuple(rows))


async def _request_tap(turn: Turn, actor: BoardActor, state: FlowState, tap: Tap,
                       services: Services) -> list[Reply]:
    request_id = flows.number(tap.args[0]) if tap.args else None
    if request_id is None:
        return [flows.stale(actor.account)]
    request = await forget.find_request(services.db, request_id, actor.club_id)
    if request is None:
        return [with_menu(texts.PB_REQUEST_GONE, actor.account)]
    if tap.action == "del":
        member = RosterEntry(request.member_id, request.member_code, request.member_name)
        return await _confirm(turn, actor, member, request.id, services)
    now = services.now()
    try:
        met = await forget.meet_correction(
            services.db, request, actor=actor.label, now=now,
            notice=texts.CORRECTION_MET_NOTICE.format(name=escape(request.member_name),
                                                      date=format_date(now.date())),
            ticket=flows.ticket(turn, state, actor))
    except (AlreadyDone, NotInClub):  # a second tap, or a request not of the flow's club
        met = False
    if not met:
        return [with_menu(texts.PB_REQUEST_GONE, actor.account)]
    if services.outbox_ready is not None:
        services.outbox_ready()
    return [with_menu(texts.PB_CORRECTED.format(name=escape(request.member_name)),
                      actor.account)]


async def _confirm(turn: Turn, actor: BoardActor, member: RosterEntry, request_id: int | None,
                   services: Services) -> list[Reply]:
    found = await forget.preview(services.db, member.id)
    if found is None:
        return [flows.stale(actor.account)]
    name = escape(found.name)
    if found.already:
        left = await services.db.fetchone("SELECT left_on FROM members WHERE id = ?",
                                          (member.id,))
        return [with_menu(texts.PB_ALREADY_FORGOTTEN.format(
            name=name, date=format_date(date.fromisoformat(left[0]))), actor.account)]
    state = await flows.begin(services, turn, actor, FLOW, {
        "step": "confirm", "member_id": member.id, "request_id": request_id})
    return flows.ask(texts.PB_FORGET_CONFIRM.format(
        name=name, code=escape(found.code), readings=found.readings,
        phone=texts.PB_PHONE if found.phone else texts.PB_NO_PHONE, links=found.links,
        messages=found.messages, cash=found.cash_lines, loans=found.loans),
        actor.account, ((button(texts.BTN_PB_FORGET_YES, state, "go", primary=True),),
                        cancel_row(state)))


async def _forget(turn: Turn, actor: BoardActor, state: FlowState,
                  services: Services) -> list[Reply]:
    now = services.now()
    try:
        done = await forget.forget(
            services.db, member_id=state.data["member_id"], actor=actor.label, now=now,
            request_id=state.data.get("request_id"), ticket=flows.ticket(turn, state, actor))
    except AlreadyDone:
        return [with_menu(texts.CB_ALREADY, actor.account)]
    except (NotInClub, LookupError):  # not of the flow's club: nothing written
        return [flows.stale(actor.account)]
    return [with_menu(texts.PB_FORGOTTEN.format(name=escape(done.name), code=escape(done.code),
                                                date=format_date(now.date())), actor.account)]


async def _log(actor: BoardActor, services: Services) -> list[Reply]:
    found = await access_log.of_club(services.db, actor.club_id, limit=SHOWN_LOG)
    if not found:
        return [with_menu(texts.PB_LOG_NONE, actor.account)]
    lines = [texts.PB_LOG_HEAD]
    for view in found:
        lines.append(texts.PB_LOG_LINE.format(
            when=_when(view.at), viewer=escape(viewer_words(view)),
            what=texts.MD_WHAT_SEEN.get(view.what, view.what), member=escape(view.member_name)))
    return [with_menu("\n".join(lines), actor.account)]


async def _chosen(turn: Turn, actor: BoardActor, member: RosterEntry,
                  services: Services) -> list[Reply]:
    """The member picked, by her button or by typing her name."""
    return await _confirm(turn, actor, member, None, services)
