"""💵 Ghi sổ quỹ: the treasurer records one money movement for one member.

Pick the member (a name typed any way, or the code), pick the kind, type the
amount, see it in words with the balance it leads to, confirm. The member's
linked accounts get a receipt. Every step re-checks the board post; the
confirm step writes the entry and ends the flow in one transaction.
"""

from __future__ import annotations

from html import escape

from club import texts
from club.calendar import format_date
from club.money import amount_in_words, format_vnd, parse_amount
from club.roles import Permission
from club.text import capitalize_first
from handlers import flows, loans, member_picker
from handlers.board import BoardActor
from handlers.context import Services
from handlers.conversation import Button, Reply, Turn
from handlers.flows import Tap, button, cancel_row
from handlers.menu import with_menu
from handlers.receipts import kind_words, receipt
from handlers.savings import savings_balance
from storage import cashbook, roster
from storage.accounts import Account
from storage.cashbook import NewEntry
from storage.conversation import AlreadyDone, FlowState, NotInClub

FLOW = "cb"
MAX_ENTRY = 500_000_000        # above this a village fund entry is a slip of the finger
SIMPLE_KINDS = ("contribution", "deposit", "withdrawal")


async def on_choice(turn: Turn, account: Account, services: Services) -> list[Reply]:
    step = await flows.board_tap(turn, account, services, flow=FLOW,
                                 permission=Permission.CASH_BOOK, opening=texts.CB_WHO)
    if isinstance(step, list):
        return step
    actor, state, tap = step.actor, step.state, step.tap
    if tap.action == member_picker.PICK_ACTION:
        member = await member_picker.picked(actor, tap.args, services)
        if member is None:  # forged, or of another club
            return [flows.stale(account)]
        return await _member_chosen(turn, actor, member.id, services)
    if tap.action == "k" and state.data.get("member_id"):
        return await _kind_chosen(turn, actor, state, tap, services)
    amount = flows.number(tap.args[0]) if tap.args else None
    if tap.action == "a" and state.data.get("step") == "amount" and amount:
        return await _amount_given(turn, actor, state, amount, services)
    if tap.action == "ok" and state.data.get("step") == "confirm":
        return await _confirmed(turn, actor, state, services)
    return [flows.stale(account)]


async def on_text(turn: Turn, account: Account, state: FlowState,
                  services: Services) -> list[Reply]:
    actor = await flows.board_text(turn, account, state, services, Permission.CASH_BOOK)
    if isinstance(actor, list):
        return actor
    step = state.data.get("step")
    if step == "member":
        return await _search(turn, actor, state, services)
    if step == "amount":
        amount = parse_amount(turn.text)
        if amount is None or amount <= 0:
            return flows.ask(texts.CB_AMOUNT_UNCLEAR.format(text=escape(turn.text[:30])),
                             account, (cancel_row(state),))
        return await _amount_given(turn, actor, state, amount, services)
    return flows.ask(texts.FLOW_TAP_A_BUTTON, account, (cancel_row(state),))


# ------------------------------------------------------------------ steps

async def _search(turn: Turn, actor: BoardActor, state: FlowState,
                  services: Services) -> list[Reply]:
    found = await member_picker.search(actor, state, turn.text, services)
    if isinstance(found, list):
        return found
    return await _member_chosen(turn, actor, found.id, services)


async def _member_chosen(turn: Turn, actor: BoardActor, member_id: int,
                         services: Services) -> list[Reply]:
    member = await roster.member_in_club(services.db, actor.club_id, member_id)
    if member is None:  # forged or from another club
        return [flows.stale(actor.account)]
    state = await flows.begin(services, turn, actor, FLOW, {
        "step": "kind", "member_id": member.id, "name": member.name, "code": member.code})
    file = await services.reader.member_file(member.id, services.now().date())
    assert file is not None
    kinds = [button(capitalize_first(kind_words(k)), state, "k", k) for k in SIMPLE_KINDS]
    rows: list[tuple[Button, ...]] = [tuple(kinds[:2]), tuple(kinds[2:])]
    for record, status in loans.statuses(file, services.now().date()):
        if not status.closed:
            rows.append((button(capitalize_first(kind_words("principal", record.code)), state, "k",
                                "principal", record.id),
                         button(capitalize_first(kind_words("interest", record.code)), state, "k",
                                "interest", record.id)))
    rows.append(cancel_row(state))
    return flows.ask(texts.CB_KIND.format(name=escape(member.name), code=member.code),
                     actor.account, tuple(rows))


