"""Periodic review (rà soát định kỳ, NĐ 20/2021/NĐ-CP Điều 8; TT 02/2021/TT-BLĐTBXH Điều 2): for a month
and a territory, what the law gives each open entitlement, computed by the one calculator
(`ansinh.rules.calculator.assess`) from the register's dated facts as they stood on the month's last day.

Set-based (docs/architecture.md "Periodic review"): one query picks the entitlements that may differ from
the law (`_candidates`: a category no longer in force, an age outside the band of the coefficient paid, a
per-child category, a fact recorded since the decision, a household off the year's poor list, a required fact
missing, a death, a missing person, a merged record, a move, a child certificate to re-assess); the register
of those people only is read in a few bulk queries (`_Snapshot`), and the calculator runs on them alone.

Each difference names the month from which the law differs (domain.md §5): a coefficient change by age from the
month the age is reached (the age of a month is the age on its last day); a category lost stops from the month
after the month it was lost (Art 8(5)), as for a death. A fact unknown for the month (a year whose poor list was
not loaded, a fact never recorded, a birth date without day and month in the year of a threshold) is never a
difference: it is a gap (`Gap`), listed apart as "thiếu thông tin", and changes no money.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

from django.core.cache import cache
from django.db import connection, models, transaction
from django.db.models import Exists, F, Max, OuterRef, Q, Subquery
from django.db.models.expressions import RawSQL
from django.db.models.fields.json import KeyTextTransform
from django.utils.translation import gettext as translate
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from ansinh.audit.models import AuditEvent
from ansinh.cases import declarations, effective
from ansinh.cases.models import Dossier, Entitlement
from ansinh.cases.policies import review_policy
from ansinh.cases.workflow import DossierState
from ansinh.core.access import Actor
from ansinh.core.months import YearMonth
from ansinh.registry.models import (
    DifficultArea,
    FactKind,
    HouseholdMember,
    HouseholdPoverty,
    LifeStatus,
    Person,
    PersonFact,
    Relationship,
)
from ansinh.registry.policies import person_policy
from ansinh.rules import pension
from ansinh.rules.assessing import assess_facts
from ansinh.rules.calculator import (
    OWN_CARE,
    YOUNG_CHILD_MONTHS,
    Assessment,
    CategoryKind,
    CategoryRule,
    CoefficientBand,
    RuleBook,
)
from ansinh.rules.dated import NoRulesError, Period
from ansinh.rules.facts import FactsError, age_in_months_on, age_on, parse_facts
from ansinh.rules.formatting import format_coefficient, format_money, round_dong
from ansinh.rules.models import Category
from ansinh.rules.rulebook import RuleBookLoader, pension_periods_from_db
from ansinh.territory.models import UnitCoverage

ND20 = "NĐ 20/2021/NĐ-CP"
TT02 = "TT 02/2021/TT-BLĐTBXH"
AGE_CONVENTION = _("tuổi của một tháng là số năm tròn vào ngày cuối tháng")

# The translations of one review: a national review writes a sentence per difference (hundreds of thousands),
# and each `gettext` looks the active language up again. The language cannot change during one review, so
# each message is translated once per review (`_translations_of_one_review`) and read back from this table.
_TRANSLATED: ContextVar[dict[str | int, str] | None] = ContextVar("review_translations", default=None)


def gettext(message: str) -> str:
    """`gettext`, remembered for the rest of the review in progress (the same text as gettext's)."""
    table = _TRANSLATED.get()
    if table is None:
        return translate(message)
    text = table.get(message)
    if text is None:
        text = table[message] = translate(message)
    return text


def _label(label: StrOrPromise) -> str:
    """A lazy label of this module (AGE_CONVENTION, REASON_LABELS: objects living as long as the module) as
    text, translated once per review (kept under the object's identity)."""
    table = _TRANSLATED.get()
    if table is None:
        return str(label)
    text = table.get(id(label))
    if text is None:
        text = table[id(label)] = str(label)
    return text


@contextmanager
def _translations_of_one_review() -> Iterator[None]:
    token = _TRANSLATED.set({})
    try:
        yield
    finally:
        _TRANSLATED.reset(token)


# What each category of Art 5 reads from the register besides age (the calculator's predicates).
POOR_ONLY = frozenset({"5.3", "5.5a", "5.5d", "5.8"})
POOR_OR_NEAR = frozenset({"5.4", "5.5b", "5.7"})
NEEDS_FACT: dict[str, frozenset[str]] = {
    FactKind.SUPPORT: frozenset({"5.1", "5.2", "5.5a", "5.5d"}),
    FactKind.SCHOOLING: frozenset({"5.2"}),
    FactKind.HIV: frozenset({"5.3", "5.8"}),
    FactKind.MARITAL: frozenset({"5.4"}),
    FactKind.DISABILITY: frozenset({"5.6", "20.2a", "20.2b"}),
    FactKind.INCOME: frozenset({"5.5c", "5.8"}),
}
DISABILITY = "5.6"
# TT 01/2019/TT-BLĐTBXH Điều 8 khoản 2: a child certified before 6 is re-assessed on reaching 6.
REASSESS_AGE = 6


class Reason(StrEnum):
    """Why the law differs from what is paid (contracts.md §5 `reason`; docs/architecture.md)."""

    DEATH = "death"
    MISSING = "missing"
    MERGED_DUPLICATE = "merged_duplicate"
    CATEGORY_ENDED = "category_ended"
    AGE_3 = "age_3"
    AGE_4 = "age_4"
    AGE_16 = "age_16"
    AGE_OVER_22 = "age_over_22"
    AGE_60 = "age_60"
    AGE_80 = "age_80"
    AGE_OTHER = "age"
    SCHOOLING_ENDED = "schooling_ended"
    NOT_POOR = "not_poor"
    SUPPORT_CHANGED = "support_changed"
    DISABILITY_LEVEL = "disability_level"
    INCOME = "income"
    MARITAL = "marital"
    CHILDREN = "children"
    HIGHER_CATEGORY = "higher_category"
    FACTS_CHANGED = "facts_changed"
    # Care support (Art 20): the person cared for, or the carer's own young children.
    CARED_AGE_4 = "cared_age_4"
    CARED_AGE_16 = "cared_age_16"
    CARED_AGE = "cared_age"
    CARED_DEATH = "cared_death"
    CARED_STOPPED = "cared_stopped"
    YOUNG_CHILDREN = "young_children"


REASON_LABELS: dict[str, StrOrPromise] = {
    Reason.DEATH: _("Đã chết, chưa có quyết định thôi hưởng"),
    Reason.MISSING: _("Bị tuyên bố mất tích, chưa có quyết định thôi hưởng"),
    Reason.MERGED_DUPLICATE: _("Hồ sơ trùng đã gộp vẫn đang hưởng"),
    Reason.CATEGORY_ENDED: _("Diện hết hiệu lực theo quy định"),
    Reason.AGE_3: _("Đủ 3 tuổi"),
    Reason.AGE_4: _("Đủ 4 tuổi"),
    Reason.AGE_16: _("Đủ 16 tuổi"),
    Reason.AGE_OVER_22: _("Quá 22 tuổi"),
    Reason.AGE_60: _("Đủ 60 tuổi"),
    Reason.AGE_80: _("Đủ 80 tuổi"),
    Reason.AGE_OTHER: _("Tuổi không phù hợp với hệ số"),
    Reason.SCHOOLING_ENDED: _("Thôi học"),
    Reason.NOT_POOR: _("Không còn trong danh sách hộ nghèo, cận nghèo"),
    Reason.SUPPORT_CHANGED: _("Thay đổi hoàn cảnh nuôi dưỡng, phụng dưỡng"),
    Reason.DISABILITY_LEVEL: _("Thay đổi mức độ khuyết tật"),
    Reason.INCOME: _("Có lương hưu, trợ cấp hoặc thu nhập ổn định"),
    Reason.MARITAL: _("Không còn là người đơn thân"),
    Reason.CHILDREN: _("Thay đổi số con được tính"),
    Reason.HIGHER_CATEGORY: _("Đủ điều kiện diện có mức cao hơn"),
    Reason.FACTS_CHANGED: _("Thông tin trong sổ đã thay đổi"),
    Reason.CARED_AGE_4: _("Người được nhận nuôi đủ 4 tuổi"),
    Reason.CARED_AGE_16: _("Người được nhận nuôi đủ 16 tuổi"),
    Reason.CARED_AGE: _("Tuổi người được chăm sóc không phù hợp với hệ số"),
    Reason.CARED_DEATH: _("Người được chăm sóc đã chết"),
    Reason.CARED_STOPPED: _("Người được chăm sóc thôi hưởng chế độ"),
    Reason.YOUNG_CHILDREN: _("Thay đổi số con dưới 36 tháng tuổi, mang thai"),
}
CARED_AGE_REASONS = {4: Reason.CARED_AGE_4, 16: Reason.CARED_AGE_16}
AGE_REASONS = {3: Reason.AGE_3, 4: Reason.AGE_4, 16: Reason.AGE_16, 23: Reason.AGE_OVER_22, 60: Reason.AGE_60}
AGE_REASONS[80] = Reason.AGE_80


class Gap(StrEnum):
    """What the review could not decide (never a difference, never money): "thiếu thông tin"."""

    POVERTY_LIST = "poverty_list_missing"
    FACT_MISSING = "fact_missing"
    BIRTH_DATE = "birth_date_unknown"
    NO_COEFFICIENT = "no_coefficient"
    NO_RULES = "no_rules"
    REASSESSMENT = "reassessment_due"
    MOVED = "moved_undecided"
    MERGED = "merged_record"
    CARED_UNKNOWN = "cared_unknown"
    PREGNANCY_UNKNOWN = "pregnancy_unknown"


GAP_LABELS: dict[str, StrOrPromise] = {
    Gap.POVERTY_LIST: _("Chưa nhập danh sách hộ nghèo, cận nghèo của năm"),
    Gap.FACT_MISSING: _("Sổ chưa ghi thông tin cần để xét diện"),
    Gap.BIRTH_DATE: _("Chỉ có năm sinh, chưa xác định được tháng đủ tuổi"),
    Gap.NO_COEFFICIENT: _("Quyết định không ghi hệ số"),
    Gap.NO_RULES: _("Chưa có quy định cho tháng này"),
    Gap.REASSESSMENT: _("Đến hạn xác định lại mức độ khuyết tật"),
    Gap.MOVED: _("Đã chuyển nơi ở, chưa có quyết định"),
    Gap.MERGED: _("Hồ sơ trùng đã gộp, cần chuyển chế độ sang hồ sơ gốc"),
    Gap.CARED_UNKNOWN: _("Sổ chưa ghi người được chăm sóc, nuôi dưỡng"),
    Gap.PREGNANCY_UNKNOWN: _("Chưa cập nhật kết quả mang thai"),
}
FACT_NAMES: dict[str, StrOrPromise] = {
    FactKind.SUPPORT: _("hoàn cảnh nuôi dưỡng, phụng dưỡng"),
    FactKind.SCHOOLING: _("tình trạng đi học"),
    FactKind.HIV: _("thông tin bảo mật"),
    FactKind.MARITAL: _("tình trạng hôn nhân"),
    FactKind.DISABILITY: _("mức độ khuyết tật (giấy xác nhận)"),
    FactKind.INCOME: _("lương hưu, trợ cấp, thu nhập"),
}


@dataclass(frozen=True)
class Difference:
    entitlement_id: int
    person_id: int
    citizen_id: str
    full_name: str
    commune_id: int
    category: str
    paid_coefficient: Decimal
    paid_amount: int
    lawful_category: str | None
    lawful_coefficient: Decimal | None
    lawful_amount: int
    from_month: YearMonth
    reason: str
    explanation: str

    @property
    def reason_label(self) -> StrOrPromise:
        return REASON_LABELS.get(self.reason, self.reason)


@dataclass(frozen=True)
class GapItem:
    entitlement_id: int
    person_id: int
    citizen_id: str
    full_name: str
    commune_id: int
    category: str
    kind: str
    explanation: str

    @property
    def kind_label(self) -> StrOrPromise:
        return GAP_LABELS.get(self.kind, self.kind)


@dataclass
class Review:
    month: YearMonth
    differences: list[Difference] = field(default_factory=list)
    gaps: list[GapItem] = field(default_factory=list)
    candidates: int = 0

    def counts(self) -> list[tuple[str, StrOrPromise, int]]:
        """(reason, label, number of lines) by reason, most frequent first."""
        counted = Counter(item.reason for item in self.differences)
        return [(reason, REASON_LABELS.get(reason, reason), n) for reason, n in counted.most_common()]

    def by_entitlement(self) -> dict[int, Difference]:
        return {item.entitlement_id: item for item in self.differences}


# --- Month arithmetic of ages ---------------------------------------------------------------------


def _born_by(month: YearMonth, age: int) -> date:
    """People born on or before this day have reached `age` by the month's last day (the age convention)."""
    return YearMonth(month.year - age, month.month).last_day


def _age_at_least(month: YearMonth, age: int) -> Q:
    return Q(person__birth_date__lte=_born_by(month, age)) | Q(
        person__birth_date__isnull=True, person__birth_year__lte=month.year - age
    )


def _age_between(month: YearMonth, low: int | None, high: int | None) -> Q:
    condition = Q()
    if low is not None and low > 0:
        condition &= _age_at_least(month, low)
    if high is not None:
        condition &= ~_age_at_least(month, high + 1)
    return condition


# --- Candidates (one query) -----------------------------------------------------------------------


def _in_force_on(day: date) -> Q:
    return Q(effective_from__lte=day) & (Q(effective_to__isnull=True) | Q(effective_to__gte=day))


def _fact_exists(kind: str, day: date) -> Q:
    """The person holds a fact of `kind` in force on `day`. An uncorrelated `IN` (not `EXISTS`): PostgreSQL
    reads the facts once into a hashed set instead of probing the index once per entitlement (person_id is
    NOT NULL, so `NOT IN` is the negation)."""
    return Q(person_id__in=PersonFact.objects.filter(_in_force_on(day), kind=kind).values("person_id"))


def _on_list(year: int, statuses: Iterable[str], day: date) -> Q:
    """The person belongs on `day` to a household on the year's list with one of `statuses` (a hashed set, as
    `_fact_exists`)."""
    listed = HouseholdPoverty.objects.filter(year=year, status__in=list(statuses)).values("household_id")
    members = HouseholdMember.objects.filter(valid_from__lte=day, household_id__in=listed).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=day)
    )
    return Q(person_id__in=members.values("person_id"))


