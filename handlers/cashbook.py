"""💵 Ghi sổ quỹ: the treasurer records one money movement for one member,
or for the club itself.

Pick the member (a name typed any way, or the code), pick the kind, type the
amount, see it in words with the balance it leads to, confirm. The member's
linked accounts get a receipt. Every step re-checks the board post; the
confirm step writes the entry and ends the flow in one transaction.

The club's own money has two buttons of its own on the first question:
"🏦 Nhận hỗ trợ" (a grant or donation, with its source) and "🏦 Chi hoạt động"
(spending, with its purpose). The confirmation shows the fund after the entry
by the report's own figures; spending above the cash on hand is refused.
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
from storage.cashbook import CLUB_KINDS, NewEntry
from storage.conversation import AlreadyDone, FlowState, NotInClub
from storage.programme.figures import fund_position_of
from storage.roster import RosterEntry

FLOW = "cb"
MAX_ENTRY = 500_000_000        # above this a village fund entry is a slip of the finger
SIMPLE_KINDS = ("contribution", "deposit", "withdrawal")
MAX_NOTE = 120
_CLUB_BUTTONS = {"grant": texts.BTN_CLUB_GRANT, "spending": texts.BTN_CLUB_SPENDING}


async def on_choice(turn: Turn, account: Account, services: Services) -> list[Reply]:
    async def opening(opener: BoardActor) -> list[Reply]:
        state = await flows.begin(services, turn, opener, FLOW, {"step": "member"})
        club = tuple(button(label, state, "c", kind) for kind, label in _CLUB_BUTTONS.items())
        return flows.ask(texts.CB_WHO_OR_CLUB, account, (club, cancel_row(state)))

    step = await flows.board_tap(turn, account, services, flow=FLOW,
                                 permission=Permission.CASH_BOOK, opening=opening)
    if isinstance(step, list):
        return step
    actor, state, tap = step.actor, step.state, step.tap
    if tap.action == "c" and state.data.get("step") == "member" and tap.args \
            and tap.args[0] in CLUB_KINDS:
        state = await flows.begin(services, turn, actor, FLOW, {
            "step": "note", "kind": tap.args[0], "member_id": None})
        return flows.ask(texts.CB_CLUB_NOTE[tap.args[0]], account, (cancel_row(state),))
    if tap.action == member_picker.PICK_ACTION:
        return await member_picker.tapped(turn, actor, tap.args, services, _picked)
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
    if step == "note":
        note = " ".join(turn.text.split())[:MAX_NOTE]
        if len(note) < 2:
            return flows.ask(texts.CB_CLUB_NOTE_EMPTY, account, (cancel_row(state),))
        state = await flows.begin(services, turn, actor, FLOW,
                                  {**state.data, "step": "amount", "note": note})
        return flows.ask(texts.CB_CLUB_AMOUNT.format(
            what=capitalize_first(kind_words(state.data["kind"])), note=escape(note)),
            account, (cancel_row(state),))
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
    return await member_picker.typed(turn, actor, state, services, _picked)


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
    if amount > MAX_ENTRY:
        return flows.ask(texts.CB_AMOUNT_TOO_BIG.format(amount=format_vnd(amount)),
                         actor.account, (cancel_row(state),))
    if kind in CLUB_KINDS:
        return await _club_amount_given(turn, actor, state, amount, services)
    name = escape(data["name"])
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


async def _club_amount_given(turn: Turn, actor: BoardActor, state: FlowState, amount: int,
                             services: Services) -> list[Reply]:
    """The club's own money: the fund before and after, by the report's figures."""
    data = dict(state.data)
    kind, today = data["kind"], services.now().date()
    fund = await fund_position_of(services.db.fetchall, actor.club_id, today)
    if kind == "spending" and not fund.can_pay(amount):
        return flows.ask(texts.CB_NOT_ENOUGH_CASH.format(
            cash=format_vnd(fund.cash), amount=format_vnd(amount)), actor.account,
            (cancel_row(state),))
    sign = 1 if kind == "grant" else -1
    after = texts.CB_AFTER_FUND.format(capital=format_vnd(fund.capital + sign * amount),
                                       cash=format_vnd(fund.cash + sign * amount))
    data.update(step="confirm", amount=amount)
    state = await flows.begin(services, turn, actor, FLOW, data)
    text = texts.CB_CLUB_CONFIRM.format(
        what=kind_words(kind), amount=format_vnd(amount), words=amount_in_words(amount),
        date=format_date(today), note=escape(data["note"]), after=after,
        label=texts.CB_CLUB_SOURCE if kind == "grant" else texts.CB_CLUB_PURPOSE)
    return flows.ask(text, actor.account,
                     ((button(texts.BTN_CONFIRM, state, "ok"),), cancel_row(state)))


async def _club_confirmed(turn: Turn, actor: BoardActor, state: FlowState,
                          services: Services) -> list[Reply]:
    data, now = state.data, services.now()
    entry = NewEntry(club_id=actor.club_id, member_id=None, kind=data["kind"],
                     amount=data["amount"], entry_date=now.date(), note=data["note"])
    try:
        await cashbook.record(services.db, entry, actor=actor.label, now=now,
                              ticket=flows.ticket(turn, state, actor))
    except AlreadyDone:
        return [with_menu(texts.CB_ALREADY, actor.account)]
    except cashbook.NotEnoughCash as refusal:
        return [with_menu(texts.CB_NOT_ENOUGH_CASH.format(
            cash=format_vnd(refusal.cash), amount=format_vnd(entry.amount)), actor.account)]
    return [with_menu(texts.CB_CLUB_DONE.format(
        what=capitalize_first(kind_words(entry.kind)), amount=format_vnd(entry.amount),
        note=escape(entry.note)), actor.account)]


async def _confirmed(turn: Turn, actor: BoardActor, state: FlowState,
                     services: Services) -> list[Reply]:
    data = state.data
    if data.get("kind") in CLUB_KINDS:
        return await _club_confirmed(turn, actor, state, services)
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


async def _picked(turn: Turn, actor: BoardActor, member: RosterEntry,
                  services: Services) -> list[Reply]:
    """The member picked, by her button or by typing her name."""
    return await _member_chosen(turn, actor, member.id, services)
