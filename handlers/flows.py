"""Multi-step board conversations: starting, resuming and ending them safely.

Button data looks like ``<tool>:<version>:<action>[:<arg>…]``. The version is
the flow's version in the database when the button was drawn; a tap whose
version is not the current one is a stale button (an old message, a second
tap after the flow moved on) and changes nothing.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

from club import texts
from club.roles import Permission
from handlers.board import BoardActor, acting_board_member, refused
from handlers.context import Services
from handlers.conversation import Button, Reply, Rows, Turn
from handlers.menu import with_menu
from storage.accounts import Account
from storage.conversation import FlowState, clear_state, save_state

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
    if len(parts) < 3 or not parts[1].isdigit():
        return None
    return Tap(parts[0], int(parts[1]), parts[2], tuple(parts[3:]))


def button(label: str, state: FlowState, action: str, *args: object) -> Button:
    data = ":".join([state.flow, str(state.version), action, *map(str, args)])
    assert len(data.encode()) <= MAX_CHOICE_BYTES, data
    return Button(label, data)


def cancel_row(state: FlowState) -> tuple[Button, ...]:
    return (button(texts.BTN_CANCEL, state, "x"),)


async def begin(services: Services, turn: Turn, flow: str, data: dict[str, Any]) -> FlowState:
    return await save_state(services.db, turn.channel, turn.account_id, flow, data,
                            now=services.now())


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
Unversioned = Callable[[BoardActor, Tap], Awaitable[list[Reply]]]


async def board_tap(turn: Turn, account: Account, services: Services, *, flow: str,
                    permission: Permission, opening: str | Opener,
                    first: dict[str, Any] | None = None,
                    unversioned: Mapping[str, Unversioned] | None = None,
                    ) -> BoardStep | list[Reply]:
    """What every board tool does first with a tap: check the post (again),
    open the tool, refuse stale buttons and flows of another club, cancel.

    ``opening`` is the question the tool starts with, or a coroutine that
    starts it its own way; ``unversioned`` handles actions whose buttons stay
    valid outside the flow. Returns the replies when that settles the tap,
    else the step for the tool to handle.
    """
    actor = acting_board_member(account, permission)
    if actor is None:
        return [refused(account)]
    tap = parse_tap(turn.choice)
    if tap is None or tap.tool != flow:
        return [stale(account)]
    if unversioned and tap.action in unversioned and tap.args:
        return await unversioned[tap.action](actor, tap)
    if tap.action == "open":
        if not isinstance(opening, str):
            return await opening(actor)
        state = await begin(services, turn, flow, first or {"step": "member"})
        return ask(opening, account, (cancel_row(state),))
    state = await current(services, turn, tap, flow)
    if state is None or not _same_club(state, actor):
        return [stale(account)]
    if tap.action == "x":
        await finish(services, turn, state)
        return [with_menu(texts.FLOW_CANCELLED, account)]
    return BoardStep(actor, state, tap)


async def board_text(turn: Turn, account: Account, state: FlowState, services: Services,
                     permission: Permission) -> BoardActor | list[Reply]:
    """The actor for typed text inside a board flow; a lost post ends the flow."""
    actor = acting_board_member(account, permission)
    if actor is None or not _same_club(state, actor):
        await finish(services, turn, state)
        return [refused(account)]
    return actor


def _same_club(state: FlowState, actor: BoardActor) -> bool:
    # A flow that names its club (one the actor may since have left) must be that club's.
    return state.data.get("club_id", actor.club_id) == actor.club_id
