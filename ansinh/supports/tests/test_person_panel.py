"""The person page lists every one-off and education support with its amount and decision (supports panel)."""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from ansinh.cases.models import DecisionKind, OneOffSupport
from ansinh.core.months import YearMonth
from ansinh.payments.tests.conftest import decision
from ansinh.supports.actions import education_decide, enrolment_answer, enrolments_list
from ansinh.supports.tests.test_education import line, student

pytestmark = pytest.mark.django_db


def test_the_person_page_shows_supports_across_programmes(actors, lucnam, today_is):
    today_is(date(2024, 10, 7))
    an = student(actors, lucnam.doi_ngo, "Hoàng Thị An", "024305000001")
    enrolment = enrolments_list(actor=actors.vocational_officer, rows=[line(an.full_name, an.citizen_id)])[0]
    enrolment_answer(actor=actors.own_commune_officer, enrolment=enrolment, confirm=True)
    decided = education_decide(actor=actors.labour_head, enrolments=[enrolment])
    OneOffSupport.objects.create(
        person=an,
        kind="cremation",
        amount=10_000_000,
        payee_name="Hoàng Văn Bố",
        decision=decision(lucnam.doi_ngo, kind=DecisionKind.CREMATION, month=YearMonth(2024, 11)),
        payable_month=date(2024, 11, 1),
        commune=lucnam.doi_ngo,
        province_code="24",
    )
    client = Client()
    client.force_login(actors.own_commune_officer)
    page = client.get(reverse("registry:person_detail", args=[an.pk])).content.decode()
    assert 'data-testid="person-supports"' in page
    assert "Năm học 2024-2025, lần 1: 5 tháng" in page and "7.020.000 đ" in page and decided.number in page
    assert "Hỗ trợ chi phí hỏa táng" in page and "10.000.000 đ" in page and "chưa xác nhận" in page

    client.force_login(actors.other_commune_officer)  # the person is not theirs: no page at all
    assert client.get(reverse("registry:person_detail", args=[an.pk])).status_code == 404


def test_home_pages_remind_each_office_of_its_step(actors, lucnam, today_is):
    today_is(date(2024, 10, 7))
    an = student(actors, lucnam.doi_ngo, "Hoàng Thị An", "024305000001")
    binh = student(actors, lucnam.doi_ngo, "Lý Văn Bình", "024305000002")
    listed = enrolments_list(
        actor=actors.vocational_officer, rows=[line(an.full_name, an.citizen_id), line(binh.full_name, binh.citizen_id)]
    )
    enrolment_answer(actor=actors.own_commune_officer, enrolment=listed[0], confirm=True)
    client = Client()
    for actor, text in [
        (actors.own_commune_officer, "1 người học chờ xã xác nhận"),
        (actors.vocational_officer, "1 học sinh, sinh viên của trung tâm chờ xã xác nhận"),
        (actors.labour_head, "1 người học đã được xác nhận, chờ quyết định"),
    ]:
        client.force_login(actor)
        assert text in client.get(reverse("web:home")).content.decode()
    client.force_login(actors.other_commune_officer)
    assert 'data-testid="support-reminders"' not in client.get(reverse("web:home")).content.decode()
