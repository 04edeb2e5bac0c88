"""Which one-off supports a death gives: funeral support, cremation support, or both (domain.md §7).

- Funeral support (NĐ 20/2021/NĐ-CP Art 11(1)): the deceased held, on the day of death, an entitlement of a
  category whose kind carries a funeral multiple in force that day (`rules.parameters.funeral_multiple_key`:
  the monthly allowance's `funeral_multiple`; the social pension's `social_pension.funeral_multiple`,
  NĐ 176/2025 Art 5). No list of category codes: a new kind of category with its own multiple qualifies.
- Cremation support (NQ 17/2019/NQ-HĐND Bắc Giang): the deceased was a permanent resident of a province
  whose cremation support is a parameter in force on the day of death (`cremation_support.province.NN`),
  and was cremated. Beneficiary or not.

Both apply to a cremated beneficiary resident in the province: the provincial support is paid beside the
national one (the resolution does not exclude funeral support; project reading, marked unconfirmed with the
amount). Each is decided on its own dossier and decision and paid to whoever organised the burial or the
cremation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ansinh.cases.models import Entitlement
from ansinh.core.months import YearMonth
from ansinh.rules.formatting import format_money
from ansinh.rules.models import Category, Confidence, Parameter
from ansinh.rules.parameters import cremation_key, funeral_multiple_key
from ansinh.rules.selectors import parameter_on


@dataclass(frozen=True)
class Applies:
    kind: str  # "funeral" or "cremation"
    applies: bool
    reason: str  # a Vietnamese sentence citing the clause
    unconfirmed: bool = False


def held_on(person_id: int, day: date) -> list[Entitlement]:
    """The person's entitlements payable in the month of `day` (start ≤ month < end)."""
    month = YearMonth.of(day).first_day
    return list(
        Entitlement.objects.filter(person_id=person_id, start_month__lte=month)
        .exclude(end_month__isnull=False, end_month__lte=month)
        .order_by("start_month", "pk")
    )


def funeral_applies(person_id: int, died_on: date) -> Applies:
    held = held_on(person_id, died_on)
    kinds = dict(Category.objects.filter(code__in={e.category_code for e in held}).values_list("code", "kind"))
    for entitlement in held:
        kind = kinds.get(entitlement.category_code)
        multiple = parameter_on(funeral_multiple_key(kind), died_on) if kind else None
        if multiple is not None:
            return Applies(
                "funeral",
                True,
                f"Đang hưởng diện {entitlement.category_code} khi chết ({multiple.source.short_name}, "
                f"{multiple.clause}).",
                multiple.confidence != Confidence.CONFIRMED,
            )
    return Applies(
        "funeral",
        False,
        "Không hưởng trợ cấp hằng tháng hay chế độ nào có hỗ trợ mai táng vào ngày chết (NĐ 20/2021/NĐ-CP, Điều 11).",
    )


def cremation_parameter(province_code: str, died_on: date) -> Parameter | None:
    return parameter_on(cremation_key(province_code[-2:]), died_on) if province_code else None


def cremation_applies(province_code: str, died_on: date, *, cremated: bool) -> Applies:
    parameter = cremation_parameter(province_code, died_on)
    if parameter is None:
        return Applies("cremation", False, "Tỉnh nơi thường trú không có chính sách hỗ trợ hỏa táng vào ngày chết.")
    unconfirmed = parameter.confidence != Confidence.CONFIRMED
    amount = format_money(int(parameter.value)) + (" (chưa xác nhận)" if unconfirmed else "")
    if not cremated:
        return Applies(
            "cremation", False, f"Chưa khai hỏa táng ({parameter.source.short_name}: {amount}).", unconfirmed
        )
    return Applies(
        "cremation",
        True,
        f"Thường trú trong tỉnh và được hỏa táng: {amount} ({parameter.source.short_name}).",
        unconfirmed,
    )


def supports_due(person_id: int, province_code: str, died_on: date, *, cremated: bool) -> list[Applies]:
    """Funeral and cremation support for a death, each with whether it applies and why."""
    return [funeral_applies(person_id, died_on), cremation_applies(province_code, died_on, cremated=cremated)]
