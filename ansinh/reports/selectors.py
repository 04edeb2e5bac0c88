"""Reads for the reports pages: the units an actor may report on in a period, the period from the
query string, the form and what lies behind its figures."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from ansinh.core.access import Actor, Role, require
from ansinh.core.months import YearMonth
from ansinh.payments.models import PayrollLine
from ansinh.registry.policies import person_policy
from ansinh.reports import form10a, form10b, form10c, form10d
from ansinh.reports.chain import due_date
from ansinh.reports.figures import DECREASE_REASONS, INCREASE_REASONS
from ansinh.reports.form10a import Period, Row
from ansinh.reports.models import BudgetEstimate, EstimateLine, MonthlyReport, ReportStatus
from ansinh.reports.policies import ReportAction, estimate_policy, form_policy, report_policy
from ansinh.reports.projection import support_label
from ansinh.reports.spending import support_order
from ansinh.rules.calculator import HIV_CATEGORIES, MASKED_CATEGORY
from ansinh.rules.selectors import decision_flow_on
from ansinh.supports.models import Instalment, InstalmentStatus
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
class EstimateDue:
    """The preparer's estimate of next year: not yet prepared (None), a draft, or sent."""

    year: int
    estimate: BudgetEstimate | None


@dataclass
class HomePanel:
    due: ReportDue | None
    to_receive: int
    estimate: EstimateDue | None = None
    estimates_to_receive: int = 0

    @property
    def any(self) -> bool:
        return self.due is not None or self.to_receive > 0 or self.estimate is not None or self.estimates_to_receive > 0


def home_estimate_due(actor: Actor, today: date) -> EstimateDue | None:
    unit = own_estimate_unit(actor, today, senders=True)
    if unit is None:
        return None
    year = today.year + 1
    return EstimateDue(year=year, estimate=BudgetEstimate.objects.filter(unit=unit, year=year).first())


def home_estimates_to_receive(actor: Actor) -> int:
    return estimate_policy.to_receive(actor).count()


def home_panel(actor: Actor, today: date) -> HomePanel:
    if not form_policy.can_read_forms(actor):
        return HomePanel(due=None, to_receive=0)
    return HomePanel(
        due=home_report_due(actor, today),
        to_receive=home_reports_to_receive(actor),
        estimate=home_estimate_due(actor, today),
        estimates_to_receive=home_estimates_to_receive(actor),
    )


# --- the budget estimate ---------------------------------------------------------------------------


def estimates(actor: Actor) -> QuerySet[BudgetEstimate]:
    return estimate_policy.visible(actor).order_by("-year", "unit__level", "unit__name")


def own_estimate_unit(actor: Actor, today: date, *, senders: bool = False) -> AdministrativeUnit | None:
    """The unit whose estimate the actor prepares under the flow in force today: the labour office's
    district (district flow) or the commune officer's commune (commune flow); with `senders`, also the
    commune chair's commune (the chair sends it); None for everyone else."""
    if actor.scope_unit_id is None:
        return None
    unit = AdministrativeUnit.objects.select_related("parent").filter(pk=actor.scope_unit_id).first()
    if unit is None or not unit.is_active_on(today):
        return None
    flow = decision_flow_on(today)
    if estimate_policy.can_prepare_for(actor, unit, flow):
        return unit
    return unit if senders and estimate_policy.can_send_for(actor, unit, flow) else None


@dataclass(frozen=True)
class MaskedMonth:
    """One month of the restricted row (5.3 and 5.8 merged) as a reader without the right sees it: the
    amount, never the people or how it was projected."""

    month: int
    final_amount: int
    explanation: str = "Thông tin bảo mật"
    is_adjusted: bool = False


@dataclass
class EstimateRow:
    commune: AdministrativeUnit
    support: str
    label: str
    lines: list[EstimateLine] | list[MaskedMonth]  # January … December

    @property
    def total(self) -> int:
        return sum(line.final_amount for line in self.lines)

    @property
    def adjusted(self) -> bool:
        return any(line.is_adjusted for line in self.lines)


def estimate_rows(estimate: BudgetEstimate, actor: Actor) -> list[EstimateRow]:
    """One row per commune and support type, its twelve months in order. 5.3 and 5.8 tell HIV (Điều 5
    khoản 3, 8): for a reader without the right to restricted facts (the finance office, the province,
    the commune chair) they are one "Bảo mật" row per commune with the amounts only, as on the spending
    page."""
    hidden = not person_policy.can_read_restricted(actor)
    rows: dict[tuple[int, str], EstimateRow] = {}
    masked: dict[AdministrativeUnit, list[int]] = {}
    for line in estimate.lines.select_related("commune").order_by("commune__name", "support", "month"):
        if hidden and line.support in HIV_CATEGORIES:
            masked.setdefault(line.commune, [0] * 12)[line.month - 1] += line.final_amount
            continue
        key = (line.commune_id, line.support)
        if key not in rows:
            rows[key] = EstimateRow(line.commune, line.support, support_label(line.support), [])
        rows[key].lines.append(line)  # type: ignore[arg-type]
    for commune, months in masked.items():
        lines = [MaskedMonth(index + 1, amount) for index, amount in enumerate(months)]
        rows[(commune.pk, MASKED_CATEGORY)] = EstimateRow(commune, MASKED_CATEGORY, MASKED_CATEGORY, lines)
    return sorted(rows.values(), key=lambda row: (row.commune.name, support_order(row.support)))


def month_totals(rows: list[EstimateRow]) -> list[int]:
    """The estimate's twelve monthly totals, from its rows (masking merges rows, never changes a sum)."""
    totals = [0] * 12
    for row in rows:
        for line in row.lines:
            totals[line.month - 1] += line.final_amount
    return totals


@dataclass
class MonthComparison:
    month: YearMonth
    estimate: int
    actual: int

    @property
    def difference(self) -> int:
        return self.actual - self.estimate

    @property
    def percent(self) -> Decimal | None:
        """Actual as a share of the estimate (%), one decimal; None without an estimate."""
        if not self.estimate:
            return None
        return (Decimal(self.actual * 100) / self.estimate).quantize(Decimal("0.1"))


def actual_by_month(unit_id: int, year: int) -> list[int]:
    """Money of each month of the year in the unit: its payment lists (every line: allowances, arrears,
    carried, funeral and cremation) and the education instalments paid that month."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    covered = covered_unit_ids(unit_id)
    totals = [0] * 12
    for month, amount in (
        PayrollLine.objects.filter(commune_id__in=covered, month__gte=first, month__lte=last)
        .values_list("month")
        .annotate(amount=Sum("total"))
        .order_by()
    ):
        totals[month.month - 1] += int(amount or 0)
    for paid_on, amount in Instalment.objects.filter(
        commune_id__in=covered, status=InstalmentStatus.PAID, paid_on__gte=first, paid_on__lte=last
    ).values_list("paid_on", "total"):
        if paid_on is not None:  # always, by the filter
            totals[paid_on.month - 1] += int(amount)
    return totals


def estimate_against_actual(estimate: BudgetEstimate, estimated: list[int]) -> list[MonthComparison]:
    """`estimated`: the estimate's monthly totals (`month_totals`)."""
    actual = actual_by_month(estimate.unit_id, estimate.year)
    return [
        MonthComparison(YearMonth(estimate.year, month), estimated[month - 1], actual[month - 1])
        for month in range(1, 13)
    ]
