from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.db import connection, models
from django.db.models import ExpressionWrapper
from django.db.models.expressions import RawSQL
from django.db.models.functions import Collate

from ansinh.core.access import Actor
from ansinh.core.text import fold
from ansinh.registry.identity import normalise_id
from ansinh.registry.models import LifeStatus, Person
from ansinh.registry.policies import person_policy
from ansinh.territory.selectors import covered_unit_ids


@dataclass(frozen=True)
class PersonFilter:
    query: str = ""
    commune_id: int | None = None
    village_id: int | None = None
    life_status: str = ""
    category: str = ""


def vietnamese_order(field: str) -> models.Expression | str:
    """Vietnamese collation on PostgreSQL (ICU); the folded name elsewhere."""
    if connection.vendor == "postgresql":
        return Collate(models.F(field), "vi-x-icu")
    return f"{field}_folded"


def person_search(*, actor: Actor, filters: PersonFilter) -> models.QuerySet[Person]:
    """People the actor may see, matching an accent-insensitive name or an ID number."""
    people = person_policy.visible(actor).select_related("commune", "village")
    query = filters.query.strip()
    if query:
        digits = normalise_id(query)
        if digits.isdigit() and len(digits) in (9, 12):
            people = people.filter(models.Q(citizen_id=digits) | models.Q(old_id_number=digits))
        else:
            people = _name_words_filter(people, fold(query).split())
    if filters.commune_id:
        people = people.filter(commune_id__in=covered_unit_ids(filters.commune_id))
    if filters.village_id:
        people = people.filter(village_id=filters.village_id)
    if filters.life_status in LifeStatus.values:
        people = people.filter(life_status=filters.life_status)
    if filters.category:
        # Entitlements belong to the cases app above; the reverse relation needs no import.
        people = people.filter(
            entitlements__category_code=filters.category, entitlements__end_month__isnull=True
        ).distinct()
    return people.order_by(vietnamese_order("full_name"), "birth_year", "pk")


WORD = re.compile(r"[a-z0-9]+")


def _name_words_filter(people: models.QuerySet[Person], words: list[str]) -> models.QuerySet[Person]:
    """Each word typed must begin a word of the name: "ng van a" finds "Nguyễn Văn An".

    On PostgreSQL this is a full-text prefix query on the folded name, served by a GIN index
    (migration 0004); elsewhere, LIKE conditions with the same meaning."""
    words = [word for text in words for word in WORD.findall(text)]
    if not words:
        return people
    if connection.vendor == "postgresql":
        query = " & ".join(f"{word}:*" for word in words)
        match = RawSQL("to_tsvector('simple', full_name_folded) @@ to_tsquery('simple', %s)", [query])
        return people.annotate(name_matches=ExpressionWrapper(match, output_field=models.BooleanField())).filter(
            name_matches=True
        )
    for word in words:
        people = people.filter(
            models.Q(full_name_folded__startswith=word) | models.Q(full_name_folded__contains=f" {word}")
        )
    return people


def with_current_categories(people: models.QuerySet[Person]) -> models.QuerySet[Person]:
    """Prefetch each person's open entitlements (shown as their categories in lists)."""
    open_entitlements = models.Prefetch(
        "entitlements",
        queryset=Person._meta.get_field("entitlements").related_model.objects.filter(end_month__isnull=True),  # type: ignore[union-attr]
        to_attr="current_entitlements",
    )
    return people.prefetch_related(open_entitlements)


def likely_duplicates(*, actor: Actor, person: Person) -> models.QuerySet[Person]:
    """Other people with the same accent-insensitive name, birth year and commune."""
    return (
        person_policy.visible(actor)
        .filter(full_name_folded=person.full_name_folded, birth_year=person.birth_year, commune_id=person.commune_id)
        .exclude(pk=person.pk)
    )


def duplicate_group_members(*, actor: Actor, limit: int) -> list[list[Person]]:
    """The people of the first `limit` duplicate groups, fetched in one query."""
    groups = duplicate_groups(actor=actor)[:limit]
    if not groups:
        return []
    keys = {(group["full_name_folded"], group["birth_year"], group["commune_id"]) for group in groups}
    members: dict[tuple[str, int, int], list[Person]] = {key: [] for key in keys}
    candidates = (
        person_policy.visible(actor)
        .select_related("commune")
        .filter(full_name_folded__in={key[0] for key in keys}, birth_year__in={key[1] for key in keys})
    )
    for person in candidates.order_by("commune_id", "full_name_folded", "pk"):
        key = (person.full_name_folded, person.birth_year, person.commune_id)
        if key in members:
            members[key].append(person)
    return [members[(g["full_name_folded"], g["birth_year"], g["commune_id"])] for g in groups]


def duplicate_groups(*, actor: Actor) -> list[dict[str, Any]]:
    """Groups of two or more visible people sharing folded name, birth year and commune."""
    groups = (
        person_policy.visible(actor)
        .values("full_name_folded", "birth_year", "commune_id")
        .annotate(count=models.Count("id"))
        .filter(count__gt=1)
        .order_by("commune_id", "full_name_folded")
    )
    keys = ("full_name_folded", "birth_year", "commune_id")
    return [{key: group[key] for key in keys} for group in groups]
