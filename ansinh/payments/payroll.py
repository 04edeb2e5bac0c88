# ruff: noqa: S608 -- the SQL is built from constant fragments, ints (id_list) and dates (date_literal) only
"""Generating a month's payment lists, set-based (design.md §4): one INSERT … SELECT per stage.

Stages for month M over a set of communes (each a `PayrollMonth` in draft; frozen months are
left alone): delete the draft lines, then insert
1. regular lines: every entitlement payable in M, amount = round(coefficient × standard rate of
   M in the province) (NĐ 20/2021 Art 6; the 5.4 per-child count is in the coefficient); a social
   pension (category `HTXH.*`, Luật BHXH 41/2024 Arts 21-22) is paid the dated pension amount of M
   instead of the standard rate (its coefficient is 1: one pension); then, for a person due both a
   pension and a monthly allowance in M, only the line of the higher is kept (`drop_lower_programme`);
2. arrears months (`ArrearsMonth`) and one arrears line per (person, category): months payable
   but never listed (new decisions effective earlier, lifted suspensions) and the difference when
   a rate in force for an already listed month is higher than the rate listed (a late mass
   adjustment such as NĐ 76/2024 from 2024-07-01, known after the list was frozen);
3. carried lines: what the post office did not pay in M−1 (domain.md §8: unpaid amounts carry),
   on the list of the commune of the entitlement that continues it after a territorial change;
4. one-off lines (funeral, cremation): one-off supports approved by a signed decision, payable in M;
5. offsets: open recoveries of the person are deducted from the regular line when the district
   chose offsetting (`OffsetSetting`);
then the per-list totals. The same SQL runs on PostgreSQL and SQLite.

A month M is payable for an entitlement when start_month ≤ M < end_month (or open), it is not
under a suspension that has not been lifted, its category is still in force on the first day of M
(5.5b and 5.5c end on 30/06/2025, replaced by the social pension: Luật BHXH 41/2024 Arts 21–22,
rules.Category.valid_to), and the person was not dead or declared missing before M: a death in
month D is paid for D and not from D+1 (NĐ 20/2021 Art 8(3); TT 02/2021 Art
2), even before the stop decision is signed.

Arrears months "never listed" start at the entitlement's start month, but never before the
commune's first list in this system: the months before it were paid outside the system (the paper
lists of the register import), and paying them again would pay them twice. A decision effective
before the first list is therefore settled by hand (its earlier months are not on any list).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db import connection

from ansinh.core.months import YearMonth
from ansinh.rules import pension
from ansinh.rules.dated import Period, value_on
from ansinh.rules.parameters import NATIONAL_RATE, province_rate_key
from ansinh.rules.rulebook import pension_periods_from_db, rate_periods_from_db

# Lines of one-off supports (cases.OneOffKind), paid to the payee their decision names, never "in person"
ONE_OFF_LINE_KINDS = ("funeral", "cremation")

RULES_START = YearMonth(2021, 7)  # NĐ 20/2021 in force from 2021-07-01

# Report before the 20th, send before the 25th (TT 02/2021 Art 6; domain.md §8).
SEND_BEFORE_DAY = 25
REPORT_BEFORE_DAY = 20


def send_deadline(month: YearMonth) -> date:
    """The last day to send the list for `month`: the 24th of the month before."""
    previous = month.add(-1)
    return date(previous.year, previous.month, SEND_BEFORE_DAY - 1)


def report_deadline(month: YearMonth) -> date:
    return date(month.year, month.month, REPORT_BEFORE_DAY - 1)


@dataclass
class GenerationResult:
    month: YearMonth
    communes: int = 0
    lines: int = 0
    total: int = 0
    frozen: list[int] = field(default_factory=list)
    without_coefficient: int = 0
    recoveries: int = 0
    suspensions_proposed: int = 0
    timings: dict[str, float] = field(default_factory=dict)

    categories: dict[str, int] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        """The figures of every list of the month, frozen ones included (contracts.md §4)."""
        return {
            "month": str(self.month),
            "communes": self.communes,
            "lines": self.lines,
            "total": self.total,
            "categories": self.categories,
            "frozen": len(self.frozen),
        }


# --- rates ---------------------------------------------------------------------------------------


def standard_rate(periods: Iterable[Period], month: YearMonth, province: str) -> int:
    """The highest standard rate in force on the first day of `month` for the province
    (domain.md §4: a province may set a higher standard than the national one)."""
    periods = list(periods)
    values = [
        found.value
        for key in (NATIONAL_RATE, province_rate_key(province))
        if (found := value_on(periods, key, month.first_day)) is not None
    ]
    return int(max(values)) if values else 0


def month_rates(provinces: Iterable[str], until: YearMonth) -> dict[tuple[YearMonth, str], int]:
    periods = rate_periods_from_db()
    rates: dict[tuple[YearMonth, str], int] = {}
    for province in set(provinces):
        month = RULES_START
        while month <= until:
            rates[(month, province)] = standard_rate(periods, month, province)
            month = month.add(1)
    return rates


def month_pensions(provinces: Iterable[str], until: YearMonth) -> dict[tuple[YearMonth, str], int]:
    """The social pension of every month up to `until` in each province (0 before 07/2025)."""
    periods = pension_periods_from_db()
    amounts: dict[tuple[YearMonth, str], int] = {}
    for province in set(provinces):
        month = RULES_START
        while month <= until:
            amounts[(month, province)] = pension.monthly_amount(periods, month, province)
            month = month.add(1)
    return amounts


# --- SQL helpers ---------------------------------------------------------------------------------


def date_literal(day: date) -> str:
    """A date constant typed as a date on PostgreSQL and as ISO text (Django's storage) on SQLite."""
    text = day.isoformat()
    return f"DATE '{text}'" if connection.vendor == "postgresql" else f"'{text}'"


def id_list(ids: Iterable[int]) -> str:
    return ",".join(str(int(i)) for i in ids) or "NULL"


def rates_cte(rates: dict[tuple[YearMonth, str], int], pensions: dict[tuple[YearMonth, str], int]) -> str:
    """rates(month, province, rate, pension): the standard rate and the social pension of each month."""
    rows = ", ".join(
        f"({date_literal(month.first_day)}, '{province}', {int(rate)}, {int(pensions.get((month, province), 0))})"
        for (month, province), rate in rates.items()
    )
    return f"rates(month, province, rate, pension) AS (VALUES {rows})"


def is_pension_sql(code: str) -> str:
    """A social-pension category (no LIKE: its % would be read as a parameter marker)."""
    return f"SUBSTR({code}, 1, {len(pension.PREFIX)}) = '{pension.PREFIX}'"


def rate_sql(code: str, rate: str, pension_amount: str) -> str:
    """The amount one coefficient is worth: the pension for a social-pension category, else the standard rate."""
    return f"CASE WHEN {is_pension_sql(code)} THEN {pension_amount} ELSE {rate} END"


def amount_sql(coefficient: str, code: str, rate: str, pension_amount: str) -> str:
    return f"CAST(ROUND({coefficient} * {rate_sql(code, rate, pension_amount)}) AS BIGINT)"


def compared_sql(code: str) -> str:
    """A monthly allowance compared with the social pension ("only the higher"): Art 5 categories but 5.4
    (NĐ 20/2021 Art 6(2) pays it on top of 5.5*), never care support (Art 20, the carer's) or the pension."""
    left_out = ", ".join(f"'{c}'" for c in pension.NOT_COMPARED)
    return f"(SUBSTR({code}, 1, 2) = '5.' AND {code} NOT IN ({left_out}))"


def payable_sql(month: str, e: str = "e", p: str = "p", *, hashed: bool = False) -> str:
    """SQL condition: entitlement `e` of person `p` is payable in the month whose first day is `month`.

    `hashed` (only for a constant `month`): the suspensions and the ended categories of the month are
    read once into hashed sets (`NOT IN`, a hashed sub-plan) instead of being probed per entitlement
    (`NOT EXISTS`). Same rows: neither sub-query returns NULL (the suspension's entitlement and the
    category's code are NOT NULL). For a scan of a province's entitlements (reports/form10a.py), where
    the planner otherwise probes the suspensions once per row."""
    if hashed:
        suspended = f"""{e}.id NOT IN (
            SELECT s.entitlement_id FROM cases_suspension s WHERE s.from_month <= {month}
            AND (s.to_month IS NULL OR s.to_month > {month}) AND s.lifted_by_id IS NULL)"""
        ended = f"""{e}.category_code NOT IN (
            SELECT cat.code FROM rules_category cat WHERE cat.valid_to IS NOT NULL AND cat.valid_to < {month})"""
    else:
        suspended = f"""NOT EXISTS (
            SELECT 1 FROM cases_suspension s WHERE s.entitlement_id = {e}.id AND s.from_month <= {month}
            AND (s.to_month IS NULL OR s.to_month > {month}) AND s.lifted_by_id IS NULL)"""
        ended = f"""NOT EXISTS (
            SELECT 1 FROM rules_category cat WHERE cat.code = {e}.category_code
            AND cat.valid_to IS NOT NULL AND cat.valid_to < {month})"""
    return f"""
        {e}.start_month <= {month} AND ({e}.end_month IS NULL OR {e}.end_month > {month})
        AND NOT ({p}.life_status = 'dead' AND {p}.death_date < {month})
        AND NOT ({p}.life_status = 'missing' AND {p}.missing_on IS NOT NULL AND {p}.missing_on < {month})
        AND {suspended}
        AND {ended}
    """


def payee_joins(p: str, first: str, last: str) -> str:
    """Joins giving the payee of person `p` for a month: the guardian, else the authorisation valid
    during the month that was recorded last (a grouped derived table: one hash join, not a
    sub-query per line)."""
    return f"""
        LEFT JOIN registry_person g ON g.id = {p}.guardian_id
        LEFT JOIN (
            SELECT a2.person_id, MAX(a2.id) AS id FROM payments_authorisation a2
            WHERE a2.valid_from <= {last} AND (a2.valid_to IS NULL OR a2.valid_to >= {first})
              AND (a2.revoked_on IS NULL OR a2.revoked_on > {first})
            GROUP BY a2.person_id) valid_authorisation ON valid_authorisation.person_id = {p}.id
        LEFT JOIN payments_authorisation a ON a.id = valid_authorisation.id
    """


PAYEE_COLUMNS = """
    CASE WHEN g.id IS NOT NULL THEN 'guardian' WHEN a.id IS NOT NULL THEN 'authorised' ELSE 'beneficiary' END,
    CASE WHEN g.id IS NOT NULL THEN g.full_name WHEN a.id IS NOT NULL THEN a.authorised_name ELSE p.full_name END,
    CASE WHEN g.id IS NOT NULL THEN 'Người giám hộ' WHEN a.id IS NOT NULL THEN a.reference ELSE '' END,
    CASE WHEN g.id IS NOT NULL THEN NULL ELSE a.id END
"""

LINE_COLUMNS = """
    payroll_id, month, commune_id, province_code, person_id, entitlement_id, kind, category_code, coefficient,
    rate, covered_from, covered_to, months_covered, regular_amount, arrears_amount, recovery_amount, total,
    payee_kind, payee_name, payee_reference, authorisation_id, note, paid_to_name, paid_to_kind,
    not_paid_reason, violation, violation_reason
"""
LINE_TAIL = "'', '', '', FALSE, ''"


def refresh_statistics(table: str) -> None:
    """ANALYZE a table that just grew a lot (PostgreSQL; allowed inside a transaction)."""
    if connection.vendor == "postgresql":
        execute(f"ANALYZE {connection.ops.quote_name(table)}")


def execute(sql: str, params: dict[str, Any] | None = None) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql, params or {})
        return cursor.rowcount


