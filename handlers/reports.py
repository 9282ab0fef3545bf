"""⚠️ Báo sai: a member flags a figure; the board receives it with the context.

The button appears only under a figure there is (a balance, an open loan).
Tapping it asks what looks wrong — a few words, or "bỏ qua" — and shows what
will be sent before anything is: a brushed button sends nothing. The board
gets the note and the screen exactly as the member saw it, so it can check
it against the paper book without asking "which number?".
"""

from __future__ import annotations

from datetime import date, datetime
from html import escape

from club import texts
from club.roles import Permission
from club.text import fold
from handlers import flows, loans, savings
from handlers.board import acting_board_member, refused
from handlers.context import Services
from handlers.conversation import Button, Reply, Rows, Turn, plain_text
from handlers.flows import cancel_row
from handlers.menu import ask_to_link, with_menu
from storage.accounts import Account
from storage.conversation import AlreadyDone, FlowState, FlowTicket
from storage.member_file import MemberFile
from storage.reports import create_report, recent_reports

FLOW = "rp"
SCREENS = {"savings": texts.REPORT_SCREEN_SAVINGS, "loans": texts.REPORT_SCREEN_LOANS}
SHOWN_REPORTS = 10
MAX_NOTE = 200                      # characters of the member's note
_SKIP_WORDS = {fold(texts.BTN_REPORT_SKIP), "bo qua", "khong", "khong co", "thoi bo qua"}


def has_figure(file: MemberFile, screen: str, today: date) -> bool:
    """Whether the screen shows a figure that could be wrong: a balance
    always does; the loans screen only with a loan still open."""
    if screen == "loans":
        return any(not status.closed for _, status in loans.statuses(file, today))
    return screen == "savings"


def report_button(file: MemberFile, screen: str, today: date) -> tuple[Button, ...]:
    """The row under a money screen that lets the member report it, if it shows a figure."""
    if not has_figure(file, screen, today):
        return ()
    label = texts.BTN_REPORT_SAVINGS if screen == "savings" else texts.BTN_REPORT_LOANS
    return (Button(label, with_answer=True),)


async def ask_which(account: Account, services: Services) -> list[Reply]:
    active = account.active
    if active is None:
        return [ask_to_link()]
    today = services.now().date()
    file = await services.reader.member_file(active.member_id, today)
    if file is None:
        return [ask_to_link()]
    shown = [(screen, label) for screen, label in (("savings", texts.BTN_SAVINGS),
                                                   ("loans", texts.BTN_LOANS))
             if has_figure(file, screen, today)]
    return [with_menu(texts.REPORT_WHICH, account, choices=(
        tuple(Button(label, f"{FLOW}:new:{screen}") for screen, label in shown),))]


# ------------------------------------------------------------------ the member's report

async def start(screen: str, turn: Turn, account: Account, services: Services) -> list[Reply]:
    """"⚠️ Báo sai …" tapped: ask what looks wrong; nothing is sent yet."""
    active = account.active
    if active is None or screen not in SCREENS:
        return [ask_to_link()]
    today = services.now().date()
    file = await services.reader.member_file(active.member_id, today)
    if file is None:
        return [ask_to_link()]
    if not has_figure(file, screen, today):
        return [with_menu(texts.REPORT_NO_FIGURE.format(screen=SCREENS[screen]), account)]
    state = await flows.begin_own(services, turn, FLOW, {
        "step": "note", "screen": screen, "member_id": active.member_id})
    return _ask_note(texts.REPORT_ASK.format(screen=SCREENS[screen]), account, state)


def _ask_note(text: str, account: Account, state: FlowState) -> list[Reply]:
    rows: Rows = ((flows.button(texts.BTN_REPORT_SKIP, state, "skip"),), cancel_row(state))
    return flows.ask(text, account, rows)


async def on_text(turn: Turn, account: Account, state: FlowState,
                  services: Services) -> list[Reply]:
    """The member's note (or "bỏ qua") while a report is being written."""
    if state.data.get("step") != "note":
        return flows.ask(texts.FLOW_TAP_A_BUTTON, account, (cancel_row(state),))
    note = " ".join(turn.text.split())
    if fold(note) in _SKIP_WORDS:
        note = ""
    elif len(note) > MAX_NOTE:
        return _ask_note(texts.REPORT_NOTE_TOO_LONG.format(length=len(note), limit=MAX_NOTE),
                         account, state)
    return await _confirm(turn, account, state, note, services)


async def _confirm(turn: Turn, account: Account, state: FlowState, note: str,
                   services: Services) -> list[Reply]:
    state = await flows.begin_own(services, turn, FLOW, {**state.data, "step": "confirm",
                                                     "note": note})
    text = texts.REPORT_CONFIRM.format(
        screen=SCREENS[state.data["screen"]],
        note=texts.REPORT_NOTE.format(note=escape(note)) if note else texts.REPORT_NO_NOTE)
    return flows.ask(text, account, (
        (flows.button(texts.BTN_REPORT_SEND, state, "ok", primary=True),), cancel_row(state)))


async def _send(turn: Turn, account: Account, state: FlowState,
                services: Services) -> list[Reply]:
    screen, member_id = state.data["screen"], state.data["member_id"]
    now = services.now()
    file = await services.reader.member_file(member_id, now.date())
    if file is None or not account.may_see(member_id) or screen not in SCREENS:
        await flows.finish(services, turn, state)
        return [flows.stale(account)]
    shown = savings.render(file, now.date()) if screen == "savings" else loans.render(
        file, now.date())
    note = state.data.get("note", "")
    said = texts.REPORT_NOTE.format(note=note) if note else ""
    notice = texts.REPORT_NOTICE.format(
        name=escape(file.member.name), code=file.member.code, screen=SCREENS[screen],
        when=_when(now), note="\n" + escape(said) if said else "",
        context=escape(plain_text(shown)))
    # The board's list shows a report's first line: the member's words when given.
    context = (said + "\n" if said else "") + plain_text(shown)
    try:
        created = await create_report(
            services.db, club_id=file.club.id, member_id=file.member.id,
            reported_by=f"{turn.channel}:{turn.account_id}", screen=screen, context=context,
            notice=notice, now=now, ticket=FlowTicket(turn.channel, turn.account_id,
                                                      state.version))
    except AlreadyDone:  # a second tap on "send"
        return [with_menu(texts.REPORT_ALREADY, account)]
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
        return await start(parts[2], turn, account, services)
    tap = flows.parse_tap(turn.choice)
    if tap is not None and tap.version is not None:  # a step of a member's report
        if not account.links:
            return [ask_to_link()]
        state = await flows.current(services, turn, tap, FLOW)
        if state is None:
            return [flows.stale(account)]
        step = state.data.get("step")
        if tap.action == "x":
            await flows.finish(services, turn, state)
            return [with_menu(texts.REPORT_CANCELLED, account)]
        if tap.action == "skip" and step == "note":
            return await _confirm(turn, account, state, "", services)
        if tap.action == "ok" and step == "confirm":
            return await _send(turn, account, state, services)
        return [flows.stale(account)]
    return await _board_list(account, services)


# ------------------------------------------------------------------ the board's list

async def _board_list(account: Account, services: Services) -> list[Reply]:
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
