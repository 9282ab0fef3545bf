"""The report as a workbook a commune officer can file as it is.

A cover sheet (whose report, the period, who made it and when), the figures
with numbers as numbers (so the officer can add them up), and the plans'
targets marked ✅/❌. A commune's report has one row per club instead, the
totals, and how many clubs meet each target.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any, BinaryIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from club import texts
from club.programme import INDICATOR_KEYS
from storage.programme.documents.common import (
    cover_lines,
    figure_rows,
    indicator_rows,
    is_summary,
)
from storage.workbook import quote

_FORMATS = {"money": '#,##0 "đ"', "share": "0.0%", "count": "#,##0"}
_BOLD = Font(bold=True)
_TITLE = Font(bold=True, size=14)
_HEAD_FILL = PatternFill("solid", fgColor="DDEBF7")


def write_xlsx(report: dict[str, Any], path: str | Path | BinaryIO, *, made_by: str = "",
               made_on: date, series: dict[str, Any] | None = None) -> None:
    """Write the report (a club's or a summary) to an .xlsx file or stream."""
    book = Workbook()
    cover = book.active
    cover.title = texts.REPORT_DOC_SHEET_COVER
    _cover(cover, report, made_by, made_on)
    if is_summary(report):
        _clubs(book.create_sheet(texts.REPORT_DOC_SHEET_CLUBS), report)
        _figures(book.create_sheet(texts.REPORT_DOC_SHEET_FIGURES), report["totals"])
        _targets(book.create_sheet(texts.REPORT_DOC_SHEET_INDICATORS), report)
    else:
        _figures(book.create_sheet(texts.REPORT_DOC_SHEET_FIGURES), report)
        _indicators(book.create_sheet(texts.REPORT_DOC_SHEET_INDICATORS), report)
    book.save(path)


def _text(value: str) -> str:
    return quote(value)  # a club's name is text, never a formula


def _header(sheet: Worksheet, headers: list[str], widths: list[int]) -> None:
    sheet.append(headers)
    for cell in sheet[sheet.max_row]:
        cell.font, cell.fill = _BOLD, _HEAD_FILL
    for position, width in enumerate(widths):
        sheet.column_dimensions[get_column_letter(position + 1)].width = width
    sheet.freeze_panes = f"A{sheet.max_row + 1}"  # a reference: creates no cell


def _cover(sheet: Worksheet, report: dict[str, Any], made_by: str, made_on: date) -> None:
    title = texts.REPORT_DOC_TITLE_MANY if is_summary(report) else texts.REPORT_DOC_TITLE
    sheet["A1"] = title
    sheet["A1"].font = _TITLE
    sheet.merge_cells("A1:B1")
    for number, (label, value) in enumerate(cover_lines(report, made_by, made_on), 3):
        sheet.cell(row=number, column=1, value=label).font = _BOLD
        sheet.cell(row=number, column=2, value=_text(value))
    sheet.cell(row=sheet.max_row + 2, column=1, value=texts.REPORT_DOC_SOURCE)
    sheet.column_dimensions["A"].width = 22
    sheet.column_dimensions["B"].width = 70


def _figures(sheet: Worksheet, figures: dict[str, Any]) -> None:
    _header(sheet, [texts.REPORT_DOC_FIGURE, texts.REPORT_DOC_VALUE], [48, 20])
    for heading, label, value, how in figure_rows(figures):
        if heading is not None:
            sheet.append([heading])
            sheet.cell(row=sheet.max_row, column=1).font = _BOLD
            continue
        sheet.append([label, value])
        sheet.cell(row=sheet.max_row, column=2).number_format = _FORMATS[how]


def _indicators(sheet: Worksheet, report: dict[str, Any]) -> None:
    _header(sheet, [texts.REPORT_DOC_INDICATOR, texts.REPORT_DOC_TARGET,
                    texts.REPORT_DOC_RESULT, texts.REPORT_DOC_MET], [44, 30, 20, 14])
    for row in indicator_rows(report):
        sheet.append(list(row))
        for cell in sheet[sheet.max_row]:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def _clubs(sheet: Worksheet, report: dict[str, Any]) -> None:
    """One row per club: its figures, then a mark for each target; the totals last."""
    figures = [(part, key, label, how) for part, key, label, how in texts.REPORT_FIGURES]
    labels = [texts.INDICATOR_LABELS[k] for k in INDICATOR_KEYS]
    _header(sheet, [texts.REPORT_DOC_CLUB, texts.REPORT_DOC_COMMUNE,
                    *(label for _, _, label, _ in figures), *labels],
            [40, 18] + [16] * (len(figures) + len(labels)))
    for club in report["clubs"]:
        marks = [texts.INDICATOR_MET if i["met"] else texts.INDICATOR_NOT_MET
                 for i in club["indicators"]]
        sheet.append([_text(club["club"]), _text(club["commune"]),
                      *(club[part][key] for part, key, _, _ in figures), *marks])
        _formats(sheet, figures)
    totals = report["totals"]
    sheet.append([texts.REPORT_DOC_TOTAL, "", *(totals[part][key] for part, key, _, _ in figures)])
    _formats(sheet, figures)
    for cell in sheet[sheet.max_row]:
        cell.font = _BOLD


def _formats(sheet: Worksheet, figures: list[tuple[str, str, str, str]]) -> None:
    for position, (_, _, _, how) in enumerate(figures, 3):
        sheet.cell(row=sheet.max_row, column=position).number_format = _FORMATS[how]


def _targets(sheet: Worksheet, report: dict[str, Any]) -> None:
    _header(sheet, [texts.REPORT_DOC_INDICATOR, texts.REPORT_DOC_CLUBS_MET,
                    texts.REPORT_DOC_CLUBS, texts.REPORT_DOC_SHARE_MET], [44, 14, 10, 14])
    for target in report["targets"]:
        sheet.append([target["label"], target["clubs_met"], target["clubs"], target["share"]])
        sheet.cell(row=sheet.max_row, column=4).number_format = _FORMATS["share"]
