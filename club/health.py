"""Blood pressure and weight taken at meetings.

Categories follow the Vietnamese Heart Association and the Ministry of Health
guideline on hypertension (3192/QĐ-BYT), by the higher of the two numbers.
The bot never diagnoses: a level only decides how a reading is said and
whether the member is urged to see the commune health station.
Implausible values are refused so that a typing slip ("1350/85") never turns
into an alarming, or a reassuring, reading.
"""

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

from club.text import fold

__all__ = [
    "BloodPressure",
    "ReadingError",
    "BpLevel",
    "Trend",
    "bp_trend",
    "classify",
    "parse_blood_pressure",
    "parse_weight_kg",
]


@dataclass(frozen=True)
class BloodPressure:
    systolic: int
    diastolic: int

    def __str__(self) -> str:
        return f"{self.systolic}/{self.diastolic}"


# Systolic then diastolic, split by "/" or "-", with an optional unit:
# "135/85", "135 / 85", "135-85", "135/85 mmHg".
_BP = re.compile(r"(\d{2,3}) ?[/-] ?(\d{2,3})(?: ?mmhg)?")

# Ranges a measured adult's blood pressure can have; outside them it is a slip.
_SYSTOLIC_RANGE = (60, 260)
_DIASTOLIC_RANGE = (30, 160)


class ReadingError(ValueError):
    """An implausible reading; ``reason`` says which rule it broke, for the reply."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason  # format | systolic | diastolic | order | weight


def parse_blood_pressure(text: str) -> BloodPressure:
    match = _BP.fullmatch(fold(text))
    if not match:
        raise ReadingError("format", f"not a blood pressure reading: {text!r}")
    systolic, diastolic = int(match[1]), int(match[2])
    low, high = _SYSTOLIC_RANGE
    if not low <= systolic <= high:
        raise ReadingError("systolic", f"systolic {systolic} is outside {low}-{high} mmHg")
    low, high = _DIASTOLIC_RANGE
    if not low <= diastolic <= high:
        raise ReadingError("diastolic", f"diastolic {diastolic} is outside {low}-{high} mmHg")
    if diastolic >= systolic:
        raise ReadingError("order", f"diastolic {diastolic} is not below systolic {systolic}")
    return BloodPressure(systolic, diastolic)


# A number of kilograms, with a decimal comma or point and an optional "kg".
_WEIGHT = re.compile(r"(\d{1,3}(?:[.,]\d+)?) ?(?:kg)?")
_WEIGHT_RANGE = (20.0, 200.0)


def parse_weight_kg(value: object) -> float:
    if isinstance(value, bool):
        raise ReadingError("weight", f"not a weight: {value!r}")
    if isinstance(value, int | float):
        weight = float(value)
    elif isinstance(value, str) and (match := _WEIGHT.fullmatch(fold(value))):
        weight = float(match[1].replace(",", "."))
    else:
        raise ReadingError("weight", f"not a weight: {value!r}")
    low, high = _WEIGHT_RANGE
    if math.isnan(weight) or not low <= weight <= high:
        raise ReadingError("weight", f"weight {value!r} is outside {low:g}-{high:g} kg")
    return weight


class BpLevel(Enum):
    """The categories of the Vietnamese Heart Association (2018) and the
    Ministry of Health (3192/QĐ-BYT), each from the threshold named in it."""

    NORMAL = "normal"            # below 130 and below 85
    HIGH_NORMAL = "high_normal"  # 130–139 or 85–89
    GRADE_1 = "grade_1"          # 140–159 or 90–99: high
    GRADE_2 = "grade_2"          # 160–179 or 100–109: high, see the health station
    GRADE_3 = "grade_3"          # 180 and above or 110 and above: very high, now


# (lowest systolic, lowest diastolic, level), highest level first.
_LEVELS = (
    (180, 110, BpLevel.GRADE_3),
    (160, 100, BpLevel.GRADE_2),
    (140, 90, BpLevel.GRADE_1),
    (130, 85, BpLevel.HIGH_NORMAL),
)


def classify(bp: BloodPressure) -> BpLevel:
    """The higher of the two numbers' categories, as the guideline says:
    155/106 is grade 2 by its diastolic, whatever the systolic says."""
    for systolic, diastolic, level in _LEVELS:
        if bp.systolic >= systolic or bp.diastolic >= diastolic:
            return level
    return BpLevel.NORMAL


class Trend(Enum):
    UP = "up"
    DOWN = "down"
    STEADY = "steady"


# A change in systolic pressure smaller than this is within the noise of a
# single reading at a meeting.
_TREND_MMHG = 10
_TREND_WINDOW = 3


def bp_trend(readings: Sequence[BloodPressure]) -> Trend | None:
    """How the latest reading compares with the few before it (oldest first)."""
    if len(readings) < 2:
        return None
    latest = readings[-1].systolic
    before = [r.systolic for r in readings[-1 - _TREND_WINDOW : -1]]
    # Compare sums rather than a float mean: latest - mean >= 10 exactly.
    change = latest * len(before) - sum(before)
    if change >= _TREND_MMHG * len(before):
        return Trend.UP
    if change <= -_TREND_MMHG * len(before):
        return Trend.DOWN
    return Trend.STEADY
