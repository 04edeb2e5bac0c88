""" "Who is affected from which month": what an edit of one parameter changes, month by month.

There is no register of people yet (a later issue adds the list of people). For the edited
parameter the preview lists the periods whose amounts change and, for a standard rate, the old
and new amount of every category and coefficient in force (e.g. 5.6 especially severe adult,
coefficient 2.0: 1.000.000 đ → 1.080.000 đ from 07/2026). Pure: works on plain dated data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from ansinh.core.months import YearMonth
from ansinh.rules.dated import DatedCategory, Period, in_force, rate_components, value_on
from ansinh.rules.facts import DEFAULT_PROVINCE, FIRST_MONTH
from ansinh.rules.formatting import round_dong
from ansinh.rules.parameters import (
    BASE_SALARY,
    BHYT_STATE_RATE,
    FUNERAL_MULTIPLE,
    NATIONAL_RATE,
    PROVINCE_RATE_PREFIX,
    is_standard_rate,
)


@dataclass(frozen=True)
class PreviewRow:
    code: str
    label: str
    coefficient: Decimal | None
    old: Decimal | None
    new: Decimal | None

    @property
    def changed(self) -> bool:
        return self.old != self.new


@dataclass(frozen=True)
class PreviewSegment:
    start: YearMonth
    end: YearMonth | None  # None: open-ended
    old: Decimal | None
    new: Decimal | None
    rows: tuple[PreviewRow, ...]


def _boundary_months(periods: list[Period]) -> list[YearMonth]:
    months = {FIRST_MONTH}
    for period in periods:
        months.add(YearMonth.of(period.valid_from))
        if period.valid_to is not None:
            months.add(YearMonth.of(period.valid_to + timedelta(days=1)))
    return sorted(month for month in months if month >= FIRST_MONTH)


def _applicable(periods: list[Period], key: str, day: date, province: str) -> Decimal | None:
    """The value that matters for `key` on `day`: for a standard rate, the rate paid in the province."""
    if is_standard_rate(key):
        components = rate_components(periods, YearMonth.of(day), province)
        return Decimal(max(rate.value for rate in components)) if components else None
    period = value_on(periods, key, day)
    return period.value if period else None


def _rows(
    key: str, before: list[Period], after: list[Period], day: date, province: str, categories: list[DatedCategory]
) -> tuple[PreviewRow, ...]:
    if is_standard_rate(key) or key == FUNERAL_MULTIPLE:
        old_rate, new_rate = (_applicable(periods, NATIONAL_RATE, day, province) for periods in (before, after))
        if key == FUNERAL_MULTIPLE:
            old_multiple = _applicable(before, key, day, province)
            new_multiple = _applicable(after, key, day, province)
            old_funeral = _decimal(round_dong(old_rate * old_multiple)) if old_rate and old_multiple else None
            new_funeral = _decimal(round_dong(new_rate * new_multiple)) if new_rate and new_multiple else None
            return (PreviewRow("", "Hỗ trợ chi phí mai táng", None, old_funeral, new_funeral),)
        return tuple(
            PreviewRow(
                dated.category.code,
                item.band.label,
                item.band.coefficient,
                _decimal(round_dong(old_rate * item.band.coefficient)) if old_rate else None,
                _decimal(round_dong(new_rate * item.band.coefficient)) if new_rate else None,
            )
            for dated in categories
            if in_force(dated.valid_from, dated.valid_to, day)
            for item in dated.bands
            if in_force(item.valid_from, item.valid_to, day)
        )
    if key in (BASE_SALARY, BHYT_STATE_RATE):
        old, new = (_bhyt_premium(periods, day) for periods in (before, after))
        return (PreviewRow("", "Mức đóng BHYT do Nhà nước đóng, mỗi người mỗi tháng", None, old, new),)
    return ()


def _bhyt_premium(periods: list[Period], day: date) -> Decimal | None:
    salary, share = value_on(periods, BASE_SALARY, day), value_on(periods, BHYT_STATE_RATE, day)
    return _decimal(round_dong(salary.value * share.value)) if salary and share else None


def _decimal(value: int | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def preview_change(
    key: str,
    before: list[Period],
    after: list[Period],
    categories: list[DatedCategory],
    province: str = DEFAULT_PROVINCE,
) -> list[PreviewSegment]:
    """The periods (from a month, to a month or open-ended) in which the edit of `key` changes
    the value that applies, with old → new amounts for each category and coefficient."""
    if key.startswith(PROVINCE_RATE_PREFIX):
        province = key.removeprefix(PROVINCE_RATE_PREFIX)
    months = _boundary_months(before + after)
    segments: list[PreviewSegment] = []
    for index, month in enumerate(months):
        day = month.last_day
        old, new = _applicable(before, key, day, province), _applicable(after, key, day, province)
        rows = _rows(key, before, after, day, province, categories)
        if old == new and not any(row.changed for row in rows):
            continue
        end = months[index + 1].add(-1) if index + 1 < len(months) else None
        previous = segments[-1] if segments else None
        if (
            previous
            and previous.end == month.add(-1)
            and (previous.old, previous.new, previous.rows) == (old, new, rows)
        ):
            segments[-1] = PreviewSegment(previous.start, end, old, new, rows)
        else:
            segments.append(PreviewSegment(month, end, old, new, rows))
    return segments
