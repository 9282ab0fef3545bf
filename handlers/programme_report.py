"""📊 Báo cáo: the current period's report, for the chair and the secretary.

The headline figures against the plans' targets in ten lines or fewer, then
the report's charts as pictures, one line of words each, then the report
itself as the commune files it: the workbook and the PDF with the same
charts, as documents where the channel carries files (Telegram), else as
download links valid for a day (Zalo, the web chat). Every figure comes from
storage/programme through club/programme, as for ``ishc-bot report``.

The pictures are the PDF's own drawing functions
(storage/programme/documents/charts.py) at a phone's size, from the same
report and series. Like the members' charts they are drawn only when a
channel shows them, on the charts' drawing thread (handlers/charts.py), and
kept while their figures stay the same; a chart with nothing to draw in the
period (no meetings yet, no fund) is left out rather than sent empty.
"""

from __future__ import annotations

import asyncio
import io
import re
from functools import partial
from typing import Any

from club import texts
from club.programme import Period, current_period, headline
from club.roles import Permission
from club.text import fold
from handlers.board import BoardActor, acting_board_member, refused
from handlers.context import Services
from handlers.conversation import DOCUMENT_CHANNELS, Document, Reply, Turn
from handlers.menu import with_menu
from storage import downloads
from storage.accounts import Account
from storage.programme.report import club_report_of, club_series

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF = "application/pdf"


async def on_choice(turn: Turn, account: Account, services: Services) -> list[Reply]:
    actor = acting_board_member(account, Permission.PROGRAMME)
    if actor is None:
        return [refused(account)]
    today = services.now().date()
    period = current_period(today)
    report = await club_report_of(services.db.fetchall, period, actor.club_id)
    series = await club_series(services.db.fetchall, period, actor.club_id)
    xlsx, pdf = await asyncio.to_thread(_documents, report, series, period, actor, services)
    replies = [with_menu(headline(report, period, today), account),
               *_pictures(report, series, actor.club_id, services)]
    if turn.channel in DOCUMENT_CHANNELS:
        replies += [Reply(text=texts.REPORT_FILE_XLSX.format(period=period.key), document=xlsx),
                    Reply(text=texts.REPORT_FILE_PDF.format(period=period.key), document=pdf)]
        return replies
    links = {}
    for key, document in (("xlsx", xlsx), ("pdf", pdf)):
        token = await downloads.store(services.db, club_id=actor.club_id,
                                      filename=document.filename,
                                      media_type=document.media_type, content=document.content,
                                      actor=actor.label, now=services.now())
        links[key] = downloads.link(services.public_url, token)
    replies.append(with_menu(texts.REPORT_FILES_LINKS.format(**links), account))
    return replies


def _pictures(report: dict[str, Any], series: dict[str, Any], club_id: int,
              services: Services) -> list[Reply]:
    """The report's charts, each a reply whose words are its caption, in the
    PDF's order; those with nothing to draw in the period left out."""
    months = series.get("fund_by_month", [])
    meetings = series.get("attendance_by_meeting", [])
    charts: list[tuple[str, str, Any]] = []
    if any(m["capital"] or m["cash"] or m["on_loan"] for m in months):
        charts.append(("fund", texts.REPORT_CHART_FUND_CAPTION, months))
    if any(m["marks"] for m in meetings):
        charts.append(("attendance", texts.REPORT_CHART_ATTENDANCE_CAPTION, meetings))
    if report["meetings"]["held"]:
        charts.append(("areas", texts.REPORT_CHART_AREAS_CAPTION,
                       report["meetings"]["areas"]))
    if report["members"]["total"]:
        charts.append(("borrowing", texts.REPORT_CHART_BORROWING_CAPTION,
                       report["loans"]["share_borrowing"]))
    return [Reply(text=caption,
                  image=services.charts.picture((club_id, f"report-{name}"), figures, caption,
                                                partial(_draw, name, figures)))
            for name, caption, figures in charts]


def _draw(name: str, figures: Any) -> bytes:
    """One chart at a phone's size (on the drawing thread, never the event loop)."""
    # Imported here: matplotlib and the documents' ReportLab take a second to load.
    from storage.programme.documents import charts

    draw = {"fund": charts.fund_chart, "attendance": charts.attendance_chart,
            "areas": charts.areas_chart, "borrowing": charts.borrowing_chart}[name]
    return draw(figures, charts.PHONE)


def _documents(report: dict[str, Any], series: dict[str, Any], period: Period,
               actor: BoardActor, services: Services) -> tuple[Document, Document]:
    """The workbook and the PDF, in memory (a few seconds of CPU: off the event loop)."""
    # Imported here: matplotlib and ReportLab take a second to load.
    from storage.programme.documents import write_pdf, write_xlsx

    made_by = f"{actor.name} ({actor.role.value})"
    made_on = services.now().date()
    base = f"bao-cao-{_slug(report['club'])}-{period.key}"
    files = []
    for writer, suffix, media in ((write_xlsx, "xlsx", XLSX), (write_pdf, "pdf", PDF)):
        buffer = io.BytesIO()
        writer(report, buffer, made_by=made_by, made_on=made_on, series=series)
        files.append(Document(f"{base}.{suffix}", media, buffer.getvalue()))
    return files[0], files[1]


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")[:60] or "clb"
