"""Linking a chat account to the member(s) it may see — proven, never claimed.

On Telegram the proof is the contact card shared with the channel's own
button: its owner id equals the sender's. A typed phone number, a forwarded
card or someone else's contact proves nothing and links nothing.
"""

from __future__ import annotations

from html import escape

from club import texts
from club.phone import format_phone, normalize_phone
from handlers import flows
from handlers.context import Services
from handlers.conversation import Button, Reply, Rows, SharedContact, Turn
from handlers.menu import ask_to_link, with_menu
from storage import accounts, outbox
from storage.accounts import Account

PICK_PREFIX = "pick:"
UNLINK_YES = "unlink:yes"
UNLINK_NO = "unlink:no"


def pick_choices(account: Account) -> Rows:
    return tuple((Button(link.name, f"{PICK_PREFIX}{link.member_id}"),) for link in account.links)


async def start(turn: Turn, account: Account, services: Services) -> list[Reply]:
    # Whoever writes to the bot has not blocked it (any more): let messages flow again.
    async with services.db.transaction() as conn:
        await outbox.unblock(conn, turn.channel, turn.account_id)
    if not account.links:
        return [ask_to_link(texts.WELCOME_NEW)]
    active = account.active
    assert active is not None
    today = services.now().date()
    if not account.reader_is_member:  # a relative, a shared phone: told whose book it is
        return [with_menu(texts.WELCOME_BACK_PROXY.format(you=escape(account.you(today))),
                          account)]
    return [with_menu(texts.WELCOME_BACK.format(you=active.title(today),
                                                name=escape(active.name)), account)]


async def contact_shared(turn: Turn, contact: SharedContact, services: Services) -> list[Reply]:
    if contact.owner_id is None or contact.owner_id != turn.account_id:
        return [ask_to_link(texts.NOT_OWN_CONTACT)]
    try:
        phone = normalize_phone(contact.phone)
    except ValueError:
        phone = None
    if phone is None:
        return [ask_to_link(texts.PHONE_UNREADABLE)]

    matches = await accounts.members_with_phone(services.db, phone)
    if not matches:
        return [ask_to_link(await _not_on_roster(phone, services))]

    await accounts.link_members(services.db, turn.channel, turn.account_id,
                                [m.member_id for m in matches], how="contact",
                                now=services.now(), phone=phone)
    account = await services.reader.account(turn.channel, turn.account_id)
    if len(matches) == 1:
        m = matches[0]
        # The phone's owner proved it is hers: she is the one reading.
        you = next(link.title(services.now().date()) for link in account.links
                   if link.member_id == m.member_id)
        return [with_menu(texts.LINKED_ONE.format(you=you, name=escape(m.name),
                                                  club=escape(m.club_name)), account)]
    names = ", ".join(escape(m.name) for m in matches)
    # Two messages: the menu must reach the screen, and Telegram carries one
    # keyboard per message, so the names to pick from come in the second.
    return [
        with_menu(texts.LINKED_MANY.format(count=len(matches), names=names), account),
        *ask_whom(account),
    ]


async def _not_on_roster(phone: str, services: Services) -> str:
    chairs = await accounts.club_chairs(services.db)
    first = texts.PHONE_NOT_ON_ROSTER.format(phone=phone)
    if len(chairs) == 1 and chairs[0][1]:
        club, chair, chair_phone = chairs[0]
        return first + "\n" + texts.ASK_CHAIR.format(
            club=escape(club), chair=escape(chair),
            chair_phone=(texts.CHAIR_PHONE.format(phone=format_phone(chair_phone))
                         if chair_phone else ""))
    return first + "\n" + texts.ASK_ANY_CHAIR


def ask_whom(account: Account) -> list[Reply]:
    return [with_menu(texts.PICK_WHO, account, choices=pick_choices(account))]


async def pick(turn: Turn, account: Account, services: Services) -> list[Reply]:
    """A tap on one of the names; the id in the button is re-checked against the links."""
    raw = turn.choice.removeprefix(PICK_PREFIX)
    member_id = int(raw) if flows.is_number(raw) else -1
    if not account.may_see(member_id) or not await accounts.set_active_member(
            services.db, turn.channel, turn.account_id, member_id):
        return [_stale(account)]
    name = next(link.name for link in account.links if link.member_id == member_id)
    return [with_menu(texts.NOW_VIEWING.format(name=escape(name)), account)]


def ask_unlink(account: Account) -> list[Reply]:
    names = ", ".join(escape(link.name) for link in account.links)
    return [with_menu(texts.UNLINK_CONFIRM.format(names=names), account,
                      choices=((Button(texts.BTN_YES_UNLINK, UNLINK_YES),
                                Button(texts.BTN_NO, UNLINK_NO)),))]


async def answer_unlink(turn: Turn, account: Account, services: Services) -> list[Reply]:
    if turn.choice == UNLINK_YES and account.links:
        await accounts.unlink_all(services.db, turn.channel, turn.account_id, now=services.now())
        return [ask_to_link(texts.UNLINK_DONE)]
    if not account.links:
        return [ask_to_link()]
    return [with_menu(texts.UNLINK_KEPT, account)]


def _stale(account: Account) -> Reply:
    if not account.links:
        return ask_to_link(texts.STALE_CHOICE)
    return with_menu(texts.STALE_CHOICE, account)
