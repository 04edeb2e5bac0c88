"""Who reads and handles feedback (issue 20; domain.md §2: the commune collects beneficiaries' feedback on
the payment service).

- Anyone, without an account, sends feedback from the public pages (rate-limited per address).
- The commune officer or chair records feedback heard in person, reads every item of their commune and
  answers those routed to the commune.
- The post office reads and answers the items routed to it in its area.
- The supervising office (the district labour office; once the commune flow is in force, dated data in
  `rules`, the province's department; the labour office then only reads, core.access) reads every
  item of its area, answers its own and routes any item to the office concerned.
- A viewer (the province's read-only login) reads; the administrator reads. Nobody else sees feedback:
  it names citizens and their phone numbers.
"""

from __future__ import annotations

from enum import StrEnum

from django.db import models
from django.db.models import Q

from ansinh.core.access import Actor, OfficeKind, Role, is_active_user, open_for
from ansinh.outreach.models import Activity, Campaign, Feedback, FeedbackStatus, Message
from ansinh.territory.models import UnitCoverage
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
            and open_for(actor)  # a district office is an archive after the change
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


# --- campaigns and activities ---------------------------------------------------------------------
# The culture centre plans campaigns over its area; every commune logs its own activities; the culture
# centre, the supervising office (labour office, province) and the administrator read the coverage.
CAMPAIGN_READERS = {OfficeKind.CULTURE_CENTRE, OfficeKind.COMMUNE} | SUPERVISORS
COVERAGE_READERS = {OfficeKind.CULTURE_CENTRE} | SUPERVISORS


class CampaignPolicy:
    def _scoped(self, actor: Actor) -> bool:
        return is_active_user(actor) and actor.scope_unit_id is not None

    def can_read(self, actor: Actor) -> bool:
        if not is_active_user(actor):
            return False
        return actor.has_role(Role.ADMIN) or (self._scoped(actor) and actor.office_kind in CAMPAIGN_READERS)

    def visible(self, actor: Actor) -> models.QuerySet[Campaign]:
        campaigns = Campaign.objects.select_related("office")
        if not self.can_read(actor):
            return campaigns.none()
        if actor.has_role(Role.ADMIN):
            return campaigns
        assert actor.scope_unit_id is not None
        # Campaigns over the actor's area or over a unit that covers it (a commune sees the district's).
        return campaigns.filter(
            Q(territory_id__in=covered_unit_id_list(actor.scope_unit_id))
            | Q(territory_id__in=UnitCoverage.objects.filter(descendant_id=actor.scope_unit_id).values("ancestor_id"))
        )

    def can_plan(self, actor: Actor) -> bool:
        return (
            self._scoped(actor)
            and actor.office_kind == OfficeKind.CULTURE_CENTRE
            and actor.has_role(Role.OFFICER, Role.HEAD)
        )

    def can_log(self, actor: Actor, commune_id: int | None = None) -> bool:
        if not (
            self._scoped(actor) and actor.office_kind == OfficeKind.COMMUNE and actor.has_role(Role.OFFICER, Role.CHAIR)
        ):
            return False
        return commune_id is None or unit_covers(actor.scope_unit_id or 0, commune_id)

    def can_read_coverage(self, actor: Actor) -> bool:
        if not is_active_user(actor):
            return False
        return actor.has_role(Role.ADMIN) or (self._scoped(actor) and actor.office_kind in COVERAGE_READERS)

    def visible_activities(self, actor: Actor) -> models.QuerySet[Activity]:
        activities = Activity.objects.select_related("commune", "campaign")
        if not is_active_user(actor):
            return activities.none()
        if actor.has_role(Role.ADMIN):
            return activities
        if not (self._scoped(actor) and actor.office_kind in CAMPAIGN_READERS):
            return activities.none()
        assert actor.scope_unit_id is not None
        return activities.filter(commune_id__in=covered_unit_id_list(actor.scope_unit_id))


campaign_policy = CampaignPolicy()


# --- the outbox -------------------------------------------------------------------------------------
OUTBOX_READERS = {OfficeKind.COMMUNE} | SUPERVISORS


class MessagePolicy:
    """The outbox names beneficiaries and their phones: the commune (its own) and the supervising office read
    it, as they read the register; the administrator reads."""

    def can_read(self, actor: Actor) -> bool:
        if not is_active_user(actor):
            return False
        return actor.has_role(Role.ADMIN) or (actor.office_kind in OUTBOX_READERS and actor.scope_unit_id is not None)

    def visible(self, actor: Actor) -> models.QuerySet[Message]:
        messages = Message.objects.select_related("commune")
        if not self.can_read(actor):
            return messages.none()
        if actor.has_role(Role.ADMIN):
            return messages
        assert actor.scope_unit_id is not None
        return messages.filter(commune_id__in=covered_unit_id_list(actor.scope_unit_id))


message_policy = MessagePolicy()
