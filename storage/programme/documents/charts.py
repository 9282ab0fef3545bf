"""The report's charts, for people who would rather look than read.

matplotlib with the Agg backend (no display, safe in a worker thread), large
type, Vietnamese labels in DejaVu Sans (shipped with matplotlib, so no system
font is needed). Each chart is a PNG as bytes, drawn from the report and its
series: the fund month by month, attendance at each meeting, the 8 areas
covered, and the share of members borrowing against the 50% target.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date
from typing import Any

import matplotlib

matplotlib.use("Agg")  # before pyplot: never a window, never a display needed

from matplotlib import pyplot  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from club import texts  # noqa: E402
from club.programme import AREAS, BORROWING_TARGET  # noqa: E402

_STYLE = {
    "font.family": "DejaVu Sans",
    "font.size": 15,
    "axes.titlesize": 18,
    "axes.titleweight": "bold",
    "axes.labelsize": 15,
    "legend.fontsize": 14,
    "axes.spines.top": False,
    "axes.spines.right": False,
}
_SIZE = (9, 5)  # inches; 150 dpi
_COLOURS = ("#1b6ca8", "#2e9e5b", "#d9822b", "#9b2335")


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=150, bbox_inches="tight")
    pyplot.close(figure)
    return buffer.getvalue()


def _empty(figure: Figure, axes: Any) -> None:
    axes.axis("off")
    axes.text(0.5, 0.5, texts.CHART_NO_DATA, ha="center", va="center", fontsize=16)


def _short(day: date) -> str:
    return f"{day.day:02d}/{day.month:02d}"


def fund_chart(months: Sequence[dict[str, Any]]) -> bytes:
    """Capital, cash and money out on loan at each month's end, in millions of đồng."""
    with pyplot.rc_context(_STYLE):
        figure, axes = pyplot.subplots(figsize=_SIZE)
        axes.set_title(texts.CHART_FUND)
        if not months:
            _empty(figure, axes)
            return _png(figure)
        labels = [_short(date.fromisoformat(m["on"])) for m in months]
        for key, name, colour in (("capital", texts.CHART_FUND_CAPITAL, _COLOURS[0]),
                                  ("cash", texts.CHART_FUND_CASH, _COLOURS[1]),
                                  ("on_loan", texts.CHART_FUND_ON_LOAN, _COLOURS[2])):
            axes.plot(labels, [m[key] / 1_000_000 for m in months], marker="o", linewidth=3,
                      color=colour, label=name)
        axes.set_ylabel(texts.CHART_MILLIONS)
        axes.set_ylim(bottom=0)
        axes.grid(axis="y", alpha=0.3)
        axes.tick_params(axis="x", labelrotation=45)
        # Under the chart, where it hides no line.
        axes.legend(loc="upper center", bbox_to_anchor=(0.5, -0.25), ncol=3, frameon=False)
        return _png(figure)


def attendance_chart(meetings: Sequence[dict[str, Any]]) -> bytes:
    """The share present at each meeting of the period, in percent."""
    with pyplot.rc_context(_STYLE):
        figure, axes = pyplot.subplots(figsize=_SIZE)
        axes.set_title(texts.CHART_ATTENDANCE)
        if not meetings:
            _empty(figure, axes)
            return _png(figure)
        labels = [_short(date.fromisoformat(m["on"])) for m in meetings]
        rates = [100 * m["present"] / m["marks"] if m["marks"] else 0 for m in meetings]
        bars = axes.bar(labels, rates, color=_COLOURS[0])
        axes.bar_label(bars, labels=[f"{r:.0f}%" for r in rates], fontsize=12)
        axes.set_ylim(0, 110)
        axes.set_ylabel("%")
        axes.tick_params(axis="x", labelrotation=45)
        return _png(figure)


def areas_chart(areas: dict[str, int]) -> bytes:
    """How many meetings covered each of the 8 areas: 8 bars, named."""
    with pyplot.rc_context(_STYLE):
        figure, axes = pyplot.subplots(figsize=(9, 6))
        axes.set_title(texts.CHART_AREAS)
        names = [f"{a}. {texts.AREA_NAMES[a]}" for a in AREAS]
        counts = [areas.get(str(a), 0) for a in AREAS]
        colours = [_COLOURS[1] if c else _COLOURS[3] for c in counts]
        bars = axes.barh(names[::-1], counts[::-1], color=colours[::-1])
        axes.bar_label(bars, fontsize=13, padding=3)
        axes.set_xlabel(texts.CHART_MEETINGS)
        axes.xaxis.get_major_locator().set_params(integer=True)
        return _png(figure)


def borrowing_chart(share: float) -> bytes:
    """The share of members borrowing, against the plan's 50% line."""
    with pyplot.rc_context(_STYLE):
        figure, axes = pyplot.subplots(figsize=(6, 5))
        axes.set_title(texts.CHART_BORROWING)
        met = share >= float(BORROWING_TARGET)
        bars = axes.bar([texts.CHART_BORROWING_BAR], [share * 100],
                        color=_COLOURS[1] if met else _COLOURS[2], width=0.5)
        axes.bar_label(bars, labels=[f"{share * 100:.1f}%".replace(".", ",")], fontsize=16)
        axes.axhline(float(BORROWING_TARGET) * 100, color=_COLOURS[3], linestyle="--",
                     linewidth=3, label=texts.CHART_BORROWING_TARGET)
        axes.set_ylim(0, 100)
        axes.set_ylabel("%")
        axes.legend(loc="upper right", frameon=False)
        return _png(figure)


def all_charts(report: dict[str, Any], series: dict[str, Any]) -> list[bytes]:
    return [fund_chart(series.get("fund_by_month", [])),
            attendance_chart(series.get("attendance_by_meeting", [])),
            areas_chart(report["meetings"]["areas"]),
            borrowing_chart(report["loans"]["share_borrowing"])]
