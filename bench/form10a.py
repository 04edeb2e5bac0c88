"""Mẫu số 10a (reports/form10a.py) for a province of 1,000,000 beneficiaries, read only.

BENCH_DATABASE_URL=postgres://postgres@localhost:5432/ansinh_bench_rev1m .venv/bin/python bench/form10a.py [--with-lines]

Runs on an existing benchmark database with 1,000,000 entitlements in province 24 (the periodic
review's, `BENCH_REVIEW_NATIONAL=1 bench/review.py`). Unlike the other scripts it neither migrates
nor loads anything: the form's queries run inside a READ ONLY transaction, so the database is left as
it was. With `--with-lines` the period's six months first get payment lists where they have none, copies
of the 990,000 lines of 08/2024 (~6,000,000 lines, so use a copy of the database: `CREATE DATABASE b
TEMPLATE a`), so that the "Kinh phí" column sums a full period's lines. Goal (issue 19): under 5 s.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@localhost:5432/ansinh_reviewbench1m"
)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from common import record  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import Q  # noqa: E402

from ansinh.reports import form10a  # noqa: E402
from ansinh.territory.models import AdministrativeUnit, UnitLevel  # noqa: E402


def backend_cpu() -> float | None:
    """CPU seconds used so far by this connection's PostgreSQL backend (/proc: the server runs on this machine),
    None when it cannot be read. Parallel workers are other processes: measured with them off."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def one_process_run(period: form10a.Period, unit_id: int) -> tuple[float, float | None]:
    """(wall, CPU of the PostgreSQL backend) of one computation without parallel workers: on a shared machine
    the CPU moves far less with the load than the wall time."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")
        before, started = backend_cpu(), time.perf_counter()
        form10a.compute(period, unit_id)
        wall, after = time.perf_counter() - started, backend_cpu()
    return wall, (after - before) if before is not None and after is not None else None


def columns(table: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = %s ORDER BY ordinal_position",
            [table],
        )
        return [name for (name,) in cursor.fetchall() if name != "id"]


def copy_lists_into(period: form10a.Period, source: str = "2024-08-01") -> int:
    """Each month of the period without lists gets a copy of the lists of `source` (the national
    bench's 990,000 lines; same entitlements and amounts, the month moved). Generating those months
    instead would pay every person arrears since 07/2021 (the seed's start, with no lists between),
    which no real province has. Returns the number of lines in the period."""
    months, lines = columns("payments_payrollmonth"), columns("payments_payrollline")

    def copied(names: list[str], replaced: dict[str, str]) -> tuple[str, str]:
        return ", ".join(names), ", ".join(replaced.get(name, f"s.{name}") for name in names)

    with transaction.atomic(), connection.cursor() as cursor:
        for month in period.months():
            target = month.first_day.isoformat()
            cursor.execute("SELECT 1 FROM payments_payrollmonth WHERE month = %s LIMIT 1", [target])
            if cursor.fetchone():
                continue
            names, values = copied(months, {"month": f"DATE '{target}'"})
            cursor.execute(
                f"INSERT INTO payments_payrollmonth ({names}) SELECT {values} FROM payments_payrollmonth s "
                f"WHERE s.month = DATE '{source}'"
            )
            names, values = copied(lines, {"month": f"DATE '{target}'", "payroll_id": "t.id"})
            cursor.execute(
                f"INSERT INTO payments_payrollline ({names}) SELECT {values} FROM payments_payrollline s "
                f"JOIN payments_payrollmonth f ON f.id = s.payroll_id "
                f"JOIN payments_payrollmonth t ON t.commune_id = f.commune_id AND t.month = DATE '{target}' "
                f"WHERE s.month = DATE '{source}'"
            )
            print(f"lists of {month}: {cursor.rowcount:,} lines copied from {source}", flush=True)
    approve_copies(period)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")
        cursor.execute(
            "SELECT count(*) FROM payments_payrollline WHERE month BETWEEN %s AND %s",
            [period.first.first_day, period.last.first_day],
        )
        return int(cursor.fetchone()[0])


def approve_copies(period: form10a.Period) -> None:
    """A past half-year's lists are approved: each copied list not yet summed is marked approved and its
    lines added to the half-year money, as `payroll_approve` does (`add_to_half_year_money`), so the form
    reads what it reads in production (without the approval's policy, offsets and audit entry)."""
    from ansinh.payments.models import PayrollMonth, PayrollStatus
    from ansinh.payments.payroll import add_to_half_year_money

    lists = list(
        PayrollMonth.objects.filter(month__gte=period.first.first_day, month__lte=period.last.first_day, summed=False)
    )
    started = time.perf_counter()
    with transaction.atomic():
        for payroll in lists:
            add_to_half_year_money(payroll.pk, payroll.month)
        PayrollMonth.objects.filter(pk__in=[payroll.pk for payroll in lists]).update(status=PayrollStatus.APPROVED)
    print(f"lists approved and summed in {time.perf_counter() - started:.1f} s", flush=True)


def main() -> None:
    period = form10a.Period.half_year(int(os.environ.get("BENCH_YEAR", "2025")), 1)
    lines = copy_lists_into(period) if "--with-lines" in sys.argv else None
    load = os.getloadavg()[0]
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION READ ONLY")
        province = (
            AdministrativeUnit.objects.filter(level=UnitLevel.PROVINCE, code="24", valid_from__lte=period.end)
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=period.first.first_day))
            .order_by("valid_from")
            .first()
        )
        assert province is not None
        times, form = [], None
        for _ in range(3):
            started = time.perf_counter()
            form = form10a.compute(period, province.pk)
            times.append(time.perf_counter() - started)
        single_wall, single_cpu = one_process_run(period, province.pk)
        transaction.set_rollback(True)
    assert form is not None
    counted = sum(cell.total for key, cell in form.cells.items() if key in {"I.1", "I.2", "I.3", "I.4", "I.5", "I.6"})
    shown = ", ".join(f"{value:.2f}" for value in times)
    record(
        "Mẫu số 10a for a province (reports/form10a.py)",
        [
            f"database: {os.environ['DATABASE_URL'].rsplit('/', 1)[1]} (read only), province {province.full_name}, "
            f"period {period.first}…{period.last}",
            f"beneficiaries counted in section I rows 1–6: {counted:,}; payment lines in the period: "
            + (
                f"{lines:,} (copied with --with-lines)"
                if lines is not None
                else "not counted (run without --with-lines)"
            ),
            f"3 runs: **{shown} s** (first cold, then warm); goal < 5 s",
            f"one more run without parallel workers: {single_wall:.2f} s, of which CPU of the PostgreSQL backend "
            + (f"{single_cpu:.2f} s" if single_cpu is not None else "not readable"),
            f"load average at the start: {load:.1f} on {os.cpu_count()} cores (other helpers share the machine)",
        ],
    )


if __name__ == "__main__":
    main()
