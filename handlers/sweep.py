"""🧺 Thu đóng góp: the treasurer records the month's contribution for everyone
who paid at the meeting, in one sweep instead of sixty entries.

A checklist like the roll-call's, ticked in advance with those present (the
saved attendance, else the marks being taken), without those who already
have a contribution entered for that day: they are shown as paid and can
never be recorded twice. A confirmation states the count and the total in
words; confirming writes every entry, its audit row and the receipts in one
transaction (storage.cashbook.record_many) that also consumes the step, so a
second tap on "confirm" records nothing more.

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
from datetime import date
from typing import Any

from club import texts
from club.calendar import format_date, format_weekday_date
from club.money import amount_in_words, format_vnd
from club.roles import Permission
from handlers import flows
from handlers.board import BoardActor, acting_board_member, refused
from handlers.context import Services
from handlers.conversation import Button, Reply, Turn
from handlers.flows import Tap, button
from handlers.menu import with_menu
from handlers.receipts import receipt
from handlers.rollcall import PAGE_SIZE, club_of, day_buttons, meeting_days, parse_day
from storage import cashbook, rollcall, roster
from storage.accounts import Account
from storage.cashbook import NewEntry
from storage.conversation import AlreadyDone, FlowState, FlowTicket
from storage.roster import RosterEntry

FLOW = "sw"
TICKED, UNTICKED, PAID = "1", "0", "p"


async def on_choice(turn: Turn, account: Account, services: Services) -> list[Reply]:
    actor = acting_board_member(account, Permission.CASH_BOOK)
    if actor is None:
        return [refused(account)]
    tap = flows.parse_tap(turn.choice)
    if tap is None or tap.tool != FLOW:
        return [flows.stale(account)]
    if tap.action == "open":
        return await _open(turn, actor, services)
    state = await services.reader.flow(turn.channel, turn.account_id)
    if state is None or state.flow != FLOW or not _in_session(tap, state):
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
            return [await _record(turn, actor, state, services)]
        if tap.action == "b" and current:
            state = await flows.begin(services, turn, FLOW, {**state.data, "step": "pick"})
            return [await _list(actor, state, 0, services)]
        return [_confirmation(state)]  # a late tap from the list: the confirmation stands
    if step != "pick":
        return [flows.stale(account)]
    if tap.action == "t" and len(args) == 2 and args[0].isdigit():
        return [await _toggle(turn, actor, state, int(args[0]), args[1], services)]
    if tap.action == "p" and len(args) == 1 and args[0].isdigit():
        return [await _list(actor, state, int(args[0]), services)]
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
    state = await flows.begin(services, turn, FLOW, {"step": "day", "sid": sid})
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
    state = await flows.begin(services, turn, FLOW, data)
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
    state = await flows.begin(services, turn, FLOW, {**state.data, "ticked": sorted(ticked)})
    return await _list(actor, state, None, services, member_id)


async def _confirm(turn: Turn, actor: BoardActor, state: FlowState,
                   services: Services) -> Reply:
    day = date.fromisoformat(state.data["day"])
    members = {m.id for m in await roster.club_members(services.db, actor.club_id)}
    paid = await rollcall.contributed_on(services.db, actor.club_id, day)
    chosen = sorted((set(state.data["ticked"]) & members) - paid)
    if not chosen:
        return await _list(actor, state, 0, services, note=texts.SW_NONE_CHOSEN)
    state = await flows.begin(services, turn, FLOW, {**state.data, "step": "confirm",
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
                  services: Services) -> Reply:
    data = state.data
    day = date.fromisoformat(data["day"])
    now = services.now()
    members = {m.id for m in await roster.club_members(services.db, actor.club_id)}
    # Paid since the confirmation was shown (the cash-book tool, another phone)?
    paid = await rollcall.contributed_on(services.db, actor.club_id, day)
    todo = [m for m in data["chosen"] if m in members and m not in paid]
    skipped = len(data["chosen"]) - len(todo)
    if not todo:
        await flows.finish(services, turn, state)
        return Reply(texts.SW_NOTHING, edit=True)
    entries = [NewEntry(club_id=actor.club_id, member_id=m, kind="contribution",
                        amount=data["amount"], entry_date=day) for m in todo]
    try:
        done = await cashbook.record_many(
            services.db, entries, actor=actor.label, now=now,
            receipt=receipt("contribution", data["amount"], day),
            ticket=FlowTicket(turn.channel, turn.account_id, state.version))
    except AlreadyDone:
        return Reply(texts.SW_ALREADY, edit=True)
    receipts = sum(r.receipts for r in done)
    wake = getattr(services, "outbox_ready", None)
    if wake is not None and receipts:
        wake()
    lines = [texts.SW_DONE.format(amount=format_vnd(data["amount"]), count=len(done),
                                  total=format_vnd(data["amount"] * len(done)),
                                  date=format_date(day))]
    lines.append(texts.SW_DONE_RECEIPTS.format(count=receipts) if receipts
                 else texts.SW_DONE_NO_RECEIPTS)
    if skipped:
        lines.append(texts.SW_DONE_SKIPPED.format(count=skipped))
    return Reply("\n".join(lines), edit=True)


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
