"""🏠 Chăm sóc tại nhà, for the board: who needs home visits, by whom, how often.

The chair, vice-chair and secretary (Permission.CARE) see every member who
needs care with her volunteer, rhythm and when she is due, and the visits
that found "🤝 Cần hỗ trợ" since the last meeting — the list for the next
one. A tap on a name (or ➕ and a typed name) gives her a volunteer and a
rhythm of 1, 2 or 4 weeks, which also marks her "cần chăm sóc tại nhà" in
the roster's "Hoàn cảnh"; "🚫 Không cần thăm nữa" clears it. Each change is
one transaction with the flow step, audited (storage.care).
"""

from __future__ import annotations

from datetime import timedelta
from html import escape

from club import texts
from club.calendar import format_date
from club.care import DEFAULT_RHYTHM_WEEKS, RHYTHMS, when_due
from club.roles import Permission
from handlers import flows, member_picker
from handlers.board import BoardActor
from handlers.context import Services
from handlers.conversation import Reply, Rows, Turn
from handlers.flows import button, cancel_row
from handlers.menu import with_menu
from storage import care
from storage.accounts import Account
from storage.club_scope import NotInClub
from storage.conversation import AlreadyDone, FlowState
from storage.roster import RosterEntry

FLOW = "cc"


async def on_choice(turn: Turn, account: Account, services: Services) -> list[Reply]:
    async def opening(actor: BoardActor) -> list[Reply]:
        return await _overview(turn, actor, services)

    step = await flows.board_tap(turn, account, services, flow=FLOW,
                                 permission=Permission.CARE, opening=opening)
    if isinstance(step, list):
        return step
    actor, tap, state = step.actor, step.tap, step.state
    where = state.data.get("step")
    if tap.action == "add" and where == "overview":
        asking = await flows.begin(services, turn, actor, FLOW, {"step": "member"})
        return flows.ask(texts.CC_WHO, account, (cancel_row(asking),))
    if tap.action == member_picker.PICK_ACTION and where in ("overview", "member"):
        return await member_picker.tapped(turn, actor, tap.args, services, _ask_volunteer)
    if tap.action == "w" and where == "volunteer" and tap.args:
        chosen = flows.number(tap.args[0])
        found = dict(await care.volunteers(services.db, actor.club_id))
        if chosen is None or chosen not in found or chosen == state.data["member_id"]:
            return [with_menu(texts.CC_NOT_VOLUNTEER, account)]
        return await _ask_rhythm(turn, actor, state, chosen, found[chosen], services)
    if tap.action == "r" and where == "rhythm" and tap.args and tap.args[0] in map(str, RHYTHMS):
        return await _save(turn, actor, state, int(tap.args[0]), services)
    if tap.action == "stop" and where == "volunteer":
        asking = await flows.begin(services, turn, actor, FLOW, {**state.data, "step": "stop"})
        return flows.ask(texts.CC_ASK_STOP.format(name=escape(state.data["name"])), account,
                         ((button(texts.BTN_CC_STOP_YES, asking, "sy"),), cancel_row(asking)))
    if tap.action == "sy" and where == "stop":
        return await _stop(turn, actor, state, services)
    return [flows.stale(account)]


async def on_text(turn: Turn, account: Account, state: FlowState,
                  services: Services) -> list[Reply]:
    actor = await flows.board_text(turn, account, state, services, Permission.CARE)
    if isinstance(actor, list):
        return actor
    if state.data.get("step") == "member":
        return await member_picker.typed(turn, actor, state, services, _ask_volunteer)
    return [with_menu(texts.FLOW_TAP_A_BUTTON, account)]


async def _overview(turn: Turn, actor: BoardActor, services: Services) -> list[Reply]:
    today = services.now().date()
    plans = await care.club_plans(services.db, actor.club_id)
    state = await flows.begin(services, turn, actor, FLOW, {"step": "overview"})
    lines = [texts.CC_HEAD.format(count=len(plans)) if plans else texts.CC_NONE]
    for plan in plans:
        if plan.volunteer_id is None:
            said = texts.CC_NO_VOLUNTEER
        else:
            said = texts.CC_PLAN.format(
                volunteer=escape(plan.volunteer_name), weeks=plan.rhythm_weeks,
                last=format_date(plan.last_visit) if plan.last_visit
                else texts.CARE_NEVER_VISITED,
                due=when_due(plan.due, today) if plan.due else "—")
        lines.append(texts.CC_ITEM.format(name=escape(plan.name),
                                          team=escape(plan.team or "—"), plan=said))
    lines += await for_next_meeting(services, actor.club_id)
    if plans:
        lines.append(texts.CC_HOW)
    rows: Rows = tuple((button(p.name, state, member_picker.PICK_ACTION, p.member_id),)
                       for p in plans)
    rows += ((button(texts.BTN_CC_ADD, state, "add"),), cancel_row(state))
    return flows.ask("\n".join(lines), actor.account, rows)


