"""Why a person does not meet a category: the conditions of NĐ 20/2021 Art 5, as in
`calculator.ALLOWANCE_CONDITIONS`, taken one by one, each unmet one named in Vietnamese.
Pure: no database, no Django.

A zero result must say which condition is missing (issue 14): the calculator answers yes or no per
category; this module says which of the category's conditions the facts do not show.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ansinh.rules.calculator import (
    POOR_OR_NEAR_POOR,
    SEVERE_LEVELS,
    CategoryRule,
    RuleBook,
    qualifying_children,
)
from ansinh.rules.facts import Facts, Household, age_on, month_end

# The condition keys: callers may say more about one (e.g. no poverty list loaded for the year).
AGE = "age"
CATEGORY_ENDED = "category_ended"
HOUSEHOLD_POOR = "household_poor"
HOUSEHOLD_POOR_OR_NEAR = "household_poor_or_near"


@dataclass(frozen=True, slots=True)
class Unmet:
    key: str
    text: str


Check = tuple[str, Callable[[Facts], bool], str]

_POOR: Check = (HOUSEHOLD_POOR, lambda f: f.household == Household.POOR, "không thuộc hộ nghèo")
_POOR_OR_NEAR: Check = (
    HOUSEHOLD_POOR_OR_NEAR,
    lambda f: f.household in POOR_OR_NEAR_POOR,
    "không thuộc hộ nghèo, hộ cận nghèo",
)
_NO_SUPPORTER: Check = (
    "no_supporter",
    lambda f: f.no_supporter,
    "chưa có thông tin không có người có nghĩa vụ và quyền phụng dưỡng",
)
_WITHOUT_SUPPORT: Check = (
    "without_support",
    lambda f: f.without_support,
    "chưa có thông tin không có nguồn nuôi dưỡng",
)
_DIFFICULT_AREA: Check = (
    "difficult_area",
    lambda f: f.difficult_area,
    "không sống ở xã, thôn đặc biệt khó khăn",
)
_HIV: Check = ("hiv", lambda f: f.hiv, "chưa có thông tin nhiễm HIV")

_NO_PENSION: Check = (
    "pension",
    lambda f: not f.pension,
    "đang hưởng lương hưu hoặc trợ cấp bảo hiểm xã hội hằng tháng",
)

CONDITIONS: dict[str, tuple[Check, ...]] = {
    "5.1": (_WITHOUT_SUPPORT,),
    "5.2": (_WITHOUT_SUPPORT, ("studying", lambda f: f.studying, "không đang đi học")),
    "5.3": (_HIV, _POOR),
    "5.4": (
        ("single_parent", lambda f: f.single_parent, "chưa có thông tin đơn thân"),
        _POOR_OR_NEAR,
        ("children", lambda f: qualifying_children(f) > 0, "không có con dưới 16 tuổi, hoặc 16–22 tuổi đang đi học"),
    ),
    "5.5a": (_POOR, _NO_SUPPORTER),
    "5.5b": (_POOR_OR_NEAR, _DIFFICULT_AREA),
    "5.5c": (_NO_PENSION,),
    "5.5d": (
        _POOR,
        _NO_SUPPORTER,
        ("taken_in", lambda f: f.taken_in, "chưa có cá nhân, hộ gia đình nhận chăm sóc tại cộng đồng"),
    ),
    "5.6": (
        ("disability", lambda f: f.disability in SEVERE_LEVELS, "chưa có thông tin khuyết tật nặng, đặc biệt nặng"),
    ),
    "5.7": (_POOR_OR_NEAR, _DIFFICULT_AREA),
    "5.8": (_HIV, _POOR, ("stable_income", lambda f: not f.stable_income, "có thu nhập ổn định")),
    # The social pension (Luật BHXH 41/2024 Art 21(1); NĐ 176/2025, 70-74 unconfirmed): ages from the category.
    "HTXH.75": (_NO_PENSION,),
    "HTXH.70": (_POOR_OR_NEAR, _NO_PENSION),
}


def _age_text(category: CategoryRule, age: int) -> str:
    if category.min_age is not None and category.max_age is not None:
        return f"diện {category.code} từ {category.min_age} đến {category.max_age} tuổi, người này {age} tuổi"
    if category.min_age is not None:
        return f"diện {category.code} từ {category.min_age} tuổi, người này {age} tuổi"
    return f"diện {category.code} đến {category.max_age} tuổi, người này {age} tuổi"


def unmet_conditions(facts: Facts, rules: RuleBook, code: str) -> tuple[Unmet, ...]:
    """The conditions of allowance category `code` the facts do not meet in the rules' month
    (empty when all are met; the rule that only the highest category is paid is not a condition)."""
    category = rules.by_code.get(code)
    if category is None:
        return (Unmet(CATEGORY_ENDED, f"diện {code} không áp dụng trong tháng {rules.month.display()}"),)
    age = age_on(facts.birth_date, month_end(facts.month))
    unmet = [] if category.age_fits(age) else [Unmet(AGE, _age_text(category, age))]
    unmet += [Unmet(key, text) for key, met, text in CONDITIONS.get(code, ()) if not met(facts)]
    return tuple(unmet)
