"""The home page reminds each office of the payment work waiting: authorisations about to expire, open
recoveries, payments to the wrong person, late post-office reports (journeys.md)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ansinh.core.access import Role
from ansinh.core.months import YearMonth
from ansinh.payments.actions import authorisation_create, payroll_generate
from ansinh.payments.models import Recovery
from ansinh.payments.tests.conftest import beneficiary, run_month
from tests.fixtures import make_user

pytestmark = pytest.mark.django_db


def home_of(user) -> str:
    client = Client()
    client.force_login(user)
    return client.get(reverse("web:home")).content.decode()


def test_the_commune_is_reminded_of_expiring_authorisations_and_open_recoveries(actors, lucnam):
    """In a commune of 01/07/2025 (the lists of recent months are made only for communes in force)."""
    commune = lucnam["07444@2025"]
    actors = replace(
        actors,
        own_commune_officer=make_user("xa.lucnam", "ubnd-07444-2025", Role.OFFICER),
        own_commune_chair=make_user("xa.lucnam.ct", "ubnd-07444-2025", Role.CHAIR),
    )
    today = timezone.localdate()
    who, _ = beneficiary(commune, "Nguyễn Văn An", start=YearMonth.of(today).add(-3))
    authorisation_create(
        actor=actors.own_commune_officer,
        person=who,
        authorised_name="Nguyễn Thị Hồng",
        reference="GUQ 01",
        valid_from=today - timedelta(days=60),
        valid_to=today + timedelta(days=10),
        relation="Con gái",
    )
    assert "1 giấy ủy quyền sắp hết hạn" in home_of(actors.own_commune_officer)
    for back in (3, 2, 1):
        run_month(actors, YearMonth.of(today).add(-back), commune=commune)
    who.life_status, who.death_date = "dead", YearMonth.of(today).add(-3).first_day
    who.save()
    payroll_generate(actor=actors.own_commune_officer, month=YearMonth.of(today))  # the commune's month
    # the two months after the death, and the month of the death too: paid "in person" on the 5th to a man
    # dead since the 1st (issue 12)
    assert Recovery.objects.filter(person=who).count() == 3

    html = home_of(actors.own_commune_officer)
    assert "1 giấy ủy quyền sắp hết hạn" in html and "3 khoản thu hồi chưa xong" in html
    assert "Cẩm Lý" not in html.split('data-testid="payment-reminders"')[1].split("</section>")[0]
    assert "khoản thu hồi chưa xong" not in home_of(actors.other_commune_officer)  # Cẩm Lý has none
    post = home_of(actors.post_office_officer)  # its own work: the monthly reports it owes, no recoveries
    assert "3 danh sách bưu điện chưa báo cáo quá hạn" in post and "thu hồi" not in post
    assert 'data-testid="payment-reminders"' not in home_of(actors.culture_officer)  # reads no lists


def test_nothing_waiting_shows_nothing(actors, lucnam):
    beneficiary(lucnam.doi_ngo, "Nguyễn Văn An", start=YearMonth.of(timezone.localdate()))
    assert 'data-testid="payment-reminders"' not in home_of(actors.own_commune_officer)
