"""Reads of one-off, education and emergency supports; every query starts from what the actor may see."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet, Sum

from ansinh.cases import one_off
from ansinh.cases.models import OneOffKind, OneOffSupport
from ansinh.core.access import Actor, OfficeKind
from ansinh.payments.models import PayrollLine, Recovery
from ansinh.rules.models import Confidence
from ansinh.rules.parameters import FUNERAL_MULTIPLE
from ansinh.rules.selectors import parameter_on
from ansinh.supports import emergency
from ansinh.supports.models import (
    EmergencyLine,
    EmergencyRound,
    Enrolment,
    EnrolmentStatus,
    Instalment,
    InstalmentStatus,
    RoundStatus,
)
from ansinh.supports.policies import EducationAction, RoundAction, education_policy, one_off_policy, round_policy


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
    for paid in PayrollLine.objects.filter(one_off_id__in=ids).select_related("payroll").order_by("month"):
        lines[paid.one_off_id] = paid  # type: ignore[index]
    recoveries = {r.line_id: r for r in Recovery.objects.filter(line_id__in=[item.pk for item in lines.values()])}
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


@dataclass(frozen=True)
class LineEstimate:
    line: EmergencyLine
    rice_kg: int
    amount: int
    basis: str
    unconfirmed: bool


def round_estimates(round_: EmergencyRound, lines: list[EmergencyLine]) -> tuple[list[LineEstimate], str]:
    """Before the chair's decision, what each line would get from the parameters in force on the event day (after
    it, the decided figures); with a Vietnamese message when a parameter is missing (then no figures)."""
    if round_.status == RoundStatus.DECIDED:
        return [LineEstimate(line, line.rice_kg, line.amount, line.basis, False) for line in lines], ""
    estimates = []
    for line in lines:
        try:
            amount = emergency.line_amount(
                line.kind,
                people=line.people,
                rice_months=round_.rice_months,
                day=round_.occurred_on,
                province=round_.province_code,
            )
        except emergency.MissingParameter as error:
            return [LineEstimate(line, 0, 0, "", False) for line in lines], str(error)
        estimates.append(LineEstimate(line, amount.rice_kg, amount.amount, amount.basis, amount.unconfirmed))
    return estimates, ""


@dataclass(frozen=True)
class EstimatedTotals:
    people: int
    rice_kg: int
    amount: int


def estimated_totals(estimates: list[LineEstimate]) -> EstimatedTotals:
    return EstimatedTotals(
        sum(item.line.people for item in estimates),
        sum(item.rice_kg for item in estimates),
        sum(item.amount for item in estimates),
    )


# --- Home page --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SupportReminders:
    to_answer: int  # listed learners the commune has not answered
    to_decide: int  # confirmed learners waiting for the labour office's decision
    centre_waiting: int  # the centre's students waiting for their commune
    rounds_to_decide: int  # submitted rounds waiting for the chair
    rounds_late: int  # of which past their dated deadline

    @property
    def any(self) -> bool:
        return bool(self.to_answer or self.to_decide or self.centre_waiting or self.rounds_to_decide)


def support_reminders(actor: Actor, today: date) -> SupportReminders:
    """What each office has to do on education lists and emergency rounds, for the home page."""
    enrolments = education_policy.visible(actor)
    listed = enrolments.filter(status=EnrolmentStatus.LISTED)
    to_answer = listed.count() if education_policy.can(actor, EducationAction.ANSWER) else 0
    to_decide = (
        enrolments.filter(status=EnrolmentStatus.CONFIRMED).count()
        if education_policy.can(actor, EducationAction.DECIDE)
        else 0
    )
    centre_waiting = listed.count() if actor.office_kind == OfficeKind.VOCATIONAL_CENTRE else 0
    rounds = round_policy.visible(actor).filter(status=RoundStatus.SUBMITTED)
    deciding = round_policy.can(actor, RoundAction.DECIDE) or round_policy.can(actor, RoundAction.OPEN)
    return SupportReminders(
        to_answer,
        to_decide,
        centre_waiting,
        rounds.count() if deciding else 0,
        rounds.filter(decision_due__lt=today).count() if deciding else 0,
    )
