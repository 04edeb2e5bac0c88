"""Helpers for the payment tests: people with entitlements decided from a month."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from itertools import count

from ansinh.cases.models import Decision, DecisionKind, Entitlement, OneOffSupport
from ansinh.core.access import OfficeKind
from ansinh.core.months import YearMonth
from ansinh.payments.actions import LineResult, payment_results_apply, payroll_approve, payroll_generate, payroll_send
from ansinh.payments.models import PayrollMonth
from ansinh.payments.policies import payroll_office
from ansinh.registry.models import Person

_numbers = count(1)
# The test people are made with round coefficients, not always those of their age (the periodic review lists
# them as differences): the lists of these tests are approved with the approver's acknowledgement.
ACKNOWLEDGED = "Đã biết các dòng khác quy định, chờ quyết định điều chỉnh"
JANUARY = YearMonth(2024, 1)


def decision(commune, kind=DecisionKind.GRANT, month=JANUARY, paper=False, issued_on=None):
    return Decision.objects.create(
        kind=kind,
        number=f"{next(_numbers)}/QĐ-UBND",
        issued_on=issued_on or month.first_day,
        effective_month=month.first_day,
        recorded_from_paper=paper,
        commune=commune,
        province_code="24",
    )


def person(commune, name="Nguyễn Văn An", birth_year=1940, **fields):
    created = Person(full_name=name, birth_year=birth_year, sex="male", commune=commune, province_code="24", **fields)
    created.save()
    return created


def entitle(who, category="5.5a", coefficient="1.5", start=JANUARY, end=None, paper=False, commune=None):
    commune = commune or who.commune
    return Entitlement.objects.create(
        person=who,
        category_code=category,
        coefficient=Decimal(coefficient) if coefficient is not None else None,
        start_month=start.first_day,
        end_month=end.first_day if end else None,
        granted_by=decision(commune, month=start, paper=paper),
        commune=commune,
        province_code="24",
    )


def beneficiary(commune, name="Nguyễn Văn An", **entitlement):
    who = person(commune, name)
    return who, entitle(who, **entitlement)


def funeral(who, month, amount=7_200_000, payee="Nguyễn Văn Bình"):
    return OneOffSupport.objects.create(
        person=who,
        kind="funeral",
        amount=amount,
        payee_name=payee,
        payee_relation="Con",
        decision=decision(who.commune, kind=DecisionKind.FUNERAL, month=month),
        payable_month=month.first_day,
        commune=who.commune,
        province_code="24",
    )


def list_staff(actors, month):
    """Who makes and who approves the lists of `month` (payments.policies.payroll_office, dated data): the
    labour officer and head for a month of the district flow; from the commune flow (07/2025) the commune's
    officer and chair (a test of a commune of 01/07/2025 swaps `own_commune_officer`/`own_commune_chair`)."""
    if payroll_office(month) == OfficeKind.COMMUNE:
        return actors.own_commune_officer, actors.own_commune_chair
    return actors.labour_officer, actors.labour_head


def pay_all(actors, payroll, *, paid_on=None, unpaid=(), to=None):
    """Send the list (approve first) and record every line paid to its payee, except `unpaid` people."""
    month = YearMonth.of(payroll.month)
    approver = list_staff(actors, month)[1]
    payroll = payroll_approve(actor=approver, payroll=payroll, acknowledgement=ACKNOWLEDGED)
    payroll = payroll_send(actor=approver, payroll=payroll)
    results = []
    for line in payroll.lines.all():
        if line.person_id in unpaid:
            results.append(LineResult(line.pk, not_paid_reason="Vắng nhà"))
        else:
            results.append(
                LineResult(
                    line.pk,
                    paid_on=paid_on or date(month.year, month.month, 5),
                    paid_to_name=(to or {}).get(line.person_id, line.payee_name),
                    paid_to_kind=line.payee_kind if line.payee_kind != "named" else "other",
                )
            )
    payment_results_apply(actor=actors.post_office_officer, payroll=payroll, results=results)
    return PayrollMonth.objects.get(pk=payroll.pk)


def run_month(actors, month, *, commune, pay=True, unpaid=()):
    payroll_generate(actor=list_staff(actors, month)[0], month=month)
    payroll = PayrollMonth.objects.get(month=month.first_day, commune=commune)
    if pay:
        payroll = pay_all(actors, payroll, unpaid=unpaid)
    return payroll
