"""🩺 Ghi huyết áp: at the meeting, the volunteer types "135/85 52" for a member.

Readings that cannot be real (300/20, 5 kg) are refused with the reason, so a
slip of the finger never lands in someone's health record.

Nothing is recorded for a member who has not agreed to the club keeping her
health readings. The board is told why, and — she is usually standing there
— given the three lines to read to her and her answer to tap ("✅ Đồng ý",
"Không đồng ý"), or the signed paper form to record (handlers/consent_paper.py).
Her answer reaches her own accounts too. With her consent, her previous
reading is shown to compare; that look is written to the access log.
"""

from __future__ import annotations

from datetime import date
from html import escape

from club import address, texts
from club.calendar import format_date
from club.health import (
    BloodPressure,
    BpLevel,
    ReadingError,
    classify,
    parse_blood_pressure,
    parse_weight_kg,
)
from club.roles import Permission
from handlers import consent_paper, flows, member_picker
from handlers.board import BoardActor
from handlers.context import Services
from handlers.conversation import Reply, Turn
from handlers.flows import button, cancel_row
from handlers.menu import with_menu
from storage import access_log, consent, roster
from storage.accounts import Account
from storage.club_scope import NotInClub
from storage.consent import Decision, How, MemberLeft
from storage.conversation import AlreadyDone, FlowState
from storage.health import NoConsent, last_reading, record_reading
from storage.roster import RosterEntry

FLOW = "hr"

_REASONS = {
    "format": texts.HR_BAD_FORMAT,
    "systolic": texts.HR_BAD_SYSTOLIC,
    "diastolic": texts.HR_BAD_DIASTOLIC,
    "order": texts.HR_BAD_ORDER,
    "weight": texts.HR_BAD_WEIGHT,
}
AGREED, DECLINED, PAPER = "agree", "decline", "paper"
# What the board is told under a high reading (nothing below grade 1).
_FLAGS = {
    BpLevel.GRADE_1: texts.HR_FLAG_GRADE_1,
    BpLevel.GRADE_2: texts.HR_FLAG_GRADE_2,
    BpLevel.GRADE_3: texts.HR_FLAG_GRADE_3,
}


def parse_typed(text: str) -> tuple[BloodPressure, float | None] | str:
    """"135/85 52" as typed: the reading, or the sentence saying why it is refused
    (also for a volunteer's reading on a home visit, handlers/care.py)."""
    words = text.replace(",", ".").split() if "/" in text else []
    try:
        if not words:
            raise ReadingError("format", text)
        bp = parse_blood_pressure(words[0])
        weight = parse_weight_kg(" ".join(words[1:])) if len(words) > 1 else None
    except ReadingError as problem:
        return _REASONS[problem.reason].format(text=escape(text[:30]))
    return bp, weight


def flag_of(bp: BloodPressure) -> str | None:
    """What is said under a high reading (nothing below grade 1)."""
    return _FLAGS.get(classify(bp))


async def on_choice(turn: Turn, account: Account, services: Services) -> list[Reply]:
    step = await flows.board_tap(turn, account, services, flow=FLOW,
                                 permission=Permission.HEALTH, opening=texts.HR_WHO)
    if isinstance(step, list):
        return step
    actor, tap, state = step.actor, step.tap, step.state
    if tap.action == member_picker.PICK_ACTION:
        return await member_picker.tapped(turn, actor, tap.args, services, _ask_reading)
    if tap.action in (AGREED, DECLINED) and state.data.get("step") == "consent":
        return await _answered(turn, actor, state, services, agreed=tap.action == AGREED)
    if tap.action == PAPER and state.data.get("step") == "consent":
        member = RosterEntry(state.data["member_id"], state.data.get("code", ""),
                             state.data["name"])
        return await consent_paper.ask_date(turn, actor, member, services, then_reading=True)
    return [flows.stale(account)]


async def on_text(turn: Turn, account: Account, state: FlowState,
                  services: Services) -> list[Reply]:
    actor = await flows.board_text(turn, account, state, services, Permission.HEALTH)
    if isinstance(actor, list):
        return actor
    if state.data.get("step") == "member":
        return await member_picker.typed(turn, actor, state, services, _ask_reading)
    if state.data.get("step") == "consent":
        return flows.ask(texts.FLOW_TAP_A_BUTTON, actor.account, _consent_rows(state))
    return await _reading(turn, actor, state, services)


async def ask_reading(turn: Turn, actor: BoardActor, member: RosterEntry,
                      services: Services) -> list[Reply]:
    """The question for her reading, once she agreed (also after a paper form)."""
    return await _ask_reading(turn, actor, member, services)


