"""The report's charts, for people who would rather look than read.

One drawing function per chart, used by the PDF and by "📊 Báo cáo" in chat
alike, so the two can never show different pictures of the same figures;
only the :class:`Look` differs — the size of the picture and of its type.
:data:`PAGE` fills an A4 page's width; :data:`PHONE` is drawn for a chat
bubble about 300 CSS pixels wide on a 360-pixel phone (the sizes of the
members' own charts, club/charts.py: 720 pixels wide, 16–20 pt type), with
long titles wrapped and fewer, larger labels.

matplotlib's Agg renderer on a :class:`~matplotlib.figure.Figure` of its own,
never pyplot nor rc_context: no global figure manager or rcParams are
touched, since the PDF draws on a worker thread (asyncio.to_thread) while the
chat's pictures draw on the charts' thread (handlers/charts.py). Vietnamese
labels in DejaVu Sans (shipped with matplotlib and its default, so no
system font is needed). Each chart is a PNG as bytes, drawn from the report and its series
(storage/programme/report.py ``club_series``): the fund month by month,
attendance at each meeting, the 8 areas covered, and the share of members
borrowing against the 50% target.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from club import texts
from club.programme import AREAS, BORROWING_TARGET

__all__ = ["PAGE", "PHONE", "Look", "all_charts", "areas_chart", "attendance_chart",
           "borrowing_chart", "fund_chart"]

_FONT = "DejaVu Sans"
_COLOURS = ("#1b6ca8", "#2e9e5b", "#d9822b", "#9b2335")
_INK = "#000000"


@dataclass(frozen=True, slots=True)
class Look:
    """How big a chart is drawn: inches, dots per inch, type in points."""

    size: tuple[float, float]   # the fund and attendance charts
    areas_size: tuple[float, float]      # 8 named bars need more height
    borrowing_size: tuple[float, float]  # one bar and a line
    dpi: int
    title: float
    text: float        # axis names, legends
    tick: float        # the labels along the axes
    label: float       # the figures written on the bars
    title_width: int   # characters a title line may hold before it wraps
    legend_columns: int
    bar_labels_max: int  # beyond this many meetings, bars carry the bare number
    dates_max: int       # dates written under the points at most
    flat_dates_max: int  # dates that fit side by side without slanting


PAGE = Look(size=(9, 5), areas_size=(9, 6), borrowing_size=(6, 5), dpi=150, title=18,
            text=15, tick=15, label=13, title_width=60, legend_columns=3,
            bar_labels_max=12, dates_max=13, flat_dates_max=8)
# 720 pixels wide at 120 dpi, as the members' charts: a phone shows it at
# about 300 CSS pixels, so 16 pt type is about 11 pixels high there.
PHONE = Look(size=(6, 5.2), areas_size=(6, 6.8), borrowing_size=(6, 5.2), dpi=120, title=20,
             text=17, tick=16, label=17, title_width=30, legend_columns=2,
             bar_labels_max=7, dates_max=6, flat_dates_max=6)


def _figure(look: Look, size: tuple[float, float]) -> tuple[Any, Any]:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=size, dpi=look.dpi, facecolor="white")
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.tick_params(labelsize=look.tick, colors=_INK)
    return figure, axes


def _title(axes: Any, text: str, look: Look) -> None:
    if len(text) > look.title_width:  # two lines of about the same length
        text = textwrap.fill(text, len(text) // 2 + 4)
    axes.set_title(text, fontsize=look.title,
                   fontweight="bold", family=_FONT, color=_INK)


def _png(figure: Any, look: Look) -> bytes:
    buffer = io.BytesIO()
    # No "Software" line: the same figures give the same bytes on every version.
    figure.savefig(buffer, format="png", dpi=look.dpi, bbox_inches="tight",
                   metadata={"Software": None})
    return buffer.getvalue()


def _empty(axes: Any, look: Look) -> None:
    axes.axis("off")
    axes.text(0.5, 0.5, texts.CHART_NO_DATA, ha="center", va="center", fontsize=look.text,
              family=_FONT)


def _short(day: date) -> str:
    return f"{day.day:02d}/{day.month:02d}"


def _dates(axes: Any, days: Sequence[str], look: Look) -> bool:
    """The dates under the points: beyond what fits in large type, every
    second or third one (always the last), flat where they fit side by side
    (then True)."""
    labels = [_short(date.fromisoformat(d)) for d in days]
    step = -(-len(labels) // look.dates_max)  # 1 while they all fit
    labels = [label if (len(labels) - 1 - i) % step == 0 else ""
              for i, label in enumerate(labels)]
    flat = sum(1 for label in labels if label) <= look.flat_dates_max
    axes.set_xticks(range(len(labels)), labels, rotation=0 if flat else 45)
    return flat


def fund_chart(months: Sequence[dict[str, Any]], look: Look = PAGE) -> bytes:
    """Capital, cash and money out on loan at each month's end, in millions of đồng."""
    figure, axes = _figure(look, look.size)
    _title(axes, texts.CHART_FUND, look)
    if not months:
        _empty(axes, look)
        return _png(figure, look)
    x = range(len(months))
    for (key, name, colour), marker in zip(
            (("capital", texts.CHART_FUND_CAPITAL, _COLOURS[0]),
             ("cash", texts.CHART_FUND_CASH, _COLOURS[1]),
             ("on_loan", texts.CHART_FUND_ON_LOAN, _COLOURS[2])), "os^", strict=True):
        # Told apart by their marks too, for eyes that do not tell the colours.
        axes.plot(x, [m[key] / 1_000_000 for m in months], marker=marker, markersize=8,
                  linewidth=3, color=colour, label=name)
    axes.set_ylabel(texts.CHART_MILLIONS, fontsize=look.text, family=_FONT)
    # From 0, or below it where the books show less cash than was lent out
    # (a club whose opening balance was never entered): never cut a line off.
    lowest = min(min(m[key] for key in ("capital", "cash", "on_loan")) for m in months)
    if lowest < 0:
        axes.set_ylim(bottom=lowest / 1_000_000 * 1.1)
        axes.axhline(0, color=_INK, linewidth=1.5)
    else:
        axes.set_ylim(bottom=0)
    axes.grid(axis="y", alpha=0.3)
    flat = _dates(axes, [m["on"] for m in months], look)
    # Under the chart, where it hides no line (and below slanted dates).
    axes.legend(loc="upper center", bbox_to_anchor=(0.5, -0.1 if flat else -0.22),
                ncol=look.legend_columns, frameon=False, prop={"family": _FONT, "size": look.text})
    return _png(figure, look)


