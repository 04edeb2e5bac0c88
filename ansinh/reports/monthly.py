# ruff: noqa: S608 -- the SQL is built from the payments module's constant fragments, ints and dates only
"""The figures of the monthly report (contracts.md §7; TT 02/2021 Art 6: the monthly report up the
chain), computed, never written.

Money is conserved across modules: `amount_due` is read from the payment lists of the month that
`payroll generate` wrote (`PayrollMonth.total`, drafts and frozen lists alike), so it equals the
`total` that command prints for the same month and territory once the lists exist. When some
commune of the scope still has no list, the generation itself runs inside a transaction that is
rolled back, and the totals of the lists it would have written are read before the rollback: the
same rule, never a second derivation of the amounts that could drift. Nothing is kept.

Who is counted (the payability rule of payments.payroll, `payable_sql`, for both months):
- `beneficiaries`: entitlements payable in the month, by category (a person in two categories,
  the 5.4 exception, counts in both);
- `increases`: entitlements payable in the month and not in the month before;
- `decreases`: entitlements payable in the month before and not in this month (stop, move, death).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Sum

from ansinh.core.months import YearMonth
from ansinh.payments import payroll as stages
from ansinh.payments.actions import payroll_generate
from ansinh.payments.models import PayrollLine, PayrollMonth
from ansinh.territory.models import AdministrativeUnit


@dataclass
class MonthlyFigures:
    month: YearMonth
    beneficiaries: dict[str, int] = field(default_factory=dict)
    amount_due: int = 0
    amount_paid: int = 0
    increases: int = 0
    decreases: int = 0

    def as_json(self) -> dict[str, Any]:
        return {
            "month": str(self.month),
            "beneficiaries": self.beneficiaries,
            "amount_due": self.amount_due,
            "amount_paid": self.amount_paid,
            "increases": self.increases,
            "decreases": self.decreases,
        }


class _RollBack(Exception):
    """Raised to undo a dry-run generation."""


def _scope_sql(communes: list[int] | None, column: str = "e.commune_id") -> str:
    return f"AND {column} IN ({stages.id_list(communes)})" if communes is not None else ""


def beneficiaries_by_category(month: YearMonth, communes: list[int] | None) -> dict[str, int]:
    m = stages.date_literal(month.first_day)
    rows = stages.fetch(
        f"""SELECT e.category_code, COUNT(*) FROM cases_entitlement e
            JOIN registry_person p ON p.id = e.person_id
            WHERE p.merged_into_id IS NULL AND {stages.payable_sql(m)} {_scope_sql(communes)}
            GROUP BY e.category_code ORDER BY e.category_code"""
    )
    return {str(code): int(n) for code, n in rows}


def movements(month: YearMonth, communes: list[int] | None) -> tuple[int, int]:
    """(increases, decreases): entitlements that became payable in `month`, and that stopped being."""
    m, prev = stages.date_literal(month.first_day), stages.date_literal(month.add(-1).first_day)
    now, before = stages.payable_sql(m), stages.payable_sql(prev)
    rows = stages.fetch(
        f"""SELECT
              COALESCE(SUM(CASE WHEN ({now}) AND NOT ({before}) THEN 1 ELSE 0 END), 0),
              COALESCE(SUM(CASE WHEN ({before}) AND NOT ({now}) THEN 1 ELSE 0 END), 0)
            FROM cases_entitlement e JOIN registry_person p ON p.id = e.person_id
            WHERE p.merged_into_id IS NULL AND e.start_month <= {m}
              AND (e.end_month IS NULL OR e.end_month >= {prev}) {_scope_sql(communes)}"""
    )
    return int(rows[0][0]), int(rows[0][1])


def _lists_total(month: YearMonth, communes: list[int] | None) -> int:
    lists = PayrollMonth.objects.filter(month=month.first_day)
    if communes is not None:
        lists = lists.filter(commune_id__in=communes)
    return int(lists.aggregate(total=Sum("total"))["total"] or 0)


def amount_due(month: YearMonth, commune: AdministrativeUnit | None) -> int:
    """The total of the month's lists in the territory (see the module docstring)."""
    communes = [commune.pk] if commune is not None else None
    wanted = {commune_id for commune_id, _ in stages.communes_to_list(month, communes)}
    have = set(
        PayrollMonth.objects.filter(month=month.first_day, commune_id__in=list(wanted)).values_list(
            "commune_id", flat=True
        )
    )
    if wanted <= have:
        return _lists_total(month, communes)
    due = 0
    try:
        with transaction.atomic():
            payroll_generate(actor=None, month=month, commune=commune)
            due = _lists_total(month, communes)
            raise _RollBack
    except _RollBack:
        pass
    return due


def amount_paid(month: YearMonth, communes: list[int] | None) -> int:
    lines = PayrollLine.objects.filter(month=month.first_day, paid_on__isnull=False)
    if communes is not None:
        lines = lines.filter(commune_id__in=communes)
    return int(lines.aggregate(total=Sum("total"))["total"] or 0)


def monthly_figures(month: YearMonth, commune: AdministrativeUnit | None = None) -> MonthlyFigures:
    """The contract figures of `month` for one commune (the unit given) or every commune."""
    communes = [commune.pk] if commune is not None else None
    increases, decreases = movements(month, communes)
    return MonthlyFigures(
        month=month,
        beneficiaries=beneficiaries_by_category(month, communes),
        amount_due=amount_due(month, commune),
        amount_paid=amount_paid(month, communes),
        increases=increases,
        decreases=decreases,
    )
