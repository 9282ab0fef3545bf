"""The first step of most board tools: "for whom?".

The board member types a name (with or without diacritics, any part of it)
or a member code; one match is taken at once, a few are offered as buttons,
many ask for more of the name. Only members of the actor's own club are ever
found or accepted.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from html import escape

from club import texts
from handlers import flows
from handlers.board import BoardActor
from handlers.context import Services
from handlers.conversation import Reply, Rows, Turn
from handlers.flows import button, cancel_row
from storage import roster
from storage.conversation import FlowState
from storage.roster import RosterEntry

MAX_PICK = 8  # more matches than this: ask for more of the name
PICK_ACTION = "m"


async def search(actor: BoardActor, state: FlowState, query: str,
                 services: Services) -> RosterEntry | list[Reply]:
    """The one member meant, or the replies that ask again or offer a choice."""
    found = roster.search(await roster.club_members(services.db, actor.club_id), query)
    shown = escape(query.strip()[:30])
    if len(found) == 1:
        return found[0]
    if not found:
        return flows.ask(texts.CB_NOT_FOUND.format(query=shown), actor.account,
                         (cancel_row(state),))
    if len(found) > MAX_PICK:
        return flows.ask(texts.CB_TOO_MANY.format(count=len(found), query=shown),
                         actor.account, (cancel_row(state),))
    rows: Rows = tuple((button(f"{m.name} ({m.code})", state, PICK_ACTION, m.id),)
                       for m in found)
    return flows.ask(texts.CB_MANY.format(count=len(found), query=shown), actor.account,
                     rows + (cancel_row(state),))


# What a flow does with the one member found.
Chosen = Callable[[Turn, BoardActor, RosterEntry, Services], Awaitable[list[Reply]]]


async def typed(turn: Turn, actor: BoardActor, state: FlowState, services: Services,
                chosen: Chosen) -> list[Reply]:
    """A name or code typed at a flow's "member" step: the picker's question
    again (none, too many, several to choose from), or what the flow does with
    the one member meant."""
    found = await search(actor, state, turn.text, services)
    if isinstance(found, list):
        return found
    return await chosen(turn, actor, found, services)


async def tapped(turn: Turn, actor: BoardActor, args: tuple[str, ...], services: Services,
                 chosen: Chosen) -> list[Reply]:
    """A member's button under the picker's question: what the flow does with
    her, or "stale" when the button names nobody of the actor's club (forged,
    or another club's)."""
    member = await picked(actor, args, services)
    if member is None:
        return [flows.stale(actor.account)]
    return await chosen(turn, actor, member, services)


async def picked(actor: BoardActor, args: tuple[str, ...],
                 services: Services) -> RosterEntry | None:
    """The member a pick button names, only if they are in the actor's club."""
    member_id = flows.number(args[0]) if args else None
    if member_id is None:
        return None
    return await roster.member_in_club(services.db, actor.club_id, member_id)
