"""Vietnamese phone numbers, brought to one form so that the same phone matches.

Books hold phones as "0912 345 678", "+84912345678", "84 912 345 678", or as a
number whose leading zero Excel dropped. A member is later recognised by the
phone their chat account shares, so every form must become the same string.
"""

import math
import re

import phonenumbers

__all__ = ["normalize_phone"]

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
