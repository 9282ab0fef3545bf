"""The persistent main menu: a few big buttons, a word and an icon each."""

from __future__ import annotations

from club import texts
from club.roles import role_of
from handlers.conversation import Button, Image, Reply, Rows
from storage.accounts import Account

_MAIN: Rows = (
    (Button(texts.BTN_SAVINGS), Button(texts.BTN_LOANS)),
    (Button(texts.BTN_MEETING), Button(texts.BTN_HEALTH)),
    (Button(texts.BTN_CONTACTS), Button(texts.BTN_HELP)),
)
_SWITCH = Button(texts.BTN_SWITCH)
_BOARD = Button(texts.BTN_BOARD)
_VISITS = Button(texts.BTN_VISITS)

SHARE_PHONE: Rows = ((Button(texts.BTN_SHARE_PHONE, request_contact=True),),)


def holds_board_post(account: Account) -> bool:
    # A relative linked as a proxy helps the member; they do not hold the post.
    return any(role_of(link.role) and not link.proxy for link in account.links)


def is_volunteer(account: Account) -> bool:
    # As for a board post: the relative of a volunteer does not visit for her.
    return any(link.volunteer and not link.proxy for link in account.links)


def main_menu(account: Account, under: tuple[Button, ...] = ()) -> Rows:
    """The menu; a couple's phone can switch person, a board member has the board's tools.

    ``under`` is a row for the screen just shown (e.g. "⚠️ Báo sai" under a
    balance); it sits below the six buttons so they never move.
    """
    extra = []
    if len(account.links) > 1:
        extra.append(_SWITCH)
    if is_volunteer(account):
        extra.append(_VISITS)
    if holds_board_post(account):
        extra.append(_BOARD)
    return _MAIN + ((tuple(extra),) if extra else ()) + ((under,) if under else ())


def with_menu(text: str, account: Account, choices: Rows = (),
              under: tuple[Button, ...] = (), image: Image | None = None) -> Reply:
    return Reply(text=text, keyboard=main_menu(account, under), choices=choices, image=image)


def ask_to_link(text: str = texts.NEED_LINK) -> Reply:
    return Reply(text=text, keyboard=SHARE_PHONE)
