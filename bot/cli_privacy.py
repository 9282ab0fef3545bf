"""The operator's side of members' data:

    ishc-bot --config FILE forget MEMBER_CODE [--club CLUB]

deletes a member's data at her request, exactly as the chair does in chat
(storage/forget.py): health readings, phone, chat accounts and links go; the
cash book and loans stay, marked as a member who left; the request is
recorded as met now, with the actor "cli".
"""

from __future__ import annotations

import argparse
import sys
from datetime import date

from club import texts
from club.calendar import format_date
from handlers.context import vietnam_now
from storage import Database, forget
from storage.clubs import resolve_club
from storage.roles import find_member

COMMANDS = ("forget",)
ACTOR = "cli"


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    cmd = commands.add_parser(
        "forget", help="delete a member's data at her request (the books stay)")
    cmd.add_argument("member", metavar="MEMBER_CODE")
    cmd.add_argument("--club", help="club id or part of its name, when there are several")


async def run(db: Database, args: argparse.Namespace) -> int:
    """Run ``forget``; raises ClubChoiceError for the caller to print."""
    club = await resolve_club(db, args.club)
    member = await find_member(db, club.id, args.member)
    if member is None:
        print(texts.CLI_MEMBER_NOT_FOUND.format(code=args.member, club=club.name),
              file=sys.stderr)
        return 1
    done = await forget.forget(db, member_id=member.id, actor=ACTOR, now=vietnam_now())
    if done.already:
        left = await db.fetchone("SELECT left_on FROM members WHERE id = ?", (member.id,))
        print(texts.CLI_FORGET_ALREADY.format(name=done.name, code=done.code,
                                              date=format_date(date.fromisoformat(left[0]))))
        return 0
    print(texts.CLI_FORGET_DONE.format(
        name=done.name, code=done.code, club=club.name, readings=done.readings,
        phone=texts.PB_PHONE if done.phone else texts.PB_NO_PHONE, links=done.links,
        accounts=done.accounts, messages=done.messages))
    print(texts.CLI_FORGET_KEPT.format(cash=done.cash_lines, loans=done.loans))
    return 0