async def _ask_reading(turn: Turn, actor: BoardActor, member: RosterEntry,
                       services: Services) -> list[Reply]:
    name = escape(member.name)
    current = await consent.latest(services.db, member.id)
    if current is not None and current.how is How.FORGET:  # her data was deleted
        await flows.begin(services, turn, actor, FLOW, {"step": "member"})
        return [with_menu(texts.CONSENT_MEMBER_LEFT.format(name=name) + "\n" + texts.HR_NEXT,
                          actor.account)]
    if current is None or not current.given:
        state = await flows.begin(services, turn, actor, FLOW, {
            "step": "consent", "member_id": member.id, "code": member.code,
            "name": member.name})
        if current is None:
            why = texts.HR_NO_CONSENT.format(name=name)
        else:
            why = texts.HR_REFUSED_CONSENT.format(
                name=name, date=format_date(date.fromisoformat(current.at[:10])))
        # Read out to her: the words call her as the bot does.
        called = address.fields(
            await roster.title_of(services.db, member.id, services.now().date()))
        lines = [why, texts.HR_ASK_CONSENT.format(name=name),
                 texts.HEALTH_CONSENT_WORDS.format(**called),
                 texts.HEALTH_CONSENT_QUESTION.format(**called)]
        return flows.ask("\n".join(lines), actor.account, _consent_rows(state))
    state = await flows.begin(services, turn, actor, FLOW, {
        "step": "reading", "member_id": member.id, "name": member.name})
    lines = [texts.HR_ASK.format(name=name)]
    previous = await last_reading(services.db, member.id)
    if previous is not None:
        lines.append(texts.HR_LAST.format(
            bp=previous.bp or "—", weight=texts.HR_SAVED_WEIGHT.format(kg=previous.kg)
            if previous.kg else "", date=format_date(date.fromisoformat(previous.taken_on))))
        # The board saw her previous reading: whose, by whom, when (not the values).
        await access_log.record(
            services.db, club_id=actor.club_id, member_id=member.id,
            viewer_kind=access_log.BOARD, viewer_member_id=actor.member_id,
            viewer=f"{turn.channel}:{turn.account_id}", what=access_log.LAST_READING,
            now=services.now())
    return flows.ask("\n".join(lines), actor.account, (cancel_row(state),))


def _consent_rows(state: FlowState) -> tuple[tuple, ...]:
    return ((button(texts.BTN_CONSENT_YES, state, AGREED),
             button(texts.BTN_CONSENT_NO, state, DECLINED)),
            (button(texts.BTN_HR_PAPER, state, PAPER),),
            cancel_row(state))


async def _answered(turn: Turn, actor: BoardActor, state: FlowState, services: Services, *,
                    agreed: bool) -> list[Reply]:
    """She answered the board member in person; the answer reaches her accounts too."""
    now = services.now()
    name = state.data["name"]
    notice = texts.CONSENT_NOTICE_IN_PERSON.format(
        name=escape(name), actor=escape(actor.name), date=format_date(now.date())
    ) if agreed else None
    try:
        await consent.record(
            services.db, member_id=state.data["member_id"],
            decision=Decision.AGREE if agreed else Decision.DECLINE, how=How.IN_PERSON,
            actor=actor.label, now=now, witness=actor.name, notice=notice,
            ticket=flows.ticket(turn, state, actor))
    except (AlreadyDone, NotInClub):  # a second tap, or a member not of the flow's club
        return [flows.stale(actor.account)]
    except MemberLeft:
        await flows.begin(services, turn, actor, FLOW, {"step": "member"})
        return [with_menu(texts.CONSENT_MEMBER_LEFT.format(name=escape(name)), actor.account)]
    if services.outbox_ready is not None and notice is not None:
        services.outbox_ready()
    if not agreed:
        await flows.begin(services, turn, actor, FLOW, {"step": "member"})
        return [with_menu(texts.HR_CONSENT_NOT_GIVEN.format(name=escape(name)) + "\n"
                          + texts.HR_NEXT, actor.account)]
    member = RosterEntry(state.data["member_id"], state.data.get("code", ""), name)
    [asked] = await _ask_reading(turn, actor, member, services)
    return [with_menu(texts.HR_CONSENT_GIVEN.format(name=escape(name)) + "\n" + asked.text,
                      actor.account, choices=asked.choices)]


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
    except NoConsent:  # withdrawn since the question was asked
        await flows.begin(services, turn, actor, FLOW, {"step": "member"})
        return [with_menu(texts.HR_NO_CONSENT.format(name=escape(state.data["name"])) + "\n"
                          + texts.HR_NEXT, actor.account)]
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
