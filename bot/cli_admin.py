"""The operator's commands on the board and the record:

    ishc-bot --config FILE role MEMBER_CODE ROLE [--club CLUB]
    ishc-bot --config FILE role MEMBER_CODE --remove ROLE [--club CLUB]
    ishc-bot --config FILE audit [--member MEMBER_CODE] [--club CLUB]
    ishc-bot --config FILE code MEMBER_CODE [--relative] [--club CLUB]
    ishc-bot --config FILE address [ong-ba | bac] [--club CLUB]

A post may be typed with or without diacritics, quoted or not ("thu ky",
"Thư ký", Thủ quỹ). Every role change is audited with the actor "cli".

``code`` prints a one-time link code, exactly as the board's 🔑 Mã kết nối
issues it (same store, expiry, single use, audit — the actor is "cli"). On
Zalo and the web a person links only with a code, so a club's first board
member gets theirs here.

``address`` shows or sets how the bot addresses the club's members of 60 and
over: "ông"/"bà" (ong-ba, the default) or "bác" (bac), as the chair does in
chat with 🗣 Cách xưng hô (club/address.py).
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from typing import Any

from club import texts
from club.address import parse_style
from club.calendar import format_date, format_weekday_date
from club.roles import Role, parse_role
from handlers.context import vietnam_now
from handlers.conversation import plain_text
from storage import Database, clubs, link_codes
from storage.audit_log import AuditEntry, read_log
from storage.clubs import resolve_club
from storage.roles import NotHeld, find_member, remove_role, set_role

COMMANDS = ("role", "audit", "code", "address")
ACTOR = "cli"


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    cmd = commands.add_parser("role", help="set or clear a member's board post")
    cmd.add_argument("member", metavar="MEMBER_CODE")
    cmd.add_argument("role", nargs="*", metavar="ROLE",
                     help='Chủ nhiệm, Phó chủ nhiệm, Thư ký or Thủ quỹ ("thu ky" works)')
    cmd.add_argument("--remove", nargs="+", metavar="ROLE", help="clear this post")
    cmd.add_argument("--club", help="club id or part of its name, when there are several")

    cmd = commands.add_parser("audit", help="print who changed what, when (oldest first)")
    cmd.add_argument("--member", metavar="MEMBER_CODE", help="only what concerns this member")
    cmd.add_argument("--club", help="club id or part of its name, when there are several")

    cmd = commands.add_parser("code", help="print a one-time link code for a member")
    cmd.add_argument("member", metavar="MEMBER_CODE")
    cmd.add_argument("--relative", action="store_true",
                     help="for a relative who helps the member (with their agreement)")
    cmd.add_argument("--club", help="club id or part of its name, when there are several")

    cmd = commands.add_parser("address", help="show or set how members of 60 and over "
                                              "are addressed: ong-ba (ông/bà) or bac (bác)")
    cmd.add_argument("style", nargs="*", metavar="STYLE", help='ong-ba or bac ("ông bà" works)')
    cmd.add_argument("--club", help="club id or part of its name, when there are several")


async def run(db: Database, args: argparse.Namespace) -> int:
    """Run ``role``, ``audit``, ``code`` or ``address``; raises ClubChoiceError for the caller
    to print."""
    if args.command == "address":
        return await address(db, club=args.club, style=" ".join(args.style))
    if args.command == "code":
        return await code(db, club=args.club, member_code=args.member, proxy=args.relative)
    if args.command == "role":
        return await role(db, club=args.club, member_code=args.member,
                          role=" ".join(args.role), remove=" ".join(args.remove or ()))
    return await audit(db, club=args.club, member_code=args.member)


# ---------------------------------------------------------------- role

async def role(db: Database, *, club: str | None, member_code: str, role: str,
               remove: str) -> int:
    if bool(role) == bool(remove):
        print(texts.CLI_ROLE_USAGE, file=sys.stderr)
        return 2
    try:
        post = parse_role(role or remove)
    except ValueError:
        print(texts.CLI_ROLE_UNKNOWN.format(role=role or remove,
                                            roles=", ".join(r.value for r in Role)),
              file=sys.stderr)
        return 2
    found = await resolve_club(db, club)
    member = await find_member(db, found.id, member_code)
    if member is None:
        print(texts.CLI_MEMBER_NOT_FOUND.format(code=member_code, club=found.name),
              file=sys.stderr)
        return 1
    who = {"name": member.name, "code": member.code}

    if remove:
        try:
            await remove_role(db, found.id, member.id, post, actor=ACTOR, now=vietnam_now())
        except NotHeld as refusal:
            held = refusal.member.role
            current = (texts.CLI_ROLE_CURRENT.format(role=held.value) if held
                       else texts.CLI_ROLE_NONE)
            print(texts.CLI_ROLE_NOT_HELD.format(role=post.value, current=current, **who),
                  file=sys.stderr)
            return 1
        print(texts.CLI_ROLE_REMOVED.format(role=post.value, **who))
        return 0

    change = await set_role(db, found.id, member.id, post, actor=ACTOR, now=vietnam_now())
    if not change.changed:
        print(texts.CLI_ROLE_SAME.format(role=post.value, **who))
        return 0
    line = texts.CLI_ROLE_SET.format(role=post.value, club=found.name, **who)
    if change.before is not None:
        line += texts.CLI_ROLE_WAS.format(role=change.before.value)
    print(line)
    if change.others:
        print(texts.CLI_ROLE_ALSO_HELD.format(
            role=post.value, others=", ".join(f"{o.name} ({o.code})" for o in change.others)))
    return 0


# ---------------------------------------------------------------- code

async def code(db: Database, *, club: str | None, member_code: str, proxy: bool) -> int:
    found = await resolve_club(db, club)
    member = await find_member(db, found.id, member_code)
    if member is None:
        print(texts.CLI_MEMBER_NOT_FOUND.format(code=member_code, club=found.name),
              file=sys.stderr)
        return 1
    issued = await link_codes.issue(db, club_id=found.id, member_id=member.id, proxy=proxy,
                                    actor=ACTOR, now=vietnam_now())
    head = texts.LC_ISSUED_PROXY if proxy else texts.LC_ISSUED_SELF
    expires = texts.LC_ISSUED_EXPIRES.format(when=texts.LC_WHEN.format(
        time=issued.expires_at.strftime("%H:%M"),
        date=format_weekday_date(issued.expires_at.date())))
    print(plain_text(texts.CLI_CODE_ISSUED.format(
        head=head.format(name=member.name, code=member.code),
        code=link_codes.format_code(issued.code), expires=expires)))
    print(texts.LC_HOW_TO_USE)
    if issued.revoked:
        print(texts.LC_OLD_REVOKED)
    return 0


# ---------------------------------------------------------------- address

async def address(db: Database, *, club: str | None, style: str) -> int:
    wanted = None
    if style:
        try:
            wanted = parse_style(style)
        except ValueError:
            print(texts.CLI_ADDRESS_UNKNOWN.format(style=style), file=sys.stderr)
            return 2
    found = await resolve_club(db, club)
    if wanted is None:
        current = await clubs.address_style(db, found.id)
        print(texts.CLI_ADDRESS_NOW.format(club=found.name,
                                           style=texts.ADDRESS_STYLE_WORDS[current]))
        return 0
    changed = await clubs.set_address_style(db, found.id, wanted, actor=ACTOR,
                                            now=vietnam_now())
    said = texts.CLI_ADDRESS_SET if changed else texts.CLI_ADDRESS_SAME
    print(said.format(club=found.name, style=texts.ADDRESS_STYLE_WORDS[wanted]))
    return 0


# ---------------------------------------------------------------- audit

async def audit(db: Database, *, club: str | None, member_code: str | None) -> int:
    found = await resolve_club(db, club)
    member = None
    if member_code is not None:
        member = await find_member(db, found.id, member_code)
        if member is None:
            print(texts.CLI_MEMBER_NOT_FOUND.format(code=member_code, club=found.name),
                  file=sys.stderr)
            return 1
    entries = await read_log(db, club_id=found.id,
                             member_id=member.id if member is not None else None)
    of_member = (texts.CLI_AUDIT_OF_MEMBER.format(code=member.code, name=member.name)
                 if member is not None else "")
    print(texts.CLI_AUDIT_HEAD.format(club=found.name, member=of_member, count=len(entries)))
    if not entries:
        print(texts.CLI_AUDIT_EMPTY)
    for line in format_log(entries):
        print(line)
    return 0


def format_log(entries: list[AuditEntry]) -> list[str]:
    """One line per change, in aligned columns: time, who, what, whom, details."""
    table = [(
        f"{format_date(e.at.date())} {e.at:%H:%M}",
        _actor(e),
        texts.AUDIT_ACTIONS.get(e.action, e.action),
        f"{e.member_code} {e.member_name}" if e.member_code else "—",
        _details(e.detail),
    ) for e in entries]
    widths = [max((_width(row[i]) for row in table), default=0) for i in range(4)]
    return ["  ".join([*(_pad(cell, w) for cell, w in zip(row[:4], widths, strict=True)),
                       row[4]]).rstrip() for row in table]


def _actor(entry: AuditEntry) -> str:
    if entry.actor_member is None:
        return entry.actor
    m = entry.actor_member
    return texts.CLI_AUDIT_VIA.format(name=m.name, code=m.code, account=m.account)


def _details(detail: dict[str, Any]) -> str:
    shown = []
    for key, value in detail.items():
        if value is None or value == "" or value == {} or value == []:
            continue
        text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
        shown.append(f"{key}={text}")
    return ", ".join(shown)


def _width(text: str) -> int:
    """Columns on a terminal: combining marks (a decomposed "ệ") take none."""
    return sum(0 if unicodedata.combining(ch) else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))
