"""The cases panel on the register's person page (the registry never imports cases: its template
includes `cases/_person_panel.html`, which loads this tag)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

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
    """A run of consecutive months paid the same amount for the same reasons (newest first)."""

    first: YearMonth
    last: YearMonth
    amount_display: str
    explanation: tuple[str, ...] = field(default_factory=tuple)

    @property
    def label(self) -> str:
        if self.first == self.last:
            return self.last.display()
        return f"{self.first.display()} – {self.last.display()}"

    @property
    def count(self) -> int:
        return self.first.months_until(self.last) + 1


@dataclass(frozen=True)
class PersonCases:
    months: list[MonthRow]
    dossiers: list[Dossier]
    can_open: bool


@register.simple_tag
def person_cases(person: Person, actor: Actor) -> PersonCases:
    """The person's entitlements month by month with amount and explanation (`month_runs`), and their dossiers."""
    dossiers = list(dossier_policy.visible(actor).filter(person=person).order_by("-created_at")[:20])
    return PersonCases(
        months=month_runs(person, actor, timezone.localdate()),
        dossiers=dossiers,
        can_open=person_policy.can(actor, PersonAction.CHANGE, person),
    )


def month_runs(person: Person, actor: Actor, today: date) -> list[MonthRow]:
    """The last MONTHS_SHOWN months paid, newest first, runs of consecutive months with the same amount
    and reasons told once; the explanation masks categories 5.3 and 5.8 for readers who may not read
    restricted facts."""
    since = YearMonth.of(today).add(-(MONTHS_SHOWN - 1)).first_day
    runs: list[MonthRow] = []
    for row in reversed(person_months(person=person, until=today, since=since)):
        month = MonthRow(
            row.month, row.month, format_money(row.amount), tuple(person_policy.sentences_shown(actor, row.explanation))
        )
        if runs and _continues(runs[-1], month):
            runs[-1] = MonthRow(row.month, runs[-1].last, month.amount_display, month.explanation)
        else:
            runs.append(month)
    return runs


def _continues(run: MonthRow, month: MonthRow) -> bool:
    """`month` is the month just before `run` and paid the same for the same reasons (a gap, months
    not due, starts a new run)."""
    return month.last.add(1) == run.first and (run.amount_display, run.explanation) == (
        month.amount_display,
        month.explanation,
    )
