"""Intake that computes (issue 14, item 5): the categories an officer picks from, by name; the
calculator's suggestion for a person from the register and the declaration (best category,
coefficient and amount); the answers taken from the declaration ("theo tờ khai"); and, for a zero
result, the conditions that are missing, in Vietnamese."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from ansinh.cases import declarations, selectors
from ansinh.core.months import YearMonth
from ansinh.registry.models import DisabilityLevel, Person
from ansinh.rules import pension
from ansinh.rules.assessing import assess_input
from ansinh.rules.calculator import HIV_CATEGORIES, Assessment, CategoryKind, RuleBook
from ansinh.rules.conditions import CATEGORY_ENDED, HOUSEHOLD_POOR, HOUSEHOLD_POOR_OR_NEAR, unmet_conditions
from ansinh.rules.dated import NoRulesError
from ansinh.rules.facts import Household, age_on, month_end, parse_facts
from ansinh.rules.formatting import format_coefficient, format_money
from ansinh.rules.models import Category
from ansinh.rules.rulebook import RuleBookLoader

DECLARED = "theo tờ khai"
# Left out of the reasons given when the officer named no category: 5.3 and 5.8 would speak of HIV
# for everyone, 5.5d is the care form's (Mẫu 2b) and follows 5.5a.
NOT_GUESSED = HIV_CATEGORIES | {"5.5d"}


# --- The category list -------------------------------------------------------------------------------


def category_label(category: Category) -> str:
    label = f"{category.code} · {category.name}"
    if category.valid_to is not None:
        label += f" (hết hiệu lực từ {category.valid_to:%d/%m/%Y})"
    return label


def category_choices(*, restricted: bool, day: date) -> list[tuple[str, str]]:
    """The categories to pick a dossier's from, by name: those in force on `day` first, in the order of
    the law, then those that ended (for adjusting an old decision). Readers who may not read restricted
    facts are not offered 5.3 and 5.8 (the code tells HIV, NĐ 20/2021 Art 5(3), 5(8))."""
    categories = [c for c in Category.objects.order_by("order", "code") if restricted or c.code not in HIV_CATEGORIES]
    categories = [c for c in categories if c.valid_from <= day]  # not yet in force: not offered (HTXH.* before 07/2025)
    in_force = [c for c in categories if c.valid_to is None or c.valid_to >= day]
    ended = [c for c in categories if c not in in_force]
    return [("", "—")] + [(c.code, category_label(c)) for c in in_force + ended]


def category_names() -> dict[str, str]:
    return dict(Category.objects.values_list("code", "name"))


# --- The suggestion ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Suggestion:
    """What the calculator suggests for a person in a month. `category` is "" when nothing is due;
    `missing` then says, category by category, which conditions are not met."""

    month: YearMonth
    category: str = ""
    name: str = ""
    coefficient: str = ""
    amount: int = 0
    declared: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()
    error: str = ""

    @property
    def amount_display(self) -> str:
        return format_money(self.amount)

    def as_dict(self) -> dict[str, Any]:
        return {
            "category": self.category,
            "name": self.name,
            "coefficient": self.coefficient,
            "amount": self.amount,
            "declared": list(self.declared),
            "missing": list(self.missing),
        }


def _declared_text(key: str, value: Any) -> str:
    texts: dict[str, tuple[str, str]] = {
        "household": ("Thuộc hộ nghèo", "Không thuộc hộ nghèo"),
        "no_supporter": ("Không có người có nghĩa vụ và quyền phụng dưỡng", "Có người phụng dưỡng"),
        "pension": ("Đang hưởng lương hưu, trợ cấp BHXH hằng tháng", "Không hưởng lương hưu, trợ cấp BHXH hằng tháng"),
        "studying": ("Đang đi học", "Không đi học"),
        "pregnant": ("Đang mang thai", "Không mang thai"),
    }
    if key == "disability":
        level = DisabilityLevel(value).label if value in DisabilityLevel.values else str(value)
        text = f"Khuyết tật mức {str(level).lower()}"
    else:
        yes, no = texts[key]
        text = yes if value not in (False, "none", None) else no
    return f"{text} ({DECLARED})"


def declared_facts(inputs: selectors.CalculatorInput) -> tuple[str, ...]:
    """The answers the calculation took from the declaration, each marked "theo tờ khai"."""
    order = ("household", "no_supporter", "pension", "studying", "disability", "pregnant")
    return tuple(_declared_text(key, inputs.data[key]) for key in order if key in inputs.declared)


def _condition_text(key: str, text: str, data: dict[str, Any], month: YearMonth) -> str:
    """A condition's words, said more precisely where the register and declaration tell more."""
    if key in (HOUSEHOLD_POOR, HOUSEHOLD_POOR_OR_NEAR):
        if data["household"] == Household.NONE:
            return f"chưa có thông tin hộ nghèo năm {month.year}"
        if data["household"] == Household.NEAR_POOR:
            return "thuộc hộ cận nghèo, diện này cần hộ nghèo"
    return text


