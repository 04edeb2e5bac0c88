"""Writes to dossiers: open one, move it along its workflow. Each checks who acts, writes in one
transaction under a row lock (a second click finds the dossier already moved and changes nothing)
and records an audit event."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from ansinh.audit.events import record_event
from ansinh.cases.models import Dossier, DossierKind, DossierStep
from ansinh.cases.workflow import GRANT_FLOW_2024, Transition, transition_named
from ansinh.core.access import Actor, Role, require
from ansinh.registry.models import Person
from ansinh.registry.policies import PersonAction, person_policy
from ansinh.rules.selectors import parameter_on
from ansinh.territory.selectors import unit_covers
from ansinh.workdays.calendar import add_working_days
from ansinh.workdays.selectors import work_calendar


def dossier_open(*, actor: Actor, person: Person, kind: str, category_code: str = "") -> Dossier:
    require(person_policy.can(actor, PersonAction.CHANGE, person))
    if kind not in DossierKind.values:
        raise ValidationError({"kind": "Loại hồ sơ không hợp lệ."})
    with transaction.atomic():
        dossier = Dossier.objects.create(
            kind=kind,
            person=person,
            category_code=category_code,
            commune_id=person.commune_id,
            created_by_id=actor.pk,
        )
        record_event(
            actor=actor, action="cases.dossier_open", obj=dossier, after={"kind": kind}, territory_id=dossier.commune_id
        )
    return dossier


def may_make(actor: Actor, dossier: Dossier, transition: Transition) -> bool:
    """Office, role and territory; the maker-checker rule is checked in the action."""
    if not (actor.is_authenticated and actor.is_active):
        return False
    if actor.has_role(Role.ADMIN):
        return False  # administrators manage the system, they do not decide cases
    return (
        actor.office_kind in transition.office_kinds
        and actor.has_role(*transition.roles)
        and actor.scope_unit_id is not None
        and unit_covers(actor.scope_unit_id, dossier.commune_id)
    )


def due_date(deadline_key: str | None, start: date) -> date | None:
    """The deadline of the next step: its working days (a dated rules parameter) after `start`."""
    if deadline_key is None:
        return None
    parameter = parameter_on(deadline_key, start)
    if parameter is None:
        return None
    return add_working_days(work_calendar(start=start), start, int(parameter.value))


def dossier_transition(*, actor: Actor, dossier: Dossier, name: str, reason: str = "") -> Dossier:
    transition = transition_named(GRANT_FLOW_2024, name)
    if transition is None:
        raise ValidationError(f"Không có bước “{name}”.")
    with transaction.atomic():
        locked = Dossier.objects.select_for_update().get(pk=dossier.pk)
        if locked.state != transition.source:
            raise ValidationError(
                f"Hồ sơ đang ở bước “{locked.get_state_display()}”: không thể “{transition.label.lower()}”. "
                "Không có gì thay đổi."
            )
        if not may_make(actor, locked, transition):
            raise PermissionDenied
        if transition.checks and locked.steps.filter(transition=transition.checks, actor_id=actor.pk).exists():
            raise ValidationError(
                "Người lập bước trước không được tự duyệt bước này (người lập và người duyệt phải khác nhau)."
            )
        if transition.needs_reason and not reason.strip():
            raise ValidationError({"reason": "Hãy ghi lý do."})
        today = timezone.localdate()
        before = {"state": locked.state, "due_on": locked.due_on.isoformat() if locked.due_on else None}
        locked.state, locked.due_on = transition.target, due_date(transition.next_deadline, today)
        locked.save(update_fields=["state", "due_on"])
        DossierStep.objects.create(
            dossier=locked,
            transition=transition.name,
            from_state=transition.source,
            to_state=transition.target,
            actor_id=actor.pk,
            reason=reason.strip(),
            due_on=locked.due_on,
        )
        record_event(
            actor=actor,
            action=f"cases.dossier_{transition.name}",
            obj=locked,
            before=before,
            after={"state": locked.state, "due_on": locked.due_on.isoformat() if locked.due_on else None},
            reason=reason.strip(),
            territory_id=locked.commune_id,
        )
    return locked
