"""What every step of a dossier shares: the deadline of the next step (working days, a dated rules
parameter), who may make it, the maker-checker rule, and the step row with its audit event. The one way
to make a step is `transitions.dossier_transition`; postings, proposals and decisions make theirs here."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError

from ansinh.audit.events import record_event
from ansinh.cases.models import Decision, DecisionStatus, Dossier, DossierStep
from ansinh.cases.policies import dossier_policy
from ansinh.cases.workflow import Transition
from ansinh.core.access import Actor
from ansinh.rules.selectors import parameter_on
from ansinh.workdays.calendar import add_working_days
from ansinh.workdays.selectors import work_calendar

NOTHING_CHANGED = "Không có gì thay đổi."


def due_date(deadline_key: str | None, start: date) -> date | None:
    """The deadline of the next step: its working days (a dated rules parameter) after `start`."""
    if deadline_key is None:
        return None
    parameter = parameter_on(deadline_key, start)
    if parameter is None:
        return None
    return add_working_days(work_calendar(start=start), start, int(parameter.value))


def may_make(actor: Actor, dossier: Dossier, transition: Transition) -> bool:
    """Office, role and territory; the maker-checker rule is checked in the action."""
    return dossier_policy.may_make(actor, dossier, transition)


def state_error(locked: Dossier, transition: Transition) -> ValidationError:
    return ValidationError(
        f"Hồ sơ đang ở bước “{locked.get_state_display()}”: không thể “{transition.label.lower()}”. {NOTHING_CHANGED}"
    )


def check_maker_checker(actor: Actor, locked: Dossier, transition: Transition) -> None:
    if transition.checks and locked.steps.filter(transition=transition.checks, actor_id=actor.pk).exists():
        raise ValidationError(
            "Người lập bước trước không được tự duyệt bước này (người lập và người duyệt phải khác nhau)."
        )


def record_step(
    actor: Actor,
    locked: Dossier,
    transition: Transition,
    reason: str,
    due_on: date | None,
    extra: dict[str, Any] | None = None,
) -> None:
    before = {"state": locked.state, "due_on": locked.due_on.isoformat() if locked.due_on else None}
    locked.state, locked.due_on = transition.target, due_on
    locked.save(update_fields=["state", "due_on", "updated_at"])
    DossierStep.objects.create(
        dossier=locked,
        transition=transition.name,
        from_state=transition.source,
        to_state=transition.target,
        actor_id=actor.pk,
        reason=reason,
        due_on=due_on,
    )
    record_event(
        actor=actor,
        action=f"cases.dossier_{transition.name}",
        obj=locked,
        before=before,
        after={"state": locked.state, "due_on": due_on.isoformat() if due_on else None, **(extra or {})},
        reason=reason,
        territory_id=locked.commune_id,
    )


def drop_draft(dossier: Dossier) -> None:
    """A returned, refused or cancelled dossier leaves its draft decision (deleted when empty)."""
    if dossier.decision_id is None:
        return
    decision = Decision.objects.select_for_update().get(pk=dossier.decision_id)
    if decision.status != DecisionStatus.DRAFT:
        return
    dossier.decision = None
    dossier.save(update_fields=["decision", "updated_at"])
    if not decision.dossiers.exists():
        decision.delete()
