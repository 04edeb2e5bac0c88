"""Applying a territorial change to the register (issue 15): dry run, apply, idempotence, all or
nothing, payments across the change, authority by date, abolished units refusing new records."""

from __future__ import annotations

import json
from datetime import date
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db.models import Q, Sum

from ansinh.cases.models import Dossier, DossierKind, Entitlement
from ansinh.cases.policies import decision_flow_for, dossier_policy
from ansinh.cases.workflow import DossierState, flow_named, transition_named
from ansinh.core.months import YearMonth
from ansinh.disability.models import Council, CouncilMember, CouncilRole
from ansinh.payments.actions import payroll_generate
from ansinh.payments.models import PayrollLine, PayrollMonth
from ansinh.payments.tests.conftest import beneficiary, pay_all, person
from ansinh.registry.actions import residence_move
from ansinh.registry.models import Person, Residence
from ansinh.territory import changes
from ansinh.territory.changes import territory_change_apply
from ansinh.territory.models import AdministrativeUnit, UnitSuccession
from tests.fixtures import make_user

MERGER = date(2025, 7, 1)
VU_XA_DAY = date(2025, 1, 1)
JUNE, JULY, AUGUST = YearMonth(2025, 6), YearMonth(2025, 7), YearMonth(2025, 8)


@pytest.fixture
def district(lucnam):
    """Two people in TT Đồi Ngô, one in TT Phương Sơn (both become Xã Lục Nam), one in Vũ Xá, one 5.5b in Đồi Ngô; villages named alike."""
    doi_ngo, phuong_son, vu_xa = lucnam.doi_ngo, lucnam["07477"], lucnam["07516"]
    for commune in (doi_ngo, phuong_son):
        AdministrativeUnit(name="Đồng", unit_type="thon", parent=commune, valid_from=date(2020, 1, 1)).save()
    village = AdministrativeUnit.objects.get(parent=doi_ngo, name="Đồng")
    an, _ = beneficiary(doi_ngo, "Nguyễn Văn An", coefficient="1.5")
    Person.objects.filter(pk=an.pk).update(village=village)
    Residence.objects.create(person=an, commune=doi_ngo, village=village, valid_from=date(2020, 1, 1))
    binh, _ = beneficiary(doi_ngo, "Trần Văn Bình", category="5.6", coefficient="2.0")
    beneficiary(phuong_son, "Lê Thị Cúc", coefficient="1.5")
    beneficiary(vu_xa, "Phạm Văn Dũng", coefficient="1.5")
    beneficiary(doi_ngo, "Hoàng Thị Én", category="5.5b", coefficient="1.0")
    return {"an": an, "binh": binh}


def open_entitlements(month: YearMonth) -> int:
    return (
        Entitlement.objects.exclude(category_code="5.5b")
        .filter(start_month__lte=month.first_day)
        .filter(Q(end_month__isnull=True) | Q(end_month__gt=month.first_day))
        .count()
    )


def snapshot() -> dict[str, object]:
    return {
        "people": list(Person.objects.order_by("pk").values_list("pk", "commune_id", "village_id")),
        "entitlements": list(Entitlement.objects.order_by("pk").values_list("pk", "commune_id", "end_month")),
        "residences": Residence.objects.count(),
        "units": AdministrativeUnit.objects.count(),
        "dossiers": list(Dossier.objects.order_by("pk").values_list("pk", "commune_id", "flow", "state")),
        "applied": UnitSuccession.objects.filter(applied_at__isnull=False).count(),
    }


def new_commune(lucnam, code: str) -> AdministrativeUnit:
    return lucnam[f"{code}@2025"]


def test_dry_run_reports_and_changes_nothing(lucnam, district):
    before = snapshot()
    report = territory_change_apply(actor=None, day=MERGER, dry_run=True).as_json()
    assert snapshot() == before
    assert report["dry_run"] is True
    assert report["totals"]["people"] == 4  # Vũ Xá's person waits for the change of 01/01/2025
    assert report["totals"]["entitlements"] == 3 and report["totals"]["entitlements_not_carried"] == 1
    assert report["not_carried"] == {"5.5b": 1}
    assert report["first_payment_month"][new_commune(lucnam, "07444").full_name] == "2025-07"
    assert any("Đồng (Đồi Ngô)" in conflict for conflict in report["conflicts"])
    assert report["social_pension_transfers"] == []
    pair = next(row for row in report["units"] if row["from"]["code"] == "07444")
    assert pair["to"]["name"] == new_commune(lucnam, "07444").full_name
    assert pair["counts"]["people"] == 3


