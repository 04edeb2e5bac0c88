"""Who may see and do what with payment lists (design.md §3; domain.md §2, §8).

Who makes, approves and sends a month's lists is dated by the month (issue 15; the switch is the
rules parameter `authority.commune_decides`, read through `core.access.commune_flow_since`):
- months of the district flow (until 06/2025; NĐ 20/2021 Art 34, TT 02/2021 Art 6): the labour
  office officer generates the lists of the communes of the district; the labour office head
  approves them (freezing the month) and sends them to the post office;
- months of the commune flow (from 07/2025; NĐ 147/2025 Art 5, journeys.md "Since 1 July 2025": the
  commune officer "does everything above" and sends the corrections to the chair "before the list
  goes to the post office"): the commune officer generates its own commune's list and proposes it,
  the commune chair approves it and sends it to the post office. The district offices are then a
  read-only archive (`core.access.open_for`).
- Recoveries, offsetting and authorisations are acts of the day they are recorded: by the labour
  office while the district flow is in force, by the commune (officer; the chair writes off) after.
- Commune staff read their commune's lists, recoveries and violations; they keep authorisations,
  which belong to the register.
- The post office sees only the lists sent to it (sent or reported), records each line's result,
  submits its monthly report and the beneficiaries' feedback. It sees nothing of the register.
- The district chair and the finance office read; so does the provincial department (issue 19 item 4:
  read only, the lists of the communes its territory covers, HIV categories masked as for every reader
  without the restricted right).
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import TypeVar

from django.db import models
from django.utils import timezone

from ansinh.core.access import Actor, OfficeKind, Role, commune_flow_since, flow_office, is_active_user, open_for
from ansinh.core.months import YearMonth
from ansinh.payments.models import (
    POST_OFFICE_STATUSES,
    Authorisation,
    PayrollLine,
    PayrollMonth,
    PayrollStatus,
    Recovery,
)
from ansinh.registry.models import Person
from ansinh.registry.policies import REGISTER_READERS
from ansinh.territory.selectors import covered_unit_id_list, unit_covers

M = TypeVar("M", bound=models.Model)

LIST_READERS = {
    OfficeKind.COMMUNE,
    OfficeKind.LABOUR_OFFICE,
    OfficeKind.DISTRICT_COMMITTEE,
    OfficeKind.FINANCE_OFFICE,
    OfficeKind.PROVINCE,
}
AUTHORISATION_READERS = {OfficeKind.COMMUNE, OfficeKind.LABOUR_OFFICE, OfficeKind.DISTRICT_COMMITTEE}
AUTHORISATION_KEEPERS = {OfficeKind.COMMUNE, OfficeKind.LABOUR_OFFICE}


def _day_of(month: YearMonth | date | None) -> date:
    """The day a payments act concerns: the first day of its month, or today."""
    if month is None:
        return timezone.localdate()
    return month.first_day if isinstance(month, YearMonth) else month.replace(day=1)


def payroll_office(month: YearMonth | date | None = None) -> OfficeKind:
    """The office that makes and approves the lists of `month` (today's month when None)."""
    return flow_office(_day_of(month))


def _approver_role(office: OfficeKind) -> Role:
    return Role.HEAD if office == OfficeKind.LABOUR_OFFICE else Role.CHAIR


class PayrollAction(StrEnum):
    VIEW = "view"
    GENERATE = "generate"
    APPROVE = "approve"
    SEND = "send"
    RECORD_RESULTS = "record_results"
    REPORT = "report"


class RecoveryAction(StrEnum):
    VIEW = "view"
    REPAY = "repay"
    WRITE_OFF = "write_off"


def _is(actor: Actor, office: OfficeKind, *roles: Role) -> bool:
    return is_active_user(actor) and actor.office_kind == office and actor.has_role(*roles)


class PayrollPolicy:
    def _scoped(self, actor: Actor, queryset: models.QuerySet[M], field: str = "commune_id") -> models.QuerySet[M]:
        if actor.scope_unit_id is None:
            return queryset.none()
        return queryset.filter(**{f"{field}__in": covered_unit_id_list(actor.scope_unit_id)})

    def visible(self, actor: Actor) -> models.QuerySet[PayrollMonth]:
        payrolls = PayrollMonth.objects.all()
        if not is_active_user(actor):
            return payrolls.none()
        if actor.has_role(Role.ADMIN):
            return payrolls
        if actor.office_kind == OfficeKind.POST_OFFICE:
            return self._scoped(actor, payrolls.filter(status__in=POST_OFFICE_STATUSES))
        if actor.office_kind in LIST_READERS:
            return self._scoped(actor, payrolls)
        return payrolls.none()

    def visible_lines(self, actor: Actor) -> models.QuerySet[PayrollLine]:
        return PayrollLine.objects.filter(payroll__in=self.visible(actor))

    def covers(self, actor: Actor, commune_id: int) -> bool:
        return actor.scope_unit_id is not None and unit_covers(actor.scope_unit_id, commune_id)

    def can_generate(self, actor: Actor, month: YearMonth | date | None = None) -> bool:
        """May make (and regenerate) the draft lists of `month` (today's month when None)."""
        day = _day_of(month)
        return _is(actor, payroll_office(day), Role.OFFICER, Role.HEAD) and open_for(actor, day)

    def can_generate_some_month(self, actor: Actor) -> bool:
        """May make the lists of some month: the labour office those of its archive months, the commune
        those of the commune flow (the form's month is checked again by `can_generate`)."""
        if _is(actor, OfficeKind.LABOUR_OFFICE, Role.OFFICER, Role.HEAD):
            return True
        return _is(actor, OfficeKind.COMMUNE, Role.OFFICER, Role.HEAD) and payroll_office() == OfficeKind.COMMUNE

    def can_approve(self, actor: Actor, month: YearMonth | date | None = None) -> bool:
        """May approve (freezing it) and send to the post office a list of `month`."""
        day = _day_of(month)
        office = payroll_office(day)
        return _is(actor, office, _approver_role(office)) and open_for(actor, day)

    def awaiting_approval(self, actor: Actor) -> models.QuerySet[PayrollMonth]:
        """The draft lists this actor approves: the labour head those of the district months, the commune
        chair those of the commune months, each in scope."""
        drafts = self.visible(actor).filter(status=PayrollStatus.DRAFT)
        since = commune_flow_since(timezone.localdate())
        if _is(actor, OfficeKind.LABOUR_OFFICE, Role.HEAD):
            return drafts if since is None else drafts.filter(month__lt=since)
        if _is(actor, OfficeKind.COMMUNE, Role.CHAIR) and since is not None:
            return drafts.filter(month__gte=since)
        return drafts.none()

    def can_record_results(self, actor: Actor) -> bool:
        return _is(actor, OfficeKind.POST_OFFICE, Role.OFFICER, Role.HEAD)

    def can(self, actor: Actor, action: PayrollAction, payroll: PayrollMonth) -> bool:
        if not self.visible(actor).filter(pk=payroll.pk).exists():
            return False
        if action == PayrollAction.VIEW:
            return True
        if action == PayrollAction.GENERATE:
            return self.can_generate(actor, payroll.month)
        if action in (PayrollAction.APPROVE, PayrollAction.SEND):
            return self.can_approve(actor, payroll.month)
        if action == PayrollAction.RECORD_RESULTS:
            return self.can_record_results(actor)  # the action re-checks that the list is still "sent"
        if action == PayrollAction.REPORT:
            return self.can_record_results(actor)
        return False

    def can_generate_for(self, actor: Actor, commune_id: int, month: YearMonth | date | None = None) -> bool:
        return self.can_generate(actor, month) and self.covers(actor, commune_id)

    def can_set_offsetting(self, actor: Actor, district_id: int) -> bool:
        """The district's choice to offset recoveries: a district act, closed with the district archive."""
        return (
            (_is(actor, OfficeKind.LABOUR_OFFICE, Role.HEAD) or _is(actor, OfficeKind.DISTRICT_COMMITTEE, Role.CHAIR))
            and self.covers(actor, district_id)
            and open_for(actor)
        )

    # recoveries -------------------------------------------------------------------------------

    def visible_recoveries(self, actor: Actor) -> models.QuerySet[Recovery]:
        recoveries = Recovery.objects.all()
        if not is_active_user(actor):
            return recoveries.none()
        if actor.has_role(Role.ADMIN):
            return recoveries
        if actor.office_kind in LIST_READERS:
            return self._scoped(actor, recoveries)
        return recoveries.none()

    def can_recovery(self, actor: Actor, action: RecoveryAction, recovery: Recovery) -> bool:
        if not self.visible_recoveries(actor).filter(pk=recovery.pk).exists():
            return False
        if action == RecoveryAction.VIEW:
            return True
        day = timezone.localdate()  # a repayment or a write-off is recorded today
        office = payroll_office(day)
        if action == RecoveryAction.REPAY:
            return _is(actor, office, Role.OFFICER, Role.HEAD) and open_for(actor, day)
        return _is(actor, office, _approver_role(office)) and open_for(actor, day)

    # authorisations ---------------------------------------------------------------------------

    def visible_authorisations(self, actor: Actor) -> models.QuerySet[Authorisation]:
        authorisations = Authorisation.objects.all()
        if not is_active_user(actor):
            return authorisations.none()
        if actor.has_role(Role.ADMIN):
            return authorisations
        if actor.office_kind in AUTHORISATION_READERS:
            return self._scoped(actor, authorisations)
        return authorisations.none()

    def can_keep_authorisations(self, actor: Actor, person: Person) -> bool:
        return (
            is_active_user(actor)
            and actor.office_kind in AUTHORISATION_KEEPERS
            and actor.has_role(Role.OFFICER, Role.HEAD)
            and self.covers(actor, person.commune_id)
            and open_for(actor)
        )

    def can_read_lists(self, actor: Actor) -> bool:
        """Who may open the payment pages at all (`visible` scopes what each one sees)."""
        return is_active_user(actor) and (
            actor.has_role(Role.ADMIN)
            or actor.office_kind in LIST_READERS
            or actor.office_kind == OfficeKind.POST_OFFICE
        )

    def can_read_authorisations(self, actor: Actor) -> bool:
        return is_active_user(actor) and (actor.has_role(Role.ADMIN) or actor.office_kind in AUTHORISATION_READERS)

    def can_review_changes(self, actor: Actor, payroll: PayrollMonth) -> bool:
        """Who is new or gone since last month, and why, is register information: the offices that
        read the commune's register see it; the post office does not."""
        if not is_active_user(actor):
            return False
        return actor.has_role(Role.ADMIN) or (
            actor.office_kind in REGISTER_READERS and self.covers(actor, payroll.commune_id)
        )

    def can_read_recoveries(self, actor: Actor) -> bool:
        return is_active_user(actor) and (actor.has_role(Role.ADMIN) or actor.office_kind in LIST_READERS)


payroll_policy = PayrollPolicy()
