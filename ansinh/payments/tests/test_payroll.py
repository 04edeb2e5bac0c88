"""Generating the monthly lists: amounts, payees, arrears, moves, rate changes, idempotency."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from ansinh.cases.models import DecisionKind, Suspension
from ansinh.core.months import YearMonth
from ansinh.payments.actions import payroll_approve, payroll_generate
from ansinh.payments.models import LineKind, PayrollLine, PayrollMonth, PayrollStatus
from ansinh.payments.payroll import send_deadline
from ansinh.payments.selectors import district_totals, month_totals, rate_changes
from ansinh.payments.tests.conftest import (
    ACKNOWLEDGED,
    beneficiary,
    decision,
    entitle,
    funeral,
    pay_all,
    person,
    run_month,
)
from ansinh.rules.models import Parameter

pytestmark = pytest.mark.usefixtures("before_the_reform")  # the district flow (conftest)

MARCH, APRIL, MAY = YearMonth(2024, 3), YearMonth(2024, 4), YearMonth(2024, 5)


def lines_of(who, month=None):
    lines = PayrollLine.objects.filter(person=who)
    return lines.filter(month=month.first_day) if month else lines


@pytest.fixture
def people(lucnam):
    an, _ = beneficiary(lucnam.doi_ngo, "Nguyễn Văn An", coefficient="1.5")
    binh, _ = beneficiary(lucnam.doi_ngo, "Trần Thị Bình", category="5.6", coefficient="2.5")
    cuong, _ = beneficiary(lucnam.cam_ly, "Lê Văn Cường", coefficient="2.0")
    return an, binh, cuong


def test_regular_lines_amounts_and_money_is_conserved(actors, lucnam, people):
    an, binh, cuong = people
    result = payroll_generate(actor=actors.labour_officer, month=MARCH)
    assert (result.communes, result.lines) == (2, 3)
    line = lines_of(an).get()
    assert (line.kind, line.rate, line.regular_amount, line.total) == (LineKind.REGULAR, 360_000, 540_000, 540_000)
    assert (line.payee_kind, line.payee_name) == ("beneficiary", "Nguyễn Văn An")
    assert line.total_in_words == "Năm trăm bốn mươi nghìn đồng"
    assert lines_of(binh).get().total == 900_000
    assert lines_of(cuong).get().total == 720_000
    # money is conserved: lines = commune totals = district total = the generation's total
    rows = month_totals(actor=actors.labour_officer, month=MARCH)
    assert sum(row.total for row in rows) == district_totals(rows).total == result.total == 2_160_000
    for payroll in PayrollMonth.objects.filter(month=MARCH.first_day):
        assert payroll.total == sum(payroll.lines.values_list("total", flat=True))
    assert PayrollMonth.objects.get(commune=lucnam.doi_ngo).send_deadline == date(2024, 2, 24) == send_deadline(MARCH)


def test_regenerating_a_draft_replaces_it_and_approval_freezes(actors, lucnam, people):
    _an, _, _ = people
    first = payroll_generate(actor=actors.labour_officer, month=MARCH)
    ids = set(PayrollLine.objects.values_list("pk", flat=True))
    again = payroll_generate(actor=actors.labour_officer, month=MARCH)
    assert (again.lines, again.total) == (first.lines, first.total)
    assert PayrollLine.objects.count() == 3 and not ids & set(PayrollLine.objects.values_list("pk", flat=True))
    payroll = PayrollMonth.objects.get(commune=lucnam.doi_ngo, month=MARCH.first_day)
    payroll_approve(actor=actors.labour_head, payroll=payroll, acknowledgement=ACKNOWLEDGED)
    before = list(PayrollLine.objects.filter(payroll=payroll).values_list("pk", "total"))
    beneficiary(lucnam.doi_ngo, "Phạm Văn Dũng")
    # a frozen list is left as it is and counted in the figures (contracts.md §4)
    one = payroll_generate(actor=actors.labour_officer, month=MARCH, commune=lucnam.doi_ngo)
    assert one.frozen == [lucnam.doi_ngo.pk] and (one.communes, one.lines) == (1, len(before))
    result = payroll_generate(actor=actors.labour_officer, month=MARCH)
    assert result.frozen == [lucnam.doi_ngo.pk] and result.communes == 2
    assert list(PayrollLine.objects.filter(payroll=payroll).values_list("pk", "total")) == before


def test_only_the_labour_office_generates_and_the_head_approves(actors, lucnam, people):
    for actor in (actors.own_commune_officer, actors.post_office_officer, actors.district_chair):
        with pytest.raises(PermissionDenied, match="không có quyền"):
            payroll_generate(actor=actor, month=MARCH)
    payroll_generate(actor=actors.labour_officer, month=MARCH)
    payroll = PayrollMonth.objects.get(commune=lucnam.doi_ngo, month=MARCH.first_day)
    for actor in (actors.labour_officer, actors.own_commune_chair, actors.post_office_officer):
        with pytest.raises(PermissionDenied, match="không có quyền"):
            payroll_approve(actor=actor, payroll=payroll, acknowledgement=ACKNOWLEDGED)
    assert PayrollMonth.objects.get(pk=payroll.pk).status == PayrollStatus.DRAFT
    approved = payroll_approve(actor=actors.labour_head, payroll=payroll, acknowledgement=ACKNOWLEDGED)
    assert approved.status == PayrollStatus.APPROVED
    assert (
        payroll_approve(actor=actors.labour_head, payroll=payroll, acknowledgement=ACKNOWLEDGED).approved_at
        == approved.approved_at
    )


def test_two_categories_give_two_regular_lines(actors, lucnam):
    mother = person(lucnam.doi_ngo, "Hoàng Thị Mai", birth_year=1980)
    entitle(mother, category="5.4", coefficient="2.0")  # two children: 1.0 each (Art 5(4))
    entitle(mother, category="5.6", coefficient="1.5")
    payroll_generate(actor=actors.labour_officer, month=MARCH)
    assert sorted(lines_of(mother).values_list("category_code", "total")) == [("5.4", 720_000), ("5.6", 540_000)]


def test_death_month_is_paid_and_the_next_is_not(actors, lucnam, people):
    an, _, _ = people
    an.life_status, an.death_date = "dead", date(2024, 3, 31)
    an.save()
    payroll_generate(actor=actors.labour_officer, month=MARCH)
    payroll_generate(actor=actors.labour_officer, month=APRIL)
    assert list(lines_of(an).values_list("month", flat=True)) == [MARCH.first_day]


def test_entitlement_without_coefficient_is_left_off_with_a_count(actors, lucnam):
    beneficiary(lucnam.doi_ngo, "Đỗ Văn Em", coefficient=None, paper=True)
    result = payroll_generate(actor=actors.labour_officer, month=MARCH)
    assert (result.lines, result.without_coefficient) == (0, 1)


def test_grant_effective_earlier_is_paid_with_arrears_once(actors, lucnam, people):
    run_month(actors, YearMonth(2024, 2), commune=lucnam.doi_ngo)
    run_month(actors, MARCH, commune=lucnam.doi_ngo)
    # decided in April, effective from February (e.g. the disability certificate's month)
    late, _ = beneficiary(lucnam.doi_ngo, "Vũ Văn Giang", start=YearMonth(2024, 2), coefficient="2.0")
    run_month(actors, APRIL, commune=lucnam.doi_ngo)
    arrears = lines_of(late, APRIL).get(kind=LineKind.ARREARS)
    assert (arrears.covered_from, arrears.covered_to, arrears.months_covered) == (
        date(2024, 2, 1),
        date(2024, 3, 1),
        2,
    )
    assert arrears.arrears_amount == arrears.total == 2 * 720_000
    assert lines_of(late, APRIL).get(kind=LineKind.REGULAR).total == 720_000
    payroll_generate(actor=actors.labour_officer, month=MAY)
    assert not lines_of(late, MAY).filter(kind=LineKind.ARREARS).exists()


def test_paper_entitlements_get_no_arrears_before_the_first_list(actors, lucnam):
    old, _ = beneficiary(lucnam.doi_ngo, "Bùi Thị Hoa", start=YearMonth(2021, 7), paper=True)
    payroll_generate(actor=actors.labour_officer, month=MARCH)
    assert list(lines_of(old).values_list("kind", flat=True)) == [LineKind.REGULAR]


def test_move_between_communes_no_gap_no_double_payment(actors, lucnam):
    who = person(lucnam.doi_ngo, "Ngô Văn Khánh")
    entitle(who, start=YearMonth(2024, 1), end=MAY)
    entitle(who, start=MAY, commune=lucnam.cam_ly)
    for month in (MARCH, APRIL, MAY, YearMonth(2024, 6)):
        payroll_generate(actor=actors.labour_officer, month=month)
    rows = list(lines_of(who).order_by("month").values_list("month", "commune_id", "kind"))
    assert rows == [
        (date(2024, 3, 1), lucnam.doi_ngo.pk, "regular"),
        (date(2024, 4, 1), lucnam.doi_ngo.pk, "regular"),
        (date(2024, 5, 1), lucnam.cam_ly.pk, "regular"),
        (date(2024, 6, 1), lucnam.cam_ly.pk, "regular"),
    ]


def test_rate_change_2024_07_lists_old_and_new_amounts(actors, lucnam, people):
    june, july = YearMonth(2024, 6), YearMonth(2024, 7)
    payroll_generate(actor=actors.labour_officer, month=june)
    payroll_generate(actor=actors.labour_officer, month=july)
    an, binh, cuong = people
    assert lines_of(an, june).get().total == 540_000 and lines_of(an, july).get().total == 750_000
    rows = {row.person_id: row for row in rate_changes(actor=actors.labour_officer, before=june, after=july)}
    assert set(rows) == {an.pk, binh.pk, cuong.pk}
    assert (rows[binh.pk].old_amount, rows[binh.pk].new_amount, rows[binh.pk].difference) == (
        900_000,
        1_250_000,
        350_000,
    )
    commune_rows = rate_changes(actor=actors.own_commune_officer, before=june, after=july)
    assert {row.person_id for row in commune_rows} == {an.pk, binh.pk}
    assert rate_changes(actor=actors.post_office_officer, before=june, after=july) == []


def test_late_rate_change_pays_the_difference_as_arrears(actors, lucnam, people):
    """The July 2024 list went out at 360,000 because NĐ 76/2024 was entered late; August pays the
    July difference as arrears."""
    an, _, _ = people
    new_rate = Parameter.objects.get(key="standard_rate.national", valid_from=date(2024, 7, 1))
    old_rate = Parameter.objects.get(key="standard_rate.national", valid_to=date(2024, 6, 30))
    saved = (new_rate.valid_from, new_rate.valid_to)
    Parameter.objects.filter(pk=new_rate.pk).update(valid_from=date(2024, 8, 1))
    Parameter.objects.filter(pk=old_rate.pk).update(valid_to=date(2024, 7, 31))
    july = run_month(actors, YearMonth(2024, 7), commune=lucnam.doi_ngo)
    assert july.rate == 360_000 and lines_of(an, YearMonth(2024, 7)).get().total == 540_000
    Parameter.objects.filter(pk=old_rate.pk).update(valid_to=date(2024, 6, 30))
    Parameter.objects.filter(pk=new_rate.pk).update(valid_from=saved[0])
    august = YearMonth(2024, 8)
    payroll_generate(actor=actors.labour_officer, month=august)
    arrears = lines_of(an, august).get(kind=LineKind.ARREARS)
    assert (arrears.covered_from, arrears.arrears_amount, arrears.rate) == (date(2024, 7, 1), 210_000, 500_000)
    assert arrears.note == "Truy lĩnh chênh lệch mức chuẩn"
    assert lines_of(an, august).get(kind=LineKind.REGULAR).total == 750_000
    pay_all(actors, PayrollMonth.objects.get(commune=lucnam.doi_ngo, month=august.first_day))
    payroll_generate(actor=actors.labour_officer, month=YearMonth(2024, 9))
    assert not lines_of(an, YearMonth(2024, 9)).filter(kind=LineKind.ARREARS).exists()


def test_funeral_support_is_listed_for_its_named_payee(actors, lucnam, people):
    an, _, _ = people
    an.life_status, an.death_date = "dead", date(2024, 2, 10)
    an.save()
    funeral(an, MARCH)
    payroll_generate(actor=actors.labour_officer, month=MARCH)
    line = lines_of(an, MARCH).get()
    assert (line.kind, line.category_code, line.total, line.payee_kind, line.payee_name) == (
        LineKind.FUNERAL,
        "funeral",
        7_200_000,
        "named",
        "Nguyễn Văn Bình",
    )


def test_suspended_months_are_not_paid_and_a_lifted_suspension_pays_them_as_arrears(actors, lucnam, people):
    an, _, _ = people
    entitlement = an.entitlements.get()
    run_month(actors, MARCH, commune=lucnam.doi_ngo)
    suspension = Suspension.objects.create(
        entitlement=entitlement,
        from_month=APRIL.first_day,
        reason="unpaid_3_months",
        decision=decision(lucnam.doi_ngo, kind=DecisionKind.SUSPEND, month=APRIL),
    )
    run_month(actors, APRIL, commune=lucnam.doi_ngo)
    run_month(actors, MAY, commune=lucnam.doi_ngo)
    assert not lines_of(an).filter(month__in=[APRIL.first_day, MAY.first_day]).exists()
    suspension.to_month = date(2024, 6, 1)
    suspension.lifted_by = decision(lucnam.doi_ngo, kind=DecisionKind.RESUME, month=YearMonth(2024, 6))
    suspension.save()
    june = YearMonth(2024, 6)
    payroll_generate(actor=actors.labour_officer, month=june)
    arrears = lines_of(an, june).get(kind=LineKind.ARREARS)
    assert (arrears.covered_from, arrears.covered_to, arrears.arrears_amount) == (
        APRIL.first_day,
        MAY.first_day,
        2 * 540_000,
    )
    assert lines_of(an, june).get(kind=LineKind.REGULAR).total == 540_000
