"""Who sees and does what with one-off, education and emergency supports (domain.md §2, §7).

- One-off supports (funeral, cremation): read by the offices that read payment lists (commune, labour office,
  district committee, finance office) over the communes they cover; a wrongly paid one is turned into a
  recovery by the labour office (officer or head), which keeps the payment lists.
"""

from __future__ import annotations

from enum import StrEnum

from django.db import models

from ansinh.cases.models import OneOffSupport
from ansinh.core.access import Actor, OfficeKind, Role, is_active_user
from ansinh.payments.policies import LIST_READERS
from ansinh.territory.selectors import covered_unit_id_list, unit_covers


class OneOffAction(StrEnum):
    VIEW = "view"
    RECOVER = "recover"


def _scoped(actor: Actor, queryset: models.QuerySet, field: str = "commune_id") -> models.QuerySet:
    if actor.scope_unit_id is None:
        return queryset.none()
    return queryset.filter(**{f"{field}__in": covered_unit_id_list(actor.scope_unit_id)})


class OneOffPolicy:
    def visible(self, actor: Actor) -> models.QuerySet[OneOffSupport]:
        supports = OneOffSupport.objects.all()
        if not is_active_user(actor):
            return supports.none()
        if actor.has_role(Role.ADMIN):
            return supports
        if actor.office_kind in LIST_READERS:
            return _scoped(actor, supports)
        return supports.none()

    def can_read(self, actor: Actor) -> bool:
        return is_active_user(actor) and (actor.has_role(Role.ADMIN) or actor.office_kind in LIST_READERS)

    def can(self, actor: Actor, action: OneOffAction, support: OneOffSupport | None = None) -> bool:
        if action == OneOffAction.VIEW:
            return self.can_read(actor) and (support is None or self.visible(actor).filter(pk=support.pk).exists())
        if action == OneOffAction.RECOVER:
            allowed = (
                is_active_user(actor)
                and actor.office_kind == OfficeKind.LABOUR_OFFICE
                and actor.has_role(Role.OFFICER, Role.HEAD)
            )
            if not allowed or support is None:
                return allowed
            return actor.scope_unit_id is not None and unit_covers(actor.scope_unit_id, support.commune_id)
        return False


one_off_policy = OneOffPolicy()
