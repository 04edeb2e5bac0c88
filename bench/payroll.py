"""Monthly payroll at national scale: one month for N beneficiaries (default 1,000,000) on PostgreSQL,
timed beside a bare INSERT … SELECT writing the same number of lines in the same run, and a
district month.

BENCH_DATABASE_URL=postgres://postgres@localhost:5432/ansinh_paybench .venv/bin/python bench/payroll.py [N]
BENCH_DISTRICT_ONLY=1 [BENCH_DISTRICTS=910,911,912] … bench/payroll.py   # only the district months, printed

Steps: seed N people (registry_search.fill) and one entitlement each (INSERT … SELECT), with 1%
authorisations and 0.5% guardians; generate 2024-06 (first list: every commune), freeze it and mark
it paid with 2% unpaid (set-based UPDATEs standing in for the post office); then time 2024-07 (the
NĐ 76/2024 rate change, carried lines, arrears checks), its regeneration (goal: ≤ 1.5× the first
generation of the month), the bare INSERT … SELECT bound (in a transaction with the generation's own
session settings, `payroll.set_generation_session`), then VACUUM (ANALYZE) of the tables read (what autovacuum does after such runs) and the district
months through the action a labour officer calls: district 900 first (its pages not read since the
national runs: "cold"), then a few other districts once each (cold), then district 900 again (warm).
BENCH_DISTRICT_ONLY=1 skips the national steps (the database must hold July's lists) and only prints.
"""

from __future__ import annotations

import os
import sys
import time

os.environ.setdefault("BENCH_DATABASE_URL", "postgres://postgres@localhost:5432/ansinh_paybench")

from common import record, setup_django

setup_django()

from django.db import connection, transaction  # noqa: E402

from ansinh.accounts.models import Office, RoleGrant, User  # noqa: E402
from ansinh.core.access import OfficeKind, Role  # noqa: E402
from ansinh.core.months import YearMonth  # noqa: E402
from ansinh.payments.actions import payroll_generate  # noqa: E402
from ansinh.payments.payroll import GenerationResult, set_generation_session  # noqa: E402
from ansinh.territory.models import AdministrativeUnit  # noqa: E402

JUNE, JULY = YearMonth(2024, 6), YearMonth(2024, 7)
# district codes of registry_search's synthetic province: the first is timed cold then warm, the
# others once each (their pages are cold too); BENCH_DISTRICTS=910,911,… picks unread ones
DISTRICT, *OTHER_DISTRICTS = os.environ.get("BENCH_DISTRICTS", "900,901,902,903").split(",")
WARM_RUNS = 3


def sql(statement: str, params: list[object] | None = None) -> int:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.rowcount


