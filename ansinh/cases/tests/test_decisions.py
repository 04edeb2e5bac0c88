"""Decisions (issue 5): appraisal with the calculator, numbering, signing once, and what each kind
of decision does to entitlements; batch decisions; the commune flow of 2025; month-by-month
amounts with their explanation."""

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from ansinh.accounts.models import DeploymentSettings
from ansinh.cases.decisions import decide_batch, decision_attach_scan, decision_sign
from ansinh.cases.dossiers import dossier_open
from ansinh.cases.effective import next_month
from ansinh.cases.models import Decision, DecisionLine, Dossier, Entitlement, OneOffSupport, Suspension
from ansinh.cases.numbering import next_decision_number
from ansinh.cases.policies import DecisionAction, decision_policy
from ansinh.cases.reports import report_death, report_move
from ansinh.cases.selectors import entitlement_months, person_months, standard_rate
from ansinh.cases.tests.factories import (
    change_until,
    disabled,
    elderly_poor,
    grant_until,
    open_grant,
    paper_entitlement,
    upload,
)
from ansinh.cases.transitions import dossier_transition
from ansinh.core.access import Role
from ansinh.core.months import YearMonth
from tests.fixtures import make_user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("before_the_reform")]  # the district flow (conftest)


def this_month() -> date:
    return timezone.localdate().replace(day=1)


def test_a_disability_grant_is_appraised_numbered_signed_once_and_applied(actors, lucnam):
    someone = disabled(actors, lucnam.doi_ngo, born=date(1990, 6, 1), certificate_date=date(2024, 3, 12))
    dossier = open_grant(actors, someone, category="5.6")
    from ansinh.cases.tests.factories import attach

    attach(actors, dossier, "disability_certificate")
    dossier = grant_until(dossier, actors, "appraise")

    calculation = dossier.calculation
    assert calculation["qualifies"] is True
    assert calculation["decided_coefficient"] == "1.5"
    assert any("Điều" in sentence for sentence in calculation["explanation"])
    draft = dossier.decision
    assert (draft.status, draft.number) == ("draft", "")
    with pytest.raises(PermissionDenied, match="không có quyền"):
        decision_sign(actor=actors.labour_officer, decision=draft)

    decision = decision_sign(actor=actors.district_chair, decision=draft)
    assert (decision.status, decision.number, decision.effective_month) == ("signed", "1/QĐ-UBND", date(2024, 3, 1))
    entitlement = Entitlement.objects.get(person=someone)
    assert (entitlement.category_code, entitlement.coefficient, entitlement.start_month) == (
        "5.6",
        Decimal("1.50"),
        date(2024, 3, 1),
    )
    line = DecisionLine.objects.get(decision=decision)
    assert line.amount == 540_000  # 360.000 × 1,5 in March 2024
    dossier.refresh_from_db()
    assert dossier.state == "decided"

    # A double approve produces one decision, one line, one entitlement.
    with pytest.raises(ValidationError, match="Không có gì thay đổi"):
        decision_sign(actor=actors.district_chair, decision=draft)
    with pytest.raises(ValidationError, match="Không có gì thay đổi"):
        dossier_transition(actor=actors.district_chair, dossier=dossier, name="decide")
    assert (Decision.objects.count(), DecisionLine.objects.count(), Entitlement.objects.count()) == (1, 1, 1)

    # The person's page: month by month with the amount and its explanation.
    months = entitlement_months(someone, YearMonth(2024, 6), YearMonth(2024, 7))
    assert [row.amount for row in months] == [540_000, 750_000]
    assert "500.000 đ × hệ số 1,5 = 750.000 đ" in " ".join(months[1].explanation)
    assert person_months(person=someone, until=date(2024, 4, 30))[0].month == YearMonth(2024, 3)

    # The signed scan, only once signed, by the deciding or labour office.
    with pytest.raises(PermissionDenied, match="không có quyền"):
        decision_attach_scan(actor=actors.finance_officer, decision=decision, upload=upload())
    decision_attach_scan(actor=actors.district_chair, decision=decision, upload=upload("qd.pdf"))
    assert Decision.objects.get(pk=decision.pk).scan_name == "qd.pdf"


def test_numbers_are_yearly_per_office(actors, lucnam):
    office = actors.district_chair.office_id
    assert next_decision_number(office, 2024) == (1, "1/QĐ-UBND")
    assert next_decision_number(office, 2024) == (2, "2/QĐ-UBND")
    assert next_decision_number(office, 2025) == (1, "1/QĐ-UBND")
    assert next_decision_number(actors.own_commune_chair.office_id, 2024) == (1, "1/QĐ-UBND")