def _consistent_bands(book: RuleBook, month: YearMonth) -> tuple[Q, set[str]]:
    """Entitlements whose paid coefficient is the one of a band fitting the person's age (and the certified
    disability level, for bands that name one) in `month`; and the codes of the banded categories."""
    consistent = Q(pk__in=[])
    codes: set[str] = set()
    for category in book.allowance_categories:
        if any(band.per_unit for band in category.bands) or not category.bands:
            continue
        codes.add(category.code)
        for band in category.bands:
            low = max(x for x in (band.min_age, category.min_age, 0) if x is not None)
            highs = [x for x in (band.max_age, category.max_age) if x is not None]
            condition = Q(category_code=category.code, coefficient=band.coefficient) & _age_between(
                month, low, min(highs) if highs else None
            )
            if band.disability:
                condition &= Q(disability_level=band.disability)
            consistent |= condition
    return consistent, codes


def _candidates(month: YearMonth, communes: list[int] | None, book: RuleBook) -> models.QuerySet[Entitlement]:
    first, last = month.first_day, month.last_day
    entitlements = Entitlement.objects.filter(start_month__lte=first).filter(
        Q(end_month__isnull=True) | Q(end_month__gt=first)
    )
    if communes is not None:
        entitlements = entitlements.filter(commune_id__in=communes)
    level = PersonFact.objects.filter(_in_force_on(last), person_id=OuterRef("person_id"), kind=FactKind.DISABILITY)
    entitlements = entitlements.annotate(
        disability_level=Subquery(
            level.order_by("-effective_from", "-pk")
            .annotate(level=KeyTextTransform("level", "value"))
            .values("level")[:1]
        )
    )
    in_force = [category.code for category in book.categories]
    consistent, banded = _consistent_bands(book, month)
    per_unit = [c.code for c in book.allowance_categories if any(band.per_unit for band in c.bands)]
    changed = Exists(
        PersonFact.objects.filter(person_id=OuterRef("person_id"), effective_from__lte=last).filter(
            Q(effective_from__gt=OuterRef("start_month"))
            | Q(effective_to__gte=OuterRef("start_month"), effective_to__lt=last)
        )
    )
    moved = (
        ~Q(person__commune_id=F("commune_id"))
        & ~Exists(
            UnitCoverage.objects.filter(
                ancestor_id=OuterRef("person__commune_id"), descendant_id=OuterRef("commune_id")
            )
        )
        & ~Exists(
            UnitCoverage.objects.filter(
                ancestor_id=OuterRef("commune_id"), descendant_id=OuterRef("person__commune_id")
            )
        )
    )
    missing_fact = Q(pk__in=[])
    for kind, codes in NEEDS_FACT.items():
        missing_fact |= Q(Q(category_code__in=codes), ~_fact_exists(kind, last))
    condition = (
        Q(person__life_status__in=[LifeStatus.DEAD, LifeStatus.MISSING])
        | Q(person__merged_into__isnull=False)
        | Q(coefficient__isnull=True)
        | ~Q(category_code__in=in_force)
        | (Q(category_code__in=banded) & ~consistent)
        | Q(category_code__in=per_unit)
        | changed
        | (Q(category_code__in=POOR_ONLY) & ~_on_list(month.year, ["poor"], last))
        | (Q(category_code__in=POOR_OR_NEAR) & ~_on_list(month.year, ["poor", "near_poor"], last))
        | missing_fact
        | moved
        | (Q(category_code=DISABILITY) & _age_between(month, REASSESS_AGE, REASSESS_AGE + 1))
        # care support (Art 20) reads the people cared for and the carer's young children: always judged (few)
        | Q(category_code__in=[category.code for category in book.care_categories])
    )
    return entitlements.filter(condition)


# --- The register of the candidates, in bulk ------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _EntitlementRow:
    """The columns of an entitlement the review reads (plain rows: no model instances for thousands of lines)."""

    pk: int
    person_id: int
    category_code: str
    coefficient: Decimal | None
    start_month: date
    commune_id: int
    province_code: str
    end_month: date | None  # the first month no longer paid, when a stop is recorded


ENTITLEMENT_COLUMNS = (
    "pk",
    "person_id",
    "category_code",
    "coefficient",
    "start_month",
    "commune_id",
    "province_code",
    "end_month",
)


@dataclass(frozen=True, slots=True)
class _PersonRow:
    pk: int
    full_name: str
    citizen_id: str | None
    birth_date: date | None
    birth_year: int
    commune_id: int
    village_id: int | None
    province_code: str
    life_status: str
    death_date: date | None
    missing_on: date | None
    merged_into_id: int | None


PERSON_COLUMNS = (
    "pk",
    "full_name",
    "citizen_id",
    "birth_date",
    "birth_year",
    "commune_id",
    "village_id",
    "province_code",
    "life_status",
    "death_date",
    "missing_on",
    "merged_into_id",
)


@dataclass(frozen=True, slots=True)
class _FactRow:
    value: dict[str, Any] | None
    effective_from: date


