"""Issue 14, property: over generated people (birth dates, categories, coefficients paid) and review months, once
the dossiers the review proposes are decided and signed, the payment list of the month pays each person exactly
the calculator's amount for that month (or, when the category was lost during the month, the amount held: the stop
runs from the month after, NĐ 20/2021 Art 8(5)), and the review of the month finds nothing left."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ansinh.cases.models import Entitlement
from ansinh.cases.review import review_month
from ansinh.cases.review_actions import review_dossiers_open
from ansinh.cases.selectors import facts_for
from ansinh.cases.tests.factories import change_until
from ansinh.cases.tests.test_review import NO_SUPPORTER, POOR, SUPPORT, Case, disability, make
from ansinh.core.months import YearMonth
from ansinh.payments.actions import payroll_generate
from ansinh.payments.models import PayrollLine
from ansinh.rules.assessing import assess_input
from ansinh.rules.facts import age_on
from ansinh.rules.rulebook import RuleBookLoader

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("before_the_reform")]  # the district flow (conftest)

NAMES = ["Một", "Hai", "Ba"]


def _born(first: date, last: date) -> st.SearchStrategy[date]:
    return st.integers(0, (last - first).days).map(lambda days: first + timedelta(days=days))


def _age_at_start(born: date) -> int:
    return age_on(born, date(2021, 7, 31))


def _decided(born: date, category: str, level: str = "") -> str:
    """The coefficient of Art 6(1) at the decisions' month (07/2021): the register was right when decided, and
    drifted since (the issue). `WRONG` gives the other band instead: a decision wrong from its first month, which
    the review corrects from that month (the new entitlement replaces the old one from its first month)."""
    age = _age_at_start(born)
    if category == "5.1":
        return "2.5" if age < 4 else "1.5"
    if category == "5.5a":
        return "2.0" if age >= 80 else "1.5"
    child_or_elderly = age < 16 or age >= 60
    if level == "especially_severe":
        return "2.5" if child_or_elderly else "2.0"
    return "2.0" if child_or_elderly else "1.5"


WRONG = {"5.1": {"2.5": "1.5", "1.5": "2.5"}, "5.5a": {"2.0": "1.5", "1.5": "2.0"}}
WRONG_56 = {"severe": {"2.0": "1.5", "1.5": "2.0"}, "especially_severe": {"2.5": "2.0", "2.0": "2.5"}}


def _paid(born: date, category: str, wrong: bool, level: str = "") -> str:
    decided = _decided(born, category, level)
    if not wrong:
        return decided
    return (WRONG_56[level] if category == "5.6" else WRONG[category])[decided]


# People who held the category in 07/2021 (the decisions' month), with its coefficient of that month (or, wrong
# from the first month, the other band of the category).
ORPHAN = st.builds(
    lambda born, wrong: Case(born, "5.1", _paid(born, "5.1", wrong), "", [SUPPORT]),
    _born(date(2005, 8, 1), date(2021, 6, 30)),
    st.booleans(),
)
ELDERLY = st.builds(
    lambda born, wrong: Case(born, "5.5a", _paid(born, "5.5a", wrong), "", [NO_SUPPORTER], POOR),
    _born(date(1925, 1, 1), date(1961, 6, 30)),
    st.booleans(),
)
DISABLED = st.builds(
    lambda born, level, wrong: Case(born, "5.6", _paid(born, "5.6", wrong, level), "", [disability(level)]),
    _born(date(1935, 1, 1), date(2020, 12, 31)),
    st.sampled_from(["severe", "especially_severe"]),
    st.booleans(),
)
PEOPLE = st.lists(st.one_of(ORPHAN, ELDERLY, DISABLED), min_size=1, max_size=3)
# TT Đồi Ngô exists until 30/06/2025 (then Xã Lục Nam): a list is made only for a commune in force that month
MONTHS = st.builds(YearMonth, st.integers(2022, 2025), st.integers(1, 12)).filter(lambda m: m <= YearMonth(2025, 6))


def calculator_amount(someone, month: YearMonth) -> int:
    _output, assessment = assess_input(facts_for(someone, month), RuleBookLoader(), explain=False)
    assert assessment is not None
    return assessment.amount


@settings(
    max_examples=15,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(cases=PEOPLE, month=MONTHS)
def test_after_the_proposed_decisions_every_line_is_the_calculators_amount(lucnam, actors, cases, month):
    with transaction.atomic():
        people = [make(case, lucnam, actors, name=f"Người {NAMES[n]}")[0] for n, case in enumerate(cases)]
        review = review_month(month, [lucnam.doi_ngo.pk])
        assert review.gaps == []
        if review.differences:
            chosen = [item.entitlement_id for item in review.differences]
            for correction in review_dossiers_open(
                actor=actors.own_commune_officer, month=month, entitlement_ids=chosen
            ):
                assert correction.dossier is not None
                change_until(correction.dossier, actors, "decide")
        assert review_month(month, [lucnam.doi_ngo.pk]).differences == []

        payroll_generate(actor=actors.labour_officer, month=month)
        stopping = set(
            Entitlement.objects.filter(person__in=people, end_month=month.add(1).first_day).values_list(
                "person_id", flat=True
            )
        )
        for someone in people:
            lines = PayrollLine.objects.filter(month=month.first_day, person=someone)
            if someone.pk in stopping:  # lost the category during the month: paid for it, stopped from the next
                assert len(lines) == 1 and lines[0].regular_amount > 0, someone.full_name  # (Art 8(5))
                continue
            assert sum(line.regular_amount for line in lines) == calculator_amount(someone, month), someone.full_name
            assert sum(line.arrears_amount for line in lines) == 0  # no earlier list: nothing to pay back
        transaction.set_rollback(True)


def test_a_category_lost_during_the_month_stops_the_month_after_and_is_not_listed_again(lucnam, actors):
    """The example the property found: an orphan who turns 16 in 01/2022 is paid for 01/2022; the review of
    01/2022 proposes the stop from 02/2022, and once it is signed the review of 01/2022 lists nothing."""
    month = YearMonth(2022, 1)
    someone = make(Case(date(2006, 1, 1), "5.1", "1.5", "", [SUPPORT]), lucnam, actors, name="Người Một")[0]
    review = review_month(month, [lucnam.doi_ngo.pk])
    assert [item.from_month for item in review.differences] == [YearMonth(2022, 2)]
    for correction in review_dossiers_open(
        actor=actors.own_commune_officer, month=month, entitlement_ids=[review.differences[0].entitlement_id]
    ):
        assert correction.dossier is not None
        change_until(correction.dossier, actors, "decide")

    assert review_month(month, [lucnam.doi_ngo.pk]).differences == []
    payroll_generate(actor=actors.labour_officer, month=month)
    assert [line.regular_amount for line in PayrollLine.objects.filter(month=month.first_day, person=someone)] == [
        540_000
    ]
