"""The area overview (web/overview.py) on the payroll benchmark's national database: one district's
labour officer (~10,000 beneficiaries) and a national administrator (1,000,000), cold then warm.

BENCH_DATABASE_URL=postgres://postgres@localhost:5432/ansinh_paybench .venv/bin/python bench/overview.py

Needs the database bench/payroll.py seeds (its people, entitlements, lists and the officer
"bench.ld.900"); the administrator is created inside a transaction that is rolled back.
"""

from __future__ import annotations

import os
import time
from datetime import date

os.environ.setdefault("BENCH_DATABASE_URL", "postgres://postgres@localhost:5432/ansinh_paybench")

from common import record, setup_django

setup_django()

from django.db import transaction  # noqa: E402

from ansinh.accounts.models import RoleGrant, User  # noqa: E402
from ansinh.core.access import Role  # noqa: E402
from ansinh.web.overview import overview_for  # noqa: E402

DAY = date(2024, 7, 15)  # the benchmark's month with lists for June and July


def timed(user: User) -> tuple[list[float], int, int]:
    times = []
    for _ in range(3):
        started = time.perf_counter()
        overview = overview_for(actor=user, today=DAY)
        times.append(time.perf_counter() - started)
    return times, overview.beneficiaries, len(overview.by_commune)


def main() -> None:
    load = os.getloadavg()[0]
    district, people, communes = timed(User.objects.get(username="bench.ld.900"))
    with transaction.atomic():
        admin = User.objects.create(username="bench.overview.admin", is_active=True)
        RoleGrant.objects.create(user=admin, role=Role.ADMIN)
        national, all_people, all_communes = timed(User.objects.get(pk=admin.pk))
        transaction.set_rollback(True)
    shown = lambda times: ", ".join(f"{value:.2f}" for value in times)  # noqa: E731
    record(
        "Area overview (web/overview.py)",
        [
            f"district 900, labour officer: {people:,} beneficiaries in {communes} communes — **{shown(district)} s** "
            "(first cold, then warm)",
            f"national administrator: {all_people:,} beneficiaries in {all_communes:,} communes — "
            f"**{shown(national)} s**",
            f"load average at the start: {load:.1f} on {os.cpu_count()} cores",
        ],
    )


if __name__ == "__main__":
    main()
