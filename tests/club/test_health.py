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
from handlers.health import LEVEL_TEXT


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


N, HN, G1, G2, G3 = (BpLevel.NORMAL, BpLevel.HIGH_NORMAL, BpLevel.GRADE_1, BpLevel.GRADE_2,
                      BpLevel.GRADE_3)


@pytest.mark.parametrize(
    ("systolic", "diastolic", "level"),
    [
        # Each threshold, crossed by one number while the other stays below it.
        (129, 84, N), (130, 84, HN), (129, 85, HN),
        (139, 84, HN), (139, 89, HN), (140, 84, G1), (139, 90, G1),
        (159, 89, G1), (159, 99, G1), (160, 99, G2), (159, 100, G2),
        (179, 99, G2), (179, 109, G2), (180, 109, G3), (179, 110, G3),
        # The higher category of the two numbers wins.
        (155, 106, G2), (118, 92, G1), (165, 70, G2), (145, 112, G3), (185, 60, G3),
        (140, 90, G1), (160, 100, G2), (180, 110, G3), (100, 60, N),
    ],
)
def test_classify_by_the_higher_category_of_the_two_numbers(systolic, diastolic, level):
    assert classify(BloodPressure(systolic, diastolic)) is level


@pytest.mark.parametrize(
    ("systolic", "diastolic", "said"),
    [
        (139, 84, "bình thường cao"), (140, 84, "<b>cao</b>"), (139, 90, "<b>cao</b>"),
        (159, 99, "<b>cao</b>"), (160, 99, "<b>cao, nên đi khám ở trạm y tế</b>"),
        (159, 100, "<b>cao, nên đi khám ở trạm y tế</b>"),
        (155, 106, "<b>cao, nên đi khám ở trạm y tế</b>"),
        (179, 109, "<b>cao, nên đi khám ở trạm y tế</b>"),
        (180, 109, "<b>rất cao, cần đi khám ngay</b>"),
        (179, 110, "<b>rất cao, cần đi khám ngay</b>"),
    ],
)
def test_a_reading_is_said_as_high_as_it_is(systolic, diastolic, said):
    text = LEVEL_TEXT[classify(BloodPressure(systolic, diastolic))]
    assert said in text
    assert "hơi cao" not in text


def test_no_high_reading_is_ever_said_softly():
    for systolic in range(60, 261):
        for diastolic in range(30, min(systolic, 161)):
            level = classify(BloodPressure(systolic, diastolic))
            if systolic >= 140 or diastolic >= 90:
                assert level in (G1, G2, G3), (systolic, diastolic)
            if systolic >= 180 or diastolic >= 110:
                assert level is G3, (systolic, diastolic)
            assert "hơi cao" not in LEVEL_TEXT[level]


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
