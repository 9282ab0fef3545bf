"""The wording module: one name, one sentence."""

from __future__ import annotations

import ast
import re
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

import club.texts
import club.texts_officer

# The wording modules: the members' and the board's, and the officers' dashboard's.
WORDING = [Path(club.texts.__file__), Path(club.texts_officer.__file__)]


@pytest.mark.parametrize("module", WORDING, ids=lambda p: p.name)
def test_no_sentence_is_defined_twice(module: Path):
    tree = ast.parse(module.read_text(encoding="utf-8"))
    names = Counter(target.id for node in tree.body if isinstance(node, ast.Assign)
                    for target in node.targets if isinstance(target, ast.Name))
    assert [name for name, count in names.items() if count > 1] == []


# The bot never calls a member "bạn" (how one talks to a peer) and never calls
# itself "tôi": club/address.py gives the word for "you" instead.
_PEER_WORDS = re.compile(r"(?<!\w)(bạn|tôi)(?!\w)", re.IGNORECASE)
WEB_PAGE = Path(__file__).parent.parent / "bot" / "web"


def peer_words(text: str) -> list[str]:
    """Every "bạn" / "tôi" in ``text``, however it is cased or composed."""
    return _PEER_WORDS.findall(unicodedata.normalize("NFC", text))


def test_the_peer_words_are_found_however_written():
    assert peer_words("Bạn muốn xem gì?") == ["Bạn"]
    assert peer_words("TÔI chưa hiểu") == ["TÔI"]
    assert peer_words(unicodedata.normalize("NFD", "cảm ơn bạn!")) == ["bạn"]
    assert peer_words("bạn bè") == ["bạn"]
    assert peer_words("Ông bà, anh chị; tối nay; bàn") == []


@pytest.mark.parametrize("module", WORDING, ids=lambda p: p.name)
def test_no_text_says_ban_or_toi(module: Path):
    tree = ast.parse(module.read_text(encoding="utf-8"))
    said = [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)
            and peer_words(node.value)]
    assert said == []


@pytest.mark.parametrize("page", ["index.html", "app.js", "officer.js"])
def test_the_web_page_says_neither_ban_nor_toi(page: str):
    text = (WEB_PAGE / page).read_text(encoding="utf-8")
    assert text.strip() and peer_words(text) == []
