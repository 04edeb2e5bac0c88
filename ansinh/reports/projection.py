"""The budget estimate's projection (dự toán, issue 19 item 3): for a year Y and a unit, per commune in
force on 01/01/Y, per support type and per month, the people and the money the register will cost.

Monthly allowances and the social pension, from the register (set-based: one grouped query over the
entitlements, a second one for the few suspended ones), month by month:
- the amount of one person-month is what the payroll pays (`payments.payroll`): round(coefficient ×
  the standard rate of the month in the province), or the social pension of the month for a pension
  category (Luật BHXH 41/2024 Arts 21–22); rates and pensions are the dated parameters, so a rate
  change dated inside Y changes the months from its date (NĐ 20/2021 Art 4; `standard_rate`);
- payable months as the payroll counts them: from the start month, before the end month, not after a
  death or a declaration of missing (Art 8(3)), not under an unlifted suspension, and not once the
  category has ended in law (5.5b/5.5c end on 30/06/2025: `rules.Category.valid_to`);
- the coefficient is the one decided (the entitlement's), except for people who reach an age
  threshold of their category in Y (the calculator's bands, `rules.calculator.CoefficientBand`, of the
  rule book of each month): from the month they reach it (the age of a month is the age on its last
  day, as the periodic review counts it), the band of the new age, or no allowance when the new age
  is outside the category (5.1 at 16: Art 5(1));
- a trend term: the average monthly increases (entitlements starting) and decreases (entitlements
  ending) of the 12 months before the projection, per commune and category, added for every month
  after the month the estimate is prepared (months already known to the register get none).
One-off supports (funeral and cremation, NĐ 20/2021 Arts 11–12; education QĐ 66/2013, QĐ 53/2015,
TTLT 42/2013) are the average of the last 12 months actually decided or paid, every month alike.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.db.models import Case, CharField, Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value, When
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Coalesce, ExtractMonth

from ansinh.cases.models import Entitlement, OneOffSupport, Suspension
from ansinh.core.months import YearMonth
from ansinh.payments.payroll import standard_rate
from ansinh.registry.models import FactKind, LifeStatus, PersonFact
from ansinh.reports.chain import communes_ever_covered, communes_of, in_force
from ansinh.rules import pension
from ansinh.rules.calculator import CategoryKind, CategoryRule, CoefficientBand
from ansinh.rules.dated import NoRulesError
from ansinh.rules.formatting import format_coefficient, format_money, round_dong
from ansinh.rules.models import Category
from ansinh.rules.rulebook import RuleBookLoader, pension_periods_from_db, rate_periods_from_db
from ansinh.supports.models import Instalment, InstalmentStatus
from ansinh.territory.models import AdministrativeUnit
from ansinh.territory.selectors import province_code_of

MONTHS = range(1, 13)
NO_STOP = 13  # the month index after December: payable to the end of the year
FUNERAL, CREMATION = "funeral", "cremation"
EDUCATION_PREFIX = "edu."
ONE_OFF_LABELS = {FUNERAL: "Hỗ trợ chi phí mai táng", CREMATION: "Hỗ trợ chi phí hỏa táng"}
EDUCATION_LABELS = {"qd66": "QĐ 66/2013/QĐ-TTg", "qd53": "QĐ 53/2015/QĐ-TTg", "ttlt42": "TTLT 42/2013"}


@dataclass
class ProjectedLine:
    commune_id: int
    support: str
    month: int
    people: int
    amount: int
    explanation: str


@dataclass
class _Cell:
    """What one (commune, support, month) adds up to, and the parts of its explanation."""

    people: int = 0
    amount: int = 0
    base: dict[tuple[int, Decimal], int] = field(default_factory=lambda: defaultdict(int))  # (amount, coef) → n
    moves: dict[tuple[str, int], int] = field(default_factory=lambda: defaultdict(int))  # (what, first month) → n
    trend: str = ""


@dataclass(frozen=True)
class _Group:
    commune_id: int
    province: str
    code: str
    coefficient: Decimal
    level: str
    crossing_age: int  # the age reached in Y when it is a threshold of the bands, else 0
    crossing_month: int  # the month it is reached (the birth month), else 0
    start: int  # first payable month index in Y
    stop: int  # first month index no longer payable (NO_STOP: none in Y)
    people: int
    suspended: tuple[tuple[int, int], ...] = ()


def year_months(year: int) -> list[YearMonth]:
    return [YearMonth(year, month) for month in MONTHS]


# --- the rules of each month ---------------------------------------------------------------------


class _Rules:
    """The dated rules of the 12 months: rates, pensions, rule books, categories in force."""

    def __init__(self, year: int) -> None:
        self.year = year
        self.loader = RuleBookLoader()
        self.rate_periods = rate_periods_from_db()
        self.pension_periods = pension_periods_from_db()
        self.categories = {c.code: c for c in Category.objects.all()}
        self._rates: dict[tuple[int, str], int] = {}
        self._pensions: dict[tuple[int, str], int] = {}

    def rate(self, month: int, province: str) -> int:
        key = (month, province)
        if key not in self._rates:
            self._rates[key] = standard_rate(self.rate_periods, YearMonth(self.year, month), province)
        return self._rates[key]

    def pension(self, month: int, province: str) -> int:
        key = (month, province)
        if key not in self._pensions:
            self._pensions[key] = pension.monthly_amount(self.pension_periods, YearMonth(self.year, month), province)
        return self._pensions[key]

    def unit_amount(self, code: str, month: int, province: str) -> int:
        """What one coefficient is worth in the month (the payroll's `rate_sql`)."""
        return self.pension(month, province) if pension.is_social_pension(code) else self.rate(month, province)

    def ended(self, code: str, month: int) -> bool:
        category = self.categories.get(code)
        return category is not None and category.valid_to is not None and category.valid_to < date(self.year, month, 1)

    def banded(self, code: str, month: int, province: str) -> CategoryRule | None:
        """The allowance category of the month's rule book whose coefficient follows the age bands."""
        try:
            book = self.loader.rulebook(YearMonth(self.year, month), province[-2:])
        except NoRulesError:
            return None
        category = book.by_code.get(code)
        if category is None or category.kind != CategoryKind.ALLOWANCE or not category.bands:
            return None
        if any(band.per_unit for band in category.bands):
            return None
        return category

    def thresholds(self, province_codes: set[str]) -> set[int]:
        """Every age at which a band or an allowance category begins or ends, over the 12 months."""
        ages: set[int] = set()
        for category in self._allowance_categories(province_codes):
            ages |= _ages_of(category.min_age, category.max_age)
            for band in category.bands:
                ages |= _ages_of(band.min_age, band.max_age)
        return {age for age in ages if age > 0}

    def disability_codes(self, province_codes: set[str]) -> list[str]:
        """The categories with a band that names a disability level (5.6): their level is read."""
        return sorted(
            {c.code for c in self._allowance_categories(province_codes) if any(b.disability for b in c.bands)}
        )

    def _allowance_categories(self, province_codes: set[str]) -> list[CategoryRule]:
        found: list[CategoryRule] = []
        for province in province_codes:
            for month in MONTHS:
                try:
                    found += self.loader.rulebook(YearMonth(self.year, month), province[-2:]).allowance_categories
                except NoRulesError:
                    continue
        return found


def _ages_of(low: int | None, high: int | None) -> set[int]:
    return {age for age in (low, high + 1 if high is not None else None) if age is not None}


def _band(category: CategoryRule, age: int, level: str) -> CoefficientBand | None:
    if not category.age_fits(age):
        return None
    return next((band for band in category.bands if band.matches(age=age, disability=level)), None)


# --- the register ----------------------------------------------------------------------------------


def _month_of(column: str, first: date, last: date, default: int, shift: int = 0) -> Case:
    return Case(
        When(**{f"{column}__gte": first, f"{column}__lte": last}, then=ExtractMonth(column) + shift),
        default=Value(default),
        output_field=IntegerField(),
    )


def _in_year(year: int, sources: list[int]) -> QuerySet[Entitlement]:
    """Entitlements that may be payable in some month of Y (the payroll's conditions that do not
    depend on the month: a record not merged, a coefficient, not dead or missing before Y)."""
    first = date(year, 1, 1)
    dead_before = Q(person__life_status=LifeStatus.DEAD) & (
        Q(person__death_date__lt=first) | Q(person__death_date__isnull=True)
    )
    missing_before = Q(person__life_status=LifeStatus.MISSING, person__missing_on__lt=first)
    return (
        Entitlement.objects.filter(
            commune_id__in=sources,
            coefficient__isnull=False,
            person__merged_into__isnull=True,
            start_month__lte=date(year, 12, 1),
        )
        .filter(Q(end_month__isnull=True) | Q(end_month__gt=first))
        .exclude(dead_before | missing_before)
    )


def _special(year: int, thresholds: set[int]) -> Q:
    """The entitlements whose months differ inside Y: an age threshold reached, a start or an end
    inside Y, a death or a declaration of missing inside Y. Everyone else is payable all year at the
    decided coefficient and is counted by a plain grouped query (`COMMON_COLUMNS`)."""
    first = date(year, 1, 1)
    return (
        Q(person__birth_year__in=[year - age for age in thresholds])
        | Q(start_month__gt=first)
        | Q(end_month__lte=date(year, 12, 1))
        | Q(person__life_status__in=[LifeStatus.DEAD, LifeStatus.MISSING])
    )


def _entitlements(
    queryset: QuerySet[Entitlement], year: int, thresholds: set[int], disability_codes: list[str]
) -> QuerySet[Any]:
    first, last = date(year, 1, 1), date(year, 12, 31)
    born_at_threshold = [year - age for age in thresholds]
    level = (
        PersonFact.objects.filter(person_id=OuterRef("person_id"), kind=FactKind.DISABILITY, effective_from__lte=first)
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=first))
        .order_by("-effective_from", "-pk")
        .annotate(level=KeyTextTransform("level", "value"))
        .values("level")[:1]
    )
    return queryset.annotate(
        crossing_age=Case(
            When(person__birth_year__in=born_at_threshold, then=Value(year) - F("person__birth_year")),
            default=Value(0),
            output_field=IntegerField(),
        ),
        crossing_month=Case(
            When(
                person__birth_year__in=born_at_threshold,
                then=Coalesce(ExtractMonth("person__birth_date"), Value(1)),
            ),
            default=Value(0),
            output_field=IntegerField(),
        ),
        level=Case(  # read only where it can matter: a threshold crossed in Y (the correlated sub-query)
            When(
                category_code__in=disability_codes,
                person__birth_year__in=born_at_threshold,
                then=Subquery(level),
            ),
            default=Value(""),
            output_field=CharField(),
        ),
        start=_month_of("start_month", first, last, 1),
        stop=_month_of("end_month", first, last, NO_STOP),
        died=Case(
            When(person__life_status=LifeStatus.DEAD, then=_month_of("person__death_date", first, last, 13, 1)),
            default=Value(NO_STOP),
            output_field=IntegerField(),
        ),
        vanished=Case(
            When(person__life_status=LifeStatus.MISSING, then=_month_of("person__missing_on", first, last, 13, 1)),
            default=Value(NO_STOP),
            output_field=IntegerField(),
        ),
    )


