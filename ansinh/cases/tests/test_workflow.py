"""The grant workflow as data: every transition, who may make it, maker ≠ checker, deadlines in
working days, refusals that change nothing."""

from dataclasses import replace
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ansinh.audit.models import AuditEvent
from ansinh.cases.decisions import decision_sign
from ansinh.cases.dossiers import dossier_open
from ansinh.cases.models import Decision, DossierStep, Entitlement
from ansinh.cases.postings import posting_open
from ansinh.cases.steps import due_date
from ansinh.cases.tests.factories import elderly_poor, grant_until, open_grant, post_in_the_past
from ansinh.cases.transitions import dossier_transition
from ansinh.cases.workflow import FLOWS, flow_name_for
from ansinh.core.access import Role
from tests.fixtures import make_user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("before_the_reform")]  # the district flow (conftest)


@pytest.fixture
def dossier(actors, lucnam):
    person = elderly_poor(actors, lucnam.doi_ngo)
    dossier = dossier_open(actor=actors.own_commune_officer, person=person, kind="grant", category_code="5.5a")
    dossier.declaration["poor_household"] = True
    dossier.save()
    return dossier


def test_a_grant_goes_from_intake_to_decision(dossier, actors):
    dossier = grant_until(dossier, actors, "decide")
    assert dossier.state == "decided"
    assert dossier.due_on is None
    assert list(DossierStep.objects.filter(dossier=dossier).values_list("transition", flat=True)) == [
        "submit",
        "post",
        "propose",
        "appraise",
        "decide",
    ]
    assert dossier.decision.number == "1/QĐ-UBND"
    assert Entitlement.objects.get(person=dossier.person).category_code == "5.5a"
    assert AuditEvent.objects.filter(action__startswith="cases.dossier_").count() == 6


def test_a_second_click_changes_nothing(dossier, actors):
    dossier_transition(actor=actors.own_commune_officer, dossier=dossier, name="submit")
    with pytest.raises(ValidationError, match="Không có gì thay đổi"):
        dossier_transition(actor=actors.own_commune_officer, dossier=dossier, name="submit")
    assert DossierStep.objects.filter(dossier=dossier).count() == 1


def test_each_step_belongs_to_its_office_and_role(dossier, actors):
    dossier_transition(actor=actors.own_commune_officer, dossier=dossier, name="submit")
    for actor in (actors.other_commune_officer, actors.labour_officer, actors.own_commune_chair, actors.admin):
        with pytest.raises(PermissionDenied, match="không có quyền"):
            posting_open(actor=actor, dossiers=[dossier])
    for actor in (actors.own_commune_officer, actors.labour_officer, actors.district_chair, actors.post_office_officer):
        with pytest.raises(PermissionDenied, match="không có quyền"):
            dossier_transition(actor=actor, dossier=dossier, name="propose")
    assert DossierStep.objects.filter(dossier=dossier).count() == 1


def test_posting_goes_through_the_posting_list(dossier, actors):
    dossier_transition(actor=actors.own_commune_officer, dossier=dossier, name="submit")
    with pytest.raises(ValidationError, match="danh sách niêm yết"):
        dossier_transition(actor=actors.own_commune_officer, dossier=dossier, name="post")
    dossier.refresh_from_db()
    assert dossier.state == "reviewing"


def test_the_maker_of_a_step_cannot_check_it(dossier, actors, lucnam):
    both = make_user("xa.kiem", "ubnd-07444-1997", Role.OFFICER, Role.CHAIR)
    dossier_transition(actor=actors.own_commune_officer, dossier=dossier, name="submit")
    post_in_the_past(both, [dossier])

    with pytest.raises(ValidationError, match="người lập và người duyệt phải khác nhau"):
        dossier_transition(actor=both, dossier=dossier, name="propose")
    dossier.refresh_from_db()
    assert dossier.state == "posted"


def test_the_appraiser_cannot_sign_the_decision(dossier, actors):
    appraiser = make_user("huyen.kiem", "ldtbxh-218", Role.OFFICER)
    dossier = grant_until(dossier, actors, "propose")
    dossier = dossier_transition(actor=appraiser, dossier=dossier, name="appraise")

    with pytest.raises(PermissionDenied, match="không có quyền"):  # in the 2024 flow signing is the district chair's
        dossier_transition(actor=appraiser, dossier=dossier, name="decide")
    with pytest.raises(PermissionDenied, match="không có quyền"):
        decision_sign(actor=appraiser, decision=dossier.decision)

    dossier.refresh_from_db()
    assert dossier.state == "appraised" and dossier.decision.status == "draft"


