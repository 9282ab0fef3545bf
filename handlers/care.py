"""🏠 Thăm hỏi: the home-care volunteer's list, and a visit logged in two taps.

A volunteer of 60 visiting five neighbours a fortnight wants to see who is
due, tap the name of the one she just left, tap how she found her — and be
done. A note and a blood-pressure reading may follow; neither is asked for.
"🚑 Cần báo y tế" reaches the chair and the vice-chair at once.

The volunteer is a member marked "Tình nguyện viên" in the roster, linked as
herself (a relative helping her does not visit for her). She sees the names,
groups and phones of the members assigned to her, and nothing of anyone's
money. Every step checks again, on the server, that the account is still that
volunteer's and the member still hers to visit (storage.care, in the write's
transaction); button data proves nothing, and a step already taken (a second
tap) records nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from html import escape

from club import address, texts
from club.calendar import format_date
from club.care import VisitStatus, when_due
from club.phone import format_phone
from handlers import flows, readings
from handlers.context import Services
from handlers.conversation import Button, Reply, Rows, Turn
from handlers.flows import button, cancel_row
from handlers.menu import with_menu
from storage import access_log, care, consent
from storage.accounts import Account, LinkedMember
from storage.club_scope import NotInClub
from storage.conversation import AlreadyDone, FlowState, FlowTicket, save_state
from storage.health import NoConsent, last_reading

FLOW = "vs"
MAX_NOTE = 300
_STATUSES = {s.value: s for s in VisitStatus}


@dataclass(frozen=True, slots=True)
class Volunteer:
    link: LinkedMember
    account: Account

    @property
    def member_id(self) -> int:
        return self.link.member_id

    @property
    def club_id(self) -> int:
        return self.link.club_id

    @property
    def label(self) -> str:
        """Who recorded it, for the audit log and the visit's ``recorded_by``."""
        return f"{self.account.channel}:{self.account.account_id}:{self.member_id}"

    def you(self, today: date) -> str:
        return address.you(self.link.title(today), self.link.name,
                           named=len(self.account.links) > 1)


def volunteer_of(account: Account, club_id: int | None = None) -> Volunteer | None:
    """The account's own link to a volunteer (the one looked at now first); in
    ``club_id`` only if given (the club a visit in progress was opened for)."""
    links = [link for link in account.links if link.volunteer and not link.proxy
             and (club_id is None or link.club_id == club_id)]
    links.sort(key=lambda link: link is not account.active)
    return Volunteer(links[0], account) if links else None


def _refused(account: Account) -> Reply:
    return with_menu(texts.CARE_NOT_VOLUNTEER, account)


async def _save(services: Services, turn: Turn, volunteer: Volunteer,
                data: dict[str, object]) -> FlowState:
    return await save_state(services.db, turn.channel, turn.account_id, FLOW,
                            {**data, "club_id": volunteer.club_id,
                             "volunteer_id": volunteer.member_id}, now=services.now())


def _ticket(turn: Turn, state: FlowState, volunteer: Volunteer) -> FlowTicket:
    return FlowTicket(turn.channel, turn.account_id, state.version, volunteer.club_id)


# ---------------------------------------------------------------- the list


async def open_list(turn: Turn, account: Account, services: Services,
                    head: str = "") -> list[Reply]:
    """The members this volunteer visits, due first, one button each."""
    volunteer = volunteer_of(account)
    if volunteer is None:
        return [_refused(account)]
    today = services.now().date()
    you = volunteer.you(today)
    plans = await care.volunteer_plans(services.db, volunteer.club_id, volunteer.member_id)
    lines = [head] if head else []
    if not plans:
        lines.append(texts.CARE_NOBODY.format(you=you))
        return [with_menu("\n".join(lines), account)]
    state = await _save(services, turn, volunteer, {"step": "list"})
    lines.append(texts.CARE_LIST_HEAD.format(you=you, count=len(plans)))
    for number, plan in enumerate(plans, 1):
        lines.append(texts.CARE_LIST_ITEM.format(
            number=number, name=escape(plan.name), team=escape(plan.team or "—"),
            phone=format_phone(plan.phone) if plan.phone else "—",
            last=format_date(plan.last_visit) if plan.last_visit else texts.CARE_NEVER_VISITED,
            due=when_due(plan.due, today) if plan.due else "—"))
    lines.append(texts.CARE_LIST_HOW)
    rows: Rows = tuple((button(plan.name, state, "m", plan.member_id),) for plan in plans)
    return [with_menu("\n".join(lines), account, choices=rows)]


