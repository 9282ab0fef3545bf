"""Multi-step board conversations: starting, resuming and ending them safely.

Button data looks like ``<tool>:<version>:<action>[:<arg>…]``. The version is
the flow's version in the database when the button was drawn; a tap whose
version is not the current one is a stale button (an old message, a second
tap after the flow moved on) and changes nothing.

A flow belongs to one club: the club of the post that opened it, stored in
its state as ``club_id``. Every later step acts through the account's post in
that club — not through whichever member a shared phone happens to be looking
at now — so switching members mid-flow can never carry it into another club.
A flow whose club the account no longer holds a post in is stale. The step
that writes hands storage a ticket naming that club and post, checked again
inside the write's transaction (storage.conversation.consume), and storage
checks every member, loan and entry id against it there (storage.club_scope).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

from club import texts
from club.roles import Permission
from handlers.board import BoardActor, acting_board_member, may_act_anywhere, refused
from handlers.context import Services
from handlers.conversation import Button, Reply, Rows, Turn
from handlers.menu import with_menu
from storage.accounts import Account
from storage.conversation import FlowState, FlowTicket, clear_state, save_state

MAX_CHOICE_BYTES = 64  # Telegram's limit on callback data


@dataclass(frozen=True, slots=True)
class Tap:
    tool: str
    version: int | None   # None for "<tool>:open"
    action: str
    args: tuple[str, ...]


_MAX_DIGITS = 18  # an id or a count in button data; beyond, SQLite cannot even compare it


def is_number(part: str) -> bool:
    """Plain ASCII digits that fit SQLite's integer: what every id in button data is.

    ``str.isdigit`` also accepts "²" and "٣", which ``int`` refuses or reads
    as another digit; forged data must not get that far.
    """
    return part.isascii() and part.isdigit() and len(part) <= _MAX_DIGITS


def parse_tap(choice: str) -> Tap | None:
    """The tap, or None for data no button of ours carries (stale or forged)."""
    parts = choice.split(":")
    if any(p.isdigit() and not is_number(p) for p in parts):
        return None  # then every ``isdigit()`` check downstream means a usable number
    if len(parts) == 2 and parts[1] == "open":
        return Tap(parts[0], None, "open", ())
    version = number(parts[1]) if len(parts) >= 3 else None
    if version is None:
        return None
    return Tap(parts[0], version, parts[2], tuple(parts[3:]))


def number(text: str) -> int | None:
    """A whole number carried in button data, or None. ASCII digits only ("²"
    and "１" are digits to Python, but no id), and short enough for SQLite."""
    if not (text.isascii() and text.isdigit()) or len(text) > 12:
        return None
    return int(text)


def button(label: str, state: FlowState, action: str, *args: object,
           primary: bool = False) -> Button:
    data = ":".join([state.flow, str(state.version), action, *map(str, args)])
    assert len(data.encode()) <= MAX_CHOICE_BYTES, data
    return Button(label, data, primary=primary)


def cancel_row(state: FlowState) -> tuple[Button, ...]:
    return (button(texts.BTN_CANCEL, state, "x"),)


async def begin(services: Services, turn: Turn, actor: BoardActor, flow: str,
                data: dict[str, Any]) -> FlowState:
    """Start or advance a board flow; it belongs to the actor's club."""
    return await save_state(services.db, turn.channel, turn.account_id, flow,
                            {**data, "club_id": actor.club_id}, now=services.now())


async def begin_own(services: Services, turn: Turn, flow: str,
                    data: dict[str, Any]) -> FlowState:
    """Start or advance a member's own flow (⚠️ Báo sai): no board post acts in
    it, so it names no club; each step re-checks what the account may see."""
    return await save_state(services.db, turn.channel, turn.account_id, flow, data,
                            now=services.now())


def flow_club(state: FlowState) -> int | None:
    """The club the flow was opened for (None: a flow from before flows named theirs)."""
    club = state.data.get("club_id")
    return club if type(club) is int else None


