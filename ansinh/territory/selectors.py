from __future__ import annotations

from datetime import date, timedelta

from django.db import models

from ansinh.territory.models import (
    AdministrativeUnit,
    AdministrativeUnitQuerySet,
    UnitCoverage,
    UnitLevel,
    UnitSuccession,
)


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


def successor_names(unit: AdministrativeUnit) -> str:
    return ", ".join(succession.successor.full_name for succession in unit.successions_out.select_related("successor"))


def refused_after_end(unit: AdministrativeUnit, day: date) -> str:
    """The message of a unit asked for something dated after its end (issue 15)."""
    end = unit.valid_to or day
    successors = successor_names(unit)
    into = f" (nay thuộc {successors})" if successors else ""
    return (
        f"{unit.full_name} đã thôi hoạt động từ ngày {end + timedelta(days=1):%d/%m/%Y}{into}: "
        f"không ghi nhận người, hồ sơ hay danh sách chi trả từ ngày {day:%d/%m/%Y}."
    )


def closed_after_change(unit: AdministrativeUnit, day: date) -> bool:
    """A unit ended before `day` whose records have been moved to its successor (the change was
    applied to the register, territory.changes): it takes no new people, dossiers or lists. Before
    the change is applied the register still lives on the old map, and the unit keeps working."""
    return (
        unit.valid_to is not None
        and unit.valid_to < day
        and UnitSuccession.objects.filter(predecessor=unit, applied_at__isnull=False).exists()
    )


def unit_in_force(unit_id: int | None, day: date) -> bool:
    """Whether the unit exists on `day` (its validity)."""
    if unit_id is None:
        return False
    return (
        AdministrativeUnit.objects.filter(pk=unit_id, valid_from__lte=day)
        .filter(models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=day))
        .exists()
    )
