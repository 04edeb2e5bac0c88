"""Reads of one-off, education and emergency supports; every query starts from what the actor may see."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet, Sum

from ansinh.cases import one_off
from ansinh.cases.models import OneOffKind, OneOffSupport
from ansinh.core.access import Actor
from ansinh.payments.models import PayrollLine, Recovery
from ansinh.rules.models import Confidence
from ansinh.rules.parameters import FUNERAL_MULTIPLE
from ansinh.rules.selectors import parameter_on
from ansinh.supports.models import Enrolment, Instalment, InstalmentStatus
from ansinh.supports.policies import education_policy, one_off_policy


@dataclass(frozen=True)
class OneOffRow:
    support: OneOffSupport
    line: PayrollLine | None  # the latest payment line of the support
    recovery: Recovery | None
    unconfirmed: bool  # the amount rests on a parameter not confirmed (cremation: NQ 17/2019)


def one_offs(actor: Actor, *, kind: str = "") -> QuerySet[OneOffSupport]:
    supports = one_off_policy.visible(actor).select_related("person", "decision", "commune")
    if kind:
        supports = supports.filter(kind=kind)
    return supports.order_by("-payable_month", "-pk")


def one_off_rows(supports: list[OneOffSupport]) -> list[OneOffRow]:
    """Each support with its payment line and recovery (two queries for the page)."""
    ids = [support.pk for support in supports]
    lines: dict[int, PayrollLine] = {}
    for line in PayrollLine.objects.filter(one_off_id__in=ids).select_related("payroll").order_by("month"):
        lines[line.one_off_id] = line  # type: ignore[index]
    recoveries = {r.line_id: r for r in Recovery.objects.filter(line_id__in=[line.pk for line in lines.values()])}
    rows = []
    for support in supports:
        line = lines.get(support.pk)
        rows.append(OneOffRow(support, line, recoveries.get(line.pk) if line else None, amount_unconfirmed(support)))
    return rows


def amount_unconfirmed(support: OneOffSupport) -> bool:
    """Whether the amount rests on a parameter marked unconfirmed on the day of death (the cremation amount of
    NQ 17/2019/NQ-HĐND Bắc Giang is): officers see "chưa xác nhận" beside it."""
    person = support.person
    day = person.death_date or support.payable_month
    if support.kind == OneOffKind.CREMATION:
        parameter = one_off.cremation_parameter(support.province_code or person.province_code, day)
    else:
        parameter = parameter_on(FUNERAL_MULTIPLE, day)
    return parameter is not None and parameter.confidence != Confidence.CONFIRMED


# --- Education supports -------------------------------------------------------------------------------------


def enrolments(actor: Actor, *, school_year: int | None = None, status: str = "") -> QuerySet[Enrolment]:
    rows = education_policy.visible(actor).select_related("person", "commune", "decision", "listed_by_office")
    if school_year:
        rows = rows.filter(school_year=school_year)
    if status:
        rows = rows.filter(status=status)
    return rows.prefetch_related("instalments").order_by("-school_year", "commune__name", "person__full_name", "pk")


def instalments(actor: Actor, *, school_year: int, number: int) -> QuerySet[Instalment]:
    return (
        education_policy.visible_instalments(actor)
        .filter(enrolment__school_year=school_year, number=number)
        .select_related("enrolment__person", "commune", "enrolment__decision")
        .order_by("commune__name", "enrolment__person__full_name", "pk")
    )


def instalment_totals(rows: QuerySet[Instalment]) -> dict[str, int]:
    paid = rows.exclude(status=InstalmentStatus.STOPPED)
    return {
        "people": paid.count(),
        "total": paid.aggregate(total=Sum("total"))["total"] or 0,
        "stopped": rows.filter(status=InstalmentStatus.STOPPED).count(),
    }
