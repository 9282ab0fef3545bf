"""🏦 Quỹ CLB: the fund at a glance, one tap, for the chair and the treasurer.

Fund capital, cash on hand, money out on loan, members' savings held, and the
current report period's inflows and outflows so far — counted by the same
functions as the programme's report (storage/programme, club/programme), so
the screen and the report can never disagree.
"""

from __future__ import annotations

from club import texts
from club.calendar import format_date
from club.money import format_vnd
from club.programme import current_period, custom
from club.roles import Permission
from handlers.board import acting_board_member, refused
from handlers.context import Services
from handlers.conversation import Reply, Turn
from handlers.menu import with_menu
from storage.accounts import Account
from storage.programme.report import club_report_of


async def on_choice(turn: Turn, account: Account, services: Services) -> list[Reply]:
    actor = acting_board_member(account, Permission.FUND)
    if actor is None:
        return [refused(account)]
    today = services.now().date()
    so_far = custom(current_period(today).start, today)
    report = await club_report_of(services.db.fetchall, so_far, actor.club_id)
    fund, loans = report["fund"], report["loans"]
    text = texts.FUND_SCREEN.format(
        date=format_date(today), capital=format_vnd(fund["capital"]),
        cash=format_vnd(fund["cash"]), on_loan=format_vnd(loans["outstanding_principal"]),
        savings=format_vnd(report["savings"]["balance"]), start=format_date(so_far.start),
        contributions=format_vnd(fund["contributions"]), grants=format_vnd(fund["grants"]),
        interest=format_vnd(loans["interest_received"]), spending=format_vnd(fund["spending"]),
        disbursed=format_vnd(loans["disbursed"]))
    if fund["cash"] < 0:
        text += "\n" + texts.FUND_CASH_UNKNOWN
    return [with_menu(text, account)]