def fetch(sql: str, params: dict[str, Any] | None = None) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params or {})
        return list(cursor.fetchall())


# --- stages --------------------------------------------------------------------------------------


def communes_to_list(month: YearMonth, communes: list[int] | None) -> list[tuple[int, str]]:
    """(commune, province) of every commune with something to pay in `month`. Each branch is grouped
    by commune before the branches are put together (UNION ALL): at national scale a UNION of the
    rows themselves sorted 1,000,000 entitlements (0.7 s) to keep 1,025 communes (0.2 s now)."""
    m, prev = date_literal(month.first_day), date_literal(month.add(-1).first_day)
    last = date_literal(month.last_day)
    scope = f"AND commune_id IN ({id_list(communes)})" if communes is not None else ""
    carried_scope = f"AND COALESCE(s.commune_id, l.commune_id) IN ({id_list(communes)})" if communes is not None else ""
    # only communes in force during M (contracts.md §4): an abolished commune gets no list after
    # its end; what it did not pay in its last month is carried by the successor entitlement's commune
    rows = fetch(
        f"""
        SELECT c.commune_id, MIN(c.province_code) FROM (
            SELECT commune_id, MIN(province_code) AS province_code FROM cases_entitlement
             WHERE start_month <= {m} AND (end_month IS NULL OR end_month > {prev}) {scope} GROUP BY commune_id
            UNION ALL SELECT COALESCE(s.commune_id, l.commune_id), MIN(l.province_code) FROM payments_payrollline l
             LEFT JOIN cases_entitlement s ON s.carried_from_id = l.entitlement_id
             WHERE l.month = {prev} AND l.paid_on IS NULL AND l.not_paid_reason <> '' {carried_scope}
             GROUP BY COALESCE(s.commune_id, l.commune_id)
            UNION ALL SELECT commune_id, MIN(province_code) FROM cases_oneoffsupport
             WHERE payable_month = {m} {scope} GROUP BY commune_id
        ) AS c JOIN territory_administrativeunit u ON u.id = c.commune_id
        WHERE u.valid_from <= {last} AND (u.valid_to IS NULL OR u.valid_to >= {m})
        GROUP BY c.commune_id ORDER BY c.commune_id
        """
    )
    return [(int(commune), str(province)) for commune, province in rows]


