"""🩺 Ghi người đi khám: after a check-up's day, the board ticks who was examined.

The same checklist as roll-call, ten names to a page, redrawn in place; every
tap is stored at once (``checkup_exams``, audited) and changes a name only if
it still shows what the tapped button showed, so a double tap or two board
members ticking at once never undo each other. Button data (≤ 64 bytes):
``ex:open`` · ``ex:d:<club>:<yyyymmdd>`` a check-up's sheet ·
``ex:p:<club>:<day>:<page>`` · ``ex:t:<club>:<day>:<member>:<shown 0|1>``.
"""

from __future__ import annotations

from datetime import date

from club import texts
from club.calendar import format_weekday_date
from club.roles import Permission
from handlers import flows
from handlers.board import BoardActor, acting_board_member, may_act_anywhere, refused
from handlers.context import Services
from handlers.conversation import Button, Reply, Turn
from handlers.menu import with_menu
from handlers.rollcall import day_code, parse_day
from storage import roster
from storage.accounts import Account
from storage.club_scope import NotInClub
from storage.programme import meetings

PREFIX = "ex"
PAGE_SIZE = 10


async def on_choice(turn: Turn, account: Account, services: Services) -> list[Reply]:
    if not may_act_anywhere(account, Permission.HEALTH):
        return [refused(account)]
    parts = turn.choice.split(":")
    if parts[1:] == ["open"]:
        opener = acting_board_member(account, Permission.HEALTH)
        return await _open(opener, services) if opener else [refused(account)]
    action, args = (parts[1], parts[2:]) if len(parts) >= 4 else ("", [])
    club_id = flows.number(args[0]) if args else None
    day = parse_day(args[1]) if len(args) > 1 else None
    actor = (acting_board_member(account, Permission.HEALTH, club_id)
             if club_id is not None else None)
    if actor is None or day is None or day > services.now().date() \
            or not await meetings.is_checkup_day(services.db, actor.club_id, day):
        return [flows.stale(account)]
    if action == "d" and len(args) == 2:
        return [await _sheet(actor, day, 0, services, edit=False)]
    if action == "p" and len(args) == 3 and (page := flows.number(args[2])) is not None:
        return [await _sheet(actor, day, page, services)]
    if action == "t" and len(args) == 4 and args[3] in ("0", "1") \
            and (member_id := flows.number(args[2])) is not None:
        try:
            await meetings.mark_examined(services.db, actor.club_id, day, member_id,
                                         shown=args[3] == "1", actor=actor.label,
                                         now=services.now())
        except NotInClub:  # forged, or a member of another club
            return [flows.stale(account)]
        members = await roster.club_members(services.db, actor.club_id)
        index = next((i for i, m in enumerate(members) if m.id == member_id), 0)
        return [await _sheet(actor, day, index // PAGE_SIZE, services)]
    return [flows.stale(account)]


async def _open(actor: BoardActor, services: Services) -> list[Reply]:
    days = await meetings.past_checkup_days(services.db, actor.club_id, services.now().date())
    if not days:
        return [with_menu(texts.EX_NONE, actor.account)]
    if len(days) == 1:
        return [await _sheet(actor, days[0][0], 0, services, edit=False)]
    rows = tuple((Button(texts.EX_DAY.format(date=format_weekday_date(day), what=what)[:60],
                         f"{PREFIX}:d:{actor.club_id}:{day_code(day)}"),) for day, what in days)
    return [with_menu(texts.EX_PICK_DAY, actor.account, choices=rows)]


async def _sheet(actor: BoardActor, day: date, page: int, services: Services, *,
                 edit: bool = True) -> Reply:
    members = await roster.club_members(services.db, actor.club_id)
    done = await meetings.examined(services.db, actor.club_id, day)
    pages = max(1, -(-len(members) // PAGE_SIZE))
    page = min(max(page, 0), pages - 1)
    code = f"{actor.club_id}:{day_code(day)}"
    text = texts.EX_HEAD.format(date=format_weekday_date(day),
                                count=sum(m.id in done for m in members), total=len(members))
    if pages > 1:
        text += "\n" + texts.RC_PAGE.format(page=page + 1, pages=pages)
    rows: list[tuple[Button, ...]] = [
        (Button((texts.EX_ON if m.id in done else texts.EX_OFF).format(name=m.name),
                f"{PREFIX}:t:{code}:{m.id}:{int(m.id in done)}"),)
        for m in members[page * PAGE_SIZE:(page + 1) * PAGE_SIZE]]
    paging = []
    if page > 0:
        paging.append(Button(texts.RC_BTN_PREV, f"{PREFIX}:p:{code}:{page - 1}"))
    if page < pages - 1:
        paging.append(Button(texts.RC_BTN_NEXT, f"{PREFIX}:p:{code}:{page + 1}"))
    if paging:
        rows.append(tuple(paging))
    if not edit:
        return with_menu(text, actor.account, choices=tuple(rows))
    return Reply(text=text, choices=tuple(rows), edit=True)


