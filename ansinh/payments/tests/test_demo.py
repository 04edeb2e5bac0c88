"""The payments demo: last month reported with unpaid lines and a violation, this month in draft."""

from __future__ import annotations

from datetime import date

import pytest

from ansinh.payments.models import PayrollLine, PayrollMonth, PayrollStatus, PostOfficeReport
from ansinh.web.demo import _demo_user, demo_users
from ansinh.web.demo_payments import USERNAMES, seed_payments_demo

pytestmark = pytest.mark.django_db


def test_seed_payments_demo_is_complete_and_idempotent(lucnam):
    for spec in demo_users():
        if spec.username in USERNAMES.values():
            _demo_user(spec)
    assert seed_payments_demo(today=date(2024, 9, 10))["payroll_months"] == 2
    august = PayrollMonth.objects.get(month=date(2024, 8, 1))
    september = PayrollMonth.objects.get(month=date(2024, 9, 1))
    assert august.status == PayrollStatus.REPORTED and september.status == PayrollStatus.DRAFT
    lines = PayrollLine.objects.filter(payroll=august)
    assert lines.filter(not_paid_reason__gt="").count() == 2
    assert list(lines.filter(violation=True).values_list("paid_to_name", flat=True)) == ["Lý Văn Quen"]
    assert not lines.filter(paid_to_kind="authorised", violation=True).exists()
    assert PostOfficeReport.objects.get().unpaid_count == 2
    assert september.lines.filter(kind="carried").count() == 2
    rows = PayrollLine.objects.count()
    assert seed_payments_demo(today=date(2024, 9, 10)) == {"payroll_months": 0}
    assert PayrollLine.objects.count() == rows
