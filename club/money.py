"""Money in whole đồng: reading what people type, writing what people read.

The đồng has no minor unit, so every amount is an `int`. People type amounts
the way they say them ("50k", "1tr2", "1,2 triệu"); the books hold numbers or
dot-grouped text ("50.000 đ"). Anything that could mean two different sums is
refused (None) so the bot asks again instead of recording the wrong figure.
"""

import math
import re
from decimal import Decimal

from club.text import fold

__all__ = ["MAX_AMOUNT", "amount_in_words", "format_vnd", "parse_amount"]

# No club handles a thousand billion đồng; anything above is a typing slip.
MAX_AMOUNT = 1_000_000_000_000

# A currency mark at the end, after folding: "đ"/"đồng" became "d"/"dong",
# "VND"/"VNĐ" became "vnd"; "₫" is the symbol. An optional full stop follows.
_CURRENCY = re.compile(r"\s*(?:₫|dong|vnd|d)\.?$")

# Bare digits: "50000".
_PLAIN = re.compile(r"\d+")

# Thousands grouped by one separator used throughout ("50.000", "1,250,000",
# "50 000"): 1-3 leading digits, then groups of exactly 3. "50.00" and "1.2.3"
# are not groupings, so they do not match.
_GROUPED = re.compile(r"\d{1,3}(?P<sep>[., ])\d{3}(?:(?P=sep)\d{3})*")

# One "number unit" part: "50k", "50 nghin", "1,2 trieu", "1.2tr". The number
# may carry a decimal comma or point. Longer unit words come first in the
# alternation so that "trieu" is not read as "tr" + "ieu".
_PART = re.compile(r"(?P<num>\d+(?:[.,]\d+)?)\s*(?P<unit>nghin|ngan|k|trieu|tr|cu|ty|ti)")

# What follows the last unit: digits that continue it ("1tr2", "1 triệu 250")
# or "rưỡi" (a half: "1 triệu rưỡi").
_TAIL = re.compile(r"\d{1,3}|ruoi")

_UNITS = {
    "k": 10**3,
    "nghin": 10**3,
    "ngan": 10**3,
    "tr": 10**6,
    "trieu": 10**6,
    "cu": 10**6,  # "củ", everyday slang for a million
    "ty": 10**9,
    "ti": 10**9,
}


def format_vnd(amount: int) -> str:
    """Format as people read amounts: dots between thousands, then "đ"."""
    sign = "-" if amount < 0 else ""
    return f"{sign}{abs(amount):,}".replace(",", ".") + " đ"


def parse_amount(text: str | int | float) -> int | None:
    """Read an amount in đồng, or None when it is not clearly one amount."""
    if isinstance(text, bool):  # a ticked Excel box is not a sum of money
        return None
    if isinstance(text, int):
        value: int | None = text
    elif isinstance(text, float):
        if not math.isfinite(text) or not text.is_integer():
            return None
        value = int(text)
    elif isinstance(text, str):
        value = _parse_text(text)
    else:
        return None
    if value is None or value < 0 or value > MAX_AMOUNT:
        return None
    return value


def _parse_text(text: str) -> int | None:
    s = _CURRENCY.sub("", fold(text))
    if not s:
        return None
    if _PLAIN.fullmatch(s):
        return int(s)
    if match := _GROUPED.fullmatch(s):
        return int(s.replace(match["sep"], ""))
    return _parse_with_units(s)


def _parse_with_units(s: str) -> int | None:
    total = 0
    last_unit: int | None = None
    last_had_fraction = False
    pos = 0
    while match := _PART.match(s, pos):
        unit = _UNITS[match["unit"]]
        # Parts must go from larger to smaller units ("1 triệu 200 nghìn").
        if last_unit is not None and unit >= last_unit:
            return None
        number = match["num"].replace(",", ".")
        whole, _, fraction = number.partition(".")
        # "1.500 triệu" could be 1,5 million or 1500 million: ask instead.
        if len(fraction) == 3:
            return None
        part = Decimal(number) * unit
        if part != part.to_integral_value():
            return None
        # A smaller part must fit under the larger one: "1 triệu 2000 nghìn" is a slip.
        if last_unit is not None and part >= last_unit:
            return None
        total += int(part)
        last_unit, last_had_fraction = unit, bool(fraction)
        pos = match.end()
        while pos < len(s) and s[pos] == " ":
            pos += 1
    if last_unit is None:
        return None
    rest = s[pos:]
    if not rest:
        return total
    if last_had_fraction or not _TAIL.fullmatch(rest):
        return None
    if rest == "ruoi":
        return total + last_unit // 2
    # The tail gives the leading digits of what comes under the unit:
    # "1tr2" is 1 triệu 200 nghìn, "1tr25" and "1tr250" are 1 triệu 250 nghìn.
    return total + int(rest) * (last_unit // 10 ** len(rest))


_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")


def amount_in_words(amount: int) -> str:
    """Read an amount aloud in Vietnamese, as money entries are confirmed."""
    if amount == 0:
        return "không đồng"
    words = _read(abs(amount))
    if amount < 0:
        words.insert(0, "âm")
    return " ".join([*words, "đồng"])


def _read(n: int) -> list[str]:
    billions, rest = divmod(n, 10**9)
    # Above a billion the count of billions is read on its own: "một nghìn tỷ".
    words = [*_read(billions), "tỷ"] if billions else []
    groups = (rest // 10**6, rest // 10**3 % 1000, rest % 1000)
    for group, name in zip(groups, ("triệu", "nghìn", ""), strict=True):
        if group == 0:
            continue
        words += _read_group(group, leading=not words)
        if name:
            words.append(name)
    return words


def _read_group(n: int, leading: bool) -> list[str]:
    hundreds, tens, units = n // 100, n // 10 % 10, n % 10
    words: list[str] = []
    # After a larger group the hundreds are always said, even when zero:
    # 1.005.000 is "một triệu không trăm linh năm nghìn".
    if hundreds or not leading:
        words += [_DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units:
            if words:
                words.append("linh")
            words.append(_DIGITS[units])
    elif tens == 1:
        words.append("mười")
        if units:
            words.append("lăm" if units == 5 else _DIGITS[units])
    else:
        words += [_DIGITS[tens], "mươi"]
        if units:
            words.append({1: "mốt", 4: "tư", 5: "lăm"}.get(units, _DIGITS[units]))
    return words
