"""The calculator: from a person's facts and the rules of one month to the categories they
meet, the lines paid, the amount and an explanation naming each clause and number used.

Pure functions over plain data (design.md §2): no database, no Django. The rules of a month
arrive as a `RuleBook` (built from the dated tables by `ansinh.rules.rulebook`); the law's
conditions on the facts are the predicates below, each citing its clause of NĐ 20/2021/NĐ-CP.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

from ansinh.core.months import YearMonth
from ansinh.rules.facts import (
    CaredPerson,
    CareKind,
    Disability,
    Facts,
    Household,
    age_in_months_on,
    age_on,
    month_end,
)
from ansinh.rules.formatting import format_coefficient, format_money, round_dong

# Art 6(2): several categories → only the highest amount; 5.4 stacks with 5.5*, 5.6 and 5.8.
STACKING_BASIS = "NĐ 20/2021/NĐ-CP, Điều 6 khoản 2"
STACKS_WITH_SINGLE_PARENT = frozenset({"5.5a", "5.5b", "5.5c", "5.5d", "5.6", "5.8"})
SINGLE_PARENT = "5.4"
# Art 5(3) and 5(8): the category code itself tells that the person lives with HIV, so documents
# that leave the social-affairs officers (payment lists for the post office) show it masked.
HIV_CATEGORIES = frozenset({"5.3", "5.8"})
MASKED_CATEGORY = "Bảo mật"
OWN_CARE = "own"
UNCONFIRMED = "unconfirmed"

# Art 5(4): a single parent's children count while under 16, or 16–22 and studying.
CHILD_UNDER = 16
STUDENT_MAX_AGE = 22
# Art 20(2)(a)-(b): disabled parents raising children under 36 months.
YOUNG_CHILD_MONTHS = 36

SEVERE_LEVELS = (Disability.ESPECIALLY_SEVERE, Disability.SEVERE)
POOR_OR_NEAR_POOR = (Household.POOR, Household.NEAR_POOR)


class CategoryKind(StrEnum):
    ALLOWANCE = "allowance"  # monthly social allowance, NĐ 20/2021 Art 5-6
    CARE = "care"  # care support, Art 20
    # The social pension (Luật BHXH 41/2024 Arts 21-22, NĐ 176/2025): a second programme, paid a dated
    # amount (`ansinh.rules.pension`), not a coefficient of the standard rate; the assessment of Art 5-6
    # and Art 20 leaves it out (RuleBook.allowance_categories / care_categories).
    SOCIAL_PENSION = "social_pension"


@dataclass(frozen=True, slots=True)
class CoefficientBand:
    """One coefficient of a category and the conditions under which it applies. Ages are of the
    person the coefficient is about (for care support: the person cared for, except 20.2a)."""

    coefficient: Decimal
    label: str
    basis: str
    min_age: int | None = None
    max_age: int | None = None
    disability: str = ""
    subject_category: str = ""
    min_units: int | None = None
    max_units: int | None = None
    per_unit: bool = False
    confidence: str = "confirmed"

    def matches(self, *, age: int, disability: str, subject_category: str = "", units: int = 0) -> bool:
        return (
            (self.min_age is None or age >= self.min_age)
            and (self.max_age is None or age <= self.max_age)
            and (not self.disability or self.disability == disability)
            and (not self.subject_category or self.subject_category == subject_category)
            and (self.min_units is None or units >= self.min_units)
            and (self.max_units is None or units <= self.max_units)
        )


@dataclass(frozen=True, slots=True)
class CategoryRule:
    code: str
    name: str
    kind: CategoryKind
    basis: str
    bands: tuple[CoefficientBand, ...]
    min_age: int | None = None
    max_age: int | None = None
    care_kind: str = ""
    confidence: str = "confirmed"

    def age_fits(self, age: int) -> bool:
        return (self.min_age is None or age >= self.min_age) and (self.max_age is None or age <= self.max_age)


@dataclass(frozen=True, slots=True)
class RateComponent:
    """A standard rate in force (national, or the province's own)."""

    label: str
    value: int
    basis: str
    confidence: str = "confirmed"


@dataclass(frozen=True)
class RuleBook:
    """The rules in force for one month and one province, as plain data."""

    month: YearMonth
    province: str
    rates: tuple[RateComponent, ...]
    categories: tuple[CategoryRule, ...]
    by_code: Mapping[str, CategoryRule] = field(init=False, repr=False, compare=False)

    standard_rate: int = field(init=False, compare=False)
    allowance_categories: tuple[CategoryRule, ...] = field(init=False, repr=False, compare=False)
    care_categories: tuple[CategoryRule, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.rates:
            raise ValueError(f"không có mức chuẩn trợ giúp xã hội nào có hiệu lực trong tháng {self.month.display()}")
        derived = {
            "by_code": {category.code: category for category in self.categories},
            # The highest rate in force for the province (domain.md §4).
            "standard_rate": max(rate.value for rate in self.rates),
            "allowance_categories": tuple(c for c in self.categories if c.kind == CategoryKind.ALLOWANCE),
            "care_categories": tuple(c for c in self.categories if c.kind == CategoryKind.CARE),
        }
        for name, value in derived.items():
            object.__setattr__(self, name, value)


@dataclass(frozen=True, slots=True)
class Line:
    code: str
    coefficient: Decimal
    amount: int
    basis: str
    label: str = ""


@dataclass(frozen=True, slots=True)
class Assessment:
    id: str
    month: YearMonth
    age: int
    standard_rate: int
    qualifying: tuple[str, ...]
    lines: tuple[Line, ...]
    explanation: tuple[str, ...]

    @property
    def amount(self) -> int:
        return sum(line.amount for line in self.lines)


# --- The conditions of Art 5 on the facts (ages come from the category's data) ---------------

Predicate = Callable[[Facts, Mapping[str, bool]], bool]


def qualifying_children(facts: Facts) -> int:
    """Art 5(4): children under 16, or aged 16–22 and studying (ages on the month's last day)."""
    last_day = month_end(facts.month)
    count = 0
    for child in facts.children:
        age = age_on(child.birth_date, last_day)
        if age < CHILD_UNDER or (age <= STUDENT_MAX_AGE and child.studying):
            count += 1
    return count


def young_children_and_pregnancy(facts: Facts) -> int:
    """Art 20(2)(a)-(b): a pregnancy and each child under 36 months count one."""
    last_day = month_end(facts.month)
    young = sum(1 for child in facts.children if age_in_months_on(child.birth_date, last_day) < YOUNG_CHILD_MONTHS)
    return young + int(facts.pregnant)


ALLOWANCE_CONDITIONS: dict[str, Predicate] = {
    # Art 5(1): a child without means of support (abandoned, orphaned, parents missing or detained).
    "5.1": lambda facts, met: facts.without_support,
    # Art 5(2): was a 5.1 child, now 16–22 and studying.
    "5.2": lambda facts, met: facts.without_support and facts.studying,
    # Art 5(3): a child with HIV in a poor household.
    "5.3": lambda facts, met: facts.hiv and facts.household == Household.POOR,
    # Art 5(4): a poor or near-poor single parent raising children.
    "5.4": lambda facts, met: (
        facts.single_parent and facts.household in POOR_OR_NEAR_POOR and qualifying_children(facts) > 0
    ),
    # Art 5(5)(a): elderly in a poor household with no supporter.
    "5.5a": lambda facts, met: facts.household == Household.POOR and facts.no_supporter,
    # Art 5(5)(b): 75–79, poor or near-poor, extremely difficult area, not 5.5a.
    "5.5b": lambda facts, met: (
        facts.household in POOR_OR_NEAR_POOR and facts.difficult_area and not met.get("5.5a", False)
    ),
    # Art 5(5)(c): 80+, no pension or monthly social insurance, not 5.5a.
    "5.5c": lambda facts, met: not facts.pension and not met.get("5.5a", False),
    # Art 5(5)(d): elderly as in 5.5a, taken in by a carer in the community.
    "5.5d": lambda facts, met: facts.household == Household.POOR and facts.no_supporter and facts.taken_in,
    # Art 5(6): severe or especially severe disability.
    "5.6": lambda facts, met: facts.disability in SEVERE_LEVELS,
    # Art 5(7): under 3, poor or near-poor, extremely difficult area, not 5.1, 5.3 or 5.6.
    "5.7": lambda facts, met: (
        facts.household in POOR_OR_NEAR_POOR
        and facts.difficult_area
        and not (met.get("5.1", False) or met.get("5.3", False) or met.get("5.6", False))
    ),
    # Art 5(8): HIV, poor household, no stable monthly income.
    "5.8": lambda facts, met: facts.hiv and facts.household == Household.POOR and not facts.stable_income,
}


# --- The assessment ----------------------------------------------------------------------------


@dataclass(slots=True)
class _Candidate:
    category: CategoryRule
    band: CoefficientBand
    coefficient: Decimal
    amount: int
    units: int


def assess(facts: Facts, rules: RuleBook, *, explain: bool = True) -> Assessment:
    """Assess one person for one month under `rules` (which must be the month's rules).
    With `explain=False` the explanation is left empty (batch runs that do not print it)."""
    if rules.month != facts.month or rules.province != facts.province:
        raise ValueError(
            f"bộ quy định của tháng {rules.month.display()}, tỉnh {rules.province} không dùng cho người này"
        )
    last_day = month_end(facts.month)
    age = age_on(facts.birth_date, last_day)
    rate = rules.standard_rate
    explanation = [_age_sentence(facts, age), _rate_sentence(rules)] if explain else None

    met: dict[str, bool] = {}
    candidates: list[_Candidate] = []
    for category in rules.allowance_categories:
        condition = ALLOWANCE_CONDITIONS.get(category.code)
        met[category.code] = bool(condition and category.age_fits(age) and condition(facts, met))
        if not met[category.code]:
            continue
        units = qualifying_children(facts) if category.code == SINGLE_PARENT else 0
        candidate = _candidate(category, age=age, disability=facts.disability or "", units=units, rate=rate)
        if candidate is None:
            if explanation is not None:
                explanation.append(f"Diện {category.code} không có hệ số phù hợp với {age} tuổi ({category.basis}).")
            met[category.code] = False
            continue
        candidates.append(candidate)
        if explanation is not None:
            explanation.append(_category_sentence(candidate, rate))
    qualifying = tuple(code for code, is_met in met.items() if is_met)

    paid = _highest_only(candidates, explanation)
    lines = [_line(candidate) for candidate in paid]
    lines += _care_lines(facts, rules, age, rate, explanation)
    total = sum(line.amount for line in lines)
    if explanation is None:
        pass
    elif lines:
        explanation.append(f"Tổng cộng: {format_money(total)} mỗi tháng.")
    else:
        explanation.append(
            "Theo các thông tin đã khai, người này không thuộc diện hưởng trợ cấp xã hội hằng tháng "
            f"hoặc hỗ trợ kinh phí chăm sóc, nuôi dưỡng trong tháng {facts.month.display()}."
        )
    return Assessment(
        id=facts.id,
        month=facts.month,
        age=age,
        standard_rate=rate,
        qualifying=qualifying,
        lines=tuple(lines),
        explanation=tuple(explanation or ()),
    )


def _candidate(
    category: CategoryRule, *, age: int, disability: str, rate: int, units: int = 0, subject_category: str = ""
) -> _Candidate | None:
    for band in category.bands:
        if band.matches(age=age, disability=disability, subject_category=subject_category, units=units):
            coefficient = band.coefficient * units if band.per_unit else band.coefficient
            return _Candidate(category, band, coefficient, round_dong(coefficient * rate), units)
    return None


def _highest_only(candidates: list[_Candidate], explanation: list[str] | None) -> list[_Candidate]:
    """Art 6(2): only the single highest amount, except that a 5.4 single parent who is also
    5.5*, 5.6 or 5.8 receives the 5.4 amount and the highest of those. Ties go to the first
    category in the order of Art 5."""
    if not candidates:
        return []
    if len(candidates) == 1:
        return candidates
    best = max(candidates, key=lambda candidate: candidate.amount)  # max keeps the first of equals
    paid = [best]
    single_parent = next((c for c in candidates if c.category.code == SINGLE_PARENT), None)
    stacking = [c for c in candidates if c.category.code in STACKS_WITH_SINGLE_PARENT]
    if single_parent is not None and stacking:
        other = max(stacking, key=lambda candidate: candidate.amount)
        if single_parent.amount + other.amount >= best.amount:
            paid = [single_parent, other]
            if explanation is not None:
                explanation.append(
                    f"Người đơn thân nghèo nuôi con (diện 5.4) đồng thời thuộc diện {other.category.code} được "
                    f"hưởng cả hai mức: {format_money(single_parent.amount)} và {format_money(other.amount)} "
                    f"({STACKING_BASIS})."
                )
            return paid
    if explanation is not None:
        explanation.append(
            f"Người thuộc nhiều diện chỉ được hưởng một mức cao nhất ({STACKING_BASIS}): "
            f"hưởng theo diện {best.category.code}, {format_money(best.amount)}."
        )
    return paid


def _care_lines(facts: Facts, rules: RuleBook, age: int, rate: int, explanation: list[str] | None) -> list[Line]:
    care = rules.care_categories
    lines: list[Line] = []
    # Art 20(2)(a)-(b): a severely disabled person pregnant or raising children under 36 months,
    # on top of their own 5.6 (only the highest coefficient within 20.2a).
    if facts.disability in SEVERE_LEVELS:
        units = young_children_and_pregnancy(facts)
        for category in care:
            if category.care_kind != OWN_CARE or units == 0 or not category.age_fits(age):
                continue
            candidate = _candidate(category, age=age, disability=facts.disability or "", units=units, rate=rate)
            if candidate is not None:
                lines.append(_line(candidate))
                if explanation is not None:
                    explanation.append(_own_care_sentence(candidate, rate, facts.pregnant, units))
                break
    for index, cared in enumerate(facts.cares_for):
        line = _care_line(cared, care, month_end(facts.month), rate, explanation, index)
        if line is not None:
            lines.append(line)
    return lines


def _care_line(
    cared: CaredPerson,
    care: tuple[CategoryRule, ...],
    last_day: date,
    rate: int,
    explanation: list[str] | None,
    index: int,
) -> Line | None:
    cared_age = age_on(cared.birth_date, last_day)
    who = _cared_description(cared, cared_age)
    for category in care:
        if category.care_kind != cared.kind or not category.age_fits(cared_age):
            continue
        candidate = _candidate(
            category,
            age=cared_age,
            disability=cared.disability or "",
            subject_category=cared.category,
            rate=rate,
        )
        if candidate is not None:
            if explanation is None:
                return _line(candidate)
            explanation.append(
                f"Hỗ trợ kinh phí chăm sóc, nuôi dưỡng diện {category.code} ({category.name}) cho {who}: "
                f"hệ số {format_coefficient(candidate.coefficient)} ({candidate.band.label}; {candidate.band.basis})"
                f" × {format_money(rate)} = {format_money(candidate.amount)}{_unconfirmed(candidate)}."
            )
            return _line(candidate)
    if explanation is not None:
        explanation.append(
            f"Người được chăm sóc thứ {index + 1} ({who}) không thuộc diện hỗ trợ kinh phí chăm sóc (Điều 20)."
        )
    return None


def _line(candidate: _Candidate) -> Line:
    return Line(
        code=candidate.category.code,
        coefficient=candidate.coefficient,
        amount=candidate.amount,
        basis=candidate.band.basis,
        label=candidate.band.label,
    )


# --- Explanation sentences -----------------------------------------------------------------------


def _unconfirmed(candidate: _Candidate) -> str:
    if UNCONFIRMED in (candidate.band.confidence, candidate.category.confidence):
        return " (quy định này chưa được xác nhận từ văn bản gốc)"
    return ""


def _age_sentence(facts: Facts, age: int) -> str:
    return (
        f"Tuổi tính theo số năm tròn vào ngày cuối của tháng {facts.month.display()} "
        f"({month_end(facts.month):%d/%m/%Y}): sinh ngày {facts.birth_date:%d/%m/%Y}, {age} tuổi."
    )


def _rate_sentence(rules: RuleBook) -> str:
    parts = [
        f"{rate.label} {format_money(rate.value)} ({rate.basis}"
        + ("; chưa xác nhận" if rate.confidence == UNCONFIRMED else "")
        + ")"
        for rate in rules.rates
    ]
    chosen = f"Mức chuẩn trợ giúp xã hội áp dụng cho tháng {rules.month.display()}: {format_money(rules.standard_rate)}"
    if len(parts) == 1:
        return f"{chosen}, là {parts[0]}."
    return f"{chosen}, mức cao nhất đang có hiệu lực trong số: {'; '.join(parts)}."


def _category_sentence(candidate: _Candidate, rate: int) -> str:
    category, band = candidate.category, candidate.band
    coefficient = format_coefficient(band.coefficient)
    if band.per_unit:
        coefficient = f"{coefficient} × {candidate.units} người con = {format_coefficient(candidate.coefficient)}"
    return (
        f"Thuộc diện {category.code} ({category.name}; {category.basis}): hệ số {coefficient} "
        f"({band.label}; {band.basis}) × {format_money(rate)} = {format_money(candidate.amount)}"
        f"{_unconfirmed(candidate)}."
    )


def _own_care_sentence(candidate: _Candidate, rate: int, pregnant: bool, units: int) -> str:
    situation = ("đang mang thai, " if pregnant else "") + f"{units - int(pregnant)} con dưới 36 tháng tuổi"
    return (
        f"Hỗ trợ kinh phí chăm sóc diện {candidate.category.code} ({candidate.category.name}; {situation}): "
        f"hệ số {format_coefficient(candidate.coefficient)} ({candidate.band.label}; {candidate.band.basis}) "
        f"× {format_money(rate)} = {format_money(candidate.amount)}, hưởng thêm ngoài trợ cấp hằng tháng của bản thân."
    )


_CARED_WHO = {
    (CareKind.HOUSEHOLD_MEMBER, "5.6"): "thành viên khuyết tật trong hộ",
    (CareKind.TAKEN_IN, "5.1"): "trẻ em được nhận nuôi",
    (CareKind.TAKEN_IN, "5.5d"): "người cao tuổi được nhận chăm sóc",
    (CareKind.TAKEN_IN, "5.6"): "người khuyết tật được nhận chăm sóc",
}


def _cared_description(cared: CaredPerson, age: int) -> str:
    who = _CARED_WHO.get((cared.kind, cared.category), f"người thuộc diện {cared.category}")
    return f"{who}, sinh ngày {cared.birth_date:%d/%m/%Y}, {age} tuổi"


def category_for_outsiders(code: str) -> str:
    """The category as printed on documents read outside the social-affairs office."""
    return MASKED_CATEGORY if code in HIV_CATEGORIES else code
