"""The SoQuy sheet: the cash book, one row per money movement.

Beyond each row's own cells, the cash book must agree with itself and with
the loans: a withdrawal cannot take more than was saved by its day, principal
repaid cannot exceed what was lent, and a repayment is of the payer's own loan
and not before it was paid out.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from club import texts
from club.calendar import format_date
from club.money import format_vnd
from storage.workbook.cells import KIND_OPTIONS
from storage.workbook.format import CASH_COLUMNS, CASH_SHEET, KIND_LABELS, REPAYMENT_KINDS
from storage.workbook.model import CashRow, Problem
from storage.workbook.reader import Reader
from storage.workbook.row import Row


def read(reader: Reader) -> list[CashRow]:
    table = reader.table(CASH_SHEET, CASH_COLUMNS)
    if table is None:
        return []
    cash = []
    # Members and loans with a wrong row: their sums are unreliable, so not checked.
    doubtful_members: set[str] = set()
    doubtful_loans: set[str] = set()
    for row in table:
        # Money is recorded once it has changed hands: never on a day still to come.
        entry_date = row.date("Ngày", future=False)
        member = reader.member(row, "Mã TV")
        reader.after_joining(row, "Ngày", member, entry_date)
        kind = row.choice("Loại", KIND_OPTIONS, KIND_LABELS.values())
        amount = row.amount("Số tiền")
        loan = row.code("Mã vay", required=False)
        note = row.text("Ghi chú")
        if kind in REPAYMENT_KINDS:
            _check_repayment(reader, row, kind, member, loan, entry_date)
        elif kind is not None and loan is not None:
            row.fail(texts.WB_LOAN_NOT_ALLOWED.format(kind=KIND_LABELS[kind]))
        if (row.ok and entry_date is not None and member is not None and kind is not None
                and amount is not None):
            cash.append(CashRow(entry_date=entry_date, member_code=member, kind=kind,
                                amount=amount, loan_code=loan, note=note,
                                row=row.number or 0))
        else:
            doubtful_members.add(member or "")
            doubtful_loans.add(loan or "")
    _check_savings(reader, cash, doubtful_members)
    _check_principal(reader, cash, doubtful_loans)
    return cash


def _check_repayment(reader: Reader, row: Row, kind: str, member: str | None,
                     loan: str | None, paid_on: date | None) -> None:
    if loan is None:
        row.fail(texts.WB_LOAN_NEEDED.format(kind=KIND_LABELS[kind]))
        return
    if reader.loans is None:
        return
    facts = reader.loans.get(loan)
    if facts is None:
        row.fail(texts.WB_UNKNOWN_LOAN.format(code=loan))
    elif member is not None and facts.member_code is not None and facts.member_code != member:
        row.fail(texts.WB_LOAN_OF_OTHER.format(loan=loan, owner=facts.member_code,
                                               member=member))
    elif paid_on is not None and facts.disbursed_on is not None \
            and paid_on < facts.disbursed_on:
        row.fail(texts.WB_PAID_BEFORE_LOAN.format(
            loan=loan, paid_on=format_date(paid_on),
            disbursed_on=format_date(facts.disbursed_on)))


def _check_savings(reader: Reader, cash: list[CashRow], doubtful: set[str]) -> None:
    """A withdrawal may not take more than was saved up to its date.

    Deposits of the same day count first: the rows of one meeting are
    written in no particular order.
    """
    moves: dict[str, list[CashRow]] = defaultdict(list)
    for entry in cash:
        if entry.kind in ("deposit", "withdrawal") and entry.member_code not in doubtful:
            moves[entry.member_code].append(entry)
    for member, entries in moves.items():
        balance = 0
        entries.sort(key=lambda e: (e.entry_date, e.kind == "withdrawal", e.row))
        for entry in entries:
            if entry.kind == "deposit":
                balance += entry.amount
            elif entry.amount > balance:
                # Not subtracted: the later rows are judged as if this one
                # were fixed, so one slip gives one message.
                reader.problems.append(Problem(
                    reader.titles[CASH_SHEET], entry.row, texts.WB_OVERDRAWN.format(
                        amount=format_vnd(entry.amount), date=format_date(entry.entry_date),
                        member=member, balance=format_vnd(balance))))
            else:
                balance -= entry.amount


def _check_principal(reader: Reader, cash: list[CashRow], doubtful: set[str]) -> None:
    """Principal repaid may not exceed what was lent."""
    if reader.loans is None:
        return
    paid: dict[str, int] = defaultdict(int)
    for entry in sorted(cash, key=lambda e: (e.entry_date, e.row)):
        if entry.kind != "principal" or entry.loan_code is None \
                or entry.loan_code in doubtful:
            continue
        facts = reader.loans.get(entry.loan_code)
        if facts is None or facts.amount is None:
            continue
        if paid[entry.loan_code] + entry.amount > facts.amount:
            reader.problems.append(Problem(
                reader.titles[CASH_SHEET], entry.row, texts.WB_OVERPAID.format(
                    loan=entry.loan_code, paid=format_vnd(paid[entry.loan_code] + entry.amount),
                    amount=format_vnd(facts.amount))))
        else:
            paid[entry.loan_code] += entry.amount
