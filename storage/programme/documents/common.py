"""What the workbook and the PDF share: the period, the cover's lines, the figures' rows."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from club import texts
from club.calendar import format_date
from club.money import format_vnd
from club.programme import AREAS, Period, describe, format_percent


def period_of(report: dict[str, Any]) -> Period:
    found = report["period"]
    return Period(date.fromisoformat(found["from"]), date.fromisoformat(found["to"]),
                  found.get("key", ""))


def is_summary(report: dict[str, Any]) -> bool:
    """A commune's (or every club's) report, rather than one club's."""
    return "totals" in report


def cover_lines(report: dict[str, Any], made_by: str, made_on: date) -> list[tuple[str, str]]:
    """(label, value) under the title: whose report, which period, who made it and when."""
    if is_summary(report):
        lines = [(texts.REPORT_DOC_SCOPE, report["scope"] or texts.REPORT_DOC_SCOPE_ALL),
                 (texts.REPORT_DOC_CLUBS, str(report["totals"]["clubs"]))]
    else:
        lines = [(texts.REPORT_DOC_CLUB, report["club"]),
                 (texts.REPORT_DOC_COMMUNE, report["commune"]),
                 (texts.REPORT_DOC_PROVINCE, report["province"])]
    lines += [(texts.REPORT_DOC_PERIOD, period_of(report).title),
              (texts.REPORT_DOC_MADE_BY, made_by),
              (texts.REPORT_DOC_MADE_ON, format_date(made_on))]
    return lines


def shown(value: Any, how: str) -> str:
    if how == "money":
        return format_vnd(value)
    if how == "share":
        return format_percent(value)
    return f"{value:,}".replace(",", ".")


def figure_rows(figures: dict[str, Any]) -> Iterator[tuple[str | None, str, Any, str]]:
    """(section heading or None, label, value, how) for every figure, areas included.

    ``figures`` is a club's report or a summary's totals (which have the same sections)."""
    section = None
    for part, key, label, how in texts.REPORT_FIGURES:
        heading = texts.REPORT_SECTIONS.get(part)
        if heading is not None and heading != section:
            section = heading
            yield heading, "", None, ""
        yield None, label, figures[part][key], how
        if (part, key) == ("meetings", "all_8_areas"):
            for area in AREAS:
                yield (None, texts.REPORT_DOC_AREA.format(number=area,
                                                          name=texts.AREA_NAMES[area]),
                       figures["meetings"]["areas"][str(area)], "count")


def indicator_rows(report: dict[str, Any], *, plain: bool = False
                   ) -> list[tuple[str, str, str, str]]:
    """(label, target, result, met) for each of the plans' targets."""
    met, not_met = ((texts.INDICATOR_MET_PLAIN, texts.INDICATOR_NOT_MET_PLAIN) if plain
                    else (texts.INDICATOR_MET, texts.INDICATOR_NOT_MET))
    rows = []
    for indicator in report["indicators"]:
        target, value = describe(indicator)
        rows.append((indicator["label"], target, value, met if indicator["met"] else not_met))
    return rows
