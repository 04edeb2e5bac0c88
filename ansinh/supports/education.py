"""Education supports (domain.md §7): amounts and instalments. Pure, apart from reading dated parameters.

- QĐ 66/2013/QĐ-TTg (Art 2, 3): ethnic-minority students of poor or near-poor households in formal university
  or college programmes: `education.ethnic_student_share` (60 %) of the base salary per month, up to
  `education.ethnic_student_months` (10) months a school year, paid in two instalments: 5 months in October or
  November, 5 months in March or April.
- TTLT 42/2013/TTLT-BGDĐT-BLĐTBXH-BTC (Art 7): disabled learners of poor or near-poor households:
  `education.disabled_learner_share` (80 %) of the base salary per month for
  `education.disabled_learner_months_higher` (10, university and college) or `…_months_other` (9) months a
  school year, and `education.disabled_learner_equipment` (1.000.000 đ) per school year for learning equipment
  (paid with the first instalment); paid in the same two instalments.
- QĐ 53/2015/QĐ-TTg (Art 5): boarding support for college and intermediate vocational students:
  `education.boarding_share` × base salary for `education.boarding_months`; groups and amounts unconfirmed.

The base salary is the one in force on the first day of the instalment's first payment month (1 October,
1 March): a rise from 1 July (NĐ 73/2024: 2.340.000 đ) applies to both instalments of the school year that
starts after it (project choice, written on every explanation). A learner enrolled on that day is paid; one who
left before it is not (leaving stops from the next instalment).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from ansinh.rules.formatting import format_money, round_dong
from ansinh.rules.models import Confidence, Parameter
from ansinh.rules.parameters import BASE_SALARY
from ansinh.rules.selectors import parameter_on


class Programme(models.TextChoices):
    ETHNIC_STUDENT = "qd66", _("Sinh viên dân tộc thiểu số hộ nghèo, cận nghèo (QĐ 66/2013/QĐ-TTg)")
    DISABLED_LEARNER = "ttlt42", _("Người khuyết tật học tập thuộc hộ nghèo, cận nghèo (TTLT 42/2013)")
    BOARDING = "qd53", _("Chính sách nội trú học cao đẳng, trung cấp (QĐ 53/2015/QĐ-TTg)")


SHARE_KEY = {
    Programme.ETHNIC_STUDENT: "education.ethnic_student_share",
    Programme.DISABLED_LEARNER: "education.disabled_learner_share",
    Programme.BOARDING: "education.boarding_share",
}
EQUIPMENT_KEY = {Programme.DISABLED_LEARNER: "education.disabled_learner_equipment"}

# The two instalments of a school year that starts in September of year Y: (months paid in, year offset).
PAYMENT_MONTHS = {1: ((10, 11), 0), 2: ((3, 4), 1)}


def months_key(programme: str, *, higher_education: bool) -> str:
    if programme == Programme.ETHNIC_STUDENT:
        return "education.ethnic_student_months"
    if programme == Programme.DISABLED_LEARNER:
        return "education.disabled_learner_months_" + ("higher" if higher_education else "other")
    return "education.boarding_months"


def split_months(total: int) -> tuple[int, int]:
    """Months of the year's support per instalment: the first takes the larger half (10 → 5 + 5, 9 → 5 + 4)."""
    first = (total + 1) // 2
    return first, total - first


def instalment_starts(school_year: int, number: int) -> date:
    """The first day of the instalment's payment months: 1 October of Y, 1 March of Y + 1."""
    (first_month, _second), offset = PAYMENT_MONTHS[number]
    return date(school_year + offset, first_month, 1)


def payment_months(school_year: int, number: int) -> str:
    (first, second), offset = PAYMENT_MONTHS[number]
    year = school_year + offset
    return f"tháng {first:02d} hoặc {second:02d}/{year}"


@dataclass(frozen=True)
class InstalmentAmount:
    number: int
    months: int
    monthly: int
    equipment: int
    total: int
    base_salary: int
    payable_from: date
    explanation: str
    unconfirmed: bool


class MissingParameter(Exception):
    """A parameter the amount needs is not in force on the day (a Vietnamese message)."""


def _in_force(key: str, day: date) -> Parameter:
    parameter = parameter_on(key, day)
    if parameter is None:
        raise MissingParameter(f"Chưa có tham số “{key}” có hiệu lực ngày {day:%d/%m/%Y}.")
    return parameter


def instalment_amount(programme: str, school_year: int, number: int, *, higher_education: bool) -> InstalmentAmount:
    """The amount of one instalment of a school year (each figure from its dated parameter)."""
    day = instalment_starts(school_year, number)
    share = _in_force(SHARE_KEY[Programme(programme)], day)
    months_parameter = _in_force(months_key(programme, higher_education=higher_education), day)
    base = _in_force(BASE_SALARY, day)
    months = split_months(int(months_parameter.value))[number - 1]
    monthly = round_dong(Decimal(base.value) * share.value)
    equipment = 0
    used = [share, months_parameter, base]
    if number == 1 and programme in EQUIPMENT_KEY:
        equipment_parameter = _in_force(EQUIPMENT_KEY[Programme(programme)], day)
        equipment = int(equipment_parameter.value)
        used.append(equipment_parameter)
    unconfirmed = any(parameter.confidence != Confidence.CONFIRMED for parameter in used)
    total = monthly * months + equipment
    parts = [
        f"Lần {number} năm học {school_year}-{school_year + 1} (chi {payment_months(school_year, number)}): "
        f"{months} tháng × {format_money(monthly)} ({(share.value * 100).normalize():f}% lương cơ sở "
        f"{format_money(int(base.value))}, {share.source.short_name})"
    ]
    if equipment:
        parts.append(f"phương tiện, đồ dùng học tập {format_money(equipment)}")
    explanation = " + ".join(parts) + f" = {format_money(total)}."
    if unconfirmed:
        explanation += " Có tham số chưa xác nhận."
    return InstalmentAmount(number, months, monthly, equipment, total, int(base.value), day, explanation, unconfirmed)


def paid_for(left_on: date | None, school_year: int, number: int) -> bool:
    """A learner who leaves stops from the next instalment: paid when still enrolled on its first day."""
    return left_on is None or left_on >= instalment_starts(school_year, number)
