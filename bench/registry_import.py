"""Import of a large commune list: check + apply of N rows (default 100,000), time and peak memory,
into a register that already holds REGISTER people (default 1,000,000: registry_search.fill, the
same synthetic national register as the search and payroll benchmarks).

BENCH_DATABASE_URL=… .venv/bin/python bench/registry_import.py [N] [REGISTER]

The duplicate checks and the index inserts run against the full register. Each run is rolled back
at its end, after the deferred constraint checks have run (`SET CONSTRAINTS ALL IMMEDIATE`, what
COMMIT would do), so that every run starts from the same REGISTER people; what a run does not time
is the COMMIT's WAL flush and the on-commit callbacks.
"""

from __future__ import annotations

import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

from common import record, setup_django

setup_django()

from django.db import connection, transaction  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from ansinh.cases.imports import apply_register_import, check_register_file  # noqa: E402
from ansinh.registry.imports import COLUMNS  # noqa: E402
from ansinh.registry.models import Person  # noqa: E402
from ansinh.territory.models import AdministrativeUnit, UnitLevel  # noqa: E402

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Giang", "Hải", "Hoa", "Lan", "Mai", "Nga", "Thảo"]


def write_file(path: Path, size: int) -> None:
    rng = random.Random(100)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Danh sách")
    sheet.append([printed for printed, _ in COLUMNS.values()][:12])
    for index in range(size):
        female = index % 2
        year = rng.randint(1930, 1990)
        sheet.append(
            [
                f"{rng.choice(FAMILY)} {'Thị' if female else 'Văn'} {rng.choice(GIVEN)}",
                f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{year}",
                "Nữ" if female else "Nam",
                f"024{female}{year % 100:02d}{index:06d}",
                "07444",
                "",
                "5.6",
                "Nặng",
                "Hộ nghèo" if index % 3 == 0 else "",
                f"{100 + index // 500}/QĐ-UBND",
                "12/03/2022",
                "03/2022",
            ]
        )
    workbook.save(path)


class RolledBack(Exception):
    """Ends the run's transaction once its figures are taken."""


def fill_register(people: int) -> tuple[float, int]:
    from registry_search import fill  # the search benchmark's synthetic register over 1,033 communes

    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
        cursor.execute("SELECT setseed(0.218)")
    fill(people)
    return time.perf_counter() - started, Person.objects.count()


def main(size: int, people: int) -> None:
    load_at_start = " / ".join(f"{value:.2f}" for value in os.getloadavg())
    filled, register = fill_register(people)
    commune = AdministrativeUnit.objects.get(code="07444", level=UnitLevel.COMMUNE, valid_from__year=2025)
    in_commune = Person.objects.filter(commune=commune).count()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "ds.xlsx"
        write_file(path, size)
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        try:
            with transaction.atomic():
                started = time.perf_counter()
                with path.open("rb") as stream:
                    report = check_register_file(stream, commune=commune)
                checked = time.perf_counter()
                apply_register_import(report, actor=None, commune=commune, file_name=path.name)
                with connection.cursor() as cursor:
                    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the foreign key checks COMMIT would run
                applied = time.perf_counter()
                after = Person.objects.count()
                raise RolledBack
        except RolledBack:
            pass
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    lines = [
        f"load average (1 / 5 / 15 min) at start: {load_at_start}, at end: "
        + " / ".join(f"{value:.2f}" for value in os.getloadavg())
        + f" ({os.cpu_count()} cores)",
        f"register before the import: {register:,} people ({in_commune:,} in the importing commune 07444; "
        f"filled in {filled:.1f} s); after: {after:,}",
        f"rows: {size:,}; accepted {len(report.accepted):,}",
        f"check: {checked - started:.1f} s; apply (foreign key checks included): {applied - checked:.1f} s; "
        f"total {applied - started:.1f} s",
        f"peak resident memory of the process: {peak_mb:.0f} MB (before the import: {rss_before / 1024:.0f} MB)",
        "rolled back after the run (the register is the same at every start); not timed: COMMIT's WAL flush",
        "Goal (issue 4): 100,000 rows in ≤ 60 s with peak memory ≤ 500 MB.",
    ]
    record("Register import (PostgreSQL)", lines)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000, int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000)
