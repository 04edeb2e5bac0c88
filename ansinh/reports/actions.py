"""Writes of the reports app: for now, the audit of a form leaving the system."""

from __future__ import annotations

from django.db import transaction

from ansinh.audit.events import record_event
from ansinh.core.access import Actor
from ansinh.territory.models import AdministrativeUnit


def form_taken(*, actor: Actor, form: str, unit: AdministrativeUnit, period: str) -> None:
    """A form's file leaving the system is recorded (who, which form, which unit and period), as the
    payment lists are. The view has already checked that the actor may read it."""
    with transaction.atomic():
        record_event(
            actor=actor,
            action="reports.form_taken",
            after={"form": form, "unit": unit.code, "period": period},
            territory_id=unit.pk,
        )
