# ruff: noqa: S608 -- the SQL is built from the payments module's constant fragments, ints and dates only
"""Oversight: spending of a month by support type and commune, from the payment lines (the finance
office's and the province's view; journeys.md). Communes are the units **in force that month**: a
line kept under a unit that no longer exists is counted under its successor in force (territory
successions), never under a hard-coded list. Beside it, the month's BHYT premiums the State pays
for the people covered, by commune (`premiums`), for the readers of premiums and the province."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from ansinh.core.months import YearMonth
from ansinh.insurance import coverage
from ansinh.payments import payroll as stages
from ansinh.reports.chain import in_force
from ansinh.reports.form10a import scope_sql
from ansinh.territory.models import AdministrativeUnit

FUNERAL = "funeral"


@dataclass
class SpendingRow:
    commune: AdministrativeUnit
    amounts: dict[str, int] = field(default_factory=dict)  # support type → amount
    paid: int = 0
    people: int = 0  # beneficiaries with a monthly allowance line

    @property
    def total(self) -> int:
        return sum(self.amounts.values())


@dataclass
class Spending:
    month: YearMonth
    types: list[str]
    rows: list[SpendingRow]
    totals: dict[str, int]
    paid: int
    people: int

    @property
    def total(self) -> int:
        return sum(self.totals.values())


def support_order(code: str) -> tuple[tuple[int, int | str], ...]:
    """Natural order of the support types (5.1 … 5.5a, 5.5b … 20.2d), the funeral support last."""
    if code == FUNERAL:
        return ((2, 0),)
    return tuple(
        (0, int(part)) if part.isdigit() else (1, part) for part in re.findall(r"\d+|\D+", code) if part != "."
    )


def spending(month: YearMonth, unit_id: int) -> Spending:
    """Money on the month's lists in the unit, by support type (the category, or the funeral
    support) and by commune in force; one grouped query."""
    rows = stages.fetch(
        f"""SELECT l.commune_id, CASE WHEN l.kind = 'funeral' THEN 'funeral' ELSE l.category_code END,
                   SUM(l.total), SUM(CASE WHEN l.paid_on IS NOT NULL THEN l.total ELSE 0 END),
                   COUNT(DISTINCT CASE WHEN l.kind = 'regular' THEN l.person_id END)
            FROM payments_payrollline l
            WHERE l.month = {stages.date_literal(month.first_day)} AND {scope_sql(unit_id, "l.commune_id")}
            GROUP BY l.commune_id, CASE WHEN l.kind = 'funeral' THEN 'funeral' ELSE l.category_code END"""
    )
    mapping = in_force({int(commune) for commune, *_ in rows}, month.first_day)
    units = {unit.pk: unit for unit in AdministrativeUnit.objects.filter(pk__in=set(mapping.values()))}
    by_commune: dict[int, SpendingRow] = {}
    totals: dict[str, int] = defaultdict(int)
    paid_total = people_total = 0
    for commune, support, amount, paid, people in rows:
        target = mapping[int(commune)]
        row = by_commune.setdefault(target, SpendingRow(commune=units[target]))
        row.amounts[str(support)] = row.amounts.get(str(support), 0) + int(amount)
        row.paid += int(paid)
        row.people += int(people)  # a person in two categories (the 5.4 exception) counts in both
        people_total += int(people)
        totals[str(support)] += int(amount)
        paid_total += int(paid)
    types = sorted(totals, key=support_order)
    ordered = sorted(by_commune.values(), key=lambda row: row.commune.name)
    return Spending(month=month, types=types, rows=ordered, totals=dict(totals), paid=paid_total, people=people_total)


def masked(found: Spending, shown: Callable[[str], str]) -> Spending:
    """The spending as a reader may see it: support types merged under the code `shown` gives them (5.3
    and 5.8 tell HIV, Điều 5 khoản 3, 8: "Bảo mật" for readers without the right, as on the lists)."""

    def merge(amounts: dict[str, int]) -> dict[str, int]:
        merged: dict[str, int] = defaultdict(int)
        for code, amount in amounts.items():
            merged[code if code == FUNERAL else shown(code)] += amount
        return dict(merged)

    rows = [SpendingRow(row.commune, merge(row.amounts), row.paid, row.people) for row in found.rows]
    totals = merge(found.totals)
    types = sorted(totals, key=support_order)
    return Spending(found.month, types, rows, totals, found.paid, found.people)


@dataclass
class PremiumRow:
    commune: AdministrativeUnit
    people: int
    amount: int


@dataclass
class Premiums:
    """The State's BHYT premium of the month for the people it covers (NĐ 146/2018 Art 7(1)(đ)), by
    commune in force: the same coverage and rate as the insurance office's premium table
    (`insurance.coverage.covered_people`, `premium_per_person`), never re-derived here."""

    month: YearMonth
    per_person: int
    rows: list[PremiumRow]

    @property
    def people(self) -> int:
        return sum(row.people for row in self.rows)

    @property
    def total(self) -> int:
        return sum(row.amount for row in self.rows)


def premiums(month: YearMonth, unit_id: int) -> Premiums:
    communes = [
        int(commune)
        for (commune,) in stages.fetch(
            f"SELECT u.descendant_id FROM territory_unitcoverage u WHERE u.ancestor_id = {int(unit_id)}"
        )
    ]
    covered = {int(commune): int(n) for commune, n in coverage.covered_people(month, communes).items() if n}
    per_person = coverage.premium_per_person(month)
    mapping = in_force(set(covered), month.first_day)
    people: dict[int, int] = defaultdict(int)
    for commune, n in covered.items():
        people[mapping[commune]] += n
    units = AdministrativeUnit.objects.in_bulk(list(people))
    rows = [PremiumRow(units[pk], n, n * per_person) for pk, n in people.items()]
    return Premiums(month=month, per_person=per_person, rows=sorted(rows, key=lambda row: row.commune.name))
