"""The monthly report's calendar and coverage: when a report is due (dated parameters) and which
communes it covers (the territory in force that month)."""

from __future__ import annotations

import calendar
from datetime import date

from django.core.exceptions import ValidationError
from django.db.models import Q

from ansinh.core.months import YearMonth
from ansinh.rules.selectors import parameter_on
from ansinh.territory.models import AdministrativeUnit, UnitLevel
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
