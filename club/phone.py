"""Vietnamese phone numbers, brought to one form so that the same phone matches.

Books hold phones as "0912 345 678", "+84912345678", "84 912 345 678", or as a
number whose leading zero Excel dropped. A member is later recognised by the
phone their chat account shares, so every form must become the same string.
"""

import math
import re
from functools import lru_cache

import phonenumbers

__all__ = ["find_phones", "format_phone", "normalize_phone"]

# Only what people put between digits. phonenumbers would read letters as a
# keypad spells them ("0912abc345" becoming a valid number); a book cell with
# letters is a mistake to report, not a phone.
_ALLOWED = re.compile(r"[\d\s+.\-()/]+")


def normalize_phone(raw: str | int | float | None) -> str | None:
    """Return the national form ("0912345678"), or None when there is no phone."""
    if raw is None:
        return None
    if isinstance(raw, bool):  # a ticked Excel box in the phone column
        raise ValueError(f"not a phone number: {raw!r}")
    if isinstance(raw, float):
        if math.isnan(raw):  # an empty spreadsheet cell read as a number
            return None
        if not raw.is_integer():
            raise ValueError(f"not a phone number: {raw!r}")
        raw = int(raw)
    text = str(raw).strip()
    if not text:
        return None
    if not _ALLOWED.fullmatch(text):
        raise ValueError(f"not a phone number: {text!r}")
    try:
        number = phonenumbers.parse(text, "VN")
    except phonenumbers.NumberParseException as exc:
        raise ValueError(f"not a phone number: {text!r}") from exc
    if number.country_code != 84 or not phonenumbers.is_valid_number(number):
        raise ValueError(f"not a valid Vietnamese phone number: {text!r}")
    # The national format carries the trunk "0" where Vietnam uses one
    # (mobiles, landlines) and not where it does not (1900 numbers).
    national = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return re.sub(r"\D", "", national)


@lru_cache(maxsize=4096)  # a handful of board phones, shown at every tap of ☎️
def format_phone(phone: str) -> str:
    """A stored phone as people read it aloud: "0971 706 690" (mobile 4-3-3),
    "024 3825 1234" (Hà Nội), "0236 3821 234" (other provinces), "1900 545454".

    The groups are the numbering plan's own (phonenumbers' national format), so
    a number wraps only between groups and is read in the usual breaths.
    Anything that is not a Vietnamese number is shown as it was given.
    """
    try:
        number = phonenumbers.parse(phone, "VN")
    except phonenumbers.NumberParseException:
        return phone
    if number.country_code != 84 or not phonenumbers.is_valid_number(number):
        return phone
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)


# A phone inside a sentence: grouped as format_phone writes it, or all in one run.
# Only what phonenumbers then finds valid counts, so dates and amounts never do.
_IN_TEXT = re.compile(r"(?<![\d.,/])(?:\+84 ?|0)\d{2,3}(?: \d{2,6}){1,3}(?!\d|[.,/]\d)"
                      r"|(?<![\d.,/])(?:\+84|0)\d{8,10}(?!\d|[.,/]\d)")


def find_phones(text: str) -> list[tuple[int, int, str]]:
    """Where Vietnamese phone numbers stand in ``text``: (start, end, "+84…"),
    the last being what a ``tel:`` link dials from anywhere."""
    found = []
    for match in _IN_TEXT.finditer(text):
        candidate = match.group()
        while True:  # "0971 706 690 2026": the number without the year after it
            number = _valid(candidate)
            if number is not None:
                found.append((match.start(), match.start() + len(candidate), number))
                break
            if " " not in candidate.strip():
                break
            candidate = candidate.rsplit(" ", 1)[0]
    return found


@lru_cache(maxsize=4096)
def _valid(candidate: str) -> str | None:
    try:
        number = phonenumbers.parse(candidate, "VN")
    except phonenumbers.NumberParseException:
        return None
    if number.country_code != 84 or not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
