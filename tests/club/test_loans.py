from datetime import date

import pytest

from club.loans import (
    METHOD_LABELS,
    Installment,
    Loan,
    RepaymentMethod,
    loan_status,
    parse_method,
    parse_rate_ppm,
    schedule,
)

DECLINING = RepaymentMethod.DECLINING
BULLET = RepaymentMethod.BULLET


def _loan(amount, disbursed, term, ppm, method, code="V01"):
    return Loan(code, amount, disbursed, term, ppm, method)


# --- the book's figures -------------------------------------------------------


def test_declining_12_months_at_half_a_percent():
    plan = schedule(_loan(5_000_000, date(2026, 4, 17), 12, 5_000, DECLINING))
    assert len(plan) == 12
    assert plan[0] == Installment(1, date(2026, 5, 17), 416_666, 25_000)
    assert plan[0].total == 441_666
    assert plan[1].interest == 22_917
    assert plan[6].interest == 12_500
    assert plan[11].due == date(2027, 4, 17)
    assert plan[11].principal == 5_000_000 - 11 * 416_666
    assert sum(i.principal for i in plan) == 5_000_000


def test_declining_6_months_at_0_8_percent():
    plan = schedule(_loan(5_000_000, date(2026, 4, 17), 6, 8_000, DECLINING))
    assert [i.interest for i in plan] == [40_000, 33_333, 26_667, 20_000, 13_333, 6_667]
    assert [i.principal for i in plan] == [833_333] * 5 + [833_335]
    assert [i.number for i in plan] == [1, 2, 3, 4, 5, 6]


def test_bullet_pays_interest_monthly_and_principal_at_the_end():
    plan = schedule(_loan(10_000_000, date(2026, 7, 17), 6, 8_000, BULLET))
    assert [i.interest for i in plan] == [80_000] * 6
    assert [i.principal for i in plan] == [0] * 5 + [10_000_000]
    assert plan[-1].total == 10_080_000
    assert plan[-1].due == date(2027, 1, 17)


def test_interest_rounds_half_up():
    # 1 000 100 × 0.5 % = 5 000.5 đồng
    plan = schedule(_loan(1_000_100, date(2026, 1, 5), 1, 5_000, BULLET))
    assert plan[0].interest == 5_001
    # 1 000 099 × 0.5 % = 5 000.495 đồng
    plan = schedule(_loan(1_000_099, date(2026, 1, 5), 1, 5_000, BULLET))
    assert plan[0].interest == 5_000


def test_interest_free_loan():
    plan = schedule(_loan(3_000_000, date(2026, 1, 5), 3, 0, DECLINING))
    assert [i.total for i in plan] == [1_000_000] * 3


def test_due_dates_clamp_to_month_end_and_come_back():
    plan = schedule(_loan(1_200_000, date(2026, 1, 31), 4, 5_000, DECLINING))
    assert [i.due for i in plan] == [
        date(2026, 2, 28),
        date(2026, 3, 31),
        date(2026, 4, 30),
        date(2026, 5, 31),
    ]
    leap = schedule(_loan(1_200_000, date(2028, 1, 31), 1, 5_000, DECLINING))
    assert leap[0].due == date(2028, 2, 29)


def test_due_dates_cross_the_year_end():
    plan = schedule(_loan(1_200_000, date(2026, 11, 30), 3, 5_000, DECLINING))
    assert [i.due for i in plan] == [date(2026, 12, 30), date(2027, 1, 30), date(2027, 2, 28)]


@pytest.mark.parametrize(
    ("amount", "term", "ppm"), [(0, 12, 5_000), (-1, 12, 5_000), (1_000, 0, 5_000), (1_000, 12, -1)]
)
def test_impossible_loans_are_refused(amount, term, ppm):
    with pytest.raises(ValueError):
        _loan(amount, date(2026, 1, 1), term, ppm, DECLINING)


# --- status -------------------------------------------------------------------


def test_bullet_loan_one_month_of_interest_late():
    loan = _loan(10_000_000, date(2026, 7, 17), 12, 8_000, BULLET)
    status = loan_status(loan, principal_paid=0, interest_paid=240_000, today=date(2026, 11, 20))
    assert status.outstanding == 10_000_000
    assert status.overdue_since == date(2026, 11, 17)
    assert status.overdue_amount == 80_000
    assert status.days_overdue == 3
    assert status.next_installment == Installment(5, date(2026, 12, 17), 0, 80_000)
    assert status.closed is False


def test_declining_loan_months_behind():
    loan = _loan(5_000_000, date(2026, 2, 17), 12, 5_000, DECLINING)
    status = loan_status(
        loan,
        principal_paid=3 * 416_666,
        interest_paid=25_000 + 22_917 + 20_833,
        today=date(2026, 11, 20),
    )
    assert status.outstanding == 3_750_002
    assert status.principal_paid == 1_249_998
    assert status.interest_paid == 68_750
    assert status.overdue_since == date(2026, 6, 17)
    assert status.days_overdue == 156
    # Installments 4 to 9 (17/06 to 17/11) are unpaid.
    plan = schedule(loan)
    assert status.overdue_amount == sum(i.total for i in plan[3:9])
    assert status.next_installment == plan[9]
    assert status.next_installment.due == date(2026, 12, 17)
    assert status.closed is False


