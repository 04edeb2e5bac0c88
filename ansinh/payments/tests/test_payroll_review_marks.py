"""The payment list marks each line whose amount differs from the law (issue 14, periodic review)."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from ansinh.audit.models import AuditEvent
from ansinh.cases.tests.test_review import CASES, make
from ansinh.core.months import YearMonth
from ansinh.payments.actions import payroll_approve
from ansinh.payments.models import PayrollStatus
from ansinh.payments.tests.conftest import run_month

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("before_the_reform")]  # the district flow (conftest)


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


def test_approving_a_list_with_differences_needs_an_acknowledged_reason(lucnam, actors):
    make(CASES["elderly poor turns 80"], lucnam, actors, name="Cụ Tám Mươi")
    make(CASES["orphan turns 4"], lucnam, actors, name="Cháu Bốn Tuổi")
    payroll = run_month(actors, YearMonth(2024, 8), commune=lucnam.doi_ngo, pay=False)
    head = Client()
    head.force_login(actors.labour_head)
    page = head.get(reverse("payments:payroll_detail", args=[payroll.pk])).content.decode()
    assert 'data-testid="approve-acknowledgement"' in page
    assert "Còn 2 dòng khác quy định" in page

    with pytest.raises(ValidationError, match="Danh sách còn 2 dòng có số tiền khác quy định"):
        payroll_approve(actor=actors.labour_head, payroll=payroll, acknowledgement="  ")
    response = head.post(reverse("payments:payroll_approve", args=[payroll.pk]), follow=True)
    assert "hãy lập hồ sơ điều chỉnh, thôi hưởng trước, hoặc ghi lý do vẫn duyệt" in response.content.decode()
    payroll.refresh_from_db()
    assert payroll.status == PayrollStatus.DRAFT
    assert not AuditEvent.objects.filter(action="payments.payroll_approve").exists()

    head.post(
        reverse("payments:payroll_approve", args=[payroll.pk]),
        {"ly_do_chap_nhan": "Đã lập hồ sơ điều chỉnh, chi bù tháng sau"},
    )
    payroll.refresh_from_db()
    assert payroll.status == PayrollStatus.APPROVED
    event = AuditEvent.objects.get(action="payments.payroll_approve")
    assert event.after["review"] == {
        "differences": 2,
        "reasons": {"age_4": 1, "age_80": 1},
        "acknowledgement": "Đã lập hồ sơ điều chỉnh, chi bù tháng sau",
    }


def test_a_list_without_differences_is_approved_as_before(lucnam, actors):
    make(CASES["5.5a at 85 paid 2.0 is right"], lucnam, actors, name="Cụ Đúng Mức")
    payroll = run_month(actors, YearMonth(2024, 8), commune=lucnam.doi_ngo, pay=False)
    head = Client()
    head.force_login(actors.labour_head)
    assert (
        'data-testid="approve-acknowledgement"'
        not in head.get(reverse("payments:payroll_detail", args=[payroll.pk])).content.decode()
    )

    approved = payroll_approve(actor=actors.labour_head, payroll=payroll)

    assert approved.status == PayrollStatus.APPROVED
    assert "review" not in AuditEvent.objects.get(action="payments.payroll_approve").after
