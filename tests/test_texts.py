"""The wording module: one name, one sentence."""

from __future__ import annotations

import ast
from collections import Counter
from pathlib import Path

import club.texts


def test_no_sentence_is_defined_twice():
    tree = ast.parse(Path(club.texts.__file__).read_text(encoding="utf-8"))
    names = Counter(target.id for node in tree.body if isinstance(node, ast.Assign)
                    for target in node.targets if isinstance(target, ast.Name))
    assert [name for name, count in names.items() if count > 1] == []
