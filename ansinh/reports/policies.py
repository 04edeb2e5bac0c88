"""Who may read the forms 10a–10d and what lies behind their figures (TT 02/2021 Art 6; domain.md).

- The forms of a unit are read by the offices that report or receive them over that unit: the
  commune committee (its commune), the labour office and the district committee (the district and
  its communes), the finance office (money), and the provincial department (viewer role included:
  the province reads, it does not write). The system administrator reads everything.
- Behind a figure: the count by commune for every reader; the names of the people (or the payment
  lines) only for readers of the register (registry.policies.REGISTER_READERS), and for the HIV rows
  (5.3, 5.8) only for readers of restricted facts.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from django.db import models
from django.utils import timezone

from ansinh.accounts.models import DecisionFlow
from ansinh.core.access import DISTRICT_OFFICES, Actor, OfficeKind, Role, is_active_user, open_for
from ansinh.insurance.policies import insurance_policy
from ansinh.registry.policies import person_policy
from ansinh.reports.chain import may_receive_for, recipient_name
from ansinh.reports.models import BudgetEstimate, MonthlyReport, ReportStatus
from ansinh.territory.models import AdministrativeUnit, UnitLevel
from ansinh.territory.selectors import covered_unit_id_list, unit_covers

FORM_READERS = {
    OfficeKind.COMMUNE,
    OfficeKind.LABOUR_OFFICE,
    OfficeKind.DISTRICT_COMMITTEE,
    OfficeKind.FINANCE_OFFICE,
    OfficeKind.PROVINCE,
}


class FormPolicy:
    def can_read_forms(self, actor: Actor) -> bool:
        return is_active_user(actor) and (actor.has_role(Role.ADMIN) or actor.office_kind in FORM_READERS)

    def covers(self, actor: Actor, unit_id: int) -> bool:
        if not self.can_read_forms(actor):
            return False
        if actor.has_role(Role.ADMIN):
            return True
        return actor.scope_unit_id is not None and unit_covers(actor.scope_unit_id, unit_id)

    def may_read_premiums(self, actor: Actor) -> bool:
        """BHYT premium totals beside the spending: the insurance app's premium readers (labour,
        finance, social insurance) and the province, which reads them (issue 19: oversight)."""
        return insurance_policy.can_read_premiums(actor) or (
            self.can_read_forms(actor) and actor.office_kind == OfficeKind.PROVINCE
        )

    def may_list_people(self, actor: Actor, *, hiv: bool) -> bool:
        """Names behind a figure: register readers; HIV rows only with the restricted right."""
        if not person_policy.can_read_register(actor):
            return False
        return not hiv or person_policy.can_read_restricted(actor)


form_policy = FormPolicy()


class ReportAction(StrEnum):
    PREPARE = "prepare"  # compute the figures, write the narrative (draft)
    SEND = "send"
    RECEIVE = "receive"


def _is(actor: Actor, kinds: set[OfficeKind], *roles: Role) -> bool:
    return is_active_user(actor) and actor.office_kind in kinds and actor.has_role(*roles)


class MonthlyReportPolicy:
    """- A commune's report is prepared and sent by the commune's officer (or chair); a district's
      consolidated report by the labour office (officer or head).
    - The recipient marks it received: the district's labour office for a commune of a district;
      the province (officer or head) for a district's report and, after 07/2025, for a commune's: the
      office over the report's parent unit, or over its successor today (reports.chain.may_receive_for).
    - Readers: the sender's office, the offices above it in the chain (labour office, district
      committee, finance office, province), each within its territory. The province sees only
      what was sent to it or through it (not drafts); the province viewer reads only."""

    def visible(self, actor: Actor) -> models.QuerySet[MonthlyReport]:
        reports = MonthlyReport.objects.select_related("unit", "unit__parent")
        if not is_active_user(actor):
            return reports.none()
        if actor.has_role(Role.ADMIN):
            return reports
        if actor.office_kind not in FORM_READERS or actor.scope_unit_id is None:
            return reports.none()
        reports = reports.filter(unit_id__in=covered_unit_id_list(actor.scope_unit_id))
        if actor.office_kind in {OfficeKind.PROVINCE, OfficeKind.FINANCE_OFFICE, OfficeKind.DISTRICT_COMMITTEE}:
            reports = reports.exclude(status=ReportStatus.DRAFT)
        return reports

    def can_prepare_for(self, actor: Actor, unit: AdministrativeUnit, month: date | None = None) -> bool:
        """May prepare and send `unit`'s report of `month` (first day; today's when None): never a district
        office for a month of its archive era (core.access)."""
        if not open_for(actor, month):
            return False
        if unit.level == UnitLevel.COMMUNE:
            allowed = _is(actor, {OfficeKind.COMMUNE}, Role.OFFICER, Role.CHAIR)
        elif unit.level == UnitLevel.DISTRICT:
            allowed = _is(actor, {OfficeKind.LABOUR_OFFICE}, Role.OFFICER, Role.HEAD)
        else:
            allowed = False
        return allowed and actor.scope_unit_id is not None and unit_covers(actor.scope_unit_id, unit.pk)

    def recipient_kind(self, report: MonthlyReport) -> OfficeKind:
        """The office a report goes to, from the territory in force: a commune under a district
        reports to its labour office; otherwise (a district, a commune of 07/2025) to the province."""
        unit = report.unit
        if unit.level == UnitLevel.COMMUNE and unit.parent is not None and unit.parent.level == UnitLevel.DISTRICT:
            return OfficeKind.LABOUR_OFFICE
        return OfficeKind.PROVINCE

    def recipient_name(self, report: MonthlyReport) -> str:
        """The recipient named as on the report's own date (sent, else today): a report of 06/2025 names
        the department of Bắc Giang, one of 2026 the department of Bắc Ninh by its name of that day."""
        kind = self.recipient_kind(report)
        return recipient_name(report.unit, kind, self.report_day(report), str(kind.label))

    def report_day(self, report: MonthlyReport) -> date:
        return timezone.localdate(report.sent_at) if report.sent_at else timezone.localdate()

    def can(self, actor: Actor, action: ReportAction, report: MonthlyReport) -> bool:
        if not self.visible(actor).filter(pk=report.pk).exists():
            return False
        if action in (ReportAction.PREPARE, ReportAction.SEND):
            return report.status == ReportStatus.DRAFT and self.can_prepare_for(actor, report.unit, report.month)
        recipient = self.recipient_kind(report)
        return (
            report.status == ReportStatus.SENT
            and _is(actor, {recipient}, Role.OFFICER, Role.HEAD)
            and may_receive_for(actor.scope_unit_id, report.unit, timezone.localdate())
            and open_for(actor, report.month)
        )


report_policy = MonthlyReportPolicy()


class EstimateAction(StrEnum):
    ADJUST = "adjust"  # re-project or adjust a line (draft)
    SEND = "send"
    RECEIVE = "receive"


class EstimatePolicy:
    """The budget estimate (dự toán; domain.md §2), by the flow in force on the day it is prepared
    (`rules.selectors.decision_flow_on`, stored on the estimate as `flow`):
    - district flow (NĐ 20/2021 Art 8; until 30/06/2025): the district's labour office (officer or
      head) prepares, adjusts and sends the district's estimate; the district's finance office
      (officer or head) marks it received;
    - commune flow (NĐ 147/2025; from 01/07/2025, no district level): the commune office (officer)
      prepares and adjusts its commune's estimate, the commune chair sends it, the provincial
      department (officer or head) marks it received.
    Readers: the preparing office; the recipient and the offices above it, within their territory and
    never a draft; the district offices read only their archive (district-flow estimates). The
    province viewer reads only."""

    def visible(self, actor: Actor) -> models.QuerySet[BudgetEstimate]:
        estimates = BudgetEstimate.objects.select_related("unit", "unit__parent")
        if not is_active_user(actor):
            return estimates.none()
        if actor.has_role(Role.ADMIN):
            return estimates
        if actor.office_kind not in FORM_READERS or actor.scope_unit_id is None:
            return estimates.none()
        estimates = estimates.filter(unit_id__in=covered_unit_id_list(actor.scope_unit_id))
        if actor.office_kind in DISTRICT_OFFICES:
            estimates = estimates.filter(flow=DecisionFlow.DISTRICT)
        if actor.office_kind in {OfficeKind.PROVINCE, OfficeKind.FINANCE_OFFICE, OfficeKind.DISTRICT_COMMITTEE}:
            estimates = estimates.exclude(status=ReportStatus.DRAFT)
        return estimates

    def can_prepare_for(self, actor: Actor, unit: AdministrativeUnit, flow: str) -> bool:
        if flow == DecisionFlow.DISTRICT:
            allowed = unit.level == UnitLevel.DISTRICT and _is(
                actor, {OfficeKind.LABOUR_OFFICE}, Role.OFFICER, Role.HEAD
            )
        else:
            allowed = unit.level == UnitLevel.COMMUNE and _is(actor, {OfficeKind.COMMUNE}, Role.OFFICER)
        return allowed and actor.scope_unit_id is not None and unit_covers(actor.scope_unit_id, unit.pk)

    def can_send_for(self, actor: Actor, unit: AdministrativeUnit, flow: str) -> bool:
        if flow == DecisionFlow.DISTRICT:
            return self.can_prepare_for(actor, unit, flow)
        allowed = unit.level == UnitLevel.COMMUNE and _is(actor, {OfficeKind.COMMUNE}, Role.CHAIR)
        return allowed and actor.scope_unit_id is not None and unit_covers(actor.scope_unit_id, unit.pk)

    def recipient_kind(self, estimate: BudgetEstimate) -> OfficeKind:
        return OfficeKind.FINANCE_OFFICE if estimate.flow == DecisionFlow.DISTRICT else OfficeKind.PROVINCE

    def to_receive(self, actor: Actor) -> models.QuerySet[BudgetEstimate]:
        """The sent estimates this actor marks received (one query: the home page's count)."""
        flows = {OfficeKind.FINANCE_OFFICE: DecisionFlow.DISTRICT, OfficeKind.PROVINCE: DecisionFlow.COMMUNE}
        if not _is(actor, set(flows), Role.OFFICER, Role.HEAD) or not open_for(actor):
            return BudgetEstimate.objects.none()
        return self.visible(actor).filter(status=ReportStatus.SENT, flow=flows[actor.office_kind])  # type: ignore[index]

    def can(self, actor: Actor, action: EstimateAction, estimate: BudgetEstimate) -> bool:
        """Every action is an act of today: a district office archived today only reads (`open_for`)."""
        if not open_for(actor) or not self.visible(actor).filter(pk=estimate.pk).exists():
            return False
        if action == EstimateAction.ADJUST:
            return estimate.status == ReportStatus.DRAFT and self.can_prepare_for(actor, estimate.unit, estimate.flow)
        if action == EstimateAction.SEND:
            return estimate.status == ReportStatus.DRAFT and self.can_send_for(actor, estimate.unit, estimate.flow)
        recipient = self.recipient_kind(estimate)
        return estimate.status == ReportStatus.SENT and _is(actor, {recipient}, Role.OFFICER, Role.HEAD)


estimate_policy = EstimatePolicy()