def scalar(statement: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(statement)
        return int(cursor.fetchone()[0])


def seed(size: int) -> float:
    from registry_search import fill  # the register benchmark's 1,000,000 people over 1,033 communes

    started = time.perf_counter()
    sql("CREATE EXTENSION IF NOT EXISTS unaccent")
    sql("SELECT setseed(0.218)")
    fill(size)
    if scalar("SELECT count(*) FROM cases_entitlement") < size:
        clear_payroll()
        sql("DELETE FROM payments_authorisation")
        sql("DELETE FROM cases_entitlement")
        sql(
            """
            INSERT INTO cases_decision (kind, number, issued_on, signer_name, legal_basis, effective_month,
                status, title, body, scan, scan_name, recorded_from_paper, commune_id, province_code, created_at)
            SELECT 'grant', 'bench-' || c.commune_id, DATE '2021-07-01', '', 'bench', DATE '2021-07-01', 'signed',
                   '', '', '', '', TRUE, c.commune_id, '24', now()
            FROM (SELECT DISTINCT commune_id FROM registry_person) AS c
            WHERE NOT EXISTS (SELECT 1 FROM cases_decision d WHERE d.number = 'bench-' || c.commune_id)
            """
        )
        sql(
            """
            INSERT INTO cases_entitlement (person_id, category_code, coefficient, start_month, granted_by_id,
                commune_id, province_code)
            SELECT p.id, (ARRAY['5.5a', '5.6', '5.5a', '5.1', '5.8'])[1 + p.id % 5],
                   (ARRAY[1.5, 2.0, 2.5, 1.5, 1.5])[1 + p.id % 5], DATE '2021-07-01', d.id, p.commune_id, '24'
            FROM registry_person p JOIN cases_decision d ON d.number = 'bench-' || p.commune_id
            """
        )
        sql("UPDATE registry_person SET guardian_id = id - 1 WHERE id % 200 = 0")
        sql(
            """
            INSERT INTO payments_authorisation (person_id, authorised_name, authorised_citizen_id, relation,
                valid_from, valid_to, reference, scan, revoked_reason, commune_id, province_code, created_at)
            SELECT id, 'Người được ủy quyền ' || id, '', 'Con', DATE '2024-01-01', DATE '2024-12-31',
                   'GUQ ' || id, '', '', commune_id, '24', now()
            FROM registry_person WHERE id % 100 = 7
            """
        )
        sql("ANALYZE")
    return time.perf_counter() - started


def clear_payroll() -> None:
    sql(
        "TRUNCATE payments_recoverymovement, payments_recovery, payments_arrearsmonth, payments_servicefeedback, "
        "payments_payrollline, payments_payrollmonth"
    )


def freeze_and_pay(month: YearMonth) -> None:
    """What approval, sending and the post office's results do, set-based (2% not paid)."""
    first = month.first_day
    sql(
        "UPDATE payments_payrollmonth SET status = 'reported', approved_at = now(), sent_at = now() WHERE month = %s",
        [first],
    )
    sql(
        """UPDATE payments_payrollline SET
             paid_on = CASE WHEN person_id %% 50 = 3 THEN NULL ELSE month + 4 END,
             paid_to_name = CASE WHEN person_id %% 50 = 3 THEN '' ELSE payee_name END,
             paid_to_kind = CASE WHEN person_id %% 50 = 3 THEN '' ELSE payee_kind END,
             not_paid_reason = CASE WHEN person_id %% 50 = 3 THEN 'Vắng nhà' ELSE '' END
           WHERE month = %s""",
        [first],
    )
    sql("ANALYZE payments_payrollline")
    sql("ANALYZE payments_payrollmonth")


def bare_insert(month: YearMonth) -> tuple[float, int, str]:
    """The bound: the same number of lines written by one plain INSERT … SELECT (the amount computed,
    no payee, no eligibility checks) into a table shaped like the lines table (same indexes), in a
    transaction with the generation's own session settings (`set_generation_session`: its work_mem)."""
    sql("DROP TABLE IF EXISTS bench_bare_lines")
    with transaction.atomic():
        set_generation_session()
        with connection.cursor() as cursor:
            cursor.execute("SHOW work_mem")
            work_mem = str(cursor.fetchone()[0])
        # a logged table like the lines table (same columns, indexes and constraints), as it is: empty
        sql("CREATE TABLE bench_bare_lines (LIKE payments_payrollline INCLUDING ALL)")
        started = time.perf_counter()
        rows = sql(
            f"""
            INSERT INTO bench_bare_lines (payroll_id, month, commune_id, province_code, person_id, entitlement_id, kind,
                category_code, coefficient, rate, covered_from, covered_to, months_covered, regular_amount,
                arrears_amount, recovery_amount, total, payee_kind, payee_name, payee_reference, note,
                paid_to_name, paid_to_kind, not_paid_reason, violation, violation_reason)
            SELECT pm.id, pm.month, e.commune_id, e.province_code, e.person_id, e.id, 'regular', e.category_code,
                   e.coefficient, pm.rate, pm.month, pm.month, 1, ROUND(e.coefficient * pm.rate),
                   0, 0, ROUND(e.coefficient * pm.rate), 'beneficiary', p.full_name, '', '', '', '', '', FALSE, ''
            FROM cases_entitlement e
            JOIN registry_person p ON p.id = e.person_id
            JOIN payments_payrollmonth pm ON pm.commune_id = e.commune_id AND pm.month = DATE '{month.first_day}'
            """
        )
        seconds = time.perf_counter() - started
    sql("DROP TABLE bench_bare_lines")
    return seconds, rows, work_mem


def district_actor(code: str) -> User:
    district = AdministrativeUnit.objects.filter(code=code).first()
    assert district is not None
    office, _ = Office.objects.get_or_create(
        code=f"bench-ldtbxh-{code}",
        defaults={"name": f"Phòng LĐTBXH {code}", "kind": OfficeKind.LABOUR_OFFICE, "territory": district},
    )
    user, created = User.objects.get_or_create(
        username=f"bench.ld.{code}", defaults={"full_name": "bench", "office": office}
    )
    if created:
        RoleGrant.objects.create(user=user, role=Role.OFFICER)
    return user


def timed(call: object) -> tuple[float, object]:
    started = time.perf_counter()
    result = call()  # type: ignore[operator]
    return time.perf_counter() - started, result


def load_average() -> str:
    """The 1, 5 and 15 minute load averages (the machine has 2 cores and is shared)."""
    return " / ".join(f"{value:.2f}" for value in os.getloadavg())


VACUUMED = (
    "payments_payrollline",
    "payments_arrearsmonth",
    "payments_payrollmonth",
    "payments_authorisation",
    "cases_entitlement",
    "registry_person",
)


def vacuum_tables() -> float:
    """VACUUM (ANALYZE) after the national runs, as autovacuum would (it is off on the benchmark
    machine's server): the regenerated drafts' dead tuples are reclaimed and the visibility maps set,
    so that index-only scans read no heap (outside any transaction; the seeded tables' pages are
    skipped once all visible)."""
    started = time.perf_counter()
    for table in VACUUMED:
        sql(f"VACUUM (ANALYZE) {table}")
    sql("CHECKPOINT")  # the vacuum's writes are flushed before the timings, not during them
    return time.perf_counter() - started


def district_people(code: str) -> int:
    return scalar(
        "SELECT count(*) FROM cases_entitlement e JOIN territory_administrativeunit c ON c.id = e.commune_id "
        f"JOIN territory_administrativeunit d ON d.id = c.parent_id WHERE d.code = '{code}'"
    )


def district_month(code: str) -> tuple[float, GenerationResult]:
    officer = district_actor(code)
    started = time.perf_counter()
    result = payroll_generate(actor=officer, month=JULY)
    return time.perf_counter() - started, result


def district_months() -> list[str]:
    """District 900 cold (first after the national runs), other districts once each (cold), then
    district 900 again (warm); every run commits, as the labour officer's action does."""
    people = district_people(DISTRICT)
    cold_seconds, cold = district_month(DISTRICT)
    others = [(code, *district_month(code)) for code in OTHER_DISTRICTS]
    warm = [district_month(DISTRICT) for _ in range(WARM_RUNS)]
    lines = [
        f"**district month (district {DISTRICT}, {people:,} beneficiaries, labour officer's action): "
        f"{cold_seconds:.2f} s**, {cold.lines:,} lines (goal 6,000 in < 2 s); stages {cold.timings}",
        "other districts, once each (cold): "
        + ", ".join(f"{code}: {seconds:.2f} s ({result.lines:,} lines)" for code, seconds, result in others),
        f"district {DISTRICT} again (warm): " + ", ".join(f"{seconds:.2f} s" for seconds, _ in warm),
        f"warm stages (last run): {warm[-1][1].timings}",
    ]
    return lines


def district_only() -> None:
    """Only the district months, on a database where the national runs already generated July."""
    if not scalar(f"SELECT count(*) FROM payments_payrollmonth WHERE month = DATE '{JULY.first_day}'"):
        raise SystemExit("July has no lists: run bench/payroll.py without BENCH_DISTRICT_ONLY first.")
    load_at_start = load_average()
    vacuumed = vacuum_tables()
    lines = district_months()
    print(f"load average (1 / 5 / 15 min) at start: {load_at_start}, at end: {load_average()}")
    print(f"VACUUM (ANALYZE): {vacuumed:.1f} s")
    print("\n".join(lines))


def main(size: int) -> None:
    load_at_start = load_average()
    seeded = seed(size)
    clear_payroll()
    beneficiaries = scalar("SELECT count(*) FROM cases_entitlement")
    first_seconds, first = timed(lambda: payroll_generate(actor=None, month=JUNE))
    freeze_and_pay(JUNE)
    month_seconds, result = timed(lambda: payroll_generate(actor=None, month=JULY))
    again_seconds, again = timed(lambda: payroll_generate(actor=None, month=JULY))
    bound_seconds, bound_rows, bound_work_mem = bare_insert(JULY)
    vacuumed = vacuum_tables()
    district = district_months()
    ratio = month_seconds / bound_seconds
    regeneration = again_seconds / month_seconds
    lines = [
        f"load average (1 / 5 / 15 min) at start: {load_at_start}, at end: {load_average()} ({os.cpu_count()} cores)",
        f"beneficiaries: {beneficiaries:,} in {first.communes:,} communes (seeded in {seeded:.1f} s)",  # type: ignore[attr-defined]
        f"first list, 2024-06 (every line new): {first_seconds:.1f} s, {first.lines:,} lines",  # type: ignore[attr-defined]
        f"**2024-07 after a paid June (rate change, 2% carried): {month_seconds:.1f} s**, "
        f"{result.lines:,} lines, total {result.total:,} đ; stages {result.timings}",  # type: ignore[attr-defined]
        f"**regenerating 2024-07 (replaces the draft): {again_seconds:.1f} s → {regeneration:.2f}× the first "
        f"generation** (goal ≤ 1.5×: {'met' if regeneration <= 1.5 else 'NOT met'}), {again.lines:,} lines; "  # type: ignore[attr-defined]
        f"stages {again.timings}",  # type: ignore[attr-defined]
        f"bare INSERT … SELECT of {bound_rows:,} lines, same run, same session settings (work_mem {bound_work_mem}): "
        f"{bound_seconds:.1f} s → **{ratio:.2f}× the bound** (goal ≤ 2× and < 60 s)",
        f"VACUUM (ANALYZE) after the national runs: {vacuumed:.1f} s",
        *district,
    ]
    record("Monthly payroll (PostgreSQL)", lines)


if __name__ == "__main__":
    if os.environ.get("BENCH_DISTRICT_ONLY"):
        district_only()
    else:
        main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
