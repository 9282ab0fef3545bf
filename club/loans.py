"""Loans from the club's income-generation fund (quỹ tăng thu nhập).

A loan's state is never stored: it is derived from its repayment schedule and
the totals repaid, so a corrected cash-book entry corrects the loan too. All
figures are whole đồng; a monthly rate is kept in parts per million so that
interest is computed in integers and matches the treasurer's book exactly.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from enum import StrEnum
from functools import lru_cache

from club.text import fold

__all__ = [
    "METHOD_LABELS",
    "Installment",
    "Loan",
    "LoanStatus",
    "RepaymentMethod",
    "loan_status",
    "behind_on",
    "overdue_beyond",
    "parse_method",
    "parse_rate_ppm",
    "schedule",
]


class RepaymentMethod(StrEnum):
    DECLINING = "declining"  # equal principal monthly, interest on what is still owed
    BULLET = "bullet"  # interest monthly, all principal with the last installment


METHOD_LABELS: dict[RepaymentMethod, str] = {
    RepaymentMethod.DECLINING: "gốc lãi hằng tháng",
    RepaymentMethod.BULLET: "lãi hằng tháng, gốc cuối kỳ",
}


def _method_key(text: str) -> str:
    # Books differ in commas and spacing ("lãi hằng tháng gốc cuối kỳ") and in
    # "hằng"/"hàng", which fold to the same word.
    return " ".join(fold(text).replace(",", " ").split())


_METHODS_BY_KEY = {_method_key(label): method for method, label in METHOD_LABELS.items()}


def parse_method(text: str) -> RepaymentMethod:
    """Read the "Cách trả" column, or an exported method code."""
    key = _method_key(text)
    if key in _METHODS_BY_KEY:
        return _METHODS_BY_KEY[key]
    try:
        return RepaymentMethod(key)
    except ValueError:
        raise ValueError(f"unknown repayment method: {text!r}") from None


_PPM_PER_PERCENT = 10_000
# Above 10 %/month a figure is a typing slip, not a club's rate.
_MAX_RATE_PPM = 10 * _PPM_PER_PERCENT
# Below 0.01 %/month (but above zero) the figure is most likely an Excel
# percentage cell (0.5 % stored as 0.005): refuse it rather than lend at a
# rate a hundred times too low.
_MIN_RATE_PPM = 100


def parse_rate_ppm(value: object) -> int:
    """Read a monthly rate given in percent (0.5, "0,5", "0.5%") as ppm."""
    if isinstance(value, bool):
        raise ValueError(f"not a rate: {value!r}")
    if isinstance(value, int | float):
        text = str(value)
    elif isinstance(value, str):
        text = fold(value).replace(",", ".")
        for suffix in ("/thang", "%"):
            text = text.removesuffix(suffix).strip()
    else:
        raise ValueError(f"not a rate: {value!r}")
    try:
        percent = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"not a rate: {value!r}") from None
    if not percent.is_finite() or percent < 0:
        raise ValueError(f"not a rate: {value!r}")
    ppm = int((percent * _PPM_PER_PERCENT).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    if ppm > _MAX_RATE_PPM:
        raise ValueError(f"rate above 10 %/month: {value!r}")
    if 0 < ppm < _MIN_RATE_PPM:
        raise ValueError(f"rate below 0.01 %/month, probably a percentage cell: {value!r}")
    return ppm


@dataclass(frozen=True)
class Loan:
    code: str
    amount: int
    disbursed: date
    term_months: int
    rate_ppm: int
    method: RepaymentMethod

    def __post_init__(self) -> None:
        if self.amount <= 0:
            raise ValueError(f"loan amount must be positive, got {self.amount}")
        if self.term_months < 1:
            raise ValueError(f"loan term must be at least one month, got {self.term_months}")
        if self.rate_ppm < 0:
            raise ValueError(f"loan rate cannot be negative, got {self.rate_ppm}")


@dataclass(frozen=True)
class Installment:
    number: int
    due: date
    principal: int
    interest: int

    @property
    def total(self) -> int:
        return self.principal + self.interest


def _interest(base: int, rate_ppm: int) -> int:
    # Round half up to whole đồng, as treasurers do by hand; integers only so
    # the result never depends on float representation.
    return (base * rate_ppm + 500_000) // 1_000_000


def _add_months(start: date, months: int) -> date:
    # Always from the disbursement day, not from the previous due date, so a
    # loan given on the 31st falls due on 28/02 and then on 31/03 again.
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    following = date(year + month // 12, month % 12 + 1, 1)
    last_day = (following - timedelta(days=1)).day
    return date(year, month, min(start.day, last_day))


def schedule(loan: Loan) -> list[Installment]:
    """The loan's installments, the first one month after disbursement."""
    # Equal principal each month for a declining loan; none before the end for a bullet.
    declining = loan.method is RepaymentMethod.DECLINING
    regular = loan.amount // loan.term_months if declining else 0
    installments = []
    outstanding = loan.amount
    for number in range(1, loan.term_months + 1):
        # The last installment takes whatever principal is left.
        principal = outstanding if number == loan.term_months else regular
        installments.append(
            Installment(
                number=number,
                due=_add_months(loan.disbursed, number),
                principal=principal,
                interest=_interest(outstanding, loan.rate_ppm),
            )
        )
        outstanding -= principal
    return installments


