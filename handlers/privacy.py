"""What the member controls about her data, under "❓ Hướng dẫn".

The help answer carries, besides the reminders' two buttons, the member's
privacy choices: her data ("📄 Dữ liệu của tôi"), the relatives who see her
books ("👪 Người nhà xem sổ", each of which she can end herself), and
withdrawing her consent to health readings in one tap. Drawing them needs no
database read (help is the cheapest screen); every tap is checked against the
account's links again, since button data proves nothing.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from html import escape

from club import texts
from club.calendar import format_date
from handlers import health, my_data
from handlers.context import Services
from handlers.conversation import Button, Reply, Rows, Turn
from handlers.intents import Intent
from handlers.menu import ask_to_link, with_menu
from storage import relatives
from storage.accounts import Account, LinkedMember

PREFIX = "pv"
RELATIVES = f"{PREFIX}:relatives"
MY_DATA = f"{PREFIX}:data"
INTENTS = (Intent.RELATIVES, Intent.MY_DATA)

_ROWS: Rows = (
    (Button(texts.BTN_MY_DATA, MY_DATA), Button(texts.BTN_RELATIVES, RELATIVES)),
    (Button(texts.BTN_WITHDRAW_CONSENT, health.WITHDRAW_CHOICE),),
)


def with_choices(reply: Reply, account: Account) -> Reply:
    """The help answer, with the privacy choices under it for a linked account."""
    return replace(reply, choices=reply.choices + _ROWS) if account.links else reply


async def on_intent(intent: Intent, turn: Turn, account: Account,
                    services: Services) -> list[Reply]:
    if intent is Intent.MY_DATA:
        return await my_data.screen(turn, account, services, prefix=PREFIX)
    return await _relatives(account, services)


async def on_choice(turn: Turn, account: Account, services: Services) -> list[Reply]:
    if not account.links:
        return [ask_to_link()]
    parts = turn.choice.split(":")
    if turn.choice == RELATIVES:
        return await _relatives(account, services)
    if turn.choice == MY_DATA:
        return await my_data.screen(turn, account, services, prefix=PREFIX)
    if len(parts) == 3 and parts[1] == "file" and parts[2].isdigit():
        return await my_data.file(turn, account, services, int(parts[2]))
    if len(parts) == 5 and parts[1] in ("end", "endok") and parts[2].isdigit():
        return await _end(turn, account, services, int(parts[2]), parts[3], parts[4],
                          confirmed=parts[1] == "endok")
    if parts[1:] == ["keep"]:
        return [with_menu(texts.RELATIVE_KEPT, account)]
    return [with_menu(texts.STALE_CHOICE, account)]


def _as_member(account: Account, member_id: int | None = None) -> LinkedMember | None:
    """The link through which the account speaks as the member herself (not as a relative)."""
    wanted = member_id if member_id is not None else (
        account.active.member_id if account.active else None)
    return next((li for li in account.links if li.member_id == wanted and not li.proxy), None)


def _channel(name: str) -> str:
    return texts.CHANNEL_NAMES.get(name, name)


def _day(stamp: str) -> str:
    return format_date(date.fromisoformat(stamp[:10]))


async def _relatives(account: Account, services: Services) -> list[Reply]:
    if not account.links:
        return [ask_to_link()]
    active = account.active
    assert active is not None
    own = _as_member(account)
    if own is None:  # a relative may not see or change who else helps her
        return [with_menu(texts.RELATIVES_ONLY_MEMBER.format(name=escape(active.name)),
                          account)]
    found = await relatives.of_member(services.db, own.member_id)
    name = escape(own.name)
    if not found:
        return [with_menu(texts.RELATIVES_NONE.format(name=name), account)]
    lines = [texts.RELATIVES_HEAD.format(name=name)]
    buttons = []
    for number, relative in enumerate(found, 1):
        lines.append(texts.RELATIVE_LINE.format(number=number, channel=_channel(
            relative.channel), date=_day(relative.linked_at)))
        buttons.append((Button(texts.BTN_END_RELATIVE.format(number=number),
                               f"{PREFIX}:end:{own.member_id}:{relative.key}:{number}"),))
    lines.append(texts.RELATIVES_HOW_END)
    return [with_menu("\n".join(lines), account, choices=tuple(buttons))]


async def _end(turn: Turn, account: Account, services: Services, member_id: int, key: str,
               number: str, *, confirmed: bool) -> list[Reply]:
    own = _as_member(account, member_id)
    if own is None or not number.isdigit():
        return [with_menu(texts.STALE_CHOICE, account)]
    name = escape(own.name)
    current = next((r for r in await relatives.of_member(services.db, member_id)
                    if r.key == key), None)
    if current is None:
        return [with_menu(texts.RELATIVE_ALREADY_ENDED.format(name=name), account)]
    if not confirmed:
        return [with_menu(
            texts.RELATIVE_END_CONFIRM.format(number=number, channel=_channel(current.channel),
                                              date=_day(current.linked_at), name=name),
            account, choices=((Button(texts.BTN_YES_END_RELATIVE,
                                      f"{PREFIX}:endok:{member_id}:{key}:{number}"),
                               Button(texts.BTN_NO, f"{PREFIX}:keep")),))]
    ended = await relatives.end_link(services.db, member_id=member_id, key=key,
                                     actor=f"{turn.channel}:{turn.account_id}",
                                     now=services.now())
    if ended is None:
        return [with_menu(texts.RELATIVE_ALREADY_ENDED.format(name=name), account)]
    return [with_menu(texts.RELATIVE_ENDED.format(number=number, name=name), account)]