def ticket(turn: Turn, state: FlowState, actor: BoardActor) -> FlowTicket:
    """The step that writes, for storage to consume in the write's transaction."""
    return FlowTicket(turn.channel, turn.account_id, state.version, actor.club_id,
                      actor.member_id)


def flow_actor(account: Account, state: FlowState, permission: Permission) -> BoardActor | None:
    """The account's post in the flow's own club, if it still allows this."""
    club = flow_club(state)
    return None if club is None else acting_board_member(account, permission, club)


async def current(services: Services, turn: Turn, tap: Tap | None, flow: str) -> FlowState | None:
    """The flow in progress if this tap (or typed text, ``tap=None``) belongs to it."""
    state = await services.reader.flow(turn.channel, turn.account_id)
    if state is None or state.flow != flow:
        return None
    if tap is not None and tap.version != state.version:
        return None
    return state


async def finish(services: Services, turn: Turn, state: FlowState) -> bool:
    """End the flow; False if it had already ended or moved on (a second tap)."""
    return await clear_state(services.db, turn.channel, turn.account_id, state.version)


def stale(account: Account) -> Reply:
    return with_menu(texts.FLOW_STALE, account)


def ask(text: str, account: Account, choices: Rows = ()) -> list[Reply]:
    return [with_menu(text, account, choices=choices)]


# ------------------------------------------------------------ board tools

@dataclass(frozen=True, slots=True)
class BoardStep:
    """A tap that passed every common check and belongs to the flow in progress."""

    actor: BoardActor
    state: FlowState
    tap: Tap


Opener = Callable[[BoardActor], Awaitable[list[Reply]]]
Unversioned = Callable[[Account, Tap], Awaitable[list[Reply]]]


async def board_tap(turn: Turn, account: Account, services: Services, *, flow: str,
                    permission: Permission, opening: str | Opener,
                    first: dict[str, Any] | None = None,
                    unversioned: Mapping[str, Unversioned] | None = None,
                    ) -> BoardStep | list[Reply]:
    """What every board tool does first with a tap: check the post (again),
    open the tool, refuse stale buttons and flows of a club the account holds
    no such post in, cancel.

    ``opening`` is the question the tool starts with, or a coroutine that
    starts it its own way; ``unversioned`` handles actions whose buttons stay
    valid outside the flow (they check the post and club themselves). Returns
    the replies when that settles the tap, else the step for the tool to handle.
    """
    if not may_act_anywhere(account, permission):
        return [refused(account)]
    tap = parse_tap(turn.choice)
    if tap is None or tap.tool != flow:
        return [stale(account)]
    if unversioned and tap.action in unversioned and tap.args:
        return await unversioned[tap.action](account, tap)
    if tap.action == "open":
        opener = acting_board_member(account, permission)
        if opener is None:  # the member looked at now holds no post for this
            return [refused(account)]
        if not isinstance(opening, str):
            return await opening(opener)
        state = await begin(services, turn, opener, flow, first or {"step": "member"})
        return ask(opening, account, (cancel_row(state),))
    state = await current(services, turn, tap, flow)
    actor = None if state is None else flow_actor(account, state, permission)
    if state is None or actor is None:
        return [stale(account)]
    if tap.action == "x":
        await finish(services, turn, state)
        return [with_menu(texts.FLOW_CANCELLED, account)]
    return BoardStep(actor, state, tap)


async def board_text(turn: Turn, account: Account, state: FlowState, services: Services,
                     permission: Permission) -> BoardActor | list[Reply]:
    """The actor for typed text inside a board flow: the account's post in the
    flow's club. A post lost since (or a flow that names no club) ends the flow."""
    actor = flow_actor(account, state, permission)
    if actor is None:
        await finish(services, turn, state)
        if not may_act_anywhere(account, permission):
            return [refused(account)]
        return [with_menu(texts.FLOW_ENDED, account)]
    return actor
