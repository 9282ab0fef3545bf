"""⚠️ Báo sai: a member flags a figure; the board receives it with the context.

The context is the screen exactly as the member saw it, so the board can
check it against the paper book without asking "which number?".
"""

from __future__ import annotations

from datetime import datetime
from html import escape

from club import texts
from club.roles import Permission
from handlers import loans, savings
from handlers.board import acting_board_member, refused
from handlers.context import Services
from handlers.conversation import Button, Reply, Turn, plain_text
from handlers.menu import ask_to_link, with_menu
from storage.accounts import Account
from storage.reports import create_report, recent_reports

SCREENS = {"savings": texts.REPORT_SCREEN_SAVINGS, "loans": texts.REPORT_SCREEN_LOANS}
SHOWN_REPORTS = 10


def report_button(screen: str) -> tuple[Button, ...]:
    """The row under a money screen that lets the member report it."""
    label = texts.BTN_REPORT_SAVINGS if screen == "savings" else texts.BTN_REPORT_LOANS
    return (Button(label),)


def ask_which(account: Account) -> list[Reply]:
    return [with_menu(texts.REPORT_WHICH, account, choices=((
        Button(texts.BTN_SAVINGS, "rp:new:savings"), Button(texts.BTN_LOANS, "rp:new:loans")),))]


async def report(screen: str, turn: Turn, account: Account, services: Services) -> list[Reply]:
    active = account.active
    if active is None:
        return [ask_to_link()]
    now = services.now()
    file = await services.reader.member_file(active.member_id, now.date())
    if file is None or screen not in SCREENS:
        return [ask_to_link()]
    shown = savings.render(file, now.date()) if screen == "savings" else loans.render(
        file, now.date())
    context = plain_text(shown)
    notice = texts.REPORT_NOTICE.format(
        name=escape(file.member.name), code=file.member.code, screen=SCREENS[screen],
        when=_when(now), context=escape(context))
    created = await create_report(
        services.db, club_id=file.club.id, member_id=file.member.id,
        reported_by=f"{turn.channel}:{turn.account_id}", screen=screen, context=context,
        notice=notice, now=now)
    if created is None:
        return [with_menu(texts.REPORT_ALREADY, account)]
    wake = getattr(services, "outbox_ready", None)
    if wake is not None:
        wake()
    return [with_menu(texts.REPORT_SENT, account)]


async def on_choice(turn: Turn, account: Account, services: Services) -> list[Reply]:
    parts = turn.choice.split(":")
    if len(parts) == 3 and parts[1] == "new":
        if not account.links:
            return [ask_to_link()]
        return await report(parts[2], turn, account, services)
    actor = acting_board_member(account, Permission.REPORTS)
    if actor is None:
        return [refused(account)]
    found = await recent_reports(services.db, actor.club_id, SHOWN_REPORTS)
    if not found:
        return [with_menu(texts.REPORTS_NONE, account)]
    lines = [texts.REPORTS_HEAD]
    for r in found:
        lines.append(texts.REPORT_LINE.format(
            when=_when(datetime.fromisoformat(r.created_at)), name=escape(r.member_name),
            code=r.member_code, screen=SCREENS.get(r.screen, r.screen),
            context=escape(r.context.splitlines()[0] if r.context else "")))
    return [with_menu("\n".join(lines), account)]


def _when(at: datetime) -> str:
    return at.strftime("%H:%M %d/%m/%Y")
