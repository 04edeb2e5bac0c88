"""Periodic review (issue 14): every threshold and reason, table-driven; the five people of the issue;
5.5b/5.5c after 30/06/2025; facts unknown for the month are gaps, never differences."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import pytest

from ansinh.cases.review import Gap, review_month
from ansinh.cases.selectors import facts_for
from ansinh.cases.tests.factories import paper_entitlement, person
from ansinh.core.months import YearMonth
from ansinh.registry.models import (
    DifficultArea,
    Household,
    HouseholdMember,
    HouseholdPoverty,
    LifeStatus,
    PersonFact,
    Relationship,
)

pytestmark = pytest.mark.django_db

START = date(2021, 7, 1)


def household(someone, statuses: dict[int, str | None], relationship=Relationship.HEAD):
    """Make `someone` a member of a household listed with `statuses` by year (None: the commune's list of
    that year is loaded, the household is not on it)."""
    home = Household.objects.create(commune=someone.commune, code=f"H{someone.pk}")
    HouseholdMember.objects.create(household=home, person=someone, relationship=relationship, valid_from=START)
    for year, status in statuses.items():
        if status is None:
            other = Household.objects.create(commune=someone.commune, code=f"X{someone.pk}{year}")
            HouseholdPoverty.objects.create(household=other, year=year, status="poor")
        else:
            HouseholdPoverty.objects.create(household=home, year=year, status=status)
    return home


def fact(someone, kind, value, since=START, until=None):
    PersonFact.objects.create(
        person=someone, kind=kind, value=value, effective_from=since, effective_to=until, source="Sổ"
    )


@dataclass
class Case:
    born: date
    category: str
    paid: str
    month: str
    facts: list[tuple[str, dict, date, date | None]] = field(default_factory=list)
    poverty: dict[int, str | None] = field(default_factory=dict)
    difficult: bool = False
    life: tuple[str, date] | None = None
    expect: tuple[str | None, str | None, str, str] | None = None  # lawful category, coefficient, from, reason


SUPPORT = ("support", {"without_support": True}, START, None)
NO_SUPPORTER = ("support", {"no_supporter": True}, START, None)
POOR = {2021: "poor", 2022: "poor", 2023: "poor", 2024: "poor", 2025: "poor", 2026: "poor"}


def disability(level, since=START, until=None):
    return ("disability", {"level": level, "certificate_date": since.isoformat()}, since, until)


CASES = {
    # The five people of the issue (Phương Sơn, 08/2024).
    "elderly poor turns 80": Case(
        date(1944, 5, 10), "5.5a", "1.5", "2024-08", [NO_SUPPORTER], POOR, expect=("5.5a", "2.0", "2024-05", "age_80")
    ),
    "orphan turns 4": Case(
        date(2020, 3, 15), "5.1", "2.5", "2024-08", [SUPPORT], expect=("5.1", "1.5", "2024-03", "age_4")
    ),
    "orphan turns 16, not studying": Case(
        date(2008, 4, 20), "5.1", "1.5", "2024-08", [SUPPORT], expect=(None, None, "2024-05", "age_16")
    ),
    "orphan turns 16, studying: 5.2": Case(
        date(2008, 4, 20),
        "5.1",
        "1.5",
        "2024-08",
        [SUPPORT, ("schooling", {"studying": True}, START, None)],
        expect=("5.2", "1.5", "2024-05", "age_16"),
    ),
    "especially severe turns 60": Case(
        date(1964, 6, 2),
        "5.6",
        "2.0",
        "2024-08",
        [disability("especially_severe")],
        expect=("5.6", "2.5", "2024-06", "age_60"),
    ),
    "severely disabled child turns 16": Case(
        date(2008, 2, 10), "5.6", "2.0", "2024-08", [disability("severe")], expect=("5.6", "1.5", "2024-02", "age_16")
    ),
    # The other thresholds and reasons.
    "5.7 child turns 3": Case(
        date(2021, 2, 1), "5.7", "1.5", "2024-08", poverty=POOR, difficult=True, expect=(None, None, "2024-03", "age_3")
    ),
    "5.2 student turns 23": Case(
        date(2001, 5, 1),
        "5.2",
        "1.5",
        "2024-08",
        [SUPPORT, ("schooling", {"studying": True}, START, None)],
        expect=(None, None, "2024-06", "age_over_22"),
    ),
    "5.2 schooling ended": Case(
        date(2006, 1, 1),
        "5.2",
        "1.5",
        "2024-08",
        [
            SUPPORT,
            ("schooling", {"studying": True}, date(2022, 1, 1), date(2024, 6, 14)),
            ("schooling", {"studying": False}, date(2024, 6, 15), None),
        ],
        expect=(None, None, "2024-07", "schooling_ended"),
    ),
    "5.5a off the 2024 poor list": Case(
        date(1950, 1, 1),
        "5.5a",
        "1.5",
        "2024-08",
        [NO_SUPPORTER],
        {2023: "poor", 2024: None},
        expect=(None, None, "2024-02", "not_poor"),
    ),
    "5.6 level raised by a new certificate": Case(
        date(1980, 1, 1),
        "5.6",
        "1.5",
        "2024-08",
        [disability("severe", START, date(2024, 3, 11)), disability("especially_severe", date(2024, 3, 12))],
        expect=("5.6", "2.0", "2024-03", "disability_level"),
    ),
    "5.6 now mild": Case(
        date(1980, 1, 1),
        "5.6",
        "1.5",
        "2024-08",
        [disability("severe", START, date(2024, 3, 11)), disability("mild", date(2024, 3, 12))],
        expect=(None, None, "2024-04", "disability_level"),
    ),
    "5.5c gets a pension": Case(
        date(1940, 1, 1),
        "5.5c",
        "1.0",
        "2024-08",
        [
            ("income", {"pension": False}, START, date(2024, 2, 9)),
            ("income", {"pension": True}, date(2024, 2, 10), None),
        ],
        expect=(None, None, "2024-03", "income"),
    ),
    "death recorded, not decided": Case(
        date(1940, 1, 1),
        "5.5c",
        "1.0",
        "2024-08",
        [("income", {}, START, None)],
        life=("dead", date(2024, 3, 15)),
        expect=(None, None, "2024-04", "death"),
    ),
    "missing recorded, not decided": Case(
        date(1940, 1, 1),
        "5.5c",
        "1.0",
        "2024-08",
        [("income", {}, START, None)],
        life=("missing", date(2024, 6, 1)),
        expect=(None, None, "2024-07", "missing"),
    ),
    "5.5b ends with June 2025": Case(
        date(1948, 3, 1),
        "5.5b",
        "1.0",
        "2025-07",
        poverty=POOR,
        difficult=True,
        expect=("HTXH.75", "1", "2025-07", "category_ended"),  # the social pension (issue 15 item 3)
    ),
    "5.5c still paid in 12/2026": Case(
        date(1940, 1, 1),
        "5.5c",
        "1.0",
        "2026-12",
        [("income", {}, START, None)],
        expect=("HTXH.75", "1", "2025-07", "category_ended"),
    ),
    "5.5c with a pension: no social pension either": Case(
        date(1940, 1, 1),
        "5.5c",
        "1.0",
        "2026-12",
        [("income", {"pension": True}, START, None)],
        expect=(None, None, "2025-07", "category_ended"),
    ),
    # No difference, no line.
    "5.5b in June 2025 is still right": Case(date(1948, 3, 1), "5.5b", "1.0", "2025-06", poverty=POOR, difficult=True),
    "5.5a at 85 paid 2.0 is right": Case(date(1939, 1, 1), "5.5a", "2.0", "2024-08", [NO_SUPPORTER], POOR),
    "orphan of 3 paid 2.5 is right": Case(date(2021, 3, 15), "5.1", "2.5", "2024-08", [SUPPORT]),
    "5.6 especially severe at 59 paid 2.0 is right": Case(
        date(1965, 6, 2), "5.6", "2.0", "2024-08", [disability("especially_severe")]
    ),
}


def make(case: Case, lucnam, actors, name="Người được rà soát"):
    someone = person(actors, lucnam.doi_ngo, name=name, born=case.born)
    for kind, value, since, until in case.facts:
        fact(someone, kind, value, since, until)
    if case.poverty:
        household(someone, case.poverty)
    if case.difficult:
        DifficultArea.objects.create(unit=lucnam.doi_ngo, valid_from=START, source="QĐ 861/QĐ-TTg")
    if case.life:
        status, day = case.life
        someone.life_status = status
        if status == LifeStatus.DEAD:
            someone.death_date = day
        else:
            someone.missing_on = day
        someone.save()
    entitlement = paper_entitlement(someone, category=case.category, coefficient=case.paid, start=START)
    return someone, entitlement


@pytest.mark.parametrize("name", list(CASES))
def test_review_table(name, lucnam, actors):
    case = CASES[name]
    _someone, entitlement = make(case, lucnam, actors)

    review = review_month(YearMonth.parse(case.month))

    lines = [
        (d.entitlement_id, d.lawful_category, d.lawful_coefficient, str(d.from_month), d.reason)
        for d in review.differences
    ]
    if case.expect is None:
        assert lines == []
    else:
        category, coefficient, from_month, reason = case.expect
        assert lines == [(entitlement.pk, category, Decimal(coefficient) if coefficient else None, from_month, reason)]
        (line,) = review.differences
        assert line.paid_coefficient == Decimal(case.paid)
        assert "Điều" in line.explanation  # cites its clause


def test_amounts_of_the_elderly_person_who_turned_80(lucnam, actors):
    make(CASES["elderly poor turns 80"], lucnam, actors)
    (line,) = review_month(YearMonth(2024, 8)).differences
    assert (line.paid_amount, line.lawful_amount) == (750_000, 1_000_000)
    assert "tuổi của một tháng là số năm tròn vào ngày cuối tháng" in line.explanation


def test_people_of_one_review_with_the_same_facts_each_get_their_own_month(lucnam, actors):
    """Several people whose calculator inputs differ only in the birth date: the review assesses each input
    of the same age once (`_assessment_key`), yet each person gets the month of their own birthday, and a
    person a day short of the threshold gets nothing."""
    born = {
        "Bà Tháng Năm": date(1944, 5, 10),  # 80 in 05/2024
        "Bà Tháng Bảy": date(1944, 7, 31),  # 80 in 07/2024
        "Bà Cuối Tháng Tám": date(1944, 8, 31),  # 80 on the month's last day
        "Bà Tháng Chín": date(1944, 9, 1),  # still 79 in 08/2024
        "Bà Cũng Tháng Năm": date(1944, 5, 10),  # same birthday as the first
    }
    entitlements = {}
    for name, day in born.items():
        _someone, entitlements[name] = make(
            Case(day, "5.5a", "1.5", "2024-08", [NO_SUPPORTER], POOR), lucnam, actors, name=name
        )

    review = review_month(YearMonth(2024, 8))

    lines = {
        d.full_name: (d.entitlement_id, d.lawful_coefficient, str(d.from_month), d.reason, d.lawful_amount)
        for d in review.differences
    }
    expected = {
        name: (entitlements[name].pk, Decimal("2.0"), month, "age_80", 1_000_000)
        for name, month in (
            ("Bà Tháng Năm", "2024-05"),
            ("Bà Tháng Bảy", "2024-07"),
            ("Bà Cuối Tháng Tám", "2024-08"),
            ("Bà Cũng Tháng Năm", "2024-05"),
        )
    }
    assert lines == expected
    assert "sinh 31/07/1944" in review.by_entitlement()[entitlements["Bà Tháng Bảy"].pk].explanation


def test_imported_people_without_facts_still_get_their_age_changes_and_gaps(lucnam, actors):
    """The issue's import: coefficients of 2021, no facts recorded. The age change is certain; the facts not
    recorded are listed as gaps and take nothing away."""
    elderly = make(Case(date(1944, 5, 10), "5.5a", "1.5", "2024-08"), lucnam, actors, name="Cụ Một")[1]
    disabled = make(Case(date(1964, 6, 2), "5.6", "2.0", "2024-08"), lucnam, actors, name="Bà Hai")[1]

    review = review_month(YearMonth(2024, 8))

    found = {(d.entitlement_id, d.lawful_coefficient, str(d.from_month), d.reason) for d in review.differences}
    assert found == {
        (elderly.pk, Decimal("2.0"), "2024-05", "age_80"),
        (disabled.pk, Decimal("2.5"), "2024-06", "age_60"),
    }
    gaps = {(g.entitlement_id, g.kind) for g in review.gaps}
    assert (elderly.pk, Gap.FACT_MISSING) in gaps
    assert (disabled.pk, Gap.FACT_MISSING) in gaps


def test_a_year_without_its_poor_list_is_a_gap_not_a_difference(lucnam, actors):
    case = Case(date(1950, 1, 1), "5.5a", "1.5", "2024-08", [NO_SUPPORTER], {2023: "poor"})
    _someone, entitlement = make(case, lucnam, actors)

    review = review_month(YearMonth(2024, 8))

    assert review.differences == []
    assert [(g.entitlement_id, g.kind) for g in review.gaps] == [(entitlement.pk, Gap.POVERTY_LIST)]


def test_birth_year_only_in_the_threshold_year_is_a_gap(lucnam, actors):
    someone, entitlement = make(Case(date(1944, 1, 1), "5.5a", "1.5", "2024-08", [NO_SUPPORTER], POOR), lucnam, actors)
    someone.birth_date = None
    someone.save()

    review = review_month(YearMonth(2024, 8))

    assert review.differences == []
    assert [(g.entitlement_id, g.kind) for g in review.gaps] == [(entitlement.pk, Gap.BIRTH_DATE)]


def test_single_parent_loses_a_child_unit_at_16(lucnam, actors):
    parent = person(actors, lucnam.doi_ngo, name="Mẹ đơn thân", born=date(1985, 1, 1))
    fact(parent, "marital", {"single_parent": True})
    home = household(parent, POOR)
    for born in (date(2008, 4, 3), date(2012, 1, 1)):
        child = person(actors, lucnam.doi_ngo, name="Con", born=born)
        HouseholdMember.objects.create(household=home, person=child, relationship=Relationship.CHILD, valid_from=START)
    entitlement = paper_entitlement(parent, category="5.4", coefficient="2.0", start=START)

    (line,) = review_month(YearMonth(2024, 8)).differences

    assert (line.entitlement_id, line.lawful_coefficient, str(line.from_month), line.reason) == (
        entitlement.pk,
        Decimal("1.0"),
        "2024-04",
        "children",
    )


def test_merged_duplicate_and_reassessment_are_listed_apart(lucnam, actors):
    _child, certified = make(
        Case(date(2018, 3, 1), "5.6", "2.5", "2024-08", [disability("especially_severe", date(2021, 9, 1))]),
        lucnam,
        actors,
        name="Bé Ba",
    )
    duplicate, merged = make(Case(date(1939, 1, 1), "5.5a", "2.0", "2024-08", [NO_SUPPORTER], POOR), lucnam, actors)
    survivor = person(actors, lucnam.doi_ngo, name="Hồ sơ gốc", born=date(1939, 1, 1))
    duplicate.merged_into = survivor
    duplicate.save()

    review = review_month(YearMonth(2024, 8))

    assert review.differences == []
    assert {(g.entitlement_id, g.kind) for g in review.gaps} == {
        (certified.pk, Gap.REASSESSMENT),
        (merged.pk, Gap.MERGED),
    }


def test_only_the_communes_asked_for(lucnam, actors):
    make(CASES["elderly poor turns 80"], lucnam, actors)
    assert review_month(YearMonth(2024, 8), [lucnam.cam_ly.pk]).differences == []
    assert len(review_month(YearMonth(2024, 8), [lucnam.doi_ngo.pk]).differences) == 1


def test_the_snapshot_gives_the_calculator_what_facts_for_gives(lucnam, actors):
    """The bulk reader and `selectors.facts_for` (one person) agree when the year's list is loaded."""
    someone, _entitlement = make(
        Case(date(1950, 2, 2), "5.5a", "1.5", "2024-08", [NO_SUPPORTER, disability("severe")], POOR, difficult=True),
        lucnam,
        actors,
    )
    from ansinh.cases.review import _Snapshot

    snapshot = _Snapshot.load({someone.pk}, YearMonth(2024, 8))
    assert snapshot.calculator_input(someone.pk) == facts_for(someone, YearMonth(2024, 8))