# Memory for the hashes of one generation (PostgreSQL, this transaction only): at national scale the
# people (1,000,000 rows) and last month's lines are hashed; with the default 4 MB they spill to
# temporary files in 16–32 batches.
GENERATION_WORK_MEM = "128MB"


def set_generation_session() -> None:
    """The session settings of a generation, for the current transaction only (PostgreSQL): what
    the generation runs with, and what bench/payroll.py's bound must run with to compare."""
    if connection.vendor == "postgresql":
        execute(f"SET LOCAL work_mem = '{GENERATION_WORK_MEM}'")


def delete_draft_lines(payrolls: list[int]) -> None:
    """The first stage on the drafts: sets the transaction's session settings, then empties the
    drafts (through the (payroll, kind) index of the lines)."""
    set_generation_session()
    ids = id_list(payrolls)
    execute(f"DELETE FROM payments_arrearsmonth WHERE payroll_id IN ({ids})")
    execute(f"DELETE FROM payments_payrollline WHERE payroll_id IN ({ids})")


# Up to this many lists (a district has tens of communes), the regular lines are inserted in person
# order: the lines' indexes keyed by person (month, person, …; person) are then walked once in key
# order instead of once per commune (an in-memory sort of a few thousand rows). A national month is
# not sorted: its rows come in the entitlements' order and sorting 1,000,000 wide rows would spill.
SORTED_INSERT_MAX_LISTS = 100


NO_PENSION_ROW = "('', 0)"


def pension_cte(pensions: dict[tuple[YearMonth, str], int], month: YearMonth) -> str:
    """pension(province, amount): the social pension of `month` in each province of the generation."""
    rows = ", ".join(
        f"('{province}', {int(amount)})" for (listed, province), amount in pensions.items() if listed == month
    )
    return f"pension(province, amount) AS (VALUES {rows or NO_PENSION_ROW})"


