"""The post office's results, carry-over of unpaid amounts, suspension proposals and reports."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ansinh.audit.models import AuditEvent
from ansinh.cases.models import Dossier
from ansinh.core.months import YearMonth
from ansinh.payments.actions import (
    LineResult,
    payment_results_apply,
    payroll_approve,
    payroll_generate,
    payroll_send,
    post_office_report_submit,
    service_feedback_record,
)
from ansinh.payments.models import LineKind, PayrollLine, PayrollMonth, PayrollStatus
from ansinh.payments.policies import payroll_policy
from ansinh.payments.selectors import district_totals, month_totals
from ansinh.payments.tests.conftest import ACKNOWLEDGED, beneficiary, run_month

pytestmark = pytest.mark.usefixtures("before_the_reform")  # the district flow (conftest)

MARCH = YearMonth(2024, 3)


@pytest.fixture
def sent(actors, lucnam):
    an, _ = beneficiary(lucnam.doi_ngo, "Nguyễn Văn An", coefficient="1.5")
    binh, _ = beneficiary(lucnam.doi_ngo, "Trần Thị Bình", coefficient="2.0")
    payroll_generate(actor=actors.labour_officer, month=MARCH)
    payroll = PayrollMonth.objects.get(commune=lucnam.doi_ngo, month=MARCH.first_day)
    payroll_approve(actor=actors.labour_head, payroll=payroll, acknowledgement=ACKNOWLEDGED)
    return payroll_send(actor=actors.labour_head, payroll=payroll), an, binh


def test_post_office_sees_only_sent_lists(actors, lucnam):
    beneficiary(lucnam.doi_ngo, "Nguyễn Văn An")
    payroll_generate(actor=actors.labour_officer, month=MARCH)
    assert not payroll_policy.visible(actors.post_office_officer).exists()
    assert payroll_policy.visible(actors.own_commune_officer).count() == 1
    assert not payroll_policy.visible(actors.other_commune_officer).exists()
    assert not payroll_policy.visible(actors.social_insurance_officer).exists()
    payroll = PayrollMonth.objects.get()
    payroll_approve(actor=actors.labour_head, payroll=payroll, acknowledgement=ACKNOWLEDGED)
    assert not payroll_policy.visible(actors.post_office_officer).exists()
    payroll_send(actor=actors.labour_head, payroll=payroll)
    assert payroll_policy.visible(actors.post_office_officer).get() == payroll


def test_results_are_applied_all_or_nothing(actors, sent):
    payroll, an, binh = sent
    lines = {line.person_id: line for line in payroll.lines.all()}
    good = LineResult(
        lines[an.pk].pk, paid_on=date(2024, 3, 5), paid_to_name="Nguyễn Văn An", paid_to_kind="beneficiary"
    )
    bad = LineResult(lines[binh.pk].pk)  # neither a date nor a reason
    with pytest.raises(ValidationError, match="ghi ngày chi trả hoặc lý do chưa chi trả") as error:
        payment_results_apply(actor=actors.post_office_officer, payroll=payroll, results=[good, bad])
    assert error.value.message_dict["results"] == ["Dòng 2: ghi ngày chi trả hoặc lý do chưa chi trả."]
    assert not PayrollLine.objects.filter(paid_on__isnull=False).exists()
    with pytest.raises(PermissionDenied, match="không có quyền"):
        payment_results_apply(actor=actors.own_commune_officer, payroll=payroll, results=[good])
    unpaid = LineResult(lines[binh.pk].pk, not_paid_reason="Đi viện")
    assert (
        payment_results_apply(actor=actors.post_office_officer, payroll=payroll, results=[good, unpaid]).recorded == 2
    )
    rows = month_totals(actor=actors.labour_officer, month=MARCH)
    assert (rows[0].paid, rows[0].unpaid, rows[0].pending) == (540_000, 720_000, 0)


def test_violation_when_paid_to_someone_else(actors, sent):
    payroll, an, binh = sent
    lines = {line.person_id: line for line in payroll.lines.all()}
    payment_results_apply(
        actor=actors.post_office_officer,
        payroll=payroll,
        results=[
            LineResult(
                lines[an.pk].pk, paid_on=date(2024, 3, 5), paid_to_name="nguyen van an", paid_to_kind="beneficiary"
            ),
            LineResult(lines[binh.pk].pk, paid_on=date(2024, 3, 5), paid_to_name="Lý Văn Lạ", paid_to_kind="other"),
        ],
    )
    flagged = PayrollLine.objects.filter(violation=True)
    assert [line.person_id for line in flagged] == [binh.pk]
    assert month_totals(actor=actors.own_commune_officer, month=MARCH)[0].violations == 1


def test_unpaid_amounts_carry_over_and_money_is_conserved(actors, lucnam):
    an, _ = beneficiary(lucnam.doi_ngo, "Nguyễn Văn An", coefficient="1.5")
    beneficiary(lucnam.doi_ngo, "Trần Thị Bình", coefficient="2.0")
    beneficiary(lucnam.cam_ly, "Lê Văn Cường", coefficient="2.0")
    run_month(actors, MARCH, commune=lucnam.doi_ngo, unpaid={an.pk})
    run_month(actors, MARCH, commune=lucnam.cam_ly)
    april = YearMonth(2024, 4)
    payroll_generate(actor=actors.labour_officer, month=april)
    carried = PayrollLine.objects.get(person=an, month=april.first_day, kind=LineKind.CARRIED)
    assert (carried.arrears_amount, carried.covered_from, carried.months_covered) == (540_000, MARCH.first_day, 1)
    march = month_totals(actor=actors.labour_officer, month=MARCH)
    district = district_totals(march)
    assert (district.total, district.paid, district.unpaid, district.carried_over) == (
        1_980_000,
        1_440_000,
        540_000,
        540_000,
    )
    assert district.paid + district.unpaid == district.total
    april_total = sum(PayrollLine.objects.filter(month=april.first_day).values_list("total", flat=True))
    assert (
        april_total
        == district_totals(month_totals(actor=actors.labour_officer, month=april)).total
        == 1_980_000 + 540_000
    )


def test_three_unpaid_months_open_one_suspension_dossier(actors, lucnam):
    an, _ = beneficiary(lucnam.doi_ngo, "Nguyễn Văn An", coefficient="1.5")
    beneficiary(lucnam.doi_ngo, "Trần Thị Bình", coefficient="2.0")
    for month in (MARCH, YearMonth(2024, 4), YearMonth(2024, 5)):
        run_month(actors, month, commune=lucnam.doi_ngo, unpaid={an.pk})
    june = YearMonth(2024, 6)
    result = payroll_generate(actor=actors.labour_officer, month=june)
    assert result.suspensions_proposed == 1
    dossier = Dossier.objects.get(person=an)
    assert dossier.kind == "suspend"
    assert payroll_generate(actor=actors.labour_officer, month=june).suspensions_proposed == 0
    assert Dossier.objects.filter(person=an).count() == 1
    carried = PayrollLine.objects.get(person=an, month=june.first_day, kind=LineKind.CARRIED)
    assert (carried.months_covered, carried.arrears_amount) == (3, 3 * 540_000)


def test_post_office_report_and_feedback(actors, lucnam, sent):
    payroll, an, binh = sent
    with pytest.raises(ValidationError, match="Còn 2 dòng chưa ghi kết quả chi trả"):
        post_office_report_submit(actor=actors.post_office_officer, month=MARCH)
    lines = {line.person_id: line for line in payroll.lines.all()}
    payment_results_apply(
        actor=actors.post_office_officer,
        payroll=payroll,
        results=[
            LineResult(
                lines[an.pk].pk, paid_on=date(2024, 3, 5), paid_to_name="Nguyễn Văn An", paid_to_kind="beneficiary"
            ),
            LineResult(lines[binh.pk].pk, not_paid_reason="Vắng nhà"),
        ],
    )
    report = post_office_report_submit(actor=actors.post_office_officer, month=MARCH, notes="Đã chi tại điểm bưu điện")
    assert (report.paid_total, report.unpaid_total, report.due_on) == (540_000, 720_000, date(2024, 3, 19))
    assert report.is_late  # submitted today, long after March 2024
    assert PayrollMonth.objects.get(pk=payroll.pk).status == PayrollStatus.REPORTED
    assert post_office_report_submit(actor=actors.post_office_officer, month=MARCH) == report
    events = AuditEvent.objects.filter(action="payments.report_submit").count()
    assert events == 1
    with pytest.raises(PermissionDenied, match="không có quyền"):
        service_feedback_record(actor=actors.own_commune_officer, commune=lucnam.doi_ngo, month=MARCH, rating=5)
    with pytest.raises(ValidationError, match="Mức hài lòng từ 1 đến 5"):
        service_feedback_record(actor=actors.post_office_officer, commune=lucnam.doi_ngo, month=MARCH, rating=9)
    feedback = service_feedback_record(
        actor=actors.post_office_officer, commune=lucnam.doi_ngo, month=MARCH, rating=4, comment="Chi đúng hẹn"
    )
    assert feedback.rating == 4
