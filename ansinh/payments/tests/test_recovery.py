"""Recovery (thu hồi) of months paid after a death, stop or move reported late (domain.md §8)."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ansinh.cases.models import DecisionKind
from ansinh.core.months import YearMonth
from ansinh.payments.actions import (
    offset_setting_set,
    payroll_generate,
    recoveries_detect,
    recovery_repay,
    recovery_write_off,
)
from ansinh.payments.models import MovementKind, PayrollLine, PayrollMonth, Recovery, RecoveryStatus
from ansinh.payments.selectors import open_recoveries, recoveries_by_commune
from ansinh.payments.tests.conftest import beneficiary, decision, entitle, pay_all, person, run_month

pytestmark = pytest.mark.usefixtures("before_the_reform")  # the district flow (conftest)

MONTHS = [YearMonth(2024, m) for m in (3, 4, 5, 6)]


def test_death_reported_three_months_late_gives_exactly_three_months_of_recovery(actors, lucnam):
    who, _ = beneficiary(lucnam.doi_ngo, "Nguyễn Văn An", coefficient="1.5")
    beneficiary(lucnam.doi_ngo, "Trần Văn Bảo", coefficient="1.5")
    for month in MONTHS:
        run_month(actors, month, commune=lucnam.doi_ngo)
    # died in March, reported in July: April, May and June were paid and were not due
    who.life_status, who.death_date = "dead", date(2024, 3, 20)
    who.save()
    payroll_generate(actor=actors.labour_officer, month=YearMonth(2024, 7))
    recoveries = Recovery.objects.filter(person=who).order_by("month")
    assert [r.month for r in recoveries] == [date(2024, 4, 1), date(2024, 5, 1), date(2024, 6, 1)]
    assert sum(r.amount for r in recoveries) == 3 * 540_000
    # paid "in person" after the death: the dead did not collect, the payer that certified it owes (issue 12)
    assert {(r.debtor_name, r.debtor_relation) for r in recoveries} == {
        ("Tổ chức dịch vụ chi trả (bưu điện)", "Đơn vị chi trả đã xác nhận chi tận tay")
    }
    assert PayrollLine.objects.filter(person=who, violation=True).count() == 3
    assert all("chết" in r.reason and r.status == RecoveryStatus.OPEN for r in recoveries)
    assert not PayrollLine.objects.filter(person=who, month=date(2024, 7, 1)).exists()
    # detecting again changes nothing
    assert recoveries_detect(actor=actors.labour_officer, person=who) == 0
    assert Recovery.objects.filter(person=who).count() == 3
    assert recoveries_by_commune(actor=actors.own_commune_officer)[0]["balance"] == 3 * 540_000
    assert open_recoveries(actor=actors.post_office_officer).count() == 0


def test_stop_decided_late_recovers_the_months_after_it(actors, lucnam):
    _who, entitlement = beneficiary(lucnam.doi_ngo, "Lê Thị Cúc", coefficient="2.0")
    for month in MONTHS[:3]:
        run_month(actors, month, commune=lucnam.doi_ngo)
    entitlement.end_month = date(2024, 4, 1)
    entitlement.ended_by = decision(lucnam.doi_ngo, kind=DecisionKind.STOP, month=YearMonth(2024, 4))
    entitlement.save()
    assert recoveries_detect(actor=actors.labour_officer, commune=lucnam.doi_ngo) == 2
    assert set(Recovery.objects.values_list("month", "amount")) == {
        (date(2024, 4, 1), 720_000),
        (date(2024, 5, 1), 720_000),
    }


def test_repayment_and_write_off_by_decision(actors, lucnam):
    who, entitlement = beneficiary(lucnam.doi_ngo, "Lê Thị Cúc", coefficient="2.0")
    run_month(actors, MONTHS[0], commune=lucnam.doi_ngo)
    entitlement.end_month = MONTHS[0].first_day  # stopped from March, known after March was paid
    entitlement.save()
    assert recoveries_detect(actor=actors.labour_officer, person=who) == 1
    recovery = Recovery.objects.get(person=who)
    with pytest.raises(PermissionDenied, match="không có quyền"):
        recovery_repay(actor=actors.own_commune_officer, recovery=recovery, amount=100_000, on=date(2024, 4, 10))
    with pytest.raises(ValidationError, match="Số tiền nộp lại phải từ 1 đến 720"):
        recovery_repay(actor=actors.labour_officer, recovery=recovery, amount=900_000, on=date(2024, 4, 10))
    recovery_repay(
        actor=actors.labour_officer, recovery=recovery, amount=200_000, on=date(2024, 4, 10), reference="PT 12"
    )
    recovery.refresh_from_db()
    assert (recovery.balance, recovery.status) == (520_000, RecoveryStatus.OPEN)
    with pytest.raises(ValidationError, match="Miễn thu hồi phải có số, ngày quyết định") as error:
        recovery_write_off(actor=actors.labour_head, recovery=recovery, decision_reference=" ", on=date(2024, 5, 1))
    assert "decision_reference" in error.value.message_dict
    recovery_write_off(
        actor=actors.labour_head, recovery=recovery, decision_reference="15/QĐ-UBND 01/05/2024", on=date(2024, 5, 1)
    )
    recovery.refresh_from_db()
    assert (recovery.balance, recovery.status) == (0, RecoveryStatus.WRITTEN_OFF)
    assert list(recovery.movements.values_list("kind", "amount")) == [
        (MovementKind.REPAYMENT, 200_000),
        (MovementKind.WRITE_OFF, 520_000),
    ]


def test_offsetting_when_the_district_chooses_it(actors, lucnam):
    """A single parent (5.4) also disabled (5.6): the 5.4 stop is reported late; the district offsets
    the overpaid months against the 5.6 allowance that continues."""
    mother = person(lucnam.doi_ngo, "Hoàng Thị Mai", birth_year=1980)
    single_parent = entitle(mother, category="5.4", coefficient="1.0")
    entitle(mother, category="5.6", coefficient="1.5")
    with pytest.raises(PermissionDenied, match="không có quyền"):
        offset_setting_set(actor=actors.labour_officer, district=lucnam.district, offset_recoveries=True)
    offset_setting_set(
        actor=actors.labour_head, district=lucnam.district, offset_recoveries=True, reference="CV 5/UBND"
    )
    for month in MONTHS[:2]:
        run_month(actors, month, commune=lucnam.doi_ngo)
    single_parent.end_month = date(2024, 4, 1)
    single_parent.save()
    payroll = run_month(actors, MONTHS[2], commune=lucnam.doi_ngo, pay=False)
    line = PayrollLine.objects.get(payroll=payroll, person=mother)
    assert (line.category_code, line.regular_amount, line.recovery_amount, line.total) == (
        "5.6",
        540_000,
        360_000,
        180_000,
    )
    assert payroll.total == 180_000
    pay_all(actors, payroll)
    recovery = Recovery.objects.get(person=mother)
    assert (recovery.balance, recovery.status) == (0, RecoveryStatus.OFFSET)
    assert recovery.movements.get().line_id == line.pk
    june = run_month(actors, MONTHS[3], commune=lucnam.doi_ngo, pay=False)
    assert PayrollLine.objects.get(payroll=june, person=mother).recovery_amount == 0
    assert PayrollMonth.objects.get(pk=june.pk).total == 540_000
