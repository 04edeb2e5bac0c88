"""Reads of inspections: the communes an office may plan for, the open recommendations (the commune's
to-do), the self-inspections of the area with their open items."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import models
from django.db.models import Count, Q

from ansinh.core.access import Actor
from ansinh.inspections.models import (
    ChecklistItem,
    ChecklistTopic,
    Inspection,
    InspectionKind,
    Recommendation,
    RecommendationStatus,
)
from ansinh.inspections.policies import inspection_policy
from ansinh.territory.models import AdministrativeUnit, UnitLevel
from ansinh.territory.selectors import covered_unit_ids


def plannable_communes(actor: Actor, day: date) -> list[AdministrativeUnit]:
    if not inspection_policy.is_planner(actor) or actor.scope_unit_id is None:
        return []
    return list(
        AdministrativeUnit.objects.filter(level=UnitLevel.COMMUNE, pk__in=covered_unit_ids(actor.scope_unit_id))
        .active_on(day)
        .order_by("name")
    )


def open_recommendations(actor: Actor) -> models.QuerySet[Recommendation]:
    return inspection_policy.visible_recommendations(actor).filter(status=RecommendationStatus.OPEN)


def self_inspections(actor: Actor) -> models.QuerySet[Inspection]:
    """The self-inspections in the actor's view, each with its open recommendations and issues counted."""
    return (
        inspection_policy.visible(actor)
        .filter(kind=InspectionKind.SELF)
        .annotate(
            open_items=Count(
                "findings__recommendations",
                filter=Q(findings__recommendations__status=RecommendationStatus.OPEN),
                distinct=True,
            ),
            issues=Count("answers", filter=Q(answers__result="issue"), distinct=True),
        )
        .order_by("-year", "-half", "commune__name")
    )


def checklist() -> list[tuple[ChecklistTopic, list[ChecklistItem]]]:
    items = ChecklistItem.objects.select_related("topic").order_by("topic__order", "order")
    topics: dict[int, tuple[ChecklistTopic, list[ChecklistItem]]] = {}
    for item in items:
        topics.setdefault(item.topic_id, (item.topic, []))[1].append(item)
    return list(topics.values())


@dataclass(frozen=True)
class InspectionPanel:
    open_recommendations: int
    overdue_recommendations: int


def home_panel(actor: Actor, today: date) -> InspectionPanel | None:
    if not inspection_policy.can_read(actor):
        return None
    open_items = open_recommendations(actor)
    total = open_items.count()
    if not total:
        return None
    return InspectionPanel(total, open_items.filter(due_on__lt=today).count())
