"""Who may see and do what in disability determination (design.md §3).

- The commune's disability council office and the commune People's Committee (its officers and
  its chair, who chairs the council) manage the council, requests, sessions, assessments,
  postings, complaints and escalations of their own commune.
- The commune chair (Chủ tịch UBND xã = Chủ tịch Hội đồng) signs certificates: issue, exchange,
  re-issue, revocation (Luật NKT Art 19; TT 01/2019 Art 7(3)).
- The district labour office reads everything in the district (it trains councils, plans
  re-assessments and consolidates the half-yearly reports, Mẫu 08).
- Everyone else sees nothing here (administrators manage the system, not cases).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Protocol, TypeVar

from django.db import models

from ansinh.core.access import Actor, OfficeKind, Role, is_active_user
from ansinh.disability.models import (
    Assessment,
    Certificate,
    ConclusionPosting,
    Council,
    MedicalEscalation,
    Request,
    Session,
)
from ansinh.territory.selectors import covered_unit_id_list, unit_covers

MANAGING_OFFICES = {OfficeKind.DISABILITY_COUNCIL, OfficeKind.COMMUNE}
MANAGING_ROLES = (Role.OFFICER, Role.HEAD, Role.CHAIR)
SIGNING_OFFICES = {OfficeKind.COMMUNE, OfficeKind.DISABILITY_COUNCIL}
READING_OFFICES = MANAGING_OFFICES | {OfficeKind.LABOUR_OFFICE}


class DisabilityAction(StrEnum):
    VIEW = "view"
    MANAGE = "manage"  # council, requests, sessions, assessments, postings, complaints, escalations
    SIGN = "sign"  # certificates: issue, exchange, re-issue, revoke


class HasCommune(Protocol):
    @property
    def commune_id(self) -> int: ...


M = TypeVar("M", bound=models.Model)


class DisabilityPolicy:
    def scoped(self, actor: Actor, queryset: models.QuerySet[M]) -> models.QuerySet[M]:
        """`queryset` (of a model with a `commune` key) limited to what the actor may read."""
        if not self.can_read(actor) or actor.scope_unit_id is None:
            return queryset.none()
        return queryset.filter(commune_id__in=covered_unit_id_list(actor.scope_unit_id))

    def councils(self, actor: Actor) -> models.QuerySet[Council]:
        return self.scoped(actor, Council.objects.all())

    def requests(self, actor: Actor) -> models.QuerySet[Request]:
        return self.scoped(actor, Request.objects.select_related("person"))

    def sessions(self, actor: Actor) -> models.QuerySet[Session]:
        return self.scoped(actor, Session.objects.all())

    def assessments(self, actor: Actor) -> models.QuerySet[Assessment]:
        return self.scoped(actor, Assessment.objects.select_related("request__person"))

    def postings(self, actor: Actor) -> models.QuerySet[ConclusionPosting]:
        return self.scoped(actor, ConclusionPosting.objects.all())

    def certificates(self, actor: Actor) -> models.QuerySet[Certificate]:
        return self.scoped(actor, Certificate.objects.select_related("person"))

    def escalations(self, actor: Actor) -> models.QuerySet[MedicalEscalation]:
        return self.scoped(actor, MedicalEscalation.objects.all())

    def can_read(self, actor: Actor) -> bool:
        """Whether the actor may open the disability pages at all (menus)."""
        return is_active_user(actor) and not actor.has_role(Role.ADMIN) and actor.office_kind in READING_OFFICES

    def can_manage_any(self, actor: Actor) -> bool:
        return (
            is_active_user(actor)
            and not actor.has_role(Role.ADMIN)
            and actor.office_kind in MANAGING_OFFICES
            and actor.has_role(*MANAGING_ROLES)
        )

    def can_sign_any(self, actor: Actor) -> bool:
        return (
            is_active_user(actor)
            and not actor.has_role(Role.ADMIN)
            and actor.office_kind in SIGNING_OFFICES
            and actor.has_role(Role.CHAIR)
        )

    def can_in(self, actor: Actor, action: DisabilityAction, commune_id: int) -> bool:
        """Whether the actor may do `action` over the commune `commune_id`."""
        allowed = {
            DisabilityAction.VIEW: self.can_read,
            DisabilityAction.MANAGE: self.can_manage_any,
            DisabilityAction.SIGN: self.can_sign_any,
        }[action](actor)
        return allowed and actor.scope_unit_id is not None and unit_covers(actor.scope_unit_id, commune_id)

    def can(self, actor: Actor, action: DisabilityAction, obj: HasCommune) -> bool:
        return self.can_in(actor, action, obj.commune_id)


disability_policy = DisabilityPolicy()