# --- manage.py review (contracts.md §5) ------------------------------------------------------------


def test_review_command_prints_the_contract_lines_and_writes_nothing(lucnam, actors):
    import json
    from io import StringIO

    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    someone, _entitlement = make(CASES["elderly poor turns 80"], lucnam, actors)
    someone.citizen_id = "024144510101"
    someone.save()
    make(CASES["5.5a at 85 paid 2.0 is right"], lucnam, actors, name="Người đúng")
    out = StringIO()

    with CaptureQueriesContext(connection) as queries:
        call_command("review", "--month", "2024-08", "--commune", "07444", stdout=out)

    (line,) = [json.loads(text) for text in out.getvalue().splitlines()]
    assert {key: value for key, value in line.items() if key != "explanation"} == {
        "citizen_id": "024144510101",
        "category": "5.5a",
        "paid_coefficient": "1.5",
        "lawful_category": "5.5a",
        "lawful_coefficient": "2.0",
        "from_month": "2024-05",
        "reason": "age_80",
    }
    assert "Điều 6 khoản 1" in line["explanation"]
    writes = [
        q["sql"] for q in queries.captured_queries if q["sql"].split()[0].upper() in {"INSERT", "UPDATE", "DELETE"}
    ]
    assert writes == []


def test_review_command_prints_null_when_nothing_is_due(lucnam, actors):
    import json
    from io import StringIO

    from django.core.management import call_command

    make(CASES["5.5c with a pension: no social pension either"], lucnam, actors)
    out = StringIO()
    call_command("review", "--month", "2026-12", stdout=out)
    (line,) = [json.loads(text) for text in out.getvalue().splitlines()]
    assert (line["lawful_category"], line["lawful_coefficient"], line["from_month"], line["reason"]) == (
        None,
        None,
        "2025-07",
        "category_ended",
    )


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--month", "2024-13"], "Tháng không hợp lệ"),
        (["--month", "08/2024"], "Tháng không hợp lệ"),
        (["--month", "2020-01"], "chưa có quy định"),
        (["--month", "2024-08", "--commune", "99999"], "Không có xã mã '99999'"),
    ],
)
def test_review_command_refuses_bad_input(arguments, message, lucnam):
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match=message):
        call_command("review", *arguments)


def test_review_command_exit_status_and_one_line_error(lucnam):
    import os
    import subprocess
    import sys

    from django.conf import settings

    env = {**os.environ}
    result = subprocess.run(
        [sys.executable, "manage.py", "review", "--month", "2024-13"],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 1
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Tháng không hợp lệ" in result.stderr


def test_reason_and_gap_labels_are_translatable_and_cover_every_code():
    from django.utils.functional import Promise

    from ansinh.cases.review import FACT_NAMES, GAP_LABELS, REASON_LABELS, Reason

    assert set(REASON_LABELS) == set(Reason)
    assert set(GAP_LABELS) == set(Gap)
    for label in [*REASON_LABELS.values(), *GAP_LABELS.values(), *FACT_NAMES.values()]:
        assert isinstance(label, Promise), label  # gettext_lazy: translated when shown, in the reader's language
