"""Reads of the law as data. The tables are not scoped by territory: the law is the same for
every office, and the views check `rules_policy.can_view` first."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from itertools import groupby

from django.db import models

from ansinh.accounts.models import DecisionFlow
from ansinh.core.months import YearMonth
from ansinh.rules.models import Category, CoefficientRule, LegalDocument, Parameter
from ansinh.rules.parameters import KNOWN, ParameterKind, Unit, is_standard_rate, parameter_kind
from ansinh.rules.preview import HeldMonth, HeldSource

# Who the register pays in (month, province, area: the covered commune ids, None for everywhere).
# The entitlements are read above rules (cases), which registers its reader here when it starts
# (`CasesConfig.ready`), as the apps register their action labels with audit.
ScopedHeldSource = Callable[[YearMonth, str, list[int] | None], HeldMonth]
_held_sources: list[ScopedHeldSource] = []


def register_held_source(source: ScopedHeldSource) -> None:
    if source not in _held_sources:
        _held_sources.append(source)


def held_in_area(area: list[int] | None) -> HeldSource | None:
    """The reader of the people paid in a month within `area`, when an app above provides one."""
    if not _held_sources:
        return None
    source = _held_sources[-1]
    return lambda month, province: source(month, province, area)


def category_codes() -> set[str]:
    """Every category code ever defined (for imports of historical registers)."""
    return set(Category.objects.values_list("code", flat=True))


_category_names: dict[str, str] = {}


def category_name(code: str) -> str:
    """The category's name ("5.6" → "Người khuyết tật nặng, khuyết tật đặc biệt nặng"), "" for an
    unknown code. Categories are law loaded by data migration and change with a new migration only,
    so the names are read once per process (again when a code is not among them)."""
    if code not in _category_names:
        _category_names.update(Category.objects.values_list("code", "name"))
        _category_names.setdefault(code, "")
    return _category_names[code]


def category_label(code: str) -> str:
    """ "5.6 · Người khuyết tật nặng, khuyết tật đặc biệt nặng"; the code alone when unknown."""
    name = category_name(code)
    return f"{code} · {name}" if name else code


def parameters_by_key() -> list[tuple[ParameterKind, list[Parameter]]]:
    """Each parameter with its dated values, known keys first in the order they are declared."""
    values = Parameter.objects.select_related("source").order_by("key", "valid_from")
    grouped = [
        (parameter_kind(key) or ParameterKind(key, key, Unit.DONG), list(items))
        for key, items in groupby(values, key=lambda parameter: parameter.key)
    ]
    order = {key: index for index, key in enumerate(KNOWN)}
    return sorted(
        grouped, key=lambda item: (order.get(item[0].key, 0.5 if is_standard_rate(item[0].key) else 99), item[0].key)
    )


def categories_with_coefficients() -> models.QuerySet[Category]:
    rules = CoefficientRule.objects.select_related("source").order_by("order")
    return (
        Category.objects.select_related("source")
        .prefetch_related(models.Prefetch("coefficient_rules", queryset=rules))
        .order_by("order")
    )


def documents() -> models.QuerySet[LegalDocument]:
    return LegalDocument.objects.annotate(
        citations=models.Count("parameters", distinct=True)
        + models.Count("categories", distinct=True)
        + models.Count("coefficient_rules", distinct=True)
    )


def parameter_on(key: str, day: date) -> Parameter | None:
    """The value of a dated parameter in force on `day` (None if there is none)."""
    return (
        Parameter.objects.filter(key=key, valid_from__lte=day)
        .filter(models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=day))
        .select_related("source")
        .first()
    )


# Who appraises and decides is dated data (issue 15): 0 = the district flow (NĐ 20/2021 Art 8: the
# labour office appraises, the district chair decides) until 30/06/2025, 1 = the commune flow from
# 01/07/2025 (NĐ 147/2025 Art 5: the commune appraises, its chair decides). rules migration 0003.
AUTHORITY_KEY = "authority.commune_decides"


def commune_flow_since(day: date) -> date | None:
    """The first day of the commune flow when it is in force on `day`, else None (core.access reads this to
    make the district offices a read-only archive from that day)."""
    found = parameter_on(AUTHORITY_KEY, day)
    if found is None or found.value < 1:
        return None
    first = (
        Parameter.objects.filter(key=AUTHORITY_KEY, value__gte=1, valid_from__lte=day)
        .order_by("valid_from")
        .values_list("valid_from", flat=True)
        .first()
    )
    return first or found.valid_from


def decision_flow_on(day: date) -> str:
    """ "district" or "commune" (accounts.DecisionFlow): who decides on `day`."""
    found = parameter_on(AUTHORITY_KEY, day)
    return DecisionFlow.COMMUNE if found is not None and found.value >= 1 else DecisionFlow.DISTRICT