def _among(column: str, ids: Iterable[int]) -> Q:
    """`column IN ids`; on PostgreSQL as one array parameter (`= ANY(%s)`), not thousands of placeholders. The
    array goes as its text form ('{1,2,3}', one string to quote): adapting a list of 250,000 ints element by
    element took seconds of Python per query in a national review."""
    values = sorted(set(ids))
    if connection.vendor == "postgresql":
        array = "{" + ",".join(str(int(value)) for value in values) + "}"
        return Q(**{f"{column}__in": RawSQL("SELECT unnest(%s::bigint[])", (array,))})
    return Q(**{f"{column}__in": values})


@dataclass
class _Snapshot:
    """What `selectors.facts_for` reads, for many people at once, on the month's last day."""

    month: YearMonth
    people: dict[int, _PersonRow]
    facts: dict[tuple[int, str], _FactRow]
    household_of: dict[int, int]
    poverty: dict[int, dict[int, str]]  # household → year → status (years up to the month's)
    listed_communes: set[int]  # communes whose poor list of the month's year is loaded
    difficult_units: set[int]
    children: dict[int, list[dict[str, Any]]]
    taken_in: set[str]

    @classmethod
    def load(
        cls, person_ids: Iterable[int], month: YearMonth, people: dict[int, _PersonRow] | None = None
    ) -> _Snapshot:
        """`people`: their rows when the caller already read them (the candidate query reads them in its join)."""
        ids = set(person_ids)
        last = month.last_day
        if people is None:
            people = {
                row[0]: _PersonRow(*row)
                for row in Person.objects.filter(_among("pk", ids)).values_list(*PERSON_COLUMNS)
            }
        facts: dict[tuple[int, str], _FactRow] = {}
        for person_id, kind, value, effective_from in (
            PersonFact.objects.filter(_in_force_on(last), _among("person_id", ids))
            .order_by("person_id", "kind", "-effective_from", "-pk")
            .values_list("person_id", "kind", "value", "effective_from")
        ):
            if (person_id, kind) not in facts:
                facts[(person_id, kind)] = _FactRow(value, effective_from)
        household_of = dict(
            HouseholdMember.objects.filter(_among("person_id", ids), valid_from__lte=last)
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=last))
            .values_list("person_id", "household_id")
        )
        poverty: dict[int, dict[int, str]] = defaultdict(dict)
        for household, year, status in HouseholdPoverty.objects.filter(
            _among("household_id", household_of.values()), year__lte=month.year
        ).values_list("household_id", "year", "status"):
            poverty[household][year] = status
        communes = {p.commune_id for p in people.values()}
        # whether each commune's list of the year is loaded: one indexed probe per commune, not a scan of the lists
        listed = {
            commune
            for commune in communes
            if HouseholdPoverty.objects.filter(year=month.year, household__commune_id=commune).exists()
        }
        units = communes | {p.village_id for p in people.values() if p.village_id}
        difficult = set(
            DifficultArea.objects.filter(_area_in_force(last), unit_id__in=units).values_list("unit_id", flat=True)
        )
        numbers = {p.citizen_id for p in people.values() if p.citizen_id}
        taken = set()
        if numbers:
            taken = {
                str(value)
                for value in Dossier.objects.filter(form_code="2b")
                .exclude(state__in=[DossierState.REFUSED, DossierState.CANCELLED])
                .values_list(f"declaration__{declarations.CARED_PERSON}", flat=True)
                if value in numbers
            }
        return cls(month, people, facts, household_of, poverty, listed, difficult, _children_of(ids, last), taken)

    def fact(self, person_id: int, kind: str) -> _FactRow | None:
        return self.facts.get((person_id, kind))

    def value(self, person_id: int, kind: str) -> dict[str, Any]:
        fact = self.fact(person_id, kind)
        return (fact.value or {}) if fact else {}

    def household(self, person_id: int) -> str | None:
        """The status on the year's list; None when the commune's list of that year is not loaded."""
        person = self.people[person_id]
        household = self.household_of.get(person_id)
        status = self.poverty.get(household, {}).get(self.month.year) if household else None
        if status:
            return status
        return "none" if household and person.commune_id in self.listed_communes else None

    def calculator_input(self, person_id: int) -> dict[str, Any]:
        """The calculator's input (contracts.md §2), as `selectors.facts_for` builds it for one person,
        except that the household is the one of the month's year only (unknown years are gaps)."""
        person = self.people[person_id]
        born = person.birth_date or date(person.birth_year, 1, 1)
        value = self.value
        return {
            "id": f"person-{person.pk}",
            "month": str(self.month),
            "birth_date": born.isoformat(),
            "province": (person.province_code or "24")[-2:],
            "household": self.household(person_id) or "none",
            "difficult_area": bool({person.commune_id, person.village_id} & self.difficult_units),
            "without_support": bool(value(person_id, FactKind.SUPPORT).get("without_support")),
            "no_supporter": bool(value(person_id, FactKind.SUPPORT).get("no_supporter")),
            "studying": bool(value(person_id, FactKind.SCHOOLING).get("studying")),
            "stable_income": bool(value(person_id, FactKind.INCOME).get("stable_income")),
            "pension": bool(value(person_id, FactKind.INCOME).get("pension")),
            "single_parent": bool(value(person_id, FactKind.MARITAL).get("single_parent")),
            "hiv": bool(value(person_id, FactKind.HIV).get("positive")),
            "disability": value(person_id, FactKind.DISABILITY).get("level") or None,
            "children": self.children.get(person_id, []),
            "pregnant": False,
            "taken_in": bool(person.citizen_id and person.citizen_id in self.taken_in),
            "cares_for": [],
        }


def _area_in_force(day: date) -> Q:
    return Q(valid_from__lte=day) & (Q(valid_to__isnull=True) | Q(valid_to__gte=day))


def _children_of(person_ids: set[int], day: date) -> dict[int, list[dict[str, Any]]]:
    """The children in the household each person heads (as `selectors._children`), with schooling."""
    heads = dict(
        HouseholdMember.objects.filter(
            _among("person_id", person_ids), relationship=Relationship.HEAD, valid_to__isnull=True
        ).values_list("household_id", "person_id")
    )
    if not heads:
        return {}
    members = list(
        HouseholdMember.objects.filter(
            _among("household_id", heads), relationship=Relationship.CHILD, valid_to__isnull=True
        ).values_list("household_id", "person_id", "person__birth_date", "person__birth_year")
    )
    studying: dict[int, bool] = {}
    for person_id, value in (
        PersonFact.objects.filter(
            _in_force_on(day), _among("person_id", [m[1] for m in members]), kind=FactKind.SCHOOLING
        )
        .order_by("person_id", "-effective_from", "-pk")
        .values_list("person_id", "value")
    ):
        studying.setdefault(person_id, bool((value or {}).get("studying")))
    children: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for household_id, child_id, birth_date, birth_year in members:
        born = birth_date or date(birth_year, 1, 1)
        if born <= day:
            children[heads[household_id]].append(
                {"birth_date": born.isoformat(), "studying": studying.get(child_id, False)}
            )
    return children


# --- Judging one entitlement ----------------------------------------------------------------------


@dataclass(frozen=True)
class _Finding:
    reason: str
    from_month: date
    lawful: tuple[str, Decimal, int] | None
    explanation: str


@dataclass
class _Context:
    month: YearMonth
    book: RuleBook
    snapshot: _Snapshot
    category_ends: dict[str, date | None]
    held: dict[int, list[_EntitlementRow]]
    loader: RuleBookLoader
    care: _CareRegister | None = None
    assessments: dict[int, Assessment | None] = field(default_factory=dict)

    inputs: dict[int, dict[str, Any]] = field(default_factory=dict)
    same_inputs: dict[tuple[Any, ...], Assessment | None] = field(default_factory=dict)
    pension_periods: list[Period] | None = None

    def social_pension(self, province: str) -> int:
        """The social pension of the month in the province (rules/pension.py), read once per review."""
        if self.pension_periods is None:
            self.pension_periods = pension_periods_from_db()
        return pension.monthly_amount(self.pension_periods, self.month, province[-2:] if province else "24")

    def calculator_input(self, person_id: int) -> dict[str, Any]:
        """The register's facts, where a fact the person's categories need is unknown presumed as decided
        (so an unknown fact never takes a category away; it is listed as a gap instead)."""
        if person_id not in self.inputs:
            data = self.snapshot.calculator_input(person_id)
            for entitlement in self.held.get(person_id, []):
                _presume(data, entitlement, self)
            self.inputs[person_id] = data
        return self.inputs[person_id]

    def assessment(self, person_id: int) -> Assessment | None:
        if person_id not in self.assessments:
            data = self.calculator_input(person_id)
            key = _assessment_key(data, self.month.last_day)
            if key is None:
                self.assessments[person_id] = _assess(data, self.loader)
            else:
                if key not in self.same_inputs:
                    self.same_inputs[key] = _assess(data, self.loader)
                known = self.same_inputs[key]
                self.assessments[person_id] = replace(known, id=data["id"]) if known is not None else None
        return self.assessments[person_id]


def _assess(data: dict[str, Any], loader: RuleBookLoader) -> Assessment | None:
    """As `assess_input`, without building the contract's output object the review does not read."""
    try:
        return assess_facts(parse_facts(data), loader, explain=False)
    except FactsError:
        return None


# The fields of `_assessment_key`, in order: every input field of `_Snapshot.calculator_input` but the id (copied
# into the result), the birth date (replaced by the age it gives on the month's last day) and the lists (inputs
# with children or people cared for are not keyed). An input with any other set of fields is not keyed.
_KEYED_FIELDS = (
    "month",
    "province",
    "household",
    "difficult_area",
    "without_support",
    "no_supporter",
    "studying",
    "stable_income",
    "pension",
    "single_parent",
    "hiv",
    "disability",
    "pregnant",
    "taken_in",
)
_INPUT_FIELDS = frozenset({*_KEYED_FIELDS, "id", "birth_date", "children", "cares_for"})