def insert_regular(month: YearMonth, payrolls: list[int], pensions: dict[tuple[YearMonth, str], int]) -> int:
    m, last = date_literal(month.first_day), date_literal(month.last_day)
    order = "ORDER BY e.person_id, e.category_code" if len(payrolls) <= SORTED_INSERT_MAX_LISTS else ""
    rate = rate_sql("e.category_code", "pm.rate", "COALESCE(ps.amount, 0)")
    amount = amount_sql("e.coefficient", "e.category_code", "pm.rate", "COALESCE(ps.amount, 0)")
    inserted = execute(
        f"""
        WITH {pension_cte(pensions, month)}
        INSERT INTO payments_payrollline ({LINE_COLUMNS})
        SELECT pm.id, {m}, e.commune_id, e.province_code, e.person_id, e.id, 'regular', e.category_code,
               e.coefficient, {rate}, {m}, {m}, 1, {amount}, 0, 0, {amount},
               {PAYEE_COLUMNS}, '', {LINE_TAIL}
        FROM cases_entitlement e
        JOIN payments_payrollmonth pm ON pm.commune_id = e.commune_id
        JOIN registry_person p ON p.id = e.person_id
        LEFT JOIN pension ps ON ps.province = e.province_code
        {payee_joins("p", m, last)}
        WHERE pm.id IN ({id_list(payrolls)}) AND e.coefficient IS NOT NULL AND p.merged_into_id IS NULL
          AND {payable_sql(m)}
          AND NOT ({is_pension_sql("e.category_code")} AND COALESCE(ps.amount, 0) = 0)
        {order}
        """
    )
    return inserted - drop_lower_programme(month, payrolls)


def drop_lower_programme(month: YearMonth, payrolls: list[int]) -> int:
    """ "Only the higher" (domain.md §5; Luật BHXH 41/2024 Art 21): a person with a social-pension line and a
    compared monthly-allowance line in M keeps the line of the higher amount of M; a tie keeps the allowance
    (`rules.pension.higher_programme`). Month by month, so a rate change moves the comparison with it.
    Every regular line of the person in M is on the same generation (one person, one commune's list), and
    the lines are compared across the lists of M, frozen ones included, so a rerun of one list agrees."""
    m, ids = date_literal(month.first_day), id_list(payrolls)
    other = f"""SELECT 1 FROM payments_payrollline o WHERE o.month = {m} AND o.kind = 'regular'
        AND o.person_id = payments_payrollline.person_id"""
    return execute(
        f"""
        DELETE FROM payments_payrollline
        WHERE payroll_id IN ({ids}) AND kind = 'regular' AND (
            ({is_pension_sql("category_code")} AND EXISTS ({other} AND {compared_sql("o.category_code")}
                AND o.regular_amount >= payments_payrollline.regular_amount))
            OR ({compared_sql("category_code")} AND EXISTS ({other} AND {is_pension_sql("o.category_code")}
                AND o.regular_amount > payments_payrollline.regular_amount)))
        """
    )


def first_lists(month: YearMonth, payrolls: list[int]) -> list[tuple[int, date]]:
    """(draft list, month of its commune's first list) for the drafts whose commune had a list
    before `month`: only their entitlements can have months never listed (one grouped query)."""
    rows = fetch(
        f"""SELECT pm.id, MIN(old.month) FROM payments_payrollmonth pm
            JOIN payments_payrollmonth old ON old.commune_id = pm.commune_id
            WHERE pm.id IN ({id_list(payrolls)}) GROUP BY pm.id ORDER BY pm.id"""
    )
    found = [(int(payroll), as_date(first)) for payroll, first in rows]
    return [(payroll, first) for payroll, first in found if first < month.first_day]


def as_date(value: Any) -> date:
    """A date read through a raw cursor (a date on PostgreSQL, ISO text on SQLite)."""
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def insert_arrears_months(
    month: YearMonth,
    payrolls: list[int],
    rates: dict[tuple[YearMonth, str], int],
    pensions: dict[tuple[YearMonth, str], int] | None = None,
) -> None:
    m, prev = date_literal(month.first_day), date_literal(month.add(-1).first_day)
    ids = id_list(payrolls)
    pensions = pensions if pensions is not None else {}
    # A month paid under the other programme ("only the higher") is listed for both: never paid again; unless
    # that entitlement has ended before the month (its payment is recovered, insert_recoveries).
    listed = f"""
        SELECT 1 FROM payments_payrollline l WHERE l.entitlement_id = c.id AND l.kind = 'regular'
          AND l.month = r.month AND l.payroll_id NOT IN ({ids})
        UNION ALL SELECT 1 FROM payments_arrearsmonth x WHERE x.entitlement_id = c.id AND x.month = r.month
          AND x.payroll_id NOT IN ({ids})
        UNION ALL SELECT 1 FROM payments_payrollline l
          JOIN cases_entitlement oe ON oe.id = l.entitlement_id AND (oe.end_month IS NULL OR oe.end_month > l.month)
          WHERE l.person_id = c.person_id AND l.kind = 'regular'
          AND l.month = r.month AND l.payroll_id NOT IN ({ids})
          AND (({is_pension_sql("c.category_code")} AND {compared_sql("l.category_code")})
               OR ({compared_sql("c.category_code")} AND {is_pension_sql("l.category_code")}))
    """
    with_history = first_lists(month, payrolls)
    first_rows = ", ".join(f"({payroll}, {date_literal(first)})" for payroll, first in with_history)
    history_ids = id_list(payroll for payroll, _ in with_history)

    def candidates(condition: str) -> str:
        """Entitlements that may have months never listed: no regular line last month (one anti-join
        with last month's lines), or a lifted suspension. Only the entitlements and the lists (given
        by id, all of month M) are joined here, so that the planner knows it reads every entitlement
        of the lists and hashes last month's lines instead of probing the lines' index per entitlement;
        the first list bounds the months afterwards."""
        return f"""
            SELECT e.id, e.person_id, e.category_code, e.coefficient, e.province_code, e.start_month, e.end_month,
                   pm.id AS payroll_id
            FROM cases_entitlement e
            JOIN payments_payrollmonth pm ON pm.commune_id = e.commune_id AND pm.id IN ({history_ids})
            WHERE e.coefficient IS NOT NULL AND e.start_month < {m} AND {condition}"""

    not_listed_last_month = f"""NOT EXISTS (SELECT 1 FROM payments_payrollline l
        WHERE l.entitlement_id = e.id AND l.kind = 'regular' AND l.month = {prev})"""
    lifted = "EXISTS (SELECT 1 FROM cases_suspension s WHERE s.entitlement_id = e.id AND s.lifted_by_id IS NOT NULL)"
    # 2a. months payable and never listed (none before the commune's first list: skipped when no
    # draft's commune had a list before M, as for the first list)
    if with_history:
        execute(
            f"""
            WITH {rates_cte(rates, pensions)},
            first_list(payroll_id, month) AS (VALUES {first_rows}),
            c AS ({candidates(not_listed_last_month)} UNION {candidates(lifted)})
            INSERT INTO payments_arrearsmonth
                (payroll_id, line_id, entitlement_id, person_id, category_code, month, rate, amount, reason)
            SELECT c.payroll_id, NULL, c.id, c.person_id, c.category_code, r.month,
                   {rate_sql("c.category_code", "r.rate", "r.pension")},
                   {amount_sql("c.coefficient", "c.category_code", "r.rate", "r.pension")}, 'not_listed'
            FROM c
            JOIN first_list f ON f.payroll_id = c.payroll_id
            JOIN rates r ON r.province = c.province_code AND r.month >= c.start_month AND r.month >= f.month
                AND r.month < {m}
            JOIN registry_person p ON p.id = c.person_id
            WHERE {payable_sql("r.month", "c", "p")} AND NOT EXISTS ({listed})
              AND NOT ({is_pension_sql("c.category_code")} AND r.pension = 0)
            """
        )
    execute_rate_changes(month, payrolls, rates)
    execute_pension_changes(month, payrolls, pensions)


