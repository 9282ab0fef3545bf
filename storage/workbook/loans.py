"""The KhoanVay sheet: loans as disbursed."""

from __future__ import annotations

from storage.workbook.format import LOANS_COLUMNS, LOANS_SHEET, MAX_TERM_MONTHS
from storage.workbook.model import LoanRow
from storage.workbook.reader import LoanFacts, Reader


def read(reader: Reader) -> list[LoanRow]:
    table = reader.table(LOANS_SHEET, LOANS_COLUMNS)
    if table is None:
        return []
    reader.loans = {}
    seen: dict[str, int] = {}
    loans = []
    for row in table:
        code = row.code("Mã vay")
        member = reader.member(row, "Mã TV")
        # Money not yet lent is not a loan: a date after today is a slip.
        disbursed_on = row.date("Ngày giải ngân", future=False)
        reader.after_joining(row, "Ngày giải ngân", member, disbursed_on)
        amount = row.amount("Số tiền")
        term = row.whole("Kỳ hạn (tháng)", 1, MAX_TERM_MONTHS)
        rate = row.rate_ppm("Lãi suất (%/tháng)")
        method = row.method("Cách trả")
        purpose = row.text("Mục đích")
        if code is not None:
            if code not in reader.loans:
                reader.loans[code] = LoanFacts(member, amount, disbursed_on)
            reader.unique_code(seen, code, row, "Mã vay")
        if (row.ok and code is not None and member is not None and disbursed_on is not None
                and amount is not None and term is not None and rate is not None
                and method is not None):
            loans.append(LoanRow(
                code=code, member_code=member, disbursed_on=disbursed_on, amount=amount,
                term_months=term, rate_ppm=rate, method=method, purpose=purpose,
                row=row.number or 0))
    return loans
