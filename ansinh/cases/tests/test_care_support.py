"""Care support (NĐ 20/2021/NĐ-CP Art 20) computed from the register: the care forms name the people
cared for by their personal ID (Mẫu 2b: the person taken in; Mẫu 2a: the household's own members),
and Mẫu 1đ asks about a pregnancy (Art 20(2)(a))."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from ansinh.cases.appraisal import calculate
from ansinh.cases.dossiers import dossier_declare, dossier_open
from ansinh.cases.selectors import facts_for
from ansinh.cases.tests.factories import disabled, paper_entitlement, person
from ansinh.cases.transitions import dossier_transition
from ansinh.core.months import YearMonth
from ansinh.registry.models import Person

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("before_the_reform")]  # the district flow (conftest)
AUGUST = date(2024, 8, 1)  # standard rate 500.000 đ (NĐ 76/2024)


def with_id(someone: Person, number: str) -> Person:
    Person.objects.filter(pk=someone.pk).update(citizen_id=number)
    someone.refresh_from_db()
    return someone


def declared(actors, dossier, **answers):
    return dossier_declare(actor=actors.own_commune_officer, dossier=dossier, declaration=answers)


@pytest.fixture
def orphan(actors, lucnam):
    """A 5.1 child aged 1 in 08/2024, on the register with her personal ID."""
    child = with_id(person(actors, lucnam.doi_ngo, name="Lò Thị Nhỏ", born=date(2023, 3, 5)), "024323000111")
    paper_entitlement(child, category="5.1", coefficient="2.5", start=date(2024, 1, 1))
    return child


def test_taking_in_a_child_under_four_is_20_1a_from_the_register(actors, lucnam, orphan):
    carer = person(actors, lucnam.doi_ngo, name="Hà Thị Nuôi", born=date(1980, 2, 2))
    dossier = dossier_open(
        actor=actors.own_commune_officer, person=carer, kind="grant", category_code="20.1a", proposed_month=AUGUST
    )
    assert dossier.form_code == "2b"
    dossier = declared(actors, dossier, cared_person_name="LÒ THỊ NHỎ", cared_person_id_number="024323000111")

    facts = facts_for(carer, YearMonth(2024, 8), dossier.declaration)
    assert facts["cares_for"] == [
        {"kind": "taken_in", "category": "5.1", "birth_date": "2023-03-05", "disability": None}
    ]
    result = calculate(dossier)
    assert result["qualifies"] and Decimal(result["coefficient"]) == Decimal("2.5")
    assert result["category_amount"] == 1_250_000


def test_a_care_form_must_name_people_of_the_register(actors, lucnam):
    carer = person(actors, lucnam.doi_ngo, name="Hà Thị Nuôi", born=date(1980, 2, 2))
    dossier = dossier_open(actor=actors.own_commune_officer, person=carer, kind="grant", category_code="20.1a")
    dossier = declared(actors, dossier, cared_person_id_number="024323999999")
    with pytest.raises(ValidationError, match="Không tìm thấy người có số định danh 024323999999"):
        dossier_transition(actor=actors.own_commune_officer, dossier=dossier, name="submit")
    dossier = declared(actors, dossier, cared_person_id_number="số 12345")
    with pytest.raises(ValidationError, match="phải gồm 12 chữ số"):
        dossier_transition(actor=actors.own_commune_officer, dossier=dossier, name="submit")
    dossier.refresh_from_db()
    assert dossier.state == "draft"


def test_a_household_caring_for_its_especially_severe_member_is_20_2c(actors, lucnam):
    member = disabled(actors, lucnam.doi_ngo, level="especially_severe", name="Vũ Văn Con", born=date(2000, 1, 1))
    with_id(member, "024200000222")
    head = person(actors, lucnam.doi_ngo, name="Vũ Văn Bố", born=date(1970, 1, 1), sex="male")
    dossier = dossier_open(
        actor=actors.own_commune_officer, person=head, kind="grant", category_code="20.2c", proposed_month=AUGUST
    )
    assert dossier.form_code == "2a"
    dossier = declared(actors, dossier, cared_member_id_numbers="024200000222")
    result = calculate(dossier)
    assert result["qualifies"] and Decimal(result["coefficient"]) == Decimal("1.0")
    assert result["category_amount"] == 500_000


def test_a_pregnant_severely_disabled_woman_gets_20_2a(actors, lucnam):
    mother = disabled(actors, lucnam.doi_ngo, level="severe", name="Lê Thị Mẹ", born=date(1995, 5, 5))
    dossier = dossier_open(
        actor=actors.own_commune_officer, person=mother, kind="grant", category_code="20.2a", proposed_month=AUGUST
    )
    assert dossier.form_code == "1đ"
    assert not calculate(dossier)["qualifies"]  # nothing declared yet
    dossier = declared(actors, dossier, pregnant="yes")
    result = calculate(dossier)
    assert result["qualifies"] and Decimal(result["coefficient"]) == Decimal("1.5")


def test_an_elderly_person_taken_in_is_5_5d_and_the_carer_gets_20_1b(actors, lucnam):
    """Neither is decided yet: the elderly person qualifies for 5.5d only once taken in, and the carer's
    support is for a 5.5d person (Art 5(5)(d), 20(1)(b)); the two dossiers are appraised together."""
    from ansinh.cases.tests.factories import elderly_poor

    elder = with_id(elderly_poor(actors, lucnam.doi_ngo, name="Đinh Văn Cụ", born=date(1950, 6, 6)), "024050000333")
    own = dossier_open(
        actor=actors.own_commune_officer,
        person=elder,
        kind="grant",
        category_code="5.5d",
        declaration={"poor_household": True},
        proposed_month=AUGUST,
    )
    assert not calculate(own)["qualifies"]  # not taken in yet: 5.5a at most

    carer = person(actors, lucnam.doi_ngo, name="Hà Thị Nuôi", born=date(1980, 2, 2))
    care = dossier_open(
        actor=actors.own_commune_officer, person=carer, kind="grant", category_code="20.1b", proposed_month=AUGUST
    )
    care = declared(
        actors, care, cared_person_name="ĐINH VĂN CỤ", cared_person_id_number="024050000333", poor_household="yes"
    )

    result = calculate(care)
    assert result["qualifies"] and Decimal(result["coefficient"]) == Decimal("1.5")
    own_result = calculate(own)
    assert own_result["qualifies"] and Decimal(own_result["coefficient"]) == Decimal("3.0")
