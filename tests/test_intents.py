"""Understanding typed words: diacritics optional, whole words only."""

from __future__ import annotations

import pytest

from handlers.intents import Intent, recognise


@pytest.mark.parametrize(("typed", "intent"), [
    ("Tiết kiệm", Intent.SAVINGS), ("tiet kiem", Intent.SAVINGS), ("SO DU", Intent.SAVINGS),
    ("số dư của tôi", Intent.SAVINGS), ("no", Intent.LOANS), ("Nợ", Intent.LOANS),
    ("còn nợ bao nhiêu", Intent.LOANS), ("vay", Intent.LOANS), ("lịch họp", Intent.MEETING),
    ("khi nao hop", Intent.MEETING), ("huyết áp", Intent.HEALTH), ("huyet ap", Intent.HEALTH),
    ("hủy liên kết", Intent.UNLINK), ("huy lien ket", Intent.UNLINK), ("?", Intent.HELP),
    ("📅 Lịch họp", Intent.MEETING), ("❤️ Sức khỏe", Intent.HEALTH),
])
def test_recognised(typed: str, intent: Intent):
    assert recognise(typed) is intent


@pytest.mark.parametrize("typed", ["nong qua", "abc", "", "   ", "😀", "noi chuyen"])
def test_not_guessed(typed: str):
    assert recognise(typed) is None
