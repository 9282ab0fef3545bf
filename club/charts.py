"""Pictures of a member's figures, for people who would rather look than read.

Pure: numbers in, PNG bytes out. :func:`blood_pressure` and :func:`balance`
turn a member's figures into a :class:`Chart` — exactly what will be drawn,
as plain data a test can compare with the books — and :func:`draw` draws it
with matplotlib's Agg renderer (no display, no pyplot and its global state).

Made for old eyes on a phone: one picture, large type (the image is shrunk
to the width of a phone, so the type is drawn big), dark lines on white,
two colours that stay apart for the colour-blind (dark red, dark blue), the
140/90 line drawn dashed with its number, the latest figure written out.

matplotlib is imported only when a picture is drawn (it costs about a second
of CPU), so the rest of the bot starts and answers without it. It is not
thread-safe: callers draw from one thread at a time (handlers/charts.py
keeps one worker thread for it).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from club import texts

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["MAX_POINTS", "PIXELS", "Chart", "Line", "balance", "blood_pressure", "draw",
           "short_amount"]

MAX_POINTS = 12           # readings, or months, in one picture
BP_HIGH = (140, 90)       # 3192/QĐ-BYT: hypertension from 140 systolic or 90 diastolic

# Dark enough on white for failing eyes, and told apart without colour too
# (round dots and squares; the names are written at the line ends).
_SYSTOLIC_COLOUR = "#b00020"
_DIASTOLIC_COLOUR = "#0d47a1"
_SAVINGS_COLOUR = "#1b5e20"
_LIMIT_COLOUR = "#e65100"
_INK = "#000000"
_GRID = "#d0d0d0"

# Type is sized against the picture's width, which a phone shrinks to about
# 300 CSS pixels (a chat bubble): 6 × 4.5 inches with 18–24 pt type keeps the
# dates about 12 px high there and the title 16. 120 dpi: 720 × 540 pixels,
# sharp on a phone's dense screen.
_SIZE = (6.0, 4.5)
_DPI = 120
PIXELS = (720, 540)
_TITLE_PT = 20
_TEXT_PT = 18
_TICK_PT = 16
_MARGINS = {
    "bp": {"left": 0.1, "right": 0.85, "top": 0.88, "bottom": 0.16},
    "balance": {"left": 0.17, "right": 0.98, "top": 0.88, "bottom": 0.16},
}


@dataclass(frozen=True, slots=True)
class Line:
    """One series, oldest value first; ``name`` is written at its end."""

    name: str
    values: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Chart:
    """What a picture shows, and nothing else: equal charts draw equal pictures,
    so a chart is its own cache key."""

    kind: str                      # "bp" (lines) or "balance" (bars)
    title: str
    labels: tuple[str, ...]        # under each point, oldest first
    lines: tuple[Line, ...]
    limits: tuple[int, ...] = ()   # dashed reference lines (140 and 90)


def blood_pressure(readings: Sequence[tuple[date, int, int]]) -> Chart:
    """The last :data:`MAX_POINTS` readings, given oldest first as
    (day, systolic, diastolic); each day written dd/mm."""
    shown = list(readings)[-MAX_POINTS:]
    return Chart(
        kind="bp",
        title=texts.CHART_BP_TITLE.format(count=len(shown)),
        labels=tuple(f"{d.day:02d}/{d.month:02d}" for d, _, _ in shown),
        lines=(Line(texts.CHART_BP_SYSTOLIC, tuple(s for _, s, _ in shown)),
               Line(texts.CHART_BP_DIASTOLIC, tuple(d for _, _, d in shown))),
        limits=BP_HIGH)


def balance(months: Sequence[tuple[date, int]]) -> Chart:
    """The balance at the end of each of the last :data:`MAX_POINTS` months,
    given oldest first as (any day of the month, balance in đồng)."""
    shown = list(months)[-MAX_POINTS:]
    labels = []
    for i, (day, _) in enumerate(shown):
        # The month's number (the title says these are months): twelve fit side
        # by side in large type. The year under January, and under the first
        # month unless January follows at once (the two years would run together).
        label = str(day.month)
        next_is_january = i + 1 < len(shown) and shown[i + 1][0].month == 1
        if day.month == 1 or (i == 0 and not next_is_january):
            label += f"\n{day.year}"
        labels.append(label)
    values = tuple(amount for _, amount in shown)
    return Chart(kind="balance", title=texts.CHART_SAVINGS_TITLE, labels=tuple(labels),
                 lines=(Line(texts.CHART_SAVINGS_LINE, values),))


def short_amount(amount: int) -> str:
    """An amount as it fits above a bar, the way people write it short:
    "850k", "1,05 tr", "12 tr"."""
    sign = "−" if amount < 0 else ""
    amount = abs(amount)
    if amount >= 1_000_000:
        millions = round(amount / 1_000_000, 2 if amount < 10_000_000 else 1)
        return f"{sign}{millions:g}".replace(".", ",") + " tr"
    if amount >= 1_000:
        return f"{sign}{round(amount / 1_000):g}k"
    return f"{sign}{amount}"


def draw(chart: Chart, inspect: Callable[[Figure], None] | None = None) -> bytes:
    """The chart as PNG bytes. ``inspect`` sees the finished figure before it
    is written (tests read back what was plotted)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=_SIZE, dpi=_DPI, facecolor="white")
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    axes.tick_params(colors=_INK, labelsize=_TICK_PT, length=0, pad=8)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    if chart.kind == "bp":
        _draw_lines(axes, chart)
    else:
        _draw_bars(axes, chart)
    axes.set_title(chart.title, fontsize=_TITLE_PT, color=_INK, loc="left", pad=16,
                   fontweight="bold")
    # Fixed margins rather than tight_layout, which lays the text out twice
    # (a third of the drawing time) for the same few labels every time.
    figure.subplots_adjust(**_MARGINS[chart.kind])
    if inspect is not None:
        inspect(figure)
    out = io.BytesIO()
    # No "Software" line: the same chart gives the same bytes on every version.
    figure.savefig(out, format="png", dpi=_DPI, metadata={"Software": None})
    return out.getvalue()


