"""The receipt a member gets when the board records money for them."""

from __future__ import annotations

from datetime import date
from html import escape

from club import address, texts
from club.calendar import format_date
from club.money import format_vnd
from storage.cashbook import ReceiptText

KIND_WORDS = {
    "contribution": texts.KIND_CONTRIBUTION,
    "deposit": texts.KIND_DEPOSIT,
    "withdrawal": texts.KIND_WITHDRAWAL,
    "principal": texts.KIND_PRINCIPAL,
    "interest": texts.KIND_INTEREST,
}


def kind_words(kind: str, loan_code: str | None = None) -> str:
    words = KIND_WORDS[kind]
    return texts.KIND_FOR_LOAN.format(kind=words, loan=loan_code) if loan_code else words


def receipt(kind: str, amount: int, day: date, loan_code: str | None = None,
            reversal: bool = False) -> ReceiptText:
    """A receipt text for an entry, finished once the new balance and its reader are known.

    ``you`` is how that reader calls the member: "bà" on her own phone, "bà Lan"
    on a relative's (club.address).
    """
    head = texts.RECEIPT_REVERSED if reversal else texts.RECEIPT
    what, money, when = kind_words(kind, loan_code), format_vnd(abs(amount)), format_date(day)

    def finish(savings_after: int, you: str) -> str:
        called = address.fields(escape(you))
        line = head.format(**called, what=what, amount=money, date=when)
        if kind in ("deposit", "withdrawal"):
            return line + "\n" + texts.RECEIPT_SAVINGS.format(
                **called, amount=format_vnd(savings_after))
        return line

    return finish
