"""The monthly report as a record: figures from the register and the payment lines of the month,
up the chain commune → labour office → district committee and province, late when not sent by its
dated deadline."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ansinh.core.access import NOT_ALLOWED, OfficeKind, Role
from ansinh.core.months import YearMonth
from ansinh.payments.models import PayrollLine
from ansinh.payments.tests.conftest import beneficiary, run_month
from ansinh.registry.models import LifeStatus
from ansinh.reports import actions, selectors
from ansinh.reports.models import ReportStatus
from ansinh.reports.policies import ReportAction, report_policy
from tests.fixtures import make_user

MAY, JUNE = YearMonth(2025, 5), YearMonth(2025, 6)


@pytest.fixture
def june(lucnam, actors):
    """Đồi Ngô: An paid in May and June, Bình new in June, Cường died in May; Cẩm Lý: Dũng."""
    an, _ = beneficiary(lucnam.doi_ngo, "Nguyễn Văn An", coefficient="1.5", start=MAY)
    cuong, _ = beneficiary(lucnam.doi_ngo, "Lê Văn Cường", coefficient="1.0", start=MAY)
    beneficiary(lucnam.cam_ly, "Phạm Văn Dũng", category="5.5c", coefficient="1.0", start=MAY)
    run_month(actors, MAY, commune=lucnam.doi_ngo)
    cuong.life_status, cuong.death_date = LifeStatus.DEAD, date(2025, 5, 20)
    cuong.save()
    beneficiary(lucnam.doi_ngo, "Trần Thị Bình", category="5.6", coefficient="2.0", start=JUNE)
    run_month(actors, JUNE, commune=lucnam.doi_ngo, unpaid=(an.pk,))
    return lucnam


def test_commune_figures_against_the_payment_lines(june, actors, today_is):
    today_is(date(2025, 7, 2))
    report = actions.report_prepare(actor=actors.own_commune_officer, unit=june.doi_ngo, month=JUNE)
    lines = PayrollLine.objects.filter(month=JUNE.first_day, commune=june.doi_ngo)
    total = report.figures["total"]
    assert total["money"]["due"] == sum(line.total for line in lines) == 750_000 + 1_000_000
    assert total["money"]["paid"] == sum(line.total for line in lines if line.paid_on) == 1_000_000
    assert total["money"]["unpaid"] == 750_000  # An was not at home
    assert total["beneficiaries"] == {"5.5a": 1, "5.6": 1}
    assert total["increases"] == {"new": 1} and total["decreases"] == {"death": 1}
    assert [c["name"] for c in report.figures["communes"]] == ["Đồi Ngô"]
    assert report.due_on == date(2025, 7, 5)  # reports.monthly_due_day.commune (unconfirmed)


def test_up_the_chain_before_july_2025(june, actors, today_is):
    today = date(2025, 7, 3)
    today_is(today)
    commune = actions.report_prepare(actor=actors.own_commune_officer, unit=june.doi_ngo, month=JUNE)
    assert report_policy.recipient_kind(commune) == OfficeKind.LABOUR_OFFICE
    with pytest.raises(PermissionDenied, match=NOT_ALLOWED):  # another commune does not see it
        actions.report_send(actor=actors.other_commune_officer, report=commune)
    commune = actions.report_send(actor=actors.own_commune_officer, report=commune)
    assert commune.status == ReportStatus.SENT and not commune.is_late(today)
    with pytest.raises(PermissionDenied, match=NOT_ALLOWED):
        actions.report_receive(actor=actors.province_viewer, report=commune)
    commune = actions.report_receive(actor=actors.labour_officer, report=commune)
    assert commune.status == ReportStatus.RECEIVED
    district = actions.report_prepare(actor=actors.labour_officer, unit=june.district, month=JUNE)
    commune.refresh_from_db()
    assert commune.included_in == district
    names = [c["name"] for c in district.figures["communes"]]
    assert "Đồi Ngô" in names and "Cẩm Lý" in names and len(names) == 24  # Lục Nam's communes in force in June 2025
    assert district.figures["total"]["beneficiaries"] == {"5.5a": 1, "5.5c": 1, "5.6": 1}
    actions.report_write(actor=actors.labour_head, report=district, narrative="Chi trả đúng hạn.\nKiến nghị: …")
    district = actions.report_send(actor=actors.labour_head, report=district)
    assert report_policy.recipient_kind(district) == OfficeKind.PROVINCE
    assert district in selectors.monthly_reports(actors.province_viewer)
    assert district in selectors.monthly_reports(actors.district_chair)
    with pytest.raises(PermissionDenied, match=NOT_ALLOWED):  # the viewer reads, it does not write
        actions.report_receive(actor=actors.province_viewer, report=district)
    with pytest.raises(ValidationError, match="đã gửi"):
        actions.report_prepare(actor=actors.labour_officer, unit=june.district, month=JUNE)


def test_late_and_shown_on_the_senders_home(june, actors, today_is):
    due = selectors.home_report_due(actors.own_commune_officer, date(2025, 7, 3))
    assert due is not None and due.report is None and due.due_on == date(2025, 7, 5) and not due.late
    due = selectors.home_report_due(actors.own_commune_officer, date(2025, 7, 6))
    assert due is not None and due.late
    today_is(date(2025, 7, 6))
    report = actions.report_prepare(actor=actors.own_commune_officer, unit=june.doi_ngo, month=JUNE)
    report = actions.report_send(actor=actors.own_commune_officer, report=report)
    assert report.is_late(date(2025, 7, 6)) and report.is_late(date(2025, 8, 1))
    assert selectors.home_report_due(actors.own_commune_officer, date(2025, 7, 6)) is not None  # sent late
    assert selectors.home_report_due(actors.province_viewer, date(2025, 7, 6)) is None


def test_bad_input_changes_nothing(june, actors, today_is):
    today_is(date(2025, 7, 3))
    with pytest.raises(ValidationError, match="chưa bắt đầu"):
        actions.report_prepare(actor=actors.own_commune_officer, unit=june.doi_ngo, month=YearMonth(2025, 8))
    report = actions.report_prepare(actor=actors.own_commune_officer, unit=june.doi_ngo, month=JUNE)
    with pytest.raises(ValidationError, match="ký tự điều khiển"):
        actions.report_write(actor=actors.own_commune_officer, report=report, narrative="a\x00b")
    report.refresh_from_db()
    assert report.narrative == ""


def test_after_july_2025_a_commune_reports_to_the_province(lucnam, actors, today_is):
    """The new Xã Lục Nam reports straight to the province; the people still recorded under old TT
    Đồi Ngô (the register not yet moved) count under Xã Lục Nam, the unit in force."""
    today_is(date(2025, 8, 3))
    beneficiary(lucnam.doi_ngo, "Nguyễn Văn An", coefficient="1.5", start=JUNE)
    officer = make_user("xa.lucnam", "ubnd-07444-2025", Role.OFFICER)
    new_lucnam = lucnam["07444@2025"]
    report = actions.report_prepare(actor=officer, unit=new_lucnam, month=YearMonth(2025, 7))
    assert report_policy.recipient_kind(report) == OfficeKind.PROVINCE
    assert [c["name"] for c in report.figures["communes"]] == [new_lucnam.name]
    assert report.figures["total"]["beneficiaries"] == {"5.5a": 1}
    with pytest.raises(ValidationError, match="không còn tồn tại"):
        actions.report_prepare(actor=actors.own_commune_officer, unit=lucnam.doi_ngo, month=YearMonth(2025, 7))
    report = actions.report_send(actor=officer, report=report)
    assert report in selectors.monthly_reports(actors.province_viewer)


def test_the_bhyt_lines_and_the_feedback_of_the_month(june, actors, today_is):
    """BHYT: Bình's new grant is an increase, Cường's death a decrease, An and Bình are covered (issue 17);
    feedback received, answered and closed in June are counted, May's is not (issue 20)."""
    from ansinh.insurance import coverage
    from ansinh.outreach.models import Feedback
    from ansinh.outreach.selectors import month_start

    def feedback(reference: str, received: YearMonth, answered: YearMonth | None = None) -> None:
        Feedback.objects.create(
            reference=reference,
            kind="payment_service",
            channel="web",
            commune=june.doi_ngo,
            office_kind=OfficeKind.COMMUNE,
            text="Hỏi lịch chi trả",
            received_at=month_start(received),
            answered_at=month_start(answered) if answered else None,
            closed_at=month_start(answered) if answered else None,
        )

    feedback("A1", MAY, answered=JUNE)
    feedback("A2", JUNE)
    feedback("A3", MAY)
    today_is(date(2025, 7, 2))
    report = actions.report_prepare(actor=actors.own_commune_officer, unit=june.doi_ngo, month=JUNE)
    total = report.figures["total"]
    changes = coverage.changes(JUNE, [june.doi_ngo.pk])
    assert total["bhyt"] == {"covered": 2, "increases": 1, "decreases": 1}
    assert sorted(change.direction for change in changes) == ["decrease", "increase"]
    assert total["feedback"] == {"received": 1, "answered": 1, "closed": 1}


