import pytest

from club.health import (
    BloodPressure,
    BpLevel,
    Trend,
    bp_trend,
    classify,
    parse_blood_pressure,
    parse_weight_kg,
)


@pytest.mark.parametrize("text", ["135/85", "135 / 85", "135-85", " 135/85 mmHg "])
def test_parse_blood_pressure(text):
    assert parse_blood_pressure(text) == BloodPressure(135, 85)


def test_blood_pressure_shows_as_written():
    assert str(BloodPressure(135, 85)) == "135/85"


@pytest.mark.parametrize(
    "text",
    ["", "abc", "135", "1350/85", "59/40", "261/100", "120/29", "200/161", "85/135", "90/90"],
)
def test_implausible_blood_pressure_is_refused(text):
    with pytest.raises(ValueError):
        parse_blood_pressure(text)


def test_plausibility_bounds_are_inclusive():
    assert parse_blood_pressure("60/30") == BloodPressure(60, 30)
    assert parse_blood_pressure("260/160") == BloodPressure(260, 160)


@pytest.mark.parametrize(
    ("value", "expected"),
    [(52.3, 52.3), ("52,3", 52.3), ("52.3 kg", 52.3), ("52kg", 52.0), (60, 60.0), ("20", 20.0)],
)
def test_parse_weight(value, expected):
    assert parse_weight_kg(value) == pytest.approx(expected)


@pytest.mark.parametrize("value", [19.9, "201", "abc", "", None, True, float("nan")])
def test_implausible_weight_is_refused(value):
    with pytest.raises(ValueError):
        parse_weight_kg(value)


@pytest.mark.parametrize(
    ("systolic", "diastolic", "level"),
    [
        (139, 89, BpLevel.NORMAL),
        (140, 80, BpLevel.HIGH),
        (130, 90, BpLevel.HIGH),
        (140, 90, BpLevel.HIGH),
        (179, 109, BpLevel.HIGH),
        (180, 100, BpLevel.URGENT),
        (170, 110, BpLevel.URGENT),
        (180, 110, BpLevel.URGENT),
    ],
)
def test_classify_thresholds(systolic, diastolic, level):
    assert classify(BloodPressure(systolic, diastolic)) is level


def _readings(*systolics):
    return [BloodPressure(s, 80) for s in systolics]


def test_trend_needs_two_readings():
    assert bp_trend([]) is None
    assert bp_trend(_readings(130)) is None


@pytest.mark.parametrize(
    ("systolics", "trend"),
    [
        ((130, 140), Trend.UP),
        ((130, 139), Trend.STEADY),
        ((130, 120), Trend.DOWN),
        ((130, 121), Trend.STEADY),
        # Mean of the three before the latest is 130; the 200 is too old to count.
        ((200, 120, 130, 140, 140), Trend.UP),
        ((200, 120, 130, 140, 139), Trend.STEADY),
        ((120, 131, 131, 131, 121), Trend.DOWN),
    ],
)
def test_trend(systolics, trend):
    assert bp_trend(_readings(*systolics)) is trend
