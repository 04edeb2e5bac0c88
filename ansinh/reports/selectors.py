"""Reads for the reports pages: the units an actor may report on in a period, the period from the
query string, the form and what lies behind its figures."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from ansinh.core.access import Actor, Role, require
from ansinh.core.months import YearMonth
from ansinh.reports import form10a, form10b, form10c, form10d
from ansinh.reports.chain import due_date
from ansinh.reports.figures import DECREASE_REASONS, INCREASE_REASONS
from ansinh.reports.form10a import Period, Row
from ansinh.reports.models import MonthlyReport, ReportStatus
from ansinh.reports.policies import ReportAction, form_policy, report_policy
from ansinh.territory.models import AdministrativeUnit, UnitLevel
from ansinh.territory.selectors import covered_unit_ids

REPORTING_LEVELS = (UnitLevel.PROVINCE, UnitLevel.DISTRICT, UnitLevel.COMMUNE)


def units_in_force(actor: Actor, period: Period) -> QuerySet[AdministrativeUnit]:
    """The province, districts and communes the actor may report on, among the units in force during
    the period (a district after 07/2025 no longer exists; the communes are those of the period)."""
    units = AdministrativeUnit.objects.filter(level__in=REPORTING_LEVELS, valid_from__lte=period.end).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=period.first.first_day)
    )
    if not actor.has_role(Role.ADMIN):
        units = units.filter(pk__in=covered_unit_ids(actor.scope_unit_id or 0))
    return units.select_related("parent").order_by("level", "name")


def reporting_unit(actor: Actor, period: Period, unit_id: int | None) -> AdministrativeUnit:
    """The unit asked for (default: the actor's own), refused (403) outside the actor's scope and
    absent (404) when it is not in force during the period."""
    require(form_policy.can_read_forms(actor))
    unit_id = unit_id or actor.scope_unit_id
    if unit_id is None:  # the administrator, who has no unit of their own: the first province
        unit = units_in_force(actor, period).filter(level=UnitLevel.PROVINCE).first()
    else:
        unit = units_in_force(actor, period).filter(pk=unit_id).first()
    if unit is None:
        require(form_policy.covers(actor, unit_id or 0))
        raise Http404("Đơn vị không tồn tại trong kỳ báo cáo.")
    return unit


def period_of(year: str | None, half: str | None, today: date) -> Period:
    """The half-year asked for; by default the last half-year that has ended."""
    try:
        chosen_year, chosen_half = int(year or ""), int(half or "")
        if chosen_half in (1, 2) and 2021 <= chosen_year <= today.year:
            return Period.half_year(chosen_year, chosen_half)
    except ValueError:
        pass
    return Period.half_year(today.year, 1) if today.month > 6 else Period.half_year(today.year - 1, 2)


def last_period_of_own_unit(actor: Actor, period: Period) -> Period:
    """The default period, or, for an actor whose unit ended before it (an abolished district or
    commune, kept as an archive), the last half-year of that unit."""
    unit = AdministrativeUnit.objects.filter(pk=actor.scope_unit_id or 0).first()
    if unit is None or unit.valid_to is None or unit.valid_to >= period.first.first_day:
        return period
    return Period.half_year(unit.valid_to.year, 1 if unit.valid_to.month <= 6 else 2)


def period_label(period: Period) -> str:
    half = "6 tháng đầu năm" if period.first.month == 1 else "6 tháng cuối năm"
    months = f"từ tháng {period.first.display()} đến tháng {period.last.display()}"
    return f"Kỳ báo cáo: {half} {period.first.year} ({months})"


@dataclass
class Drilldown:
    row: Row | form10b.Row | form10d.Row
    column: str
    by_commune: list[tuple[str, int, int]]  # commune name, count, amount (đồng)
    ids: list[int]  # people or payment lines, in order
    total: int  # the count (people columns) or the amount (Kinh phí)


FORMS: dict[str, Any] = {"10a": form10a, "10b": form10b, "10c": form10c, "10d": form10d}
LINE_COLUMNS = ("amount", "quantity")  # 10a's Kinh phí, 10b's Số lượng: lines (payment, emergency) behind


def drilldown(period: Period, unit: AdministrativeUnit, row_key: str, column: str, code: str = "10a") -> Drilldown:
    """What lies behind one cell of form `code` (10a, 10b, 10d): the same classification as the cell.
    For line columns `amount` is what the lines add to the cell (đồng; 10b: the row's base unit)."""
    form = FORMS[code]
    row = form.ROWS_BY_KEY.get(row_key)
    if row is None or column not in form.COLUMNS or row.heading or row.untracked:
        raise Http404("Không có ô này trên mẫu.")
    counts: Counter[int] = Counter()
    amounts: Counter[int] = Counter()
    if column in LINE_COLUMNS:
        lines = form.drilldown_lines(period, unit.pk, row)
        for _, commune, amount in lines:
            counts[commune] += 1
            amounts[commune] += amount
        ids, total = [line for line, _, _ in lines], sum(amount for _, _, amount in lines)
    else:
        people = form.drilldown_people(period, unit.pk, row, column)
        for _, commune in people:
            counts[commune] += 1
        ids, total = [person for person, _ in people], len(people)
    names = {commune.pk: commune.full_name for commune in AdministrativeUnit.objects.filter(pk__in=list(counts))}
    by_commune = sorted(
        ((names.get(commune, str(commune)), n, amounts[commune]) for commune, n in counts.items()),
        key=lambda item: item[0],
    )
    return Drilldown(row=row, column=column, by_commune=by_commune, ids=ids, total=total)


# --- the monthly report ------------------------------------------------------------------------


REASON_LABELS = {**INCREASE_REASONS, **DECREASE_REASONS}


def monthly_reports(actor: Actor) -> QuerySet[MonthlyReport]:
    return report_policy.visible(actor).order_by("-month", "unit__level", "unit__name")


def _report_day(unit: AdministrativeUnit, month: YearMonth | None) -> date | None:
    """The month a report would concern: `month`, else an ended unit's last day, else today (None)."""
    if month is not None:
        return month.first_day
    return unit.valid_to if unit.valid_to is not None and unit.valid_to < timezone.localdate() else None


def own_report_unit(actor: Actor, month: YearMonth | None = None) -> AdministrativeUnit | None:
    """The unit whose report the actor prepares: their commune, or their district (the labour
    office); with `month`, only while the unit exists that month; None for everyone else."""
    if actor.scope_unit_id is None:
        return None
    unit = AdministrativeUnit.objects.select_related("parent").filter(pk=actor.scope_unit_id).first()
    if unit is None or not report_policy.can_prepare_for(actor, unit, _report_day(unit, month)):
        return None
    if month is not None and not unit.is_active_on(month.first_day):
        return None
    return unit


@dataclass
class ReportDue:
    month: YearMonth
    unit: AdministrativeUnit
    report: MonthlyReport | None
    due_on: date | None
    late: bool


def home_report_due(actor: Actor, today: date) -> ReportDue | None:
    """The sender's home page: last month's report of their unit, unless already sent in time."""
    month = YearMonth.of(today).add(-1)
    unit = own_report_unit(actor, month)
    if unit is None:
        return None
    report = MonthlyReport.objects.filter(unit=unit, month=month.first_day).first()
    if report is not None and report.status != ReportStatus.DRAFT and not report.is_late(today):
        return None
    due_on = report.due_on if report is not None else due_date(unit, month)
    late = report.is_late(today) if report is not None else (due_on is not None and today > due_on)
    return ReportDue(month=month, unit=unit, report=report, due_on=due_on, late=late)


def home_reports_to_receive(actor: Actor) -> int:
    """Reports sent to the actor's office and not yet marked received."""
    sent = monthly_reports(actor).filter(status=ReportStatus.SENT)
    return sum(1 for report in sent if report_policy.can(actor, ReportAction.RECEIVE, report))


def reason_rows(section: dict[str, int]) -> list[tuple[str, int]]:
    return [(REASON_LABELS.get(code, code), n) for code, n in section.items()]


@dataclass
class HomePanel:
    due: ReportDue | None
    to_receive: int

    @property
    def any(self) -> bool:
        return self.due is not None or self.to_receive > 0


def home_panel(actor: Actor, today: date) -> HomePanel:
    if not form_policy.can_read_forms(actor):
        return HomePanel(due=None, to_receive=0)
    return HomePanel(due=home_report_due(actor, today), to_receive=home_reports_to_receive(actor))
