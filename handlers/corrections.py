"""↩️ Sửa sai: a mistaken entry is reversed with a reason, never edited or deleted.

The book keeps the mistaken line and gains a line that cancels it, naming it
and saying why; the member is told. What the member sees (and the exported
paper book) is what stands. The club's own money (grants, spending) is
corrected the same way from its own button; nobody is told but the board.
"""

from __future__ import annotations

from datetime import date
from html import escape

from club import texts
from club.calendar import format_date
from club.money import format_vnd
from club.roles import Permission
from handlers import flows, member_picker
from handlers.board import BoardActor
from handlers.context import Services
from handlers.conversation import Reply, Turn
from handlers.flows import button, cancel_row
from handlers.menu import with_menu
from handlers.receipts import kind_words, receipt
from storage import cashbook
from storage.accounts import Account
from storage.cashbook import NewEntry, StoredEntry
from storage.conversation import AlreadyDone, FlowState, NotInClub
from storage.roster import RosterEntry

FLOW = "rv"
SHOWN_ENTRIES = 8
MAX_REASON = 200


def describe(entry: StoredEntry) -> str:
    return texts.RV_ENTRY.format(
        date=format_date(date.fromisoformat(entry.entry_date)),
        what=kind_words(entry.kind, entry.loan_code), amount=format_vnd(entry.amount))


async def on_choice(turn: Turn, account: Account, services: Services) -> list[Reply]:
    async def opening(opener: BoardActor) -> list[Reply]:
        state = await flows.begin(services, turn, opener, FLOW, {"step": "member"})
        return flows.ask(texts.RV_WHO_OR_CLUB, account,
                         ((button(texts.BTN_RV_CLUB, state, "club"),), cancel_row(state)))

    step = await flows.board_tap(turn, account, services, flow=FLOW,
                                 permission=Permission.CASH_BOOK, opening=opening)
    if isinstance(step, list):
        return step
    actor, state, tap = step.actor, step.state, step.tap
    if tap.action == member_picker.PICK_ACTION:
        return await member_picker.tapped(turn, actor, tap.args, services, _list_entries)
    entry_id = flows.number(tap.args[0]) if tap.args else None
    if tap.action == "club" and state.data.get("step") == "member":
        return await _list_club_entries(turn, actor, services)
    if tap.action == "e" and entry_id is not None:
        entry = await cashbook.standing_entry(services.db, actor.club_id, entry_id)
        if entry is None or entry.member_id != state.data.get("member_id"):
            return [flows.stale(account)]
        state = await flows.begin(services, turn, actor, FLOW, {**state.data, "step": "reason",
                                                                "entry_id": entry.id})
        return flows.ask(texts.RV_REASON.format(entry=describe(entry)), account,
                         (cancel_row(state),))
    if tap.action == "ok" and state.data.get("step") == "confirm":
        return await _reverse(turn, actor, state, services)
    return [flows.stale(account)]


async def on_text(turn: Turn, account: Account, state: FlowState,
                  services: Services) -> list[Reply]:
    actor = await flows.board_text(turn, account, state, services, Permission.CASH_BOOK)
    if isinstance(actor, list):
        return actor
    step = state.data.get("step")
    if step == "member":
        return await member_picker.typed(turn, actor, state, services, _list_entries)
    if step == "reason":
        entry = await cashbook.standing_entry(services.db, actor.club_id, state.data["entry_id"])
        if entry is None:
            await flows.finish(services, turn, state)
            return [flows.stale(account)]
        reason = " ".join(turn.text.split())[:MAX_REASON]
        state = await flows.begin(services, turn, actor, FLOW, {**state.data, "step": "confirm",
                                                                "reason": reason})
        if entry.member_id is None:
            text = texts.RV_CONFIRM_CLUB.format(entry=describe(entry), reason=escape(reason))
        else:
            text = texts.RV_CONFIRM.format(entry=describe(entry),
                                           name=escape(state.data["name"]), reason=escape(reason))
        return flows.ask(text, account, ((button(texts.BTN_REVERSE, state, "ok", primary=True),),
                                         cancel_row(state)))
    return flows.ask(texts.FLOW_TAP_A_BUTTON, account, (cancel_row(state),))


async def _list_entries(turn: Turn, actor: BoardActor, member: RosterEntry,
                        services: Services) -> list[Reply]:
    entries = await cashbook.standing_entries(services.db, member.id, SHOWN_ENTRIES)
    if not entries:
        await flows.begin(services, turn, actor, FLOW, {"step": "member"})
        return flows.ask(texts.RV_NOTHING.format(name=escape(member.name)), actor.account)
    state = await flows.begin(services, turn, actor, FLOW, {
        "step": "entry", "member_id": member.id, "name": member.name})
    rows = tuple((button(describe(e), state, "e", e.id),) for e in entries)
    return flows.ask(texts.RV_WHICH.format(name=escape(member.name)), actor.account,
                     rows + (cancel_row(state),))


async def _list_club_entries(turn: Turn, actor: BoardActor,
                             services: Services) -> list[Reply]:
    entries = await cashbook.standing_club_entries(services.db, actor.club_id, SHOWN_ENTRIES)
    if not entries:
        return flows.ask(texts.RV_NOTHING_CLUB, actor.account)
    state = await flows.begin(services, turn, actor, FLOW, {
        "step": "entry", "member_id": None, "name": texts.RV_CLUB})
    rows = tuple((button(f"{describe(e)} · {e.note}"[:60], state, "e", e.id),)
                 for e in entries)
    return flows.ask(texts.RV_WHICH.format(name=texts.RV_CLUB), actor.account,
                     rows + (cancel_row(state),))


async def _reverse(turn: Turn, actor: BoardActor, state: FlowState,
                   services: Services) -> list[Reply]:
    entry = await cashbook.standing_entry(services.db, actor.club_id, state.data["entry_id"])
    if entry is None:
        return [with_menu(texts.CB_ALREADY, actor.account)]
    now = services.now()
    reversal = NewEntry(club_id=entry.club_id, member_id=entry.member_id, kind=entry.kind,
                        amount=-entry.amount, entry_date=now.date(), loan_id=entry.loan_id,
                        note=texts.RV_NOTE.format(reason=state.data["reason"]),
                        reverses_id=entry.id)
    try:
        await cashbook.record(
            services.db, reversal, actor=actor.label, now=now,
            receipt=receipt(entry.kind, entry.amount, date.fromisoformat(entry.entry_date),
                            entry.loan_code, reversal=True),
            ticket=flows.ticket(turn, state, actor))
    except cashbook.NotEnoughCash as refusal:  # a grant taken back that was spent
        return [with_menu(texts.CB_NOT_ENOUGH_CASH.format(
            cash=format_vnd(refusal.cash), amount=format_vnd(entry.amount)), actor.account)]
    except (AlreadyDone, cashbook.AlreadyReversed):
        return [with_menu(texts.CB_ALREADY, actor.account)]
    except NotInClub:  # the entry is not of the flow's club: nothing written
        return [flows.stale(actor.account)]
    except cashbook.NotEnoughSavings as refusal:
        return [with_menu(texts.RV_NOT_ENOUGH.format(balance=format_vnd(refusal.balance)),
                          actor.account)]
    if entry.member_id is None:
        return [with_menu(texts.RV_DONE_CLUB.format(entry=describe(entry)), actor.account)]
    wake = getattr(services, "outbox_ready", None)
    if wake is not None:
        wake()
    return [with_menu(texts.RV_DONE.format(entry=describe(entry),
                                           name=escape(state.data["name"])), actor.account)]
