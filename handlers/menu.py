"""The persistent main menu: a few big buttons, a word and an icon each."""

from __future__ import annotations

from club import texts
from handlers.conversation import Button, Reply, Rows

_MAIN: Rows = (
    (Button(texts.BTN_SAVINGS), Button(texts.BTN_LOANS)),
    (Button(texts.BTN_MEETING), Button(texts.BTN_HEALTH)),
    (Button(texts.BTN_CONTACTS), Button(texts.BTN_HELP)),
)
_SWITCH_ROW = (Button(texts.BTN_SWITCH),)

SHARE_PHONE: Rows = ((Button(texts.BTN_SHARE_PHONE, request_contact=True),),)


def main_menu(linked_count: int) -> Rows:
    """The menu; an account that sees several members (a couple's phone) can switch."""
    return _MAIN + (_SWITCH_ROW,) if linked_count > 1 else _MAIN


def with_menu(text: str, linked_count: int, choices: Rows = ()) -> Reply:
    return Reply(text=text, keyboard=main_menu(linked_count), choices=choices)


def ask_to_link(text: str = texts.NEED_LINK) -> Reply:
    return Reply(text=text, keyboard=SHARE_PHONE)
