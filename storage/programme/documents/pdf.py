"""The report on A4, in Vietnamese, with its charts.

ReportLab lays it out; the font is DejaVu Sans, which matplotlib ships (so no
system font is needed and every machine draws the same), embedded in the file
as a subset with its Unicode map: the PDF shows Vietnamese everywhere and its
text can be searched and copied (``pdftotext`` gives the words back).
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path
from typing import Any, BinaryIO

import matplotlib
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import registerFontFamily
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    Image,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from club import texts
from club.programme import INDICATOR_KEYS
from storage.programme.documents.common import (
    cover_lines,
    figure_rows,
    indicator_rows,
    is_summary,
    shown,
)

_FONT, _BOLD = "DejaVuSans", "DejaVuSans-Bold"
_FONTS = Path(matplotlib.get_data_path()) / "fonts" / "ttf"


def _register_fonts() -> None:
    if _FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(_FONT, str(_FONTS / "DejaVuSans.ttf")))
        pdfmetrics.registerFont(TTFont(_BOLD, str(_FONTS / "DejaVuSans-Bold.ttf")))
        # So that <b> in a paragraph is DejaVu's bold, not Helvetica's.
        registerFontFamily(_FONT, normal=_FONT, bold=_BOLD, italic=_FONT, boldItalic=_BOLD)


_BODY = ParagraphStyle("body", fontName=_FONT, fontSize=11, leading=15)
_SMALL = ParagraphStyle("small", parent=_BODY, fontSize=9, leading=12)
_TITLE = ParagraphStyle("title", parent=_BODY, fontName=_BOLD, fontSize=15, leading=20,
                        alignment=TA_CENTER, spaceAfter=6 * mm)
_HEADING = ParagraphStyle("heading", parent=_BODY, fontName=_BOLD, fontSize=13, leading=18,
                          spaceBefore=5 * mm, spaceAfter=2 * mm)
_GRID = TableStyle([
    ("FONT", (0, 0), (-1, -1), _FONT, 10),
    ("FONT", (0, 0), (-1, 0), _BOLD, 10),
    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#DDEBF7")),
    ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
])
_WIDTH = A4[0] - 36 * mm


def write_pdf(report: dict[str, Any], path: str | Path | BinaryIO, *, made_by: str = "",
              made_on: date, series: dict[str, Any] | None = None) -> None:
    """Write the report (a club's with its charts, or a summary) as an A4 PDF."""
    _register_fonts()
    title = texts.REPORT_DOC_TITLE_MANY if is_summary(report) else texts.REPORT_DOC_TITLE
    story: list[Any] = [Paragraph(title, _TITLE)]
    lines = cover_lines(report, made_by, made_on)
    cover = [[Paragraph(f"<b>{label}</b>", _BODY), Paragraph(_escape(value), _BODY)]
             for label, value in lines]
    story.append(Table(cover, colWidths=[45 * mm, _WIDTH - 45 * mm],
                       style=[("VALIGN", (0, 0), (-1, -1), "TOP"),
                              ("FONT", (0, 0), (-1, -1), _FONT, 10)]))
    story.append(Paragraph(texts.REPORT_DOC_SOURCE, _SMALL))
    if is_summary(report):
        story += _summary(report)
    else:
        story += _club(report, series)
    document = SimpleDocTemplate(
        path if not isinstance(path, Path) else str(path), pagesize=A4,
        leftMargin=18 * mm, rightMargin=18 * mm, topMargin=16 * mm, bottomMargin=16 * mm,
        # Else each page starts in Helvetica, a font no PDF reader is obliged to have.
        initialFontName=_FONT, initialFontSize=11, initialLeading=15,
        title=title, author=made_by, subject=f"{lines[0][1]} — {lines[-3][1]}")
    document.build(story)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _cell(text: str, style: ParagraphStyle = _BODY) -> Paragraph:
    return Paragraph(_escape(text), style)


def _indicators(report: dict[str, Any]) -> list[Any]:
    rows = [[texts.REPORT_DOC_INDICATOR, texts.REPORT_DOC_TARGET, texts.REPORT_DOC_RESULT,
             texts.REPORT_DOC_MET]]
    rows += [[_cell(label), _cell(target), _cell(value), _cell(met)]
             for label, target, value, met in indicator_rows(report, plain=True)]
    return [Paragraph(texts.REPORT_DOC_SHEET_INDICATORS, _HEADING),
            Table(rows, colWidths=[68 * mm, 45 * mm, 32 * mm, _WIDTH - 145 * mm],
                  style=_GRID, repeatRows=1)]


def _figures(figures: dict[str, Any]) -> list[Any]:
    rows: list[list[Any]] = [[texts.REPORT_DOC_FIGURE, texts.REPORT_DOC_VALUE]]
    style = TableStyle(_GRID.getCommands())
    for heading, label, value, how in figure_rows(figures):
        if heading is not None:
            rows.append([heading, ""])
            style.add("FONT", (0, len(rows) - 1), (-1, len(rows) - 1), _BOLD, 10)
            style.add("BACKGROUND", (0, len(rows) - 1), (-1, len(rows) - 1),
                      colors.HexColor("#F2F2F2"))
        else:
            rows.append([label, shown(value, how)])
    style.add("ALIGN", (1, 1), (1, -1), "RIGHT")
    return [Paragraph(texts.REPORT_DOC_SHEET_FIGURES, _HEADING),
            Table(rows, colWidths=[_WIDTH - 50 * mm, 50 * mm], style=style, repeatRows=1)]


def _club(report: dict[str, Any], series: dict[str, Any] | None) -> list[Any]:
    from storage.programme.documents.charts import all_charts

    story = _indicators(report) + _figures(report)
    story += [PageBreak(), Paragraph(texts.REPORT_DOC_CHARTS, _HEADING)]
    for png in all_charts(report, series or {}):
        picture = Image(io.BytesIO(png))
        scale = min(_WIDTH * 0.9 / picture.drawWidth, 105 * mm / picture.drawHeight)
        picture.drawWidth, picture.drawHeight = (picture.drawWidth * scale,
                                                 picture.drawHeight * scale)
        story += [KeepTogether([picture]), Spacer(1, 4 * mm)]
    return story


def _summary(report: dict[str, Any]) -> list[Any]:
    rows = [[texts.REPORT_DOC_INDICATOR, texts.REPORT_DOC_CLUBS_MET,
             texts.REPORT_DOC_SHARE_MET]]
    rows += [[_cell(f"{n}. {t['label']}"), f"{t['clubs_met']}/{t['clubs']}",
              shown(t["share"], "share")] for n, t in enumerate(report["targets"], 1)]
    story = [Paragraph(texts.REPORT_DOC_SHEET_INDICATORS, _HEADING),
             Table(rows, colWidths=[_WIDTH - 70 * mm, 35 * mm, 35 * mm], style=_GRID,
                   repeatRows=1)]
    # Each club against each target: a mark per target, numbered as in the list above.
    head = [texts.REPORT_DOC_CLUB, *(str(n) for n in range(1, len(INDICATOR_KEYS) + 1))]
    marks = [[_cell(club["club"], _SMALL),
              *("✔" if i["met"] else "✘" for i in club["indicators"])]
             for club in report["clubs"]]
    story += [Paragraph(texts.REPORT_DOC_SHEET_CLUBS, _HEADING),
              Table([head, *marks], colWidths=[_WIDTH - 8 * 12 * mm] + [12 * mm] * 8,
                    style=_GRID, repeatRows=1)]
    story += _figures(report["totals"])
    return story
