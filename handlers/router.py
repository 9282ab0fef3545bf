"""One entry point for every turn on every channel.

Who is speaking decides what they may see: the account's links are read on
every turn, and every choice carried in a button is checked against them
again, because button data comes from the client and carries no trust.
"""

from __future__ import annotations

import logging
from html import escape

from club import texts
from handlers import contacts, health, linking, loans, savings, schedule
from handlers.context import Services
from handlers.conversation import Reply, Turn, TurnKind
from handlers.intents import Intent, looks_like_phone, recognise
from handlers.menu import ask_to_link, with_menu
from storage.accounts import Account

log = logging.getLogger(__name__)

# Screens that show one member's own books.
_MEMBER_SCREENS = {Intent.SAVINGS, Intent.LOANS, Intent.MEETING, Intent.HEALTH, Intent.CONTACTS}
_MAX_ECHO = 40  # how much of an unknown message is quoted back


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
        return await linking.start(turn, account)
    if turn.kind is TurnKind.CONTACT and turn.contact is not None:
        return await linking.contact_shared(turn, turn.contact, services)
    if turn.kind is TurnKind.CHOICE:
        return await _choice(turn, account, services)
    if turn.kind is TurnKind.OTHER or not turn.text.strip():
        return [_menu_or_link(texts.ONLY_TEXT, account)]

    intent = recognise(turn.text)
    if intent is None and looks_like_phone(turn.text):
        # Typing a number proves nothing; say how to prove it instead.
        return [_menu_or_link(texts.TYPED_PHONE, account)]
    if intent is None:
        quoted = escape(turn.text.strip()[:_MAX_ECHO])
        return [_menu_or_link(texts.NOT_UNDERSTOOD.format(text=quoted), account)]
    if intent is Intent.HELP:
        return [_menu_or_link(texts.HELP, account)]
    if intent is Intent.GREETING:
        return await linking.start(turn, account)
    if not account.links:
        return [ask_to_link()]
    if intent is Intent.SWITCH:
        return linking.ask_whom(account)
    if intent is Intent.UNLINK:
        return linking.ask_unlink(account)
    return [await member_screen(intent, account, services)]


async def member_screen(intent: Intent, account: Account, services: Services) -> Reply:
    assert intent in _MEMBER_SCREENS
    active = account.active
    assert active is not None
    now = services.now()
    file = await services.reader.member_file(active.member_id, now.date())
    if file is None:  # the member was removed from the roster since the link was made
        return ask_to_link()
    if intent is Intent.SAVINGS:
        text = savings.render(file, now.date())
    elif intent is Intent.LOANS:
        text = loans.render(file, now.date())
    elif intent is Intent.MEETING:
        text = schedule.render(file, now)
    elif intent is Intent.HEALTH:
        text = health.render(file)
    else:
        text = contacts.render(file)
    return with_menu(text, len(account.links))


async def _choice(turn: Turn, account: Account, services: Services) -> list[Reply]:
    if turn.choice.startswith(linking.PICK_PREFIX):
        return await linking.pick(turn, account, services)
    if turn.choice in (linking.UNLINK_YES, linking.UNLINK_NO):
        return await linking.answer_unlink(turn, account, services)
    return [_menu_or_link(texts.STALE_CHOICE, account)]


def _menu_or_link(text: str, account: Account) -> Reply:
    if account.links:
        return with_menu(text, len(account.links))
    return ask_to_link(text + "\n\n" + texts.NEED_LINK)
