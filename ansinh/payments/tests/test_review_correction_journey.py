"""Issue 14, part 4: the five people of the issue through the periodic review, the batch of change dossiers,
the workflow, the signed decisions, and the next payment list with its arrears and recoveries."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from ansinh.cases.decisions import decide_batch
from ansinh.cases.models import Entitlement
from ansinh.cases.review import review_month
from ansinh.cases.review_actions import CorrectionStatus, review_corrections, review_dossiers_open
from ansinh.cases.tests.factories import change_until
from ansinh.cases.tests.test_review import CASES, make
from ansinh.core.months import YearMonth
from ansinh.payments.actions import LineResult, payment_results_apply, payroll_approve, payroll_generate, payroll_send
from ansinh.payments.models import PayrollLine, PayrollMonth, Recovery

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("before_the_reform")]  # the district flow (conftest)

FIVE = {
    "Cụ Tám Mươi": "elderly poor turns 80",  # 5.5a 1.5 → 2.0 from 05/2024
    "Cháu Bốn Tuổi": "orphan turns 4",  # 5.1 2.5 → 1.5 from 03/2024
    "Em Mười Sáu": "orphan turns 16, not studying",  # 5.1 ends: stop from 05/2024
    "Bà Sáu Mươi": "especially severe turns 60",  # 5.6 2.0 → 2.5 from 06/2024
    "Em Khuyết Tật": "severely disabled child turns 16",  # 5.6 2.0 → 1.5 from 02/2024
}
FIRST_LIST = YearMonth(2024, 4)
AUGUST, SEPTEMBER = YearMonth(2024, 8), YearMonth(2024, 9)


def rate(month: YearMonth) -> int:
    """The standard rate: 360.000 đ (NĐ 20/2021), 500.000 đ from 07/2024 (NĐ 76/2024)."""
    return 500_000 if month >= YearMonth(2024, 7) else 360_000


def months_from(first: YearMonth) -> list[YearMonth]:
    return [first.add(n) for n in range(first.months_until(SEPTEMBER))]


def _kind(line: PayrollLine) -> str:
    return line.payee_kind if line.payee_kind != "named" else "other"


def paid_month(actors, month, commune):
    """Generate, approve (acknowledging the review's differences), send, and pay every line of `month`."""
    payroll_generate(actor=actors.labour_officer, month=month)
    payroll = PayrollMonth.objects.get(month=month.first_day, commune=commune)
    payroll = payroll_approve(actor=actors.labour_head, payroll=payroll, acknowledgement="Chờ quyết định điều chỉnh")
    payroll = payroll_send(actor=actors.labour_head, payroll=payroll)
    results = [
        LineResult(
            line.pk, paid_on=date(month.year, month.month, 5), paid_to_name=line.payee_name, paid_to_kind=_kind(line)
        )
        for line in payroll.lines.all()
    ]
    payment_results_apply(actor=actors.post_office_officer, payroll=payroll, results=results)


def test_the_five_people_are_corrected_through_review_batch_decision_and_the_next_list(lucnam, actors):
    people = {name: make(CASES[case], lucnam, actors, name=name) for name, case in FIVE.items()}
    month = FIRST_LIST
    while month <= AUGUST:
        paid_month(actors, month, lucnam.doi_ngo)
        month = month.add(1)
    review = review_month(AUGUST, [lucnam.doi_ngo.pk])
    assert {item.full_name for item in review.differences} == set(FIVE)
    lines = {item.full_name: item for item in review.differences}

    # The commune officer opens the five dossiers from the review, pre-filled; a second click opens none.
    chosen = [item.entitlement_id for item in review.differences]
    opened = review_dossiers_open(actor=actors.own_commune_officer, month=AUGUST, entitlement_ids=chosen)
    assert {r.status for r in opened} == {CorrectionStatus.OPENED}
    dossiers = {r.difference.full_name: r.dossier for r in opened if r.dossier is not None}
    assert {name: d.kind for name, d in dossiers.items()} == {
        "Cụ Tám Mươi": "adjust",
        "Cháu Bốn Tuổi": "adjust",
        "Em Mười Sáu": "stop",
        "Bà Sáu Mươi": "adjust",
        "Em Khuyết Tật": "adjust",
    }
    elderly = dossiers["Cụ Tám Mươi"]
    assert (elderly.category_code, elderly.coefficient, elderly.proposed_month) == (
        "5.5a",
        Decimal("2.00"),
        date(2024, 5, 1),
    )
    assert elderly.review_basis["reason"] == "age_80"
    assert elderly.review_basis["explanation"] == lines["Cụ Tám Mươi"].explanation
    orphan = dossiers["Em Mười Sáu"]
    assert (orphan.ground, orphan.ground_date) == ("not_eligible", date(2024, 4, 30))
    again = review_dossiers_open(actor=actors.own_commune_officer, month=AUGUST, entitlement_ids=chosen)
    assert {r.status for r in again} == {CorrectionStatus.EXISTING}
    assert {r.dossier.pk for r in again if r.dossier} == {d.pk for d in dossiers.values()}
    assert {c.status for c in review_corrections(actor=actors.own_commune_officer, month=AUGUST)} == {"existing"}
    assert Entitlement.objects.filter(end_month__isnull=False).count() == 0  # nothing changed before a decision

    # The normal workflow; the age changes of the commune and month go into one batch decision.
    adjusts = [change_until(d, actors, "appraise") for name, d in dossiers.items() if d.kind == "adjust"]
    decision = decide_batch(actor=actors.district_chair, dossiers=adjusts)
    assert decision.lines.count() == 4
    change_until(orphan, actors, "decide")
    for name, (_someone, old) in people.items():
        old.refresh_from_db()
        assert old.end_month == lines[name].from_month.first_day
    new = {e.person.full_name: e for e in Entitlement.objects.filter(end_month__isnull=True).select_related("person")}
    assert {name: (str(e.start_month)[:7], e.coefficient) for name, e in new.items()} == {
        "Cụ Tám Mươi": ("2024-05", Decimal("2.00")),
        "Cháu Bốn Tuổi": ("2024-03", Decimal("1.50")),
        "Bà Sáu Mươi": ("2024-06", Decimal("2.50")),
        "Em Khuyết Tật": ("2024-02", Decimal("1.50")),
    }

    # The next list: the new amounts, arrears for the months already listed (from the first list, 04/2024),
    # and the recovery of what the old decisions paid for them. Net, each person gets the law's difference.
    payroll_generate(actor=actors.labour_officer, month=SEPTEMBER)
    september = PayrollLine.objects.filter(month=SEPTEMBER.first_day)
    regular = {line.person.full_name: line.regular_amount for line in september.filter(kind="regular")}
    assert regular == {
        "Cụ Tám Mươi": 1_000_000,
        "Cháu Bốn Tuổi": 750_000,
        "Bà Sáu Mươi": 1_250_000,
        "Em Khuyết Tật": 750_000,
    }
    arrears = {line.person.full_name: line.arrears_amount for line in september.filter(kind="arrears")}
    recovered = dict.fromkeys(FIVE, 0)
    for recovery in Recovery.objects.select_related("person"):
        recovered[recovery.person.full_name] += recovery.amount
    for name, (_someone, old) in people.items():
        item = lines[name]
        months = months_from(max(FIRST_LIST, item.from_month))
        assert arrears.get(name, 0) == sum(round(rate(m) * (item.lawful_coefficient or 0)) for m in months), name
        assert recovered[name] == sum(round(rate(m) * old.coefficient) for m in months), name
    # The orphan past 16 was paid 05–08/2024 past the lawful month: 2 × 540.000 + 2 × 750.000 to recover.
    assert arrears.get("Em Mười Sáu", 0) == 0 and recovered["Em Mười Sáu"] == 2_580_000
    # The elderly person who turned 80 in 05/2024: 2 × 720.000 + 2 × 1.000.000 arrears, less what was paid.
    assert arrears["Cụ Tám Mươi"] - recovered["Cụ Tám Mươi"] == 3_440_000 - 2_580_000
    assert review_month(SEPTEMBER, [lucnam.doi_ngo.pk]).differences == []


def test_a_coefficient_wrong_from_the_first_month_is_corrected_from_that_month(lucnam, actors):
    """Regression: the paid coefficient was wrong from the entitlement's very first month (an elderly poor person
    of 86 decided at 1.5 in 07/2021). The review proposes the adjustment from that first month; the signed
    decision replaces the old entitlement from its first month (a correction of the original decision), and the
    next list pays the arrears and opens the recovery for the months already listed."""
    from ansinh.cases.tests.test_review import NO_SUPPORTER, POOR, START, Case

    someone, old = make(Case(date(1935, 1, 10), "5.5a", "1.5", "2024-08", [NO_SUPPORTER], POOR), lucnam, actors)
    month = FIRST_LIST
    while month <= AUGUST:
        paid_month(actors, month, lucnam.doi_ngo)
        month = month.add(1)
    (line,) = review_month(AUGUST, [lucnam.doi_ngo.pk]).differences
    assert (line.lawful_coefficient, line.from_month, line.reason) == (Decimal("2.0"), YearMonth.of(START), "age_80")

    (opened,) = review_dossiers_open(actor=actors.own_commune_officer, month=AUGUST, entitlement_ids=[old.pk])
    assert opened.dossier is not None and opened.dossier.proposed_month == START
    change_until(opened.dossier, actors, "decide")

    old.refresh_from_db()
    assert (old.start_month, old.end_month) == (START, START)  # replaced from its first month: pays no month
    (new,) = Entitlement.objects.filter(person=someone, end_month__isnull=True)
    assert (new.start_month, new.coefficient, new.category_code) == (START, Decimal("2.00"), "5.5a")
    assert review_month(AUGUST, [lucnam.doi_ngo.pk]).differences == []

    payroll_generate(actor=actors.labour_officer, month=SEPTEMBER)
    september = PayrollLine.objects.filter(month=SEPTEMBER.first_day, person=someone)
    assert sum(line.regular_amount for line in september) == 1_000_000
    listed = months_from(FIRST_LIST)  # arrears only for the months already listed (from the first list)
    assert sum(line.arrears_amount for line in september) == sum(round(rate(m) * 2) for m in listed)
    assert sum(r.amount for r in Recovery.objects.filter(person=someone)) == sum(round(rate(m) * 1.5) for m in listed)
