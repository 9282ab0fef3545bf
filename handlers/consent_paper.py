"""📝 Giấy đồng ý: the board records a member's signed paper consent form.

Many members agree at a meeting, on a form they sign in front of a witness;
the board then records it here — who, the date on the form, the witness —
and the member's own accounts are told what was recorded in her name. The
paper stays in the club's files. Reached from the board's menu, or from
"🩺 Ghi huyết áp" when the member in front of the board has already signed.
"""

from __future__ import annotations

from datetime import date, timedelta
from html import escape

from club import texts
from club.calendar import format_date, parse_date
from club.roles import Permission
from handlers import flows, member_picker
from handlers.board import BoardActor
from handlers.context import Services
from handlers.conversation import Reply, Turn
from handlers.flows import button, cancel_row
from handlers.menu import with_menu
from storage import consent
from storage.accounts import Account
from storage.club_scope import NotInClub
from storage.consent import Decision, How, MemberLeft
from storage.conversation import AlreadyDone, FlowState
from storage.roster import RosterEntry

FLOW = "cp"
SAVE = "save"
MAX_WITNESS = 60


async def on_choice(turn: Turn, account: Account, services: Services) -> list[Reply]:
    step = await flows.board_tap(turn, account, services, flow=FLOW,
                                 permission=Permission.HEALTH, opening=texts.CP_WHO)
    if isinstance(step, list):
        return step
    actor, tap, state = step.actor, step.tap, step.state
    if tap.action == member_picker.PICK_ACTION:
        return await member_picker.tapped(turn, actor, tap.args, services, ask_date)
    if tap.action == SAVE and state.data.get("step") == "confirm":
        return await _save(turn, actor, state, services)
    return [flows.stale(account)]


async def on_text(turn: Turn, account: Account, state: FlowState,
                  services: Services) -> list[Reply]:
    actor = await flows.board_text(turn, account, state, services, Permission.HEALTH)
    if isinstance(actor, list):
        return actor
    step = state.data.get("step")
    if step == "member":
        return await member_picker.typed(turn, actor, state, services, ask_date)
    if step == "date":
        return await _date(turn, actor, state, services)
    if step == "witness":
        return await _witness(turn, actor, state, services)
    return flows.ask(texts.FLOW_TAP_A_BUTTON, account, _confirm_rows(state))


def _example(services: Services) -> str:
    return (services.now().date() - timedelta(days=3)).strftime("%d/%m/%Y")


async def ask_date(turn: Turn, actor: BoardActor, member: RosterEntry, services: Services, *,
                   then_reading: bool = False) -> list[Reply]:
    state = await flows.begin(services, turn, actor, FLOW, {
        "step": "date", "member_id": member.id, "code": member.code, "name": member.name,
        "then_reading": then_reading})
    return flows.ask(texts.CP_DATE.format(name=escape(member.name), example=_example(services)),
                     actor.account, (cancel_row(state),))


async def _date(turn: Turn, actor: BoardActor, state: FlowState,
                services: Services) -> list[Reply]:
    try:
        signed = parse_date(turn.text)
    except ValueError:
        return flows.ask(texts.CP_BAD_DATE.format(text=escape(turn.text.strip()[:30]),
                                                  example=_example(services)),
                         actor.account, (cancel_row(state),))
    if signed > services.now().date():
        return flows.ask(texts.CP_FUTURE_DATE, actor.account, (cancel_row(state),))
    state = await flows.begin(services, turn, actor, FLOW, {
        **state.data, "step": "witness", "signed_on": signed.isoformat()})
    return flows.ask(texts.CP_WITNESS.format(name=escape(state.data["name"])), actor.account,
                     (cancel_row(state),))


async def _witness(turn: Turn, actor: BoardActor, state: FlowState,
                   services: Services) -> list[Reply]:
    witness = " ".join(turn.text.split())[:MAX_WITNESS]
    if sum(ch.isalpha() for ch in witness) < 2:
        return flows.ask(texts.CP_WITNESS_EMPTY, actor.account, (cancel_row(state),))
    state = await flows.begin(services, turn, actor, FLOW, {
        **state.data, "step": "confirm", "witness": witness})
    return flows.ask(texts.CP_CONFIRM.format(
        name=escape(state.data["name"]), witness=escape(witness),
        date=format_date(date.fromisoformat(state.data["signed_on"]))),
        actor.account, _confirm_rows(state))


def _confirm_rows(state: FlowState) -> tuple[tuple, ...]:
    return ((button(texts.BTN_CP_SAVE, state, SAVE, primary=True),), cancel_row(state))


async def _save(turn: Turn, actor: BoardActor, state: FlowState,
                services: Services) -> list[Reply]:
    name = state.data["name"]
    signed = date.fromisoformat(state.data["signed_on"])
    try:
        await consent.record(
            services.db, member_id=state.data["member_id"], decision=Decision.AGREE,
            how=How.PAPER, actor=actor.label, now=services.now(), signed_on=signed,
            witness=state.data["witness"],
            notice=texts.CONSENT_NOTICE_PAPER.format(name=escape(name),
                                                     date=format_date(signed)),
            ticket=flows.ticket(turn, state, actor))
    except AlreadyDone:
        return [with_menu(texts.CB_ALREADY, actor.account)]
    except NotInClub:  # the member is not of the flow's club: nothing written
        return [flows.stale(actor.account)]
    except MemberLeft:
        return [with_menu(texts.CONSENT_MEMBER_LEFT.format(name=escape(name)), actor.account)]
    if services.outbox_ready is not None:
        services.outbox_ready()
    done = texts.CP_DONE.format(name=escape(name))
    if state.data.get("then_reading"):
        # Back to "🩺 Ghi huyết áp" for her; imported here, since that tool opens this one.
        from handlers import readings

        member = RosterEntry(state.data["member_id"], state.data.get("code", ""), name)
        [asked] = await readings.ask_reading(turn, actor, member, services)
        return [with_menu(done + "\n" + asked.text, actor.account, choices=asked.choices)]
    return [with_menu(done, actor.account)]