def test_appraisal_refuses_an_unqualified_grant_without_a_coefficient(actors, lucnam):
    someone = elderly_poor(actors, lucnam.doi_ngo)  # no poor household recorded or declared
    dossier = grant_until(open_grant(actors, someone), actors, "propose")
    with pytest.raises(ValidationError, match="chưa đủ điều kiện"):
        dossier_transition(actor=actors.labour_officer, dossier=dossier, name="appraise")
    dossier.refresh_from_db()
    assert (dossier.state, dossier.decision_id, dossier.calculation) == ("proposed", None, {})


def test_a_batch_decision_lists_several_dossiers(actors, lucnam):
    dossiers = []
    for name in ("Một", "Hai"):
        someone = elderly_poor(actors, lucnam.doi_ngo, name=f"Bà {name}")
        dossiers.append(
            grant_until(open_grant(actors, someone, declaration={"poor_household": True}), actors, "appraise")
        )
    drafts = {d.decision_id for d in dossiers}

    decision = decide_batch(actor=actors.district_chair, dossiers=dossiers)

    assert decision.number == "1/QĐ-UBND"
    assert decision.lines.count() == 2
    assert not Decision.objects.filter(pk__in=drafts).exists()
    assert Entitlement.objects.filter(granted_by=decision).count() == 2
    assert set(Dossier.objects.values_list("state", flat=True)) == {"decided"}
    with pytest.raises(ValidationError, match="Chỉ gộp, ký được hồ sơ đã thẩm định"):
        decide_batch(actor=actors.district_chair, dossiers=dossiers)
    assert Decision.objects.count() == 1


def test_the_commune_flow_of_2025_has_the_commune_chair_decide(actors, lucnam, today_is):
    """Who decides is dated data (rules `authority.commune_decides`): a dossier of a commune of
    01/07/2025 opened today follows the commune flow."""
    today_is(date(2025, 9, 15))
    DeploymentSettings.objects.create(pk=1, name="Lục Nam", home_unit=lucnam.district)
    actors = replace(
        actors,
        own_commune_officer=make_user("xa.lucnam", "ubnd-07444-2025", Role.OFFICER),
        own_commune_chair=make_user("xa.lucnam.ct", "ubnd-07444-2025", Role.CHAIR),
    )
    someone = elderly_poor(actors, lucnam["07444@2025"])
    dossier = open_grant(actors, someone, declaration={"poor_household": True})
    assert dossier.flow == "grant_commune"
    dossier_transition(actor=actors.own_commune_officer, dossier=dossier, name="submit")
    from ansinh.cases.tests.factories import post_in_the_past

    post_in_the_past(actors.own_commune_officer, [dossier])
    dossier = dossier_transition(actor=actors.own_commune_officer, dossier=dossier, name="appraise")
    with pytest.raises(PermissionDenied, match="không có quyền"):
        dossier_transition(actor=actors.district_chair, dossier=dossier, name="decide")
    dossier = dossier_transition(actor=actors.own_commune_chair, dossier=dossier, name="decide")
    assert dossier.state == "decided"
    assert dossier.decision.issuing_office_id == actors.own_commune_chair.office_id
    assert decision_policy.can(actors.own_commune_chair, DecisionAction.VIEW, dossier.decision)


def test_adjust_suspend_and_resume_with_arrears(actors, lucnam):
    someone = elderly_poor(actors, lucnam.doi_ngo)
    old = paper_entitlement(someone, coefficient="1.5", start=date(2024, 5, 1))

    adjust = dossier_open(
        actor=actors.own_commune_officer,
        person=someone,
        kind="adjust",
        category_code="5.5a",
        coefficient="2.0",
        ground_date=date(2024, 8, 10),
    )
    adjust = change_until(adjust, actors, "decide")
    old.refresh_from_db()
    new = Entitlement.objects.get(person=someone, end_month__isnull=True)
    assert (old.end_month, new.start_month, new.coefficient) == (date(2024, 8, 1), date(2024, 8, 1), Decimal("2.00"))

    suspend = dossier_open(
        actor=actors.own_commune_officer, person=someone, kind="suspend", ground="unpaid_3_months",
        ground_date=date(2024, 10, 1),
    )  # fmt: skip
    change_until(suspend, actors, "decide")
    suspension = Suspension.objects.get(entitlement=new)
    assert (suspension.from_month, suspension.reason) == (date(2024, 10, 1), "unpaid_3_months")
    october = entitlement_months(someone, YearMonth(2024, 10), YearMonth(2024, 10))[0]
    assert (october.amount, october.suspended) == (0, True)
    with pytest.raises(ValidationError, match="đang bị tạm dừng"):
        dossier_open(actor=actors.own_commune_officer, person=someone, kind="suspend", ground="detention")

    resume = change_until(
        dossier_open(actor=actors.own_commune_officer, person=someone, kind="resume"), actors, "decide"
    )
    suspension.refresh_from_db()
    assert suspension.to_month == this_month() and suspension.arrears is True
    assert suspension.lifted_by_id == resume.decision_id
    october = entitlement_months(someone, YearMonth(2024, 10), YearMonth(2024, 10))[0]
    assert (october.amount, october.suspended) == (1_000_000, False)  # paid back: 500.000 × 2