def test_apply_moves_dated_conserves_counts_and_twice_changes_nothing(lucnam, district):
    people, money_june = Person.objects.count(), None
    territory_change_apply(actor=None, day=VU_XA_DAY)
    payroll_generate(actor=None, month=JUNE)
    money_june = (
        PayrollLine.objects.filter(month=JUNE.first_day).exclude(category_code="5.5b").aggregate(s=Sum("total"))
    )
    open_june = open_entitlements(JUNE)
    report = territory_change_apply(actor=None, day=MERGER)
    assert report.moved > 0
    lucnam_2025 = new_commune(lucnam, "07444")
    an = Person.objects.get(pk=district["an"].pk)
    assert an.commune_id == lucnam_2025.pk
    assert an.village.parent_id == lucnam_2025.pk and an.village.name == "Đồng (Đồi Ngô)"
    history = list(an.residences.order_by("valid_from").values_list("commune_id", "valid_to"))
    assert history == [(lucnam.doi_ngo.pk, date(2025, 6, 30)), (lucnam_2025.pk, None)]
    assert Person.objects.count() == people
    assert not Person.objects.filter(commune__valid_to__lt=MERGER).exists()
    # every open entitlement continues (5.5b, ended by law on 30/06/2025, is not carried), same decision and amount
    assert open_entitlements(JULY) == open_june
    successor = Entitlement.objects.get(person=an, end_month__isnull=True)
    assert successor.carried_from.granted_by_id == successor.granted_by_id
    assert successor.carried_from.end_month == JULY.first_day and successor.start_month == JULY.first_day
    payroll_generate(actor=None, month=JULY)
    money_july = PayrollLine.objects.filter(month=JULY.first_day).aggregate(s=Sum("total"))
    assert money_july == money_june
    # councils and idempotence
    second = snapshot()
    again = territory_change_apply(actor=None, day=MERGER)
    assert again.moved == 0 and snapshot() == second


def test_a_failure_halfway_leaves_nothing(lucnam, district, monkeypatch):
    before = snapshot()

    def broken(change, report):
        raise RuntimeError("hỏng giữa chừng")

    monkeypatch.setitem(changes._HANDLERS, "z.broken", (45, broken))
    with pytest.raises(RuntimeError, match="hỏng giữa chừng"):
        territory_change_apply(actor=None, day=MERGER)
    assert snapshot() == before


def test_one_line_each_month_across_the_change_and_unpaid_carried(actors, lucnam, district):
    an, binh = district["an"], district["binh"]
    for month in (YearMonth(2025, 5), JUNE):
        payroll_generate(actor=None, month=month)
        payroll = PayrollMonth.objects.get(commune=lucnam.doi_ngo, month=month.first_day)
        pay_all(actors, payroll, unpaid=(binh.pk,) if month == JUNE else ())
    territory_change_apply(actor=None, day=MERGER)
    for month in (JULY, AUGUST):
        payroll_generate(actor=None, month=month)
    lucnam_2025 = new_commune(lucnam, "07444")
    regular = PayrollLine.objects.filter(person=an, kind="regular").order_by("month")
    assert [(line.month, line.commune_id, line.total) for line in regular] == [
        (date(2025, 5, 1), lucnam.doi_ngo.pk, 750_000),
        (date(2025, 6, 1), lucnam.doi_ngo.pk, 750_000),
        (date(2025, 7, 1), lucnam_2025.pk, 750_000),
        (date(2025, 8, 1), lucnam_2025.pk, 750_000),
    ]
    carried = PayrollLine.objects.get(person=binh, kind="carried")
    assert (carried.month, carried.commune_id, carried.total) == (JULY.first_day, lucnam_2025.pk, 1_000_000)
    assert not PayrollLine.objects.filter(kind="arrears").exists()
    assert not PayrollLine.objects.filter(category_code="5.5b", month__gt=JUNE.first_day).exists()
    assert not PayrollMonth.objects.filter(month__gte=JULY.first_day, commune__valid_to__lt=MERGER).exists()


def test_payroll_command_counts_every_list_and_categories(actors, lucnam, district):
    payroll_generate(actor=None, month=JUNE)
    pay_all(actors, PayrollMonth.objects.get(commune=lucnam.doi_ngo, month=JUNE.first_day))
    out = StringIO()
    call_command("payroll", "generate", "--month", "2025-06", stdout=out)
    result = json.loads(out.getvalue())
    # Vũ Xá (merged on 01/01/2025) gets no list in 06/2025: lists only for communes in force
    assert result["frozen"] == 1 and result["lines"] == 4 and result["communes"] == 2
    assert result["categories"] == {"5.5a": 2, "5.5b": 1, "5.6": 1}
    out = StringIO()
    call_command("payroll", "generate", "--month", "2025-06", "--commune", "07444", stdout=out)
    assert json.loads(out.getvalue()) == {
        "month": "2025-06",
        "communes": 1,
        "lines": 3,
        "total": 750_000 + 1_000_000 + 500_000,
        "categories": {"5.5a": 1, "5.5b": 1, "5.6": 1},
        "frozen": 1,
    }


