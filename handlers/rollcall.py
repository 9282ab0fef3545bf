"""✅ Điểm danh: the secretary ticks the members off at the meeting.

An inline checklist of the club, ten to a page, redrawn in place on every
tap. A tap cycles the member's mark (⬜ → có mặt → vắng → có phép → có mặt);
"Tất cả có mặt" marks everyone not marked yet as present, so the usual way is
one tap for everyone and then a tap for each absentee. "💾 Lưu" writes the
meeting's attendance; the sheet can be reopened and corrected the same day.

The sheet keeps no state of its own: marks go to the database tap by tap
(see storage.rollcall), so two board members can mark at once and a restart
loses nothing. Button data names the club, the day, the member and the mark
the button showed; the server re-checks the board post in that club, the day
and the member's club on every tap, and changes a mark only if it still is
what the button showed — a double tap, or a tap on a name the other board
member has just changed, changes nothing and simply redraws the sheet as it
now stands. The club is in the button because the sheet has no other state: a
shared phone switched to a member of another club must still mark the sheet
it is looking at, and only that one.

Button data (≤ 64 bytes; ``<c>`` the club's id, ``<day>`` yyyymmdd, ``<from>``
one of n p a e): ``rc:open`` · ``rc:d:<c>:<day>`` open that day's sheet ·
``rc:p:<c>:<day>:<page>`` · ``rc:t:<c>:<day>:<member id>:<from>`` a tap on a
name · ``rc:a:<c>:<day>:<page>`` all present · ``rc:s:<c>:<day>:<page>`` save.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta

from club import texts
from club.calendar import format_date, format_weekday_date
from club.reminders import occurrences
from club.roles import Permission
from handlers import flows
from handlers.board import BoardActor, acting_board_member, may_act_anywhere, refused
from handlers.context import Services
from handlers.conversation import Button, Reply, Rows, Turn
from handlers.menu import with_menu
from handlers.schedule import club_rule
from storage import rollcall
from storage.accounts import Account
from storage.meetings import change_from_row
from storage.member_file import ClubInfo, MemberFile
from storage.rollcall import MarkResult, Sheet

PREFIX = "rc"
PAGE_SIZE = 10
# A tap moves a mark one step on; a member not marked yet becomes present.
NEXT = {None: "present", "present": "absent", "absent": "excused", "excused": "present"}
LETTER = {None: "n", "present": "p", "absent": "a", "excused": "e"}
STATUS_OF = {letter: status for status, letter in LETTER.items()}
ICON = {None: texts.RC_ICON_NONE, "present": texts.RC_ICON_PRESENT,
        "absent": texts.RC_ICON_ABSENT, "excused": texts.RC_ICON_EXCUSED}
_LOOK_BACK = timedelta(days=62)  # two months hold the last regular meeting


# ------------------------------------------------------------------ which day

async def club_of(actor: BoardActor, services: Services) -> ClubInfo:
    return (await _own_file(actor, services)).club


async def _own_file(actor: BoardActor, services: Services) -> MemberFile:
    file = await services.reader.member_file(actor.member_id, services.now().date())
    assert file is not None  # the actor's own member row: read with the post just now
    return file


async def meeting_days(actor: BoardActor, services: Services) -> list[date]:
    """The days a roll-call (or a contributions sweep) may be taken for now.

    Today alone when today is a meeting day (by the club's rule, or a meeting
    recorded for today); otherwise the most recent past meeting day, then
    today (a meeting held off the rule, not yet recorded).
    """
    today = services.now().date()
    file = await _own_file(actor, services)
    # Days meetings are held: the club's rule with the board's moves and cancellations.
    changes = {c.regular_on: c for c in map(change_from_row, file.meeting_changes)}
    regular = [o.on for o in occurrences(club_rule(file.club), changes, today - _LOOK_BACK, today)]
    recorded = await rollcall.last_meeting_day(services.db, actor.club_id, today)
    if today in regular or recorded == today:
        return [today]
    past = [d for d in (regular[-1] if regular else None, recorded) if d is not None]
    return [max(past), today] if past else [today]


def day_code(day: date) -> str:
    return day.strftime("%Y%m%d")


def parse_day(text: str) -> date | None:
    if len(text) != 8 or not text.isdigit():
        return None
    try:
        return datetime.strptime(text, "%Y%m%d").date()
    except ValueError:
        return None


def day_buttons(prefix: str, days: list[date], today: date, suffix: str = "") -> Rows:
    """One button per day on offer, its data ``prefix`` + yyyymmdd + ``suffix``."""
    return tuple((Button((texts.RC_BTN_TODAY if d == today else texts.RC_BTN_DAY).format(
        date=format_weekday_date(d)), f"{prefix}{day_code(d)}{suffix}"),) for d in days)


# ------------------------------------------------------------------ taps

async def on_choice(turn: Turn, account: Account, services: Services) -> list[Reply]:
    if not may_act_anywhere(account, Permission.ROLL_CALL):
        return [refused(account)]
    parts = turn.choice.split(":")
    if parts[1:] == ["open"]:
        opener = acting_board_member(account, Permission.ROLL_CALL)
        return await _open(opener, services) if opener else [refused(account)]
    action, args = (parts[1], parts[2:]) if len(parts) > 3 else ("", [])
    club_id = flows.number(args[0]) if args else None
    day = parse_day(args[1]) if args else None
    numbers = _known_action(action, args[2:])
    if club_id is None or day is None or numbers is None:
        return [flows.stale(account)]
    # The post in the sheet's own club, whichever member the phone shows now.
    actor = acting_board_member(account, Permission.ROLL_CALL, club_id)
    if actor is None:
        return [flows.stale(account)]
    if day not in await meeting_days(actor, services):
        return [with_menu(texts.RC_DAY_GONE, account)]
    now = services.now()
    if action == "d":
        return [await _sheet(actor, day, 0, services, opening=True)]
    if action == "p":
        return [await _sheet(actor, day, numbers, services)]
    if action == "a":
        await rollcall.mark_unmarked(services.db, actor.club_id, day, "present",
                                     actor=actor.label, now=now)
        return [await _sheet(actor, day, numbers, services)]
    if action == "s":
        return await _save(actor, day, numbers, services)
    return await _tap(actor, day, numbers, STATUS_OF[args[3]], services)


def _known_action(action: str, rest: list[str]) -> int | None:
    """The page or member id the action carries after club and day (0 for none);
    None for anything unknown."""
    if action == "d":
        return 0 if not rest else None
    if action in ("p", "a", "s"):
        return flows.number(rest[0]) if len(rest) == 1 else None
    if action == "t" and len(rest) == 2 and rest[1] in STATUS_OF:
        return flows.number(rest[0])
    return None


async def _open(actor: BoardActor, services: Services) -> list[Reply]:
    days = await meeting_days(actor, services)
    if len(days) == 1:
        return [await _sheet(actor, days[0], 0, services, opening=True, edit=False)]
    today = services.now().date()
    return [with_menu(texts.RC_PICK_DAY, actor.account,
                      choices=day_buttons(f"{PREFIX}:d:{actor.club_id}:", days, today))]


async def _tap(actor: BoardActor, day: date, member_id: int, shown: str | None,
               services: Services) -> list[Reply]:
    result = await rollcall.mark(services.db, actor.club_id, day, member_id, expected=shown,
                                 status=NEXT[shown], actor=actor.label, now=services.now())
    if result is MarkResult.NOT_IN_CLUB:  # forged, or a member of another club
        return [flows.stale(actor.account)]
    sheet = await rollcall.load_sheet(services.db, actor.club_id, day)
    index = next((i for i, line in enumerate(sheet.lines) if line.member_id == member_id), 0)
    return [render(sheet, index // PAGE_SIZE)]


async def _save(actor: BoardActor, day: date, page: int, services: Services) -> list[Reply]:
    club = await club_of(actor, services)
    saved = await rollcall.save(services.db, actor.club_id, day, actor=actor.label,
                                now=services.now(), time=club.meeting_time,
                                place=club.meeting_place)
    sheet = await rollcall.load_sheet(services.db, actor.club_id, day)
    lines = [texts.RC_SAVED.format(
        date=format_date(day), present=saved.present, total=len(sheet.lines),
        absent=saved.absent, excused=saved.excused)]
    if saved.unmarked:
        lines.append(texts.RC_SAVED_UNMARKED.format(count=saved.unmarked))
    if saved.corrected:
        lines.append(texts.RC_SAVED_CORRECTED.format(count=saved.corrected))
    return [render(sheet, page), with_menu("\n".join(lines), actor.account)]


# ------------------------------------------------------------------ the sheet

async def _sheet(actor: BoardActor, day: date, page: int, services: Services, *,
                 opening: bool = False, edit: bool = True) -> Reply:
    if opening:  # a reopened sheet starts from what was saved
        await rollcall.start_from_saved(services.db, actor.club_id, day, actor=actor.label,
                                        now=services.now())
    sheet = await rollcall.load_sheet(services.db, actor.club_id, day)
    reply = render(sheet, page)
    if edit:
        return reply
    return with_menu(reply.text, actor.account, choices=reply.choices)


def render(sheet: Sheet, page: int) -> Reply:
    """The checklist, one page of it, redrawn in place of the tapped message."""
    pages = max(1, -(-len(sheet.lines) // PAGE_SIZE))
    page = min(max(page, 0), pages - 1)
    code = f"{sheet.club_id}:{day_code(sheet.held_on)}"
    unmarked = sheet.count(None)
    text = [texts.RC_HEAD.format(date=format_weekday_date(sheet.held_on),
                                 present=sheet.count("present"), total=len(sheet.lines)),
            texts.RC_COUNTS.format(absent=sheet.count("absent"),
                                   excused=sheet.count("excused"))
            + (texts.RC_COUNT_UNMARKED.format(count=unmarked) if unmarked else ""),
            texts.RC_HOW + (texts.RC_HOW_UNMARKED if unmarked else ""),
            texts.RC_UNSAVED if sheet.unsaved else texts.RC_IS_SAVED]
    if pages > 1:
        text.append(texts.RC_PAGE.format(page=page + 1, pages=pages))

    twice = {n for n, c in Counter(line.name for line in sheet.lines).items() if c > 1}
    rows: list[tuple[Button, ...]] = []
    for line in sheet.lines[page * PAGE_SIZE:(page + 1) * PAGE_SIZE]:
        name = f"{line.name} ({line.code})" if line.name in twice else line.name
        data = f"{PREFIX}:t:{code}:{line.member_id}:{LETTER[line.mark]}"
        rows.append((Button(f"{ICON[line.mark]} {name}", data),))
    paging = []
    if page > 0:
        paging.append(Button(texts.RC_BTN_PREV, f"{PREFIX}:p:{code}:{page - 1}"))
    if page < pages - 1:
        paging.append(Button(texts.RC_BTN_NEXT, f"{PREFIX}:p:{code}:{page + 1}"))
    if paging:
        rows.append(tuple(paging))
    actions = [Button(texts.RC_BTN_SAVE, f"{PREFIX}:s:{code}:{page}")]
    if unmarked:
        actions.insert(0, Button(texts.RC_BTN_ALL_PRESENT, f"{PREFIX}:a:{code}:{page}"))
    rows.append(tuple(actions))
    # Names appear only on buttons, which are plain text: nothing to escape.
    return Reply(text="\n".join(text), choices=tuple(rows), edit=True)
