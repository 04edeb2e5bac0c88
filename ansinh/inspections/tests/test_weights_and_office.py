"""Risk weights edited by the supervising office in charge (audited, a reason each time; past plans unchanged),
and the office that plans by date: the district labour office until 30/06/2025, the province from 01/07/2025."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from ansinh.audit.models import AuditEvent
from ansinh.core.access import Role
from ansinh.inspections.actions import Choice, plan_create, risk_weight_change
from ansinh.inspections.models import Inspection, RiskFactor
from ansinh.inspections.policies import planning_office_kind
from tests.fixtures import make_user

pytestmark = pytest.mark.django_db


def _choice(commune, day):
    return Choice(commune_id=commune.pk, reason="Nhiều khiếu nại", starts_on=day, ends_on=day, team="Đoàn 1")


def test_the_office_in_charge_by_date():
    assert planning_office_kind(date(2025, 6, 30)) == "labour_office"
    assert planning_office_kind(date(2025, 7, 1)) == "province"


def test_a_plan_is_made_by_the_office_in_charge_on_its_first_day(actors, lucnam, today_is):
    today_is(date(2025, 6, 20))
    province_officer = make_user("so.canbo", "so-ldtbxh-24", Role.OFFICER)
    with pytest.raises(ValidationError, match="Phòng LĐ-TB&XH huyện"):
        plan_create(
            actor=province_officer,
            title="Kế hoạch tháng 6",
            period_from=date(2025, 6, 23),
            period_to=date(2025, 6, 27),
            as_of=date(2025, 6, 20),
            choices=[_choice(lucnam.doi_ngo, date(2025, 6, 24))],
        )
    with pytest.raises(ValidationError, match="do Sở"):
        plan_create(
            actor=actors.labour_officer,
            title="Kế hoạch quý 3",
            period_from=date(2025, 7, 1),
            period_to=date(2025, 9, 30),
            as_of=date(2025, 6, 20),
            choices=[_choice(lucnam.doi_ngo, date(2025, 7, 10))],
        )
    plan = plan_create(
        actor=actors.labour_officer,
        title="Kế hoạch tháng 6",
        period_from=date(2025, 6, 23),
        period_to=date(2025, 6, 27),
        as_of=date(2025, 6, 20),
        choices=[_choice(lucnam.doi_ngo, date(2025, 6, 24))],
    )
    assert plan.office.kind == "labour_office"


def test_the_supervising_office_edits_a_weight_with_a_reason(actors, lucnam, client, today_is):
    today_is(date(2024, 9, 15))
    plan = plan_create(
        actor=actors.labour_officer,
        title="Kế hoạch quý 4",
        period_from=date(2024, 10, 1),
        period_to=date(2024, 12, 31),
        as_of=date(2024, 9, 15),
        choices=[_choice(lucnam.doi_ngo, date(2024, 10, 10))],
    )
    kept = Inspection.objects.get(plan=plan).factors
    factor = RiskFactor.objects.get(key="complaints")
    client.force_login(actors.labour_head)
    page = client.get(reverse("inspections:weights")).content.decode()
    assert reverse("inspections:weight_change", args=[factor.pk]) in page
    url = reverse("inspections:weight_change", args=[factor.pk])
    response = client.post(url, {"weight": "7", "cap": "", "reason": ""})
    assert response.status_code == 400 and "Nêu lý do" in response.content.decode()
    assert RiskFactor.objects.get(pk=factor.pk).weight == factor.weight
    response = client.post(url, {"weight": "7", "cap": "", "reason": "Khiếu nại tăng trong năm"})
    assert response.status_code == 302
    factor.refresh_from_db()
    assert (factor.weight, factor.cap) == (Decimal(7), None)
    event = AuditEvent.objects.get(action="inspections.risk_weight_change")
    assert event.reason == "Khiếu nại tăng trong năm" and event.after["weight"] == "7"
    assert Inspection.objects.get(plan=plan).factors == kept  # a past plan keeps its weights
    with pytest.raises(ValidationError, match="Chưa có gì thay đổi"):
        risk_weight_change(actor=actors.labour_head, factor=factor, weight=Decimal(7), cap=None, reason="Lại")
    with pytest.raises(ValidationError, match="từ 0 đến 100"):
        risk_weight_change(actor=actors.labour_head, factor=factor, weight=Decimal(101), cap=None, reason="Thử")
    client.force_login(actors.own_commune_officer)
    assert (
        reverse("inspections:weight_change", args=[factor.pk])
        not in client.get(reverse("inspections:weights")).content.decode()
    )
    with pytest.raises(PermissionDenied, match="không có quyền"):
        risk_weight_change(actor=actors.own_commune_officer, factor=factor, weight=Decimal(1), cap=None, reason="X")


def test_after_the_reform_the_province_edits_the_weights(actors, today_is):
    today_is(date(2025, 8, 1))
    factor = RiskFactor.objects.get(key="complaints")
    with pytest.raises(PermissionDenied, match="không có quyền"):
        risk_weight_change(actor=actors.labour_head, factor=factor, weight=Decimal(3), cap=None, reason="Thử")
    # the department over Bắc Giang ended with its province on 30/06/2025: the one over Bắc Ninh is in charge
    old_department = make_user("so.bacgiang", "so-ldtbxh-24", Role.OFFICER)
    with pytest.raises(PermissionDenied, match="không có quyền"):
        risk_weight_change(actor=old_department, factor=factor, weight=Decimal(3), cap=None, reason="Thử")
    province_officer = make_user("so.canbo", "so-24-2025", Role.OFFICER)
    changed = risk_weight_change(
        actor=province_officer, factor=factor, weight=Decimal(3), cap=5, reason="Sở điều chỉnh"
    )
    assert (changed.weight, changed.cap) == (Decimal(3), 5)
