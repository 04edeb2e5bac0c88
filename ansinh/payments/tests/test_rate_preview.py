"""The rate-change preview counts the people a payment list pays: the same number of regular lines and
the same monthly total as the list of the month. 5.5b/5.5c, ended in the law on 30/06/2025 (replaced by
the social pension), are neither paid nor counted after that (issue 15)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db.models import Sum
from django.test import Client
from django.urls import reverse

from ansinh.core.months import YearMonth
from ansinh.payments.actions import payroll_generate
from ansinh.payments.models import LineKind, PayrollLine
from ansinh.payments.tests.conftest import beneficiary, entitle, person
from ansinh.rules.models import Parameter

pytestmark = pytest.mark.django_db

START = YearMonth(2025, 1)


@pytest.fixture
def register(lucnam):
    """People of the communes of 01/07/2025 (the lists of 2026 are made only for communes in force)."""
    lucnam.units["07444"], lucnam.units["07519"] = lucnam["07444@2025"], lucnam["07519@2025"]
    beneficiary(lucnam.doi_ngo, "Nguyễn Văn An", category="5.5b", coefficient="1.0", start=START)
    beneficiary(lucnam.doi_ngo, "Trần Thị Bình", category="5.5c", coefficient="1.0", start=START)
    beneficiary(lucnam.cam_ly, "Lê Văn Cường", category="5.5c", coefficient="1.0", start=START)
    beneficiary(lucnam.cam_ly, "Phạm Thị Dung", category="5.6", coefficient="2.5", start=START)
    two = person(lucnam.doi_ngo, "Hoàng Văn Em")  # two categories: two lines, one person
    entitle(two, category="5.6", coefficient="2.0", start=START)
    entitle(two, category="5.3", coefficient="1.0", start=START)
    beneficiary(lucnam.doi_ngo, "Đỗ Văn Gia", category="5.6", coefficient="2.0", start=START, end=YearMonth(2025, 9))
    dead = person(lucnam.cam_ly, "Vũ Thị Hà", life_status="dead", death_date=date(2025, 3, 10))
    entitle(dead, category="5.6", coefficient="2.0", start=START)


def _preview(user):
    parameter = Parameter.objects.get(key="standard_rate.national", valid_from=date(2026, 7, 1))
    data = {
        "key": parameter.key,
        "value": "600000",
        "valid_from": "01/07/2026",
        "valid_to": "",
        "source": parameter.source_id,
        "clause": "Điều 1",
        "confidence": "confirmed",
        "note": "",
        "reason": "Xem trước mức mới",
        "preview": "1",
    }
    client = Client()
    client.force_login(user)
    return client.post(reverse("rules:parameter_edit", args=[parameter.pk]), data)


def test_the_preview_totals_are_those_of_the_payment_list_of_the_month(actors, register, before_the_reform):
    response = _preview(actors.labour_head)
    assert response.status_code == 200
    [segment] = response.context["preview"]
    payroll_generate(actor=None, month=segment.counted)  # the system: a month of either flow
    regular = PayrollLine.objects.filter(month=segment.counted.first_day, kind=LineKind.REGULAR)

    assert regular.count() == segment.lines == 3
    assert regular.values("person_id").distinct().count() == segment.people == 2
    assert regular.aggregate(total=Sum("total"))["total"] == segment.old_total
    assert segment.new_total == Decimal(600_000) * (Decimal("2.5") + 2 + 1)
    content = response.content.decode()
    assert "Danh sách người hưởng sẽ có khi có sổ đối tượng" not in content
    assert "2 người hưởng (3 dòng chi hằng tháng)" in content


def test_categories_ended_in_law_are_neither_paid_nor_counted(actors, register, before_the_reform):
    response = _preview(actors.labour_head)
    [segment] = response.context["preview"]
    counted = {row.code for row in segment.rows if row.count}
    payroll_generate(actor=None, month=segment.counted)  # the system: a month of either flow

    assert counted == {"5.6", "5.3"}
    assert not PayrollLine.objects.filter(category_code__in=["5.5b", "5.5c"]).exists()
