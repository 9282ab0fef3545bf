"""The officers' documents beyond the report: a club's trend charts (borrowing
and PAR30 month by month) and the workbook of clubs needing attention.

The report's own charts (fund, attendance, areas) are ``charts.py``'s, drawn
from the same series; these two are drawn with its helpers, in its page
look: a Figure of their own (no pyplot state), large type, Vietnamese
labels, the target drawn as a dashed line.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, BinaryIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from club import texts_officer as otexts
from club.dashboard import PAR_GREEN, Row
from club.programme import BORROWING_TARGET
from storage.programme.documents.charts import (
    _COLOURS,
    _FONT,
    PAGE,
    _dates,
    _empty,
    _figure,
    _png,
    _title,
)
from storage.workbook import quote


def share_chart(points: Sequence[dict[str, Any]], *, title: str, target: float,
                target_label: str) -> bytes:
    """A share (0–1) at each month's end, in percent, against a dashed target line."""
    look = PAGE
    figure, axes = _figure(look, look.size)
    _title(axes, title, look)
    if not points:
        _empty(axes, look)
        return _png(figure, look)
    values = [p["share"] * 100 for p in points]
    axes.plot(range(len(values)), values, marker="o", markersize=8, linewidth=3,
              color=_COLOURS[0])
    axes.axhline(target * 100, color=_COLOURS[3], linestyle="--", linewidth=3,
                 label=target_label)
    axes.set_ylim(0, max(100.0, *values))
    axes.set_ylabel("%", fontsize=look.text, family=_FONT)
    axes.grid(axis="y", alpha=0.3)
    _dates(axes, [p["on"] for p in points], look)
    axes.legend(loc="upper right", frameon=False, prop={"family": _FONT, "size": look.text})
    return _png(figure, look)


def borrowing_trend(points: Sequence[dict[str, Any]]) -> bytes:
    from club import texts

    return share_chart(points, title=otexts.CHART_BORROWING_BY_MONTH,
                       target=float(BORROWING_TARGET), target_label=texts.CHART_BORROWING_TARGET)


def par30_trend(points: Sequence[dict[str, Any]]) -> bytes:
    return share_chart(points, title=otexts.CHART_PAR30_BY_MONTH, target=PAR_GREEN,
                       target_label=otexts.CHART_PAR30_LINE)


def write_attention(rows: Sequence[Row], path: str | Path | BinaryIO, *, scope: str,
                    period: str, words: dict[str, str]) -> None:
    """One row per club needing attention: its red cells, then its amber ones,
    each as "what: the figure" (``words`` gives each column's figure as text)."""
    book = Workbook()
    sheet = book.active
    sheet.title = otexts.ATTENTION_SHEET
    sheet["A1"] = otexts.ATTENTION_TITLE
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A2"] = otexts.ATTENTION_SCOPE.format(scope=scope, period=period)
    sheet.append([])
    sheet.append(list(otexts.ATTENTION_HEAD))
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    flagged = [r for r in rows if r.attention]
    for row in flagged:
        reds = "; ".join(f"{otexts.OFFICER_COLUMNS[c][0]}: {words[f'{row.club_id}:{c}']}"
                         for c in row.reds())
        ambers = "; ".join(f"{otexts.OFFICER_COLUMNS[c][0]}: {words[f'{row.club_id}:{c}']}"
                           for c in row.ambers())
        sheet.append([quote(row.club), quote(row.commune), quote(row.province), quote(reds),
                      quote(ambers)])
        for cell in sheet[sheet.max_row]:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    if not flagged:
        sheet.append([otexts.ATTENTION_NONE])
    for column, width in zip("ABCDE", (36, 20, 18, 60, 50), strict=True):
        sheet.column_dimensions[column].width = width
    book.save(path)