def attendance_chart(meetings: Sequence[dict[str, Any]], look: Look = PAGE) -> bytes:
    """The share present at each meeting of the period, in percent."""
    figure, axes = _figure(look, look.size)
    _title(axes, texts.CHART_ATTENDANCE, look)
    if not meetings:
        _empty(axes, look)
        return _png(figure, look)
    rates = [100 * m["present"] / m["marks"] if m["marks"] else 0 for m in meetings]
    bars = axes.bar(range(len(rates)), rates, color=_COLOURS[0])
    # Many bars side by side in large type: the bare number (the axis says %).
    unit = "%" if len(rates) <= look.bar_labels_max else ""
    axes.bar_label(bars, labels=[f"{r:.0f}{unit}" for r in rates], fontsize=look.label,
                   family=_FONT)
    axes.set_ylim(0, 115)
    axes.set_ylabel("%", fontsize=look.text, family=_FONT)
    _dates(axes, [m["on"] for m in meetings], look)
    return _png(figure, look)


def areas_chart(areas: dict[str, int], look: Look = PAGE) -> bytes:
    """How many meetings covered each of the 8 areas: 8 bars, each named above
    it (the whole width is left to the bars); an area no meeting covered is
    drawn in red, with its 0."""
    figure, axes = _figure(look, look.areas_size)
    _title(axes, texts.CHART_AREAS, look)
    counts = [areas.get(str(a), 0) for a in AREAS]
    top = max([*counts, 1])
    rows = list(range(len(AREAS)))[::-1]  # area 1 at the top
    bars = axes.barh(rows, counts, height=0.45, color=[_COLOURS[1] if c else _COLOURS[3]
                                                        for c in counts])
    axes.bar_label(bars, fontsize=look.label, padding=4, family=_FONT, fontweight="bold")
    for area, row in zip(AREAS, rows, strict=True):
        axes.text(0, row + 0.3, f"{area}. {texts.AREA_NAMES[area]}", fontsize=look.tick,
                  family=_FONT, va="bottom", ha="left", color=_INK)
    axes.set_yticks([])
    axes.spines["left"].set_visible(False)
    axes.set_ylim(-0.5, len(AREAS) - 0.05)
    axes.set_xlim(0, top * 1.12)  # room for the longest bar's number
    axes.set_xlabel(texts.CHART_MEETINGS, fontsize=look.text, family=_FONT)
    axes.xaxis.get_major_locator().set_params(integer=True)
    return _png(figure, look)


def borrowing_chart(share: float, look: Look = PAGE) -> bytes:
    """The share of members borrowing, against the plan's 50% line."""
    figure, axes = _figure(look, look.borrowing_size)
    _title(axes, texts.CHART_BORROWING, look)
    met = share >= float(BORROWING_TARGET)
    bars = axes.bar([texts.CHART_BORROWING_BAR], [share * 100],
                    color=_COLOURS[1] if met else _COLOURS[2], width=0.6)
    # The figure inside its bar, clear of the 50% line; above a bar too low to hold it.
    inside = share >= 0.12
    axes.bar_label(bars, labels=[f"{share * 100:.1f}%".replace(".", ",")],
                   label_type="center" if inside else "edge", padding=0 if inside else 4,
                   color="white" if inside else _INK, fontsize=look.label + 4,
                   fontweight="bold", family=_FONT)
    axes.axhline(float(BORROWING_TARGET) * 100, color=_COLOURS[3], linestyle="--",
                 linewidth=3, label=texts.CHART_BORROWING_TARGET)
    axes.set_xlim(-1, 1)
    axes.set_ylim(0, 105)
    axes.set_ylabel("%", fontsize=look.text, family=_FONT)
    axes.legend(loc="upper right", frameon=False, prop={"family": _FONT, "size": look.text})
    return _png(figure, look)


def all_charts(report: dict[str, Any], series: dict[str, Any],
               look: Look = PAGE) -> list[bytes]:
    """The four charts, in the report's order."""
    return [fund_chart(series.get("fund_by_month", []), look),
            attendance_chart(series.get("attendance_by_meeting", []), look),
            areas_chart(report["meetings"]["areas"], look),
            borrowing_chart(report["loans"]["share_borrowing"], look)]