def test_a_commune_user_who_appraised_cannot_sign_in_the_commune_flow(actors, lucnam, today_is):
    """From 2025 the commune appraises and its chair decides: one account may hold both roles, but
    whoever appraised a dossier may not sign its decision."""
    today_is(date(2025, 9, 15))
    actors = replace(
        actors,
        own_commune_officer=make_user("xa.lucnam", "ubnd-07444-2025", Role.OFFICER),
        own_commune_chair=make_user("xa.lucnam.ct", "ubnd-07444-2025", Role.CHAIR),
    )
    both = make_user("xa.kiem", "ubnd-07444-2025", Role.OFFICER, Role.CHAIR)
    someone = elderly_poor(actors, lucnam["07444@2025"])  # a commune of 01/07/2025: the commune flow by date
    dossier = open_grant(actors, someone, declaration={"poor_household": True})
    dossier_transition(actor=actors.own_commune_officer, dossier=dossier, name="submit")
    post_in_the_past(actors.own_commune_officer, [dossier])
    dossier = dossier_transition(actor=both, dossier=dossier, name="appraise")

    with pytest.raises(ValidationError, match="người lập và người duyệt phải khác nhau"):
        dossier_transition(actor=both, dossier=dossier, name="decide")
    with pytest.raises(ValidationError, match="người lập và người duyệt phải khác nhau"):
        decision_sign(actor=both, decision=dossier.decision)

    dossier.refresh_from_db()
    assert dossier.state == "appraised" and dossier.decision.status == "draft"
    assert dossier_transition(actor=actors.own_commune_chair, dossier=dossier, name="decide").state == "decided"


def test_a_return_needs_a_reason(dossier, actors):
    dossier = grant_until(dossier, actors, "propose")
    with pytest.raises(ValidationError, match="Hãy ghi lý do"):
        dossier_transition(actor=actors.labour_officer, dossier=dossier, name="return", reason=" ")

    dossier = dossier_transition(actor=actors.labour_officer, dossier=dossier, name="return", reason="Thiếu tờ khai 1c")

    assert dossier.state == "reviewing"
    assert dossier.steps.last().reason == "Thiếu tờ khai 1c"


def test_a_refusal_drops_the_draft_decision(dossier, actors):
    dossier = grant_until(dossier, actors, "appraise")
    assert dossier.decision.status == "draft"
    with pytest.raises(ValidationError, match="Hãy ghi lý do"):
        dossier_transition(actor=actors.district_chair, dossier=dossier, name="refuse")
    dossier = dossier_transition(actor=actors.district_chair, dossier=dossier, name="refuse", reason="Có con nuôi")
    assert dossier.state == "refused"
    assert dossier.decision is None
    assert not Decision.objects.exists()
    assert not Entitlement.objects.exists()


def test_the_flow_follows_the_deployment_and_the_kind():
    assert flow_name_for("grant", "district") == "grant_district"
    assert flow_name_for("grant", "commune") == "grant_commune"
    assert flow_name_for("stop", "district") == "change_district"
    assert flow_name_for("funeral", "district") == "funeral_district"
    assert flow_name_for("move", "district", "within_district") == "move_district"
    assert flow_name_for("move", "district", "to_other_district") == "move_external_district"
    funeral = {t.name: t.next_deadline for t in FLOWS["funeral_district"]}
    assert funeral["submit"] == "deadline.funeral_commune"
    assert funeral["propose"] == "deadline.funeral_labour"


def test_deadlines_count_working_days_from_the_dated_parameter():
    # Public posting: 2 working days (NĐ 20/2021 Art 8(1)); Friday 9/2/2024 falls in Tết (8–14/2).
    assert due_date("deadline.public_posting", date(2024, 3, 1)) == date(2024, 3, 5)
    assert due_date("deadline.labour_appraisal", date(2024, 2, 7)) == date(2024, 2, 23)
    # Complaints: 10 working days; 29/4–1/5/2024 are days off, Saturday 4/5/2024 is worked.
    assert due_date("deadline.complaint_answer", date(2024, 4, 25)) == date(2024, 5, 13)
    # Moves (NĐ 20/2021 Art 9): 3 working days for the commune, 5 for a labour office from outside.
    assert due_date("deadline.move_commune", date(2024, 8, 30)) == date(2024, 9, 6)
    assert due_date("deadline.move_labour_external", date(2024, 3, 1)) == date(2024, 3, 8)
    assert due_date(None, date(2024, 3, 1)) is None
