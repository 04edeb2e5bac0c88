"""Education instalments recorded as paid by the labour office (its own list, not the post office's): all or
none, only the status and the day change (the amount stays the decision's), audited."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from ansinh.audit.models import AuditEvent
from ansinh.supports.actions import education_decide, enrolment_answer, enrolments_list, instalments_pay
from ansinh.supports.models import Instalment, InstalmentStatus
from ansinh.supports.tests.test_education import line, student

pytestmark = pytest.mark.django_db


@pytest.fixture
def planned(actors, lucnam, today_is):
    today_is(date(2024, 10, 7))
    an = student(actors, lucnam.doi_ngo, "Hoàng Thị An", "024305000001")
    binh = student(actors, lucnam.doi_ngo, "Lý Văn Bình", "024305000002")
    listed = enrolments_list(
        actor=actors.vocational_officer, rows=[line(an.full_name, an.citizen_id), line(binh.full_name, binh.citizen_id)]
    )
    for enrolment in listed:
        enrolment_answer(actor=actors.own_commune_officer, enrolment=enrolment, confirm=True)
    education_decide(actor=actors.labour_head, enrolments=listed)
    return list(Instalment.objects.order_by("enrolment__person__full_name"))


def test_the_labour_office_records_who_was_paid(actors, planned, client, today_is):
    today_is(date(2024, 10, 20))
    an, binh = planned
    client.force_login(actors.labour_officer)
    page = client.get(reverse("supports:instalments") + "?nam_hoc=2024&lan=1").content.decode()
    assert f'name="ky" value="{an.pk}"' in page
    response = client.post(
        reverse("supports:instalments_pay"), {"nam_hoc": 2024, "lan": 1, "ky": [an.pk], "paid_on": "15/10/2024"}
    )
    assert response.status_code == 302 and "nam_hoc=2024" in response["Location"]
    an.refresh_from_db()
    binh.refresh_from_db()
    assert (an.status, an.paid_on, an.total) == (InstalmentStatus.PAID, date(2024, 10, 15), 7_020_000)
    assert binh.status == InstalmentStatus.PLANNED and binh.paid_on is None
    event = AuditEvent.objects.get(action="supports.instalments_pay")
    assert event.after["count"] == 1 and event.after["instalments"] == [an.pk]
    page = client.get(reverse("supports:instalments") + "?nam_hoc=2024&lan=1").content.decode()
    assert f'name="ky" value="{an.pk}"' not in page and "15/10/2024" in page


def test_paying_is_all_or_none(actors, planned, today_is):
    today_is(date(2024, 10, 20))
    an, binh = planned
    cases = (
        ([], date(2024, 10, 15), "Chọn ít nhất"),
        ([an.pk], None, "Nhập ngày chi"),
        ([an.pk], date(2024, 10, 25), "tương lai"),
        ([an.pk, binh.pk], date(2024, 9, 30), "trước tháng chi"),
    )
    for ids, day, message in cases:
        with pytest.raises(ValidationError, match=message):
            instalments_pay(actor=actors.labour_officer, instalment_ids=ids, paid_on=day)
    instalments_pay(actor=actors.labour_officer, instalment_ids=[an.pk], paid_on=date(2024, 10, 15))
    with pytest.raises(ValidationError, match="đã chi"):  # paid once only; Bình is not paid either
        instalments_pay(actor=actors.labour_officer, instalment_ids=[an.pk, binh.pk], paid_on=date(2024, 10, 16))
    assert Instalment.objects.filter(status=InstalmentStatus.PAID).count() == 1
    with pytest.raises(PermissionDenied, match="không có quyền"):
        instalments_pay(actor=actors.own_commune_officer, instalment_ids=[binh.pk], paid_on=date(2024, 10, 15))
    assert AuditEvent.objects.filter(action="supports.instalments_pay").count() == 1