def _assessment_key(data: dict[str, Any], last_day: date) -> tuple[Any, ...] | None:
    """Inputs that differ only in their id and in a birth date giving the same age on the month's last day get
    the same assessment (apart from its id): without the explanation (`explain=False`, the review's), the
    calculator reads the person's birth date only as that age (rules/calculator.py `assess`). So at national
    scale the calculator runs once per distinct key, not once per person. None (computed alone) for an input
    that parse_facts could refuse on its id or birth date, or with children or people cared for."""
    if data.keys() != _INPUT_FIELDS or data["children"] or data["cares_for"]:
        return None
    if not isinstance(data["id"], str) or not data["id"]:
        return None
    text = data.get("birth_date")
    try:
        born = date.fromisoformat(text) if isinstance(text, str) else None
    except ValueError:
        return None
    if born is None or born.isoformat() != text or born > last_day:
        return None
    return (age_on(born, last_day), *(data[name] for name in _KEYED_FIELDS))


PRESUMED_FLAGS: dict[str, dict[str, tuple[str, ...]]] = {
    FactKind.SUPPORT: {"5.1": ("without_support",), "5.2": ("without_support",), "5.5a": ("no_supporter",)},
    FactKind.SCHOOLING: {"5.2": ("studying",)},
    FactKind.HIV: {"5.3": ("hiv",), "5.8": ("hiv",)},
    FactKind.MARITAL: {"5.4": ("single_parent",)},
}
PRESUMED_FLAGS[FactKind.SUPPORT]["5.5d"] = ("no_supporter",)


def _presume(data: dict[str, Any], entitlement: _EntitlementRow, ctx: _Context) -> None:
    code, person_id, snapshot = entitlement.category_code, entitlement.person_id, ctx.snapshot
    for kind, by_code in PRESUMED_FLAGS.items():
        if code in by_code and snapshot.fact(person_id, kind) is None:
            data.update(dict.fromkeys(by_code[code], True))
    if (code in POOR_ONLY or code in POOR_OR_NEAR) and snapshot.household(person_id) is None:
        data["household"] = "poor"
    if code == DISABILITY and snapshot.fact(person_id, FactKind.DISABILITY) is None:
        data["disability"] = _decided_level(entitlement, snapshot.people[person_id], ctx.book)
    category = ctx.book.by_code.get(code)
    if ctx.care is not None and category is not None and category.kind == CategoryKind.CARE:
        _presume_care(data, entitlement, category, ctx)


def _decided_level(entitlement: _EntitlementRow, person: _PersonRow, book: RuleBook) -> str | None:
    """The disability level a 5.6 decision was made for: the level whose band gives the paid coefficient at
    the person's age in the decision's first month (unique in the coefficients of Art 6(1)(e))."""
    category = book.by_code.get(DISABILITY)
    if category is None or entitlement.coefficient is None:
        return None
    born = person.birth_date or date(person.birth_year, 1, 1)
    age = age_on(born, YearMonth.of(entitlement.start_month).last_day)
    levels = {
        band.disability
        for band in category.bands
        if band.coefficient == entitlement.coefficient
        and band.disability
        and (band.min_age is None or age >= band.min_age)
        and (band.max_age is None or age <= band.max_age)
    }
    return levels.pop() if len(levels) == 1 else None


def _month(day: date) -> str:
    return effective.month_text(day)


def _birth_sentence(person: _PersonRow) -> str:
    if person.birth_date:
        born = person.birth_date.strftime("%d/%m/%Y")
    else:
        born = gettext("năm %(year)s") % {"year": person.birth_year}
    return gettext("sinh %(born)s; %(convention)s") % {"born": born, "convention": _label(AGE_CONVENTION)}


def _age_reason(age: int) -> str:
    return AGE_REASONS.get(age, Reason.AGE_OTHER)


def _gap(entitlement: _EntitlementRow, person: _PersonRow, kind: str, explanation: str) -> GapItem:
    return GapItem(
        entitlement.pk,
        person.pk,
        person.citizen_id or "",
        person.full_name,
        entitlement.commune_id,
        entitlement.category_code,
        kind,
        explanation,
    )


def _gaps_before_calculation(entitlement: _EntitlementRow, person: _PersonRow, ctx: _Context) -> list[GapItem]:
    """Facts the category needs that the register does not hold for the month (never a difference)."""
    code, snapshot, gaps = entitlement.category_code, ctx.snapshot, []
    if entitlement.coefficient is None:
        gaps.append(
            _gap(
                entitlement,
                person,
                Gap.NO_COEFFICIENT,
                gettext("Quyết định không ghi hệ số: cần quyết định điều chỉnh ghi hệ số."),
            )
        )
    for kind, codes in NEEDS_FACT.items():
        if code in codes and snapshot.fact(person.pk, kind) is None:
            gaps.append(
                _gap(
                    entitlement,
                    person,
                    Gap.FACT_MISSING,
                    gettext(
                        "Sổ chưa ghi %(fact)s có hiệu lực trong tháng %(month)s (cần để xét diện %(code)s, "
                        "%(law)s, Điều 5)."
                    )
                    % {"fact": FACT_NAMES[kind], "month": ctx.month.display(), "code": code, "law": ND20},
                )
            )
    if (code in POOR_ONLY or code in POOR_OR_NEAR) and snapshot.household(person.pk) is None:
        gaps.append(
            _gap(
                entitlement,
                person,
                Gap.POVERTY_LIST,
                gettext("Chưa nhập danh sách hộ nghèo, cận nghèo năm %(year)s của xã: chưa xét được diện %(code)s.")
                % {"year": ctx.month.year, "code": code},
            )
        )
    return gaps


def _notices(entitlement: _EntitlementRow, person: _PersonRow, ctx: _Context) -> list[GapItem]:
    """Things to settle that change no money by themselves: a move, a certificate due for re-assessment."""
    notices = []
    if person.commune_id != entitlement.commune_id and not _related_units(person.commune_id, entitlement.commune_id):
        notices.append(
            _gap(
                entitlement,
                person,
                Gap.MOVED,
                gettext(
                    "Sổ ghi nơi ở mới khác xã đang chi trả: cần hồ sơ chuyển nơi hưởng hoặc thôi hưởng "
                    "(%(law)s, Điều 9)."
                )
                % {"law": ND20},
            )
        )
    if entitlement.category_code == DISABILITY:
        fact = ctx.snapshot.fact(person.pk, FactKind.DISABILITY)
        born = person.birth_date or date(person.birth_year, 1, 1)
        sixth = effective.age_month(born, REASSESS_AGE)
        certificate = _certificate_date(fact)
        if certificate is not None and certificate < sixth <= ctx.month.first_day:
            notices.append(
                _gap(
                    entitlement,
                    person,
                    Gap.REASSESSMENT,
                    gettext(
                        "Giấy xác nhận khuyết tật cấp ngày %(day)s, trước khi đủ 6 tuổi (tháng %(month)s): cần xác "
                        "định lại mức độ khuyết tật (TT 01/2019/TT-BLĐTBXH, Điều 8)."
                    )
                    % {"day": f"{certificate:%d/%m/%Y}", "month": _month(sixth)},
                )
            )
    return notices


def _related_units(a: int, b: int) -> bool:
    return UnitCoverage.objects.filter(Q(ancestor_id=a, descendant_id=b) | Q(ancestor_id=b, descendant_id=a)).exists()


def _certificate_date(fact: _FactRow | None) -> date | None:
    if fact is None:
        return None
    text = (fact.value or {}).get("certificate_date")
    try:
        return date.fromisoformat(text) if text else fact.effective_from
    except ValueError:
        return fact.effective_from


def _life_finding(entitlement: _EntitlementRow, person: _PersonRow, ctx: _Context) -> _Finding | None:
    if person.life_status == LifeStatus.DEAD and person.death_date:
        month = effective.next_month(person.death_date)
        return _Finding(
            Reason.DEATH,
            month,
            None,
            gettext(
                "Đã chết ngày %(day)s: thôi hưởng từ tháng %(month)s, tháng sau tháng chết (%(law)s, Điều 8 khoản 5); "
                "chưa có quyết định thôi hưởng."
            )
            % {"day": f"{person.death_date:%d/%m/%Y}", "month": _month(month), "law": ND20},
        )
    if person.life_status == LifeStatus.MISSING and person.missing_on:
        month = effective.next_month(person.missing_on)
        return _Finding(
            Reason.MISSING,
            month,
            None,
            gettext(
                "Bị tuyên bố mất tích ngày %(day)s: thôi hưởng từ tháng %(month)s (%(law)s, Điều 8 khoản 5); "
                "chưa có quyết định thôi hưởng."
            )
            % {"day": f"{person.missing_on:%d/%m/%Y}", "month": _month(month), "law": ND20},
        )
    return None


def _category_end_finding(entitlement: _EntitlementRow, ctx: _Context) -> _Finding | None:
    code = entitlement.category_code
    if code in ctx.book.by_code:
        return None
    ended = ctx.category_ends.get(code)
    month = effective.next_month(ended) if ended else ctx.month.first_day
    lawful = _other_line(entitlement, ctx)
    if lawful:
        after = f"; theo sổ, người này thuộc diện {lawful[0]} hệ số {format_coefficient(lawful[1])}"
    elif (lawful := _pension_line(entitlement, ctx)) is not None:
        after = (
            f"; theo sổ, người này đủ điều kiện trợ cấp hưu trí xã hội diện {lawful[0]}, "
            f"{format_money(lawful[2])}/tháng ({pension.BASIS}; chuyển bằng quyết định của Chủ tịch UBND xã)"
        )
    else:
        after = "; nếu đủ điều kiện, xét trợ cấp hưu trí xã hội (Luật BHXH 2024, Điều 21–22; NĐ 176/2025/NĐ-CP)"
    until = f" đến hết ngày {ended:%d/%m/%Y}" if ended else ""
    return _Finding(
        Reason.CATEGORY_ENDED,
        month,
        lawful,
        f"Diện {code} chỉ được quy định{until}: thôi hưởng từ tháng {_month(month)}, tháng sau tháng diện hết "
        f"hiệu lực ({ND20}, Điều 8 khoản 5){after}.",
    )