COMMON_COLUMNS = ("commune_id", "province_code", "category_code", "coefficient")
GROUP_COLUMNS = (
    "commune_id",
    "province_code",
    "category_code",
    "coefficient",
    "level",
    "crossing_age",
    "crossing_month",
    "start",
    "stop",
    "died",
    "vanished",
)


def _suspensions(year: int, sources: list[int]) -> dict[int, list[tuple[int, int]]]:
    """Entitlement → the month ranges [from, to) of Y under an unlifted suspension."""
    first, last = date(year, 1, 1), date(year, 12, 1)
    ranges: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for entitlement, start, end in (
        Suspension.objects.filter(entitlement__commune_id__in=sources, lifted_by__isnull=True, from_month__lte=last)
        .filter(Q(to_month__isnull=True) | Q(to_month__gt=first))
        .values_list("entitlement_id", "from_month", "to_month")
    ):
        low = 1 if start < first else start.month
        high = NO_STOP if end is None or end.year > year else end.month
        ranges[entitlement].append((low, high))
    return ranges


def _groups(year: int, sources: list[int], province: str, rules: _Rules) -> list[_Group]:
    """The entitlements of Y grouped by what decides their months (two grouped queries)."""
    thresholds = rules.thresholds({province}) or {0}
    disability_codes = rules.disability_codes({province})
    suspended = _suspensions(year, sources)
    in_year = _in_year(year, sources)
    special = _special(year, thresholds)
    common = in_year.exclude(pk__in=list(suspended)).exclude(special)
    groups = [
        _Group(
            commune_id=row["commune_id"],
            province=row["province_code"] or province,
            code=row["category_code"],
            coefficient=Decimal(row["coefficient"]),
            level="",
            crossing_age=0,
            crossing_month=0,
            start=1,
            stop=NO_STOP,
            people=row["n"],
        )
        for row in common.values(*COMMON_COLUMNS).annotate(n=Count("id")).order_by()
    ]

    def rows(queryset: QuerySet[Any], extra: tuple[str, ...] = ()) -> list[_Group]:
        found = []
        annotated = _entitlements(queryset, year, thresholds, disability_codes)
        for row in annotated.values(*GROUP_COLUMNS, *extra).annotate(n=Count("id")).order_by():
            found.append(
                _Group(
                    commune_id=row["commune_id"],
                    province=row["province_code"] or province,
                    code=row["category_code"],
                    coefficient=Decimal(row["coefficient"]),
                    level=row["level"] or "",
                    crossing_age=row["crossing_age"],
                    crossing_month=row["crossing_month"],
                    start=row["start"],
                    stop=min(row["stop"], row["died"], row["vanished"]),
                    people=row["n"],
                    suspended=tuple(suspended.get(row["id"], ())) if "id" in row else (),
                )
            )
        return found

    groups += rows(in_year.exclude(pk__in=list(suspended)).filter(special))
    if suspended:
        groups += rows(in_year.filter(pk__in=list(suspended)), ("id",))
    return groups


