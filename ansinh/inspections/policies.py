"""Who plans, conducts and reads inspections (issue 20; domain.md §2: the labour office plans
inspections; from 01/07/2025 the province's supervising department does).

- The supervising office (labour office, province department) officer or head ranks communes, makes
  plans, conducts its inspections, records findings and recommendations, and reads every inspection and
  self-inspection of its area. The province's read-only login reads.
- The commune officer or chair runs the commune's self-inspection each half-year, reads the inspections
  of their commune and closes the recommendations addressed to it once fixed.
- The administrator reads. Other offices (the culture centre included) see nothing here.
"""

from __future__ import annotations

from datetime import date

from django.db import models

from ansinh.accounts.models import DecisionFlow
from ansinh.core.access import Actor, OfficeKind, Role, is_active_user, open_for
from ansinh.inspections.models import Inspection, InspectionKind, InspectionStatus, Recommendation, RecommendationStatus
from ansinh.rules.selectors import decision_flow_on
from ansinh.territory.selectors import covered_unit_id_list, unit_covers, unit_in_force

PLANNERS = {OfficeKind.LABOUR_OFFICE, OfficeKind.PROVINCE}
READERS = PLANNERS | {OfficeKind.COMMUNE}


def planning_office_kind(day: date) -> OfficeKind:
    """The office that plans and supervises inspections on `day`: the district labour office while the district
    flow is in force (until 30/06/2025), the province's supervising office once the commune decides (from
    01/07/2025, no district level; NĐ 147/2025 Art 5). Read from the dated authority parameter
    (`rules.selectors.decision_flow_on`), never a date in code."""
    return OfficeKind.PROVINCE if decision_flow_on(day) == DecisionFlow.COMMUNE else OfficeKind.LABOUR_OFFICE


class InspectionPolicy:
    def can_read(self, actor: Actor) -> bool:
        if not is_active_user(actor):
            return False
        return actor.has_role(Role.ADMIN) or (actor.office_kind in READERS and actor.scope_unit_id is not None)

    def is_planner(self, actor: Actor) -> bool:
        return (
            is_active_user(actor)
            and actor.office_kind in PLANNERS
            and actor.has_role(Role.OFFICER, Role.HEAD)
            and actor.scope_unit_id is not None
        )

    def can_plan_on(self, actor: Actor, day: date) -> bool:
        """A planner of the office in charge on `day` (a plan's first day; today for the risk weights): of
        the kind in charge, over a unit in force that day (from 01/07/2025 the department over the merged
        province, not the one over Bắc Giang, which ended on 30/06/2025), and not an archived district office."""
        return (
            self.is_planner(actor)
            and actor.office_kind == planning_office_kind(day)
            and unit_in_force(actor.scope_unit_id, day)
            and open_for(actor, day)
        )

    def is_commune_keeper(self, actor: Actor, commune_id: int | None = None) -> bool:
        if not (
            is_active_user(actor)
            and actor.office_kind == OfficeKind.COMMUNE
            and actor.has_role(Role.OFFICER, Role.CHAIR)
            and actor.scope_unit_id is not None
        ):
            return False
        return commune_id is None or unit_covers(actor.scope_unit_id, commune_id)

    def visible(self, actor: Actor) -> models.QuerySet[Inspection]:
        inspections = Inspection.objects.select_related("commune", "plan")
        if not self.can_read(actor):
            return inspections.none()
        if actor.has_role(Role.ADMIN):
            return inspections
        assert actor.scope_unit_id is not None
        return inspections.filter(commune_id__in=covered_unit_id_list(actor.scope_unit_id))

    def can_conduct(self, actor: Actor, inspection: Inspection) -> bool:
        """Fill the checklist, record findings and recommendations, finish."""
        if inspection.status != InspectionStatus.PLANNED:
            return False
        if inspection.kind == InspectionKind.SELF:
            return self.is_commune_keeper(actor, inspection.commune_id)
        return (
            self.is_planner(actor)
            and unit_covers(actor.scope_unit_id or 0, inspection.commune_id)
            and open_for(actor)  # conducted today: a district archive does not
        )

    def visible_recommendations(self, actor: Actor) -> models.QuerySet[Recommendation]:
        return Recommendation.objects.filter(finding__inspection__in=self.visible(actor)).select_related(
            "commune", "finding__inspection"
        )

    def can_close(self, actor: Actor, recommendation: Recommendation) -> bool:
        if recommendation.status != RecommendationStatus.OPEN:
            return False
        if self.is_commune_keeper(actor, recommendation.commune_id):
            return True
        return (
            self.is_planner(actor)
            and unit_covers(actor.scope_unit_id or 0, recommendation.commune_id)
            and open_for(actor)
        )


inspection_policy = InspectionPolicy()
