# ruff: noqa: S608 -- the SQL is built from constant fragments, ints (id_list) and dates (date_literal) only
"""Who the State insures in a month, and the increases and decreases between two months, set-based.

Coverage is derived, never typed (domain.md §9; NĐ 20/2021 Art 9: everyone on a monthly allowance
has a State-paid card; Luật BHXH 2024 Art 22: so has every social-pension recipient). A person is
covered in month M by commune C when one of their entitlements recorded in C is payable in M, by the
very rule the payment list uses (`payments.payroll.payable_sql`: in force, not dead or missing
before M, not under a suspension), whatever its category: an Art 5 allowance, a care support or the
social pension alike. A person with another BHYT scheme recorded on the first day of M
(`OtherScheme`) is left off (one card, the most favourable one).

The increases of M are the covered pairs (person, commune) of M that were not covered in M−1, the
decreases the reverse; a pair whose commune became part of a successor (`UnitSuccession`) is the
same coverage, and the transfer of 5.5b/5.5c to the social pension on 01/07/2025 (one entitlement
ends, the other starts the same month) changes nothing. Each line carries its reason and its date:
an increase covers from the first day of M; a decrease ends on the day of death, otherwise on the
last day of M−1.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection, transaction
from django.db.backends.utils import CursorWrapper

from ansinh.core.months import YearMonth
from ansinh.payments.payroll import date_literal, id_list, payable_sql
from ansinh.rules.parameters import BASE_SALARY, BHYT_STATE_RATE
from ansinh.rules.selectors import parameter_on

# The categories replaced by the social pension on 01/07/2025 (domain.md §5): an increase of a person who
# held one of them and is now covered by another programme is a transfer (used for the reason only).
TRANSFERRED_CATEGORIES = ("5.5b", "5.5c")


@dataclass(frozen=True)
class Change:
    person_id: int
    commune_id: int
    direction: str  # "increase" | "decrease"
    reason: str
    day: date  # from (increase) or to (decrease)


@contextmanager
def _cursor() -> Iterator[CursorWrapper]:
    """A cursor in a transaction without JIT (PostgreSQL): the planner's estimate of the correlated
    reason sub-queries is high enough to trigger JIT compilation, which costs seconds and saves
    nothing on these scans (measured in bench/bhyt.py). Nothing is written."""
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL jit = off")
        yield cursor


def _covered_sql(month: str, people: str) -> str:
    """(person_id, commune_id) covered in the month whose first day is `month`."""
    return f"""
        SELECT DISTINCT e.person_id, e.commune_id
        FROM cases_entitlement e JOIN registry_person p ON p.id = e.person_id
        WHERE p.merged_into_id IS NULL AND {payable_sql(month)} {people}
          AND NOT EXISTS (SELECT 1 FROM insurance_otherscheme o WHERE o.person_id = e.person_id
                          AND o.valid_from <= {month} AND (o.valid_to IS NULL OR o.valid_to >= {month}))
    """


def _people_filter(area: Iterable[int] | None) -> str:
    """Restrict to the people with an entitlement in the communes of `area` (None: everyone). By
    person, not by commune, so that a move from or to a commune outside the area is still seen."""
    if area is None:
        return ""
    return f"AND e.person_id IN (SELECT a.person_id FROM cases_entitlement a WHERE a.commune_id IN ({id_list(area)}))"


def _same_place(a: str, b: str) -> str:
    """Commune `a` of last month and `b` of this month are the same coverage: equal, or b succeeded a."""
    return f"""({a} = {b} OR EXISTS (SELECT 1 FROM territory_unitsuccession u
                                      WHERE u.predecessor_id = {a} AND u.successor_id = {b}))"""


def changes(month: YearMonth, area: Iterable[int] | None = None) -> list[Change]:
    """The increases and decreases of `month` in the communes of `area` (None: all), with reasons."""
    area = list(area) if area is not None else None
    m, prev = date_literal(month.first_day), date_literal(month.add(-1).first_day)
    people = _people_filter(area)
    in_area = "" if area is None else f"AND {{alias}}.commune_id IN ({id_list(area)})"
    elsewhere_prev = f"""EXISTS (SELECT 1 FROM cases_entitlement e JOIN registry_person p ON p.id = e.person_id
        WHERE e.person_id = c.person_id AND NOT {_same_place("e.commune_id", "c.commune_id")}
          AND {payable_sql(prev)})"""
    elsewhere_now = f"""EXISTS (SELECT 1 FROM cases_entitlement e JOIN registry_person p ON p.id = e.person_id
        WHERE e.person_id = q.person_id AND NOT {_same_place("q.commune_id", "e.commune_id")}
          AND {payable_sql(m)})"""
    sql = f"""
        WITH cur AS ({_covered_sql(m, people)}), prev AS ({_covered_sql(prev, people)})
        SELECT 'increase', c.person_id, c.commune_id,
          CASE
            WHEN {elsewhere_prev} THEN 'moved_in'
            WHEN EXISTS (SELECT 1 FROM cases_suspension s JOIN cases_entitlement e ON e.id = s.entitlement_id
                         WHERE e.person_id = c.person_id AND s.to_month = {m}) THEN 'resume'
            WHEN EXISTS (SELECT 1 FROM cases_entitlement t WHERE t.person_id = c.person_id
                         AND t.category_code IN ('{"','".join(TRANSFERRED_CATEGORIES)}')
                         AND t.end_month IS NOT NULL AND t.end_month <= {m}) THEN 'transfer_social_pension'
            ELSE 'new_grant'
          END, NULL
        FROM cur c
        WHERE NOT EXISTS (SELECT 1 FROM prev q WHERE q.person_id = c.person_id
                          AND {_same_place("q.commune_id", "c.commune_id")}) {in_area.format(alias="c")}
        UNION ALL
        SELECT 'decrease', q.person_id, q.commune_id,
          CASE
            WHEN pp.life_status = 'dead' AND pp.death_date < {m} THEN 'death'
            WHEN {elsewhere_now} THEN 'moved_out'
            WHEN EXISTS (SELECT 1 FROM insurance_otherscheme o WHERE o.person_id = q.person_id
                         AND o.valid_from <= {m} AND (o.valid_to IS NULL OR o.valid_to >= {m})) THEN 'other_scheme'
            WHEN EXISTS (SELECT 1 FROM cases_suspension s JOIN cases_entitlement e ON e.id = s.entitlement_id
                         WHERE e.person_id = q.person_id AND e.commune_id = q.commune_id AND s.from_month <= {m}
                         AND (s.to_month IS NULL OR s.to_month > {m}) AND s.lifted_by_id IS NULL) THEN 'suspension'
            WHEN EXISTS (SELECT 1 FROM cases_entitlement e JOIN cases_decision d ON d.id = e.ended_by_id
                         WHERE e.person_id = q.person_id AND e.commune_id = q.commune_id
                         AND e.end_month = {m} AND d.kind = 'move') THEN 'moved_out'
            ELSE 'stop'
          END,
          CASE WHEN pp.life_status = 'dead' AND pp.death_date < {m} THEN pp.death_date END
        FROM prev q JOIN registry_person pp ON pp.id = q.person_id
        WHERE NOT EXISTS (SELECT 1 FROM cur c WHERE c.person_id = q.person_id
                          AND {_same_place("q.commune_id", "c.commune_id")}) {in_area.format(alias="q")}
    """
    last_day_before = month.first_day - timedelta(days=1)
    result = []
    with _cursor() as cursor:
        cursor.execute(sql)
        for direction, person_id, commune_id, reason, death_date in cursor.fetchall():
            if direction == "increase":
                day = month.first_day
            else:
                day = _as_date(death_date) if death_date is not None else last_day_before
            result.append(Change(person_id, commune_id, direction, reason, day))
    result.sort(key=lambda change: (change.direction != "increase", change.person_id, change.commune_id))
    return result


def _as_date(value: date | str) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def covered_people(month: YearMonth, area: Iterable[int] | None = None) -> dict[int, int]:
    """How many distinct people each commune covers in `month` (communes of `area`; None: all)."""
    area = list(area) if area is not None else None
    m = date_literal(month.first_day)
    where = "" if area is None else f"WHERE commune_id IN ({id_list(area)})"
    with _cursor() as cursor:
        cursor.execute(
            f"SELECT commune_id, COUNT(DISTINCT person_id) FROM ({_covered_sql(m, _people_filter(area))}) cov "
            f"{where} GROUP BY commune_id"
        )
        return dict(cursor.fetchall())


def covered_total(month: YearMonth, area: Iterable[int] | None = None) -> int:
    """Distinct people covered in `month` (a person recorded in two communes counts once)."""
    area = list(area) if area is not None else None
    m = date_literal(month.first_day)
    where = "" if area is None else f"WHERE commune_id IN ({id_list(area)})"
    with _cursor() as cursor:
        cursor.execute(f"SELECT COUNT(DISTINCT person_id) FROM ({_covered_sql(m, _people_filter(area))}) cov {where}")
        return int(cursor.fetchone()[0])


def covered_person_ids(month: YearMonth, area: Iterable[int] | None = None) -> set[int]:
    area = list(area) if area is not None else None
    m = date_literal(month.first_day)
    where = "" if area is None else f"WHERE commune_id IN ({id_list(area)})"
    with _cursor() as cursor:
        cursor.execute(f"SELECT DISTINCT person_id FROM ({_covered_sql(m, _people_filter(area))}) cov {where}")
        return {row[0] for row in cursor.fetchall()}


def premium_per_person(month: YearMonth) -> int:
    """4.5 % of the base salary in force on the month's first day, in whole đồng (NĐ 146/2018 Art
    7(1)(đ); both numbers are dated parameters: `bhyt_state_rate`, `base_salary`). 0 when either is
    missing."""
    salary = parameter_on(BASE_SALARY, month.first_day)
    rate = parameter_on(BHYT_STATE_RATE, month.first_day)
    if salary is None or rate is None:
        return 0
    return int((Decimal(salary.value) * Decimal(rate.value)).quantize(Decimal(1), rounding=ROUND_HALF_UP))
