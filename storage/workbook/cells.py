"""Cell values as text: the one normal form, and the quoting that keeps text from being a formula.

**One normal form.** Text in the books is compared with text in the database
(a cash entry's note, a check-up's title), so both sides must be written the
same way: :func:`tidy` is NFC (so one name is one string), without control
characters an .xlsx cannot carry, with single spaces. The reader stores text
in this form, the exporter writes it, and the importer compares stored text
through it — so text typed in chat in any form round-trips.

**Formula injection.** A cell whose text begins with ``=``, ``+``, ``-`` or
``@`` (or a tab or line break) is run as a formula by a spreadsheet program
once someone edits it or the sheet passes through CSV; OWASP's advice is to
prefix such text with an apostrophe. The exporter writes every text as a text
cell (never a formula) *and* prefixes it so (:func:`quote`); the reader takes
exactly one such apostrophe off again (:func:`unquote`), so
``unquote(quote(s)) == s`` for every string and the round trip is exact. An
apostrophe that is itself the first character is quoted too, which is what
makes the pair exact.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from datetime import date, datetime, time
from typing import Any

from club.calendar import format_date
from club.text import fold
from storage.workbook.format import (
    CALENDAR_LABELS,
    GENDERS,
    KIND_LABELS,
    ROLES,
    STATUS_ALIASES,
    STATUS_LABELS,
)

# What makes a spreadsheet program read text as a formula (OWASP's list, and
# the full-width forms some programs also accept), and the quote itself.
QUOTE = "'"
_FORMULA_STARTS = frozenset("=+-@\t\r\n" "＝＋－＠" + QUOTE)

# Characters an .xlsx cannot carry (XML 1.0 forbids them; openpyxl refuses
# them) or that are invisible controls: C0 and C1 controls other than the
# whitespace ones, lone surrogates, U+FFFE and U+FFFF.
_UNCARRIABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")


def tidy(text: str) -> str:
    """Text in the books' one form: NFC, no control characters, single spaces."""
    if not text.isascii():
        # Controls out before composing: one between a letter and its accent
        # would otherwise leave them apart, and the result would change when
        # tidied again.
        text = unicodedata.normalize("NFC", _UNCARRIABLE.sub("", text))
    elif not text.isprintable():
        text = _UNCARRIABLE.sub("", text)
    return " ".join(text.split())


def quote(text: str) -> str:
    """Text as the exporter writes it: a leading formula character behind an apostrophe."""
    return QUOTE + text if text[:1] in _FORMULA_STARTS else text


def unquote(text: str) -> str:
    """The inverse of :func:`quote`: one apostrophe off, only before what quote() guards."""
    if text[:1] == QUOTE and text[1:2] and text[1] in _FORMULA_STARTS:
        return text[1:]
    return text


def blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def as_text(value: Any) -> str:
    """A cell as tidy text."""
    if value is None or isinstance(value, bool):
        return ""
    if isinstance(value, datetime | date):
        return format_date(value)
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return tidy(str(value))


def show(value: Any) -> str:
    """A cell as quoted back in a message: short enough to read on a phone."""
    shown = as_text(value)
    return shown if len(shown) <= 40 else shown[:39] + "…"


def whole_number(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    if isinstance(value, str) and (text := value.strip()).isascii() and text.isdigit() \
            and len(text) <= 18:  # longer is beyond any range asked for, and slow to convert
        return int(text)
    return None


# ---------------------------------------------------------------- names of sheets, columns, words

# Text inside the last "(…)" of a header: a unit or a hint, not the name.
_TRAILING_HINT = re.compile(r"\([^()]*\)\s*$")
_NOT_LETTER_OR_DIGIT = re.compile(r"[^0-9a-z]+")


def key(text: str) -> str:
    """A name reduced to its letters and digits: "Mã TV", "ma_tv", "MaTV" are one."""
    return _NOT_LETTER_OR_DIGIT.sub("", fold(text))


def _label_keys(text: str) -> tuple[str, str]:
    """(key without a trailing "(…)", key of the whole label)."""
    folded = fold(text)
    return key(_TRAILING_HINT.sub("", folded)), key(folded)


def labels_match(actual: str, expected: str) -> bool:
    actual_short, actual_full = _label_keys(actual)
    expected_short, expected_full = _label_keys(expected)
    return (bool(actual_short) and actual_short == expected_short) or actual_full == expected_full


def options(labels: Mapping[str, str]) -> dict[str, str]:
    """Folded key of each word people may write -> the value it stands for."""
    return {key(label): value for label, value in labels.items()}


KIND_OPTIONS = options({label: kind for kind, label in KIND_LABELS.items()})
STATUS_OPTIONS = options(
    {**{label: status for status, label in STATUS_LABELS.items()}, **STATUS_ALIASES})
ROLE_OPTIONS = options({role: role for role in ROLES})
GENDER_OPTIONS = options({gender: gender for gender in GENDERS})
CALENDAR_OPTIONS = options(
    {label: "lunar" if lunar else "solar" for lunar, label in CALENDAR_LABELS.items()})
