"""📄 Khoản vay: what is still owed first, then each open loan's next
installment and, if an installment is late, how much and for how long.

A member whose loan is late is told, right under what is owed, what to bring
to the next meeting — the late amount and the installment falling due before
the meeting after it — and the treasurer's name and number, so there is
something to do and someone to call.
"""

from __future__ import annotations

from datetime import date, datetime, time
from html import escape

from club import texts
from club.calendar import format_date, format_weekday_date
from club.loans import Loan, LoanStatus, RepaymentMethod, loan_status
from club.money import format_vnd
from club.phone import format_phone
from club.roles import Role, role_of
from handlers.schedule import next_occurrences
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


def what_to_bring(file: MemberFile, open_loans: list[tuple[LoanRecord, LoanStatus]],
                  now: datetime) -> str:
    """One line: what is late, plus each next installment that falls due
    before the meeting after the next one (the next meeting is the last
    chance to pay it on time), and the next meeting's date."""
    meetings = [o.on for o in next_occurrences(file, now) if not o.cancelled]
    after = meetings[1] if len(meetings) > 1 else None
    late = sum(s.overdue_amount for _, s in open_loans)
    parts, total = [texts.LOAN_BRING_OVERDUE.format(amount=format_vnd(late))], late
    for _, status in open_loans:
        nxt = status.next_installment
        if nxt is not None and (after is None or nxt.due < after):
            parts.append(texts.LOAN_BRING_NEXT.format(amount=format_vnd(nxt.total),
                                                      date=f"{nxt.due:%d/%m}"))
            total += nxt.total
    said = texts.LOAN_BRING_AND.join(parts)
    if not meetings:
        return texts.LOAN_BRING_NO_MEETING.format(total=format_vnd(total), parts=said)
    return texts.LOAN_BRING.format(date=format_weekday_date(meetings[0]),
                                   total=format_vnd(total), parts=said)


def treasurer(file: MemberFile) -> str:
    """Who takes the money, and the number to call (the club's Thủ quỹ)."""
    person = next((p for p in file.board if role_of(p.role) is Role.TREASURER), None)
    if person is None:
        return texts.LOAN_ASK_TREASURER
    if not person.phone:
        return texts.LOAN_TREASURER_NO_PHONE.format(name=escape(person.name))
    return texts.LOAN_TREASURER.format(name=escape(person.name),
                                       phone=format_phone(person.phone))


def render(file: MemberFile, today: date, now: datetime | None = None) -> str:
    """The loans screen on ``today``; ``now`` (default: today's start) decides
    which meeting is the next one."""
    name = escape(file.member.name)
    all_loans = statuses(file, today)
    open_loans = [(r, s) for r, s in all_loans if not s.closed]
    if not open_loans:
        return texts.LOANS_NONE.format(name=name)

    lines = [texts.LOANS_TOTAL.format(
        name=name, amount=format_vnd(sum(s.outstanding for _, s in open_loans)))]
    if any(s.overdue_since is not None for _, s in open_loans):
        lines.append(what_to_bring(file, open_loans, now or datetime.combine(today, time.min)))
        lines.append(treasurer(file))
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
