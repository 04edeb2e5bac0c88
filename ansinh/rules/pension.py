"""The social pension (trợ cấp hưu trí xã hội) as plain data and pure functions: who qualifies and the
amount of a month. Pure (no database): the dated periods come from `ansinh.rules.rulebook`.

- Luật BHXH 41/2024/QH15 Art 21 (who): a Vietnamese citizen aged 75 or more without a pension or a
  monthly social-insurance allowance (`HTXH.75`), or aged 70 to under 75 in a poor or near-poor
  household, likewise without them (`HTXH.70`); NĐ 176/2025/NĐ-CP lowers the second band's age to 70
  (domain.md §5, secondary sources: **unconfirmed**).
- Art 22 and NĐ 176/2025 (how much): a dated amount, the parameter `social_pension` (500.000 đ from
  01/07/2025, 540.000 đ from 01/07/2026, unconfirmed), not a coefficient of the standard rate of NĐ
  20/2021; a province may add a top-up by an HĐND resolution (`social_pension.province.NN`, added to the
  amount; none is known for Bắc Ninh, so the key holds no value).
- "Only the higher": a person eligible for both the pension and a monthly allowance of NĐ 20/2021 Art 5
  receives only the higher of the two (domain.md §5). The payment lists apply it month by month
  (`ansinh.payments.payroll.drop_lower_programme`), so the comparison follows every rate change.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from ansinh.core.months import YearMonth
from ansinh.rules.dated import Period, value_on
from ansinh.rules.facts import Household

PREFIX = "HTXH."
AGED_75 = "HTXH.75"
AGED_70_POOR = "HTXH.70"
CODES = (AGED_75, AGED_70_POOR)
AMOUNT_KEY = "social_pension"
PROVINCE_TOP_UP_PREFIX = "social_pension.province."
FUNERAL_MULTIPLE_KEY = "social_pension.funeral_multiple"
START = date(2025, 7, 1)  # Luật BHXH 41/2024 in force (Art 141); NĐ 176/2025 likewise
FIRST_MONTH = YearMonth(2025, 7)
# 5.5b and 5.5c (NĐ 20/2021 Art 5(5)(b)-(c)) end on 30/06/2025; their recipients are transferred.
REPLACED_CATEGORIES = ("5.5b", "5.5c")
# A pension held with a monthly allowance of these categories is compared, month by month: only the
# higher is paid. 5.4 (a single parent's allowance, which NĐ 20/2021 Art 6(2) pays on top of 5.5*) and
# care support (Art 20, paid to the carer) are not compared: a project choice, docs/architecture.md.
NOT_COMPARED = ("5.4",)
MIN_AGE_75 = 75
MIN_AGE_70 = 70
BASIS = "Luật BHXH 41/2024/QH15, Điều 21-22; NĐ 176/2025/NĐ-CP"


def is_social_pension(code: str) -> bool:
    return code.startswith(PREFIX)


def province_top_up_key(province: str) -> str:
    return f"{PROVINCE_TOP_UP_PREFIX}{province}"


def qualifying_category(*, age: int, household: Household | str, pension: bool) -> str:
    """The social-pension category a person of `age` (completed years on the month's last day) qualifies
    for, or "" (Luật BHXH 41/2024 Art 21(1); NĐ 176/2025: 70-74 in a poor or near-poor household)."""
    if pension:
        return ""
    if age >= MIN_AGE_75:
        return AGED_75
    if age >= MIN_AGE_70 and household in (Household.POOR, Household.NEAR_POOR):
        return AGED_70_POOR
    return ""


def monthly_amount(periods: Iterable[Period], month: YearMonth, province: str) -> int:
    """The pension of `month` in `province`: the national amount in force on the month's first day plus the
    province's top-up in force then (0 before 07/2025: the programme did not exist). The first day, as the
    payment lists read the standard rate (`payments.payroll.standard_rate`)."""
    periods = list(periods)
    day = month.first_day
    national = value_on(periods, AMOUNT_KEY, day)
    if national is None:
        return 0
    top_up = value_on(periods, province_top_up_key(province), day)
    return int(national.value) + (int(top_up.value) if top_up is not None else 0)


def higher_programme(pension_amount: int, allowance_amount: int) -> str:
    """Which of the two is paid when both are due in one month: "pension" or "allowance". A tie keeps the
    allowance already decided (no new decision for the same money)."""
    return "pension" if pension_amount > allowance_amount else "allowance"
