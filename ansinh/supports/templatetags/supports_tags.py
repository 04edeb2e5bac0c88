"""The supports panel on the register's person page (the registry never imports supports: its template includes
`supports/_person_panel.html`, which loads this tag)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django import template

from ansinh.cases.models import Decision
from ansinh.core.access import Actor
from ansinh.registry.models import Person
from ansinh.supports.policies import education_policy, one_off_policy
from ansinh.supports.selectors import amount_unconfirmed

register = template.Library()


@dataclass(frozen=True)
class SupportRow:
    programme: str
    detail: str
    amount: int
    on: date
    decision: Decision | None
    status: str
    unconfirmed: bool = False


@register.simple_tag
def person_supports(person: Person, actor: Actor) -> list[SupportRow]:
    """Every one-off and education support decided for the person, with its amount and decision, as far as the
    actor's policies of those supports let them see (monthly allowances are in the cases and payments panels)."""
    rows = [
        SupportRow(
            support.get_kind_display(),
            f"Người nhận: {support.payee_name}",
            support.amount,
            support.payable_month,
            support.decision,
            f"Chi trả tháng {support.payable_month:%m/%Y}",
            amount_unconfirmed(support),
        )
        for support in one_off_policy.visible(actor).filter(person=person).select_related("decision", "person")
    ]
    enrolments = education_policy.visible(actor).filter(person=person).select_related("decision")
    for enrolment in enrolments.prefetch_related("instalments"):
        year = f"{enrolment.school_year}-{enrolment.school_year + 1}"
        for instalment in enrolment.instalments.all():
            rows.append(
                SupportRow(
                    enrolment.get_programme_display(),
                    f"Năm học {year}, lần {instalment.number}: {instalment.months} tháng"
                    + (" và phương tiện học tập" if instalment.equipment_amount else ""),
                    instalment.total,
                    instalment.payable_from,
                    enrolment.decision,
                    instalment.get_status_display(),
                )
            )
        if not enrolment.instalments.all():
            rows.append(
                SupportRow(
                    enrolment.get_programme_display(),
                    f"Năm học {year}, {enrolment.school_name}",
                    0,
                    date(enrolment.school_year, 9, 1),
                    enrolment.decision,
                    enrolment.get_status_display(),
                )
            )
    return sorted(rows, key=lambda row: row.on, reverse=True)
