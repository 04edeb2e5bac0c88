"""Synthetic beneficiaries for the demo and for benchmarks (`seed_demo --size N`).

Deterministic for a given size: Vietnamese names with diacritics, plausible ages for each
category, households on the poor lists, paper decisions and their entitlements, and a few
data problems for the officers to find (likely duplicates, people without a CCCD).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction

from ansinh.audit.events import record_event
from ansinh.cases.models import Decision, DecisionKind, Entitlement
from ansinh.core.text import fold
from ansinh.registry.models import (
    FactKind,
    Household,
    HouseholdMember,
    HouseholdPoverty,
    Person,
    PersonFact,
    Relationship,
    Residence,
    Sex,
)
from ansinh.territory.models import AdministrativeUnit, UnitLevel

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đào",
          "Đinh", "Lương", "Trịnh", "Mai", "Giáp", "Thân", "La", "Chu"]  # fmt: skip
# Roughly how common each family name is in Viet Nam (Nguyễn about 38 %).
FAMILY_WEIGHTS = [38, 11, 9, 7, 5, 4, 3, 3, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]
MIDDLE = {Sex.MALE: ["Văn", "Đức", "Minh", "Hữu", "Quang", "Xuân", "Công", "Đình"],
          Sex.FEMALE: ["Thị", "Thị", "Thị", "Ngọc", "Thu", "Kim", "Thanh", "Minh"]}  # fmt: skip
GIVEN = {
    Sex.MALE: ["An", "Bình", "Cường", "Dũng", "Đức", "Giang", "Hải", "Hùng", "Khánh", "Long", "Mạnh", "Nam",
               "Phúc", "Quân", "Sơn", "Thắng", "Toàn", "Trung", "Tuấn", "Việt", "Vinh", "Hòa", "Lộc", "Tiến"],
    Sex.FEMALE: ["Anh", "Bích", "Cúc", "Dung", "Hà", "Hạnh", "Hằng", "Hoa", "Huệ", "Hương", "Lan", "Liên",
                 "Loan", "Mai", "Nga", "Nhung", "Oanh", "Phượng", "Quyên", "Thảo", "Thủy", "Trang", "Yến"],
}  # fmt: skip
# Mountain communes of Lục Nam where Nùng, Tày, Sán Dìu and Sán Chay families live.
UPLAND = {"07489", "07492", "07495", "07498", "07501", "07504", "07507", "07510", "07513"}
UPLAND_ETHNICITIES = ["01", "01", "07", "02", "18", "15", "04"]


@dataclass(frozen=True)
class CategoryMix:
    code: str
    weight: int
    min_age: int
    max_age: int


MIX = [
    CategoryMix("5.6", 46, 3, 90),
    CategoryMix("5.5c", 22, 80, 100),
    CategoryMix("5.5a", 14, 60, 95),
    CategoryMix("5.5b", 4, 75, 79),
    CategoryMix("5.1", 3, 1, 15),
    CategoryMix("5.2", 2, 16, 21),
    CategoryMix("5.4", 4, 22, 50),
    CategoryMix("5.7", 2, 0, 2),
    CategoryMix("5.8", 2, 20, 55),
    CategoryMix("5.5d", 1, 65, 90),
]
POOR_CATEGORIES = {"5.5a", "5.5b", "5.4", "5.7", "5.8", "5.5d"}
REFERENCE_DAY = date(2024, 3, 1)  # the state of the lists when the district asked for them


def _person(
    rng: random.Random, commune: AdministrativeUnit, villages: list[AdministrativeUnit], mix: CategoryMix
) -> Person:
    sex = Sex.FEMALE if rng.random() < (0.8 if mix.code == "5.4" else 0.5) else Sex.MALE
    age = rng.randint(mix.min_age, mix.max_age)
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    not_yet = (month, day) > (REFERENCE_DAY.month, REFERENCE_DAY.day)  # birthday later in the year
    birth = date(REFERENCE_DAY.year - age - not_yet, month, day)
    year_only = age >= 70 and rng.random() < 0.15  # old records often give the year alone
    name = f"{rng.choices(FAMILY, FAMILY_WEIGHTS)[0]} {rng.choice(MIDDLE[Sex(sex)])} {rng.choice(GIVEN[Sex(sex)])}"
    ethnicity = rng.choice(UPLAND_ETHNICITIES) if commune.code in UPLAND else "01"
    person = Person(
        full_name=name,
        full_name_folded=fold(name),
        birth_date=None if year_only else birth,
        birth_year=birth.year,
        sex=sex,
        ethnicity=ethnicity,
        commune=commune,
        village=rng.choice(villages) if villages else None,
        province_code="24",
    )
    if age >= 14 and rng.random() < 0.8:
        century_digit = (0 if birth.year < 2000 else 2) + (1 if sex == Sex.FEMALE else 0)
        person.citizen_id = f"024{century_digit}{birth.year % 100:02d}{rng.randint(0, 999999):06d}"
    return person


@transaction.atomic
def seed_people(*, size: int, seed: int = 218) -> int:
    """Create `size` beneficiaries over the March 2024 communes; nothing if already seeded."""
    if Person.objects.exists():
        return 0
    rng = random.Random(seed)  # noqa: S311 - demo data
    communes = list(AdministrativeUnit.objects.filter(level=UnitLevel.COMMUNE, parent__code="218").order_by("code"))
    villages = {
        commune.pk: list(AdministrativeUnit.objects.filter(parent=commune, level=UnitLevel.VILLAGE).order_by("name"))
        for commune in communes
    }
    weights = [3 if commune.unit_type == "thi_tran" else 2 if commune.code in UPLAND else 1 for commune in communes]
    people: list[Person] = []
    categories: list[CategoryMix] = []
    for _ in range(size):
        commune = rng.choices(communes, weights)[0]
        mix = rng.choices(MIX, [item.weight for item in MIX])[0]
        people.append(_person(rng, commune, villages[commune.pk], mix))
        categories.append(mix)
    _add_duplicates(rng, people, categories)
    _unique_ids(people)
    Person.objects.bulk_create(people, batch_size=2000)
    _records(rng, people, categories)
    record_event(actor=None, action="registry.demo_people_load", after={"people": len(people)})
    return len(people)


def _add_duplicates(rng: random.Random, people: list[Person], categories: list[CategoryMix]) -> None:
    """About one in 500 people entered twice without a CCCD: the officers should find them."""
    for index in rng.sample(range(len(people)), min(len(people), max(1, len(people) // 500))):
        original = people[index]
        copy = Person(
            full_name=original.full_name.replace("Thị", "Thi") if "Thị" in original.full_name else original.full_name,
            full_name_folded=original.full_name_folded,
            birth_date=None,
            birth_year=original.birth_year,
            sex=original.sex,
            ethnicity=original.ethnicity,
            commune=original.commune,
            village=original.village,
            province_code="24",
        )
        people.append(copy)
        categories.append(categories[index])


def _unique_ids(people: list[Person]) -> None:
    seen: set[str] = set()
    for person in people:
        if person.citizen_id in seen:
            person.citizen_id = None
        elif person.citizen_id:
            seen.add(person.citizen_id)


def _records(rng: random.Random, people: list[Person], categories: list[CategoryMix]) -> None:
    source = "Danh sách đối tượng của xã, tháng 03/2024"
    Residence.objects.bulk_create(
        [
            Residence(person=p, commune=p.commune, village=p.village, valid_from=date(2015, 1, 1), source=source)
            for p in people
        ],
        batch_size=2000,
    )
    facts = []
    poor = []
    levels: dict[int, str] = {}
    for person, mix in zip(people, categories, strict=True):
        if mix.code == "5.6":
            level = rng.choices(["especially_severe", "severe"], [35, 65])[0]
            levels[id(person)] = level
            facts.append(
                PersonFact(
                    person=person,
                    kind=FactKind.DISABILITY,
                    value={"level": level},
                    effective_from=date(rng.randint(2016, 2023), rng.randint(1, 12), 1),
                    source=source,
                )
            )
        elif mix.code in ("5.1", "5.2"):
            facts.append(
                PersonFact(
                    person=person,
                    kind=FactKind.SUPPORT,
                    value={"without_support": True},
                    effective_from=date(2020, 1, 1),
                    source=source,
                )
            )
        if mix.code in POOR_CATEGORIES:
            poor.append(person)
    PersonFact.objects.bulk_create(facts, batch_size=2000)
    households = [Household(commune=p.commune, village=p.village) for p in poor]
    Household.objects.bulk_create(households, batch_size=2000)
    HouseholdMember.objects.bulk_create(
        [
            HouseholdMember(household=h, person=p, relationship=Relationship.HEAD, valid_from=date(2015, 1, 1))
            for h, p in zip(households, poor, strict=True)
        ],
        batch_size=2000,
    )
    HouseholdPoverty.objects.bulk_create(
        [
            HouseholdPoverty(household=h, year=year, status="poor", source=f"Quyết định công nhận hộ nghèo năm {year}")
            for h in households
            for year in (2023, 2024)
        ],
        batch_size=2000,
    )
    _decisions(rng, people, categories, levels)


def demo_coefficient(person: Person, code: str, level: str | None) -> Decimal:
    """The coefficient a demo paper decision states (NĐ 20/2021 Art 6 as in domain.md §5, at the
    reference day): demo data only — real decisions get theirs from the calculator at appraisal."""
    age = person.age_on(REFERENCE_DAY)
    child_or_elderly = age < 16 or age >= 60
    by_category = {
        "5.1": "2.5" if age < 4 else "1.5",
        "5.3": "2.5" if age < 4 else "2.0",
        "5.5a": "2.0" if age >= 80 else "1.5",
        "5.5d": "3.0",
        "5.6": {
            ("especially_severe", True): "2.5",
            ("especially_severe", False): "2.0",
            ("severe", True): "2.0",
        }.get((level or "severe", child_or_elderly), "1.5"),
        "5.2": "1.5",
        "5.7": "1.5",
        "5.8": "1.5",
    }
    return Decimal(by_category.get(code, "1.0"))


def _decisions(rng: random.Random, people: list[Person], categories: list[CategoryMix], levels: dict[int, str]) -> None:
    """One batch decision of the district chair per commune and year (2021–2024)."""
    decisions: dict[tuple[int, int], Decision] = {}
    number = 100
    entitlements = []
    for person, mix in zip(people, categories, strict=True):
        year = rng.randint(2021, 2024) if mix.code not in ("5.5b", "5.5c") else rng.randint(2021, 2023)
        key = (person.commune_id, year)
        if key not in decisions:
            number += 1
            month = rng.randint(7, 12) if year == 2021 else rng.randint(1, 12 if year < 2024 else 2)
            decisions[key] = Decision(
                kind=DecisionKind.GRANT,
                number=f"{number}/QĐ-UBND",
                issued_on=date(year, month, rng.randint(1, 25)),
                signer_name="Phó Chủ tịch UBND huyện Lục Nam",
                legal_basis="NĐ 20/2021/NĐ-CP, Điều 8",
                effective_month=date(year, month, 1),
                recorded_from_paper=True,
                commune_id=person.commune_id,
                province_code="24",
            )
        entitlements.append((person, mix.code, key))
    Decision.objects.bulk_create(decisions.values(), batch_size=1000)
    Entitlement.objects.bulk_create(
        [
            Entitlement(
                person=p,
                category_code=code,
                coefficient=demo_coefficient(p, code, levels.get(id(p))),
                start_month=decisions[key].effective_month,
                granted_by=decisions[key],
                commune_id=p.commune_id,
                province_code="24",
            )
            for p, code, key in entitlements
        ],
        batch_size=2000,
    )