def test_command_dry_run_prints_json(lucnam, district):
    out = StringIO()
    call_command("apply_territory_change", "--date", "2025-07-01", "--dry-run", stdout=out)
    assert json.loads(out.getvalue())["totals"]["people"] == 4
    assert Person.objects.filter(commune=lucnam.doi_ngo).count() == 3


def test_authority_by_date_and_open_dossiers_pass_to_the_commune_flow(actors, lucnam, district, today_is):
    today_is(date(2025, 6, 20))
    an = district["an"]
    waiting = Dossier.objects.create(
        kind=DossierKind.GRANT,
        flow="grant_district",
        person=an,
        category_code="5.5a",
        state=DossierState.APPRAISED,
        commune=lucnam.doi_ngo,
        created_by=actors.own_commune_officer,
    )
    proposed = Dossier.objects.create(
        kind=DossierKind.GRANT,
        flow="grant_district",
        person=district["binh"],
        state=DossierState.PROPOSED,
        commune=lucnam.doi_ngo,
        created_by=actors.own_commune_officer,
    )
    decide = transition_named(flow_named("grant_district"), "decide")
    assert decision_flow_for(lucnam.doi_ngo) == "district"
    assert dossier_policy.may_make(actors.district_chair, waiting, decide)
    today_is(date(2025, 7, 3))
    report = territory_change_apply(actor=actors.admin, day=MERGER).as_json()
    assert {row["id"]: row["state_after"] for row in report["dossiers_to_commune_flow"]} == {
        waiting.pk: "appraised",
        proposed.pk: "posted",
    }
    waiting.refresh_from_db()
    lucnam_2025 = new_commune(lucnam, "07444")
    assert (waiting.flow, waiting.commune_id) == ("grant_commune", lucnam_2025.pk)
    chair = make_user("xa.lucnam.ct", "ubnd-07444-2025", "chair")
    commune_decide = transition_named(flow_named("grant_commune"), "decide")
    assert dossier_policy.may_make(chair, waiting, commune_decide)
    assert not dossier_policy.may_make(actors.district_chair, waiting, decide)  # an archive now
    assert decision_flow_for(lucnam_2025) == "commune"


def test_abolished_unit_refuses_new_records_after_the_change(actors, lucnam, district):
    territory_change_apply(actor=None, day=MERGER)
    with pytest.raises(ValidationError, match="đã thôi hoạt động từ ngày 01/07/2025"):
        payroll_generate(actor=None, month=JULY, commune=lucnam.doi_ngo)
    with pytest.raises(ValidationError, match="không ghi nhận người, hồ sơ hay danh sách chi trả"):
        residence_move(
            actor=actors.admin,
            person=person(lucnam["07450@2025"], "Người Mới"),
            commune=lucnam.doi_ngo,
            village=None,
            moved_on=date(2025, 8, 1),
            source="",
        )


def test_councils_carried_for_the_chair_to_confirm(lucnam, district, actors):
    for commune in (lucnam.doi_ngo, lucnam["07477"]):
        council = Council.objects.create(commune=commune, term_start=date(2024, 1, 1), created_by=actors.admin)
        CouncilMember.objects.create(council=council, full_name=f"Chủ tịch {commune.name}", role=CouncilRole.CHAIR,
                                     joined_on=date(2024, 1, 1))  # fmt: skip
        CouncilMember.objects.create(council=council, full_name=f"Thư ký {commune.name}", role=CouncilRole.SECRETARY,
                                     joined_on=date(2024, 1, 1))  # fmt: skip
    report = territory_change_apply(actor=None, day=MERGER).as_json()
    new = Council.objects.get(commune=new_commune(lucnam, "07444"), term_end__isnull=True)
    assert list(new.members.values_list("full_name", "role")) == [("Thư ký Đồi Ngô", "secretary")]
    assert "chờ Chủ tịch UBND xã xác nhận" in new.members.get().duties
    assert any("chỉ có một thư ký" in conflict for conflict in report["conflicts"])
    assert not Council.objects.filter(commune=lucnam.doi_ngo, term_end__isnull=True).exists()
    assert report["totals"]["councils"] == 1
