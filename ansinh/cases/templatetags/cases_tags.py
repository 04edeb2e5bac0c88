"""The cases panel on the register's person page (the registry never imports cases: its template
includes `cases/_person_panel.html`, which loads this tag)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django import template
from django.utils import timezone

from ansinh.cases.models import Dossier
from ansinh.cases.policies import dossier_policy
from ansinh.cases.selectors import person_months
from ansinh.core.access import Actor
from ansinh.core.months import YearMonth
from ansinh.registry.models import Person
from ansinh.registry.policies import PersonAction, person_policy
from ansinh.rules.formatting import format_money

register = template.Library()
MONTHS_SHOWN = 36  # the last three years on the person's page, newest first


@dataclass(frozen=True)
class MonthRow:
    label: str
    amount_display: str
    explanation: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class PersonCases:
    months: list[MonthRow]
    dossiers: list[Dossier]
    can_open: bool


@register.simple_tag
def person_cases(person: Person, actor: Actor) -> PersonCases:
    """The person's entitlements month by month (newest first) with amount and explanation; the
    explanation masks categories 5.3 and 5.8 for readers who may not read restricted facts."""
    today = timezone.localdate()
    since = YearMonth.of(today).add(-(MONTHS_SHOWN - 1)).first_day
    rows = person_months(person=person, until=today, since=since)
    months = [
        MonthRow(
            label=row.month.display(),
            amount_display=format_money(row.amount),
            explanation=tuple(person_policy.sentences_shown(actor, row.explanation)),
        )
        for row in reversed(rows)
    ]
    dossiers = list(dossier_policy.visible(actor).filter(person=person).order_by("-created_at")[:20])
    return PersonCases(months=months, dossiers=dossiers, can_open=person_policy.can(actor, PersonAction.CHANGE, person))


@register.filter
def money(value: int) -> str:
    """1250000 → "1.250.000 đ"."""
    return format_money(int(value))
