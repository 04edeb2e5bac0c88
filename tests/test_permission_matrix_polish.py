"""Every page and action added by the polish of issues 17, 18 and 20, for every kind of actor and the anonymous
visitor (tests/permissions.py): refused requests change nothing."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from ansinh.inspections.models import RiskFactor
from ansinh.insurance.models import OtherScheme
from ansinh.payments.tests.conftest import person
from ansinh.supports.actions import education_decide, enrolment_answer, enrolments_list
from ansinh.supports.models import Instalment
from ansinh.supports.tests.test_education import line, student
from tests.permissions import LOGIN, Endpoint, check_allowed_write, check_endpoint

pytestmark = pytest.mark.django_db

EVERYONE = {
    "own_commune_officer", "own_commune_chair", "own_council_officer", "other_commune_officer", "labour_officer",
    "labour_head", "district_chair", "finance_officer", "social_insurance_officer", "post_office_officer",
    "culture_officer", "vocational_officer", "province_viewer", "admin",
}  # fmt: skip


def expect(**groups: tuple[set[str], int | str]) -> dict[str, int | str]:
    """Status per actor: the first group naming an actor wins; everyone must be named."""
    result: dict[str, int | str] = {"anonymous": LOGIN}
    for members, status in groups.values():
        for name in members:
            result.setdefault(name, status)
    assert set(result) == EVERYONE | {"anonymous"}, sorted(EVERYONE - set(result))
    return result


def test_the_other_supports_page_answers_everyone_without_a_login(actors, today_is):
    today_is(date(2024, 10, 1))
    everyone = dict.fromkeys([*EVERYONE, "anonymous"], 200)
    check_endpoint(Endpoint("outreach:other_supports", reverse("outreach:other_supports")), actors.named(), everyone)


SEES_PERSON = {"own_commune_chair", "own_council_officer", "labour_officer", "labour_head", "district_chair", "admin"}


@pytest.fixture
def other_scheme(lucnam, today_is):
    today_is(date(2024, 5, 10))
    who = person(lucnam.doi_ngo, "Đỗ Thị Hưu")
    return OtherScheme.objects.create(person=who, scheme="Hưu trí", valid_from=date(2024, 3, 1))


def test_ending_or_correcting_another_scheme(actors, other_scheme):
    url = reverse("insurance:other_scheme_change", args=[other_scheme.pk])
    view = Endpoint("insurance:other_scheme_change", url)
    check_endpoint(
        view,
        actors.named(),
        expect(officer=({"own_commune_officer"}, 200), readers=(SEES_PERSON, 403), others=(EVERYONE, 404)),
    )
    data = {"scheme": "Hưu trí", "valid_from": "01/03/2024", "valid_to": "30/04/2024", "reason": "Thôi hưởng"}
    submit = Endpoint("insurance:other_scheme_change", url, "POST", data)
    expected = expect(officer=({"own_commune_officer"}, 302), readers=(SEES_PERSON, 403), others=(EVERYONE, 404))
    refused = {name: status for name, status in expected.items() if status != 302}
    check_endpoint(submit, {name: actors.named()[name] for name in refused}, refused)
    check_allowed_write(submit, "own_commune_officer", actors.own_commune_officer)


def test_recording_education_instalments_paid(actors, lucnam, today_is):
    today_is(date(2024, 10, 7))
    learner = student(actors, lucnam.doi_ngo, "Hoàng Thị An", "024305000001")
    listed = enrolments_list(actor=actors.vocational_officer, rows=[line(learner.full_name, learner.citizen_id)])
    enrolment_answer(actor=actors.own_commune_officer, enrolment=listed[0], confirm=True)
    education_decide(actor=actors.labour_head, enrolments=listed)
    instalment = Instalment.objects.get()
    today_is(date(2024, 10, 20))
    data = {"nam_hoc": 2024, "lan": 1, "ky": [instalment.pk], "paid_on": "15/10/2024"}
    submit = Endpoint("supports:instalments_pay", reverse("supports:instalments_pay"), "POST", data)
    payers = {"labour_officer", "labour_head"}
    refused = {name: status for name, status in expect(o=(EVERYONE, 403)).items() if name not in payers}
    check_endpoint(submit, {name: actors.named()[name] for name in refused}, refused)
    for name in sorted(payers):
        check_allowed_write(submit, name, actors.named()[name])


INSPECTION_READERS = {
    "own_commune_officer", "own_commune_chair", "other_commune_officer", "labour_officer", "labour_head",
    "province_viewer", "admin",
}  # fmt: skip


def test_risk_weights(actors, lucnam, today_is):
    today_is(date(2024, 9, 15))
    check_endpoint(
        Endpoint("inspections:weights", reverse("inspections:weights")),
        actors.named(),
        expect(readers=(INSPECTION_READERS, 200), others=(EVERYONE, 403)),
    )
    factor = RiskFactor.objects.get(key="complaints")
    data = {"weight": "7", "cap": "", "reason": "Khiếu nại tăng"}
    submit = Endpoint("inspections:weight_change", reverse("inspections:weight_change", args=[factor.pk]), "POST", data)
    editors = {"labour_officer", "labour_head"}
    refused = {name: status for name, status in expect(o=(EVERYONE, 403)).items() if name not in editors}
    check_endpoint(submit, {name: actors.named()[name] for name in refused}, refused)
    for name in sorted(editors):
        check_allowed_write(submit, name, actors.named()[name])
