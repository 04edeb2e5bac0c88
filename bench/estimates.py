"""The budget estimate's projection (reports/projection.py) for a province: every entitlement of the
register projected per commune in force on 01/01, support type and month (issue 19 item 3).

BENCH_DATABASE_URL=postgres://postgres@localhost:5432/ansinh_estimates .venv/bin/python bench/estimates.py [N]

Seeds N people (default 1,000,000) with bench/review.py's seed (Lục Nam's communes, birth dates over
1930–2020, one entitlement each from 07/2021, their facts, 1 % dead), once; then projects 2026 for
province 24 as prepared on 05/12/2025 (so the rate change of 07/2026, the age thresholds crossed in 2026,
the trend and the one-off averages all run) three times inside a READ ONLY transaction. Goal: a few seconds.
"""

from __future__ import annotations

import os
import sys
import time
from datetime import date

os.environ.setdefault("BENCH_DATABASE_URL", "postgres://postgres@localhost:5432/ansinh_estimates")

from common import record
from django.db import connection, transaction
from review import district_communes, scalar, seed  # also configures Django for BENCH_DATABASE_URL

from ansinh.reports.projection import project
from ansinh.territory.models import AdministrativeUnit, UnitLevel

RUNS = 3


def main(size: int) -> None:
    seeded = seed(size, district_communes())
    entitlements = scalar("SELECT count(*) FROM cases_entitlement")
    province = AdministrativeUnit.objects.filter(level=UnitLevel.PROVINCE, code="24").order_by("valid_from").first()
    assert province is not None
    load = os.getloadavg()[0]
    times, lines = [], 0
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION READ ONLY")
        for _ in range(RUNS):
            started = time.perf_counter()
            found = project(province, 2026, date(2025, 12, 5))
            times.append(time.perf_counter() - started)
            lines = len(found.lines)
        transaction.set_rollback(True)
    people = sum(line.people for line in found.lines if line.month == 1)
    record(
        "Budget estimate projection for a province (reports/projection.py)",
        [
            f"database: {os.environ['BENCH_DATABASE_URL'].rsplit('/', 1)[1]}, {entitlements:,} entitlements "
            f"(seeded now in {seeded:.0f} s)"
            if seeded
            else f"database: {entitlements:,} entitlements (seeded before)",
            f"year 2026 for {province.full_name}, prepared 05/12/2025: {lines:,} lines, {people:,} people in January",
            f"{RUNS} runs: **{', '.join(f'{value:.2f}' for value in times)} s** (first cold); goal: a few seconds",
            f"load average at the start: {load:.1f} on {os.cpu_count()} cores (other helpers share the machine)",
        ],
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
