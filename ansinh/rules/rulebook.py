"""Building the plain `RuleBook` of a month from the dated tables.

The tables are small (tens of rows), so a `RuleBookLoader` reads them once (three queries)
and then builds and caches one RuleBook per (month, province) in memory: `manage.py assess`
over a million people makes the same three queries as over one.
"""

from __future__ import annotations

from django.db.models import Prefetch

from ansinh.core.months import YearMonth
from ansinh.rules.calculator import CategoryKind, CategoryRule, CoefficientBand, RuleBook
from ansinh.rules.dated import DatedBand, DatedCategory, NoRulesError, Period, build_rulebook
from ansinh.rules.models import Category, CoefficientRule, Parameter
from ansinh.rules.pension import AMOUNT_KEY

# --- Reading the tables ----------------------------------------------------------------------------


def rate_periods_from_db() -> list[Period]:
    parameters = Parameter.objects.filter(key__startswith="standard_rate.").select_related("source")
    return [period_of(parameter) for parameter in parameters]


def pension_periods_from_db() -> list[Period]:
    """The social pension's dated amounts and the provinces' top-ups (`ansinh.rules.pension`)."""
    parameters = Parameter.objects.filter(key__startswith=AMOUNT_KEY).select_related("source")
    return [period_of(parameter) for parameter in parameters]


def periods_from_db() -> list[Period]:
    return [period_of(parameter) for parameter in Parameter.objects.select_related("source")]


def period_of(parameter: Parameter) -> Period:
    return Period(
        key=parameter.key,
        value=parameter.value,
        valid_from=parameter.valid_from,
        valid_to=parameter.valid_to,
        basis=parameter.basis,
        confidence=parameter.confidence,
        pk=parameter.pk,
    )


def categories_from_db() -> list[DatedCategory]:
    rules = CoefficientRule.objects.select_related("source").order_by("order")
    categories = Category.objects.select_related("source").prefetch_related(
        Prefetch("coefficient_rules", queryset=rules)
    )
    return [_dated_category(category) for category in categories.order_by("order")]


def _dated_category(category: Category) -> DatedCategory:
    bands = tuple(
        DatedBand(
            valid_from=rule.valid_from,
            valid_to=rule.valid_to,
            band=CoefficientBand(
                coefficient=rule.coefficient,
                label=rule.label,
                basis=rule.basis,
                min_age=rule.min_age,
                max_age=rule.max_age,
                disability=rule.disability,
                subject_category=rule.subject_category,
                min_units=rule.min_units,
                max_units=rule.max_units,
                per_unit=rule.per_unit,
                confidence=rule.confidence,
            ),
        )
        for rule in category.coefficient_rules.all()
    )
    rule = CategoryRule(
        code=category.code,
        name=category.name,
        kind=CategoryKind(category.kind),
        basis=category.basis,
        bands=(),
        min_age=category.min_age,
        max_age=category.max_age,
        care_kind=category.care_kind,
        confidence=category.confidence,
    )
    return DatedCategory(category.valid_from, category.valid_to, rule, bands)


class RuleBookLoader:
    """Reads the rules tables once and caches one RuleBook per (month, province) for its lifetime
    (one `assess` run, one request). Create a new loader to see edits made since."""

    def __init__(self) -> None:
        self._rate_periods: list[Period] | None = None
        self._categories: list[DatedCategory] | None = None
        self._books: dict[tuple[YearMonth, str], RuleBook] = {}
        self._missing: dict[tuple[YearMonth, str], NoRulesError] = {}

    def rulebook(self, month: YearMonth, province: str) -> RuleBook:
        key = (month, province)
        if key in self._books:
            return self._books[key]
        if key in self._missing:
            raise self._missing[key]
        if self._rate_periods is None or self._categories is None:
            self._rate_periods = rate_periods_from_db()
            self._categories = categories_from_db()
        try:
            book = build_rulebook(month, province, self._rate_periods, self._categories)
        except NoRulesError as error:
            self._missing[key] = error
            raise
        self._books[key] = book
        return book
