"""Periodic review of care support (NĐ 20/2021 Art 20; domain.md §6), table-driven: the age of the child taken in
(20.1a → 20.1b at 4, 20.1b for a 5.1 child ends at 16), the cared person's death or stop, the carer's own
children under 36 months and pregnancy (20.2a 1.5 / 2.0), and the gaps (a cared person not in the register, a
pregnancy whose outcome was never recorded)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from ansinh.cases.models import Dossier, Entitlement
from ansinh.cases.review import Gap, review_month
from ansinh.cases.tests.factories import paper_entitlement, person
from ansinh.cases.tests.test_review import START, SUPPORT, disability, fact, household
from ansinh.core.months import YearMonth
from ansinh.registry.models import HouseholdMember, LifeStatus, Person, Relationship

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("before_the_reform")]  # the district flow (conftest)

CARED_ID = "024320000111"
LATER = date(2022, 10, 1)  # the 20.2a decisions: the first child (09/2022) born


@dataclass
class Care:
    category: str
    paid: str
    month: str = "2024-08"
    start: date = START
    cared_born: date | None = None  # a 5.1 child taken in (Mẫu 2b)
    cared_life: tuple[str, date] | None = None
    cared_ended: date | None = None  # the child's own 5.1 stopped from this month
    cared_in_register: bool = True
    level: str | None = "severe"  # the carer's own disability (20.2a)
    level_facts: list[tuple[str, dict, date, date | None]] = field(default_factory=list)
    children: list[date] = field(default_factory=list)  # the carer's children (20.2a)
    pregnant_on: date | None = None  # a pregnancy declared that day (Mẫu 1đ)
    expect: tuple[str | None, str | None, str, str] | None = None  # lawful category, coefficient, from, reason
    gaps: set[str] = field(default_factory=set)


CASES = {
    "20.1a child turns 4: 20.1b from that month": Care(
        "20.1a", "2.5", cared_born=date(2020, 3, 15), expect=("20.1b", "1.5", "2024-03", "cared_age_4")
    ),
    "20.1a child of 3 is right": Care("20.1a", "2.5", cared_born=date(2021, 3, 1)),
    "20.1b child turns 16: stops the month after": Care(
        "20.1b", "1.5", cared_born=date(2008, 4, 20), expect=(None, None, "2024-05", "cared_age_16")
    ),
    "20.1b child of 10 is right": Care("20.1b", "1.5", cared_born=date(2014, 1, 1)),
    "20.1b paid 2.5 from the start for a child of 5": Care(
        "20.1b", "2.5", cared_born=date(2016, 1, 1), expect=("20.1b", "1.5", "2021-07", "cared_age")
    ),
    "child taken in died": Care(
        "20.1a",
        "2.5",
        cared_born=date(2022, 1, 1),
        cared_life=(LifeStatus.DEAD, date(2024, 3, 15)),
        expect=(None, None, "2024-04", "cared_death"),
    ),
    "child taken in stopped 5.1": Care(
        "20.1b",
        "1.5",
        cared_born=date(2014, 1, 1),
        cared_ended=date(2024, 6, 1),
        expect=(None, None, "2024-06", "cared_stopped"),
    ),
    "child taken in declared missing": Care(
        "20.1b",
        "1.5",
        cared_born=date(2014, 1, 1),
        cared_life=(LifeStatus.MISSING, date(2024, 5, 2)),
        expect=(None, None, "2024-06", "cared_stopped"),
    ),
    "cared person not in the register: a gap": Care(
        "20.1a", "2.5", cared_born=date(2022, 1, 1), cared_in_register=False, gaps={Gap.CARED_UNKNOWN}
    ),
    "20.2a one child reaches 36 months: stops the month after": Care(
        "20.2a", "1.5", children=[date(2021, 5, 10)], expect=(None, None, "2024-06", "young_children")
    ),
    "20.2a one child under 36 months is right": Care("20.2a", "1.5", start=LATER, children=[date(2022, 9, 1)]),
    "20.2a (2.0) two children, the elder reaches 36 months: 1.5 from that month": Care(
        "20.2a",
        "2.0",
        start=LATER,
        children=[date(2021, 5, 10), date(2022, 9, 1)],
        expect=("20.2a", "1.5", "2024-05", "young_children"),
    ),
    "20.2a a second child born: 2.0 from the birth month": Care(
        "20.2a",
        "1.5",
        start=LATER,
        children=[date(2022, 9, 1), date(2024, 2, 3)],
        expect=("20.2a", "2.0", "2024-02", "young_children"),
    ),
    "20.2a pregnancy declared, no child yet: right": Care("20.2a", "1.5", pregnant_on=date(2024, 6, 3)),
    "20.2a pregnancy declared a year ago, no child recorded: a gap": Care(
        "20.2a", "1.5", month="2025-06", pregnant_on=date(2024, 6, 3), gaps={Gap.PREGNANCY_UNKNOWN}
    ),
    "20.2a pregnant and a child under 36 months: 2.0 from the declaration": Care(
        "20.2a",
        "1.5",
        start=LATER,
        children=[date(2022, 9, 1)],
        pregnant_on=date(2024, 6, 3),
        expect=("20.2a", "2.0", "2024-06", "young_children"),
    ),
    "20.2a the baby of the declared pregnancy is born: 1.5 stays": Care(
        "20.2a", "1.5", pregnant_on=date(2023, 10, 3), children=[date(2024, 4, 1)]
    ),
    "20.2a level never recorded: a gap, not a difference (later)": Care(
        "20.2a", "1.5", start=LATER, level=None, children=[date(2022, 9, 1)], gaps={Gap.FACT_MISSING}
    ),
    "20.2a mother's certificate now mild: stops the month after": Care(
        "20.2a",
        "1.5",
        start=LATER,
        level_facts=[disability("severe", START, date(2024, 3, 11)), disability("mild", date(2024, 3, 12))],
        children=[date(2022, 9, 1)],
        expect=(None, None, "2024-04", "disability_level"),
    ),
}


def make(case: Care, lucnam, actors):
    carer = person(actors, lucnam.doi_ngo, name="Người chăm sóc", born=date(1990, 1, 1))
    if case.cared_born is not None:
        child = person(actors, lucnam.doi_ngo, name="Cháu được nhận nuôi", born=case.cared_born)
        fact(child, "support", SUPPORT[1])
        if case.cared_in_register:
            Person.objects.filter(pk=child.pk).update(citizen_id=CARED_ID)
        own = paper_entitlement(child, category="5.1", coefficient="1.5", start=START)
        if case.cared_ended:
            Entitlement.objects.filter(pk=own.pk).update(end_month=case.cared_ended)
        if case.cared_life:
            status, day = case.cared_life
            changes = {"death_date": day} if status == LifeStatus.DEAD else {"missing_on": day}
            Person.objects.filter(pk=child.pk).update(life_status=status, **changes)
        _dossier(carer, actors, "2b", {"cared_person_id_number": CARED_ID}, START)
    if case.category.startswith("20.2"):
        for kind, value, since, until in case.level_facts or ([disability(case.level)] if case.level else []):
            fact(carer, kind, value, since, until)
        home = household(carer, {})
        for born in case.children:
            child = person(actors, lucnam.doi_ngo, name="Con", born=born)
            HouseholdMember.objects.create(
                household=home, person=child, relationship=Relationship.CHILD, valid_from=born
            )
        if case.pregnant_on:
            _dossier(carer, actors, "1đ", {"pregnant": "yes"}, case.pregnant_on)
    return paper_entitlement(carer, category=case.category, coefficient=case.paid, start=case.start)


def _dossier(someone, actors, form, declaration, day):
    dossier = Dossier.objects.create(
        kind="grant",
        person=someone,
        category_code="",
        form_code=form,
        declaration=declaration,
        state="decided",
        commune=someone.commune,
        created_by=actors.own_commune_officer,
    )
    Dossier.objects.filter(pk=dossier.pk).update(
        created_at=timezone.make_aware(datetime(day.year, day.month, day.day, 9))
    )


@pytest.mark.parametrize("name", list(CASES))
def test_review_care_table(name, lucnam, actors):
    case = CASES[name]
    entitlement = make(case, lucnam, actors)

    review = review_month(YearMonth.parse(case.month), [lucnam.doi_ngo.pk])

    lines = [
        (d.entitlement_id, d.lawful_category, d.lawful_coefficient, str(d.from_month), d.reason)
        for d in review.differences
        if d.entitlement_id == entitlement.pk
    ]
    if case.expect is None:
        assert lines == []
    else:
        category, coefficient, from_month, reason = case.expect
        assert lines == [(entitlement.pk, category, Decimal(coefficient) if coefficient else None, from_month, reason)]
        (line,) = [d for d in review.differences if d.entitlement_id == entitlement.pk]
        assert "Điều" in line.explanation
    assert {g.kind for g in review.gaps if g.entitlement_id == entitlement.pk} == case.gaps


def test_review_command_prints_care_lines_in_the_contract(lucnam, actors):
    import json
    from io import StringIO

    from django.core.management import call_command

    entitlement = make(CASES["20.1a child turns 4: 20.1b from that month"], lucnam, actors)
    Person.objects.filter(pk=entitlement.person_id).update(citizen_id="024190000777")
    out = StringIO()

    call_command("review", "--month", "2024-08", "--commune", "07444", stdout=out)

    (line,) = [json.loads(text) for text in out.getvalue().splitlines()]
    assert {key: value for key, value in line.items() if key != "explanation"} == {
        "citizen_id": "024190000777",
        "category": "20.1a",
        "paid_coefficient": "2.5",
        "lawful_category": "20.1b",
        "lawful_coefficient": "1.5",
        "from_month": "2024-03",
        "reason": "cared_age_4",
    }
    assert "đủ 4 tuổi" in line["explanation"] and "Điều 20" in line["explanation"]


def test_a_care_correction_goes_through_the_batch_and_the_signed_decision(lucnam, actors):
    """20.1a → 20.1b when the child turns 4: the review's adjust dossier, decided and signed, replaces the carer's
    entitlement from that month; the review then finds nothing."""
    from ansinh.cases.review_actions import review_dossiers_open
    from ansinh.cases.tests.factories import change_until

    old = make(CASES["20.1a child turns 4: 20.1b from that month"], lucnam, actors)
    (opened,) = review_dossiers_open(
        actor=actors.own_commune_officer, month=YearMonth(2024, 8), entitlement_ids=[old.pk]
    )
    assert opened.dossier is not None
    change_until(opened.dossier, actors, "decide")

    old.refresh_from_db()
    assert old.end_month == date(2024, 3, 1)
    (new,) = Entitlement.objects.filter(person_id=old.person_id, end_month__isnull=True)
    assert (new.category_code, new.coefficient, new.start_month) == ("20.1b", Decimal("1.50"), date(2024, 3, 1))
    assert review_month(YearMonth(2024, 8), [lucnam.doi_ngo.pk]).differences == []
