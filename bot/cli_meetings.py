"""The operator's command on one meeting:

    ishc-bot --config FILE meeting list [--club CLUB]
    ishc-bot --config FILE meeting move DATE --to "DATE HH:MM" [--club CLUB]
    ishc-bot --config FILE meeting cancel DATE [--club CLUB]
    ishc-bot --config FILE meeting restore DATE [--club CLUB]

DATE is dd/mm/yyyy: the day the meeting is held now, or the day the club's
rule gives it. The change is made exactly as the board makes it in chat:
reminders still waiting for the old date are cancelled in the same
transaction, and the club's reminders are planned again at once, so a running
bot sends the new ones at its next look at the outbox (a few seconds).
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime, time
from typing import TextIO

from bot.config import Settings
from club import texts
from club.calendar import format_weekday_date, parse_date
from club.reminders import MAX_SHIFT, parse_when
from handlers.context import vietnam_now
from storage import Database, meetings
from storage.clubs import ClubRef, resolve_club
from storage.meetings import MeetingChangeError
from storage.reminders import plan

COMMANDS = ("meeting",)
ACTOR = "cli:meeting"


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    cmd = commands.add_parser("meeting", help="move, cancel or restore one club meeting")
    actions = cmd.add_subparsers(dest="action", required=True)
    for name, what in (("list", "the coming meetings"), ("move", "hold one at another time"),
                       ("cancel", "do not hold one"), ("restore", "hold one as the rule says")):
        one = actions.add_parser(name, help=what)
        if name != "list":
            one.add_argument("date", metavar="DATE", help="dd/mm/yyyy")
        if name == "move":
            one.add_argument("--to", required=True, metavar='"DATE HH:MM"',
                             help="the new date and time, e.g. \"17/12/2026 14:00\"")
        one.add_argument("--club", help="club id or part of its name, when there are several")


async def run(db: Database, args: argparse.Namespace, settings: Settings,
              now: datetime | None = None) -> int:
    """Run ``meeting …``; raises ClubChoiceError for the caller to print."""
    now = now or vietnam_now()
    club = await resolve_club(db, args.club)
    if args.action == "list":
        print(texts.CLI_MEETING_LIST.format(club=club.name))
        await _print_upcoming(db, club, now)
        return 0
    try:
        day = parse_date(args.date)
    except ValueError:
        print(texts.CLI_MEETING_BAD_DATE.format(text=args.date), file=sys.stderr)
        return 2
    occurrence = await meetings.find(db, club.id, day)
    if occurrence is None:
        print(texts.CLI_MEETING_NOT_FOUND.format(club=club.name, date=format_weekday_date(day)),
              file=sys.stderr)
        await _print_upcoming(db, club, now, file=sys.stderr)
        return 1
    regular = occurrence.regular_on
    try:
        if args.action == "move":
            try:
                new_on, new_at = parse_when(args.to, now.date())
            except ValueError:
                print(texts.CLI_MEETING_BAD_WHEN.format(text=args.to), file=sys.stderr)
                return 2
            after = await meetings.move(db, club.id, regular, new_on, new_at, actor=ACTOR,
                                        now=now)
            print(texts.CLI_MEETING_MOVED.format(
                old=format_weekday_date(occurrence.on), club=club.name,
                new=format_weekday_date(after.on), time=_time_part(after.at)))
        elif args.action == "cancel":
            await meetings.cancel(db, club.id, regular, actor=ACTOR, now=now)
            print(texts.CLI_MEETING_CANCELLED.format(date=format_weekday_date(occurrence.on),
                                                     club=club.name))
        else:
            after = await meetings.restore(db, club.id, regular, actor=ACTOR, now=now)
            print(texts.CLI_MEETING_RESTORED.format(date=format_weekday_date(after.on),
                                                    time=_time_part(after.at), club=club.name))
    except MeetingChangeError as problem:
        if problem.reason == "too_far":
            print(texts.CLI_MEETING_TOO_FAR.format(days=MAX_SHIFT.days,
                                                   date=format_weekday_date(regular)),
                  file=sys.stderr)
        else:
            print(texts.CLI_MEETING_IN_PAST, file=sys.stderr)
        return 1
    await plan(db, settings.reminders.rules(), now, ahead=settings.reminders.ahead,
               club_id=club.id)
    return 0


def _time_part(at: time | None) -> str:
    return texts.MEETING_TIME.format(time=f"{at:%H:%M}") if at else ""


async def _print_upcoming(db: Database, club: ClubRef, now: datetime,
                          file: TextIO | None = None) -> None:
    for o in await meetings.upcoming(db, club.id, now, count=4):
        state = (texts.MEETING_LABEL_CANCELLED if o.cancelled
                 else texts.MEETING_LABEL_MOVED if o.moved else "")
        print(texts.CLI_MEETING_LINE.format(date=format_weekday_date(o.on),
                                            time=_time_part(o.at), state=state),
              file=file or sys.stdout)
