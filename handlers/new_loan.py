"""🤝 Cho vay mới: the treasurer records a loan from the fund.

Member, amount, term, monthly rate, repayment method; then a confirmation
showing the amount in words and the first installment, so the borrower's
schedule is checked before it exists. Only posts with Permission.LOANS. The
amount question shows the cash on hand; a loan larger than it is refused
there, and again inside the transaction that would record it.
"""

from __future__ import annotations

from html import escape

from club import texts
from club.calendar import format_date
from club.loans import METHOD_LABELS, Loan, RepaymentMethod, parse_rate_ppm, schedule
from club.money import amount_in_words, format_vnd, parse_amount
from club.roles import Permission
from club.text import capitalize_first
from handlers import flows, member_picker
from handlers.board import BoardActor
from handlers.context import Services
from handlers.conversation import Reply, Turn
from handlers.flows import button, cancel_row
from handlers.menu import with_menu
from storage.accounts import Account
from storage.cashbook import NotEnoughCash
from storage.conversation import AlreadyDone, FlowState, NotInClub
from storage.loans import create_loan
from storage.programme.figures import fund_position_of
from storage.roster import RosterEntry

FLOW = "ln"
TERMS = (3, 6, 12, 24)
MAX_TERM = 60
MAX_LOAN = 500_000_000


def _rate_text(ppm: int) -> str:
    return f"{ppm / 10_000:g}".replace(".", ",")


async def on_choice(turn: Turn, account: Account, services: Services) -> list[Reply]:
    found = await flows.board_tap(turn, account, services, flow=FLOW,
                                  permission=Permission.LOANS, opening=texts.LN_WHO)
    if isinstance(found, list):
        return found
    actor, state, tap = found.actor, found.state, found.tap
    step = state.data.get("step")
    if tap.action == member_picker.PICK_ACTION and step == "member":
        return await member_picker.tapped(turn, actor, tap.args, services, _ask_amount)
    months = flows.number(tap.args[0]) if tap.args else None
    if tap.action == "t" and step == "term" and months is not None:
        return await _term_given(turn, actor, state, months, services)
    if tap.action == "m" and step == "method" and tap.args:
        return await _method_given(turn, actor, state, tap.args[0], services)
    if tap.action == "ok" and step == "confirm":
        return await _confirmed(turn, actor, state, services)
    return [flows.stale(account)]


async def on_text(turn: Turn, account: Account, state: FlowState,
                  services: Services) -> list[Reply]:
    actor = await flows.board_text(turn, account, state, services, Permission.LOANS)
    if isinstance(actor, list):
        return actor
    step = state.data.get("step")
    if step == "member":
        return await member_picker.typed(turn, actor, state, services, _ask_amount)
    if step == "amount":
        amount = parse_amount(turn.text)
        if amount is None or amount <= 0 or amount > MAX_LOAN:
            return flows.ask(texts.CB_AMOUNT_UNCLEAR.format(text=escape(turn.text[:30])),
                             account, (cancel_row(state),))
        fund = await fund_position_of(services.db.fetchall, actor.club_id,
                                      services.now().date())
        if not fund.can_pay(amount):
            return flows.ask(texts.LN_NOT_ENOUGH_CASH.format(
                amount=format_vnd(amount), cash=format_vnd(fund.cash)), account,
                (cancel_row(state),))
        state = await flows.begin(services, turn, actor, FLOW, {**state.data, "step": "term",
                                                                "amount": amount})
        rows = (tuple(button(texts.LN_MONTHS.format(n=n), state, "t", n) for n in TERMS),
                cancel_row(state))
        return flows.ask(texts.LN_TERM, account, rows)
    if step == "term":
        digits = "".join(ch for ch in turn.text if ch in "0123456789")
        if not digits or not 1 <= int(digits) <= MAX_TERM:
            return flows.ask(texts.LN_TERM_UNCLEAR, account, (cancel_row(state),))
        return await _term_given(turn, actor, state, int(digits), services)
    if step == "rate":
        try:
            rate = parse_rate_ppm(turn.text)
        except ValueError:
            return flows.ask(texts.LN_RATE_UNCLEAR, account, (cancel_row(state),))
        state = await flows.begin(services, turn, actor, FLOW, {**state.data, "step": "method",
                                                                "rate_ppm": rate})
        rows = tuple((button(capitalize_first(METHOD_LABELS[m]), state, "m", m.value),)
                     for m in RepaymentMethod) + (cancel_row(state),)
        return flows.ask(texts.LN_METHOD, account, rows)
    return flows.ask(texts.FLOW_TAP_A_BUTTON, account, (cancel_row(state),))


