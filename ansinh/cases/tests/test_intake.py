"""Intake that computes (issue 14, item 5): the declaration's answers reach the calculator and are
marked "theo tờ khai"; the officer picks the category by name with the calculator's suggestion; a
zero result names the missing condition."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ansinh.cases import intake
from ansinh.cases.selectors import facts_for, standard_rate
from ansinh.cases.tests.factories import elderly_poor, grant_until, open_grant, person
from ansinh.cases.transitions import dossier_transition
from ansinh.core.months import YearMonth
from ansinh.registry.models import FactKind, Household, HouseholdMember, HouseholdPoverty, PersonFact, Relationship
from ansinh.rules.conditions import unmet_conditions
from ansinh.rules.facts import parse_facts
from ansinh.rules.formatting import format_coefficient, format_money, round_dong
from ansinh.rules.rulebook import RuleBookLoader

pytestmark = pytest.mark.django_db

AUGUST_2024 = YearMonth(2024, 8)  # standard rate 500.000 đ (NĐ 76/2024), the worked month
LIVING_ALONE_POOR = {"poor_household": "yes", "no_supporter": "yes"}
PUBLIC_CASES = Path("/work/shared/rules/public-cases.jsonl")


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def poor_household(someone, year: int) -> None:
    home = Household.objects.create(commune=someone.commune, code=f"H{someone.pk}")
    HouseholdMember.objects.create(
        household=home, person=someone, relationship=Relationship.HEAD, valid_from=date(2020, 1, 1)
    )
    HouseholdPoverty.objects.create(household=home, year=year, status="poor")


@pytest.fixture
def eighty_six(actors, lucnam):
    """Born 10/05/1938: 86 in 08/2024; nothing about them in the register but their birth."""
    return person(actors, lucnam.doi_ngo, name="Hoàng Thị Một Mình", born=date(1938, 5, 10))


def test_the_declaration_alone_gives_an_86_year_old_poor_person_living_alone_5_5a_at_2_0(eighty_six):
    assert facts_for(eighty_six, AUGUST_2024, LIVING_ALONE_POOR)["no_supporter"] is True

    suggestion = intake.suggest(eighty_six, AUGUST_2024, LIVING_ALONE_POOR, form_code="1d")

    assert (suggestion.category, suggestion.coefficient, suggestion.amount) == (
        "5.5a",
        format_coefficient(Decimal("2.0")),
        1_000_000,  # the table: 5.5a, 80 and over, 2.0 × 500.000 đ in 08/2024
    )
    assert suggestion.declared == (
        "Thuộc hộ nghèo (theo tờ khai)",
        "Không có người có nghĩa vụ và quyền phụng dưỡng (theo tờ khai)",
    )
    assert suggestion.missing == ()


def test_a_register_answer_wins_over_the_declaration(eighty_six):
    PersonFact.objects.create(
        person=eighty_six, kind=FactKind.SUPPORT, value={"no_supporter": False}, effective_from=date(2020, 1, 1)
    )
    # 01/2026: 5.5c (80+ without a pension) ended on 30/06/2025, so nothing else is due
    suggestion = intake.suggest(eighty_six, YearMonth(2026, 1), LIVING_ALONE_POOR, category_code="5.5a")
    assert suggestion.category == ""
    assert suggestion.declared == ("Thuộc hộ nghèo (theo tờ khai)",)
    assert suggestion.missing == (
        "Không thuộc diện 5.5a vì: chưa có thông tin không có người có nghĩa vụ và quyền phụng dưỡng.",
    )


def test_the_declared_pension_schooling_and_disability_reach_the_calculator(eighty_six):
    declaration = {
        "benefits": [{"benefit": "Lương hưu/Trợ cấp BHXH hàng tháng", "amount": 3_000_000}],
        "schooling": "Đang đi học",
        "disability_level": "Đặc biệt nặng",
    }
    facts = facts_for(eighty_six, AUGUST_2024, declaration)
    assert (facts["pension"], facts["studying"], facts["disability"]) == (True, True, "especially_severe")
    assert intake.suggest(eighty_six, AUGUST_2024, declaration).declared == (
        "Đang hưởng lương hưu, trợ cấp BHXH hằng tháng (theo tờ khai)",
        "Đang đi học (theo tờ khai)",
        "Khuyết tật mức đặc biệt nặng (theo tờ khai)",
    )


def test_the_dossier_page_shows_the_suggestion_from_the_declaration_marked_as_declared(actors, eighty_six):
    dossier = open_grant(actors, eighty_six, category="5.5a", declaration=LIVING_ALONE_POOR)
    month = YearMonth.of(timezone.localdate())
    amount = round_dong(Decimal("2.0") * standard_rate(month, "24").value)

    page = client_for(actors.own_commune_officer).get(reverse("cases:dossier_detail", args=[dossier.pk]))

    text = page.content.decode()
    assert page.status_code == 200
    assert "5.5a · Người cao tuổi" in text
    assert f'data-testid="suggested-amount">{format_money(amount)}<' in text
    assert "Thuộc hộ nghèo (theo tờ khai)" in text
    assert "Không có người có nghĩa vụ và quyền phụng dưỡng (theo tờ khai)" in text


def test_a_zero_result_names_the_missing_condition_on_the_dossier_page(actors, eighty_six):
    PersonFact.objects.create(
        person=eighty_six, kind=FactKind.SUPPORT, value={"no_supporter": True}, effective_from=date(2020, 1, 1)
    )
    dossier = open_grant(actors, eighty_six, category="5.5a", declaration={"poor_household": "no"})
    year = timezone.localdate().year

    page = client_for(actors.own_commune_officer).get(reverse("cases:dossier_detail", args=[dossier.pk]))

    assert page.status_code == 200
    assert f"Không thuộc diện 5.5a vì: chưa có thông tin hộ nghèo năm {year}." in page.content.decode()


def test_each_unmet_condition_is_named(lucnam):
    loader = RuleBookLoader()
    book = loader.rulebook(AUGUST_2024, "24")
    young = parse_facts({"id": "x", "month": "2024-08", "birth_date": "1970-01-01", "household": "near_poor"})
    assert [item.text for item in unmet_conditions(young, book, "5.5a")] == [
        "diện 5.5a từ 60 tuổi, người này 54 tuổi",
        "không thuộc hộ nghèo",
        "chưa có thông tin không có người có nghĩa vụ và quyền phụng dưỡng",
    ]
    assert unmet_conditions(young, loader.rulebook(YearMonth(2026, 1), "24"), "5.5c")[0].text == (
        "diện 5.5c không áp dụng trong tháng 01/2026"
    )


@pytest.mark.parametrize(
    "case", [json.loads(line) for line in PUBLIC_CASES.read_text().splitlines() if '"codes"' in line]
)
def test_the_worked_examples_have_no_unmet_condition_for_the_categories_they_get(lucnam, case):
    facts = parse_facts(case["input"])
    book = RuleBookLoader().rulebook(facts.month, facts.province)
    for code in case["expect"]["codes"]:
        assert unmet_conditions(facts, book, code) == (), code


def test_the_creation_page_offers_categories_by_name_and_the_registers_suggestion(actors, eighty_six):
    PersonFact.objects.create(
        person=eighty_six, kind=FactKind.SUPPORT, value={"no_supporter": True}, effective_from=date(2020, 1, 1)
    )
    poor_household(eighty_six, timezone.localdate().year)

    page = client_for(actors.own_commune_officer).get(reverse("cases:dossier_create", args=[eighty_six.pk]))

    text = page.content.decode()
    assert page.status_code == 200
    assert '<option value="5.5a" selected>5.5a · Người cao tuổi' in text
    assert 'data-testid="suggested-category">5.5a · Người cao tuổi' in text
    assert 'data-testid="suggested-coefficient">2,0<' in text


def test_readers_without_the_right_are_not_offered_the_hiv_categories(lucnam):
    today = timezone.localdate()
    restricted = dict(intake.category_choices(restricted=True, day=today))
    outsider = dict(intake.category_choices(restricted=False, day=today))
    assert {"5.3", "5.8", "5.5a"} <= set(restricted)
    assert "5.5a" in outsider and not {"5.3", "5.8"} & set(outsider)
    assert restricted["5.5b"].endswith("(hết hiệu lực từ 30/06/2025)")


def test_the_appraisal_refusal_names_the_missing_condition(actors, lucnam, before_the_reform):
    someone = elderly_poor(actors, lucnam.doi_ngo)  # no poor household recorded or declared
    dossier = grant_until(open_grant(actors, someone), actors, "propose")
    with pytest.raises(ValidationError, match=r"Không thuộc diện 5\.5a vì: chưa có thông tin hộ nghèo năm \d{4}\."):
        dossier_transition(actor=actors.labour_officer, dossier=dossier, name="appraise")
