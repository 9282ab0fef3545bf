"""Who on the board may do what.

A club's board is named in the roster's "Chức vụ" column, one post per
member. Permissions are a club rule written down here once, so every board
action asks the same question the same way, on every step.
"""

from __future__ import annotations

from enum import StrEnum

from club.text import fold


class Role(StrEnum):
    CHAIR = "Chủ nhiệm"
    VICE_CHAIR = "Phó chủ nhiệm"
    SECRETARY = "Thư ký"
    TREASURER = "Thủ quỹ"


class Permission(StrEnum):
    ROLL_CALL = "roll_call"
    CASH_BOOK = "cash_book"        # contributions, savings, repayments, reversals
    LOANS = "loans"                # record a new loan
    HEALTH = "health"              # blood pressure and weight readings
    LINK_CODES = "link_codes"
    NOTICES = "notices"            # board notices to every member
    MEETINGS = "meetings"          # move or cancel a meeting, add a check-up
    REPORTS = "reports"            # see "⚠️ Báo sai" reports
    FUND = "fund"                  # see the club fund at a glance (🏦 Quỹ CLB)
    PROGRAMME = "programme"        # the programme's report to the commune (📊 Báo cáo)
    CLUB_SETTINGS = "club_settings"  # how the bot addresses members (club.address)
    PRIVACY = "privacy"            # members' data requests, deletion, who looked at health data
    CARE = "care"                  # who needs home visits, by which volunteer, how often


_ALL = frozenset(Permission)
# The club's own settings speak for the whole club: the chair's to change.
_CHAIR_ONLY = frozenset({Permission.CLUB_SETTINGS, Permission.PRIVACY})
ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    # Deleting a member's data and reading who looked at it: the chair alone.
    Role.CHAIR: _ALL,
    Role.VICE_CHAIR: _ALL - {Permission.LOANS, Permission.FUND, Permission.PROGRAMME}
    - _CHAIR_ONLY,
    # The secretary writes the report; the treasurer keeps the fund.
    Role.SECRETARY: _ALL - {Permission.LOANS, Permission.FUND} - _CHAIR_ONLY,
    # Home care is the chair's, the vice-chair's and the secretary's (the
    # treasurer keeps the money; she is no less welcome to visit as a volunteer).
    Role.TREASURER: _ALL - {Permission.PROGRAMME, Permission.CARE} - _CHAIR_ONLY,
}

_BY_FOLDED = {fold(role.value): role for role in Role}


def parse_role(text: str) -> Role:
    """A post as people write it: "thu ky", "Thư ký", "THỦ QUỸ"."""
    try:
        return _BY_FOLDED[fold(text)]
    except KeyError:
        raise ValueError(f"unknown board role: {text!r}") from None


def role_of(text: str) -> Role | None:
    """The board role stored for a member, or None for an ordinary member."""
    return _BY_FOLDED.get(fold(text)) if text else None


def may(role: Role | None, permission: Permission) -> bool:
    return role is not None and permission in ROLE_PERMISSIONS[role]
