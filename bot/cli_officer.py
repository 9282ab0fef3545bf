"""The Association's officers, from the command line:

    ishc-bot --config FILE officer add "NAME" --scope SCOPE
        SCOPE: "commune:Xã Tân Lập" | "province:Hưng Yên" | all
    ishc-bot --config FILE officer list
    ishc-bot --config FILE officer code ID
    ishc-bot --config FILE officer remove ID

``add`` prints the officer's one-time sign-in code for the web dashboard
(``/officer/``), with the link codes' rules: 8 digits, one use, 48 hours.
``code`` gives a fresh one (the earlier unused one stops working) for an
officer who lost theirs or whose code expired. A commune may be named with its
province ("commune:Xã Tân Lập, Hưng Yên") where two provinces have a commune
of that name. ``remove`` ends the officer's sessions at once. Every change is
audited with the actor "cli".
"""

from __future__ import annotations

import argparse
import sys

from bot.channels.web_http import local_url
from bot.config import Settings
from club import texts
from club import texts_officer as otexts
from club.calendar import format_weekday_date
from handlers.context import vietnam_now
from storage import Database, link_codes, officers
from storage.officers import BadScope, IssuedCode

COMMANDS = ("officer",)


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    cmd = commands.add_parser("officer", help="officers who read the clubs' figures on the web")
    actions = cmd.add_subparsers(dest="officer_action", required=True)
    add = actions.add_parser("add", help="add an officer and print their sign-in code")
    add.add_argument("name")
    add.add_argument("--scope", required=True,
                     help='"commune:Xã Tân Lập[, Hưng Yên]", "province:Hưng Yên" or all')
    actions.add_parser("list", help="list the officers and their scopes")
    code = actions.add_parser("code", help="a fresh sign-in code for an officer")
    code.add_argument("id", type=int)
    remove = actions.add_parser("remove", help="remove an officer (their sessions end)")
    remove.add_argument("id", type=int)


async def run(db: Database, args: argparse.Namespace, settings: Settings) -> int:
    now = vietnam_now()
    action = args.officer_action
    if action == "add":
        try:
            scope = officers.parse_scope(args.scope)
        except BadScope:
            print(otexts.CLI_OFFICER_BAD_SCOPE.format(scope=args.scope), file=sys.stderr)
            return 2
        name = " ".join(args.name.split())[:120]
        if not name:
            print(otexts.CLI_OFFICER_BAD_SCOPE.format(scope=args.scope), file=sys.stderr)
            return 2
        issued = await officers.add_officer(db, name, scope, now=now)
        print(otexts.CLI_OFFICER_ADDED.format(name=name, id=issued.officer.id,
                                              scope=scope.label))
        if not await officers.club_ids_in(db, scope):
            print(otexts.CLI_OFFICER_NO_CLUBS.format(scope=scope.label), file=sys.stderr)
        _print_code(issued, settings)
        return 0
    if action == "list":
        found = await officers.list_officers(db)
        if not found:
            print(otexts.CLI_OFFICER_NONE)
        for officer in found:
            clubs = len(await officers.club_ids_in(db, officer.scope))
            print(otexts.CLI_OFFICER_LINE.format(
                id=officer.id, name=officer.name, scope=officer.scope.label, clubs=clubs,
                removed=otexts.CLI_OFFICER_REMOVED_MARK if officer.removed else ""))
        return 0
    if action == "code":
        issued_code = await officers.issue_code(db, args.id, now=now)
        if issued_code is None:
            print(otexts.CLI_OFFICER_NOT_FOUND.format(id=args.id), file=sys.stderr)
            return 1
        _print_code(issued_code, settings)
        return 0
    removed = await officers.remove_officer(db, args.id, now=now)
    if removed is None:
        print(otexts.CLI_OFFICER_NOT_FOUND.format(id=args.id), file=sys.stderr)
        return 1
    print(otexts.CLI_OFFICER_REMOVED.format(name=removed.name, id=removed.id))
    return 0


def dashboard_url(settings: Settings) -> str:
    web = settings.web
    base = web.public_url.rstrip("/") + "/" if web.public_url else local_url(web.host, web.port)
    return base + "officer/"


def _print_code(issued: IssuedCode, settings: Settings) -> None:
    expires = texts.LC_WHEN.format(time=issued.expires_at.strftime("%H:%M"),
                                   date=format_weekday_date(issued.expires_at.date()))
    print(otexts.CLI_OFFICER_CODE.format(name=issued.officer.name,
                                         code=link_codes.format_code(issued.code),
                                         expires=expires, url=dashboard_url(settings)))
