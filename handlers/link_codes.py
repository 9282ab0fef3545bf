"""🔑 Mã kết nối: a one-time code that links an account the contact card cannot.

A member with no phone on the roster, or a relative who helps a member (a
proxy, with the member's agreement), gets a code from the board: pick the
member, say for whom the code is, read it out or print it. A member who will
sign in on the web at a shared machine (a commune hall's PC) gets a 12-digit
code whose tries the web counts apart from that address's (see
:mod:`storage.link_codes`). The person types
it to the bot (or opens ``/start CODE``) and sees that member's books.

The board side re-checks the post on every step, and issuing ends the flow in
the same transaction, so a second tap issues nothing. Redeeming is storage's
business (:mod:`storage.link_codes`): hashing, expiry, one use, the limit on
tries; here it is only said kindly.
"""

from __future__ import annotations

from datetime import date, datetime
from html import escape

from club import texts
from club.address import address_for
from club.calendar import format_weekday_date
from club.roles import Permission
from handlers import flows, member_picker
from handlers.board import BoardActor
from handlers.context import Services
from handlers.conversation import Reply, Turn
from handlers.flows import button, cancel_row
from handlers.intents import looks_like_phone
from handlers.menu import ask_to_link, with_menu
from storage import link_codes, roster
from storage.accounts import Account
from storage.conversation import AlreadyDone, FlowState, NotInClub
from storage.link_codes import CODE_DIGITS, SHARED_CODE_DIGITS, Outcome, Redeemed

FLOW = "lc"
# Digit counts read as a code with a slip of the finger (one digit missing or
# extra); they get a hint and cost no try. Shorter numbers are left alone.
_NEAR_MISS = {*range(CODE_DIGITS - 1, CODE_DIGITS + 2),
              *range(SHARED_CODE_DIGITS - 1, SHARED_CODE_DIGITS + 2)}


def looks_like_code(text: str) -> bool:
    """Whether typed text is a link code (or nearly one) rather than words or a phone."""
    digits = link_codes.digits_of(text)
    return digits is not None and len(digits) in _NEAR_MISS and not looks_like_phone(text)


# ---------------------------------------------------------------- the board's side

async def on_choice(turn: Turn, account: Account, services: Services) -> list[Reply]:
    step = await flows.board_tap(turn, account, services, flow=FLOW,
                                 permission=Permission.LINK_CODES, opening=texts.LC_WHO)
    if isinstance(step, list):
        return step
    actor, state, tap = step.actor, step.state, step.tap
    if tap.action == member_picker.PICK_ACTION and state.data.get("step") == "member":
        return await member_picker.tapped(turn, actor, tap.args, services, _member_chosen)
    # "p" 0: the member, 1: a relative helping them, 2: the member at a shared machine.
    if (tap.action == "p" and state.data.get("step") == "purpose"
            and tap.args in (("0",), ("1",), ("2",))):
        return await _issue(turn, actor, state, proxy=tap.args[0] == "1",
                            shared=tap.args[0] == "2", services=services)
    return [flows.stale(account)]


async def on_text(turn: Turn, account: Account, state: FlowState,
                  services: Services) -> list[Reply]:
    actor = await flows.board_text(turn, account, state, services, Permission.LINK_CODES)
    if isinstance(actor, list):
        return actor
    if state.data.get("step") == "member":
        return await member_picker.typed(turn, actor, state, services, _member_chosen)
    return flows.ask(texts.FLOW_TAP_A_BUTTON, account, (cancel_row(state),))


async def _member_chosen(turn: Turn, actor: BoardActor, member: roster.RosterEntry,
                         services: Services) -> list[Reply]:
    state = await flows.begin(services, turn, actor, FLOW, {
        "step": "purpose", "member_id": member.id, "name": member.name, "code": member.code})
    name = escape(member.name)
    rows = (
        (button(texts.BTN_LC_SELF, state, "p", 0),),
        (button(texts.BTN_LC_PROXY, state, "p", 1),),
        (button(texts.BTN_LC_SHARED, state, "p", 2),),
        cancel_row(state),
    )
    return flows.ask(texts.LC_PURPOSE.format(name=name, code=member.code), actor.account, rows)