async def _assigned(services: Services, volunteer: Volunteer, member_id: int | None
                    ) -> care.VisitPlan | None:
    if member_id is None:
        return None
    plans = await care.volunteer_plans(services.db, volunteer.club_id, volunteer.member_id)
    return next((p for p in plans if p.member_id == member_id), None)


async def _ask_status(turn: Turn, volunteer: Volunteer, member_id: int, name: str,
                      services: Services, head: str = "") -> list[Reply]:
    state = await _save(services, turn, volunteer,
                        {"step": "status", "member_id": member_id, "name": name})
    rows: Rows = (
        (button(texts.BTN_CARE_OK, state, "s", VisitStatus.OK.value),),
        (button(texts.BTN_CARE_HELP, state, "s", VisitStatus.NEEDS_HELP.value),),
        (button(texts.BTN_CARE_ALERT, state, "s", VisitStatus.ALERT.value),),
        cancel_row(state),
    )
    text = texts.CARE_HOW_IS.format(name=escape(name))
    return [with_menu(f"{head}\n{text}" if head else text, volunteer.account, choices=rows)]


async def _after(turn: Turn, volunteer: Volunteer, data: dict[str, object], head: str,
                 services: Services) -> list[Reply]:
    """What may follow a saved visit: a note, a reading, undoing it, done."""
    state = await _save(services, turn, volunteer, {**data, "step": "after"})
    first: list[Button] = []
    if not data.get("noted"):
        first.append(button(texts.BTN_CARE_NOTE, state, "n"))
    first.append(button(texts.BTN_CARE_READING, state, "bp"))
    rows: Rows = (tuple(first),
                  (button(texts.BTN_CARE_UNDO, state, "u"),
                   button(texts.BTN_CARE_DONE, state, "d", primary=True)))
    return [with_menu(f"{head}\n{texts.CARE_MORE}", volunteer.account, choices=rows)]


# ---------------------------------------------------------------- taps


async def on_choice(turn: Turn, account: Account, services: Services) -> list[Reply]:
    if volunteer_of(account) is None:
        return [_refused(account)]
    tap = flows.parse_tap(turn.choice)
    if tap is None or tap.tool != FLOW:
        return [flows.stale(account)]
    if tap.action == "open":
        return await open_list(turn, account, services)
    state = await flows.current(services, turn, tap, FLOW)
    volunteer = None if state is None else volunteer_of(account, flows.flow_club(state))
    if state is None or volunteer is None or \
            state.data.get("volunteer_id") != volunteer.member_id:
        return [flows.stale(account)]
    step = state.data.get("step")
    if tap.action == "x" or tap.action == "d":
        await flows.finish(services, turn, state)
        if tap.action == "x":
            return [with_menu(texts.FLOW_CANCELLED, account)]
        return await open_list(turn, account, services, head=texts.CARE_THANKS.format(
            you=volunteer.you(services.now().date())))
    if tap.action == "m" and step == "list" and tap.args:
        plan = await _assigned(services, volunteer, flows.number(tap.args[0]))
        if plan is None:
            return [with_menu(texts.CARE_NOT_YOURS.format(
                you=volunteer.you(services.now().date())), account)]
        return await _ask_status(turn, volunteer, plan.member_id, plan.name, services)
    if tap.action == "s" and step == "status" and tap.args and tap.args[0] in _STATUSES:
        return await _record(turn, volunteer, state, _STATUSES[tap.args[0]], services)
    if tap.action == "n" and step == "after" and not state.data.get("noted"):
        await _save(services, turn, volunteer, {**state.data, "step": "note"})
        return [with_menu(texts.CARE_ASK_NOTE, account)]
    if tap.action == "bp" and step == "after":
        return await _ask_reading(turn, volunteer, state, services)
    if tap.action == "u" and step == "after":
        undo = await _save(services, turn, volunteer, {**state.data, "step": "undo"})
        status = texts.CARE_STATUS[str(state.data["status"])]
        return [with_menu(texts.CARE_ASK_UNDO.format(name=escape(str(state.data["name"])),
                                                     status=status), account,
                          choices=((button(texts.BTN_CARE_UNDO_YES, undo, "uy"),),
                                   (button(texts.BTN_CANCEL, undo, "ub"),)))]
    if tap.action == "ub" and step == "undo":
        return await _after(turn, volunteer, state.data, texts.FLOW_CANCELLED, services)
    if tap.action == "uy" and step == "undo":
        return await _undo(turn, volunteer, state, services)
    return [flows.stale(account)]


