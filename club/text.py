"""Text folding, so that what people type matches what the books say.

Older members often type without diacritics ("tiet kiem"), with stray capitals
or double spaces; the books are written with full Vietnamese spelling. Both
sides are folded to one plain form before they are compared.
"""

import unicodedata
from functools import lru_cache

__all__ = ["capitalize_first", "fold"]


# A message is folded several times on its way (is it a button, a code, a
# phrase, a phone number?) and members send the same few words over and over.
@lru_cache(maxsize=4096)
def fold(text: str) -> str:
    """Return `text` lowercased, without diacritics, with single spaces."""
    # 'đ' is a letter of its own, not 'd' plus a mark, so NFD leaves it alone.
    text = text.replace("đ", "d").replace("Đ", "d")
    decomposed = unicodedata.normalize("NFD", text.lower())
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.split())


def capitalize_first(text: str) -> str:
    """Upper-case the first letter only: "trả gốc khoản vay VAY001" keeps its code."""
    return text[:1].upper() + text[1:]
