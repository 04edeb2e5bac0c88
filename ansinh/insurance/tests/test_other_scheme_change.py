"""Ending or correcting another BHYT scheme recorded on a person: audited with a reason; from the day after its
end the person is covered by the State again; bad input changes nothing."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from ansinh.audit.models import AuditEvent
from ansinh.core.months import YearMonth
from ansinh.insurance import coverage
from ansinh.insurance.actions import other_scheme_change
from ansinh.insurance.models import OtherScheme
from ansinh.payments.tests.conftest import entitle, person

pytestmark = pytest.mark.django_db


@pytest.fixture
def insured(lucnam, today_is):
    today_is(date(2024, 5, 10))
    who = person(lucnam.doi_ngo, "Đỗ Thị Hưu")
    entitle(who, start=YearMonth(2023, 1))
    return OtherScheme.objects.create(person=who, scheme="Hưu trí", valid_from=date(2024, 3, 1))


def test_ending_the_scheme_brings_the_person_back_on_the_state_list(actors, insured, client):
    who = insured.person
    assert who.pk not in coverage.covered_person_ids(YearMonth(2024, 5))
    client.force_login(actors.own_commune_officer)
    url = reverse("insurance:other_scheme_change", args=[insured.pk])
    page = client.get(url).content.decode()
    assert "Hưu trí" in page and "01/03/2024" in page
    response = client.post(
        url,
        {"scheme": "Hưu trí", "valid_from": "01/03/2024", "valid_to": "30/04/2024", "reason": "Thôi hưởng lương hưu"},
    )
    assert response.status_code == 302
    insured.refresh_from_db()
    assert insured.valid_to == date(2024, 4, 30)
    assert who.pk not in coverage.covered_person_ids(YearMonth(2024, 4))
    assert who.pk in coverage.covered_person_ids(YearMonth(2024, 5))
    assert (who.pk, "increase") in {(c.person_id, c.direction) for c in coverage.changes(YearMonth(2024, 5))}
    event = AuditEvent.objects.get(action="insurance.other_scheme_change")
    assert event.reason == "Thôi hưởng lương hưu"
    assert event.before["valid_to"] is None and event.after["valid_to"] == "2024-04-30"
    person_page = client.get(reverse("registry:person_detail", args=[who.pk])).content.decode()
    assert url in person_page and "30/04/2024" in person_page


def test_a_correction_needs_a_reason_and_a_change(actors, insured, client):
    client.force_login(actors.own_commune_officer)
    url = reverse("insurance:other_scheme_change", args=[insured.pk])
    cases = (
        ({"scheme": "Người có công", "valid_from": "01/03/2024", "reason": ""}, "Nêu lý do"),
        ({"scheme": "Hưu trí", "valid_from": "01/03/2024", "reason": "Sửa"}, "Chưa có gì thay đổi"),
        ({"scheme": "Hưu trí", "valid_from": "01/03/2024", "valid_to": "01/02/2024", "reason": "Sửa"}, "phải sau"),
    )
    for data, message in cases:
        response = client.post(url, data)
        assert response.status_code == 400 and message in response.content.decode()
    insured.refresh_from_db()
    assert (insured.scheme, insured.valid_to) == ("Hưu trí", None)
    assert not AuditEvent.objects.filter(action="insurance.other_scheme_change").exists()
    response = client.post(url, {"scheme": "Người có công", "valid_from": "01/03/2024", "reason": "Ghi nhầm đối tượng"})
    assert response.status_code == 302
    insured.refresh_from_db()
    assert insured.scheme == "Người có công"


def test_another_commune_cannot_change_it(actors, insured):
    with pytest.raises(PermissionDenied, match="không có quyền"):
        other_scheme_change(
            actor=actors.other_commune_officer,
            record=insured,
            scheme="Hưu trí",
            valid_from=date(2024, 3, 1),
            valid_to=date(2024, 4, 30),
            reason="Thử",
        )