def prepare() -> None:
    """Import matplotlib and load its fonts (about a second), so that the first
    member to tap after a start does not wait for it."""
    draw(blood_pressure([(date(2026, 1, 1), 120, 80), (date(2026, 2, 1), 120, 80)]))


def _staggered(labels: Sequence[str]) -> list[str]:
    """Beyond six points, every other label one line lower, so that twelve
    dates in large type fit side by side."""
    if len(labels) <= 6:
        return list(labels)
    return [label if i % 2 == (len(labels) - 1) % 2 else "\n" + label
            for i, label in enumerate(labels)]


def _draw_lines(axes: object, chart: Chart) -> None:
    ax = axes  # matplotlib's Axes; typed loosely to keep the import lazy
    x = list(range(len(chart.labels)))
    styles = ((_SYSTOLIC_COLOUR, "o"), (_DIASTOLIC_COLOUR, "s"))
    values = [v for line in chart.lines for v in line.values]
    low = min([*values, *chart.limits]) - 15
    high = max([*values, *chart.limits]) + 15
    for limit in chart.limits:
        ax.axhline(limit, color=_LIMIT_COLOUR, linestyle=(0, (6, 4)), linewidth=2.5, zorder=1)
        ax.text(-0.4, limit + 1.5, str(limit), color=_LIMIT_COLOUR, fontsize=_TEXT_PT,
                fontweight="bold", va="bottom", ha="left", zorder=2)
    for line, (colour, marker) in zip(chart.lines, styles, strict=False):
        ax.plot(x, line.values, color=colour, linewidth=4, marker=marker, markersize=11,
                zorder=3, label=line.name)
        # The latest figure written out, with the line's name: no legend to decode.
        ax.annotate(f"{line.values[-1]}", (x[-1], line.values[-1]), xytext=(14, 0),
                    textcoords="offset points", va="center", ha="left", color=colour,
                    fontsize=_TEXT_PT + 2, fontweight="bold", annotation_clip=False)
    ax.legend(loc="upper left", bbox_to_anchor=(0.0, 1.0), ncol=2, frameon=False,
              fontsize=_TEXT_PT - 2, handlelength=1.5, columnspacing=1.2)
    ax.set_ylim(low, high + 20)  # room above for the names of the lines
    ax.set_xlim(-0.5, len(x) - 0.5 + 0.9)
    ax.set_xticks(x, _staggered(chart.labels))
    ax.tick_params(axis="x", labelsize=_TICK_PT - 1)  # twelve dates side by side
    ax.grid(axis="y", color=_GRID, linewidth=1)
    ax.set_axisbelow(True)


def _draw_bars(axes: object, chart: Chart) -> None:
    from matplotlib.ticker import MaxNLocator

    ax = axes
    x = list(range(len(chart.labels)))
    [line] = chart.lines
    ax.bar(x, line.values, color=_SAVINGS_COLOUR, width=0.7, zorder=3)
    # Only the latest balance is written out, above its bar: twelve amounts in
    # large type would run into each other. The axis gives the others.
    last = line.values[-1]
    ax.annotate(short_amount(last), (x[-1], max(last, 0)), xytext=(0, 6),
                textcoords="offset points", ha="right" if len(x) > 2 else "center",
                va="bottom", fontsize=_TEXT_PT + 2, fontweight="bold", color=_INK,
                annotation_clip=False)
    top = max([*line.values, 1])
    bottom = min([*line.values, 0])
    ax.set_ylim(bottom * 1.15, top * 1.25)
    ax.set_xlim(-0.6, len(x) - 0.4)
    ax.set_xticks(x, list(chart.labels))
    # Three or four round amounts up the side are enough to read the bars by.
    ax.yaxis.set_major_locator(MaxNLocator(nbins=3, steps=[1, 2, 2.5, 5, 10]))
    ticks = [t for t in ax.get_yticks() if bottom * 1.15 <= t <= top * 1.25]
    ax.set_yticks(ticks, [short_amount(int(t)) for t in ticks])
    ax.grid(axis="y", color=_GRID, linewidth=1)
    ax.set_axisbelow(True)
    ax.axhline(0, color=_INK, linewidth=1.5)
