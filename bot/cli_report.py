"""The programme's report from the command line:

    ishc-bot --config FILE report --period 2026-H1|2026 [--from DATE --to DATE]
             [--club C | --commune NAME | --all] [--format json|xlsx|pdf] [--out FILE]
             [--by NAME]

A 6-month report covers 15/12 of the year before to 14/06, an annual one 15/12
to 14/12 (Decree 09/2019/NĐ-CP); ``--from``/``--to`` give any other span.
JSON goes to standard output unless ``--out`` names a file; the workbook and
the PDF go to ``--out`` (by default a file named after the club and period in
the current directory). ``--commune`` and ``--all`` give one entry per club,
the totals, and for each target how many clubs meet it.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import sys
from pathlib import Path
from typing import Any

from club import texts
from club.calendar import parse_date
from club.programme import Period, custom, parse_period
from club.text import fold
from handlers.context import vietnam_now
from storage import Database
from storage.clubs import resolve_club
from storage.programme.report import club_report_of, club_series, commune_report

COMMANDS = ("report",)
FORMATS = ("json", "xlsx", "pdf")


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    cmd = commands.add_parser("report", help="the programme's 6-month or annual report")
    cmd.add_argument("--period", help="2026-H1 (15/12/2025–14/06/2026) or 2026 "
                                      "(15/12/2025–14/12/2026)")
    cmd.add_argument("--from", dest="start", metavar="DATE", help="first day (dd/mm/yyyy)")
    cmd.add_argument("--to", dest="end", metavar="DATE", help="last day (dd/mm/yyyy)")
    scope = cmd.add_mutually_exclusive_group()
    scope.add_argument("--club", help="club id or part of its name, when there are several")
    scope.add_argument("--commune", help="every club of this commune, with the totals")
    scope.add_argument("--all", action="store_true", help="every club, with the totals")
    cmd.add_argument("--format", choices=FORMATS, default="json")
    cmd.add_argument("--out", type=Path, help="file to write (json: standard output if none)")
    cmd.add_argument("--by", default="", help="who made the report, for the cover")


def _period(args: argparse.Namespace) -> Period | None:
    """The period the arguments give; None (and a message) if they give none."""
    try:
        if args.start or args.end:
            if not (args.start and args.end):
                raise ValueError("both")
            return custom(parse_date(args.start), parse_date(args.end))
        if args.period:
            return parse_period(args.period)
    except ValueError:
        pass
    print(texts.CLI_REPORT_PERIOD, file=sys.stderr)
    return None


async def run(db: Database, args: argparse.Namespace) -> int:
    """Run ``report``; raises ClubChoiceError for the caller to print."""
    period = _period(args)
    if period is None:
        return 2
    if args.commune is not None or args.all:
        report = await commune_report(db.fetchall, period, None if args.all else args.commune)
        if not report["clubs"]:
            print(texts.CLI_REPORT_NO_CLUBS.format(commune=args.commune), file=sys.stderr)
            return 1
        name = report["scope"] or "tat-ca"
    else:
        club = await resolve_club(db, args.club)
        report = await club_report_of(db.fetchall, period, club.id)
        name = club.name
    made = {"by": args.by or await _made_by(db, report), "on": vietnam_now().date()}
    if args.format == "json":
        text = json.dumps(report, ensure_ascii=False, indent=1)
        if args.out is None:
            print(text)
            return 0
        args.out.write_text(text + "\n", encoding="utf-8")
    else:
        out = args.out or Path(f"bao-cao-{_slug(name)}-{period.key}.{args.format}")
        series = (await club_series(db.fetchall, period, report["club_id"])
                  if "club_id" in report else None)
        await _write(report, args.format, out, made, series)
        args.out = out
    print(texts.CLI_REPORT_WRITTEN.format(path=args.out, period=period.title), file=sys.stderr)
    return 0


async def _made_by(db: Database, report: dict[str, Any]) -> str:
    """Who signs a club's report by default: its secretary, as the roster says."""
    if "club_id" not in report:
        return ""
    row = await db.fetchone(
        "SELECT name, role FROM members WHERE club_id = ? AND role IN ('Thư ký', 'Chủ nhiệm') "
        "ORDER BY role = 'Thư ký' DESC, code LIMIT 1", (report["club_id"],))
    return f"{row[0]} ({row[1]})" if row else ""


async def _write(report: dict[str, Any], fmt: str, out: Path, made: dict[str, Any],
                 series: dict[str, Any] | None) -> None:
    # Imported here: matplotlib and ReportLab take a second to load, and only
    # these two formats need them.
    from storage.programme.documents import write_pdf, write_xlsx

    writer = write_xlsx if fmt == "xlsx" else write_pdf
    await asyncio.to_thread(writer, report, out, made_by=made["by"], made_on=made["on"],
                            series=series)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")[:60] or "clb"
