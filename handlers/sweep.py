"""🧺 Thu đóng góp: the treasurer records the month's contribution for everyone
who paid at the meeting, in one sweep instead of sixty entries.

A checklist like the roll-call's, ticked in advance with those present (the
saved attendance, else the marks being taken), without those who already
have a contribution entered for that day: they are shown as paid and can
never be recorded twice. A confirmation states the count and the total in
words; confirming decides who still owes the day's contribution and writes
every entry, its audit row and the receipts in one transaction
(storage.cashbook.record_sweep) that also consumes the step, so a second tap
on "confirm" records nothing more, and a second board member confirming the
same day's sweep at the same moment charges nobody twice: they are told who
was already recorded. The database keeps one sweep charge per member and day
(``sweep_charges``, migration 0009) as a second lock.

A sweep belongs to the club it was opened in (its state's ``club_id``): every
later tap acts through the account's post in that club, and every member id is
checked against it.

The ticked set is the flow's state in the database (conversation_state): a
restart, or a phone asleep for an hour, loses nothing. Every change bumps the
flow's version; buttons carry the version they were drawn with and the
sweep's own short id. A tap on a name carries the tick it showed and only
moves it from there, so it may come from any version of this sweep (a quick
second tap on another name before the redraw arrived still counts, a double
tap on the same name does not); recording demands the exact version of the
confirmation shown. The board post, the club of every member and who has
already paid are read again on every tap.

Button data (``flows.button``, ``<s>`` the sweep's id, 4 hex digits):
``sw:open`` · ``sw:<v>:d:<yyyymmdd>:<s>`` the day ·
``sw:<v>:t:<member id>:<1|0|p>:<s>`` a name (ticked, not ticked, paid) ·
``sw:<v>:p:<page>:<s>`` · ``sw:<v>:c:<s>`` to the confirmation ·
``sw:<v>:b:<s>`` back to the list · ``sw:<v>:ok:<s>`` record ·
``sw:<v>:x:<s>`` cancel.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import date
from html import escape
from typing import Any

from club import texts
from club.calendar import format_date, format_weekday_date
from club.money import amount_in_words, format_vnd
from club.roles import Permission
from handlers import flows
from handlers.board import BoardActor, acting_board_member, may_act_anywhere, refused
from handlers.context import Services
from handlers.conversation import Button, Reply, Turn
from handlers.flows import Tap, button
from handlers.menu import with_menu
from handlers.receipts import receipt
from handlers.rollcall import PAGE_SIZE, club_of, day_buttons, meeting_days, parse_day
from storage import cashbook, rollcall, roster
from storage.accounts import Account
from storage.conversation import AlreadyDone, FlowState, NotInClub
from storage.roster import RosterEntry

FLOW = "sw"
TICKED, UNTICKED, PAID = "1", "0", "p"


async def on_choice(turn: Turn, account: Account, services: Services) -> list[Reply]:
    if not may_act_anywhere(account, Permission.CASH_BOOK):
        return [refused(account)]
    tap = flows.parse_tap(turn.choice)
    if tap is None or tap.tool != FLOW:
        return [flows.stale(account)]
    if tap.action == "open":
        opener = acting_board_member(account, Permission.CASH_BOOK)
        return await _open(turn, opener, services) if opener else [refused(account)]
    state = await services.reader.flow(turn.channel, turn.account_id)
    if state is None or state.flow != FLOW or not _in_session(tap, state):
        return [flows.stale(account)]
    # The sweep's own club, whichever member a shared phone shows now.
    actor = flows.flow_actor(account, state, Permission.CASH_BOOK)
    if actor is None:
        return [flows.stale(account)]
    step, args, current = state.data.get("step"), tap.args[:-1], tap.version == state.version
    if tap.action == "x":
        await flows.finish(services, turn, state)
        return [Reply(texts.FLOW_CANCELLED, edit=True)]
    if tap.action == "d" and step == "day" and current and args:
        day = parse_day(args[0])
        if day is None or day not in await meeting_days(actor, services):
            return [with_menu(texts.RC_DAY_GONE, account)]
        return [await _start(turn, actor, day, state.data["sid"], services, edit=True)]
    if step == "confirm":
        if tap.action == "ok" and current:
            return await _record(turn, actor, state, services)
        if tap.action == "b" and current:
            state = await flows.begin(services, turn, actor, FLOW, {**state.data, "step": "pick"})
            return [await _list(actor, state, 0, services)]
        return [_confirmation(state)]  # a late tap from the list: the confirmation stands
    if step != "pick":
        return [flows.stale(account)]
    number = flows.number(args[0]) if args else None
    if tap.action == "t" and len(args) == 2 and number is not None:
        return [await _toggle(turn, actor, state, number, args[1], services)]
    if tap.action == "p" and len(args) == 1 and number is not None:
        return [await _list(actor, state, number, services)]
    if tap.action == "c":
        return [await _confirm(turn, actor, state, services)]
    return [flows.stale(account)]


def _in_session(tap: Tap, state: FlowState) -> bool:
    """The tap comes from a message of this sweep (any of its versions).

    Versions alone cannot tell: they start again at 1 once a flow ends, so an
    abandoned sweep's buttons could match a later one's. Each sweep has its
    own short id, carried last in every button.
    """
    return (tap.version is not None and tap.version <= state.version
            and bool(tap.args) and tap.args[-1] == state.data.get("sid"))


def _button(label: str, state: FlowState, action: str, *args: object) -> Button:
    return button(label, state, action, *args, state.data["sid"])


# ------------------------------------------------------------------ steps

async def _open(turn: Turn, actor: BoardActor, services: Services) -> list[Reply]:
    club = await club_of(actor, services)
    if club.contribution <= 0:
        return [with_menu(texts.SW_NO_AMOUNT, actor.account)]
    days = await meeting_days(actor, services)
    sid = secrets.token_hex(2)  # a new sweep: buttons of any earlier one are stale
    if len(days) == 1:
        return [await _start(turn, actor, days[0], sid, services, edit=False)]
    state = await flows.begin(services, turn, actor, FLOW, {"step": "day", "sid": sid})
    rows = day_buttons(f"{FLOW}:{state.version}:d:", days, services.now().date(), f":{sid}")
    return [with_menu(texts.SW_PICK_DAY, actor.account,
                      choices=rows + ((_button(texts.BTN_CANCEL, state, "x"),),))]


async def _start(turn: Turn, actor: BoardActor, day: date, sid: str, services: Services, *,
                 edit: bool) -> Reply:
    """The list for that day, ticked in advance with those present."""
    club = await club_of(actor, services)
    members = {m.id for m in await roster.club_members(services.db, actor.club_id)}
    present, saved = await rollcall.present_at(services.db, actor.club_id, day)
    paid = await rollcall.contributed_on(services.db, actor.club_id, day)
    data: dict[str, Any] = {
        "step": "pick", "day": day.isoformat(), "amount": club.contribution,
        "sid": sid,
        "source": "saved" if saved else ("marks" if present else "none"),
        "ticked": sorted((present & members) - paid)}
    state = await flows.begin(services, turn, actor, FLOW, data)
    reply = await _list(actor, state, 0, services)
    return reply if edit else with_menu(reply.text, actor.account, choices=reply.choices)


async def _toggle(turn: Turn, actor: BoardActor, state: FlowState, member_id: int, shown: str,
                  services: Services) -> Reply:
    """Move one tick from what the button showed; anything else changes nothing."""
    member = await roster.member_in_club(services.db, actor.club_id, member_id)
    if member is None:  # forged, or a member of another club
        return flows.stale(actor.account)
    ticked = set(state.data["ticked"])
    day = date.fromisoformat(state.data["day"])
    paid = member_id in await rollcall.contributed_on(services.db, actor.club_id, day)
    if not paid and shown == TICKED and member_id in ticked:
        ticked.discard(member_id)
    elif not paid and shown == UNTICKED and member_id not in ticked:
        ticked.add(member_id)
    else:  # a double tap, a paid member, or ticked meanwhile: redraw as it stands
        return await _list(actor, state, None, services, member_id)
    state = await flows.begin(services, turn, actor, FLOW, {**state.data, "ticked": sorted(ticked)})
    return await _list(actor, state, None, services, member_id)


async def _confirm(turn: Turn, actor: BoardActor, state: FlowState,
                   services: Services) -> Reply:
    day = date.fromisoformat(state.data["day"])
    members = {m.id for m in await roster.club_members(services.db, actor.club_id)}
    paid = await rollcall.contributed_on(services.db, actor.club_id, day)
    chosen = sorted((set(state.data["ticked"]) & members) - paid)
    if not chosen:
        return await _list(actor, state, 0, services, note=texts.SW_NONE_CHOSEN)
    state = await flows.begin(services, turn, actor, FLOW, {**state.data, "step": "confirm",
                                                            "chosen": chosen})
    return _confirmation(state)


def _confirmation(state: FlowState) -> Reply:
    data = state.data
    count, amount = len(data["chosen"]), data["amount"]
    text = texts.SW_CONFIRM.format(
        amount=format_vnd(amount), count=count, total=format_vnd(amount * count),
        words=amount_in_words(amount * count),
        date=format_weekday_date(date.fromisoformat(data["day"])))
    return Reply(text, edit=True, choices=(
        (_button(texts.SW_BTN_RECORD, state, "ok"),),
        (_button(texts.SW_BTN_BACK, state, "b"), _button(texts.BTN_CANCEL, state, "x"))))


async def _record(turn: Turn, actor: BoardActor, state: FlowState,
                  services: Services) -> list[Reply]:
    """Charge everyone chosen who has not paid for the day yet.

    Who has paid is decided inside the write's transaction
    (storage.cashbook.record_sweep), not from what this confirmation showed: a
    second board member confirming the same sweep at the same moment writes
    nothing for the members the first one has just recorded, and is told who
    they are.
    """
    data = state.data
    day = date.fromisoformat(data["day"])
    try:
        swept = await cashbook.record_sweep(
            services.db, club_id=actor.club_id, member_ids=data["chosen"], day=day,
            amount=data["amount"], actor=actor.label, now=services.now(),
            receipt=receipt("contribution", data["amount"], day),
            ticket=flows.ticket(turn, state, actor))
    except AlreadyDone:
        return [Reply(texts.SW_ALREADY, edit=True)]
    except NotInClub:
        return [flows.stale(actor.account)]
    except cashbook.SweptMeanwhile:  # the database's own lock answered: nothing was written
        paid = await rollcall.contributed_on(services.db, actor.club_id, day)
        already = [m for m in data["chosen"] if m in paid]
        return [Reply(texts.SW_ALREADY_RECORDED.format(
            date=format_date(day), names=await _names(actor, already, services)), edit=True)]
    if swept.receipts:
        wake = getattr(services, "outbox_ready", None)
        if wake is not None:
            wake()
    names = await _names(actor, swept.already, services)
    if not swept.recorded:
        if swept.already:
            return [Reply(texts.SW_ALREADY_RECORDED.format(date=format_date(day), names=names),
                          edit=True)]
        return [Reply(texts.SW_NOTHING, edit=True)]
    count, amount = len(swept.recorded), data["amount"]
    lines = [texts.SW_DONE.format(amount=format_vnd(amount), count=count,
                                  total=format_vnd(amount * count), date=format_date(day))]
    lines.append(texts.SW_DONE_RECEIPTS.format(count=swept.receipts) if swept.receipts
                 else texts.SW_DONE_NO_RECEIPTS)
    if swept.already:
        lines.append(texts.SW_DONE_SKIPPED.format(count=len(swept.already), names=names))
    if swept.not_in_club:
        lines.append(texts.SW_DONE_LEFT.format(count=len(swept.not_in_club)))
    return [Reply("\n".join(lines), edit=True)]


async def _names(actor: BoardActor, member_ids: Iterable[int], services: Services) -> str:
    """"Ngô Thị Tuyết (TV002), …", in the roster's order."""
    wanted = set(member_ids)
    return ", ".join(f"{escape(m.name)} ({m.code})"
                     for m in await roster.club_members(services.db, actor.club_id)
                     if m.id in wanted)