async def _issue(turn: Turn, actor: BoardActor, state: FlowState, *, proxy: bool,
                 shared: bool, services: Services) -> list[Reply]:
    # The member is checked again: the board post or the roster may have
    # changed since the member was picked.
    member = await roster.member_in_club(services.db, actor.club_id, state.data["member_id"])
    if member is None:
        return [flows.stale(actor.account)]
    try:
        issued = await link_codes.issue(
            services.db, club_id=actor.club_id, member_id=member.id, proxy=proxy,
            actor=actor.label, now=services.now(), shared=shared,
            ticket=flows.ticket(turn, state, actor))
    except (AlreadyDone, NotInClub):
        return [flows.stale(actor.account)]
    head = (texts.LC_ISSUED_SHARED if shared else texts.LC_ISSUED_PROXY if proxy
            else texts.LC_ISSUED_SELF)
    lines = [
        head.format(name=escape(member.name), code=member.code),
        f"<b>{link_codes.format_code(issued.code)}</b>",
        texts.LC_ISSUED_EXPIRES.format(when=_when(issued.expires_at)),
        texts.LC_HOW_TO_USE_SHARED if shared else texts.LC_HOW_TO_USE,
    ]
    username = getattr(services, "bot_username", None)
    if username and not shared:
        lines.append(texts.LC_DEEP_LINK.format(
            link=f"https://t.me/{username}?start={issued.code}"))
    if issued.revoked:
        lines.append(texts.LC_OLD_REVOKED)
    return [with_menu("\n".join(lines), actor.account)]


# ---------------------------------------------------------------- the person with the code

async def redeem(turn: Turn, account: Account, services: Services) -> list[Reply]:
    """A code typed (or carried by ``/start CODE``): link, or say kindly why not."""
    code = link_codes.normalize_code(turn.text)
    if code is None:
        return [_answer(texts.LC_MALFORMED, account)]
    result = await link_codes.redeem(services.db, turn.channel, turn.account_id, code,
                                     now=services.now())
    if result.ok:
        account = await services.reader.account(turn.channel, turn.account_id)
        if result.outcome is Outcome.ALREADY:
            text = texts.LC_ALREADY_LINKED.format(name=escape(result.name))
        else:
            text = greeting(result, account, services.now().date())
        return [with_menu(text, account)]
    if result.locked_until is not None:
        text = texts.LC_LOCKED.format(tries=link_codes.MAX_FAILURES,
                                      when=_when(result.locked_until))
        if result.outcome is not Outcome.LOCKED:  # this very try used the last one
            text = _FAILED[result.outcome] + "\n" + text
        return [_answer(text, account)]
    text = _FAILED[result.outcome] + "\n" + texts.LC_TRIES_LEFT.format(tries=result.tries_left)
    return [_answer(text, account)]


def greeting(result: Redeemed, account: Account, today: date) -> str:
    """What a person who has just linked with a code reads, on any channel.

    The member herself is greeted by her title ("Xin chào bà …"); a relative,
    who is not on the roster, without one.
    """
    name, club = escape(result.name), escape(result.club)
    if result.proxy:
        return texts.LC_LINKED_PROXY.format(name=name, club=club)
    link = next((link for link in account.links if link.member_id == result.member_id), None)
    you = link.title(today) if link is not None else address_for(None, "", today)
    return texts.LC_LINKED_SELF.format(you=you, name=name, club=club)


_FAILED = {
    Outcome.WRONG: texts.LC_WRONG,
    Outcome.EXPIRED: texts.LC_EXPIRED,
    Outcome.USED: texts.LC_USED,
    Outcome.REVOKED: texts.LC_REVOKED,
}


def _answer(text: str, account: Account) -> Reply:
    return with_menu(text, account) if account.links else ask_to_link(text)


def _when(moment: datetime) -> str:
    return texts.LC_WHEN.format(time=moment.strftime("%H:%M"),
                                date=format_weekday_date(moment.date()))