async def _record(turn: Turn, volunteer: Volunteer, state: FlowState, status: VisitStatus,
                  services: Services) -> list[Reply]:
    name = str(state.data["name"])
    member_id = int(state.data["member_id"])
    try:
        visit_id = await care.record_visit(
            services.db, ticket=_ticket(turn, state, volunteer), volunteer_id=volunteer.member_id,
            member_id=member_id, status=status, actor=volunteer.label, now=services.now())
    except (AlreadyDone, NotInClub):
        return [flows.stale(volunteer.account)]
    except care.NotAssigned:
        return [with_menu(texts.CARE_NOT_YOURS.format(
            you=volunteer.you(services.now().date())), volunteer.account)]
    except care.AlreadyVisited:
        return await open_list(turn, volunteer.account, services,
                               head=texts.CARE_ALREADY_VISITED.format(name=escape(name)))
    if status is VisitStatus.ALERT and services.outbox_ready is not None:
        services.outbox_ready()
    lines = [texts.CARE_SAVED.format(name=escape(name), status=texts.CARE_STATUS[status.value])]
    if status is VisitStatus.ALERT:
        lines.append(texts.CARE_SAVED_ALERT)
    elif status is VisitStatus.NEEDS_HELP:
        lines.append(texts.CARE_SAVED_HELP)
    return await _after(turn, volunteer, {"member_id": member_id, "name": name,
                                          "visit_id": visit_id, "status": status.value},
                        "\n".join(lines), services)


async def _undo(turn: Turn, volunteer: Volunteer, state: FlowState,
                services: Services) -> list[Reply]:
    try:
        await care.reverse_visit(
            services.db, ticket=_ticket(turn, state, volunteer), volunteer_id=volunteer.member_id,
            visit_id=int(state.data["visit_id"]), reason=texts.CARE_UNDO_REASON,
            actor=volunteer.label, now=services.now())
    except (AlreadyDone, NotInClub, care.NotAssigned):
        return [flows.stale(volunteer.account)]
    if services.outbox_ready is not None:
        services.outbox_ready()
    if await _assigned(services, volunteer, int(state.data["member_id"])) is None:
        return await open_list(turn, volunteer.account, services, head=texts.CARE_UNDONE)
    return await _ask_status(turn, volunteer, int(state.data["member_id"]),
                             str(state.data["name"]), services, head=texts.CARE_UNDONE)


