"""Mẫu số 10a (reports/form10a.py) for a province of 1,000,000 beneficiaries, read only.

BENCH_DATABASE_URL=postgres://postgres@localhost:5432/ansinh_reviewbench1m .venv/bin/python bench/form10a.py

Runs on an existing benchmark database with 1,000,000 entitlements in province 24 (the periodic
review's). Unlike the other scripts it neither migrates nor loads anything: the form's queries run
inside a READ ONLY transaction, so the database is left as it was. Goal (issue 19): under 5 s.
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


def main() -> None:
    period = form10a.Period.half_year(int(os.environ.get("BENCH_YEAR", "2025")), 1)
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
            f"beneficiaries counted in section I rows 1–6: {counted:,}",
            f"3 runs: **{shown} s** (first cold, then warm); goal < 5 s",
            f"one more run without parallel workers: {single_wall:.2f} s, of which CPU of the PostgreSQL backend "
            + (f"{single_cpu:.2f} s" if single_cpu is not None else "not readable"),
            f"load average at the start: {load:.1f} on {os.cpu_count()} cores (other helpers share the machine)",
        ],
    )


if __name__ == "__main__":
    main()