# ------------------------------------------------------------------ the list

async def _list(actor: BoardActor, state: FlowState, page: int | None, services: Services,
                member_id: int | None = None, note: str = "") -> Reply:
    """One page of the list (the page of ``member_id`` when ``page`` is None)."""
    data = state.data
    day = date.fromisoformat(data["day"])
    club_members = await roster.club_members(services.db, actor.club_id)
    paid = await rollcall.contributed_on(services.db, actor.club_id, day)
    ticked = set(data["ticked"]) - paid
    if page is None:
        index = next((i for i, m in enumerate(club_members) if m.id == member_id), 0)
        page = index // PAGE_SIZE
    pages = max(1, -(-len(club_members) // PAGE_SIZE))
    page = min(max(page, 0), pages - 1)
    amount = data["amount"]

    text = [texts.SW_HEAD.format(date=format_weekday_date(day), amount=format_vnd(amount)),
            texts.SW_CHOSEN.format(count=len(ticked), total=format_vnd(amount * len(ticked)))]
    if paid:
        text.append(texts.SW_PAID_BEFORE.format(count=len(paid & {m.id for m in club_members})))
    text.append({"saved": texts.SW_FROM_SAVED, "marks": texts.SW_FROM_MARKS,
                 "none": texts.SW_NO_ROLLCALL}[data.get("source", "none")])
    if pages > 1:
        text.append(texts.RC_PAGE.format(page=page + 1, pages=pages))
    if note:
        text.append(note)

    rows: list[tuple[Button, ...]] = []
    for m in club_members[page * PAGE_SIZE:(page + 1) * PAGE_SIZE]:
        rows.append((_name_button(m, state, paid, ticked),))
    paging = []
    if page > 0:
        paging.append(_button(texts.RC_BTN_PREV, state, "p", page - 1))
    if page < pages - 1:
        paging.append(_button(texts.RC_BTN_NEXT, state, "p", page + 1))
    if paging:
        rows.append(tuple(paging))
    rows.append((_button(texts.SW_BTN_NEXT.format(count=len(ticked)), state, "c"),
                 _button(texts.BTN_CANCEL, state, "x")))
    return Reply("\n".join(text), choices=tuple(rows), edit=True)


def _name_button(m: RosterEntry, state: FlowState, paid: set[int], ticked: set[int]) -> Button:
    if m.id in paid:
        return _button(texts.SW_PAID_LABEL.format(name=m.name), state, "t", m.id, PAID)
    if m.id in ticked:
        return _button(f"{texts.SW_ICON_TICKED} {m.name}", state, "t", m.id, TICKED)
    return _button(f"{texts.SW_ICON_UNTICKED} {m.name}", state, "t", m.id, UNTICKED)
