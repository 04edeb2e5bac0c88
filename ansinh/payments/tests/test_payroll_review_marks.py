"""The payment list marks each line whose amount differs from the law (issue 14, periodic review)."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from ansinh.cases.tests.test_review import CASES, make
from ansinh.core.months import YearMonth
from ansinh.payments.tests.conftest import run_month

pytestmark = pytest.mark.django_db


def test_a_line_paid_below_the_law_is_marked_with_its_reason(lucnam, actors):
    make(CASES["elderly poor turns 80"], lucnam, actors, name="Cụ Tám Mươi")
    make(CASES["5.5a at 85 paid 2.0 is right"], lucnam, actors, name="Cụ Đúng Mức")
    payroll = run_month(actors, YearMonth(2024, 8), commune=lucnam.doi_ngo, pay=False)
    client = Client()
    client.force_login(actors.labour_officer)

    html = client.get(reverse("payments:payroll_detail", args=[payroll.pk])).content.decode()

    rows = [row for row in html.split("<tr") if "Cụ Tám Mươi" in row or "Cụ Đúng Mức" in row]
    marked = {("Cụ Tám Mươi" in row, 'data-testid="review-badge"' in row) for row in rows}
    assert marked == {(True, True), (False, False)}
    assert "Đủ 80 tuổi" in html
    assert date(2024, 8, 1) == payroll.month
