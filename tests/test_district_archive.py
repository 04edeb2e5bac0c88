"""The district offices are a read-only archive once the commune flow is in force (issue 15 item 2; NĐ 147/2025
Art 5; journeys.md "Since 1 July 2025": "the district's old records stay readable as an archive"), and a
month's payment lists are made and approved by the office of that month.

The day of the change is the rules parameter `authority.commune_decides` (0 until 30/06/2025, 1 from
01/07/2025): every check below is made on the last day before it and on the first day of it, and once more
with the parameter moved, to show that no date is written in code."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from ansinh.cases.models import Dossier
from ansinh.cases.policies import DossierAction, dossier_policy, review_policy
from ansinh.cases.workflow import flow_named
from ansinh.core.access import archive_refusal, open_for
from ansinh.core.months import YearMonth
from ansinh.inspections.policies import inspection_policy
from ansinh.outreach.models import Feedback
from ansinh.outreach.policies import FeedbackAction, feedback_policy
from ansinh.payments.actions import (
    payroll_approve,
    payroll_generate,
    payroll_send,
    recoveries_detect,
    recovery_repay,
    recovery_write_off,
)
from ansinh.payments.models import PayrollMonth, PayrollStatus, Recovery, RecoveryStatus
from ansinh.payments.policies import PayrollAction, payroll_policy
from ansinh.payments.selectors import open_recoveries
from ansinh.payments.tests.conftest import ACKNOWLEDGED, beneficiary, run_month
from ansinh.registry.policies import PersonAction, person_policy
from ansinh.reports.policies import report_policy
from ansinh.rules.models import Parameter
from ansinh.rules.policies import rules_policy
from ansinh.rules.selectors import AUTHORITY_KEY
from ansinh.supports.policies import EducationAction, OneOffAction, education_policy, one_off_policy
from ansinh.territory.policies import UnitAction, unit_policy
from ansinh.workdays.policies import calendar_policy
from tests.fixtures import make_user

LAST_DISTRICT_DAY = date(2025, 6, 30)
FIRST_COMMUNE_DAY = date(2025, 7, 1)
REFUSAL = (
    "Từ ngày 01/07/2025 cấp huyện không còn thẩm quyền (Nghị định 147/2025/NĐ-CP, Điều 5): cơ quan cấp huyện "
    "chỉ còn tra cứu hồ sơ lưu trữ; các việc từ ngày đó do UBND xã thực hiện."
)
DISTRICT_ACTORS = ["labour_officer", "labour_head", "district_chair", "finance_officer"]


@dataclass
class World:
    actors: object
    lucnam: object
    today: date

    def actor(self, name: str):
        return getattr(self.actors, name)


def _decide(world: World):
    return next(t for t in flow_named("grant_district") if t.name == "decide")


def _appraise(world: World):
    return next(t for t in flow_named("grant_district") if t.name == "appraise")


def _feedback(world: World) -> Feedback:
    return Feedback.objects.create(
        commune=world.lucnam.doi_ngo,
        office_kind="labour_office",
        reference=f"ARCH{world.today:%m%d}",
        kind="handling",
        channel="web",
        text="Hỏi việc giải quyết hồ sơ",
    )


# Every kind of write each district office could do, as its policy answers it. The records are of TT Đồi Ngô,
# in the district's scope, so a refusal can only come from the archive.
WRITES: list[tuple[str, str, Callable[[World], bool]]] = [
    (
        "labour_officer",
        "mở hồ sơ",
        lambda w: dossier_policy.can_open_in(w.actor("labour_officer"), w.lucnam.doi_ngo.pk),
    ),
    (
        "labour_officer",
        "sửa hồ sơ",
        lambda w: dossier_policy.can(
            w.actor("labour_officer"),
            DossierAction.CHANGE,
            Dossier.objects.create(
                kind="grant",
                flow="grant_district",
                state="proposed",
                commune=w.lucnam.doi_ngo,
                province_code="24",
                person=beneficiary(w.lucnam.doi_ngo, "Hồ Sơ Một")[0],
                created_by=w.actor("own_commune_officer"),
            ),
        ),
    ),
    (
        "labour_officer",
        "thẩm định hồ sơ",
        lambda w: dossier_policy.may_make(
            w.actor("labour_officer"), Dossier(commune=w.lucnam.doi_ngo, flow="grant_district"), _appraise(w)
        ),
    ),
    (
        "district_chair",
        "ký quyết định",
        lambda w: dossier_policy.may_make(
            w.actor("district_chair"), Dossier(commune=w.lucnam.doi_ngo, flow="grant_district"), _decide(w)
        ),
    ),
    ("labour_officer", "rà soát: lập hồ sơ điều chỉnh", lambda w: review_policy.can_correct(w.actor("labour_officer"))),
    (
        "labour_officer",
        "thêm người, nhập Excel",
        lambda w: person_policy.can_create_in(w.actor("labour_officer"), w.lucnam.doi_ngo.pk),
    ),
    (
        "labour_officer",
        "sửa sổ đối tượng",
        lambda w: person_policy.can(
            w.actor("labour_officer"), PersonAction.CHANGE, beneficiary(w.lucnam.doi_ngo, "Sổ Hai")[0]
        ),
    ),
    ("labour_officer", "vùng đặc biệt khó khăn", lambda w: person_policy.can_record_areas(w.actor("labour_officer"))),
    (
        "labour_officer",
        "thêm thôn",
        lambda w: unit_policy.can(w.actor("labour_officer"), UnitAction.ADD_VILLAGE, w.lucnam.doi_ngo),
    ),
    (
        "labour_officer",
        "lập danh sách chi trả",
        lambda w: payroll_policy.can_generate(w.actor("labour_officer"), YearMonth.of(w.today)),
    ),
    (
        "labour_head",
        "duyệt danh sách chi trả",
        lambda w: payroll_policy.can_approve(w.actor("labour_head"), YearMonth.of(w.today)),
    ),
    (
        "labour_officer",
        "giấy ủy quyền",
        lambda w: payroll_policy.can_keep_authorisations(
            w.actor("labour_officer"), beneficiary(w.lucnam.doi_ngo, "Ủy Ba")[0]
        ),
    ),
    (
        "labour_head",
        "khấu trừ thu hồi",
        lambda w: payroll_policy.can_set_offsetting(w.actor("labour_head"), w.lucnam.district.pk),
    ),
    (
        "district_chair",
        "khấu trừ thu hồi",
        lambda w: payroll_policy.can_set_offsetting(w.actor("district_chair"), w.lucnam.district.pk),
    ),
    (
        "labour_officer",
        "thu hồi hỗ trợ mai táng",
        lambda w: one_off_policy.can(w.actor("labour_officer"), OneOffAction.RECOVER),
    ),
    (
        "labour_officer",
        "lập danh sách hỗ trợ học tập",
        lambda w: education_policy.can(w.actor("labour_officer"), EducationAction.LIST),
    ),
    (
        "labour_head",
        "quyết định hỗ trợ học tập",
        lambda w: education_policy.can(w.actor("labour_head"), EducationAction.DECIDE),
    ),
    (
        "labour_officer",
        "trả lời phản ánh",
        lambda w: feedback_policy.can(w.actor("labour_officer"), FeedbackAction.ROUTE, _feedback(w)),
    ),
    (
        "labour_officer",
        "kế hoạch kiểm tra",
        lambda w: inspection_policy.can_plan_on(w.actor("labour_officer"), w.today),
    ),
    (
        "labour_officer",
        "báo cáo tháng",
        lambda w: report_policy.can_prepare_for(w.actor("labour_officer"), w.lucnam.district, w.today.replace(day=1)),
    ),
    ("labour_head", "sửa tham số chính sách", lambda w: rules_policy.can_edit(w.actor("labour_head"))),
    ("labour_head", "sửa lịch ngày nghỉ", lambda w: calendar_policy.can_edit(w.actor("labour_head"))),
]


def _world(actors, lucnam, today_is, day: date) -> World:
    today_is(day)
    return World(actors, lucnam, day)


@pytest.mark.parametrize(("actor_name", "write", "check"), WRITES, ids=[f"{a}-{w}" for a, w, _ in WRITES])
def test_a_district_office_writes_until_the_change_and_never_after(actor_name, write, check, actors, lucnam, today_is):
    assert check(_world(actors, lucnam, today_is, LAST_DISTRICT_DAY)) is True
    after = _world(actors, lucnam, today_is, FIRST_COMMUNE_DAY)
    assert check(after) is False
    assert archive_refusal(after.actor(actor_name)) == REFUSAL


@pytest.mark.parametrize("actor_name", DISTRICT_ACTORS)
def test_every_district_office_is_an_archive_from_the_day_in_the_parameter(actor_name, actors, lucnam, today_is):
    actor = getattr(actors, actor_name)
    assert open_for(actor, LAST_DISTRICT_DAY) and archive_refusal(actor, LAST_DISTRICT_DAY) == ""
    assert not open_for(actor, FIRST_COMMUNE_DAY) and archive_refusal(actor, FIRST_COMMUNE_DAY) == REFUSAL
    # The day is data: moved a month later, 15/07/2025 is open again and the message names the new day.
    Parameter.objects.filter(key=AUTHORITY_KEY, valid_from=FIRST_COMMUNE_DAY).update(valid_from=date(2025, 8, 1))
    Parameter.objects.filter(key=AUTHORITY_KEY, valid_to=LAST_DISTRICT_DAY).update(valid_to=date(2025, 7, 31))
    assert open_for(actor, date(2025, 7, 15))
    assert "Từ ngày 01/08/2025" in archive_refusal(actor, date(2025, 8, 1))


@pytest.mark.parametrize("actor_name", ["own_commune_officer", "own_commune_chair", "post_office_officer", "admin"])
def test_other_offices_are_not_archived(actor_name, actors):
    actor = getattr(actors, actor_name)
    assert open_for(actor, FIRST_COMMUNE_DAY) and archive_refusal(actor, FIRST_COMMUNE_DAY) == ""


def test_a_district_office_still_reads_its_archive_and_sees_why_it_may_not_write(client, actors, lucnam, today_is):
    who, _ = beneficiary(lucnam.doi_ngo, "Lưu Trữ Bốn")
    payroll_generate(actor=actors.labour_officer, month=YearMonth(2025, 6), commune=lucnam.doi_ngo)
    payroll = PayrollMonth.objects.get(commune=lucnam.doi_ngo, month=date(2025, 6, 1))
    today_is(date(2026, 12, 7))
    client.force_login(actors.labour_head)

    home = client.get(reverse("web:home"))
    assert home.status_code == 200 and REFUSAL in home.content.decode()
    assert client.get(reverse("registry:person_detail", args=[who.pk])).status_code == 200
    assert client.get(reverse("payments:payroll_detail", args=[payroll.pk])).status_code == 200
    assert client.get(reverse("payments:month") + "?thang=06/2025").status_code == 200

    refused = client.post(reverse("rules:parameter_create"), {})
    assert refused.status_code == 403 and REFUSAL in refused.content.decode()

    generated = client.post(reverse("payments:generate"), {"month": "12/2026"}, follow=True)
    assert REFUSAL in generated.content.decode()
    assert not PayrollMonth.objects.filter(month=date(2026, 12, 1)).exists()


def test_the_commune_office_sees_no_archive_banner(client, actors, lucnam, today_is):
    today_is(date(2026, 12, 7))
    client.force_login(make_user("xa.lucnam", "ubnd-07444-2025", "officer"))
    assert REFUSAL not in client.get(reverse("web:home")).content.decode()


# --- payment lists by month ------------------------------------------------------------------------------


@pytest.fixture
def new_communes(lucnam):
    return {
        "officer": make_user("xa.lucnam", "ubnd-07444-2025", "officer"),
        "chair": make_user("xa.lucnam.ct", "ubnd-07444-2025", "chair"),
        "other_chair": make_user("xa.dongphu.ct", "ubnd-07450-2025", "chair"),
        "commune": lucnam["07444@2025"],
    }


def test_a_june_2025_list_is_the_labour_heads_a_july_2025_list_the_commune_chairs(
    actors, lucnam, new_communes, today_is
):
    today_is(date(2025, 7, 20))
    beneficiary(lucnam.doi_ngo, "Tháng Sáu", start=YearMonth(2025, 5))
    beneficiary(new_communes["commune"], "Tháng Bảy", start=YearMonth(2025, 7))

    # 06/2025: the district's month, made and approved by the labour office after the change (its archive)
    payroll_generate(actor=actors.labour_officer, month=YearMonth(2025, 6), commune=lucnam.doi_ngo)
    june = PayrollMonth.objects.get(commune=lucnam.doi_ngo, month=date(2025, 6, 1))
    for outsider in (new_communes["chair"], new_communes["officer"]):
        assert not payroll_policy.can(outsider, PayrollAction.APPROVE, june)
    june = payroll_send(
        actor=actors.labour_head,
        payroll=payroll_approve(actor=actors.labour_head, payroll=june, acknowledgement=ACKNOWLEDGED),
    )
    assert (june.status, june.approved_by_id) == (PayrollStatus.SENT, actors.labour_head.pk)

    # 07/2025: the commune's month: the labour office may neither make nor approve it
    with pytest.raises(PermissionDenied, match="không có quyền"):
        payroll_generate(actor=actors.labour_officer, month=YearMonth(2025, 7), commune=new_communes["commune"])
    payroll_generate(actor=new_communes["officer"], month=YearMonth(2025, 7), commune=new_communes["commune"])
    july = PayrollMonth.objects.get(commune=new_communes["commune"], month=date(2025, 7, 1))
    assert july.generated_by_id == new_communes["officer"].pk
    for refused in (actors.labour_head, new_communes["other_chair"], new_communes["officer"]):
        with pytest.raises((PermissionDenied, ValidationError)):
            payroll_approve(actor=refused, payroll=july, acknowledgement=ACKNOWLEDGED)
        assert PayrollMonth.objects.get(pk=july.pk).status == PayrollStatus.DRAFT
    july = payroll_approve(actor=new_communes["chair"], payroll=july, acknowledgement=ACKNOWLEDGED)
    july = payroll_send(actor=new_communes["chair"], payroll=july)
    assert (july.status, july.approved_by_id, july.sent_by_id) == (
        PayrollStatus.SENT,
        new_communes["chair"].pk,
        new_communes["chair"].pk,
    )


def test_each_approver_sees_the_lists_of_its_months_waiting(actors, lucnam, new_communes, today_is):
    today_is(date(2025, 7, 20))
    beneficiary(lucnam.doi_ngo, "Chờ Duyệt", start=YearMonth(2025, 5))
    beneficiary(new_communes["commune"], "Chờ Duyệt Hai", start=YearMonth(2025, 7))
    payroll_generate(actor=actors.labour_officer, month=YearMonth(2025, 6), commune=lucnam.doi_ngo)
    payroll_generate(actor=new_communes["officer"], month=YearMonth(2025, 7), commune=new_communes["commune"])
    june = PayrollMonth.objects.get(month=date(2025, 6, 1), commune=lucnam.doi_ngo)
    july = PayrollMonth.objects.get(month=date(2025, 7, 1), commune=new_communes["commune"])

    assert list(payroll_policy.awaiting_approval(actors.labour_head)) == [june]
    assert list(payroll_policy.awaiting_approval(new_communes["chair"])) == [july]
    assert list(payroll_policy.awaiting_approval(new_communes["other_chair"])) == []
    assert list(payroll_policy.awaiting_approval(new_communes["officer"])) == []


def test_the_commune_officer_cannot_make_a_list_of_the_district_months(actors, new_communes, today_is):
    today_is(date(2025, 7, 20))
    assert payroll_policy.can_generate(new_communes["officer"], YearMonth(2025, 7))
    assert not payroll_policy.can_generate(new_communes["officer"], YearMonth(2025, 6))
    assert payroll_policy.can_generate(actors.labour_officer, YearMonth(2025, 6))


def test_a_recovery_of_an_abolished_commune_passes_to_the_commune_formed_from_it(
    client, actors, lucnam, new_communes, today_is
):
    """A debt recorded under TT Đồi Ngô in 2024 is not lost with the town (design: nothing lost): from
    07/2025 the officer of Xã Lục Nam, formed from it, sees it and records the repayment, the chair writes off
    the rest, and the labour office that recorded it only reads it (its archive)."""
    today_is(date(2024, 4, 20))
    who, entitlement = beneficiary(lucnam.doi_ngo, "Nợ Cũ", coefficient="2.0")
    run_month(actors, YearMonth(2024, 3), commune=lucnam.doi_ngo)
    entitlement.end_month = date(2024, 3, 1)
    entitlement.save()
    assert recoveries_detect(actor=actors.labour_officer, person=who) == 1
    recovery = Recovery.objects.get(person=who)

    today_is(date(2026, 12, 7))
    officer, chair = new_communes["officer"], new_communes["chair"]
    assert list(open_recoveries(actor=officer)) == [recovery]
    assert not open_recoveries(actor=actors.other_commune_officer).exists()
    client.force_login(officer)
    assert "Nợ Cũ" in client.get(reverse("payments:recoveries")).content.decode()
    assert client.get(reverse("payments:recovery_detail", args=[recovery.pk])).status_code == 200
    with pytest.raises(PermissionDenied, match="không có quyền"):
        recovery_repay(actor=actors.labour_officer, recovery=recovery, amount=100_000, on=date(2026, 12, 7))
    recovery_repay(actor=officer, recovery=recovery, amount=200_000, on=date(2026, 12, 7), reference="PT 3")
    recovery_write_off(actor=chair, recovery=recovery, decision_reference="QĐ 9/QĐ-UBND", on=date(2026, 12, 7))
    recovery.refresh_from_db()
    assert (recovery.balance, recovery.status) == (0, RecoveryStatus.WRITTEN_OFF)