def _pension_line(entitlement: _EntitlementRow, ctx: _Context) -> tuple[str, Decimal, int] | None:
    """The social pension as the lawful treatment of a 5.5b/5.5c entitlement paid after 06/2025, when the
    register shows the person qualifies in the month (rules.pension.qualifying_category; coefficient 1 = one
    pension) and holds no social pension yet."""
    if entitlement.category_code not in pension.REPLACED_CATEGORIES:
        return None
    held = ctx.held.get(entitlement.person_id, [])
    if any(pension.is_social_pension(e.category_code) for e in held):
        return None
    amount = ctx.social_pension(entitlement.province_code)
    assessment = ctx.assessment(entitlement.person_id)
    if not amount or assessment is None:
        return None
    data = ctx.calculator_input(entitlement.person_id)
    code = pension.qualifying_category(
        age=assessment.age, household=data.get("household", ""), pension=bool(data.get("pension"))
    )
    if not code or code not in ctx.book.by_code:
        return None
    return (code, Decimal(1), amount)


def _other_line(entitlement: _EntitlementRow, ctx: _Context) -> tuple[str, Decimal, int] | None:
    """The calculator's allowance line for a category the person does not already hold, if any."""
    assessment = ctx.assessment(entitlement.person_id)
    if assessment is None:
        return None
    held = {e.category_code for e in ctx.held.get(entitlement.person_id, []) if e.pk != entitlement.pk}
    for line in assessment.lines:
        allowance = line.code in ctx.book.by_code and ctx.book.by_code[line.code] in ctx.book.allowance_categories
        if allowance and line.code not in held and line.code != entitlement.category_code:
            return (line.code, line.coefficient, line.amount)
    return None


def _paid_band(category: CategoryRule, coefficient: Decimal, level: str) -> CoefficientBand | None:
    fitting = [
        b for b in category.bands if b.coefficient == coefficient and (not b.disability or b.disability == level)
    ]
    return fitting[0] if fitting else None


def _fact_month(ctx: _Context, person_id: int, kind: str) -> date | None:
    fact = ctx.snapshot.fact(person_id, kind)
    return fact.effective_from if fact else None


def _coefficient_finding(
    entitlement: _EntitlementRow, person: _PersonRow, ctx: _Context, line_coefficient: Decimal, line_amount: int
) -> _Finding:
    """Same category, another coefficient: an age threshold, a disability level, or the children counted."""
    code, paid = entitlement.category_code, entitlement.coefficient or Decimal(0)
    category = ctx.book.by_code[code]
    assessment = ctx.assessment(person.pk)
    age = assessment.age if assessment else 0
    lawful = (code, line_coefficient, line_amount)
    change = gettext("hệ số diện %(code)s từ %(paid)s thành %(lawful)s") % {
        "code": code,
        "paid": format_coefficient(paid),
        "lawful": format_coefficient(line_coefficient),
    }
    born = person.birth_date or date(person.birth_year, 1, 1)
    if any(band.per_unit for band in category.bands):
        month = _children_change_month(entitlement, person.pk, ctx)
        return _Finding(
            Reason.CHILDREN,
            month,
            lawful,
            gettext(
                "Số con được tính thay đổi (%(law)s, Điều 5 khoản 4: con dưới 16 tuổi, hoặc từ 16 đến 22 tuổi đang "
                "đi học): %(change)s từ tháng %(month)s (%(circular)s, Điều 2)."
            )
            % {"law": ND20, "change": change, "month": _month(month), "circular": TT02},
        )
    level = ctx.calculator_input(person.pk).get("disability") or ""
    band = _paid_band(category, paid, level)
    if band is not None and band.max_age is not None and age > band.max_age:
        threshold = band.max_age + 1
        month = max(effective.age_month(born, threshold), entitlement.start_month)
        return _Finding(
            _age_reason(threshold),
            month,
            lawful,
            gettext(
                "Đủ %(age)s tuổi trong tháng %(reached)s (%(birth)s): %(change)s từ tháng %(month)s, tháng đủ tuổi "
                "(%(law)s, Điều 6 khoản 1; %(circular)s, Điều 2)."
            )
            % {
                "age": threshold,
                "reached": _month(effective.age_month(born, threshold)),
                "birth": _birth_sentence(person),
                "change": change,
                "month": _month(month),
                "law": ND20,
                "circular": TT02,
            },
        )
    if band is not None and band.min_age is not None and age < band.min_age:
        return _Finding(
            Reason.AGE_OTHER,
            entitlement.start_month,
            lawful,
            gettext("Chưa đủ %(age)s tuổi (%(birth)s): %(change)s (%(law)s, Điều 6 khoản 1).")
            % {"age": band.min_age, "birth": _birth_sentence(person), "change": change, "law": ND20},
        )
    fact_day = _fact_month(ctx, person.pk, FactKind.DISABILITY) if code == DISABILITY else None
    month = max(effective.first_of_month(fact_day), entitlement.start_month) if fact_day else ctx.month.first_day
    reason = Reason.DISABILITY_LEVEL if code == DISABILITY else Reason.FACTS_CHANGED
    return _Finding(
        reason,
        month,
        lawful,
        gettext(
            "Theo sổ (%(source)s): %(change)s từ tháng %(month)s, tháng đủ điều kiện hưởng mức mới (%(circular)s, "
            "Điều 2; %(law)s, Điều 6 khoản 1)."
        )
        % {
            "source": gettext("mức độ khuyết tật theo giấy xác nhận")
            if code == DISABILITY
            else gettext("thông tin hiện có"),
            "change": change,
            "month": _month(month),
            "circular": TT02,
            "law": ND20,
        },
    )


def _children_change_month(entitlement: _EntitlementRow, person_id: int, ctx: _Context) -> date:
    """The first month after the decision in which a child stopped counting (reached 16 while not studying,
    or 23), the age convention applied to the child's birthday."""
    months = []
    for child in ctx.snapshot.children.get(person_id, []):
        born = date.fromisoformat(child["birth_date"])
        for threshold in (16, 23):
            reached = effective.age_month(born, threshold)
            if entitlement.start_month < reached <= ctx.month.first_day and (threshold == 23 or not child["studying"]):
                months.append(reached)
                break
    return min(months) if months else ctx.month.first_day


def _loss_finding(entitlement: _EntitlementRow, person: _PersonRow, ctx: _Context) -> _Finding:
    """The category is no longer met: which condition failed, and the month after the month it was lost."""
    code = entitlement.category_code
    category = ctx.book.by_code[code]
    assessment = ctx.assessment(person.pk)
    age = assessment.age if assessment else 0
    lawful = _other_line(entitlement, ctx)
    then = (
        gettext("; theo sổ, người này thuộc diện %(code)s hệ số %(coefficient)s từ cùng tháng")
        % {"code": lawful[0], "coefficient": format_coefficient(lawful[1])}
        if lawful
        else ""
    )
    born = person.birth_date or date(person.birth_year, 1, 1)
    if category.max_age is not None and age > category.max_age:
        threshold = category.max_age + 1
        lost = effective.age_month(born, threshold)
        month = max(effective.next_month(lost), entitlement.start_month)
        return _Finding(
            _age_reason(threshold),
            month,
            lawful,
            gettext(
                "Đủ %(age)s tuổi trong tháng %(lost)s (%(birth)s), không còn thuộc diện %(code)s (%(basis)s): thôi "
                "hưởng từ tháng %(month)s, tháng sau tháng không còn đủ điều kiện (%(law)s, Điều 8 khoản 5)%(then)s."
            )
            % {
                "age": threshold,
                "lost": _month(lost),
                "birth": _birth_sentence(person),
                "code": code,
                "basis": category.basis,
                "month": _month(month),
                "law": ND20,
                "then": then,
            },
        )
    if category.min_age is not None and age < category.min_age:
        return _Finding(
            Reason.AGE_OTHER,
            entitlement.start_month,
            lawful,
            gettext("Chưa đủ %(age)s tuổi (%(birth)s): không thuộc diện %(code)s (%(basis)s)%(then)s.")
            % {
                "age": category.min_age,
                "birth": _birth_sentence(person),
                "code": code,
                "basis": category.basis,
                "then": then,
            },
        )
    reason, lost_on = _failed_condition(entitlement, person.pk, ctx)
    month = ctx.month.first_day if lost_on is None else max(effective.next_month(lost_on), entitlement.start_month)
    when = gettext(" trong tháng %(month)s") % {"month": _month(lost_on)} if lost_on else ""
    return _Finding(
        reason,
        month,
        lawful,
        gettext(
            "%(reason)s%(when)s: không còn thuộc diện %(code)s (%(basis)s); thôi hưởng từ tháng %(month)s, tháng sau "
            "tháng không còn đủ điều kiện (%(law)s, Điều 8 khoản 5)%(then)s."
        )
        % {
            "reason": _label(REASON_LABELS[reason]),
            "when": when,
            "code": code,
            "basis": category.basis,
            "month": _month(month),
            "law": ND20,
            "then": then,
        },
    )


def _failed_condition(entitlement: _EntitlementRow, person_id: int, ctx: _Context) -> tuple[str, date | None]:
    code = entitlement.category_code
    data = ctx.calculator_input(person_id)
    if (code in POOR_ONLY and data["household"] != "poor") or (
        code in POOR_OR_NEAR and data["household"] not in ("poor", "near_poor")
    ):
        return Reason.NOT_POOR, _off_list_month(entitlement, person_id, ctx)
    checks = [
        (code == "5.2" and not data["studying"], Reason.SCHOOLING_ENDED, FactKind.SCHOOLING),
        (code in ("5.1", "5.2") and not data["without_support"], Reason.SUPPORT_CHANGED, FactKind.SUPPORT),
        (code in ("5.5a", "5.5d") and not data["no_supporter"], Reason.SUPPORT_CHANGED, FactKind.SUPPORT),
        (code == DISABILITY, Reason.DISABILITY_LEVEL, FactKind.DISABILITY),
        (code == "5.5c" and data["pension"], Reason.INCOME, FactKind.INCOME),
        (code == "5.8" and data["stable_income"], Reason.INCOME, FactKind.INCOME),
        (code == "5.4" and not data["single_parent"], Reason.MARITAL, FactKind.MARITAL),
    ]
    for failed, reason, kind in checks:
        if failed:
            return reason, _fact_month(ctx, person_id, kind)
    if code == "5.4":
        return Reason.CHILDREN, None
    return Reason.FACTS_CHANGED, None


