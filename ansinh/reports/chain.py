"""The monthly report's calendar and coverage: when a report is due (dated parameters) and which
communes it covers (the territory in force that month)."""

from __future__ import annotations

import calendar
from collections import defaultdict
from datetime import date

from django.core.exceptions import ValidationError
from django.db.models import Q

from ansinh.accounts.models import Office
from ansinh.accounts.selectors import office_name_on, office_over
from ansinh.core.months import YearMonth
from ansinh.rules.selectors import parameter_on
from ansinh.territory.models import AdministrativeUnit, UnitLevel, UnitSuccession
from ansinh.territory.selectors import covered_unit_ids


def due_date(unit: AdministrativeUnit, month: YearMonth) -> date | None:
    """The due date, or None when no deadline parameter is in force."""
    try:
        return due_on(unit, month)
    except ValidationError:
        return None


def due_on(unit: AdministrativeUnit, month: YearMonth) -> date:
    """The day of the month after `month` by which the report is due (dated parameter)."""
    level = "commune" if unit.level == UnitLevel.COMMUNE else "district"
    following = month.add(1)
    parameter = parameter_on(f"reports.monthly_due_day.{level}", following.first_day)
    if parameter is None:
        raise ValidationError({"month": "Chưa có tham số hạn gửi báo cáo tháng áp dụng cho tháng này."})
    day = min(int(parameter.value), calendar.monthrange(following.year, following.month)[1])
    return date(following.year, following.month, day)


def communes_of(unit: AdministrativeUnit, month: YearMonth) -> list[int]:
    """The communes a report covers: the commune itself, or the communes of a district in force during
    the month (the territory's validity, never a list in code)."""
    if unit.level == UnitLevel.COMMUNE:
        return [unit.pk]
    day = month.first_day
    return list(
        AdministrativeUnit.objects.filter(
            level=UnitLevel.COMMUNE, pk__in=covered_unit_ids(unit.pk), valid_from__lte=day
        )
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .order_by("name")
        .values_list("pk", flat=True)
    )


def communes_ever_covered(unit: AdministrativeUnit) -> list[int]:
    """Every commune the unit covers, whatever its validity: a successor covers its predecessors, so
    records still kept under an abolished commune are found (territory coverage)."""
    return list(
        AdministrativeUnit.objects.filter(level=UnitLevel.COMMUNE, pk__in=covered_unit_ids(unit.pk))
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def in_force(unit_ids: set[int], day: date) -> dict[int, int]:
    """Each unit → the unit in force on `day`: itself, or its successor (followed through several
    reorganisations); a unit split between successors goes to the first one recorded."""
    units = {unit.pk: unit for unit in AdministrativeUnit.objects.filter(pk__in=unit_ids)}
    successions: dict[int, list[tuple[date, int]]] = defaultdict(list)
    for predecessor, successor, effective in UnitSuccession.objects.order_by("effective_date", "pk").values_list(
        "predecessor_id", "successor_id", "effective_date"
    ):
        successions[predecessor].append((effective, successor))
    found: dict[int, int] = {}
    for unit_id in unit_ids:
        current, seen = unit_id, set()
        while current not in seen:
            seen.add(current)
            unit = units.get(current) or AdministrativeUnit.objects.filter(pk=current).first()
            if unit is None or unit.is_active_on(day):
                break
            following = [successor for effective, successor in successions[current] if effective <= day]
            if not following:
                break
            current = following[0]
        found[unit_id] = current
    return found


def recipient_office(unit: AdministrativeUnit, kind: str) -> Office | None:
    """The office a unit's report goes to: the office of `kind` over the unit's parent as the territory
    records it (the district's labour office for a commune of a district; the department over Bắc Giang
    for the district of 2024; the department over Bắc Ninh for a commune of 07/2025)."""
    return office_over(kind, unit.parent_id)


def recipient_name(unit: AdministrativeUnit, kind: str, day: date, fallback: str) -> str:
    """The recipient as a document dated `day` names it: the office's name in force that day (a dated
    name, domain.md §2), or the kind's label when no such office is recorded."""
    office = recipient_office(unit, kind)
    return office_name_on(office, day) if office is not None else fallback


def may_receive_for(scope_unit_id: int | None, unit: AdministrativeUnit, today: date) -> bool:
    """Whether an office over `scope_unit_id` is the recipient of `unit`'s report: the office over the
    unit's parent, or the one over the unit that succeeds that parent today (a late report of 06/2025 of
    the district reaches the department of the merged province)."""
    if scope_unit_id is None or unit.parent_id is None:
        return False
    return scope_unit_id in {unit.parent_id, in_force({unit.parent_id}, today)[unit.parent_id]}