async def for_next_meeting(services: Services, club_id: int) -> list[str]:
    """The visits that found "🤝 Cần hỗ trợ" since the last meeting, for the next
    one (also shown when the board writes the next meeting's topic)."""
    helping = await care.recent_needing_help(services.db, club_id, services.now().date())
    if not helping:
        return []
    return ["", texts.CC_HELP_HEAD] + [texts.CC_HELP_ITEM.format(
        date=f"{v.visited_on:%d/%m}", name=escape(v.name),
        note=f": {escape(v.note)}" if v.note else "",
        volunteer=escape(v.volunteer_name or "—")) for v in helping]


async def _ask_volunteer(turn: Turn, actor: BoardActor, member: RosterEntry,
                         services: Services) -> list[Reply]:
    choices = [(i, name) for i, name in await care.volunteers(services.db, actor.club_id)
               if i != member.id]
    # Whoever visited her last (imported ThamHoi rows are the history) comes first.
    last = await care.last_visitor(services.db, member.id)
    choices.sort(key=lambda c: c[0] != last)
    if not choices:
        state = await services.reader.flow(turn.channel, turn.account_id)
        if state is not None and state.flow == FLOW:
            await flows.finish(services, turn, state)
        return [with_menu(texts.CC_NO_VOLUNTEERS, actor.account)]
    plans = {p.member_id: p for p in await care.club_plans(services.db, actor.club_id)}
    state = await flows.begin(services, turn, actor, FLOW, {
        "step": "volunteer", "member_id": member.id, "name": member.name})
    rows: Rows = tuple((button(name, state, "w", i),) for i, name in choices)
    if member.id in plans:
        rows += ((button(texts.BTN_CC_STOP, state, "stop"),),)
    rows += (cancel_row(state),)
    return flows.ask(texts.CC_PICK_VOLUNTEER.format(name=escape(member.name)), actor.account,
                     rows)


async def _ask_rhythm(turn: Turn, actor: BoardActor, state: FlowState, volunteer_id: int,
                      volunteer: str, services: Services) -> list[Reply]:
    asking = await flows.begin(services, turn, actor, FLOW, {
        **state.data, "step": "rhythm", "volunteer_id": volunteer_id, "volunteer": volunteer})
    rows: Rows = (tuple(button(texts.BTN_CC_RHYTHM.format(weeks=weeks), asking, "r", weeks,
                               primary=weeks == DEFAULT_RHYTHM_WEEKS) for weeks in RHYTHMS),
                  cancel_row(asking))
    return flows.ask(texts.CC_PICK_RHYTHM.format(volunteer=escape(volunteer),
                                                 name=escape(state.data["name"])),
                     actor.account, rows)


async def _save(turn: Turn, actor: BoardActor, state: FlowState, weeks: int,
                services: Services) -> list[Reply]:
    now = services.now()
    try:
        await care.set_plan(services.db, ticket=flows.ticket(turn, state, actor),
                            member_id=state.data["member_id"],
                            volunteer_id=state.data["volunteer_id"], rhythm_weeks=weeks,
                            actor=actor.label, now=now)
    except (AlreadyDone, NotInClub):
        return [flows.stale(actor.account)]
    if services.outbox_ready is not None:
        services.outbox_ready()
    if services.replan_club is not None:
        await services.replan_club(actor.club_id)
    plan = next((p for p in await care.club_plans(services.db, actor.club_id)
                 if p.member_id == state.data["member_id"]), None)
    due = plan.due if plan is not None and plan.due else now.date() + timedelta(weeks=weeks)
    return [with_menu(texts.CC_SAVED.format(
        volunteer=escape(state.data["volunteer"]), name=escape(state.data["name"]),
        weeks=weeks, date=format_date(due)), actor.account)]


async def _stop(turn: Turn, actor: BoardActor, state: FlowState,
                services: Services) -> list[Reply]:
    try:
        await care.clear_care(services.db, ticket=flows.ticket(turn, state, actor),
                              member_id=state.data["member_id"], actor=actor.label,
                              now=services.now())
    except (AlreadyDone, NotInClub):
        return [flows.stale(actor.account)]
    return [with_menu(texts.CC_STOPPED.format(name=escape(state.data["name"])), actor.account)]