def _off_list_month(entitlement: _EntitlementRow, person_id: int, ctx: _Context) -> date:
    """The poor list of a year is read for every month of that year: the household is off it from January of
    the first year after the last year it was listed as the category needs (never before the decision)."""
    snapshot = ctx.snapshot
    household = snapshot.household_of.get(person_id)
    wanted = ("poor",) if entitlement.category_code in POOR_ONLY else ("poor", "near_poor")
    years = [y for y, status in snapshot.poverty.get(household, {}).items() if status in wanted] if household else []
    first_off = max(years) + 1 if years else entitlement.start_month.year
    return max(date(first_off, 1, 1), entitlement.start_month)


def _birth_uncertain(person: _PersonRow, ctx: _Context, entitlement: _EntitlementRow) -> bool:
    """Only a birth year, and an age threshold of the category falls in the month's year: the month it is
    reached is unknown (the register takes 1 January, which may pay too little or too much)."""
    if person.birth_date is not None:
        return False
    category = ctx.book.by_code.get(entitlement.category_code)
    if category is None:
        return False
    thresholds = {category.min_age, (category.max_age or -2) + 1}
    for band in category.bands:
        thresholds |= {band.min_age, (band.max_age or -2) + 1}
    return ctx.month.year - person.birth_year in thresholds


def _judge(entitlement: _EntitlementRow, person: _PersonRow, ctx: _Context) -> tuple[_Finding | None, list[GapItem]]:
    """The finding for one entitlement (None when the law agrees) and the gaps found on the way."""
    if person.merged_into_id is not None:
        return None, [
            _gap(
                entitlement,
                person,
                Gap.MERGED,
                gettext(
                    "Hồ sơ này đã được gộp vào hồ sơ gốc nhưng vẫn còn chế độ đang hưởng: cần chuyển hoặc thôi hưởng."
                ),
            )
        ]
    found = _life_finding(entitlement, person, ctx)
    if found is not None:
        return found, []
    notices = _notices(entitlement, person, ctx)
    found = _category_end_finding(entitlement, ctx)
    if found is not None:
        return found, notices
    if pension.is_social_pension(entitlement.category_code):
        return None, notices  # the social pension is not judged by NĐ 20/2021's calculator (rules/pension.py)
    notices += _gaps_before_calculation(entitlement, person, ctx)
    if entitlement.coefficient is None:
        return None, notices
    assessment = ctx.assessment(person.pk)
    if assessment is None:
        return None, [
            *notices,
            _gap(entitlement, person, Gap.NO_RULES, gettext("Chưa tính được theo quy định của tháng.")),
        ]
    code, paid = entitlement.category_code, entitlement.coefficient
    line = next((line for line in assessment.lines if line.code == code), None)
    category = ctx.book.by_code.get(code)
    if category is not None and category.kind == CategoryKind.CARE:
        return _care_judge(entitlement, person, category, ctx, notices)
    if line is not None and line.coefficient == paid:
        return None, notices
    if _birth_uncertain(person, ctx, entitlement):
        return None, [
            *notices,
            _gap(
                entitlement,
                person,
                Gap.BIRTH_DATE,
                gettext(
                    "Sổ chỉ ghi năm sinh %(born)s: chưa xác định được tháng đủ tuổi trong năm %(year)s "
                    "(%(convention)s)."
                )
                % {"born": person.birth_year, "year": ctx.month.year, "convention": _label(AGE_CONVENTION)},
            ),
        ]
    if line is not None:
        return _coefficient_finding(entitlement, person, ctx, line.coefficient, line.amount), notices
    if code in assessment.qualifying:
        held = {e.category_code for e in ctx.held.get(person.pk, [])}
        if any(other.code in held for other in assessment.lines):
            return None, notices  # paid under the higher category it also holds (Art 6(2)); that one is reviewed
        lawful = _other_line(entitlement, ctx)
        if lawful is None:
            return None, notices
        return (
            _Finding(
                Reason.HIGHER_CATEGORY,
                ctx.month.first_day,
                lawful,
                gettext(
                    "Người thuộc nhiều diện chỉ hưởng một mức cao nhất (%(law)s, Điều 6 khoản 2): theo sổ, diện "
                    "%(lawful)s hệ số %(coefficient)s cao hơn diện %(code)s đang hưởng."
                )
                % {"law": ND20, "lawful": lawful[0], "coefficient": format_coefficient(lawful[1]), "code": code},
            ),
            notices,
        )
    return _loss_finding(entitlement, person, ctx), notices


# --- Care support (Art 20) --------------------------------------------------------------------------

# A pregnancy declared in a dossier and never followed by a child in the register: after this many months its
# outcome is unknown (a gap), and it is still presumed (project choice: a pregnancy lasts under ten months).
PREGNANCY_MONTHS = 10


@dataclass(frozen=True, slots=True)
class _Cared:
    """A person cared for, as the register knows them in the review's month."""

    kind: str  # "taken_in" (Mẫu 2b) or "household_member" (Mẫu 2a)
    citizen_id: str
    person_id: int | None  # None: the ID number is not in the register
    full_name: str
    birth_date: date | None
    life_status: str
    death_date: date | None
    missing_on: date | None
    category: str  # the open 5.1, 5.5d or 5.6 entitlement in the month ("" when none)
    ended_from: date | None  # no open one: the first month not paid of the last one that ended
    disability: str | None

    def calculator_entry(self) -> dict[str, Any]:
        assert self.birth_date is not None
        return {
            "kind": self.kind,
            "category": self.category,
            "birth_date": self.birth_date.isoformat(),
            "disability": self.disability,
        }


@dataclass
class _CareRegister:
    """For the carers of the care entitlements reviewed: the people each one cares for, named by personal ID
    in their latest care dossier (Mẫu 2a / 2b, not refused or cancelled; `declarations.cared_id_numbers`), and a
    pregnancy declared in their latest dossier that says so (Art 20(2)(a)), with the day it was declared."""

    cared: dict[int, list[_Cared]]
    pregnant_since: dict[int, date]

    @classmethod
    def load(cls, carer_ids: set[int], month: YearMonth) -> _CareRegister:
        from ansinh.cases.selectors import CARED_CATEGORIES

        first, last = month.first_day, month.last_day
        named: dict[int, list[tuple[str, str]]] = {}
        declared: dict[int, date | None] = {}
        dossiers = (
            Dossier.objects.filter(_among("person_id", carer_ids))
            .exclude(state__in=[DossierState.REFUSED, DossierState.CANCELLED])
            .order_by("person_id", "-pk")
            .values_list("person_id", "declaration", "created_at")
        )
        for person_id, declaration, created_at in dossiers:
            pairs = declarations.cared_id_numbers(declaration or {})
            if pairs and person_id not in named:
                named[person_id] = pairs
            if "pregnant" in (declaration or {}) and person_id not in declared:
                yes = declarations.answer_is_yes(declaration["pregnant"])
                declared[person_id] = created_at.date() if yes else None
        pregnant_since = {person_id: day for person_id, day in declared.items() if day is not None}
        numbers = {number for pairs in named.values() for _kind, number in pairs}
        people = {
            row[1]: row
            for row in Person.objects.filter(citizen_id__in=numbers, merged_into__isnull=True).values_list(
                "pk", "citizen_id", "full_name", "birth_date", "birth_year", "life_status", "death_date", "missing_on"
            )
        }
        ids = [row[0] for row in people.values()]
        open_category: dict[int, str] = {}
        ended: dict[int, date] = {}
        for person_id, code, start, end in (
            Entitlement.objects.filter(_among("person_id", ids), category_code__in=CARED_CATEGORIES)
            .filter(start_month__lte=first)
            .values_list("person_id", "category_code", "start_month", "end_month")
        ):
            if end is None or end > first:
                if CARED_CATEGORIES.index(code) < CARED_CATEGORIES.index(open_category.get(person_id, code)):
                    open_category[person_id] = code
                open_category.setdefault(person_id, code)
            elif end > start:
                ended[person_id] = max(end, ended.get(person_id, end))
        levels: dict[int, str | None] = {}
        for person_id, value in (
            PersonFact.objects.filter(_in_force_on(last), _among("person_id", ids), kind=FactKind.DISABILITY)
            .order_by("person_id", "-effective_from", "-pk")
            .values_list("person_id", "value")
        ):
            levels.setdefault(person_id, (value or {}).get("level") or None)
        cared: dict[int, list[_Cared]] = {}
        for carer, pairs in named.items():
            cared[carer] = []
            for kind, number in pairs:
                row = people.get(number)
                if row is None:
                    cared[carer].append(_Cared(kind, number, None, "", None, "", None, None, "", None, None))
                    continue
                pk, _number, name, born, year, life, death, missing = row
                cared[carer].append(
                    _Cared(
                        kind,
                        number,
                        pk,
                        name,
                        born or (date(year, 1, 1) if year else None),
                        life,
                        death,
                        missing,
                        open_category.get(pk, ""),
                        ended.get(pk),
                        levels.get(pk),
                    )
                )
        return cls(cared, pregnant_since)

    def of(self, carer_id: int, kind: str) -> list[_Cared]:
        return [item for item in self.cared.get(carer_id, []) if item.kind == kind]