def test_a_commune_report_of_2025_reaches_the_department_of_the_merged_province(lucnam, actors, today_is):
    """Issue 15 item 2: after the reform the chain reaches the department over Bắc Ninh (24@2025), named as
    on the report's date; the department over Bắc Giang, which ended with its province, does not receive it."""
    today_is(date(2025, 8, 3))
    beneficiary(lucnam["07444@2025"], "Nguyễn Văn An", coefficient="1.5", start=YearMonth(2025, 7))
    officer = make_user("xa.lucnam", "ubnd-07444-2025", Role.OFFICER)
    report = actions.report_prepare(actor=officer, unit=lucnam["07444@2025"], month=YearMonth(2025, 7))
    report = actions.report_send(actor=officer, report=report)
    assert report_policy.recipient_name(report) == "Sở Y tế tỉnh Bắc Ninh"
    old_department = make_user("so.bacgiang", "so-ldtbxh-24", Role.OFFICER)
    new_department = make_user("so.bacninh", "so-24-2025", Role.OFFICER)
    viewer = make_user("so.bacninh.xem", "so-24-2025", Role.VIEWER)
    assert not report_policy.can(old_department, ReportAction.RECEIVE, report)
    assert not report_policy.can(viewer, ReportAction.RECEIVE, report)
    assert report in selectors.monthly_reports(viewer)
    received = actions.report_receive(actor=new_department, report=report)
    assert received.status == ReportStatus.RECEIVED and received.received_by == new_department