def execute_rate_changes(month: YearMonth, payrolls: list[int], rates: dict[tuple[YearMonth, str], int]) -> None:
    """2b. months listed at a rate lower than the rate now in force for them (late mass adjustment)."""
    m, ids = date_literal(month.first_day), id_list(payrolls)
    execute(
        f"""
        WITH {rates_cte(rates, {})},
        changed AS (
            SELECT old.id, r.rate AS new_rate, old.month FROM payments_payrollmonth old
            JOIN payments_payrollmonth pm ON pm.commune_id = old.commune_id AND pm.id IN ({ids})
            JOIN rates r ON r.month = old.month AND r.province = old.province_code
            WHERE old.month < {m} AND old.rate < r.rate
        )
        INSERT INTO payments_arrearsmonth
            (payroll_id, line_id, entitlement_id, person_id, category_code, month, rate, amount, reason)
        SELECT pm.id, NULL, e.id, e.person_id, e.category_code, l.month, ch.new_rate,
               CAST(ROUND(e.coefficient * ch.new_rate) AS BIGINT) - l.regular_amount - COALESCE((
                   SELECT SUM(x.amount) FROM payments_arrearsmonth x WHERE x.entitlement_id = e.id
                   AND x.month = l.month AND x.payroll_id NOT IN ({ids})), 0),
               'rate_change'
        FROM changed ch
        JOIN payments_payrollline l ON l.payroll_id = ch.id AND l.kind = 'regular'
        JOIN cases_entitlement e ON e.id = l.entitlement_id
        JOIN registry_person p ON p.id = e.person_id
        JOIN payments_payrollmonth pm ON pm.commune_id = e.commune_id AND pm.id IN ({ids})
        WHERE e.coefficient IS NOT NULL AND {payable_sql("l.month")} AND NOT {is_pension_sql("e.category_code")}
          AND CAST(ROUND(e.coefficient * ch.new_rate) AS BIGINT) - l.regular_amount - COALESCE((
                   SELECT SUM(x.amount) FROM payments_arrearsmonth x WHERE x.entitlement_id = e.id
                   AND x.month = l.month AND x.payroll_id NOT IN ({ids})), 0) > 0
        """
    )


def execute_pension_changes(month: YearMonth, payrolls: list[int], pensions: dict[tuple[YearMonth, str], int]) -> None:
    """2c. months whose social-pension line was listed at an amount lower than the pension now in force for
    them (540.000 đ from 07/2026, known after the month was frozen): the difference, as 2b for the rate."""
    rows = [(listed, province, amount) for (listed, province), amount in pensions.items() if listed < month]
    if not rows or not payrolls:
        return
    m, ids = date_literal(month.first_day), id_list(payrolls)
    values = ", ".join(f"({date_literal(listed.first_day)}, '{province}', {int(a)})" for listed, province, a in rows)
    difference = f"""CAST(ROUND(e.coefficient * ps.amount) AS BIGINT) - l.regular_amount - COALESCE((
                   SELECT SUM(x.amount) FROM payments_arrearsmonth x WHERE x.entitlement_id = e.id
                   AND x.month = l.month AND x.payroll_id NOT IN ({ids})), 0)"""
    execute(
        f"""
        WITH pensions(month, province, amount) AS (VALUES {values})
        INSERT INTO payments_arrearsmonth
            (payroll_id, line_id, entitlement_id, person_id, category_code, month, rate, amount, reason)
        SELECT pm.id, NULL, e.id, e.person_id, e.category_code, l.month, ps.amount, {difference}, 'rate_change'
        FROM payments_payrollmonth old
        JOIN payments_payrollmonth pm ON pm.commune_id = old.commune_id AND pm.id IN ({ids})
        JOIN payments_payrollline l ON l.payroll_id = old.id AND l.kind = 'regular'
        JOIN pensions ps ON ps.month = l.month AND ps.province = l.province_code
        JOIN cases_entitlement e ON e.id = l.entitlement_id
        JOIN registry_person p ON p.id = e.person_id
        WHERE old.month < {m} AND {is_pension_sql("l.category_code")} AND l.rate < ps.amount
          AND e.coefficient IS NOT NULL AND {payable_sql("l.month")} AND {difference} > 0
        """
    )


