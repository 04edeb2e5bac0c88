"""Issue 12: the post office's results cannot be rewritten silently. A correction needs a reason and
is audited line by line with before and after; a violation once raised stays visible; the same post
twice records once; a payment "in person" after the recorded death is a violation whichever of the
two is recorded first, and its recovery never names the deceased."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from ansinh.audit.models import AuditEvent
from ansinh.cases.reports import report_death
from ansinh.core.access import Role
from ansinh.core.months import YearMonth
from ansinh.payments.actions import LineResult, payment_results_apply, payroll_approve, payroll_generate, payroll_send
from ansinh.payments.models import PayrollLine, PayrollMonth, Recovery
from ansinh.payments.selectors import payment_reminders
from ansinh.payments.tests.conftest import ACKNOWLEDGED, beneficiary
from ansinh.registry.actions import death_record
from tests.fixtures import make_user

pytestmark = pytest.mark.usefixtures("before_the_reform")  # the district flow (conftest)

NOVEMBER = YearMonth(2024, 11)
PAID_ON = date(2024, 11, 5)
DIED_ON = date(2024, 10, 15)


@pytest.fixture
def sent(actors, lucnam):
    """The November list of Đồi Ngô sent to the post office, with An's line (alive when listed)."""
    an, _ = beneficiary(lucnam.doi_ngo, "Nguyễn Văn An", coefficient="1.5", start=YearMonth(2024, 10))
    payroll_generate(actor=actors.labour_officer, month=NOVEMBER)
    payroll = PayrollMonth.objects.get(commune=lucnam.doi_ngo, month=NOVEMBER.first_day)
    payroll = payroll_send(
        actor=actors.labour_head,
        payroll=payroll_approve(actor=actors.labour_head, payroll=payroll, acknowledgement=ACKNOWLEDGED),
    )
    return payroll, an, PayrollLine.objects.get(payroll=payroll, person=an)


def _paid(line, name="Nguyễn Văn An", kind="beneficiary", reason="", on=PAID_ON):
    return LineResult(line.pk, paid_on=on, paid_to_name=name, paid_to_kind=kind, reason=reason)


def _events(line, action=None):
    events = AuditEvent.objects.filter(object_id=str(line.pk), content_type__model="payrollline")
    return list((events.filter(action=action) if action else events).order_by("occurred_at", "pk"))


def test_paid_then_stranger_then_back_keeps_the_violation_and_audits_each_step(actors, sent, client):
    payroll, an, line = sent
    post = actors.post_office_officer
    payment_results_apply(actor=post, payroll=payroll, results=[_paid(line)])
    stranger = _paid(line, "Lý Văn Lạ", "other", reason="Bưu điện xác minh lại: người lạ ký nhận")
    assert payment_results_apply(actor=post, payroll=payroll, results=[stranger]).corrected == 1
    line.refresh_from_db()
    assert line.violation
    back = _paid(line, reason="Người nhận đúng là ông An, ghi nhầm tên")
    payment_results_apply(actor=post, payroll=payroll, results=[back])
    line.refresh_from_db()
    assert not line.violation
    assert line.violation_cleared.startswith("Chi cho người không phải đối tượng")
    assert line.violation_cleared_reason == "Người nhận đúng là ông An, ghi nhầm tên"

    first, to_stranger, to_back = _events(line)
    assert first.action == "payments.result_record"
    assert first.before is None
    assert first.after["line"] == line.pk
    assert (first.after["person"], first.after["person_name"]) == (an.pk, "Nguyễn Văn An")
    assert (first.after["paid_to_kind"], first.after["paid_to_name"]) == ("beneficiary", "Nguyễn Văn An")
    assert (first.after["paid_on"], first.after["amount"]) == ("2024-11-05", line.total)
    assert to_stranger.action == to_back.action == "payments.result_correct"
    assert (to_stranger.before["paid_to_name"], to_stranger.after["paid_to_name"]) == ("Nguyễn Văn An", "Lý Văn Lạ")
    assert (to_stranger.before["violation"], to_stranger.after["violation"]) == (False, True)
    assert to_stranger.reason == "Bưu điện xác minh lại: người lạ ký nhận"
    assert (to_back.before["paid_to_kind"], to_back.after["paid_to_kind"]) == ("other", "beneficiary")
    assert (to_back.before["violation"], to_back.after["violation"]) == (True, False)
    assert "category" not in str(to_back.after)  # 5.3/5.8 would tell HIV status

    client.force_login(actors.labour_officer)
    page = client.get(reverse("payments:line_detail", args=[line.pk])).content.decode()
    assert "Đã từng ghi nhận chi sai người nhận" in page
    assert "đã gỡ: Người nhận đúng là ông An, ghi nhầm tên" in page
    assert "Lý Văn Lạ" in page
    client.force_login(actors.own_commune_officer)
    person_page = client.get(reverse("registry:person_detail", args=[an.pk])).content.decode()
    assert "Đã từng ghi nhận chi sai người nhận" in person_page
    reminders = payment_reminders(actor=actors.own_commune_officer, today=PAID_ON)
    assert reminders is not None
    assert (reminders.violations, reminders.cleared_violations) == (0, 1)


