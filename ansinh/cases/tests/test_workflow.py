"""The grant workflow as data: every transition, who may make it, maker ≠ checker, deadlines in
working days, refusals that change nothing (issue 5 groundwork)."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ansinh.audit.models import AuditEvent
from ansinh.cases.actions import dossier_open, dossier_transition, due_date
from ansinh.cases.models import DossierStep
from ansinh.core.access import Role
from ansinh.registry.actions import person_create
from ansinh.registry.validation import PersonInput
from tests.fixtures import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def dossier(actors, lucnam):
    person = person_create(
        actor=actors.own_commune_officer,
        data=PersonInput(full_name="Vũ Thị Già", sex="female", birth_date=date(1940, 1, 1)),
        commune=lucnam.doi_ngo,
    )
    return dossier_open(actor=actors.own_commune_officer, person=person, kind="grant", category_code="5.5a")


def test_a_grant_goes_from_intake_to_decision(dossier, actors):
    steps = [
        ("submit", actors.own_commune_officer, "reviewing"),
        ("post", actors.own_commune_officer, "posted"),
        ("propose", actors.own_commune_chair, "proposed"),
        ("appraise", actors.labour_officer, "appraised"),
        ("decide", actors.district_chair, "decided"),
    ]
    for name, actor, state in steps:
        dossier = dossier_transition(actor=actor, dossier=dossier, name=name)
        assert dossier.state == state
    assert dossier.due_on is None
    assert list(DossierStep.objects.filter(dossier=dossier).values_list("transition", flat=True)) == [
        s[0] for s in steps
    ]
    assert AuditEvent.objects.filter(action__startswith="cases.dossier_").count() == 6


def test_a_second_click_changes_nothing(dossier, actors):
    dossier_transition(actor=actors.own_commune_officer, dossier=dossier, name="submit")
    with pytest.raises(ValidationError, match="Không có gì thay đổi"):
        dossier_transition(actor=actors.own_commune_officer, dossier=dossier, name="submit")
    assert DossierStep.objects.filter(dossier=dossier).count() == 1


def test_each_step_belongs_to_its_office_and_role(dossier, actors):
    dossier_transition(actor=actors.own_commune_officer, dossier=dossier, name="submit")
    for actor in (actors.other_commune_officer, actors.labour_officer, actors.own_commune_chair, actors.admin):
        with pytest.raises(PermissionDenied):
            dossier_transition(actor=actor, dossier=dossier, name="post")
    assert DossierStep.objects.filter(dossier=dossier).count() == 1


def test_the_maker_of_a_step_cannot_check_it(dossier, actors, lucnam):
    both = make_user("xa.kiem", "ubnd-07444-1997", Role.OFFICER, Role.CHAIR)
    dossier_transition(actor=actors.own_commune_officer, dossier=dossier, name="submit")
    dossier_transition(actor=both, dossier=dossier, name="post")

    with pytest.raises(ValidationError, match="người lập và người duyệt phải khác nhau"):
        dossier_transition(actor=both, dossier=dossier, name="propose")
    dossier.refresh_from_db()
    assert dossier.state == "posted"


def test_a_return_needs_a_reason(dossier, actors):
    for name, actor in (
        ("submit", actors.own_commune_officer),
        ("post", actors.own_commune_officer),
        ("propose", actors.own_commune_chair),
    ):
        dossier = dossier_transition(actor=actor, dossier=dossier, name=name)
    with pytest.raises(ValidationError):
        dossier_transition(actor=actors.labour_officer, dossier=dossier, name="return", reason=" ")

    dossier = dossier_transition(actor=actors.labour_officer, dossier=dossier, name="return", reason="Thiếu tờ khai 1c")

    assert dossier.state == "reviewing"
    assert dossier.steps.last().reason == "Thiếu tờ khai 1c"


def test_deadlines_count_working_days_from_the_dated_parameter():
    # Public posting: 2 working days (NĐ 20/2021 Art 8(1)); Friday 9/2/2024 falls in Tết (8–14/2).
    assert due_date("deadline.public_posting", date(2024, 3, 1)) == date(2024, 3, 5)
    assert due_date("deadline.labour_appraisal", date(2024, 2, 7)) == date(2024, 2, 23)
    assert due_date(None, date(2024, 3, 1)) is None
