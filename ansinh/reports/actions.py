"""Writes of the reports app: the monthly report up the chain (prepare, write, send, receive) and
the audit of a form leaving the system."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ansinh.audit.events import record_event
from ansinh.core.access import Actor, require
from ansinh.core.months import YearMonth
from ansinh.core.text import text_problem
from ansinh.reports import figures, projection
from ansinh.reports.chain import communes_ever_covered, communes_of, due_on, in_force
from ansinh.reports.models import BudgetEstimate, EstimateLine, MonthlyReport, ReportStatus
from ansinh.reports.policies import EstimateAction, ReportAction, estimate_policy, report_policy
from ansinh.reports.projection import support_label
from ansinh.rules.selectors import decision_flow_on
from ansinh.territory.models import AdministrativeUnit, UnitLevel

NARRATIVE_MAX = 20_000
SENT_STATUSES = (ReportStatus.SENT, ReportStatus.RECEIVED)


def form_taken(*, actor: Actor, form: str, unit: AdministrativeUnit, period: str) -> None:
    """A form's file leaving the system is recorded (who, which form, which unit and period), as the
    payment lists are. The view has already checked that the actor may read it."""
    with transaction.atomic():
        record_event(
            actor=actor,
            action="reports.form_taken",
            after={"form": form, "unit": unit.code, "period": period},
            territory_id=unit.pk,
        )


def _figures_of(unit: AdministrativeUnit, month: YearMonth) -> dict[str, Any]:
    """Figures of the communes in force in the month; records kept under a predecessor (the register
    not yet moved after a merger) count under the successor in force."""
    communes = communes_of(unit, month)
    sources = sorted(set(communes_ever_covered(unit)) | set(communes))
    mapping = in_force(set(sources), month.first_day)
    by_source = figures.by_commune(month, sources)
    per_commune = {
        commune: figures.total({source: by_source[source] for source in sources if mapping[source] == commune})
        for commune in communes
    }
    names = dict(AdministrativeUnit.objects.filter(pk__in=communes).values_list("pk", "name"))
    return {
        "communes": [{"id": commune, "name": names.get(commune, ""), **per_commune[commune]} for commune in communes],
        "total": figures.total(per_commune),
    }


def report_prepare(*, actor: Actor, unit: AdministrativeUnit, month: YearMonth) -> MonthlyReport:
    """Create (or refresh, while a draft) the report of `unit` for `month`, figures computed now. A
    district's report takes in the commune reports of the month already sent to its labour office."""
    require(report_policy.can_prepare_for(actor, unit, month.first_day))
    if month.first_day > timezone.localdate():
        raise ValidationError({"month": "Chưa thể báo cáo tháng chưa bắt đầu."})
    if not unit.is_active_on(month.first_day):
        raise ValidationError({"month": f"Đơn vị không còn tồn tại trong tháng {month.display()}."})
    with transaction.atomic():
        report, created = MonthlyReport.objects.select_for_update().get_or_create(
            unit=unit,
            month=month.first_day,
            defaults={"province_code": _province_code(unit), "due_on": due_on(unit, month)},
        )
        if report.status != ReportStatus.DRAFT:
            raise ValidationError({"month": "Báo cáo tháng này đã gửi, không lập lại được."})
        report.figures = _figures_of(unit, month)
        report.prepared_at, report.prepared_by_id = timezone.now(), actor.pk
        report.save()
        if unit.level == UnitLevel.DISTRICT:
            MonthlyReport.objects.filter(
                unit_id__in=communes_of(unit, month), month=month.first_day, status__in=SENT_STATUSES
            ).update(included_in=report)
        record_event(
            actor=actor,
            action="reports.monthly_prepare",
            obj=report,
            after={"month": str(month), "unit": unit.code, "created": created},
            territory_id=unit.pk,
        )
    return report


def report_write(*, actor: Actor, report: MonthlyReport, narrative: str) -> MonthlyReport:
    require(report_policy.can(actor, ReportAction.PREPARE, report))
    narrative = narrative.strip()
    if problem := text_problem(narrative, NARRATIVE_MAX):
        raise ValidationError({"narrative": problem})
    with transaction.atomic():
        before = report.narrative
        report.narrative = narrative
        report.save(update_fields=["narrative"])
        record_event(
            actor=actor,
            action="reports.monthly_write",
            obj=report,
            before={"narrative": before},
            after={"narrative": narrative},
            territory_id=report.unit_id,
        )
    return report


