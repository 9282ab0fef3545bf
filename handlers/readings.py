"""🩺 Ghi huyết áp: at the meeting, the volunteer types "135/85 52" for a member.

Readings that cannot be real (300/20, 5 kg) are refused with the reason, so a
slip of the finger never lands in someone's health record.
"""

from __future__ import annotations

from html import escape

from club import texts
from club.health import BpLevel, ReadingError, classify, parse_blood_pressure, parse_weight_kg
from club.roles import Permission
from handlers import flows, member_picker
from handlers.board import BoardActor
from handlers.context import Services
from handlers.conversation import Reply, Turn
from handlers.flows import cancel_row
from handlers.menu import with_menu
from storage.accounts import Account
from storage.conversation import FlowState, NotInClub
from storage.health import record_reading
from storage.roster import RosterEntry

FLOW = "hr"

_REASONS = {
    "format": texts.HR_BAD_FORMAT,
    "systolic": texts.HR_BAD_SYSTOLIC,
    "diastolic": texts.HR_BAD_DIASTOLIC,
    "order": texts.HR_BAD_ORDER,
    "weight": texts.HR_BAD_WEIGHT,
}
# What the board is told under a high reading (nothing below grade 1).
_FLAGS = {
    BpLevel.GRADE_1: texts.HR_FLAG_GRADE_1,
    BpLevel.GRADE_2: texts.HR_FLAG_GRADE_2,
    BpLevel.GRADE_3: texts.HR_FLAG_GRADE_3,
}


async def on_choice(turn: Turn, account: Account, services: Services) -> list[Reply]:
    step = await flows.board_tap(turn, account, services, flow=FLOW,
                                 permission=Permission.HEALTH, opening=texts.HR_WHO)
    if isinstance(step, list):
        return step
    actor, tap = step.actor, step.tap
    if tap.action == member_picker.PICK_ACTION:
        member = await member_picker.picked(actor, tap.args, services)
        if member is None:
            return [flows.stale(account)]
        return await _ask_reading(turn, actor, member, services)
    return [flows.stale(account)]


async def on_text(turn: Turn, account: Account, state: FlowState,
                  services: Services) -> list[Reply]:
    actor = await flows.board_text(turn, account, state, services, Permission.HEALTH)
    if isinstance(actor, list):
        return actor
    if state.data.get("step") == "member":
        found = await member_picker.search(actor, state, turn.text, services)
        if isinstance(found, list):
            return found
        return await _ask_reading(turn, actor, found, services)
    return await _reading(turn, actor, state, services)


async def _ask_reading(turn: Turn, actor: BoardActor, member: RosterEntry,
                       services: Services) -> list[Reply]:
    state = await flows.begin(services, turn, actor, FLOW, {
        "step": "reading", "member_id": member.id, "name": member.name})
    return flows.ask(texts.HR_ASK.format(name=escape(member.name)), actor.account,
                     (cancel_row(state),))


async def _reading(turn: Turn, actor: BoardActor, state: FlowState,
                   services: Services) -> list[Reply]:
    words = turn.text.replace(",", ".").split() if "/" in turn.text else []
    try:
        if not words:
            raise ReadingError("format", turn.text)
        bp = parse_blood_pressure(words[0])
        weight = parse_weight_kg(" ".join(words[1:])) if len(words) > 1 else None
    except ReadingError as problem:
        return flows.ask(_REASONS[problem.reason].format(text=escape(turn.text[:30])),
                         actor.account, (cancel_row(state),))
    now = services.now()
    weight_dg = round(weight * 10) if weight is not None else None
    try:
        replaced = await record_reading(
            services.db, club_id=actor.club_id, member_id=state.data["member_id"],
            day=now.date(), systolic=bp.systolic, diastolic=bp.diastolic, weight_dg=weight_dg,
            actor=actor.label, now=now)
    except NotInClub:  # the member is not of the flow's club: nothing written
        return [flows.stale(actor.account)]
    # Stay on this tool: the next member's name can be typed straight away.
    await flows.begin(services, turn, actor, FLOW, {"step": "member"})
    lines = [texts.HR_SAVED.format(
        name=escape(state.data["name"]), bp=str(bp),
        weight=texts.HR_SAVED_WEIGHT.format(kg=f"{weight:g}".replace(".", ","))
        if weight is not None else "")]
    if replaced:
        lines.append(texts.HR_REPLACED)
    flag = _FLAGS.get(classify(bp))
    if flag is not None:
        lines.append(flag)
    lines.append(texts.HR_NEXT)
    return [with_menu("\n".join(lines), actor.account)]