def missing_conditions(data: dict[str, Any], book: RuleBook, codes: list[str], *, named: bool) -> tuple[str, ...]:
    """For each category of `codes` the person does not meet, one sentence naming what is missing.
    When the categories were not `named` by the officer, those that do not apply in the month or whose
    age does not fit are left out (only the conditions that could still be met are told)."""
    facts = parse_facts(data)
    sentences = []
    for code in codes:
        unmet = unmet_conditions(facts, book, code)
        if not unmet:
            continue
        if not named and any(item.key == CATEGORY_ENDED for item in unmet):
            continue
        texts = [_condition_text(item.key, item.text, data, book.month) for item in unmet]
        sentences.append(f"Không thuộc diện {code} vì: {'; '.join(texts)}.")
    return tuple(sentences)


def _codes_to_explain(book: RuleBook, age: int, category_code: str, form_code: str) -> tuple[list[str], bool]:
    """The categories whose unmet conditions to tell, and whether the officer named them: the dossier's
    category; else its declaration form's (Mẫu 1d: 5.5a–5.5d); else every allowance category. Those not
    named are only told when their age fits and they are not 5.3, 5.8 or 5.5d (`NOT_GUESSED`)."""
    if category_code:
        return [category_code], True
    form = declarations.form_for(form_code)
    candidates = [code for code in form.categories if code in book.by_code] if form else []
    if not candidates:
        candidates = [category.code for category in book.allowance_categories]
    codes = [
        code
        for code in candidates
        if code not in NOT_GUESSED
        and book.by_code[code].kind == CategoryKind.ALLOWANCE
        and book.by_code[code].age_fits(age)
    ]
    return codes, False


def _best_allowance(assessment: Assessment, book: RuleBook) -> tuple[str, str, int]:
    lines = [
        line
        for line in assessment.lines
        if (category := book.by_code.get(line.code)) is not None and category.kind == CategoryKind.ALLOWANCE
    ]
    if not lines:
        return "", "", 0
    best = max(lines, key=lambda line: line.amount)
    return best.code, format_coefficient(best.coefficient), best.amount


def _pension_suggestion(
    inputs: selectors.CalculatorInput, book: RuleBook, month: YearMonth, category_code: str
) -> Suggestion:
    """A social-pension category the officer chose (Mẫu số 01): met when its conditions are
    (`rules.conditions`), paid the dated pension amount of the month (`rules.pension`), else what is missing."""
    declared = declared_facts(inputs)
    missing = missing_conditions(inputs.data, book, [category_code], named=True)
    if missing:
        return Suggestion(month, declared=declared, missing=missing)
    amount = selectors.social_pension(month, inputs.data["province"]).value
    return Suggestion(
        month,
        category=category_code,
        name=book.by_code[category_code].name,
        coefficient="1",
        amount=amount,
        declared=declared,
    )


def suggest(
    person: Person,
    month: YearMonth,
    declaration: dict[str, Any] | None = None,
    *,
    category_code: str = "",
    form_code: str = "",
    loader: RuleBookLoader | None = None,
) -> Suggestion:
    """The calculator's best monthly allowance for `person` in `month` from the register and the
    declaration. A category the officer chose (`category_code`) is explained whenever it is not met;
    otherwise a zero result explains the categories of the declaration form (`form_code`), or all."""
    loader = loader or RuleBookLoader()
    inputs = selectors.calculator_input(person, month, declaration)
    try:
        output, assessment = assess_input(inputs.data, loader, explain=False)
    except NoRulesError as error:
        return Suggestion(month, error=str(error))
    if assessment is None:
        return Suggestion(month, error=str(output.get("error", "")))
    book = loader.rulebook(month, inputs.data["province"])
    if pension.is_social_pension(category_code):
        return _pension_suggestion(inputs, book, month, category_code)
    code, coefficient, amount = _best_allowance(assessment, book)
    age = age_on(date.fromisoformat(inputs.data["birth_date"]), month_end(month))
    codes, named = _codes_to_explain(book, age, category_code, form_code)
    if not named and code:
        codes = []  # something is due: the reasons of the others are not asked for
    missing = missing_conditions(inputs.data, book, [c for c in codes if c not in assessment.qualifying], named=named)
    if not code and not missing:
        missing = (f"Không thuộc diện nào trong tháng {month.display()}: không có diện nào phù hợp với {age} tuổi.",)
    return Suggestion(
        month,
        category=code,
        name=book.by_code[code].name if code else "",
        coefficient=coefficient,
        amount=amount,
        declared=declared_facts(inputs),
        missing=missing,
    )