def _presume_care(data: dict[str, Any], entitlement: _EntitlementRow, category: CategoryRule, ctx: _Context) -> None:
    """The calculator's care input for a carer: the people cared for who are alive and hold their category in
    the month; a declared pregnancy still presumed while no child born since is recorded."""
    assert ctx.care is not None
    if category.care_kind == OWN_CARE:
        data["pregnant"] = _pregnant(entitlement.person_id, ctx) is not None
        if ctx.snapshot.fact(entitlement.person_id, FactKind.DISABILITY) is None:
            data["disability"] = data.get("disability") or "severe"  # unknown level: as decided (a gap)
        return
    entries = [entry for entry in data.get("cares_for", []) if entry["kind"] != category.care_kind]
    for cared in ctx.care.of(entitlement.person_id, category.care_kind):
        if cared.category and cared.birth_date and cared.life_status == LifeStatus.ALIVE:
            entries.append(cared.calculator_entry())
    data["cares_for"] = entries


def _pregnant(person_id: int, ctx: _Context, month: YearMonth | None = None) -> date | None:
    """The day a pregnancy was declared, while no child born since then (by the end of `month`, the review's
    month by default) is in the register; None before the declaration's month."""
    assert ctx.care is not None
    since = ctx.care.pregnant_since.get(person_id)
    last = (month or ctx.month).last_day
    if since is None or since > last:
        return None
    for child in ctx.snapshot.children.get(person_id, []):
        if effective.first_of_month(since) <= date.fromisoformat(child["birth_date"]) <= last:
            return None
    return since


def _care_lines_of(ctx: _Context, person_id: int, month: YearMonth, category: CategoryRule) -> list[Any]:
    """The calculator's care lines of the carer's kind of care, for `month` (the register as of the review)."""
    data = {**ctx.calculator_input(person_id), "month": str(month)}
    if category.care_kind == OWN_CARE:  # the children born by then, a pregnancy declared by then
        last = month.last_day
        data["children"] = [c for c in data["children"] if date.fromisoformat(c["birth_date"]) <= last]
        data["pregnant"] = _pregnant(person_id, ctx, month) is not None
    try:
        assessment = assess_facts(parse_facts(data), ctx.loader, explain=False)
    except FactsError:
        return []
    return [
        line
        for line in assessment.lines
        if line.code in ctx.book.by_code and ctx.book.by_code[line.code].care_kind == category.care_kind
    ]


def _care_judge(
    entitlement: _EntitlementRow, person: _PersonRow, category: CategoryRule, ctx: _Context, notices: list[GapItem]
) -> tuple[_Finding | None, list[GapItem]]:
    """Care support (NĐ 20/2021 Art 20; domain.md §6), paid to the carer: for the people cared for (20.1a, 20.1b
    by the child's age 4 and 16, 20.2c, 20.2d), the carer's support ends with the cared person's death or their
    own category ended; for the carer's own young children (20.2a, 20.2b), the count of children under 36 months
    and a pregnancy. The lawful line is the calculator's; the month from which it differs is the first month
    since the entitlement's start whose line differs (age convention), a loss stopping the month after."""
    assert ctx.care is not None
    code, paid = entitlement.category_code, entitlement.coefficient or Decimal(0)
    gaps = list(notices)
    if category.care_kind == OWN_CARE:
        since = _pregnant(person.pk, ctx)
        if since is not None and YearMonth.of(since).months_until(ctx.month) >= PREGNANCY_MONTHS:
            gaps.append(
                _gap(
                    entitlement,
                    person,
                    Gap.PREGNANCY_UNKNOWN,
                    gettext(
                        "Tờ khai ngày %(day)s ghi đang mang thai; sổ chưa ghi con sinh sau ngày đó: cần cập nhật (con "
                        "dưới 36 tháng tuổi, %(law)s, Điều 20 khoản 2)."
                    )
                    % {"day": f"{since:%d/%m/%Y}", "law": ND20},
                )
            )
    else:
        cared = ctx.care.of(person.pk, category.care_kind)
        unknown = [c for c in cared if c.person_id is None or c.birth_date is None]
        if not cared or unknown:
            numbers = ", ".join(c.citizen_id for c in unknown) or gettext("không có")
            return None, [
                *gaps,
                _gap(
                    entitlement,
                    person,
                    Gap.CARED_UNKNOWN,
                    gettext(
                        "Sổ chưa ghi người được chăm sóc, nuôi dưỡng của chế độ diện %(code)s (số định danh: "
                        "%(numbers)s): cần cập nhật hồ sơ (%(law)s, Điều 20)."
                    )
                    % {"code": code, "numbers": numbers, "law": ND20},
                ),
            ]
        found = _cared_life_finding(entitlement, cared, ctx)
        if found is not None:
            return found, gaps
        if not any(c.category for c in cared):
            return None, [
                *gaps,
                _gap(
                    entitlement,
                    person,
                    Gap.CARED_UNKNOWN,
                    gettext(
                        "Người được chăm sóc (%(names)s) chưa có chế độ diện 5.1, 5.5d hoặc 5.6 trong sổ: chưa xét "
                        "được diện %(code)s (%(law)s, Điều 20)."
                    )
                    % {"names": ", ".join(c.full_name for c in cared), "code": code, "law": ND20},
                ),
            ]
    lines = _care_lines_of(ctx, person.pk, ctx.month, category)
    if any(line.code == code and line.coefficient == paid for line in lines):
        return None, gaps
    return _care_change(entitlement, person, category, ctx, lines), gaps


def _cared_life_finding(entitlement: _EntitlementRow, cared: list[_Cared], ctx: _Context) -> _Finding | None:
    """Every person cared for died, went missing or stopped their own category: the carer's support ends
    (Art 8(5): from the month after the month of death or missing; from the month their own allowance stopped)."""
    stops: list[tuple[date, str, str]] = []
    for item in cared:
        if item.life_status == LifeStatus.DEAD and item.death_date:
            month = effective.next_month(item.death_date)
            stops.append(
                (
                    month,
                    Reason.CARED_DEATH,
                    gettext(
                        "%(name)s (người được chăm sóc) chết ngày %(day)s: thôi hỗ trợ kinh phí chăm sóc diện "
                        "%(code)s từ tháng %(month)s, tháng sau tháng chết (%(law)s, Điều 8 khoản 5; Điều 20)."
                    )
                    % {
                        "name": item.full_name,
                        "day": f"{item.death_date:%d/%m/%Y}",
                        "code": entitlement.category_code,
                        "month": _month(month),
                        "law": ND20,
                    },
                )
            )
        elif item.life_status == LifeStatus.MISSING and item.missing_on:
            month = effective.next_month(item.missing_on)
            stops.append(
                (
                    month,
                    Reason.CARED_STOPPED,
                    gettext(
                        "%(name)s (người được chăm sóc) bị tuyên bố mất tích ngày %(day)s: thôi hỗ trợ kinh phí chăm "
                        "sóc diện %(code)s từ tháng %(month)s (%(law)s, Điều 8 khoản 5; Điều 20)."
                    )
                    % {
                        "name": item.full_name,
                        "day": f"{item.missing_on:%d/%m/%Y}",
                        "code": entitlement.category_code,
                        "month": _month(month),
                        "law": ND20,
                    },
                )
            )
        elif not item.category and item.ended_from is not None:
            month = item.ended_from
            stops.append(
                (
                    month,
                    Reason.CARED_STOPPED,
                    gettext(
                        "%(name)s (người được chăm sóc) thôi hưởng trợ cấp từ tháng %(month)s: thôi hỗ trợ kinh phí "
                        "chăm sóc diện %(code)s từ cùng tháng (%(law)s, Điều 20)."
                    )
                    % {"name": item.full_name, "month": _month(month), "code": entitlement.category_code, "law": ND20},
                )
            )
        else:
            return None  # someone is still cared for: the calculator's line decides
    month, reason, explanation = max(stops)
    return _Finding(reason, max(month, entitlement.start_month), None, explanation)


def _care_change(
    entitlement: _EntitlementRow, person: _PersonRow, category: CategoryRule, ctx: _Context, lines: list[Any]
) -> _Finding:
    """The first month since the start whose calculator line differs from what is paid (an age of the person
    cared for, a child reaching 36 months, a child born): a new line applies from that month (TT 02/2021 Art 2),
    no line stops the support from the month after (Art 8(5))."""
    code, paid = entitlement.category_code, entitlement.coefficient or Decimal(0)
    level = ctx.calculator_input(person.pk).get("disability")
    if category.care_kind == OWN_CARE and level not in ("severe", "especially_severe"):
        lost = _fact_month(ctx, person.pk, FactKind.DISABILITY) or ctx.month.first_day
        month = max(effective.next_month(lost), entitlement.start_month)
        return _Finding(
            Reason.DISABILITY_LEVEL,
            month,
            None,
            gettext(
                "Mức độ khuyết tật theo giấy xác nhận từ tháng %(lost)s không còn là nặng hoặc đặc biệt nặng: thôi hỗ "
                "trợ kinh phí chăm sóc diện %(code)s từ tháng %(month)s, tháng sau tháng không còn đủ điều kiện "
                "(%(law)s, Điều 20 khoản 2; Điều 8 khoản 5)."
            )
            % {"lost": _month(lost), "code": code, "month": _month(month), "law": ND20},
        )
    start = YearMonth.of(entitlement.start_month)
    changed = ctx.month
    for n in range(start.months_until(ctx.month) + 1):
        scanned = start.add(n)
        found = _care_lines_of(ctx, person.pk, scanned, category)
        if not any(line.code == code and line.coefficient == paid for line in found):
            changed = scanned
            break
    line = lines[0] if lines else None
    lawful = (line.code, line.coefficient, line.amount) if line is not None else None
    paid_text = gettext("diện %(code)s hệ số %(coefficient)s") % {"code": code, "coefficient": format_coefficient(paid)}
    reason: str
    if category.care_kind == OWN_CARE:
        reason, why = Reason.YOUNG_CHILDREN, _young_children_sentence(person.pk, ctx)
    else:
        reason, why = _cared_age_reason(entitlement, category, ctx, changed)
    if lawful is None:
        stop = max(changed.add(1).first_day, entitlement.start_month)
        return _Finding(
            reason,
            stop,
            None,
            gettext(
                "%(why)s trong tháng %(changed)s: không còn thuộc diện hỗ trợ kinh phí chăm sóc %(paid)s (%(basis)s); "
                "thôi hỗ trợ từ tháng %(month)s, tháng sau tháng không còn đủ điều kiện (%(law)s, Điều 8 khoản 5)."
            )
            % {
                "why": why,
                "changed": changed.display(),
                "paid": paid_text,
                "basis": category.basis,
                "month": _month(stop),
                "law": ND20,
            },
        )
    return _Finding(
        reason,
        changed.first_day,
        lawful,
        gettext(
            "%(why)s trong tháng %(changed)s: %(paid)s thành diện %(code)s hệ số %(coefficient)s từ tháng "
            "%(changed)s (%(law)s, Điều 20; %(circular)s, Điều 2)."
        )
        % {
            "why": why,
            "changed": changed.display(),
            "paid": paid_text,
            "code": lawful[0],
            "coefficient": format_coefficient(lawful[1]),
            "law": ND20,
            "circular": TT02,
        },
    )