def test_a_reported_death_is_stopped_and_funeral_support_decided(actors, lucnam):
    someone = elderly_poor(actors, lucnam.doi_ngo)
    entitlement = paper_entitlement(someone, start=date(2024, 5, 1))
    died = date(2024, 9, 14)
    stop = report_death(actor=actors.own_commune_officer, person=someone, died_on=died, source="Giấy chứng tử")

    stop = change_until(stop, actors, "decide")
    entitlement.refresh_from_db()
    assert entitlement.end_month == date(2024, 10, 1)
    assert entitlement.ended_by_id == stop.decision_id
    assert stop.decision.effective_month == date(2024, 10, 1)

    funeral = dossier_open(actor=actors.own_commune_officer, person=someone, kind="funeral")
    assert funeral.form_code == "04" and funeral.declaration["death_date"] == "2024-09-14"
    from ansinh.cases.dossiers import dossier_declare
    from ansinh.cases.tests.factories import attach

    dossier_declare(
        actor=actors.own_commune_officer,
        dossier=funeral,
        declaration={
            **funeral.declaration,
            "organiser_kind": "Hộ gia đình, cá nhân",
            "payee_name": "Vũ Văn Con",
            "payee_relation": "Con trai",
        },
    )
    attach(actors, funeral, "death_certificate")
    funeral = change_until(funeral, actors, "decide")
    support = OneOffSupport.objects.get(person=someone)
    assert support.amount == 20 * 500_000  # 20 × the standard rate in force on the day of death
    assert (support.payee_name, support.payable_month) == ("Vũ Văn Con", next_month(timezone.localdate()))
    with pytest.raises(ValidationError, match="mai táng"):
        dossier_open(actor=actors.own_commune_officer, person=someone, kind="funeral")


def test_a_move_within_the_district_continues_payment_at_the_new_commune(actors, lucnam):
    someone = elderly_poor(actors, lucnam.doi_ngo)
    old = paper_entitlement(someone, start=date(2024, 5, 1))
    moved = this_month() - timedelta(days=20)
    dossier = report_move(
        actor=actors.own_commune_officer, person=someone, moved_on=moved, target_commune=lucnam.cam_ly
    )

    dossier_transition(actor=actors.other_commune_officer, dossier=dossier, name="submit")
    from ansinh.accounts.models import Office
    from ansinh.core.access import Role
    from tests.fixtures import make_user

    camly_chair = make_user("xa.camly.ct", Office.objects.get(kind="commune", territory=lucnam.cam_ly).code, Role.CHAIR)
    dossier_transition(actor=camly_chair, dossier=dossier, name="propose")
    dossier_transition(actor=actors.labour_officer, dossier=dossier, name="appraise")
    dossier_transition(actor=actors.district_chair, dossier=dossier, name="decide")

    old.refresh_from_db()
    new = Entitlement.objects.get(person=someone, end_month__isnull=True)
    assert old.end_month == new.start_month == next_month(moved)
    assert (new.commune_id, new.category_code, new.coefficient) == (lucnam.cam_ly.pk, "5.5a", old.coefficient)


def test_standard_rate_is_the_dated_parameter():
    assert standard_rate(YearMonth(2024, 6), "24").value == 360_000
    assert standard_rate(YearMonth(2024, 7), "24").value == 500_000


def test_a_move_from_another_district_starts_after_the_old_stop_month(actors, lucnam):
    from ansinh.cases.tests.factories import attach

    someone = elderly_poor(actors, lucnam.doi_ngo, name="Mới Đến")
    dossier = dossier_open(
        actor=actors.own_commune_officer,
        person=someone,
        kind="move",
        ground="from_other_district",
        external_place="Huyện Yên Thế",
        category_code="5.5a",
        coefficient="1,5",
        ground_date=date(2024, 9, 1),  # the month written in Yên Thế's stop decision
    )
    assert dossier.flow == "move_external_district"
    with pytest.raises(ValidationError, match="Quyết định thôi hưởng"):
        dossier_transition(actor=actors.own_commune_officer, dossier=dossier, name="submit")
    attach(actors, dossier, "old_stop_decision")
    dossier = change_until(dossier, actors, "decide")

    entitlement = Entitlement.objects.get(person=someone)
    assert (entitlement.start_month, entitlement.coefficient) == (date(2024, 10, 1), Decimal("1.50"))
    decision = dossier.decision
    seeing = {name for name, actor in actors.named().items() if actor and decision_policy.visible(actor).exists()}
    assert seeing == {
        "own_commune_officer",
        "own_commune_chair",
        "labour_officer",
        "labour_head",
        "district_chair",
        "province_viewer",
        "admin",
    }
    assert not decision_policy.can(actors.province_viewer, DecisionAction.SIGN, decision)
