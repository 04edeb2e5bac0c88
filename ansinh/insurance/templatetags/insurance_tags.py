"""The BHYT card on the register's person page (the registry never imports insurance: its template
includes `insurance/_person_card.html`, which loads this tag)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from ansinh.core.access import Actor
from ansinh.insurance.policies import insurance_policy
from ansinh.insurance.selectors import person_card
from ansinh.registry.models import Person

register = template.Library()


@register.simple_tag
def person_health_card(person: Person, actor: Actor) -> dict[str, Any] | None:
    """The open card and whether it is valid today, for those allowed (None otherwise)."""
    if not insurance_policy.can_read_card(actor, person):
        return None
    found = person_card(person, timezone.localdate())
    found["can_record"] = insurance_policy.can_prepare(actor, person.commune_id)
    return found