def insert_arrears_lines(month: YearMonth, payrolls: list[int]) -> int:
    m, last = date_literal(month.first_day), date_literal(month.last_day)
    ids = id_list(payrolls)
    inserted = execute(
        f"""
        INSERT INTO payments_payrollline ({LINE_COLUMNS})
        SELECT pm.id, {m}, pm.commune_id, pm.province_code, x.person_id, x.entitlement_id, 'arrears',
               x.category_code, e.coefficient, x.rate, x.first_month, x.last_month, x.months, 0, x.amount, 0,
               x.amount, {PAYEE_COLUMNS},
               CASE WHEN x.rate_change > 0 THEN 'Truy lĩnh chênh lệch mức chuẩn' ELSE 'Truy lĩnh' END,
               {LINE_TAIL}
        FROM (
            SELECT am.person_id, am.category_code, MAX(am.entitlement_id) AS entitlement_id,
                   MAX(am.payroll_id) AS payroll_id, MAX(am.rate) AS rate, MIN(am.month) AS first_month,
                   MAX(am.month) AS last_month, COUNT(DISTINCT am.month) AS months, SUM(am.amount) AS amount,
                   SUM(CASE WHEN am.reason = 'rate_change' THEN 1 ELSE 0 END) AS rate_change
            FROM payments_arrearsmonth am WHERE am.payroll_id IN ({ids})
            GROUP BY am.person_id, am.category_code
        ) AS x
        JOIN payments_payrollmonth pm ON pm.id = x.payroll_id
        JOIN cases_entitlement e ON e.id = x.entitlement_id
        JOIN registry_person p ON p.id = x.person_id
        {payee_joins("p", m, last)}
        WHERE x.amount > 0
        """
    )
    execute(
        f"""
        UPDATE payments_arrearsmonth SET line_id = (
            SELECT l.id FROM payments_payrollline l WHERE l.month = {m} AND l.kind = 'arrears'
               AND l.person_id = payments_arrearsmonth.person_id
               AND l.category_code = payments_arrearsmonth.category_code)
        WHERE payroll_id IN ({ids})
        """
    )
    return inserted


def insert_carried(month: YearMonth, payrolls: list[int]) -> int:
    m, last = date_literal(month.first_day), date_literal(month.last_day)
    prev = date_literal(month.add(-1).first_day)
    return execute(
        f"""
        INSERT INTO payments_payrollline ({LINE_COLUMNS})
        SELECT x.payroll_id, {m}, x.commune_id, x.province_code, x.person_id, x.entitlement_id, 'carried',
               x.category_code, NULL, 0, x.first_month, x.last_month, x.months, 0, x.amount, 0, x.amount,
               {PAYEE_COLUMNS}, 'Chưa nhận tháng trước', {LINE_TAIL}
        FROM (
            SELECT pm.id AS payroll_id, pm.commune_id, l.province_code, l.person_id, l.category_code,
                   MAX(COALESCE(s.id, l.entitlement_id)) AS entitlement_id, MIN(l.covered_from) AS first_month,
                   MAX(l.covered_to) AS last_month, SUM(l.months_covered) AS months, SUM(l.total) AS amount
            FROM payments_payrollline l
            LEFT JOIN cases_entitlement s ON s.carried_from_id = l.entitlement_id
            JOIN payments_payrollmonth pm ON pm.commune_id = COALESCE(s.commune_id, l.commune_id)
            WHERE pm.id IN ({id_list(payrolls)}) AND l.month = {prev} AND l.paid_on IS NULL
              AND l.not_paid_reason <> '' AND l.total > 0
            GROUP BY pm.id, pm.commune_id, l.province_code, l.person_id, l.category_code
        ) AS x
        JOIN registry_person p ON p.id = x.person_id
        {payee_joins("p", m, last)}
        """
    )


def insert_funerals(month: YearMonth, payrolls: list[int]) -> int:
    """One-off supports approved by a signed decision, paid to the payee it names: funeral support
    (NĐ 20/2021 Art 11) and cremation support (NQ 17/2019/NQ-HĐND Bắc Giang), one line per support
    (kind and category code = the support's kind), in one statement."""
    m = date_literal(month.first_day)
    kinds = ", ".join(f"'{kind}'" for kind in ONE_OFF_LINE_KINDS)
    return execute(
        f"""
        INSERT INTO payments_payrollline ({LINE_COLUMNS}, one_off_id)
        SELECT pm.id, {m}, o.commune_id, o.province_code, o.person_id, NULL, o.kind, o.kind, NULL, 0,
               {m}, {m}, 1, 0, o.amount, 0, o.amount, 'named', o.payee_name,
               TRIM(o.payee_relation || ' ' || COALESCE(o.payee_citizen_id, '')), NULL,
               CASE o.kind WHEN 'cremation' THEN 'Hỗ trợ hỏa táng' ELSE 'Hỗ trợ mai táng' END,
               {LINE_TAIL}, o.id
        FROM cases_oneoffsupport o
        JOIN cases_decision d ON d.id = o.decision_id
        JOIN payments_payrollmonth pm ON pm.commune_id = o.commune_id
        WHERE pm.id IN ({id_list(payrolls)}) AND o.payable_month = {m} AND o.kind IN ({kinds})
          AND d.status = 'signed' AND o.amount > 0
        """
    )


