"""📄 Khoản vay: what is still owed first, then each open loan's next
installment and, if an installment is late, how much and for how long."""

from __future__ import annotations

from datetime import date
from html import escape

from club import texts
from club.calendar import format_date, format_weekday_date
from club.loans import Loan, LoanStatus, RepaymentMethod, loan_status
from club.money import format_vnd
from storage.member_file import LoanRecord, MemberFile


def to_loan(record: LoanRecord) -> Loan:
    return Loan(code=record.code, amount=record.amount,
                disbursed=date.fromisoformat(record.disbursed_on),
                term_months=record.term_months, rate_ppm=record.rate_ppm,
                method=RepaymentMethod(record.method))


def statuses(file: MemberFile, today: date) -> list[tuple[LoanRecord, LoanStatus]]:
    """Every loan of the member with its status derived from the cash book."""
    paid: dict[int, dict[str, int]] = {}
    for e in file.cash:
        if e.loan_id is not None and e.kind in ("principal", "interest"):
            sums = paid.setdefault(e.loan_id, {"principal": 0, "interest": 0})
            sums[e.kind] += e.amount
    result = []
    for record in file.loans:
        sums = paid.get(record.id, {"principal": 0, "interest": 0})
        result.append((record, loan_status(to_loan(record), sums["principal"],
                                           sums["interest"], today)))
    return result


def _rate(ppm: int) -> str:
    """0.5 %/month as people write it: "0,5"."""
    return f"{ppm / 10_000:g}".replace(".", ",")


def render(file: MemberFile, today: date) -> str:
    name = escape(file.member.name)
    all_loans = statuses(file, today)
    open_loans = [(r, s) for r, s in all_loans if not s.closed]
    if not open_loans:
        return texts.LOANS_NONE.format(name=name)

    lines = [texts.LOANS_TOTAL.format(
        name=name, amount=format_vnd(sum(s.outstanding for _, s in open_loans)))]
    for record, status in open_loans:
        lines.append("")
        lines.append(texts.LOAN_HEAD.format(
            code=escape(record.code), amount=format_vnd(record.amount),
            date=format_date(date.fromisoformat(record.disbursed_on)),
            term=record.term_months, rate=_rate(record.rate_ppm)))
        if len(open_loans) > 1:
            lines.append(texts.LOAN_OUTSTANDING.format(amount=format_vnd(status.outstanding)))
        if status.overdue_since is not None:
            lines.append(texts.LOAN_OVERDUE.format(
                amount=format_vnd(status.overdue_amount), days=status.days_overdue,
                since=format_date(status.overdue_since)))
        nxt = status.next_installment
        if nxt is not None:
            if nxt.principal:
                lines.append(texts.LOAN_NEXT.format(
                    date=format_weekday_date(nxt.due), principal=format_vnd(nxt.principal),
                    interest=format_vnd(nxt.interest), total=format_vnd(nxt.total)))
            else:  # interest-only months of a loan repaid at the end
                lines.append(texts.LOAN_NEXT_INTEREST.format(
                    date=format_weekday_date(nxt.due), interest=format_vnd(nxt.interest)))
        elif status.overdue_since is None:
            lines.append(texts.LOAN_DONE_SOON)
    closed = len(all_loans) - len(open_loans)
    if closed:
        lines.append("")
        lines.append(texts.LOANS_CLOSED.format(count=closed))
    return "\n".join(lines)