# --- the months of a group -------------------------------------------------------------------------


@dataclass(frozen=True)
class _Month:
    payable: bool
    coefficient: Decimal
    move: str = ""  # the move that sets this month apart: "hết tuổi …" or "sang hệ số …"


def _months_of(group: _Group, rules: _Rules) -> list[_Month]:
    result = []
    for month in MONTHS:
        payable = (
            group.start <= month < group.stop
            and not rules.ended(group.code, month)
            and not any(low <= month < high for low, high in group.suspended)
            # a social pension is not paid in a month without a pension amount (the payroll's insert_regular)
            and not (pension.is_social_pension(group.code) and rules.pension(month, group.province) == 0)
        )
        coefficient, move = group.coefficient, ""
        if payable and group.crossing_month and month >= group.crossing_month:
            coefficient, move, payable = _after_threshold(group, month, rules)
        result.append(_Month(payable, coefficient, move))
    return result


def _after_threshold(group: _Group, month: int, rules: _Rules) -> tuple[Decimal, str, bool]:
    """The month of a group that has reached `crossing_age`: the band of the new age if it differs from
    the band of the old one, no allowance when the new age is outside the category."""
    category = rules.banded(group.code, month, group.province)
    if category is None:
        return group.coefficient, "", True
    before = _band(category, group.crossing_age - 1, group.level)
    after = _band(category, group.crossing_age, group.level)
    if after is None and not category.age_fits(group.crossing_age):
        return group.coefficient, f"thôi hưởng khi đủ {group.crossing_age} tuổi ({category.basis})", False
    if after is None or (before is not None and before.coefficient == after.coefficient):
        return group.coefficient, "", True
    text = f"sang hệ số {format_coefficient(after.coefficient)} khi đủ {group.crossing_age} tuổi ({after.basis})"
    return after.coefficient, text, True


