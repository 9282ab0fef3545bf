"""💰 Tiết kiệm: the savings balance first, then recent movements and this
year's fund contributions against what the club expects."""

from __future__ import annotations

from datetime import date
from html import escape

from club import address, texts
from club.calendar import format_date, meeting_dates
from club.money import format_vnd
from handlers.schedule import club_rule
from storage.member_file import CashEntry, MemberFile

RECENT_MOVEMENTS = 4
SAVINGS_KINDS = ("deposit", "withdrawal")


def _standing(entries: tuple[CashEntry, ...]) -> list[CashEntry]:
    """Entries as the paper book shows them: a reversed entry and its reversal drop out."""
    reversed_ids = {e.reverses_id for e in entries if e.reverses_id is not None}
    return [e for e in entries if e.reverses_id is None and e.id not in reversed_ids]


def savings_balance(entries: tuple[CashEntry, ...]) -> int:
    # Reversals carry the negated amount, so plain sums already net them out.
    return sum(e.amount if e.kind == "deposit" else -e.amount
               for e in entries if e.kind in SAVINGS_KINDS)


def months_expected(file: MemberFile, today: date) -> int:
    """Contributions due so far this year: one per regular meeting held since
    January (or since the member joined), solar or lunar alike."""
    start = date(today.year, 1, 1)
    if file.member.joined_on:
        start = max(start, date.fromisoformat(file.member.joined_on))
    if start > today:
        return 0
    return len(meeting_dates(club_rule(file.club), start, today))


def render(file: MemberFile, today: date, you: str | None = None) -> str:
    """The savings screen; ``you`` is how its reader calls the member (default: her own title)."""
    called = address.fields(escape(you or file.address))
    lines = [texts.SAVINGS_BALANCE.format(
        name=escape(file.member.name), amount=format_vnd(savings_balance(file.cash)))]

    movements = [e for e in _standing(file.cash) if e.kind in SAVINGS_KINDS]
    if movements:
        lines.append(texts.SAVINGS_RECENT)
        for e in reversed(movements[-RECENT_MOVEMENTS:]):
            sign = 1 if e.kind == "deposit" else -1
            lines.append(texts.MOVEMENT_LINE.format(
                date=format_date(date.fromisoformat(e.entry_date)),
                what=texts.MOVEMENT_DEPOSIT if sign > 0 else texts.MOVEMENT_WITHDRAWAL,
                amount=("+" if sign > 0 else "−") + format_vnd(e.amount)))
    else:
        lines.append(texts.SAVINGS_NONE)

    year = today.year
    paid = sum(e.amount for e in file.cash
               if e.kind == "contribution" and e.entry_date.startswith(f"{year}-"))
    monthly = file.club.contribution
    months = months_expected(file, today)
    if monthly and months:
        expected = monthly * months
        lines.append(texts.CONTRIB_LINE.format(
            year=year, paid=format_vnd(paid), expected=format_vnd(expected), months=months,
            monthly=format_vnd(monthly)))
        lines.append(texts.CONTRIB_OK.format(**called) if paid >= expected
                     else texts.CONTRIB_SHORT.format(missing=format_vnd(expected - paid)))
    else:
        lines.append(texts.CONTRIB_NONE_SET.format(year=year, paid=format_vnd(paid)))
    return "\n".join(lines)