def report_send(*, actor: Actor, report: MonthlyReport) -> MonthlyReport:
    """Send up the chain: the figures are computed once more and frozen with the report."""
    require(report_policy.can(actor, ReportAction.SEND, report))
    with transaction.atomic():
        locked = (
            MonthlyReport.objects.select_for_update(of=("self",))
            .select_related("unit", "unit__parent")
            .get(pk=report.pk)
        )
        if locked.status != ReportStatus.DRAFT:
            return locked
        month = YearMonth.of(locked.month)
        locked.figures = _figures_of(locked.unit, month)
        locked.status, locked.sent_at, locked.sent_by_id = ReportStatus.SENT, timezone.now(), actor.pk
        locked.save()
        record_event(
            actor=actor,
            action="reports.monthly_send",
            obj=locked,
            after={"month": str(month), "to": report_policy.recipient_name(locked), "due_on": str(locked.due_on)},
            territory_id=locked.unit_id,
        )
    return locked


def report_receive(*, actor: Actor, report: MonthlyReport) -> MonthlyReport:
    require(report_policy.can(actor, ReportAction.RECEIVE, report))
    with transaction.atomic():
        locked = MonthlyReport.objects.select_for_update().get(pk=report.pk)
        if locked.status != ReportStatus.SENT:
            return locked
        locked.status, locked.received_at, locked.received_by_id = ReportStatus.RECEIVED, timezone.now(), actor.pk
        locked.save(update_fields=["status", "received_at", "received_by"])
        record_event(actor=actor, action="reports.monthly_receive", obj=locked, territory_id=locked.unit_id)
    return locked


def _province_code(unit: AdministrativeUnit) -> str:
    while unit.parent is not None:
        unit = unit.parent
    return unit.code


# --- the budget estimate (dự toán) -----------------------------------------------------------------

REASON_MAX = 2_000


@dataclass
class Prepared:
    estimate: BudgetEstimate
    created: bool
    kept: int  # adjustments kept on re-projection
    dropped: list[str]  # the adjustments of lines no longer projected, named


def estimate_prepare(*, actor: Actor, unit: AdministrativeUnit, year: int) -> Prepared:
    """Project (or re-project, while a draft) the estimate of `unit` for `year`. Who may prepare it is
    decided by the flow in force today (`decision_flow_on`); a re-projection keeps every adjustment
    whose line is still projected and names the ones dropped."""
    today = timezone.localdate()
    flow = decision_flow_on(today)
    require(estimate_policy.can_prepare_for(actor, unit, flow))
    if not 2022 <= year <= today.year + 1:
        raise ValidationError({"year": f"Chỉ lập dự toán cho các năm từ 2022 đến {today.year + 1}."})
    if not unit.is_active_on(date(year, 1, 1)):
        raise ValidationError({"year": f"Đơn vị không còn tồn tại vào ngày 01/01/{year}."})
    found = projection.project(unit, year, today)
    with transaction.atomic():
        estimate, created = BudgetEstimate.objects.select_for_update().get_or_create(
            unit=unit,
            year=year,
            defaults={
                "province_code": _province_code(unit),
                "flow": flow,
                "prepared_on": today,
                "prepared_at": timezone.now(),
                "prepared_by_id": actor.pk,
            },
        )
        if estimate.status != ReportStatus.DRAFT:
            raise ValidationError({"year": "Dự toán năm này đã gửi, không tính lại được."})
        kept, dropped = _replace_lines(estimate, found.lines)
        estimate.flow, estimate.prepared_on = flow, today
        estimate.prepared_at, estimate.prepared_by_id = timezone.now(), actor.pk
        estimate.save()
        record_event(
            actor=actor,
            action="reports.estimate_prepare",
            obj=estimate,
            after={
                "year": year,
                "unit": unit.code,
                "flow": flow,
                "created": created,
                "total": sum(line.amount for line in found.lines),
                "adjustments_kept": kept,
                "adjustments_dropped": dropped,
            },
            territory_id=unit.pk,
        )
    return Prepared(estimate=estimate, created=created, kept=kept, dropped=dropped)