async def _ask_amount(turn: Turn, actor: BoardActor, member: RosterEntry,
                      services: Services) -> list[Reply]:
    state = await flows.begin(services, turn, actor, FLOW, {
        "step": "amount", "member_id": member.id, "name": member.name})
    fund = await fund_position_of(services.db.fetchall, actor.club_id, services.now().date())
    cash = (texts.LN_CASH.format(cash=format_vnd(fund.cash)) if fund.known
            else texts.LN_CASH_UNKNOWN)
    return flows.ask(texts.LN_AMOUNT.format(name=escape(member.name)) + cash, actor.account,
                     (cancel_row(state),))


async def _term_given(turn: Turn, actor: BoardActor, state: FlowState, months: int,
                      services: Services) -> list[Reply]:
    if not 1 <= months <= MAX_TERM:
        return [flows.stale(actor.account)]
    state = await flows.begin(services, turn, actor, FLOW, {**state.data, "step": "rate",
                                                            "term": months})
    return flows.ask(texts.LN_RATE, actor.account, (cancel_row(state),))


def _loan(data: dict, services: Services) -> Loan:
    return Loan(code="", amount=data["amount"], disbursed=services.now().date(),
                term_months=data["term"], rate_ppm=data["rate_ppm"],
                method=RepaymentMethod(data["method"]))


async def _method_given(turn: Turn, actor: BoardActor, state: FlowState, method: str,
                        services: Services) -> list[Reply]:
    if method not in {m.value for m in RepaymentMethod}:
        return [flows.stale(actor.account)]
    data = {**state.data, "step": "confirm", "method": method}
    state = await flows.begin(services, turn, actor, FLOW, data)
    loan = _loan(data, services)
    first = schedule(loan)[0]
    text = texts.LN_CONFIRM.format(
        name=escape(data["name"]), amount=format_vnd(loan.amount),
        words=amount_in_words(loan.amount), term=loan.term_months,
        rate=_rate_text(loan.rate_ppm), method=METHOD_LABELS[loan.method],
        first_date=format_date(first.due), principal=format_vnd(first.principal),
        interest=format_vnd(first.interest))
    return flows.ask(text, actor.account,
                     ((button(texts.BTN_CONFIRM_LOAN, state, "ok"),), cancel_row(state)))


async def _confirmed(turn: Turn, actor: BoardActor, state: FlowState,
                     services: Services) -> list[Reply]:
    data = state.data
    loan = _loan(data, services)
    now = services.now()

    def notice(code: str, you: str) -> str:
        return texts.LN_NOTICE.format(code=code, you=escape(you), amount=format_vnd(loan.amount),
                                      date=format_date(loan.disbursed), term=loan.term_months,
                                      rate=_rate_text(loan.rate_ppm))

    try:
        code = await create_loan(
            services.db, club_id=actor.club_id, member_id=data["member_id"], amount=loan.amount,
            disbursed=loan.disbursed, term_months=loan.term_months, rate_ppm=loan.rate_ppm,
            method=loan.method.value, purpose="", actor=actor.label, now=now, notice=notice,
            ticket=flows.ticket(turn, state, actor))
    except AlreadyDone:
        return [with_menu(texts.CB_ALREADY, actor.account)]
    except NotInClub:  # the borrower is not of the flow's club: nothing written
        return [flows.stale(actor.account)]
    except NotEnoughCash as refusal:  # the cash went out meanwhile: nothing written
        return [with_menu(texts.LN_NOT_ENOUGH_CASH.format(
            amount=format_vnd(loan.amount), cash=format_vnd(refusal.cash)), actor.account)]
    wake = getattr(services, "outbox_ready", None)
    if wake is not None:
        wake()
    return [with_menu(texts.LN_DONE.format(code=code, name=escape(data["name"]),
                                           amount=format_vnd(loan.amount)), actor.account)]
