import pytest

from club.phone import normalize_phone


@pytest.mark.parametrize(
    "raw",
    [
        "0912 345 678",
        "0912.345.678",
        "+84912345678",
        "84 912 345 678",
        "0912-345-678",
        "0084 912 345 678",
        " 0912345678 ",
        912345678,  # Excel dropped the leading zero
        912345678.0,
    ],
)
def test_every_common_form_becomes_the_national_form(raw):
    assert normalize_phone(raw) == "0912345678"


def test_landline_keeps_its_area_code():
    assert normalize_phone("(024) 3825 3456") == "02438253456"


@pytest.mark.parametrize("raw", [None, "", "   ", float("nan")])
def test_no_phone_is_none(raw):
    assert normalize_phone(raw) is None


@pytest.mark.parametrize(
    "raw",
    ["12345", "abc", "0912abc345", "09123456789", "+1 650 253 0000", 912345678.5, True],
)
def test_invalid_numbers_are_refused(raw):
    with pytest.raises(ValueError):
        normalize_phone(raw)