def apply_offsets(month: YearMonth, payrolls: list[int]) -> int:
    """Deduct open recoveries from one regular line of the debtor-beneficiary, where the district
    chose offsetting. The movements are written when the list is approved (actions.payroll_approve)."""
    m = date_literal(month.first_day)
    offset = """
        SELECT CASE WHEN SUM(r.balance) < payments_payrollline.regular_amount THEN SUM(r.balance)
                    ELSE payments_payrollline.regular_amount END
        FROM payments_recovery r WHERE r.person_id = payments_payrollline.person_id AND r.status = 'open'"""
    return execute(
        f"""
        UPDATE payments_payrollline SET recovery_amount = ({offset}),
            total = CASE WHEN ({offset}) > 0
                THEN payments_payrollline.regular_amount + payments_payrollline.arrears_amount - ({offset})
                ELSE payments_payrollline.total END
        WHERE payroll_id IN ({id_list(payrolls)}) AND kind = 'regular' AND regular_amount > 0
          AND person_id IN (SELECT person_id FROM payments_recovery WHERE status = 'open' AND balance > 0)
          AND category_code = (SELECT MIN(l2.category_code) FROM payments_payrollline l2
                               WHERE l2.month = {m} AND l2.kind = 'regular'
                                 AND l2.person_id = payments_payrollline.person_id)
          AND commune_id IN (
              SELECT c.id FROM territory_administrativeunit c
              JOIN payments_offsetsetting o ON o.district_id = c.parent_id
              WHERE o.offset_recoveries = TRUE)
        """
    )


def finish_totals(payrolls: list[int], now: datetime) -> None:
    """Count and sum the lines of each list: one grouped pass over the new lines (every line's total
    is written with it: regular_amount + arrears_amount − recovery_amount, apply_offsets included)."""
    ids = id_list(payrolls)
    execute(
        f"""
        UPDATE payments_payrollmonth SET line_count = t.lines, total = t.total
        FROM (SELECT pm.id, COUNT(l.id) AS lines, COALESCE(SUM(l.total), 0) AS total
              FROM payments_payrollmonth pm LEFT JOIN payments_payrollline l ON l.payroll_id = pm.id
              WHERE pm.id IN ({ids}) GROUP BY pm.id) AS t
        WHERE payments_payrollmonth.id = t.id
        """
    )


def half_year_of(month: date) -> date:
    """The first day (01/01 or 01/07) of the half-year a month lies in: the reporting period of forms
    10a–10d (TT 02/2021 Art 6)."""
    return date(month.year, 1 if month.month <= 6 else 7, 1)


def add_to_half_year_money(payroll: int, month: date) -> None:
    """Add an approved list's lines to the half-year money of their entitlements (`HalfYearMoney`) and
    mark the list summed. Called once per list, when it is approved (a second approval changes nothing);
    funeral and cremation lines carry no entitlement and are not added."""
    execute(
        f"""INSERT INTO payments_halfyearmoney (half, entitlement_id, amount)
            SELECT {date_literal(half_year_of(month))}, l.entitlement_id, SUM(l.total) FROM payments_payrollline l
            WHERE l.payroll_id = {int(payroll)} AND l.entitlement_id IS NOT NULL
            GROUP BY l.entitlement_id
            ON CONFLICT (half, entitlement_id) DO UPDATE SET amount = payments_halfyearmoney.amount + excluded.amount"""
    )
    execute(f"UPDATE payments_payrollmonth SET summed = TRUE WHERE id = {int(payroll)}")


def count_without_coefficient(month: YearMonth, communes: list[int]) -> int:
    """Entitlements payable in M that have no coefficient (old paper decisions): left off the list
    until a decision or the register states it (the amount would be a guess)."""
    m = date_literal(month.first_day)
    rows = fetch(
        f"""SELECT COUNT(*) FROM cases_entitlement e WHERE e.coefficient IS NULL AND e.start_month <= {m}
            AND (e.end_month IS NULL OR e.end_month > {m}) AND e.commune_id IN ({id_list(communes)})"""
    )
    return int(rows[0][0])