def _replace_lines(estimate: BudgetEstimate, lines: list[projection.ProjectedLine]) -> tuple[int, list[str]]:
    adjusted = estimate.lines.filter(adjusted_at__isnull=False)
    old = {(line.commune_id, line.support, line.month): line for line in adjusted}
    estimate.lines.all().delete()
    names = dict(AdministrativeUnit.objects.filter(pk__in={key[0] for key in old}).values_list("pk", "name"))
    new = []
    for line in lines:
        previous = old.pop((line.commune_id, line.support, line.month), None)
        row = EstimateLine(
            estimate=estimate,
            commune_id=line.commune_id,
            support=line.support,
            month=line.month,
            people=line.people,
            amount=line.amount,
            explanation=line.explanation,
        )
        if previous is not None:
            row.adjusted_people, row.adjusted_amount = previous.adjusted_people, previous.adjusted_amount
            row.adjust_reason, row.adjusted_at, row.adjusted_by_id = (
                previous.adjust_reason,
                previous.adjusted_at,
                previous.adjusted_by_id,
            )
        new.append(row)
    EstimateLine.objects.bulk_create(new, batch_size=2000)
    kept = sum(1 for row in new if row.adjusted_at is not None)
    dropped = [
        f"{names.get(commune, commune)}, {support_label(support)}, tháng {month:02d}/{estimate.year}"
        for commune, support, month in sorted(old)
    ]
    return kept, dropped


def estimate_adjust(*, actor: Actor, line: EstimateLine, amount: int, people: int | None, reason: str) -> EstimateLine:
    """The preparer sets a line's figure, with a mandatory reason; the projection stays beside it."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Phải ghi lý do điều chỉnh."})
    if problem := text_problem(reason, REASON_MAX):
        raise ValidationError({"reason": problem})
    if amount < 0 or (people is not None and people < 0):
        raise ValidationError({"amount": "Số tiền và số người không được âm."})
    with transaction.atomic():
        estimate = BudgetEstimate.objects.select_for_update().select_related("unit").get(pk=line.estimate_id)
        require(estimate_policy.can(actor, EstimateAction.ADJUST, estimate))
        locked = EstimateLine.objects.select_for_update().get(pk=line.pk)
        before = {"amount": locked.final_amount, "people": locked.final_people, "reason": locked.adjust_reason}
        locked.adjusted_amount = amount
        locked.adjusted_people = people if people is not None else locked.final_people
        locked.adjust_reason, locked.adjusted_at, locked.adjusted_by_id = reason, timezone.now(), actor.pk
        locked.save()
        record_event(
            actor=actor,
            action="reports.estimate_adjust",
            obj=estimate,
            before=before,
            after={
                "line": f"{locked.commune_id}/{locked.support}/{locked.month}",
                "projected": locked.amount,
                "amount": amount,
                "people": locked.adjusted_people,
                "reason": reason,
            },
            territory_id=estimate.unit_id,
        )
    return locked


def estimate_send(*, actor: Actor, estimate: BudgetEstimate) -> BudgetEstimate:
    """Send to the recipient of the estimate's flow; frozen from now on. A second click changes nothing."""
    with transaction.atomic():
        locked = BudgetEstimate.objects.select_for_update(of=("self",)).select_related("unit").get(pk=estimate.pk)
        if locked.status != ReportStatus.DRAFT:
            require(estimate_policy.visible(actor).filter(pk=locked.pk).exists())
            return locked
        require(estimate_policy.can(actor, EstimateAction.SEND, locked))
        locked.status, locked.sent_at, locked.sent_by_id = ReportStatus.SENT, timezone.now(), actor.pk
        locked.save(update_fields=["status", "sent_at", "sent_by"])
        total = sum(line.final_amount for line in locked.lines.all())
        record_event(
            actor=actor,
            action="reports.estimate_send",
            obj=locked,
            after={"year": locked.year, "to": str(estimate_policy.recipient_kind(locked)), "total": total},
            territory_id=locked.unit_id,
        )
    return locked


def estimate_receive(*, actor: Actor, estimate: BudgetEstimate) -> BudgetEstimate:
    with transaction.atomic():
        locked = BudgetEstimate.objects.select_for_update(of=("self",)).select_related("unit").get(pk=estimate.pk)
        if locked.status == ReportStatus.RECEIVED:
            require(estimate_policy.visible(actor).filter(pk=locked.pk).exists())
            return locked
        require(estimate_policy.can(actor, EstimateAction.RECEIVE, locked))
        locked.status, locked.received_at, locked.received_by_id = ReportStatus.RECEIVED, timezone.now(), actor.pk
        locked.save(update_fields=["status", "received_at", "received_by"])
        record_event(actor=actor, action="reports.estimate_receive", obj=locked, territory_id=locked.unit_id)
    return locked
