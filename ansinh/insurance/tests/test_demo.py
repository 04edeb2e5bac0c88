"""The BHYT demo: a received list with half its cards, last month's list sent."""

from __future__ import annotations

from datetime import date

import pytest

from ansinh.insurance.models import BhytList, HealthCard, ListStatus
from ansinh.web import demo_insurance, demo_payments
from ansinh.web.demo import _demo_user, demo_users

pytestmark = pytest.mark.django_db


def test_seed_insurance_demo_is_complete_and_idempotent(lucnam, today_is):
    today_is(date(2026, 9, 10))
    wanted = set(demo_payments.USERNAMES.values()) | set(demo_insurance.USERNAMES.values())
    for spec in demo_users():
        if spec.username in wanted:
            _demo_user(spec)
    demo_payments.seed_payments_demo(today=date(2026, 9, 10))
    result = demo_insurance.seed_insurance_demo(today=date(2026, 9, 10))
    assert result == {"bhyt_lists": 2, "bhyt_cards": 4}
    may, august = BhytList.objects.get(month=date(2026, 5, 1)), BhytList.objects.get(month=date(2026, 8, 1))
    assert (may.status, august.status) == (ListStatus.RECEIVED, ListStatus.SENT)
    assert may.lines.filter(direction="increase").count() == 8
    assert HealthCard.objects.count() == 4
    assert demo_insurance.seed_insurance_demo(today=date(2026, 9, 10)) == {"bhyt_lists": 0}
