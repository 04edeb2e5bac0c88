"""What each office sees on its home page (journeys.md: home is the office's desk)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db import models

from ansinh.accounts.models import DecisionFlow, Office, User
from ansinh.accounts.policies import is_administrator
from ansinh.accounts.selectors import deployment_settings
from ansinh.core.access import Actor, OfficeKind
from ansinh.registry.history import EventShown, events_shown
from ansinh.registry.policies import person_policy
from ansinh.registry.selectors import duplicate_groups
from ansinh.rules.selectors import decision_flow_on
from ansinh.territory.models import AdministrativeUnit, UnitLevel
from ansinh.territory.policies import unit_policy
from ansinh.web.policies import audit_log_policy

COMMUNE_OFFICES = {OfficeKind.COMMUNE, OfficeKind.DISABILITY_COUNCIL}


@dataclass
class HomeSummary:
    scope_unit: AdministrativeUnit | None
    communes: list[AdministrativeUnit] = field(default_factory=list)
    recent_events: list[EventShown] = field(default_factory=list)
    user_count: int | None = None
    office_count: int | None = None
    decision_flow: str = ""
    is_commune_desk: bool = False
    register: RegisterSummary | None = None


@dataclass(frozen=True)
class RegisterSummary:
    people: int
    beneficiaries: int
    likely_duplicate_groups: int
    can_import: bool


def _register_summary(actor: Actor) -> RegisterSummary | None:
    if not person_policy.can_read_register(actor):
        return None
    people = person_policy.visible(actor)
    return RegisterSummary(
        people=people.count(),
        beneficiaries=people.filter(entitlements__isnull=False, entitlements__end_month__isnull=True)
        .distinct()
        .count(),
        likely_duplicate_groups=len(duplicate_groups(actor=actor)),
        can_import=person_policy.can_create(actor),
    )


def _communes_with_villages(actor: Actor, day: date, commune_desk: bool) -> list[AdministrativeUnit]:
    """A commune desk sees its own commune (even one since merged, with its successor);
    other offices see the communes of their area in force on `day`."""
    active_villages = models.Q(children__level=UnitLevel.VILLAGE) & (
        models.Q(children__valid_to__isnull=True) | models.Q(children__valid_to__gte=day)
    )
    communes = unit_policy.visible(actor).filter(level=UnitLevel.COMMUNE)
    if commune_desk:
        communes = communes.filter(pk=actor.scope_unit_id or 0)
    else:
        communes = communes.active_on(day)
    communes = communes.annotate(village_count=models.Count("children", filter=active_villages))
    return list(communes.prefetch_related("successions_out__successor").order_by("code"))


def home_summary(*, actor: Actor, today: date) -> HomeSummary:
    scope_id = actor.scope_unit_id
    settings_row = deployment_settings()
    commune_desk = actor.office_kind in COMMUNE_OFFICES
    summary = HomeSummary(
        scope_unit=AdministrativeUnit.objects.filter(pk=scope_id).first() if scope_id else None,
        communes=_communes_with_villages(actor, today, commune_desk),
        is_commune_desk=commune_desk,
        decision_flow=str(DecisionFlow(decision_flow_on(today)).label) if settings_row else "",
    )
    summary.register = _register_summary(actor)
    if audit_log_policy.can_read_log(actor):
        summary.recent_events = events_shown(actor, audit_log_policy.visible(actor)[:8])
    if is_administrator(actor):
        summary.user_count = User.objects.filter(is_active=True).count()
        summary.office_count = Office.objects.filter(is_active=True).count()
    return summary
