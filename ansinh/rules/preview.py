""" "Who is affected from which month": what an edit of one parameter changes, month by month.

For the edited parameter the preview lists the periods whose amounts change and, for a standard
rate, the old and new amount of every category and coefficient in force (e.g. 5.6 especially
severe adult, coefficient 2.0: 1.000.000 đ → 1.080.000 đ from 07/2026). Given the people of the
register paid in a month (`held`, read by a layer above: rules cannot read the entitlements), each
segment also counts the people of one month and totals the month before and after the change,
one row per category and coefficient paid, a category that has ended in the law but is still paid
included (marked with its end). Pure: works on plain dated data.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
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
class Held:
    """The entitlements of one category at one coefficient paid in a month (one line each)."""

    code: str
    coefficient: Decimal
    count: int


@dataclass(frozen=True)
class HeldMonth:
    """Who the register pays in a month: the groups, and the number of distinct people."""

    groups: tuple[Held, ...]
    people: int


# (month, province) -> who is paid that month in the province (within the viewer's area)
HeldSource = Callable[[YearMonth, str], HeldMonth]


@dataclass(frozen=True)
class PreviewRow:
    code: str
    label: str
    coefficient: Decimal | None
    old: Decimal | None
    new: Decimal | None
    count: int | None = None  # people paid at this coefficient in the counted month; None: not counted
    ended_from: date | None = None  # the category's first day out of force, when it has ended but is still paid

    @property
    def changed(self) -> bool:
        return self.old != self.new

    @property
    def old_total(self) -> Decimal | None:
        return None if self.count is None or self.old is None else self.old * self.count

    @property
    def new_total(self) -> Decimal | None:
        return None if self.count is None or self.new is None else self.new * self.count


@dataclass(frozen=True)
class PreviewSegment:
    start: YearMonth
    end: YearMonth | None  # None: open-ended
    old: Decimal | None
    new: Decimal | None
    rows: tuple[PreviewRow, ...]
    counted: YearMonth | None = None  # the month whose people are counted
    people: int | None = None
    lines: int | None = None

    @property
    def old_total(self) -> Decimal | None:
        return _sum(row.old_total for row in self.rows) if self.counted else None

    @property
    def new_total(self) -> Decimal | None:
        return _sum(row.new_total for row in self.rows) if self.counted else None


def _sum(values: Iterable[Decimal | None]) -> Decimal:
    return sum((value or Decimal(0) for value in values), Decimal(0))


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
    held: HeldSource | None = None,
    today: date | None = None,
) -> list[PreviewSegment]:
    """The periods (from a month, to a month or open-ended) in which the edit of `key` changes
    the value that applies, with old → new amounts for each category and coefficient; with `held`,
    the people paid in one month of each period (see `counted_month`) and the month's totals."""
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
    if held is None or not (is_standard_rate(key) and today is not None):
        return segments
    return [_counted(segment, key, before, after, province, categories, held, today) for segment in segments]


def counted_month(segment: PreviewSegment, today: date) -> YearMonth:
    """The month whose people a period counts: the current month when the period holds it, else
    the period's first month (a future period), else its last (a past one)."""
    current = YearMonth.of(today)
    month = max(segment.start, current)
    return segment.end if segment.end is not None and segment.end < month else month


def _counted(
    segment: PreviewSegment,
    key: str,
    before: list[Period],
    after: list[Period],
    province: str,
    categories: list[DatedCategory],
    held: HeldSource,
    today: date,
) -> PreviewSegment:
    month = counted_month(segment, today)
    day = month.last_day
    paid = held(month, province)
    old_rate, new_rate = (_applicable(periods, NATIONAL_RATE, day, province) for periods in (before, after))
    counts = {(group.code, group.coefficient): group.count for group in paid.groups}
    rows: dict[tuple[str, Decimal], PreviewRow] = {}
    for row in _rows(key, before, after, day, province, categories):
        place = (row.code, row.coefficient or Decimal(0))
        if place in rows:  # several cases at one coefficient: one row, one count
            rows[place] = replace(rows[place], label=f"{rows[place].label}; {row.label}")
        else:
            rows[place] = replace(row, count=counts.get(place, 0))
    for group in paid.groups:
        if (group.code, group.coefficient) not in rows:
            rows[(group.code, group.coefficient)] = _paid_row(group, categories, day, old_rate, new_rate)
    ordered = sorted(rows.values(), key=lambda row: _order(row, categories))
    return replace(
        segment,
        rows=tuple(ordered),
        counted=month,
        people=paid.people,
        lines=sum(group.count for group in paid.groups),
    )


def _paid_row(
    group: Held, categories: list[DatedCategory], day: date, old_rate: Decimal | None, new_rate: Decimal | None
) -> PreviewRow:
    """A row for people still paid at a coefficient (or in a category) the law no longer has on `day`."""
    periods = [dated for dated in categories if dated.category.code == group.code]
    name = periods[-1].category.name if periods else group.code
    ends = [dated.valid_to for dated in periods if dated.valid_to is not None and dated.valid_to < day]
    in_force_now = any(in_force(dated.valid_from, dated.valid_to, day) for dated in periods)
    ended_from = max(ends) + timedelta(days=1) if ends and not in_force_now else None
    return PreviewRow(
        group.code,
        name,
        group.coefficient,
        _decimal(round_dong(old_rate * group.coefficient)) if old_rate else None,
        _decimal(round_dong(new_rate * group.coefficient)) if new_rate else None,
        count=group.count,
        ended_from=ended_from,
    )


def _order(row: PreviewRow, categories: list[DatedCategory]) -> tuple[int, str, Decimal]:
    codes = [dated.category.code for dated in categories]
    place = codes.index(row.code) if row.code in codes else len(codes)
    return (place, row.code, row.coefficient or Decimal(0))
