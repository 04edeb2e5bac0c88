"""Dated values as plain data, and the pure functions over them: which value is in force,
whether two periods overlap, applying an edit, and building the `RuleBook` of a month.

Convention (docs/rules.md): a dated value applies to a month when it is in force on the
month's last day, the same day the person's age is taken (domain.md §5).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from ansinh.core.months import YearMonth
from ansinh.rules.calculator import CategoryRule, CoefficientBand, RateComponent, RuleBook
from ansinh.rules.parameters import NATIONAL_RATE, province_rate_key


class NoRulesError(ValueError):
    """No standard rate is in force for the month (the data does not cover it)."""


@dataclass(frozen=True, slots=True)
class Period:
    """One dated value, as plain data."""

    key: str
    value: Decimal
    valid_from: date
    valid_to: date | None
    basis: str
    confidence: str
    pk: int | None = None

    def in_force_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


@dataclass(frozen=True, slots=True)
class DatedBand:
    valid_from: date
    valid_to: date | None
    band: CoefficientBand


@dataclass(frozen=True, slots=True)
class DatedCategory:
    valid_from: date
    valid_to: date | None
    category: CategoryRule
    bands: tuple[DatedBand, ...]


def in_force(valid_from: date, valid_to: date | None, day: date) -> bool:
    return valid_from <= day and (valid_to is None or day <= valid_to)


def value_on(periods: Iterable[Period], key: str, day: date) -> Period | None:
    for period in periods:
        if period.key == key and period.in_force_on(day):
            return period
    return None


def rate_components(periods: Iterable[Period], month: YearMonth, province: str) -> tuple[RateComponent, ...]:
    """The national rate and the province's own rate in force on the month's last day."""
    periods = list(periods)
    day = month.last_day
    components = []
    national = value_on(periods, NATIONAL_RATE, day)
    if national is not None:
        components.append(
            RateComponent("mức chuẩn toàn quốc", int(national.value), national.basis, national.confidence)
        )
    provincial = value_on(periods, province_rate_key(province), day)
    if provincial is not None:
        components.append(
            RateComponent(
                f"mức chuẩn của tỉnh (mã {province})", int(provincial.value), provincial.basis, provincial.confidence
            )
        )
    return tuple(components)


def build_rulebook(
    month: YearMonth, province: str, rate_periods: Iterable[Period], categories: Iterable[DatedCategory]
) -> RuleBook:
    """The rules in force on the month's last day, from plain dated data (no database)."""
    rates = rate_components(rate_periods, month, province)
    if not rates:
        raise NoRulesError(f"chưa có mức chuẩn trợ giúp xã hội nào có hiệu lực trong tháng {month.display()}")
    day = month.last_day
    in_force_categories = tuple(
        dataclasses.replace(
            dated.category,
            bands=tuple(item.band for item in dated.bands if in_force(item.valid_from, item.valid_to, day)),
        )
        for dated in categories
        if in_force(dated.valid_from, dated.valid_to, day)
    )
    return RuleBook(month=month, province=province, rates=rates, categories=in_force_categories)


class PeriodError(ValueError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def periods_overlap(a_from: date, a_to: date | None, b_from: date, b_to: date | None) -> bool:
    return (b_to is None or a_from <= b_to) and (a_to is None or b_from <= a_to)


def period_text(valid_from: date, valid_to: date | None) -> str:
    return f"từ {valid_from:%d/%m/%Y}" + (f" đến {valid_to:%d/%m/%Y}" if valid_to else " (không thời hạn)")


def apply_change(
    periods: Iterable[Period], change: Period, *, close_previous: bool = False
) -> tuple[list[Period], Period | None]:
    """The periods after adding `change` (or replacing the period with the same pk), and the
    earlier period closed the day before `change` starts when `close_previous` asks for it.
    Raises PeriodError when the result would have two values of one key in force on one day."""
    if change.valid_to is not None and change.valid_to < change.valid_from:
        raise PeriodError("valid_to", "Ngày kết thúc không được trước ngày bắt đầu.")
    result = [period for period in periods if change.pk is None or period.pk != change.pk]
    closed = None
    if close_previous:
        for index, period in enumerate(result):
            if (
                period.key == change.key
                and period.valid_from < change.valid_from
                and period.in_force_on(change.valid_from)
            ):
                closed = dataclasses.replace(period, valid_to=change.valid_from - timedelta(days=1))
                result[index] = closed
                break
    for period in result:
        if period.key == change.key and periods_overlap(
            period.valid_from, period.valid_to, change.valid_from, change.valid_to
        ):
            raise PeriodError(
                "valid_from",
                f"Thời gian áp dụng trùng với giá trị {period.value.normalize():f} đang áp dụng "
                f"{period_text(period.valid_from, period.valid_to)}. Hãy kết thúc giá trị đó trước, "
                "hoặc chọn “kết thúc giá trị đang áp dụng”.",
            )
    result.append(change)
    return sorted(result, key=lambda period: (period.key, period.valid_from)), closed