def test_loan_paid_up_to_date_is_not_overdue():
    loan = _loan(5_000_000, date(2026, 2, 17), 12, 5_000, DECLINING)
    plan = schedule(loan)
    paid = plan[:3]
    status = loan_status(
        loan,
        principal_paid=sum(i.principal for i in paid),
        interest_paid=sum(i.interest for i in paid),
        today=date(2026, 5, 20),
    )
    assert status.overdue_amount == 0
    assert status.overdue_since is None
    assert status.days_overdue == 0
    assert status.next_installment == plan[3]


def test_installment_due_today_is_not_overdue():
    loan = _loan(5_000_000, date(2026, 2, 17), 12, 5_000, DECLINING)
    plan = schedule(loan)
    status = loan_status(loan, principal_paid=0, interest_paid=0, today=date(2026, 3, 17))
    assert status.overdue_amount == 0
    assert status.overdue_since is None
    assert status.next_installment == plan[0]
    late = loan_status(loan, principal_paid=0, interest_paid=0, today=date(2026, 3, 18))
    assert late.overdue_amount == 441_666
    assert late.overdue_since == date(2026, 3, 17)
    assert late.days_overdue == 1
    assert late.next_installment == plan[1]


def test_interest_paid_but_principal_short_is_overdue():
    loan = _loan(5_000_000, date(2026, 2, 17), 12, 5_000, DECLINING)
    status = loan_status(
        loan, principal_paid=400_000, interest_paid=25_000, today=date(2026, 3, 20)
    )
    assert status.overdue_amount == 16_666
    assert status.overdue_since == date(2026, 3, 17)


def test_paying_ahead_covers_later_installments():
    loan = _loan(5_000_000, date(2026, 2, 17), 12, 5_000, DECLINING)
    status = loan_status(
        loan, principal_paid=2_000_000, interest_paid=100_000, today=date(2026, 4, 20)
    )
    assert status.overdue_amount == 0
    assert status.overdue_since is None
    assert status.outstanding == 3_000_000


def test_fully_repaid_loan_is_closed():
    loan = _loan(10_000_000, date(2026, 7, 17), 6, 8_000, BULLET)
    status = loan_status(
        loan, principal_paid=10_000_000, interest_paid=480_000, today=date(2027, 3, 1)
    )
    assert status.closed is True
    assert status.outstanding == 0
    assert status.overdue_amount == 0
    assert status.overdue_since is None
    assert status.next_installment is None


def test_principal_repaid_but_interest_owed_is_not_closed():
    loan = _loan(10_000_000, date(2026, 7, 17), 6, 8_000, BULLET)
    status = loan_status(
        loan, principal_paid=10_000_000, interest_paid=400_000, today=date(2027, 3, 1)
    )
    assert status.closed is False
    assert status.outstanding == 0
    assert status.overdue_amount == 80_000
    assert status.overdue_since == date(2027, 1, 17)
    assert status.next_installment is None  # the term has ended


def test_before_the_first_installment():
    loan = _loan(5_000_000, date(2026, 4, 17), 12, 5_000, DECLINING)
    status = loan_status(loan, 0, 0, today=date(2026, 4, 17))
    assert status.outstanding == 5_000_000
    assert status.overdue_amount == 0
    assert status.next_installment == Installment(1, date(2026, 5, 17), 416_666, 25_000)
    assert status.closed is False


# --- reading the book ---------------------------------------------------------


def test_method_labels():
    assert METHOD_LABELS == {
        DECLINING: "gốc lãi hằng tháng",
        BULLET: "lãi hằng tháng, gốc cuối kỳ",
    }


@pytest.mark.parametrize(
    ("text", "method"),
    [
        ("gốc lãi hằng tháng", DECLINING),
        ("Gốc lãi hàng tháng", DECLINING),
        ("goc lai hang thang", DECLINING),
        ("lãi hằng tháng, gốc cuối kỳ", BULLET),
        ("Lãi hằng tháng gốc cuối kỳ", BULLET),
        ("  lai hang thang ,  goc cuoi ky ", BULLET),
        ("declining", DECLINING),
        ("bullet", BULLET),
    ],
)
def test_parse_method(text, method):
    assert parse_method(text) is method


@pytest.mark.parametrize("text", ["", "trả góp", "gốc cuối kỳ"])
def test_parse_method_refuses(text):
    with pytest.raises(ValueError):
        parse_method(text)


@pytest.mark.parametrize(
    ("value", "ppm"),
    [
        (0.5, 5_000),
        ("0,5", 5_000),
        ("0.5%", 5_000),
        ("0,5 %/tháng", 5_000),
        ("1", 10_000),
        (1, 10_000),
        (0.8, 8_000),
        ("0,65", 6_500),
        (0, 0),
        (10, 100_000),
    ],
)
def test_parse_rate_ppm(value, ppm):
    assert parse_rate_ppm(value) == ppm


@pytest.mark.parametrize(
    "value", [-0.5, "-1", "abc", "", None, True, 10.5, "50", 0.005, float("nan"), float("inf")]
)
def test_parse_rate_refuses(value):
    with pytest.raises(ValueError):
        parse_rate_ppm(value)
