"""Who may see and do what with payment lists (design.md §3; domain.md §2, §8).

- The labour office officer generates the lists of the communes of the district; the labour
  office head approves them (freezing the month) and sends them to the post office.
- Commune staff read their commune's lists, recoveries and violations; they record nothing on
  the lists (they keep authorisations, which belong to the register).
- The post office sees only the lists sent to it (sent or reported), records each line's result,
  submits its monthly report and the beneficiaries' feedback. It sees nothing of the register.
- The district chair and the finance office read; so does the provincial department (issue 19 item 4:
  read only, the lists of the communes its territory covers, HIV categories masked as for every reader
  without the restricted right).
"""

from __future__ import annotations

from enum import StrEnum
from typing import TypeVar

from django.db import models

from ansinh.core.access import Actor, OfficeKind, Role, is_active_user
from ansinh.payments.models import (
    POST_OFFICE_STATUSES,
    Authorisation,
    PayrollLine,
    PayrollMonth,
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

    def can_generate(self, actor: Actor) -> bool:
        return _is(actor, OfficeKind.LABOUR_OFFICE, Role.OFFICER, Role.HEAD)

    def can_approve(self, actor: Actor) -> bool:
        return _is(actor, OfficeKind.LABOUR_OFFICE, Role.HEAD)

    def can_record_results(self, actor: Actor) -> bool:
        return _is(actor, OfficeKind.POST_OFFICE, Role.OFFICER, Role.HEAD)

    def can(self, actor: Actor, action: PayrollAction, payroll: PayrollMonth) -> bool:
        if not self.visible(actor).filter(pk=payroll.pk).exists():
            return False
        if action == PayrollAction.VIEW:
            return True
        if action == PayrollAction.GENERATE:
            return self.can_generate(actor)
        if action in (PayrollAction.APPROVE, PayrollAction.SEND):
            return self.can_approve(actor)
        if action == PayrollAction.RECORD_RESULTS:
            return self.can_record_results(actor)  # the action re-checks that the list is still "sent"
        if action == PayrollAction.REPORT:
            return self.can_record_results(actor)
        return False

    def can_generate_for(self, actor: Actor, commune_id: int) -> bool:
        return self.can_generate(actor) and self.covers(actor, commune_id)

    def can_set_offsetting(self, actor: Actor, district_id: int) -> bool:
        return (
            _is(actor, OfficeKind.LABOUR_OFFICE, Role.HEAD) or _is(actor, OfficeKind.DISTRICT_COMMITTEE, Role.CHAIR)
        ) and self.covers(actor, district_id)

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
        if action == RecoveryAction.REPAY:
            return _is(actor, OfficeKind.LABOUR_OFFICE, Role.OFFICER, Role.HEAD)
        return _is(actor, OfficeKind.LABOUR_OFFICE, Role.HEAD)

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
