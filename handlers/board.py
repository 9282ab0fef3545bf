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


def board_posts(account: Account, club_id: int | None = None) -> list[BoardActor]:
    """The board posts this account holds (never through a proxy link), the one
    it is looking at now first (a couple's phone); only that club's if given."""
    active = account.active
    candidates = [link for link in account.links if not link.proxy and role_of(link.role)
                  and (club_id is None or link.club_id == club_id)]
    candidates.sort(key=lambda link: link is not active)
    return [BoardActor(link.member_id, link.club_id, link.name, role, account)
            for link in candidates if (role := role_of(link.role)) is not None]


def board_post(account: Account, club_id: int | None = None) -> BoardActor | None:
    """The board post this account acts in: the one it is looking at now, or
    its post in ``club_id`` (the club a flow in progress was opened for)."""
    posts = board_posts(account, club_id)
    return posts[0] if posts else None


def acting_board_member(account: Account, permission: Permission,
                        club_id: int | None = None) -> BoardActor | None:
    """Who acts, if this account may: a tool opens in the club the account is
    looking at; a step of a flow acts in the flow's own club (``club_id``), so
    switching members on a shared phone mid-flow never moves it to another club."""
    if club_id is None:
        actor = board_post(account)
        return actor if actor is not None and may(actor.role, permission) else None
    return next((a for a in board_posts(account, club_id) if may(a.role, permission)), None)


def may_act_anywhere(account: Account, permission: Permission) -> bool:
    """Whether any of the account's posts allows this (to tell a stale button
    from a refusal)."""
    return any(may(actor.role, permission) for actor in board_posts(account))


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
    (texts.BTN_PLAN_TOPIC, Permission.MEETINGS, "tp:open"),
    (texts.BTN_EXAMS, Permission.HEALTH, "ex:open"),
    (texts.BTN_CARE_BOARD, Permission.CARE, "cc:open"),
    (texts.BTN_FUND, Permission.FUND, "fd:open"),
    (texts.BTN_PROGRAMME_REPORT, Permission.PROGRAMME, "br:open"),
    (texts.BTN_ADDRESS_STYLE, Permission.CLUB_SETTINGS, "xh:open"),
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