def insert_recoveries(commune_ids: list[int] | None, person_id: int | None, now: datetime) -> int:
    """One recovery per paid regular line whose month is no longer payable (death, missing, stop or
    move effective earlier; domain.md §8 "Overpayment"). Who owes: whoever collected the money.

    The lines are found from the few entitlements that ended and the few people dead or missing
    (a partial index on each: cases_entitlement_ended, registry_person_not_alive), not by reading
    every entitlement and person of the scope; a line found both ways is counted once (UNION)."""
    conditions = []
    if commune_ids is not None:
        conditions.append(f"e.commune_id IN ({id_list(commune_ids)})")
    if person_id is not None:
        conditions.append(f"e.person_id = {int(person_id)}")
    scope = ("AND " + " AND ".join(conditions)) if conditions else ""
    paid_regular = "l.kind = 'regular' AND l.paid_on IS NOT NULL AND l.regular_amount > 0"
    after_the_end = f"""
        SELECT l.id FROM cases_entitlement e
        JOIN payments_payrollline l ON l.entitlement_id = e.id AND l.month >= e.end_month
        WHERE e.end_month IS NOT NULL AND {paid_regular} {scope}"""
    after_death_or_missing = f"""
        SELECT l.id FROM registry_person p
        JOIN cases_entitlement e ON e.person_id = p.id
        JOIN payments_payrollline l ON l.entitlement_id = e.id
        WHERE p.life_status IN ('dead', 'missing') AND {paid_regular} {scope}
          AND ((p.life_status = 'dead' AND p.death_date < l.month)
               OR (p.life_status = 'missing' AND p.missing_on IS NOT NULL AND p.missing_on < l.month))"""
    return execute(
        f"""
        INSERT INTO payments_recovery (person_id, entitlement_id, line_id, month, amount, balance, reason,
            debtor_name, debtor_relation, collector_name, collector_kind, status, commune_id, province_code,
            detected_at)
        SELECT l.person_id, l.entitlement_id, l.id, l.month, l.regular_amount, l.regular_amount,
               CASE WHEN p.life_status = 'dead' AND p.death_date < l.month
                        THEN 'Người hưởng đã chết trước tháng đã chi (thôi hưởng từ tháng sau tháng chết)'
                    WHEN p.life_status = 'missing' AND p.missing_on < l.month
                        THEN 'Người hưởng bị tuyên bố mất tích trước tháng đã chi'
                    WHEN d.kind = 'move' THEN 'Đã chuyển nơi hưởng trước tháng đã chi'
                    ELSE 'Đã thôi hưởng trước tháng đã chi' END,
               CASE WHEN {IN_PERSON_AFTER_DEATH} THEN %(payer)s ELSE l.paid_to_name END,
               CASE WHEN {IN_PERSON_AFTER_DEATH} THEN %(payer_relation)s
                    WHEN l.paid_to_kind = 'guardian' THEN 'Người giám hộ'
                    WHEN l.paid_to_kind = 'authorised' THEN 'Người được ủy quyền'
                    WHEN l.paid_to_kind = 'beneficiary' THEN 'Người hưởng' ELSE 'Người đã nhận tiền' END,
               CASE WHEN {IN_PERSON_AFTER_DEATH} THEN %(unknown)s ELSE l.paid_to_name END,
               CASE WHEN {IN_PERSON_AFTER_DEATH} THEN '' ELSE l.paid_to_kind END,
               'open', l.commune_id, l.province_code, %(now)s
        FROM ({after_the_end} UNION {after_death_or_missing}) AS not_due
        JOIN payments_payrollline l ON l.id = not_due.id
        JOIN cases_entitlement e ON e.id = l.entitlement_id
        JOIN registry_person p ON p.id = e.person_id
        LEFT JOIN cases_decision d ON d.id = e.ended_by_id
        WHERE NOT EXISTS (SELECT 1 FROM payments_recovery r WHERE r.line_id = l.id)
        """,
        {"now": now, **PAYER_OWES},
    )


# A payment "in person" dated after the beneficiary's recorded death or declared disappearance (issue
# 12): whoever signed took the money under the dead person's name. The recovery never names the
# deceased: it is owed by the paying organisation, which certified the payment in person and alone
# can find who collected.
IN_PERSON_AFTER_DEATH = """(l.paid_on IS NOT NULL AND l.paid_to_kind = 'beneficiary'
    AND l.kind NOT IN ('funeral', 'cremation')
    AND ((p.life_status = 'dead' AND l.paid_on > p.death_date)
         OR (p.life_status = 'missing' AND p.missing_on IS NOT NULL AND l.paid_on > p.missing_on)))"""
PAYER_OWES = {
    "payer": "Tổ chức dịch vụ chi trả (bưu điện)",
    "payer_relation": "Đơn vị chi trả đã xác nhận chi tận tay",
    "unknown": "Chưa xác định (ký nhận dưới tên người hưởng)",
}


def insert_death_recoveries(line_ids: Iterable[int], now: datetime) -> int:
    """One recovery of the whole amount handed over for each of `line_ids` paid "in person" after the
    death or the declared disappearance (any month: the dead cannot collect even the month of their
    death), unless the line already has one."""
    ids = list(line_ids)
    if not ids:
        return 0
    return execute(
        f"""
        INSERT INTO payments_recovery (person_id, entitlement_id, line_id, month, amount, balance, reason,
            debtor_name, debtor_relation, collector_name, collector_kind, status, commune_id, province_code,
            detected_at)
        SELECT l.person_id, l.entitlement_id, l.id, l.month, l.total, l.total,
               CASE WHEN p.life_status = 'dead' THEN 'Ghi chi tận tay cho người hưởng sau ngày chết'
                    ELSE 'Ghi chi tận tay cho người hưởng sau ngày bị tuyên bố mất tích' END,
               %(payer)s, %(payer_relation)s, %(unknown)s, '', 'open', l.commune_id, l.province_code, %(now)s
        FROM payments_payrollline l
        JOIN registry_person p ON p.id = l.person_id
        WHERE l.id IN ({id_list(ids)}) AND l.total > 0 AND {IN_PERSON_AFTER_DEATH}
          AND NOT EXISTS (SELECT 1 FROM payments_recovery r WHERE r.line_id = l.id)
        """,
        {"now": now, **PAYER_OWES},
    )
