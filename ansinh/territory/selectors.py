from __future__ import annotations

from django.db import models

from ansinh.territory.models import AdministrativeUnit, AdministrativeUnitQuerySet, UnitCoverage, UnitLevel


def covered_unit_ids(unit_id: int) -> models.QuerySet[UnitCoverage, int]:
    """A subquery of the ids of every unit that `unit_id` covers (itself included)."""
    return UnitCoverage.objects.filter(ancestor_id=unit_id).values_list("descendant_id", flat=True)


SMALL_SCOPE = 5000


def covered_unit_id_list(unit_id: int) -> list[int] | models.QuerySet[UnitCoverage, int]:
    """The covered ids as a literal list when there are few (a commune, a district), so that the
    planner sees the scope; a subquery for a province or the nation."""
    ids = list(covered_unit_ids(unit_id)[: SMALL_SCOPE + 1])
    return ids if len(ids) <= SMALL_SCOPE else covered_unit_ids(unit_id)


def unit_covers(ancestor_id: int, unit_id: int) -> bool:
    return UnitCoverage.objects.filter(ancestor_id=ancestor_id, descendant_id=unit_id).exists()


def unit_with_relations(
    units: AdministrativeUnitQuerySet,
) -> AdministrativeUnitQuerySet:
    return units.select_related("parent").prefetch_related("successions_in__predecessor", "successions_out__successor")


def province_code_of(unit: AdministrativeUnit) -> str:
    """The code of the province a unit lies in: the territory key of large tables (design.md §5)."""
    while (parent := unit.parent) is not None:
        unit = parent
    return unit.code


def communes_with_code(code: str) -> list[AdministrativeUnit]:
    """Every commune that has had this GSO code, oldest first: a code is reused by a different unit
    after a merger (07444: TT Đồi Ngô until 30/06/2025, Xã Lục Nam from 01/07/2025)."""
    return list(AdministrativeUnit.objects.filter(level=UnitLevel.COMMUNE, code=code).order_by("valid_from"))