async def _kind_chosen(turn: Turn, actor: BoardActor, state: FlowState, tap: Tap,
                       services: Services) -> list[Reply]:
    kind = tap.args[0] if tap.args else ""
    data = dict(state.data)
    file = await services.reader.member_file(data["member_id"], services.now().date())
    if kind not in cashbook.KINDS or file is None or file.member.club_id != actor.club_id:
        return [flows.stale(actor.account)]
    suggested: int | None = file.club.contribution if kind == "contribution" else None
    loan_code = None
    if kind in ("principal", "interest"):
        loan_id = flows.number(tap.args[1]) if len(tap.args) > 1 else None
        found = [(r, s) for r, s in loans.statuses(file, services.now().date())
                 if r.id == loan_id and not s.closed]
        if not found:
            return [flows.stale(actor.account)]
        record, status = found[0]
        loan_code = record.code
        data.update(loan_id=record.id, loan_code=record.code, outstanding=status.outstanding)
        if status.next_installment is not None:
            nxt = status.next_installment
            suggested = nxt.principal if kind == "principal" else nxt.interest
    data.update(step="amount", kind=kind)
    state = await flows.begin(services, turn, actor, FLOW, data)
    choices: list[tuple[Button, ...]] = []
    if suggested:
        choices.append((button(format_vnd(suggested), state, "a", suggested),))
    choices.append(cancel_row(state))
    what = capitalize_first(kind_words(kind, loan_code))
    return flows.ask(texts.CB_AMOUNT.format(what=what, name=escape(data["name"])),
                     actor.account, tuple(choices))


async def _amount_given(turn: Turn, actor: BoardActor, state: FlowState, amount: int,
                        services: Services) -> list[Reply]:
    data = dict(state.data)
    kind = data["kind"]
    name = escape(data["name"])
    if amount > MAX_ENTRY:
        return flows.ask(texts.CB_AMOUNT_TOO_BIG.format(amount=format_vnd(amount)),
                         actor.account, (cancel_row(state),))
    after = ""
    if kind in ("deposit", "withdrawal"):
        file = await services.reader.member_file(data["member_id"], services.now().date())
        assert file is not None
        balance = savings_balance(file.cash)
        if kind == "withdrawal" and amount > balance:
            return flows.ask(texts.CB_NOT_ENOUGH.format(
                name=name, balance=format_vnd(balance), amount=format_vnd(amount)),
                actor.account, (cancel_row(state),))
        new_balance = balance + amount if kind == "deposit" else balance - amount
        after = texts.CB_AFTER_SAVINGS.format(amount=format_vnd(new_balance))
    if kind == "principal":
        if amount > data["outstanding"]:
            return flows.ask(texts.CB_TOO_MUCH_PRINCIPAL.format(
                loan=data["loan_code"], outstanding=format_vnd(data["outstanding"])),
                actor.account, (cancel_row(state),))
        after = texts.CB_AFTER_LOAN.format(amount=format_vnd(data["outstanding"] - amount))
    data.update(step="confirm", amount=amount)
    state = await flows.begin(services, turn, actor, FLOW, data)
    text = texts.CB_CONFIRM.format(
        what=kind_words(kind, data.get("loan_code")), name=name, amount=format_vnd(amount),
        words=amount_in_words(amount), date=format_date(services.now().date()), after=after)
    return flows.ask(text, actor.account,
                     ((button(texts.BTN_CONFIRM, state, "ok", primary=True),), cancel_row(state)))


async def _confirmed(turn: Turn, actor: BoardActor, state: FlowState,
                     services: Services) -> list[Reply]:
    data = state.data
    now = services.now()
    entry = NewEntry(club_id=actor.club_id, member_id=data["member_id"], kind=data["kind"],
                     amount=data["amount"], entry_date=now.date(), loan_id=data.get("loan_id"))
    try:
        done = await cashbook.record(
            services.db, entry, actor=actor.label, now=now,
            receipt=receipt(entry.kind, entry.amount, entry.entry_date, data.get("loan_code")),
            ticket=flows.ticket(turn, state, actor))
    except AlreadyDone:
        return [with_menu(texts.CB_ALREADY, actor.account)]
    except NotInClub:  # the member or loan is not of the flow's club: nothing written
        return [flows.stale(actor.account)]
    except cashbook.NotEnoughSavings as refusal:
        return [with_menu(texts.CB_NOT_ENOUGH.format(
            name=escape(data["name"]), balance=format_vnd(refusal.balance),
            amount=format_vnd(entry.amount)), actor.account)]
    wake = getattr(services, "outbox_ready", None)
    if wake is not None and done.receipts:
        wake()
    told = texts.CB_DONE_RECEIPT if done.receipts else texts.CB_DONE_NO_LINK
    return [with_menu(texts.CB_DONE.format(
        what=kind_words(entry.kind, data.get("loan_code")), name=escape(data["name"]),
        amount=format_vnd(entry.amount)) + told, actor.account)]
