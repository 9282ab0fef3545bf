import pytest

from club.text import fold


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tiết Kiệm ", "tiet kiem"),
        ("Đóng góp quỹ", "dong gop quy"),
        ("  HUYẾT   ÁP\n", "huyet ap"),
        ("Lãi hằng tháng, gốc cuối kỳ", "lai hang thang, goc cuoi ky"),
        ("đĐ", "dd"),
        ("so du", "so du"),
        ("", ""),
    ],
)
def test_fold(text, expected):
    assert fold(text) == expected


def test_fold_handles_precomposed_and_decomposed_forms_alike():
    import unicodedata

    word = "Nguyễn Thị Lụa"
    assert fold(unicodedata.normalize("NFC", word)) == fold(unicodedata.normalize("NFD", word))
    assert fold(word) == "nguyen thi lua"
