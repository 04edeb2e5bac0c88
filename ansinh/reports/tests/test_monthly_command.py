"""`manage.py report monthly` (contracts.md §7): the figures of a month, written nowhere, and money
conserved with `manage.py payroll generate` for the same month and territory."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ansinh.audit.models import AuditEvent
from ansinh.cases.models import Entitlement
from ansinh.core.months import YearMonth
from ansinh.payments.actions import payroll_approve
from ansinh.payments.models import PayrollLine, PayrollMonth, Recovery
from ansinh.payments.tests.conftest import ACKNOWLEDGED, beneficiary, funeral, pay_all, run_month

pytestmark = pytest.mark.usefixtures("before_the_reform")  # the district flow (conftest)

JULY = YearMonth(2024, 7)


def command(name: str, *args: str) -> dict:
    out = StringIO()
    call_command(name, *args, stdout=out)
    lines = out.getvalue().strip().splitlines()
    assert len(lines) == 1
    return json.loads(lines[0])


def report(*args: str) -> dict:
    return command("report", "monthly", *args)


def generate(*args: str) -> dict:
    return command("payroll", "generate", *args)


def snapshot() -> tuple[int, ...]:
    return (
        PayrollMonth.objects.count(),
        PayrollLine.objects.count(),
        Recovery.objects.count(),
        AuditEvent.objects.count(),
    )


def register(lucnam):
    """Two people in Đồi Ngô (one from July, one ending in July), one in Cẩm Lý, a funeral in July."""
    an, _ = beneficiary(lucnam.doi_ngo, "Nguyễn Văn An", coefficient="1.5", start=YearMonth(2024, 5))
    beneficiary(lucnam.doi_ngo, "Trần Thị Bình", category="5.6a", coefficient="2.0", start=JULY)
    beneficiary(
        lucnam.doi_ngo, "Lê Văn Cường", coefficient="1.0", start=YearMonth(2024, 1), end=JULY
    )  # paid until June
    beneficiary(lucnam.cam_ly, "Phạm Văn Dũng", category="5.5b", coefficient="2.0", start=YearMonth(2024, 6))
    funeral(an, JULY, amount=7_200_000)


def test_figures_of_a_month_and_nothing_written(lucnam):
    register(lucnam)
    before = snapshot()
    figures = report("--month", "2024-07")
    assert snapshot() == before  # computed, not written: no list, no line, no event
    # 2024-07: standard rate 500.000 đ (NĐ 76/2024); due = 1.5×500k + 2.0×500k + 2.0×500k + 7.2 M funeral
    assert figures == {
        "month": "2024-07",
        "beneficiaries": {"5.5a": 1, "5.5b": 1, "5.6a": 1},
        "amount_due": 750_000 + 1_000_000 + 1_000_000 + 7_200_000,
        "amount_paid": 0,
        "increases": 1,  # Bình starts in July
        "decreases": 1,  # Cường stopped from July
    }
    assert report("--month", "2024-07", "--commune", "07519") == {
        "month": "2024-07",
        "beneficiaries": {"5.5b": 1},
        "amount_due": 1_000_000,
        "amount_paid": 0,
        "increases": 0,
        "decreases": 0,
    }


@pytest.mark.parametrize("scope", [(), ("--commune", "07444"), ("--commune", "07519")])
def test_amount_due_equals_payroll_total_before_and_after_the_lists(lucnam, scope):
    register(lucnam)
    predicted = report("--month", "2024-07", *scope)["amount_due"]
    generated = generate("--month", "2024-07", *scope)
    assert generated["total"] > 0
    assert report("--month", "2024-07", *scope)["amount_due"] == generated["total"] == predicted


def test_conservation_with_arrears_carried_lines_and_paid_amounts(lucnam, actors):
    """A month with an unpaid line carried over, arrears of a late decision and money paid."""
    an, _ = beneficiary(lucnam.doi_ngo, "Nguyễn Văn An", coefficient="1.5", start=YearMonth(2024, 5))
    beneficiary(lucnam.cam_ly, "Phạm Văn Dũng", category="5.5b", coefficient="2.0", start=YearMonth(2024, 5))
    run_month(actors, YearMonth(2024, 5), commune=lucnam.doi_ngo, unpaid=(an.pk,))
    pay_all(actors, PayrollMonth.objects.get(month=YearMonth(2024, 5).first_day, commune=lucnam.cam_ly))
    # a decision signed late, effective from May: two months of arrears in June
    beneficiary(lucnam.doi_ngo, "Trần Thị Bình", category="5.6a", coefficient="2.0", start=YearMonth(2024, 5))
    june = YearMonth(2024, 6)
    predicted = report("--month", "2024-06")["amount_due"]
    generated = generate("--month", "2024-06")
    kinds = set(PayrollLine.objects.filter(month=june.first_day).values_list("kind", flat=True))
    assert {"carried", "arrears", "regular"} <= kinds
    assert report("--month", "2024-06")["amount_due"] == generated["total"] == predicted
    # paid: May, the post office paid Dũng's line and not An's
    may = report("--month", "2024-05")
    paid = PayrollLine.objects.filter(month=YearMonth(2024, 5).first_day, paid_on__isnull=False)
    assert (
        may["amount_paid"] == sum(line.total for line in paid) == 720_000
    )  # Dũng: 2.0 × 360.000 đ (the rate before 07/2024)
    assert may["amount_due"] == 1_260_000  # An's 540.000 đ was due and not paid


def test_a_frozen_list_is_counted_as_it_was_approved(lucnam, actors):
    beneficiary(lucnam.doi_ngo, "Nguyễn Văn An", coefficient="1.5", start=JULY)
    generate("--month", "2024-07")
    payroll = PayrollMonth.objects.get(commune=lucnam.doi_ngo, month=JULY.first_day)
    payroll_approve(actor=actors.labour_head, payroll=payroll, acknowledgement=ACKNOWLEDGED)
    # a new entitlement after approval does not change the frozen list nor the amount due
    beneficiary(lucnam.doi_ngo, "Trần Thị Bình", coefficient="2.0", start=JULY)
    assert report("--month", "2024-07", "--commune", "07444")["amount_due"] == 750_000
    assert report("--month", "2024-07")["amount_due"] == 750_000
    assert report("--month", "2024-07")["beneficiaries"] == {"5.5a": 2}  # the register, not the list
    assert Entitlement.objects.count() == 2


def test_bad_input_is_refused_in_vietnamese(lucnam):
    register(lucnam)
    before = snapshot()
    with pytest.raises(CommandError, match="tháng không hợp lệ: 13"):
        report("--month", "2024-13")
    with pytest.raises(CommandError, match="tháng phải có dạng YYYY-MM"):
        report("--month", "07/2024")
    with pytest.raises(CommandError, match="không có xã mã '99999'"):
        report("--month", "2024-07", "--commune", "99999")
    assert snapshot() == before
