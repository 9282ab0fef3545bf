import pytest

from club.phone import find_phones, format_phone, normalize_phone


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


@pytest.mark.parametrize(("stored", "shown"), [
    ("0971706690", "0971 706 690"),    # mobile: 4-3-3, as people read it aloud
    ("0786834497", "0786 834 497"),
    ("02438251234", "024 3825 1234"),  # Hà Nội landline
    ("02363821234", "0236 3821 234"),  # a province's landline
    ("not a phone", "not a phone"),    # shown as given rather than lost
])
def test_phones_are_grouped_as_people_read_them(stored, shown):
    assert format_phone(stored) == shown


def test_phones_are_found_in_sentences_and_nothing_else_is():
    text = ("Thủ quỹ: Tuyết — 0786 834 497. Gọi 0971706690, hoặc 024 3825 1234.\n"
            "Ngày 17/12/2026, 1.250.000 đ, 0 đ, 12 tháng, lãi 0,5%; mã 0123 456 789; "
            "0971 706 690 2026")
    found = [(text[start:end], dial) for start, end, dial in find_phones(text)]
    assert found == [("0786 834 497", "+84786834497"), ("0971706690", "+84971706690"),
                     ("024 3825 1234", "+842438251234"),
                     # the year after it is not part of the number
                     ("0971 706 690", "+84971706690")]