async def _ask_reading(turn: Turn, volunteer: Volunteer, state: FlowState,
                       services: Services) -> list[Reply]:
    member_id, name = int(state.data["member_id"]), str(state.data["name"])
    if await _assigned(services, volunteer, member_id) is None:
        return [flows.stale(volunteer.account)]
    current = await consent.latest(services.db, member_id)
    if current is None or not current.given:  # the board's rule: nothing without her consent
        return await _after(turn, volunteer, state.data,
                            texts.CARE_NO_CONSENT.format(name=escape(name)), services)
    asking = await _save(services, turn, volunteer, {**state.data, "step": "reading"})
    lines = [texts.HR_ASK.format(name=escape(name))]
    previous = await last_reading(services.db, member_id)
    if previous is not None:
        lines.append(texts.HR_LAST.format(
            bp=previous.bp or "—", weight=texts.HR_SAVED_WEIGHT.format(kg=previous.kg)
            if previous.kg else "", date=format_date(date.fromisoformat(previous.taken_on))))
        await access_log.record(
            services.db, club_id=volunteer.club_id, member_id=member_id,
            viewer_kind=access_log.VOLUNTEER, viewer_member_id=volunteer.member_id,
            viewer=f"{turn.channel}:{turn.account_id}", what=access_log.LAST_READING,
            now=services.now())
    return [with_menu("\n".join(lines), volunteer.account, choices=(cancel_row(asking),))]


# ---------------------------------------------------------------- typed words


async def on_text(turn: Turn, account: Account, state: FlowState,
                  services: Services) -> list[Reply] | None:
    """A note or a reading being typed; None for words typed while the list or a
    question waits for a tap (they are answered as anywhere: "tham hoi" again,
    "tiet kiem"), its buttons kept."""
    if state.data.get("step") not in ("note", "reading"):
        return None
    volunteer = volunteer_of(account, flows.flow_club(state))
    if volunteer is None or state.data.get("volunteer_id") != volunteer.member_id:
        await flows.finish(services, turn, state)
        return [_refused(account)]
    step = state.data.get("step")
    if step == "note":
        return await _note(turn, volunteer, state, services)
    return await _reading(turn, volunteer, state, services)


async def _note(turn: Turn, volunteer: Volunteer, state: FlowState,
                services: Services) -> list[Reply]:
    note = " ".join(turn.text.split())[:MAX_NOTE]
    if len(note) < 2:
        return [with_menu(texts.CARE_NOTE_EMPTY, volunteer.account)]
    try:
        status = await care.add_note(
            services.db, ticket=_ticket(turn, state, volunteer), volunteer_id=volunteer.member_id,
            visit_id=int(state.data["visit_id"]), note=note, actor=volunteer.label,
            now=services.now())
    except (AlreadyDone, NotInClub, care.NotAssigned):
        return [flows.stale(volunteer.account)]
    if status is VisitStatus.ALERT:
        if services.outbox_ready is not None:
            services.outbox_ready()
        head = texts.CARE_NOTE_SENT
    else:
        head = texts.CARE_NOTE_SAVED
    return await _after(turn, volunteer, {**state.data, "noted": True}, head, services)


async def _reading(turn: Turn, volunteer: Volunteer, state: FlowState,
                   services: Services) -> list[Reply]:
    parsed = readings.parse_typed(turn.text)
    if isinstance(parsed, str):
        return [with_menu(parsed, volunteer.account, choices=(cancel_row(state),))]
    bp, weight = parsed
    name = str(state.data["name"])
    try:
        replaced = await care.record_reading(
            services.db, ticket=_ticket(turn, state, volunteer), volunteer_id=volunteer.member_id,
            member_id=int(state.data["member_id"]), systolic=bp.systolic,
            diastolic=bp.diastolic, weight_dg=round(weight * 10) if weight is not None else None,
            actor=volunteer.label, now=services.now())
    except NoConsent:
        return await _after(turn, volunteer, state.data,
                            texts.CARE_NO_CONSENT.format(name=escape(name)), services)
    except (AlreadyDone, NotInClub, care.NotAssigned):
        return [flows.stale(volunteer.account)]
    lines = [texts.HR_SAVED.format(
        name=escape(name), bp=str(bp),
        weight=texts.HR_SAVED_WEIGHT.format(kg=f"{weight:g}".replace(".", ","))
        if weight is not None else "")]
    if replaced:
        lines.append(texts.HR_REPLACED)
    if (flag := readings.flag_of(bp)) is not None:
        lines.append(flag)
    return await _after(turn, volunteer, state.data, "\n".join(lines), services)
