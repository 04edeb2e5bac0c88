"""Periodic review (cases/review.py) of one district: `review_month` over its communes and the home page's
to-do count (`differences_count`, run on each load of the home page). The district payroll month is timed by
bench/payroll.py (docs/benchmarks.md "District month").

BENCH_DATABASE_URL=postgres://postgres@localhost:5432/ansinh_reviewbench .venv/bin/python bench/review.py [N]
BENCH_REVIEW_NATIONAL=1 BENCH_DATABASE_URL=…/ansinh_reviewbench1m .venv/bin/python bench/review.py 1000000

The second form is the issue's national measure (`national`): 1,000,000 entitlements seeded the same way (in the
district's communes), the payroll generation of 08/2024 over every commune and the review of the same month timed
one after the other in the same run, twice.

Seeds N people (default 10,000) in the communes of Lục Nam (district 218 of the reference data) with full birth
dates spread over 1930–2020, one entitlement each decided on 07/2021 with the coefficient of that time (so the
people who crossed an age threshold since differ: the issue's drift), the register facts their category reads
(support for 5.1/5.5a, a disability certificate for 5.6, income for 5.5c), 1 % dead without a stop decision, and
the poor list of half the 5.5a households for 2024. Then times, warm (best of 3 after one run): the review of
08/2024 and of 12/2026 (5.5c ended) and the home page's count for a district officer.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable

os.environ.setdefault("BENCH_DATABASE_URL", "postgres://postgres@localhost:5432/ansinh_reviewbench")

from common import record, setup_django

setup_django()

from django.db import connection  # noqa: E402

from ansinh.accounts.models import Office, RoleGrant, User  # noqa: E402
from ansinh.cases.review import differences_count, review_month  # noqa: E402
from ansinh.core.access import Role  # noqa: E402
from ansinh.core.months import YearMonth  # noqa: E402
from ansinh.territory.models import AdministrativeUnit  # noqa: E402

DISTRICT_OFFICE = "ldtbxh-218"
RUNS = 3


def sql(statement: str, params: dict[str, object] | None = None) -> int:
    with connection.cursor() as cursor:
        cursor.execute(statement, params or {})
        return cursor.rowcount


def scalar(statement: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(statement)
        return int(cursor.fetchone()[0])


def district_communes() -> list[int]:
    office = Office.objects.get(code=DISTRICT_OFFICE)
    return list(AdministrativeUnit.objects.filter(parent_id=office.territory_id).values_list("pk", flat=True))


def seed(size: int, communes: list[int]) -> float:
    started = time.perf_counter()
    if scalar("SELECT count(*) FROM cases_entitlement") >= size:
        return 0.0
    sql("SELECT setseed(0.14)")
    sql(
        """
        INSERT INTO registry_person (full_name, full_name_folded, birth_date, birth_year, sex, ethnicity,
            old_id_number, phone, commune_id, province_code, address, life_status, life_status_source,
            death_date, created_at, updated_at, citizen_id, guardian_relation)
        SELECT 'Người rà soát ' || g, 'nguoi ra soat ' || g, b, EXTRACT(YEAR FROM b)::int,
               CASE WHEN g %% 2 = 0 THEN 'male' ELSE 'female' END, '01', '', '',
               (%(communes)s::bigint[])[1 + g %% %(n)s], '24', '',
               CASE WHEN g %% 100 = 0 THEN 'dead' ELSE 'alive' END, '',
               CASE WHEN g %% 100 = 0 THEN DATE '2024-03-15' END, now(), now(),
               lpad((24100000000 + g)::text, 12, '0'), ''
        FROM (SELECT g, DATE '1930-01-01' + (random() * 32870)::int AS b FROM generate_series(1, %(size)s) g) s
        """,
        {"communes": communes, "n": len(communes), "size": size},
    )
    sql(
        """
        INSERT INTO cases_decision (kind, number, issued_on, signer_name, legal_basis, effective_month, status,
            title, body, scan, scan_name, recorded_from_paper, commune_id, province_code, created_at)
        SELECT 'grant', 'review-bench-' || c, DATE '2021-07-01', '', 'bench', DATE '2021-07-01', 'signed', '', '',
               '', '', TRUE, c, '24', now()
        FROM unnest(%(communes)s::bigint[]) AS c
        """,
        {"communes": communes},
    )
    # The category and coefficient each person had in 07/2021 (age on 31/07/2021).
    sql(
        """
        INSERT INTO cases_entitlement (person_id, category_code, coefficient, start_month, granted_by_id,
            commune_id, province_code)
        SELECT p.id,
               CASE WHEN a.y < 16 THEN '5.1' WHEN a.y < 60 THEN '5.6' WHEN a.y < 80 OR p.id %% 2 = 0 THEN '5.5a'
                    ELSE '5.5c' END,
               CASE WHEN a.y < 4 THEN 2.5 WHEN a.y < 16 THEN 1.5 WHEN a.y < 60 THEN 2.0 WHEN a.y < 80 THEN 1.5
                    WHEN p.id %% 2 = 0 THEN 2.0 ELSE 1.0 END,
               DATE '2021-07-01', d.id, p.commune_id, '24'
        FROM registry_person p
        JOIN cases_decision d ON d.number = 'review-bench-' || p.commune_id
        CROSS JOIN LATERAL (SELECT EXTRACT(YEAR FROM age(DATE '2021-07-31', p.birth_date))::int AS y) a
        WHERE p.full_name LIKE 'Người rà soát %%'
        """
    )
    facts = {
        "support": ('{"without_support": true}', "'5.1'"),
        "support_elderly": ('{"no_supporter": true}', "'5.5a'"),
        "disability": ('{"level": "especially_severe", "certificate_date": "2021-06-01"}', "'5.6'"),
        "income": ('{"pension": false}', "'5.5c'"),
    }
    for kind, (value, category) in facts.items():
        sql(
            f"""
            INSERT INTO registry_personfact (person_id, kind, value, effective_from, source, recorded_at)
            SELECT e.person_id, '{kind.split("_")[0]}', '{value}'::jsonb, DATE '2021-06-01', 'bench', now()
            FROM cases_entitlement e WHERE e.category_code = {category}
            """
        )
    sql(
        """
        INSERT INTO registry_household (commune_id, code, address)
        SELECT p.commune_id, 'RB' || p.id, '' FROM cases_entitlement e
        JOIN registry_person p ON p.id = e.person_id WHERE e.category_code = '5.5a'
        """
    )
    sql(
        """
        INSERT INTO registry_householdmember (household_id, person_id, relationship, valid_from)
        SELECT h.id, CAST(substr(h.code, 3) AS bigint), 'head', DATE '2021-07-01'
        FROM registry_household h WHERE h.code LIKE 'RB%%'
        """
    )
    sql(
        """
        INSERT INTO registry_householdpoverty (household_id, year, status, source)
        SELECT h.id, 2024, 'poor', 'bench' FROM registry_household h WHERE h.code LIKE 'RB%%' AND h.id %% 2 = 0
        """
    )
    sql("ANALYZE")
    return time.perf_counter() - started


def officer() -> User:
    user, created = User.objects.get_or_create(
        username="bench.review", defaults={"full_name": "bench", "office": Office.objects.get(code=DISTRICT_OFFICE)}
    )
    if created:
        RoleGrant.objects.create(user=user, role=Role.OFFICER)
    return user


def best_of(call: Callable[[], object]) -> tuple[float, float, float, object]:
    """(first run, best of RUNS warm runs, best CPU time of this process over the warm runs, result) in seconds.
    The CPU time is this Python process's only (not PostgreSQL's): on a shared machine it moves less than the
    wall time."""
    started = time.perf_counter()
    result = call()
    first = time.perf_counter() - started
    times, cpu = [], []
    for _ in range(RUNS):
        started, started_cpu = time.perf_counter(), time.process_time()
        result = call()
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    return first, min(times), min(cpu), result


def main(size: int) -> None:
    communes = district_communes()
    seeded = seed(size, communes)
    user = officer()
    people = scalar("SELECT count(*) FROM cases_entitlement")
    lines = [
        f"{people:,} entitlements in {len(communes)} communes of district 218 (seeded in {seeded:.1f} s; "
        f"load average {os.getloadavg()[0]:.2f}).",
        "",
        "| what | first run | best of 3 | CPU (Python, best of 3) | result |",
        "| --- | --- | --- | --- | --- |",
    ]
    for month in (YearMonth(2024, 8), YearMonth(2026, 12)):
        first, best, cpu, review = best_of(lambda month=month: review_month(month, communes))
        lines.append(
            f"| review_month {month} (district) | {first:.2f} s | {best:.2f} s | {cpu:.2f} s | "
            f"{review.candidates:,} candidates, {len(review.differences):,} differences, {len(review.gaps):,} gaps |"
        )
        print(lines[-1], flush=True)
        first, best, cpu, count = best_of(lambda month=month: differences_count(actor=user, month=month))
        lines.append(
            f"| home to-do count {month} (district officer; first computes, then cached) | {first:.2f} s "
            f"| {best:.2f} s | {cpu:.2f} s | {count:,} |"
        )
        print(lines[-1], flush=True)
    record("Periodic review, one district (PostgreSQL)", lines)


def timed(call: Callable[[], object]) -> tuple[float, float, object]:
    """(wall seconds, CPU seconds of this Python process, result)."""
    started, started_cpu = time.perf_counter(), time.process_time()
    result = call()
    return time.perf_counter() - started, time.process_time() - started_cpu, result


def national(size: int) -> None:
    """The issue's measure: the review of one month for `size` entitlements (1,000,000), timed beside the payroll
    generation of the same month in the same run (goal: at most 1.5× the payroll). Payroll, review, then both
    again (the second pair warm), so that the machine's load moving during the run shows."""
    from ansinh.payments.actions import payroll_generate

    communes = district_communes()
    load_at_start = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    seeded = seed(size, communes)
    sql(
        "TRUNCATE payments_recoverymovement, payments_recovery, payments_arrearsmonth, payments_servicefeedback, "
        "payments_payrollline, payments_payrollmonth CASCADE"  # and what refers to them (outreach feedback)
    )
    sql("VACUUM (ANALYZE)")
    people = scalar("SELECT count(*) FROM cases_entitlement")
    month = YearMonth(2024, 8)
    lines = [
        f"{people:,} entitlements in {len(communes)} communes (seeded in {seeded:.1f} s), month {month}; load "
        f"average (1 / 5 / 15 min) at start {load_at_start} on {os.cpu_count()} cores (shared machine).",
        "",
        "| run | payroll_generate (all communes) | review_month (all communes) | review ÷ payroll | review result |",
        "| --- | --- | --- | --- | --- |",
    ]
    for run in ("first", "second"):
        pay_wall, pay_cpu, generated = timed(lambda: payroll_generate(actor=None, month=month))
        print(f"payroll {run}: {pay_wall:.1f} s ({generated.lines:,} lines)", flush=True)  # type: ignore[attr-defined]
        review_wall, review_cpu, review = timed(lambda: review_month(month, None))
        print(f"review {run}: {review_wall:.1f} s", flush=True)
        lines.append(
            f"| {run} | {pay_wall:.1f} s (CPU Python {pay_cpu:.1f} s), {generated.lines:,} lines "  # type: ignore[attr-defined]
            f"| {review_wall:.1f} s (CPU Python {review_cpu:.1f} s) | **{review_wall / pay_wall:.2f}×** "
            f"| {review.candidates:,} candidates, {len(review.differences):,} differences, "  # type: ignore[attr-defined]
            f"{len(review.gaps):,} gaps |"  # type: ignore[attr-defined]
        )
        print(lines[-1], flush=True)
    lines.append("")
    lines.append("load average at end: " + ", ".join(f"{value:.2f}" for value in os.getloadavg()))
    record("Periodic review beside payroll, 1,000,000 entitlements (PostgreSQL)", lines)


if __name__ == "__main__":
    if os.environ.get("BENCH_REVIEW_NATIONAL"):
        national(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
    else:
        main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
