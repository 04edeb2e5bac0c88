"""Who reads and handles feedback (issue 20; domain.md §2: the commune collects beneficiaries' feedback on
the payment service).

- Anyone, without an account, sends feedback from the public pages (rate-limited per address).
- The commune officer or chair records feedback heard in person, reads every item of their commune and
  answers those routed to the commune.
- The post office reads and answers the items routed to it in its area.
- The supervising office (the district labour office; from 01/07/2025 the province's department, by the
  deployment setting) reads every item of its area, answers its own and routes any item to the office
  concerned.
- A viewer (the province's read-only login) reads; the administrator reads. Nobody else sees feedback:
  it names citizens and their phone numbers.
"""

from __future__ import annotations

from enum import StrEnum

from django.db import models

from ansinh.core.access import Actor, OfficeKind, Role, is_active_user
from ansinh.outreach.models import Feedback, FeedbackStatus
from ansinh.territory.selectors import covered_unit_id_list, unit_covers

READERS = {OfficeKind.COMMUNE, OfficeKind.POST_OFFICE, OfficeKind.LABOUR_OFFICE, OfficeKind.PROVINCE}
SUPERVISORS = {OfficeKind.LABOUR_OFFICE, OfficeKind.PROVINCE}
HANDLING_ROLES = (Role.OFFICER, Role.HEAD, Role.CHAIR)


class FeedbackAction(StrEnum):
    ANSWER = "answer"
    CLOSE = "close"
    ROUTE = "route"


class FeedbackPolicy:
    def can_read(self, actor: Actor) -> bool:
        if not is_active_user(actor):
            return False
        return actor.has_role(Role.ADMIN) or (actor.office_kind in READERS and actor.scope_unit_id is not None)

    def visible(self, actor: Actor) -> models.QuerySet[Feedback]:
        items = Feedback.objects.select_related("commune")
        if not self.can_read(actor):
            return items.none()
        if actor.has_role(Role.ADMIN):
            return items
        assert actor.scope_unit_id is not None
        items = items.filter(commune_id__in=covered_unit_id_list(actor.scope_unit_id))
        if actor.office_kind == OfficeKind.POST_OFFICE:
            return items.filter(office_kind=OfficeKind.POST_OFFICE)
        return items

    def can_record(self, actor: Actor, commune_id: int | None = None) -> bool:
        """Feedback heard in person is recorded by the commune's officer or chair."""
        if not (
            is_active_user(actor)
            and actor.office_kind == OfficeKind.COMMUNE
            and actor.has_role(Role.OFFICER, Role.CHAIR)
            and actor.scope_unit_id is not None
        ):
            return False
        return commune_id is None or unit_covers(actor.scope_unit_id, commune_id)

    def _handles(self, actor: Actor, item: Feedback) -> bool:
        return (
            is_active_user(actor)
            and actor.has_role(*HANDLING_ROLES)
            and actor.scope_unit_id is not None
            and unit_covers(actor.scope_unit_id, item.commune_id)
        )

    def can(self, actor: Actor, action: FeedbackAction, item: Feedback) -> bool:
        if not self._handles(actor, item):
            return False
        if action == FeedbackAction.ROUTE:
            return actor.office_kind in SUPERVISORS and item.status == FeedbackStatus.OPEN
        own = actor.office_kind == item.office_kind
        supervisor = actor.office_kind in SUPERVISORS
        if action == FeedbackAction.ANSWER:
            return own and item.status == FeedbackStatus.OPEN
        if action == FeedbackAction.CLOSE:
            return (own or supervisor) and item.status == FeedbackStatus.ANSWERED
        return False


feedback_policy = FeedbackPolicy()