# --- the projection --------------------------------------------------------------------------------


@dataclass
class Projection:
    year: int
    prepared_on: date
    communes: list[int]
    lines: list[ProjectedLine]


def _session() -> None:
    """PostgreSQL, this transaction only: no JIT compilation. The grouped queries read the whole
    register once each; compiling their expressions cost more than running them (bench/estimates.py)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")


def communes_in_force(unit: AdministrativeUnit, year: int) -> tuple[list[int], dict[int, int]]:
    """The communes of the unit in force on 01/01/Y, and every commune whose records count under one
    of them (itself, or a predecessor still holding records: territory successions)."""
    communes = communes_of(unit, YearMonth(year, 1))
    sources = sorted(set(communes_ever_covered(unit)) | set(communes))
    mapping = in_force(set(sources), date(year, 1, 1))
    kept = set(communes)
    return communes, {source: target for source, target in mapping.items() if target in kept}


def project(unit: AdministrativeUnit, year: int, prepared_on: date) -> Projection:
    communes, mapping = communes_in_force(unit, year)
    sources = sorted(mapping)
    rules = _Rules(year)
    province = province_code_of(unit)
    cells: dict[tuple[int, str, int], _Cell] = defaultdict(_Cell)
    with transaction.atomic():
        _session()
        groups = _groups(year, sources, province, rules)
    for group in groups:
        _add_group(cells, group, mapping[group.commune_id], rules)
    prepared = YearMonth.of(prepared_on)
    window_end = min(prepared, YearMonth(year, 1)).add(-1)
    _add_trend(cells, _Window(year, prepared, window_end, province), sources, mapping, rules)
    lines = [_line(key, cell, rules) for key, cell in sorted(cells.items())]
    lines += _one_offs(year, sources, mapping, window_end)
    return Projection(year=year, prepared_on=prepared_on, communes=communes, lines=lines)


def _add_group(cells: dict[tuple[int, str, int], _Cell], group: _Group, commune: int, rules: _Rules) -> None:
    for month, state in zip(MONTHS, _months_of(group, rules), strict=True):
        cell = cells[(commune, group.code, month)]
        if not state.payable:
            if state.move:
                cell.moves[(state.move, group.crossing_month)] += group.people
            continue
        amount = round_dong(state.coefficient * rules.unit_amount(group.code, month, group.province))
        cell.people += group.people
        cell.amount += amount * group.people
        cell.base[(amount, state.coefficient)] += group.people
        if state.move:
            cell.moves[(state.move, group.crossing_month)] += group.people


@dataclass(frozen=True)
class _Window:
    year: int
    prepared: YearMonth
    end: YearMonth  # the last month of the 12 the trend and the one-offs are averaged over
    province: str


def _add_trend(
    cells: dict[tuple[int, str, int], _Cell],
    window: _Window,
    sources: list[int],
    mapping: dict[int, int],
    rules: _Rules,
) -> None:
    """Average monthly increases minus decreases of the 12 months up to `window.end`, for the months
    after the month of preparation."""
    year, prepared, window_end = window.year, window.prepared, window.end
    window_start = window_end.add(-11)
    started = _count_by(sources, "start_month", window_start, window_end)
    ended = _count_by(sources, "end_month", window_start, window_end)
    keys = {(mapping[commune], code) for commune, code in set(started) | set(ended)}
    for commune, code in keys:
        plus = sum(n for (c, k), n in started.items() if mapping[c] == commune and k == code)
        minus = sum(n for (c, k), n in ended.items() if mapping[c] == commune and k == code)
        per_month = Decimal(plus - minus) / 12
        for month in MONTHS:
            ahead = prepared.months_until(YearMonth(year, month))
            if ahead <= 0 or rules.ended(code, month) or per_month == 0:
                continue
            cell = cells[(commune, code, month)]
            extra = max(-cell.people, round_dong(per_month * ahead))
            typical = cell.amount // cell.people if cell.people else rules.unit_amount(code, month, window.province)
            cell.people += extra
            cell.amount += extra * typical
            cell.trend = (
                f"xu hướng 12 tháng ({window_start.display()}–{window_end.display()}: +{plus}/−{minus} người): "
                f"{_signed(per_month)} người/tháng, {_signed(Decimal(extra))} người sau {ahead} tháng "
                f"× {format_money(typical)}"
            )


def _signed(value: Decimal) -> str:
    text = f"{value.quantize(Decimal('0.1')):f}".replace(".", ",").removesuffix(",0")
    return text if value < 0 else f"+{text}"


def _count_by(sources: list[int], column: str, low: YearMonth, high: YearMonth) -> dict[tuple[int, str], int]:
    rows = (
        Entitlement.objects.filter(
            commune_id__in=sources, **{f"{column}__gte": low.first_day, f"{column}__lte": high.first_day}
        )
        .values("commune_id", "category_code")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {(row["commune_id"], row["category_code"]): row["n"] for row in rows}


def _line(key: tuple[int, str, int], cell: _Cell, rules: _Rules) -> ProjectedLine:
    commune, code, month = key
    parts = [
        f"{n} người × {format_money(amount)} (hệ số {format_coefficient(coefficient)})"
        for (amount, coefficient), n in sorted(cell.base.items(), key=lambda item: -item[1])
    ]
    if rules.ended(code, month):
        parts.append(f"diện {code} hết hiệu lực từ {rules.categories[code].valid_to:%d/%m/%Y}")
    parts += [f"{n} người {what} (từ tháng {first})" for (what, first), n in sorted(cell.moves.items())]
    if cell.trend:
        parts.append(cell.trend)
    if not parts:
        parts.append("không có người hưởng")
    return ProjectedLine(commune, code, month, max(cell.people, 0), max(cell.amount, 0), "; ".join(parts) + ".")


# --- one-off supports ------------------------------------------------------------------------------


def _one_offs(year: int, sources: list[int], mapping: dict[int, int], window_end: YearMonth) -> list[ProjectedLine]:
    """Funeral, cremation and education supports: the monthly average of the last 12 months' actual
    supports (decided one-offs by their payable month, education instalments paid)."""
    low, high = window_end.add(-11), window_end
    totals: dict[tuple[int, str], list[int]] = defaultdict(lambda: [0, 0])
    for row in (
        OneOffSupport.objects.filter(
            commune_id__in=sources, payable_month__gte=low.first_day, payable_month__lte=high.first_day
        )
        .values("commune_id", "kind")
        .annotate(n=Count("id"), amount=Sum("amount"))
        .order_by()
    ):
        total = totals[(mapping[row["commune_id"]], row["kind"])]
        total[0] += row["n"]
        total[1] += int(row["amount"] or 0)
    for row in (
        Instalment.objects.filter(
            commune_id__in=sources, status=InstalmentStatus.PAID, paid_on__gte=low.first_day, paid_on__lte=high.last_day
        )
        .values("commune_id", "enrolment__programme")
        .annotate(n=Count("id"), amount=Sum("total"))
        .order_by()
    ):
        total = totals[(mapping[row["commune_id"]], EDUCATION_PREFIX + row["enrolment__programme"])]
        total[0] += row["n"]
        total[1] += int(row["amount"] or 0)
    lines = []
    for (commune, support), (count, amount) in sorted(totals.items()):
        monthly = round_dong(Decimal(amount) / 12)
        explanation = (
            f"Bình quân 12 tháng ({low.display()}–{high.display()}): {count} lượt, {format_money(amount)} "
            f"÷ 12 = {format_money(monthly)}/tháng."
        )
        people = round_dong(Decimal(count) / 12)
        lines += [ProjectedLine(commune, support, month, people, monthly, explanation) for month in MONTHS]
    return lines


def support_label(code: str) -> str:
    """ "Diện 5.5a", "Hỗ trợ chi phí mai táng", "Hỗ trợ giáo dục (QĐ 66/2013/QĐ-TTg)"."""
    if code in ONE_OFF_LABELS:
        return ONE_OFF_LABELS[code]
    if code.startswith(EDUCATION_PREFIX):
        return f"Hỗ trợ giáo dục ({EDUCATION_LABELS.get(code.removeprefix(EDUCATION_PREFIX), code)})"
    if pension.is_social_pension(code):
        return f"Trợ cấp hưu trí xã hội ({code})"
    return f"Diện {code}"
