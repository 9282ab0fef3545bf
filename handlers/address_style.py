"""🗣 Cách xưng hô: the chair chooses how the bot addresses the club's elders.

"ông"/"bà" by gender (the default), or "bác" for both, as many clubs' own
notices say (club/address.py). Like the reminders switch, the screen shows the
current choice and one button that changes it; the tap redraws the screen in
place. It is one step with nothing to type, so no flow is kept: the button
carries the style wanted, which is checked like any client data — the chair's
post is read again on the tap, and setting a style twice changes nothing.
"""

from __future__ import annotations

from dataclasses import replace

from club import texts
from club.address import AddressStyle
from club.roles import Permission
from handlers.board import acting_board_member, refused
from handlers.context import Services
from handlers.conversation import Button, Reply, Turn
from handlers.menu import with_menu
from storage import clubs
from storage.accounts import Account

PREFIX = "xh"
OPEN = f"{PREFIX}:open"
SET = f"{PREFIX}:set:"

_STATE = {
    AddressStyle.ONG_BA: texts.ADDRESS_STYLE_ONG_BA,
    AddressStyle.BAC: texts.ADDRESS_STYLE_BAC,
}
# The one button under the screen: the other choice.
_SWITCH = {
    AddressStyle.ONG_BA: Button(texts.BTN_ADDRESS_TO_BAC, SET + AddressStyle.BAC),
    AddressStyle.BAC: Button(texts.BTN_ADDRESS_TO_ONG_BA, SET + AddressStyle.ONG_BA),
}


def _screen(style: AddressStyle, account: Account, *, saved: bool = False) -> Reply:
    lines = [texts.ADDRESS_STYLE_HEAD, _STATE[style], texts.ADDRESS_STYLE_YOUNGER]
    if saved:
        lines.append(texts.ADDRESS_STYLE_SAVED)
    reply = with_menu("\n".join(lines), account, choices=((_SWITCH[style],),))
    return replace(reply, edit=saved)


async def on_choice(turn: Turn, account: Account, services: Services) -> list[Reply]:
    actor = acting_board_member(account, Permission.CLUB_SETTINGS)
    if actor is None:
        return [refused(account)]
    if turn.choice == OPEN:
        return [_screen(await clubs.address_style(services.db, actor.club_id), account)]
    try:
        wanted = AddressStyle(turn.choice.removeprefix(SET))
    except ValueError:
        wanted = None
    if not turn.choice.startswith(SET) or wanted is None:
        return [with_menu(texts.STALE_CHOICE, account)]
    await clubs.set_address_style(services.db, actor.club_id, wanted, actor=actor.label,
                                  now=services.now())
    return [_screen(wanted, account, saved=True)]
