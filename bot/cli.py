"""``ishc-bot``: import and export a club's books, chat in the terminal, run the bot.

    ishc-bot --config FILE import WORKBOOK.xlsx
    ishc-bot --config FILE export OUT.xlsx [--club CLUB]
    ishc-bot --config FILE chat [--club CLUB] [--tour]
    ishc-bot --config FILE run
    ishc-bot --config FILE check
    ishc-bot --config FILE code MEMBER_CODE [--relative] [--club CLUB]
    ishc-bot --config FILE demo [--club CLUB] [--port PORT]
    ishc-bot --config FILE role MEMBER_CODE ROLE | role MEMBER_CODE --remove ROLE
    ishc-bot --config FILE audit [--member MEMBER_CODE]
    ishc-bot --config FILE meeting move DATE --to "DATE HH:MM" | cancel DATE | list [--club C]
    ishc-bot --config FILE backup [OUT.db] | restore IN.db
    ishc-bot --config FILE forget MEMBER_CODE [--club CLUB]
    ishc-bot --config FILE officer add NAME --scope SCOPE | list | code ID | remove ID

A failure the operator can fix is one or two Vietnamese lines and a non-zero
exit; ``--debug`` adds the traceback. Tokens and secrets never reach the
terminal or the log (bot/errors.py).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sqlite3
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

from bot import cli_admin, cli_backup, cli_meetings, cli_officer, cli_privacy, cli_report
from bot.config import Settings
from bot.errors import OperatorError, load_config, redact, redact_logs, secrets_of
from club import texts
from handlers.context import Services, vietnam_now
from storage import Database, DatabaseUnusable
from storage.clubs import ClubChoiceError, personas, resolve_club
from storage.database import unusable
from storage.exporter import export_club
from storage.importer import import_workbook
from storage.workbook import WorkbookError


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="ishc-bot", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--config", type=Path, help="TOML settings file (config.example.toml)")
    parser.add_argument("--debug", action="store_true",
                        help="show the traceback of a failure (secrets still hidden)")
    commands = parser.add_subparsers(dest="command", required=True)

    cmd = commands.add_parser("import", help="load a club workbook (all or nothing)")
    cmd.add_argument("workbook", type=Path)

    cmd = commands.add_parser("export", help="write a club's books as a workbook")
    cmd.add_argument("out", type=Path)
    cmd.add_argument("--club", help="club id or part of its name, when there are several")

    cmd = commands.add_parser("chat", help="talk to the bot in this terminal "
                                           "(piped input: one turn per line)")
    cmd.add_argument("--club", help="club whose sample members to suggest")
    cmd.add_argument("--tour", action="store_true", help="play a short scripted tour")

    commands.add_parser("run", help="run the bot (Telegram, Zalo, the web chat as configured)")
    commands.add_parser("check", help="check the config, database, tokens, webhooks and port")

    cmd = commands.add_parser("demo", help="the web chat on 127.0.0.1 with a persona picker")
    cmd.add_argument("--club", help="club whose members to offer")
    cmd.add_argument("--port", type=int, help="port on 127.0.0.1 (default: [web] port)")
    cmd.add_argument("--no-browser", action="store_true", help="only print the address")
    cli_admin.add_commands(commands)
    cli_meetings.add_commands(commands)
    cli_backup.add_commands(commands)
    cli_privacy.add_commands(commands)
    cli_report.add_commands(commands)
    cli_officer.add_commands(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    level = logging.INFO if args.command == "run" else logging.WARNING
    logging.basicConfig(level=logging.DEBUG if args.debug else level,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # httpx logs every request URL at INFO, and a Bot API URL contains the token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    # APScheduler says "running job" at INFO every minute.
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    secrets: list[str] = []
    try:
        if args.command == "check":
            from bot.check import check

            return asyncio.run(check(args.config))
        settings = load_config(args.config)
        secrets = secrets_of(settings)
        redact_logs(secrets)
        if args.command == "run":
            from bot.runtime import run

            run(settings, config_path=args.config)
            return 0
        if args.command in cli_backup.COMMANDS:  # never through Database.open: it writes
            return cli_backup.run(args, settings)
        return asyncio.run(_offline_command(args, settings))
    except DatabaseUnusable as problem:
        # One plain line and a non-zero exit, at once: a supervisor restarts
        # (or an operator restores) instead of a process hanging on an error.
        if args.debug:
            _traceback(secrets)
        say_unusable(problem)
        return 1
    except OperatorError as problem:
        if args.debug:
            _traceback(secrets)
        print(redact(problem.message, secrets), file=sys.stderr)
        return problem.exit_code
    except KeyboardInterrupt:
        return 130
    except Exception as failure:
        if args.debug:
            _traceback(secrets)
        print(texts.CLI_UNEXPECTED.format(kind=type(failure).__name__), file=sys.stderr)
        return 1


def _traceback(secrets: list[str]) -> None:
    print(redact(traceback.format_exc(), secrets), file=sys.stderr, end="")


def say_unusable(problem: DatabaseUnusable) -> None:
    line = {"not_sqlite": texts.CLI_DB_NOT_SQLITE, "truncated": texts.CLI_DB_TRUNCATED,
            "damaged": texts.CLI_DB_DAMAGED}.get(problem.reason, texts.CLI_DB_UNREACHABLE)
    print(line.format(path=problem.path), file=sys.stderr)
    print(texts.CLI_DB_DETAIL.format(detail=problem.detail), file=sys.stderr)


async def _offline_command(args: argparse.Namespace, settings: Settings) -> int:
    db = await Database.open(settings.database.path)
    try:
        return await _command(db, args, settings)
    except sqlite3.Error as failure:
        # A damage that only shows when a query reaches it, half-way through.
        problem = unusable(failure, settings.database.path)
        if problem is None:
            raise
        raise problem from failure
    finally:
        await db.close()


async def _command(db: Database, args: argparse.Namespace, settings: Settings) -> int:
    try:
        if args.command == "import":
            return await _import(db, args.workbook)
        if args.command == "export":
            club = await resolve_club(db, args.club)
            await export_club(db, club.id, args.out)
            print(texts.CLI_EXPORTED.format(club=club.name, path=args.out))
            return 0
        if args.command == "chat":
            return await _chat(db, args.club, tour=args.tour)
        if args.command == "demo":
            from bot.demo import run_demo

            return await run_demo(db, settings, args.club, port=args.port,
                                  open_browser=not args.no_browser)
        if args.command in cli_admin.COMMANDS:
            return await cli_admin.run(db, args)
        if args.command in cli_meetings.COMMANDS:
            return await cli_meetings.run(db, args, settings)
        if args.command in cli_privacy.COMMANDS:
            return await cli_privacy.run(db, args)
        if args.command in cli_report.COMMANDS:
            return await cli_report.run(db, args)
        if args.command in cli_officer.COMMANDS:
            return await cli_officer.run(db, args, settings)
    except ClubChoiceError as problem:
        print(problem, file=sys.stderr)
        return 2
    return 2


async def _import(db: Database, workbook: Path) -> int:
    if not workbook.is_file():
        print(texts.CLI_WORKBOOK_MISSING.format(path=workbook), file=sys.stderr)
        return 2
    try:
        result = await import_workbook(db, workbook, actor=f"cli:import:{workbook.name}",
                                       now=vietnam_now())
    except WorkbookError as failure:
        print(texts.CLI_IMPORT_FAILED, file=sys.stderr)
        for problem in failure.problems:
            print(f"  - {problem}", file=sys.stderr)
        return 1
    print(result.summary())
    return 0


async def _chat(db: Database, club_selector: str | None, *, tour: bool = False) -> int:
    from bot.channels.terminal import TerminalChat

    club = await resolve_club(db, club_selector)
    people = await personas(db, club.id)
    chat = TerminalChat(Services.over(db))
    if tour:
        print(texts.TERMINAL_TOUR)
        chat.account_id = "tour"  # its own account, so a later live chat starts afresh
        phone = people[0][0] if people else ""
        await chat.say("/start")
        await chat.say("1", phone=phone)
        for typed in ("tiet kiem", "📄 Khoản vay", "lich hop"):
            await chat.say(typed)
        return 0
    if sys.stdin.isatty():
        examples = ", ".join(f"{phone} ({name})" for phone, name in people)
        print(texts.TERMINAL_INTRO.format(examples=examples))
        await chat.interactive()
        return 0
    # Piped input (a script, a test): one turn per line, until the input ends.
    await chat.scripted(sys.stdin)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
