"""❤️ Sức khỏe: the last reading with its date, a short trend, and a gentle
flag when high. The bot shows numbers and who to see; it never diagnoses."""

from __future__ import annotations

from datetime import date
from html import escape

from club import texts
from club.calendar import format_date
from club.health import BloodPressure, BpLevel, Trend, bp_trend, classify
from storage.member_file import MemberFile

# How the latest reading is said, by its category: never softer than it is.
LEVEL_TEXT = {
    BpLevel.NORMAL: texts.HEALTH_NORMAL,
    BpLevel.HIGH_NORMAL: texts.HEALTH_HIGH_NORMAL,
    BpLevel.GRADE_1: texts.HEALTH_GRADE_1,
    BpLevel.GRADE_2: texts.HEALTH_GRADE_2,
    BpLevel.GRADE_3: texts.HEALTH_GRADE_3,
}
_TREND_TEXT = {
    Trend.UP: texts.HEALTH_TREND_UP,
    Trend.DOWN: texts.HEALTH_TREND_DOWN,
    Trend.STEADY: texts.HEALTH_TREND_STEADY,
}


def _kg(weight_dg: int) -> str:
    return f"{weight_dg / 10:g}".replace(".", ",")


def render(file: MemberFile, you: str | None = None) -> str:
    """The health screen; ``you`` is how its reader calls the member (default: her own title)."""
    with_bp = [h for h in file.health if h.systolic is not None and h.diastolic is not None]
    if not file.health:
        return texts.HEALTH_NONE.format(name=escape(file.member.name),
                                        you=escape(you or file.address))
    latest = file.health[0]
    lines = []
    if with_bp and with_bp[0] is latest:
        bp = BloodPressure(latest.systolic, latest.diastolic)  # type: ignore[arg-type]
        lines.append(texts.HEALTH_BP.format(
            bp=str(bp), date=format_date(date.fromisoformat(latest.taken_on))))
    if latest.weight_dg is not None:
        lines.append(texts.HEALTH_WEIGHT.format(kg=_kg(latest.weight_dg)))
    if with_bp and with_bp[0] is latest:
        readings = [BloodPressure(h.systolic, h.diastolic)  # type: ignore[arg-type]
                    for h in reversed(with_bp)]
        trend = bp_trend(readings)
        if trend is not None:
            lines.append(_TREND_TEXT[trend])
        lines.append(LEVEL_TEXT[classify(readings[-1])])
    lines.append(texts.HEALTH_NOTE)
    return "\n".join(lines)