def test_a_correction_without_a_reason_is_refused_and_changes_nothing(actors, sent, client):
    payroll, _an, line = sent
    payment_results_apply(actor=actors.post_office_officer, payroll=payroll, results=[_paid(line)])
    before = PayrollLine.objects.get(pk=line.pk)
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError, match=r"đã ghi kết quả .*muốn sửa phải ghi lý do sửa"):
        payment_results_apply(
            actor=actors.post_office_officer, payroll=payroll, results=[_paid(line, "Lý Văn Lạ", "other")]
        )
    client.force_login(actors.post_office_officer)
    response = client.post(
        reverse("payments:payroll_result", args=[payroll.pk]),
        {"line": line.pk, "paid_on": "06/11/2024", "paid_to_name": "Lý Văn Lạ", "paid_to_kind": "other"},
        follow=True,
    )
    assert "muốn sửa phải ghi lý do sửa" in response.content.decode()
    after = PayrollLine.objects.get(pk=line.pk)
    assert (after.paid_on, after.paid_to_name, after.violation, after.result_recorded_at) == (
        before.paid_on,
        before.paid_to_name,
        before.violation,
        before.result_recorded_at,
    )
    assert AuditEvent.objects.count() == events


def test_the_same_post_twice_records_once(actors, sent, client):
    payroll, _an, line = sent
    client.force_login(actors.post_office_officer)
    url = reverse("payments:payroll_result", args=[payroll.pk])
    data = {"line": line.pk, "paid_on": "05/11/2024", "paid_to_name": "Nguyễn Văn An", "paid_to_kind": "beneficiary"}
    client.post(url, data)
    recorded_at = PayrollLine.objects.get(pk=line.pk).result_recorded_at
    second = client.post(url, data, follow=True)
    assert "đã được ghi nhận trước đó" in second.content.decode()
    assert PayrollLine.objects.get(pk=line.pk).result_recorded_at == recorded_at
    assert len(_events(line)) == 1
    assert not AuditEvent.objects.filter(action="payments.results_apply").exists()


def test_death_recorded_first_then_a_payment_in_person_is_flagged(actors, sent):
    payroll, an, line = sent
    report_death(actor=actors.own_commune_officer, person=an, died_on=DIED_ON, source="Trưởng thôn báo")
    outcome = payment_results_apply(actor=actors.post_office_officer, payroll=payroll, results=[_paid(line)])
    assert outcome.violations == 1
    line.refresh_from_db()
    assert line.violation
    assert line.violation_reason == "Ghi chi tận tay cho người hưởng nhưng người hưởng đã chết ngày 15/10/2024."
    recovery = Recovery.objects.get(line=line)
    assert recovery.amount == line.total
    assert "Nguyễn Văn An" not in recovery.debtor_name + recovery.collector_name
    assert _events(line, "payments.result_record")[0].after["violation"] is True


def test_payment_recorded_first_then_an_earlier_death_flags_it(actors, sent, lucnam):
    payroll, an, line = sent
    payment_results_apply(actor=actors.post_office_officer, payroll=payroll, results=[_paid(line)])
    assert not PayrollLine.objects.get(pk=line.pk).violation
    death_record(actor=actors.own_commune_officer, person=an, died_on=DIED_ON, source="Hộ tịch xã")
    line.refresh_from_db()
    assert line.violation
    assert "đã chết ngày 15/10/2024" in line.violation_reason
    (flag,) = _events(line, "payments.result_death_flag")
    assert (flag.before["violation"], flag.after["violation"]) == (False, True)
    assert flag.actor == actors.own_commune_officer
    # the next generation finds the same line not payable: still one recovery, never owed by the dead
    payroll_generate(actor=actors.labour_officer, month=YearMonth(2024, 12))
    recovery = Recovery.objects.get(line=line)
    assert recovery.debtor_name == "Tổ chức dịch vụ chi trả (bưu điện)"
    assert recovery.collector_name == "Chưa xác định (ký nhận dưới tên người hưởng)"
    assert "Nguyễn Văn An" not in recovery.debtor_name + recovery.collector_name


def test_a_recovery_after_the_death_names_whoever_collected(actors, sent):
    payroll, an, line = sent
    payment_results_apply(
        actor=actors.post_office_officer, payroll=payroll, results=[_paid(line, "Nguyễn Văn Con", "other")]
    )
    death_record(actor=actors.own_commune_officer, person=an, died_on=DIED_ON, source="Hộ tịch xã")
    payroll_generate(actor=actors.labour_officer, month=YearMonth(2024, 12))
    recovery = Recovery.objects.get(line=line)
    assert (recovery.debtor_name, recovery.collector_name, recovery.collector_kind) == (
        "Nguyễn Văn Con",
        "Nguyễn Văn Con",
        "other",
    )


def test_a_post_office_desk_of_another_commune_cannot_correct(actors, sent, lucnam, client):
    payroll, _an, line = sent
    payment_results_apply(actor=actors.post_office_officer, payroll=payroll, results=[_paid(line)])
    desk = make_user("buudien.camly", "buu-dien-218", Role.OFFICER, territory=lucnam.cam_ly)
    correction = _paid(line, "Lý Văn Lạ", "other", reason="Sửa")
    for outsider in (desk, actors.other_commune_officer, actors.own_commune_officer):
        with pytest.raises(PermissionDenied, match="không có quyền"):
            payment_results_apply(actor=outsider, payroll=payroll, results=[correction])
    client.force_login(desk)
    data = {"line": line.pk, "paid_on": "05/11/2024", "paid_to_name": "Lý Văn Lạ", "paid_to_kind": "other"}
    assert (
        client.post(reverse("payments:payroll_result", args=[payroll.pk]), {**data, "reason": "Sửa"}).status_code == 404
    )
    assert client.get(reverse("payments:line_detail", args=[line.pk])).status_code == 404
    assert PayrollLine.objects.get(pk=line.pk).paid_to_name == "Nguyễn Văn An"
    assert len(_events(line)) == 1
