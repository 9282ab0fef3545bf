"""📢 Gửi thông báo: the board writes once, every linked member receives it.

Write → preview (the exact message, and how many accounts and members it will
reach) → send. The messages go through the outbox like everything else the
bot says on its own; when the last one is settled the sender gets a delivery
report: sent, members not linked, accounts that blocked the bot. A notice
written at night waits for the morning.
"""

from __future__ import annotations

from datetime import datetime
from html import escape

from club import texts
from club.calendar import format_date
from club.roles import Permission
from handlers import flows
from handlers.board import BoardActor
from handlers.context import Services
from handlers.conversation import Reply, Turn
from handlers.flows import button, cancel_row
from handlers.menu import with_menu
from storage import notices
from storage.accounts import Account
from storage.conversation import AlreadyDone, FlowState, NotInClub
from storage.database import Database

FLOW = "nt"
MAX_LENGTH = 1500  # Zalo carries 2,000 characters; leave room for the heading


async def on_choice(turn: Turn, account: Account, services: Services) -> list[Reply]:
    step = await flows.board_tap(
        turn, account, services, flow=FLOW, permission=Permission.NOTICES,
        opening=lambda actor: ask_text(turn, actor, services))
    if isinstance(step, list):
        return step
    actor, state, tap = step.actor, step.state, step.tap
    if tap.action == "edit":
        return await ask_text(turn, actor, services)
    if tap.action == "ok" and state.data.get("step") == "preview":
        return await _send(turn, actor, state, services)
    return [flows.stale(account)]


async def on_text(turn: Turn, account: Account, state: FlowState,
                  services: Services) -> list[Reply]:
    """The notice's words (typed again at the preview, they replace it)."""
    actor = await flows.board_text(turn, account, state, services, Permission.NOTICES)
    if isinstance(actor, list):
        return actor
    return await preview(turn, actor, turn.text, services)


async def ask_text(turn: Turn, actor: BoardActor, services: Services) -> list[Reply]:
    state = await flows.begin(services, turn, actor, FLOW, {"step": "text"})
    return flows.ask(texts.NOTICE_ASK, actor.account, (cancel_row(state),))


def render(actor: BoardActor, text: str) -> str:
    """The message every member receives."""
    return texts.NOTICE_MESSAGE.format(text=escape(text), sender=escape(actor.name),
                                       role=actor.role.value)


def due_at(services: Services, now: datetime) -> datetime:
    """Now, or the end of the quiet hours if it is night."""
    quiet = services.reminder_rules.quiet
    if quiet is not None and quiet.contains(now):
        return quiet.span(now)[1]
    return now


async def preview(turn: Turn, actor: BoardActor, text: str, services: Services) -> list[Reply]:
    """Show the message as members will see it, and whom it will reach (also the
    entry point for a notice proposed by another tool, such as a moved meeting)."""
    text = text.strip()
    if len(text) > MAX_LENGTH:
        state = await flows.begin(services, turn, actor, FLOW,
                                  {"step": "text"})
        return flows.ask(texts.NOTICE_TOO_LONG.format(length=len(text), limit=MAX_LENGTH),
                         actor.account, (cancel_row(state),))
    reach = await notices.reach(services.db, actor.club_id)
    if reach.accounts == 0:
        state = await services.reader.flow(turn.channel, turn.account_id)
        if state is not None and state.flow == FLOW:
            await flows.finish(services, turn, state)
        return [with_menu(texts.NOTICE_NOBODY, actor.account)]
    state = await flows.begin(services, turn, actor, FLOW,
                              {"step": "preview", "text": text})
    lines = [texts.NOTICE_PREVIEW.format(message=render(actor, text), accounts=reach.accounts,
                                         linked=reach.members_linked,
                                         members=reach.members_total)]
    if reach.members_unlinked:
        lines.append(texts.NOTICE_UNLINKED.format(count=reach.members_unlinked))
    now = services.now()
    when = due_at(services, now)
    if when > now:
        lines.append(texts.NOTICE_AT_NIGHT.format(at=f"{when:%H:%M}"))
    return flows.ask("\n".join(lines), actor.account, (
        (button(texts.BTN_SEND, state, "ok", primary=True),
         button(texts.BTN_REWRITE, state, "edit")),
        cancel_row(state)))


async def _send(turn: Turn, actor: BoardActor, state: FlowState,
                services: Services) -> list[Reply]:
    now = services.now()
    text = state.data["text"]
    try:
        _, count = await notices.create(
            services.db, club_id=actor.club_id, sender_channel=turn.channel,
            sender_account=turn.account_id, sender_member_id=actor.member_id, text=text,
            message=render(actor, text), due_at=due_at(services, now), actor=actor.label,
            now=now, ticket=flows.ticket(turn, state, actor))
    except (AlreadyDone, NotInClub):  # a second tap on "send"; a post lost meanwhile
        return [flows.stale(actor.account)]
    if services.outbox_ready is not None and count:
        services.outbox_ready()
    return [with_menu(texts.NOTICE_QUEUED.format(count=count), actor.account)]


async def report_finished(db: Database, now: datetime) -> int:
    """Tell each sender whose notice has been fully sent how it went; returns how many.

    Run by the dispatcher whenever it falls idle (and at start-up, for a notice
    that finished just before a restart).
    """
    told = 0
    for notice in await notices.finished_unreported(db):
        states = notice.states
        lines = [texts.NOTICE_REPORT.format(
            at=f"{datetime.fromisoformat(notice.created_at):%H:%M} "
               f"{format_date(datetime.fromisoformat(notice.created_at).date())}",
            sent=states.get("sent", 0), unlinked=notice.members_unlinked,
            blocked=states.get("blocked", 0))]
        if states.get("uncertain"):
            lines.append(texts.NOTICE_REPORT_UNCERTAIN.format(count=states["uncertain"]))
        failed = states.get("failed", 0) + states.get("cancelled", 0)
        if failed:
            lines.append(texts.NOTICE_REPORT_FAILED.format(count=failed))
        if await notices.report(db, notice, "\n".join(lines), now=now):
            told += 1
    return told
