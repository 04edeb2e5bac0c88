"""Writes of the reports app: the monthly report up the chain (prepare, write, send, receive) and
the audit of a form leaving the system."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ansinh.audit.events import record_event
from ansinh.core.access import Actor, require
from ansinh.core.months import YearMonth
from ansinh.core.text import text_problem
from ansinh.reports import figures
from ansinh.reports.chain import communes_ever_covered, communes_of, due_on, in_force
from ansinh.reports.models import MonthlyReport, ReportStatus
from ansinh.reports.policies import ReportAction, report_policy
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
            after={"month": str(month), "to": str(report_policy.recipient_kind(locked)), "due_on": str(locked.due_on)},
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