@dataclass(frozen=True)
class LoanStatus:
    outstanding: int
    principal_paid: int
    interest_paid: int
    next_installment: Installment | None
    overdue_amount: int
    overdue_since: date | None
    days_overdue: int
    closed: bool


def loan_status(loan: Loan, principal_paid: int, interest_paid: int, today: date) -> LoanStatus:
    """Where a loan stands on `today`, from the totals repaid so far.

    Payments are applied to installments in order, principal and interest each
    on their own running total, because the cash book records them as separate
    entries ("trả gốc", "trả lãi") that need not arrive together. An
    installment due today is not late yet: the member may pay at today's meeting.
    """
    if principal_paid < 0 or interest_paid < 0:
        raise ValueError("amounts repaid cannot be negative")
    installments = schedule(loan)
    principal_due = interest_due = 0
    overdue_since: date | None = None
    for installment in installments:
        if installment.due >= today:
            break
        principal_due += installment.principal
        interest_due += installment.interest
        if overdue_since is None and (
            principal_due > principal_paid or interest_due > interest_paid
        ):
            overdue_since = installment.due
    overdue_amount = max(0, principal_due - principal_paid) + max(0, interest_due - interest_paid)
    outstanding = max(0, loan.amount - principal_paid)
    closed = outstanding == 0 and interest_paid >= interest_due
    # A repaid loan has nothing ahead, even if repaid before its term ended.
    upcoming = (i for i in installments if i.due >= today)
    next_installment = None if closed else next(upcoming, None)
    return LoanStatus(
        outstanding=outstanding,
        principal_paid=principal_paid,
        interest_paid=interest_paid,
        next_installment=next_installment,
        overdue_amount=overdue_amount,
        overdue_since=overdue_since,
        days_overdue=(today - overdue_since).days if overdue_since else 0,
        closed=closed,
    )


def overdue_beyond(loan: Loan, principal_paid: int, interest_paid: int, today: date,
                   days: int) -> bool:
    """Whether :func:`loan_status` would say the loan is more than ``days`` days
    overdue on ``today`` — without building the schedule.

    A dashboard asks this of every loan of a province (PAR30), so it sums only
    the installments due on or before ``today − days − 1``: the loan is that
    late exactly when those alone are not covered by what was repaid (payments
    go to installments in order, so the oldest unpaid one is among them).
    The same rounding as :func:`schedule`; tests hold the two to agree.
    """
    if principal_paid < 0 or interest_paid < 0:
        raise ValueError("amounts repaid cannot be negative")
    return behind_on(loan.amount, loan.disbursed, loan.term_months, loan.rate_ppm,
                     loan.method is RepaymentMethod.DECLINING, principal_paid, interest_paid,
                     today - timedelta(days=days + 1))


@lru_cache(maxsize=4096)
def _due_by(disbursed: date, term_months: int, cutoff: date) -> int:
    """How many installments fall due on or before ``cutoff``."""
    due = (cutoff.year - disbursed.year) * 12 + cutoff.month - disbursed.month
    if due > 0 and _add_months(disbursed, due) > cutoff:
        due -= 1
    return min(max(due, 0), term_months)


def behind_on(amount: int, disbursed: date, term_months: int, rate_ppm: int, declining: bool,
              principal_paid: int, interest_paid: int, cutoff: date) -> bool:
    """Whether what was repaid falls short of the installments due by ``cutoff``
    (:func:`overdue_beyond`'s core, on plain values for a province's loans)."""
    due = _due_by(disbursed, term_months, cutoff)
    if due == 0:
        return False
    if declining:
        regular = amount // term_months
        principal_due = amount if due == term_months else regular * due
        if principal_due > principal_paid:
            return True
        interest_due = 0
        for k in range(due):
            interest_due += ((amount - k * regular) * rate_ppm + 500_000) // 1_000_000
        return interest_due > interest_paid
    principal_due = amount if due == term_months else 0
    return (principal_due > principal_paid
            or due * ((amount * rate_ppm + 500_000) // 1_000_000) > interest_paid)
