"""The board's side: who may act, and the "🗂 Ban chủ nhiệm" menu.

Every board step calls :func:`acting_board_member` again. Button data and
typed commands come from the client and prove nothing; the role and the club
are read from the database on every step, so a member who sends a board
callback by hand is refused and nothing changes.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from club import texts
from club.roles import Permission, Role, may, role_of
from handlers.conversation import Button, Reply, Rows
from handlers.menu import with_menu
from storage.accounts import Account


@dataclass(frozen=True, slots=True)
class BoardActor:
    member_id: int
    club_id: int
    name: str
    role: Role
    account: Account

    @property
    def label(self) -> str:
        """Who did it, for the audit log and the cash book's ``recorded_by``."""
        return f"{self.account.channel}:{self.account.account_id}:{self.member_id}"


def board_post(account: Account) -> BoardActor | None:
    """The board post this account holds, if any (never through a proxy link)."""
    active = account.active
    candidates = [link for link in account.links if not link.proxy and role_of(link.role)]
    # Prefer the member the account is looking at now (a couple's phone).
    candidates.sort(key=lambda link: link is not active)
    for link in candidates:
        role = role_of(link.role)
        assert role is not None
        return BoardActor(link.member_id, link.club_id, link.name, role, account)
    return None


def acting_board_member(account: Account, permission: Permission) -> BoardActor | None:
    actor = board_post(account)
    if actor is None or not may(actor.role, permission):
        return None
    return actor


def refused(account: Account) -> Reply:
    """The answer to a board action this account may not take; nothing was changed."""
    if board_post(account) is not None:  # on the board, but not this post's job
        return with_menu(texts.BOARD_NOT_YOUR_JOB, account)
    return with_menu(texts.BOARD_REFUSED, account)


# (label, permission, choice data). A tool's own buttons use the same prefix.
BOARD_TOOLS: tuple[tuple[str, Permission, str], ...] = (
    (texts.BTN_ROLL_CALL, Permission.ROLL_CALL, "rc:open"),
    (texts.BTN_CASH_ENTRY, Permission.CASH_BOOK, "cb:open"),
    (texts.BTN_CONTRIB_SWEEP, Permission.CASH_BOOK, "sw:open"),
    (texts.BTN_HEALTH_READING, Permission.HEALTH, "hr:open"),
    (texts.BTN_PAPER_CONSENT, Permission.HEALTH, "cp:open"),
    (texts.BTN_NEW_LOAN, Permission.LOANS, "ln:open"),
    (texts.BTN_REVERSAL, Permission.CASH_BOOK, "rv:open"),
    (texts.BTN_LINK_CODE, Permission.LINK_CODES, "lc:open"),
    (texts.BTN_REPORTS, Permission.REPORTS, "rp:open"),
    (texts.BTN_NOTICE, Permission.NOTICES, "nt:open"),
    (texts.BTN_MEETING_CHANGE, Permission.MEETINGS, "mt:open"),
    (texts.BTN_ADD_CHECKUP, Permission.MEETINGS, "ck:open"),
    (texts.BTN_PRIVACY_BOARD, Permission.PRIVACY, "pb:open"),
)


def menu_for(account: Account, available: Collection[str]) -> Reply:
    """The board's tools this account may use, or a refusal for anyone else.

    ``available`` holds the choice prefixes that have a registered handler, so
    a tool appears only once its conversation exists.
    """
    actor = board_post(account)
    if actor is None:
        return refused(account)
    buttons = [Button(label, data) for label, permission, data in BOARD_TOOLS
               if may(actor.role, permission) and data.split(":", 1)[0] in available]
    rows: Rows = tuple(tuple(buttons[i:i + 2]) for i in range(0, len(buttons), 2))
    return with_menu(texts.BOARD_MENU.format(role=actor.role.value), account, choices=rows)
