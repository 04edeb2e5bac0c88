from __future__ import annotations

from datetime import date

from django.db import models

from ansinh.territory.models import AdministrativeUnitQuerySet, UnitCoverage, UnitLevel


def covered_unit_ids(unit_id: int) -> models.QuerySet[UnitCoverage, int]:
    """A subquery of the ids of every unit that `unit_id` covers (itself included)."""
    return UnitCoverage.objects.filter(ancestor_id=unit_id).values_list("descendant_id", flat=True)


def unit_covers(ancestor_id: int, unit_id: int) -> bool:
    return UnitCoverage.objects.filter(ancestor_id=ancestor_id, descendant_id=unit_id).exists()


def communes_active_on(units: AdministrativeUnitQuerySet, day: date) -> AdministrativeUnitQuerySet:
    return units.filter(level=UnitLevel.COMMUNE).active_on(day)


def unit_with_relations(
    units: AdministrativeUnitQuerySet,
) -> AdministrativeUnitQuerySet:
    return units.select_related("parent").prefetch_related("successions_in__predecessor", "successions_out__successor")
