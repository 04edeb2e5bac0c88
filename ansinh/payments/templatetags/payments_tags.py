"""The payments panel on the register's person page (the registry never imports payments: its
template includes `payments/_person_panel.html`, which loads this tag)."""

from __future__ import annotations

from dataclasses import dataclass

from django import template
from django.utils import timezone

from ansinh.core.access import Actor
from ansinh.payments.models import Authorisation, PayrollLine, Recovery
from ansinh.payments.policies import payroll_policy
from ansinh.payments.selectors import authorisations_of
from ansinh.registry.models import Person

register = template.Library()
RECENT_LINES = 6


@dataclass(frozen=True)
class PersonPayments:
    lines: list[PayrollLine]
    authorisations: list[tuple[Authorisation, bool]]
    recoveries: list[Recovery]
    can_keep_authorisations: bool

    @property
    def is_empty(self) -> bool:
        return not (self.lines or self.authorisations or self.recoveries or self.can_keep_authorisations)


@register.simple_tag
def person_payments(person: Person, actor: Actor) -> PersonPayments:
    """The person's last payments with their result, their authorisations (valid today or not) and
    open recoveries: only what the actor's payments policy lets them see."""
    today = timezone.localdate()
    lines = payroll_policy.visible_lines(actor).filter(person=person).order_by("-month", "kind")[:RECENT_LINES]
    authorisations = [(item, item.is_valid_on(today)) for item in authorisations_of(actor=actor, person_id=person.pk)]
    recoveries = payroll_policy.visible_recoveries(actor).filter(person=person, balance__gt=0).order_by("month")
    return PersonPayments(
        lines=list(lines),
        authorisations=authorisations,
        recoveries=list(recoveries),
        can_keep_authorisations=payroll_policy.can_keep_authorisations(actor, person),
    )
