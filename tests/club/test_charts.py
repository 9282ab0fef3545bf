"""The pictures themselves: what is plotted is exactly the figures given, and
the result is a PNG of the size a phone shows well."""

from __future__ import annotations

import struct
from datetime import date

import pytest

from club import charts, texts

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_size(png: bytes) -> tuple[int, int]:
    """Width and height from the IHDR chunk, which a PNG must start with."""
    assert png[:8] == PNG_SIGNATURE
    length, kind = struct.unpack(">I4s", png[8:16])
    assert kind == b"IHDR" and length == 13
    return struct.unpack(">II", png[16:24])


def readings(count: int) -> list[tuple[date, int, int]]:
    return [(date(2025 + (m + 9) // 12, (m + 9) % 12 + 1, 17), 120 + 3 * m, 75 + 2 * m)
            for m in range(count)]


def test_the_blood_pressure_chart_shows_the_last_twelve_readings_dated_dd_mm():
    given = readings(14)
    chart = charts.blood_pressure(given)
    shown = given[-12:]
    assert chart.labels == tuple(f"{d:%d/%m}" for d, _, _ in shown)
    assert chart.labels[0] == "17/12" and chart.labels[-1] == "17/11"
    systolic, diastolic = chart.lines
    assert systolic.values == tuple(s for _, s, _ in shown)
    assert diastolic.values == tuple(d for _, _, d in shown)
    assert chart.limits == (140, 90)
    assert chart.title == texts.CHART_BP_TITLE.format(count=12)


def test_what_is_drawn_is_what_the_chart_says():
    chart = charts.blood_pressure(readings(12))
    seen = {}

    def inspect(figure):
        [axes] = figure.axes
        seen["lines"] = [(line.get_label(), [int(y) for y in line.get_ydata()])
                         for line in axes.get_lines() if not line.get_label().startswith("_")]
        # Reference lines are horizontal: the same y at both ends.
        seen["limits"] = sorted({int(line.get_ydata()[0]) for line in axes.get_lines()
                                 if line.get_label().startswith("_")}, reverse=True)
        seen["labels"] = [t.get_text().strip() for t in axes.get_xticklabels()]
        seen["title"] = axes.get_title(loc="left")

    png = charts.draw(chart, inspect=inspect)
    assert png_size(png) == charts.PIXELS
    assert seen["lines"] == [(line.name, list(line.values)) for line in chart.lines]
    assert seen["limits"] == [140, 90]
    assert seen["labels"] == list(chart.labels)
    assert seen["title"] == chart.title


def test_the_same_chart_draws_the_same_bytes():
    chart = charts.blood_pressure(readings(5))
    assert charts.draw(chart) == charts.draw(chart)


def test_the_savings_chart_shows_each_month_with_its_year_where_it_changes():
    months = [(date(2025, 12, 1), 300_000), (date(2026, 1, 1), 350_000),
              (date(2026, 2, 1), 1_050_000)]
    chart = charts.balance(months)
    assert chart.labels == ("12", "1\n2026", "2")
    assert chart.lines[0].values == (300_000, 350_000, 1_050_000)
    assert charts.balance([(date(2026, 3, 1), 0), (date(2026, 4, 1), 1)]).labels == (
        "3\n2026", "4")
    seen = {}

    def inspect(figure):
        [axes] = figure.axes
        seen["bars"] = [int(bar.get_height()) for bar in axes.patches]
        seen["written"] = [t.get_text() for t in axes.texts]

    assert png_size(charts.draw(chart, inspect=inspect)) == charts.PIXELS
    assert seen["bars"] == [300_000, 350_000, 1_050_000]
    assert seen["written"] == ["1,05 tr"]  # the latest balance, above its bar


@pytest.mark.parametrize("values", [(0, 0), (50_000, -20_000), (5, 5)])
def test_odd_balances_still_draw(values):
    months = [(date(2026, m + 1, 1), v) for m, v in enumerate(values)]
    assert png_size(charts.draw(charts.balance(months))) == charts.PIXELS


@pytest.mark.parametrize(("amount", "short"), [
    (0, "0"), (850, "850"), (850_000, "850k"), (1_000_000, "1 tr"), (1_050_000, "1,05 tr"),
    (12_300_000, "12,3 tr"), (-20_000, "−20k")])
def test_amounts_are_written_short_as_people_do(amount, short):
    assert charts.short_amount(amount) == short
