"""Emergency assistance (NĐ 20/2021/NĐ-CP Chapter III, Arts 12–15; domain.md §7): what each line of a round
gets. Pure, apart from reading dated parameters and the standard rate.

- Art 12: a hungry household gets `emergency.rice_kg` (15) kg of rice per person per month, for
  `emergency.rice_months_tet` (1) month at Tết and up to `emergency.rice_months_max` (3) months per round
  after a disaster.
- Art 13: a person seriously injured: `emergency.injury_multiple` (at least 10) × the standard rate.
- Art 14: a person dead or missing from a disaster or accident: `emergency.death_multiple` (at least 50) × the
  standard rate, to whoever organises the burial.
- Art 15: a household whose house collapsed, was swept away or burnt: `emergency.house_destroyed` (40.000.000);
  that must relocate urgently: `emergency.relocation` (30.000.000); whose house is badly damaged:
  `emergency.house_damaged` (20.000.000) per household.

The standard rate is the one in force in the province in the month of the event (`cases.selectors.standard_rate`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from ansinh.cases.selectors import standard_rate
from ansinh.core.months import YearMonth
from ansinh.rules.formatting import format_coefficient, format_money, round_dong
from ansinh.rules.models import Confidence, Parameter
from ansinh.rules.selectors import parameter_on


class RoundKind(models.TextChoices):
    TET = "tet", _("Hỗ trợ gạo dịp Tết")
    DISASTER = "disaster", _("Thiên tai, hỏa hoạn, dịch bệnh")


class NeedKind(models.TextChoices):
    RICE = "rice", _("Thiếu đói: hỗ trợ gạo")
    INJURY = "injury", _("Người bị thương nặng")
    DEATH = "death", _("Người chết, mất tích")
    HOUSE_DESTROYED = "house_destroyed", _("Nhà đổ, sập, trôi, cháy hoàn toàn")
    RELOCATION = "relocation", _("Phải di dời nhà ở khẩn cấp")
    HOUSE_DAMAGED = "house_damaged", _("Nhà hư hỏng nặng")


MULTIPLE_KEY = {NeedKind.INJURY: "emergency.injury_multiple", NeedKind.DEATH: "emergency.death_multiple"}
HOUSING_KEY = {
    NeedKind.HOUSE_DESTROYED: "emergency.house_destroyed",
    NeedKind.RELOCATION: "emergency.relocation",
    NeedKind.HOUSE_DAMAGED: "emergency.house_damaged",
}
CLAUSE = {
    NeedKind.RICE: "Điều 12",
    NeedKind.INJURY: "Điều 13",
    NeedKind.DEATH: "Điều 14",
    NeedKind.HOUSE_DESTROYED: "Điều 15",
    NeedKind.RELOCATION: "Điều 15",
    NeedKind.HOUSE_DAMAGED: "Điều 15",
}


class MissingParameter(Exception):
    """A parameter the support needs is not in force on the day (a Vietnamese message)."""


def _in_force(key: str, day: date) -> Parameter:
    parameter = parameter_on(key, day)
    if parameter is None:
        raise MissingParameter(f"Chưa có tham số “{key}” có hiệu lực ngày {day:%d/%m/%Y}.")
    return parameter


def rice_months_allowed(kind: str, day: date) -> int:
    key = "emergency.rice_months_tet" if kind == RoundKind.TET else "emergency.rice_months_max"
    return int(_in_force(key, day).value)


@dataclass(frozen=True)
class LineAmount:
    rice_kg: int
    amount: int
    basis: str
    unconfirmed: bool


def line_amount(kind: str, *, people: int, rice_months: int, day: date, province: str) -> LineAmount:
    """Rice (kg) or money (đ) for one line of a round, with its basis citing the clause."""
    clause = f"NĐ 20/2021/NĐ-CP, {CLAUSE[NeedKind(kind)]}"
    if kind == NeedKind.RICE:
        kg = _in_force("emergency.rice_kg", day)
        total = int(kg.value) * people * rice_months
        basis = f"{people} người × {int(kg.value)} kg × {rice_months} tháng = {total} kg gạo ({clause})."
        return LineAmount(total, 0, basis, kg.confidence != Confidence.CONFIRMED)
    if kind in MULTIPLE_KEY:
        multiple = _in_force(MULTIPLE_KEY[NeedKind(kind)], day)
        rate = standard_rate(YearMonth.of(day), province)
        if rate.value == 0:
            raise MissingParameter(rate.explanation)
        amount = round_dong(Decimal(rate.value) * multiple.value)
        basis = (
            f"{format_coefficient(multiple.value)} × mức chuẩn {format_money(rate.value)} = {format_money(amount)} "
            f"({clause})."
        )
        return LineAmount(0, amount, basis, multiple.confidence != Confidence.CONFIRMED)
    parameter = _in_force(HOUSING_KEY[NeedKind(kind)], day)
    amount = int(parameter.value)
    return LineAmount(
        0, amount, f"{format_money(amount)} mỗi hộ ({clause}).", parameter.confidence != Confidence.CONFIRMED
    )
