"""Cremation support beside funeral support (NQ 17/2019/NQ-HĐND Bắc Giang; NĐ 20/2021 Art 11): the rule
that decides which one or both apply, the decision, the line on the post office's list, the recovery."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ansinh.cases.dossiers import dossier_declare, dossier_open
from ansinh.cases.effective import next_month
from ansinh.cases.models import OneOffSupport
from ansinh.cases.one_off import supports_due
from ansinh.cases.reports import report_death
from ansinh.cases.tests.factories import attach, change_until, elderly_poor, paper_entitlement, person
from ansinh.core.months import YearMonth
from ansinh.payments.actions import LineResult, payment_results_apply, payroll_approve, payroll_generate, payroll_send
from ansinh.payments.models import PayrollLine, PayrollMonth, Recovery
from ansinh.rules.models import Parameter
from ansinh.supports.actions import one_off_recover
from ansinh.supports.selectors import amount_unconfirmed

pytestmark = pytest.mark.django_db

DIED = date(2024, 9, 14)
ORGANISER = {"organiser_kind": "Hộ gia đình, cá nhân", "payee_name": "Vũ Văn Con", "payee_relation": "Con trai"}


def dead(actors, someone, died=DIED):
    someone.life_status, someone.death_date = "dead", died
    someone.save()
    return someone


@pytest.mark.parametrize(
    ("beneficiary", "cremated", "province", "expected"),
    [
        (True, True, "24", {"funeral": True, "cremation": True}),  # both
        (True, False, "24", {"funeral": True, "cremation": False}),  # buried: funeral only
        (False, True, "24", {"funeral": False, "cremation": True}),  # any resident cremated: cremation only
        (False, False, "24", {"funeral": False, "cremation": False}),
        (True, True, "01", {"funeral": True, "cremation": False}),  # a province without the resolution
    ],
)
def test_which_supports_a_death_gives(actors, lucnam, beneficiary, cremated, province, expected):
    someone = elderly_poor(actors, lucnam.doi_ngo)
    if beneficiary:
        paper_entitlement(someone, start=date(2024, 5, 1))
    due = supports_due(someone.pk, province, DIED, cremated=cremated)
    assert {item.kind: item.applies for item in due} == expected
    assert all(item.reason for item in due)


def test_funeral_follows_the_category_kind_parameter_not_a_code_list(actors, lucnam):
    someone = elderly_poor(actors, lucnam.doi_ngo)
    paper_entitlement(someone, start=date(2024, 5, 1))
    assert supports_due(someone.pk, "24", DIED, cremated=False)[0].applies
    Parameter.objects.filter(key="funeral_multiple").update(valid_from=date(2025, 1, 1))
    assert not supports_due(someone.pk, "24", DIED, cremated=False)[0].applies  # no multiple in force that day


def test_an_ended_entitlement_gives_no_funeral_support(actors, lucnam):
    someone = elderly_poor(actors, lucnam.doi_ngo)
    entitlement = paper_entitlement(someone, start=date(2024, 5, 1))
    entitlement.end_month = date(2024, 8, 1)
    entitlement.save()
    assert not supports_due(someone.pk, "24", DIED, cremated=True)[0].applies


def _cremation(actors, someone):
    dossier = dossier_open(actor=actors.own_commune_officer, person=someone, kind="cremation")
    assert (dossier.form_code, dossier.flow) == ("HT", "cremation_district")
    dossier_declare(
        actor=actors.own_commune_officer,
        dossier=dossier,
        declaration={
            **dossier.declaration,
            **ORGANISER,
            "cremation_date": "2024-09-16",
            "cremation_place": "Đài hóa thân Hoàn Vũ Bắc Giang",
        },
    )
    attach(actors, dossier, "death_certificate")
    attach(actors, dossier, "cremation_certificate")
    return change_until(dossier, actors, "decide")


def _funeral(actors, someone):
    dossier = dossier_open(actor=actors.own_commune_officer, person=someone, kind="funeral")
    dossier_declare(actor=actors.own_commune_officer, dossier=dossier, declaration={**dossier.declaration, **ORGANISER})
    attach(actors, dossier, "death_certificate")
    return change_until(dossier, actors, "decide")


def _pay(actors, payroll, paid_to):
    payroll = payroll_approve(actor=actors.labour_head, payroll=payroll, acknowledgement="Đã biết")
    payroll = payroll_send(actor=actors.labour_head, payroll=payroll)
    month = YearMonth.of(payroll.month)
    results = [
        LineResult(line.pk, paid_on=date(month.year, month.month, 5), paid_to_name=paid_to, paid_to_kind="other")
        for line in payroll.lines.all()
    ]
    payment_results_apply(actor=actors.post_office_officer, payroll=payroll, results=results)


def test_a_cremated_beneficiary_gets_both_supports_on_the_post_office_list_and_a_wrong_one_is_recovered(
    actors, lucnam, today_is
):
    today_is(date(2024, 10, 8))
    someone = elderly_poor(actors, lucnam.doi_ngo)
    paper_entitlement(someone, start=date(2024, 5, 1))
    stop = report_death(actor=actors.own_commune_officer, person=someone, died_on=DIED, source="Giấy chứng tử")
    change_until(stop, actors, "decide")

    cremation = _cremation(actors, someone)
    funeral = _funeral(actors, someone)
    assert cremation.decision.title == "Về việc hỗ trợ chi phí hỏa táng"
    assert "17/2019/NQ-HĐND" in cremation.decision.legal_basis
    assert cremation.decision.number and cremation.decision.number != funeral.decision.number
    assert any("chưa xác nhận" in sentence for sentence in cremation.calculation["explanation"])

    client = Client()
    client.force_login(actors.own_commune_officer)
    page = client.get(reverse("cases:dossier_detail", args=[cremation.pk])).content.decode()
    assert 'data-testid="death-supports"' in page
    assert "Mai táng: được hỗ trợ. Đang hưởng diện 5.5a khi chết" in " ".join(page.split())
    assert "Hỏa táng (nếu được hỏa táng): được hỗ trợ." in " ".join(page.split()) and "chưa xác nhận" in page

    supports = {s.kind: s for s in OneOffSupport.objects.filter(person=someone)}
    assert supports["cremation"].amount == 10_000_000  # the unconfirmed parameter of NQ 17/2019
    assert supports["funeral"].amount == 20 * 500_000
    assert supports["cremation"].payee_name == "Vũ Văn Con"
    assert amount_unconfirmed(supports["cremation"]) and not amount_unconfirmed(supports["funeral"])

    month = YearMonth.of(next_month(timezone.localdate()))
    payroll_generate(actor=actors.labour_officer, month=month)
    lines = {line.kind: line for line in PayrollLine.objects.filter(person=someone, month=month.first_day)}
    assert set(lines) == {"funeral", "cremation"}
    assert (lines["cremation"].total, lines["cremation"].payee_kind, lines["cremation"].note) == (
        10_000_000,
        "named",
        "Hỗ trợ hỏa táng",
    )
    payroll_generate(actor=actors.labour_officer, month=month)  # a rerun pays nothing twice
    assert PayrollLine.objects.filter(person=someone, month=month.first_day, kind="cremation").count() == 1

    today_is(date(2024, 11, 20))
    _pay(actors, PayrollMonth.objects.get(month=month.first_day, commune=lucnam.doi_ngo), "Vũ Văn Con")
    line = PayrollLine.objects.get(person=someone, kind="cremation")
    assert (line.paid_on is not None, line.violation) == (True, False)  # paid to the organiser named

    with pytest.raises(PermissionDenied, match="không có quyền"):
        one_off_recover(actor=actors.own_commune_officer, support=supports["cremation"], reason="Không hỏa táng")
    with pytest.raises(ValidationError, match="lý do"):
        one_off_recover(actor=actors.labour_officer, support=supports["cremation"], reason="  ")
    recovery = one_off_recover(
        actor=actors.labour_officer, support=supports["cremation"], reason="Biên bản xác minh: an táng, không hỏa táng"
    )
    assert (recovery.amount, recovery.balance, recovery.debtor_name, recovery.status) == (
        10_000_000,
        10_000_000,
        "Vũ Văn Con",
        "open",
    )
    assert recovery.line_id == line.pk and recovery.entitlement_id is None
    with pytest.raises(ValidationError, match="đã được thu hồi"):
        one_off_recover(actor=actors.labour_officer, support=supports["cremation"], reason="Lần hai")
    assert Recovery.objects.filter(person=someone).count() == 1


def test_a_cremation_dossier_needs_a_dead_resident_and_is_decided_once(actors, lucnam, before_the_reform):
    living = person(actors, lucnam.doi_ngo, name="Vũ Văn Sống")
    with pytest.raises(ValidationError, match="hỏa táng"):
        dossier_open(actor=actors.own_commune_officer, person=living, kind="cremation")
    someone = dead(actors, person(actors, lucnam.doi_ngo, name="Vũ Văn Mất"))
    _cremation(actors, someone)  # not a beneficiary: cremation support alone
    assert list(OneOffSupport.objects.filter(person=someone).values_list("kind", flat=True)) == ["cremation"]
    with pytest.raises(ValidationError, match="đã có quyết định hỗ trợ hỏa táng"):
        dossier_open(actor=actors.own_commune_officer, person=someone, kind="cremation")


def test_a_cremation_unpaid_cannot_be_recovered(actors, lucnam, before_the_reform):
    someone = dead(actors, person(actors, lucnam.doi_ngo, name="Vũ Văn Mất"))
    _cremation(actors, someone)
    support = OneOffSupport.objects.get(person=someone)
    with pytest.raises(ValidationError, match="chưa được chi trả"):
        one_off_recover(actor=actors.labour_officer, support=support, reason="Không hỏa táng")
    assert not Recovery.objects.exists()


def test_a_category_kind_with_its_own_funeral_multiple_qualifies_without_a_code_list(actors, lucnam):
    """A social-pension category (NĐ 176/2025 Art 5), as another app may add it: its kind's
    `social_pension.funeral_multiple` (from 01/07/2025) decides, not its code."""
    from ansinh.rules.models import Category, LegalDocument

    Category.objects.create(
        code="HTXH.T",
        name="Hưu trí xã hội (thử)",
        kind="social_pension",
        order=99,
        valid_from=date(2025, 7, 1),
        source=LegalDocument.objects.get(number="176/2025/NĐ-CP"),
        clause="Điều 5",
        confidence="unconfirmed",
    )
    someone = elderly_poor(actors, lucnam.doi_ngo)
    paper_entitlement(someone, category="HTXH.T", start=date(2025, 7, 1))
    after = supports_due(someone.pk, "24", date(2025, 9, 1), cremated=True)
    assert [(item.kind, item.applies) for item in after] == [("funeral", True), ("cremation", True)]
    assert after[0].unconfirmed  # the social pension's multiple is unconfirmed
    before = supports_due(someone.pk, "24", date(2025, 6, 20), cremated=False)
    assert not before[0].applies  # not yet entitled, and no multiple in force for the kind
