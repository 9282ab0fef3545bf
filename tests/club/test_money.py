import pytest

from club.money import amount_in_words, format_vnd, parse_amount


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (1_250_000, "1.250.000 đ"),
        (0, "0 đ"),
        (-50_000, "-50.000 đ"),
        (999, "999 đ"),
        (1_000, "1.000 đ"),
        (2_000_000_000, "2.000.000.000 đ"),
    ],
)
def test_format_vnd(amount, expected):
    assert format_vnd(amount) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (50000, 50_000),
        ("50000", 50_000),
        ("50.000", 50_000),
        ("50,000", 50_000),
        ("50.000 đ", 50_000),
        ("50.000đ", 50_000),
        ("50.000 VND", 50_000),
        ("50.000 VNĐ", 50_000),
        ("50.000 đồng", 50_000),
        ("1.250.000", 1_250_000),
        ("1,250,000", 1_250_000),
        ("50k", 50_000),
        ("50K", 50_000),
        ("50 k", 50_000),
        ("50 nghìn", 50_000),
        ("50 nghin", 50_000),
        ("50 ngàn", 50_000),
        ("500 nghìn", 500_000),
        ("1tr2", 1_200_000),
        ("1tr", 1_000_000),
        ("1 triệu", 1_000_000),
        ("1,2 triệu", 1_200_000),
        ("1.2tr", 1_200_000),
        ("1 triệu 2", 1_200_000),
        ("1tr250", 1_250_000),
        ("1tr25", 1_250_000),
        ("1 triệu 250 nghìn", 1_250_000),
        ("1 triệu rưỡi", 1_500_000),
        ("2 trieu", 2_000_000),
        ("2 triệu đồng", 2_000_000),
        ("1 tỷ 2", 1_200_000_000),
        (50000.0, 50_000),
        ("0", 0),
        (1_000_000_000_000, 1_000_000_000_000),
    ],
)
def test_parse_amount_accepts(text, expected):
    assert parse_amount(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "-50000",
        -50000,
        "năm mươi nghìn",
        "abc",
        "1,5",  # 1.5 đồng is not a thing, and no unit says what else it is
        "50.00",
        "1.2.3",
        "1.250,000",  # mixed separators
        "1.500 triệu",  # 1,5 million or 1 500 million?
        "50 kg",
        "1 triệu 2000 nghìn",
        "1,2tr5",
        "1,2345k",  # 1 234,5 đồng
        50000.5,
        float("nan"),
        True,
        1_000_000_000_001,
        "1.000.000.000.001",
    ],
)
def test_parse_amount_refuses(text):
    assert parse_amount(text) is None


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (50_000, "năm mươi nghìn đồng"),
        (1_200_000, "một triệu hai trăm nghìn đồng"),
        (1_250_000, "một triệu hai trăm năm mươi nghìn đồng"),
        (0, "không đồng"),
        (105_000, "một trăm linh năm nghìn đồng"),
        (15_000, "mười lăm nghìn đồng"),
        (21_000, "hai mươi mốt nghìn đồng"),
        (24_000, "hai mươi tư nghìn đồng"),
        (14_000, "mười bốn nghìn đồng"),
        (11_000, "mười một nghìn đồng"),
        (10_000, "mười nghìn đồng"),
        (1_005_000, "một triệu không trăm linh năm nghìn đồng"),
        (1_000_005, "một triệu không trăm linh năm đồng"),
        (1_000_000, "một triệu đồng"),
        (2_000_000_000, "hai tỷ đồng"),
        (1_000_000_000_000, "một nghìn tỷ đồng"),
        (-20_000, "âm hai mươi nghìn đồng"),
    ],
)
def test_amount_in_words(amount, expected):
    assert amount_in_words(amount) == expected