def _cared_age_reason(
    entitlement: _EntitlementRow, category: CategoryRule, ctx: _Context, changed: YearMonth
) -> tuple[str, str]:
    assert ctx.care is not None
    cared = [c for c in ctx.care.of(entitlement.person_id, category.care_kind) if c.birth_date and c.category]
    for item in cared:
        assert item.birth_date is not None
        age = age_on(item.birth_date, changed.last_day)
        if effective.age_month(item.birth_date, age) == changed.first_day:
            return (
                CARED_AGE_REASONS.get(age, Reason.CARED_AGE),
                gettext("%(name)s (người được chăm sóc, sinh %(born)s) đủ %(age)s tuổi (%(convention)s)")
                % {
                    "name": item.full_name,
                    "born": f"{item.birth_date:%d/%m/%Y}",
                    "age": age,
                    "convention": _label(AGE_CONVENTION),
                },
            )
    names = ", ".join(
        gettext("%(name)s (%(age)s tuổi)") % {"name": c.full_name, "age": age_on(c.birth_date, changed.last_day)}
        for c in cared
        if c.birth_date
    )
    return Reason.CARED_AGE, gettext("Tuổi, mức độ khuyết tật của người được chăm sóc (%(names)s) thay đổi") % {
        "names": names or gettext("không rõ")
    }


def _young_children_sentence(person_id: int, ctx: _Context) -> str:
    last = ctx.month.last_day
    young = [
        child
        for child in ctx.snapshot.children.get(person_id, [])
        if age_in_months_on(date.fromisoformat(child["birth_date"]), last) < YOUNG_CHILD_MONTHS
    ]
    pregnant = gettext("; đang mang thai theo tờ khai") if _pregnant(person_id, ctx) else ""
    return gettext("Số con dưới 36 tháng tuổi theo sổ: %(count)s%(pregnant)s") % {
        "count": len(young),
        "pregnant": pregnant,
    }


# --- The review ---------------------------------------------------------------------------------


def review_month(month: YearMonth, communes: list[int] | None = None) -> Review:
    """Every open entitlement of the communes (all when None) judged against the law of `month`."""
    with transaction.atomic(), _translations_of_one_review():
        _set_review_session()
        return _review_month(month, communes)


# Memory for the hashed sets of the candidate query (people with a fact, people on a poor list: up to a million
# ids at national scale); at the server's default 4 MB a set that does not fit is probed row by row instead.
REVIEW_WORK_MEM = "128MB"


def _set_review_session() -> None:
    """For the review's transaction (PostgreSQL): hash memory (REVIEW_WORK_MEM, as payroll generation has), and
    no JIT compilation: at national scale the candidate query's cost is far above `jit_above_cost`, and
    compiling its conditions took 1.5 s that the per-row sub-plans never won back (EXPLAIN ANALYZE,
    bench/review.py; as insurance/coverage.py). Writes nothing: the review only reads."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL work_mem = '{REVIEW_WORK_MEM}'")
            cursor.execute("SET LOCAL jit = off")


def _review_month(month: YearMonth, communes: list[int] | None) -> Review:
    review = Review(month)
    loader = RuleBookLoader()
    try:
        book = loader.rulebook(month, "24")
    except NoRulesError:
        return review
    # the candidates with their people's columns, read in the candidate query's own join (no second pass)
    width = len(ENTITLEMENT_COLUMNS)
    candidates, people = [], {}
    for row in (
        _candidates(month, communes, book)
        .order_by("commune_id", "person_id", "category_code")
        .values_list(*ENTITLEMENT_COLUMNS, *(f"person__{column}" for column in PERSON_COLUMNS))
    ):
        candidates.append(_EntitlementRow(*row[:width]))
        people[row[1]] = _PersonRow(*row[width:])
    review.candidates = len(candidates)
    if not candidates:
        return review
    person_ids = set(people)
    snapshot = _Snapshot.load(person_ids, month, people)
    held: dict[int, list[_EntitlementRow]] = defaultdict(list)
    first = month.first_day
    for row in (
        Entitlement.objects.filter(_among("person_id", person_ids), start_month__lte=first)
        .filter(Q(end_month__isnull=True) | Q(end_month__gt=first))
        .values_list(*ENTITLEMENT_COLUMNS)
    ):
        held[row[1]].append(_EntitlementRow(*row))
    ends = dict(Category.objects.values_list("code", "valid_to"))
    care_codes = {category.code for category in book.care_categories}
    carers = {e.person_id for e in candidates if e.category_code in care_codes}
    care = _CareRegister.load(carers, month) if carers else None
    contexts: dict[str, _Context] = {"24": _Context(month, book, snapshot, ends, held, loader, care)}
    for entitlement in candidates:
        person = snapshot.people[entitlement.person_id]
        province = (entitlement.province_code or "24")[-2:]
        if province not in contexts:
            contexts[province] = _Context(month, loader.rulebook(month, province), snapshot, ends, held, loader, care)
        ctx = contexts[province]
        finding, gaps = _judge(entitlement, person, ctx)
        review.gaps.extend(gaps)
        if finding is not None and not _already_ended(entitlement, finding):
            review.differences.append(_difference(entitlement, person, finding, ctx.book))
    return review


def _already_ended(entitlement: _EntitlementRow, finding: _Finding) -> bool:
    """The entitlement already stops by the finding's month: a category lost during the review month stops from
    the month after (Art 8(5)), so once that stop is recorded the month itself is paid as the law says."""
    return entitlement.end_month is not None and entitlement.end_month <= finding.from_month


def _difference(entitlement: _EntitlementRow, person: _PersonRow, finding: _Finding, book: RuleBook) -> Difference:
    paid = entitlement.coefficient or Decimal(0)
    paid_amount = round_dong(paid * book.standard_rate)
    lawful = finding.lawful
    return Difference(
        entitlement_id=entitlement.pk,
        person_id=person.pk,
        citizen_id=person.citizen_id or "",
        full_name=person.full_name,
        commune_id=entitlement.commune_id,
        category=entitlement.category_code,
        paid_coefficient=paid,
        paid_amount=paid_amount,
        lawful_category=lawful[0] if lawful else None,
        lawful_coefficient=lawful[1] if lawful else None,
        lawful_amount=lawful[2] if lawful else 0,
        from_month=YearMonth.of(finding.from_month),
        reason=finding.reason,
        explanation=finding.explanation
        + gettext(" Đang chi %(paid)s/tháng; theo quy định %(lawful)s/tháng.")
        % {"paid": format_money(paid_amount), "lawful": format_money(lawful[2] if lawful else 0)},
    )


def review_for(*, actor: Actor, month: YearMonth, communes: list[int] | None = None) -> Review:
    """The review of `month` over the communes the actor covers, HIV categories masked for those who may not
    read them (as on every screen)."""
    scope = review_policy.communes(actor)
    if communes is not None:
        scope = communes if scope is None else [unit for unit in communes if unit in set(scope)]
    review = review_month(month, scope)
    if person_policy.can_read_restricted(actor):
        return review
    review.differences = [
        replace(
            item,
            category=person_policy.category_shown(actor, item.category),
            lawful_category=person_policy.category_shown(actor, item.lawful_category) if item.lawful_category else None,
            explanation=person_policy.text_shown(actor, item.explanation),
        )
        for item in review.differences
    ]
    review.gaps = [
        replace(
            item,
            category=person_policy.category_shown(actor, item.category),
            explanation=person_policy.text_shown(actor, item.explanation),
        )
        for item in review.gaps
    ]
    return review


COUNT_CACHE_SECONDS = 24 * 3600


def _count_key(month: YearMonth, communes: list[int] | None) -> str:
    """The cache key of a month's count over a territory, with the register's change clock: the last audit event.
    Every write the review reads (facts, people, households, poor lists, decisions, imports, rules) is an
    audited action, and the audit log is append-only, so a new event means the count may have changed; the key
    is derived from the data, so it holds across processes with a per-process cache."""
    last = AuditEvent.objects.aggregate(last=Max("id"))["last"] or 0
    scope = "all" if communes is None else hashlib.sha256(",".join(map(str, sorted(communes))).encode()).hexdigest()
    return f"ansinh:review-count:{month}:{scope[:24]}:{last}"


def differences_count(*, actor: Actor, month: YearMonth) -> int:
    """For the home page's to-do: how many entitlements of the actor's communes differ from the law. Computed once
    per month, territory and state of the register (`_count_key`), then read from the cache."""
    if not review_policy.can_read(actor):
        return 0
    communes = review_policy.communes(actor)
    key = _count_key(month, communes)
    count = cache.get(key)
    if count is None:
        count = len(review_month(month, communes).differences)
        cache.set(key, count, COUNT_CACHE_SECONDS)
    return int(count)
