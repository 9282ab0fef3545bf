"""The CLB sheet: the club's facts, one per row as label and value."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from club import texts
from storage.workbook.cells import CALENDAR_OPTIONS, as_text, labels_match, show
from storage.workbook.format import (
    CALENDAR_LABELS,
    CLUB_CALENDAR,
    CLUB_COLUMNS,
    CLUB_COMMUNE,
    CLUB_COMMUNE_PROVINCE,
    CLUB_CONTRIBUTION,
    CLUB_DAY,
    CLUB_NAME,
    CLUB_PLACE,
    CLUB_PROVINCE,
    CLUB_SHEET,
    CLUB_TIME,
)
from storage.workbook.model import ClubFacts, Problem
from storage.workbook.reader import Reader
from storage.workbook.row import Row

_T = TypeVar("_T")

_FIELDS = (CLUB_NAME, CLUB_COMMUNE, CLUB_PROVINCE, CLUB_COMMUNE_PROVINCE, CLUB_DAY,
           CLUB_CALENDAR, CLUB_TIME, CLUB_PLACE, CLUB_CONTRIBUTION)


def read(reader: Reader) -> ClubFacts | None:
    title = reader.sheet(CLUB_SHEET)
    if title is None:
        return None
    label_column, value_column = CLUB_COLUMNS
    # Two columns of label and value need no header to be understood.
    table = reader.book.table(title, CLUB_COLUMNS, fallback={label_column: 0, value_column: 1})
    facts: dict[str, Row] = {}
    for number, cells in table.rows:
        label = as_text(cells[label_column])
        name = next((f for f in _FIELDS if labels_match(label, f)), None)
        if name is None:
            continue  # other facts a club keeps: not ours to read
        if name in facts:
            reader.row(title, number, cells).fail(
                texts.WB_CLUB_ROW_TWICE.format(label=label, first=facts[name].number))
            continue
        # Checked under the row's own label, so messages name the fact.
        facts[name] = reader.row(title, number, {name: cells[value_column]})

    def check(name: str, read: Callable[[Row], _T]) -> _T | None:
        """`read` applied to the fact's row; a missing row is a problem."""
        if name not in facts:
            reader.problems.append(
                Problem(title, None, texts.WB_CLUB_ROW_MISSING.format(label=name)))
            return None
        return read(facts[name])

    name = check(CLUB_NAME, lambda r: r.text(CLUB_NAME, required=True))
    if CLUB_COMMUNE_PROVINCE in facts and not (CLUB_COMMUNE in facts and CLUB_PROVINCE in facts):
        commune, province = _split_place(facts[CLUB_COMMUNE_PROVINCE])
    else:
        commune = check(CLUB_COMMUNE, lambda r: r.text(CLUB_COMMUNE, required=True))
        province = check(CLUB_PROVINCE, lambda r: r.text(CLUB_PROVINCE, required=True))
    lunar = check(CLUB_CALENDAR, lambda r: r.choice(
        CLUB_CALENDAR, CALENDAR_OPTIONS, CALENDAR_LABELS.values()))
    day = check(CLUB_DAY, lambda r: r.whole(CLUB_DAY, 1, 30 if lunar == "lunar" else 31))
    meeting_time = check(CLUB_TIME, lambda r: r.time(CLUB_TIME))
    place = check(CLUB_PLACE, lambda r: r.text(CLUB_PLACE))
    # Zero is allowed here: a club may ask no fixed monthly contribution.
    contribution = check(CLUB_CONTRIBUTION,
                         lambda r: r.amount(CLUB_CONTRIBUTION, allow_zero=True))
    if (name is None or commune is None or province is None or lunar is None or day is None
            or meeting_time is None or place is None or contribution is None
            or not all(r.ok for r in facts.values())):
        return None
    return ClubFacts(name=name, commune=commune, province=province, meeting_day=day,
                     meeting_lunar=lunar == "lunar", meeting_time=meeting_time,
                     meeting_place=place, contribution=contribution)


def _split_place(row: Row) -> tuple[str | None, str | None]:
    """(commune, province) from "Xã Tân Lập, Hưng Yên"; the province is the last part."""
    text = row.text(CLUB_COMMUNE_PROVINCE, required=True)
    commune, _, province = (part.strip() for part in text.rpartition(","))
    if not (commune and province):
        if text:
            row.fail(texts.WB_BAD_PLACE.format(value=show(text)))
        return None, None
    return commune, province
