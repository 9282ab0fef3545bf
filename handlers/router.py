"""One entry point for every turn on every channel, and the one place where
every conversation is registered.

Who is speaking decides what they may see: the account's links are read on
every turn, and every choice carried in a button is checked against them
again, because button data comes from the client and carries no trust.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from html import escape

from club import address, texts
from handlers import (
    address_style,
    board,
    care,
    care_board,
    cashbook,
    charts,
    checkup_exams,
    consent_paper,
    contacts,
    corrections,
    fund,
    health,
    link_codes,
    linking,
    loans,
    meeting_areas,
    meeting_topics,
    meetings_board,
    new_loan,
    notices,
    privacy,
    privacy_board,
    programme_report,
    readings,
    reminders,
    reports,
    rollcall,
    savings,
    schedule,
    sweep,
)
from handlers.context import Services
from handlers.conversation import Reply, Turn, TurnKind
from handlers.intents import Intent, is_button, looks_like_phone, recognise
from handlers.menu import ask_to_link, holds_board_post, with_menu
from storage.accounts import Account
from storage.conversation import FlowState

log = logging.getLogger(__name__)

ChoiceHandler = Callable[[Turn, Account, Services], Awaitable[list[Reply]]]
# None: the flow waits for taps only, and the words are answered as outside it.
FlowHandler = Callable[[Turn, Account, FlowState, Services], Awaitable[list[Reply] | None]]

# Inline choices, by the prefix of their data before the first ":".
CHOICES: dict[str, ChoiceHandler] = {
    "pick": linking.pick,
    "unlink": linking.answer_unlink,
    "cb": cashbook.on_choice,
    "hr": readings.on_choice,
    "rv": corrections.on_choice,
    "rp": reports.on_choice,
    "ln": new_loan.on_choice,
    "lc": link_codes.on_choice,
    "nt": notices.on_choice,
    "mt": meetings_board.on_meeting_choice,
    "ck": meetings_board.on_checkup_choice,
    "rm": reminders.on_choice,
    "rc": rollcall.on_choice,
    "sw": sweep.on_choice,
    "fd": fund.on_choice,
    "rt": meeting_areas.on_choice,
    "tp": meeting_topics.on_choice,
    "ex": checkup_exams.on_choice,
    "br": programme_report.on_choice,
    "xh": address_style.on_choice,
    "cs": health.on_choice,
    "cp": consent_paper.on_choice,
    "pv": privacy.on_choice,
    "pb": privacy_board.on_choice,
    "vs": care.on_choice,
    "cc": care_board.on_choice,
}
# Typed text while a multi-step flow is in progress, by the flow's name.
FLOWS: dict[str, FlowHandler] = {
    "cb": cashbook.on_text,
    "hr": readings.on_text,
    "rv": corrections.on_text,
    "ln": new_loan.on_text,
    "lc": link_codes.on_text,
    "nt": notices.on_text,
    "rp": reports.on_text,
    "mt": meetings_board.on_meeting_text,
    "ck": meetings_board.on_checkup_text,
    "cp": consent_paper.on_text,
    "pv": privacy.on_text,
    "pb": privacy_board.on_text,
    "rt": meeting_areas.on_text,
    "tp": meeting_topics.on_text,
    "vs": care.on_text,
    "cc": care_board.on_text,
}

# Screens that show one member's own books.
_MEMBER_SCREENS = {Intent.SAVINGS, Intent.LOANS, Intent.MEETING, Intent.HEALTH, Intent.CONTACTS}
_MAX_ECHO = 40  # how much of an unknown message is quoted back
# Longer typed text, outside a flow that asked for it (a notice), is no
# question the menu answers: most likely something pasted or sent by mistake.
MAX_TYPED = 500


async def respond(turn: Turn, services: Services) -> list[Reply]:
    """The replies to one turn. Never raises: a failure becomes a kind apology."""
    try:
        return await _respond(turn, services)
    except Exception:
        log.exception("turn failed: %s/%s %s", turn.channel, turn.account_id, turn.kind)
        return [Reply(text=texts.SOMETHING_WRONG)]


async def _respond(turn: Turn, services: Services) -> list[Reply]:
    account = await services.reader.account(turn.channel, turn.account_id)

    if turn.kind is TurnKind.START:
        if link_codes.looks_like_code(turn.text):  # /start CODE, from a deep link
            return await link_codes.redeem(turn, account, services)
        return await linking.start(turn, account, services)
    if turn.kind is TurnKind.CONTACT and turn.contact is not None:
        return await linking.contact_shared(turn, turn.contact, services)
    if turn.kind is TurnKind.CHOICE:
        handler = CHOICES.get(turn.choice.split(":", 1)[0])
        if handler is None:
            return [menu_or_link(texts.STALE_CHOICE, account)]
        return await handler(turn, account, services)
    if turn.kind is TurnKind.OTHER:
        return [menu_or_link(texts.ONLY_TEXT, account)]
    if not turn.text.strip():
        return [menu_or_link(texts.EMPTY_MESSAGE, account)]

    # A main-menu button always does what it says; other text may belong to
    # a flow in progress (a name being searched, an amount being typed).
    if account.links and not is_button(turn.text):
        state = await services.reader.flow(turn.channel, turn.account_id)
        if state is not None and state.flow in FLOWS:
            replies = await FLOWS[state.flow](turn, account, state, services)
            if replies is not None:
                return replies

    if len(turn.text) > MAX_TYPED:
        return [_too_long(turn.text, account)]
    if link_codes.looks_like_code(turn.text):
        return await link_codes.redeem(turn, account, services)
    intent = recognise(turn.text)
    if intent is None and looks_like_phone(turn.text):
        # Typing a number proves nothing; say how to prove it instead.
        return [menu_or_link(texts.TYPED_PHONE, account)]
    if intent is None:
        quoted = escape(turn.text.strip()[:_MAX_ECHO])
        return [menu_or_link(texts.NOT_UNDERSTOOD.format(text=quoted), account)]
    if intent is Intent.HELP:
        if not account.links:
            return [menu_or_link(texts.HELP, account)]
        return [reminders.help_answer(texts.HELP, account)]
    if intent is Intent.GREETING:
        return await linking.start(turn, account, services)
    if not account.links:
        return [ask_to_link()]
    if intent is Intent.SWITCH:
        return linking.ask_whom(account)
    if intent is Intent.UNLINK:
        return linking.ask_unlink(account)
    if intent is Intent.BOARD:
        return [board.menu_for(account, CHOICES.keys())]
    if intent is Intent.VISITS:
        return await care.open_list(turn, account, services)
    if intent in reminders.INTENTS:
        return await reminders.on_intent(intent, turn, account, services)
    if intent in privacy.INTENTS:
        return await privacy.on_intent(intent, turn, account, services)
    if intent is Intent.WITHDRAW_CONSENT:
        return [await health.withdraw(turn, account, services)]
    if intent is Intent.REPORT_SAVINGS:
        return await reports.start("savings", turn, account, services)
    if intent is Intent.REPORT_LOANS:
        return await reports.start("loans", turn, account, services)
    if intent is Intent.REPORT:
        return await reports.ask_which(account, services)
    return [await member_screen(intent, turn, account, services)]


async def member_screen(intent: Intent, turn: Turn, account: Account,
                        services: Services) -> Reply:
    assert intent in _MEMBER_SCREENS
    active = account.active
    assert active is not None
    now = services.now()
    today = now.date()
    file = await services.reader.member_file(active.member_id, today)
    if file is None:  # the member was removed from the roster since the link was made
        return ask_to_link()
    # How the reader calls the member: "bà" on her own phone, "bà Lan" on a relative's.
    you = address.you(file.address, file.member.name, named=not account.reader_is_member)
    minute = now.replace(second=0, microsecond=0)
    screens = services.screens
    if intent is Intent.SAVINGS:
        text = screens.text(file, ("savings", you, today),
                            lambda: savings.render(file, today, you))
        return with_menu(text, account, under=reports.report_button(file, "savings", today),
                         image=charts.savings_chart(file, today, services.charts))
    if intent is Intent.LOANS:
        text = screens.text(file, ("loans", minute), lambda: loans.render(file, today, now))
        return with_menu(text, account, under=reports.report_button(file, "loans", today))
    if intent is Intent.MEETING:
        return with_menu(screens.text(file, ("meeting", you, minute),
                                      lambda: schedule.render(file, now, you)), account)
    if intent is Intent.HEALTH:
        return await health.screen(file, account, turn, services, you)
    return with_menu(screens.text(file, ("contacts",), lambda: contacts.render(file)), account)


def _too_long(text: str, account: Account) -> Reply:
    said = texts.TOO_LONG.format(length=len(text), limit=MAX_TYPED)
    if holds_board_post(account):
        said += "\n" + texts.TOO_LONG_BOARD
    return menu_or_link(said, account)


def menu_or_link(text: str, account: Account) -> Reply:
    if account.links:
        return with_menu(text, account)
    return ask_to_link(text + "\n\n" + texts.NEED_LINK)
