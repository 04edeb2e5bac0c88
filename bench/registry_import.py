"""Import of a large commune list: check + apply of N rows (default 100,000), time and peak memory.

.venv/bin/python bench/registry_import.py [N]
"""

from __future__ import annotations

import random
import resource
import sys
import tempfile
import time
from pathlib import Path

from common import record, setup_django

setup_django()

from django.db import connection  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from ansinh.cases.imports import apply_register_import, check_register_file  # noqa: E402
from ansinh.registry.imports import COLUMNS  # noqa: E402
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


def main(size: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE registry_person CASCADE; TRUNCATE cases_decision CASCADE")
    commune = AdministrativeUnit.objects.get(code="07444", level=UnitLevel.COMMUNE, valid_from__year=2025)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "ds.xlsx"
        write_file(path, size)
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        started = time.perf_counter()
        with path.open("rb") as stream:
            report = check_register_file(stream, commune=commune)
        checked = time.perf_counter()
        apply_register_import(report, actor=None, commune=commune, file_name=path.name)
        applied = time.perf_counter()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    lines = [
        f"rows: {size:,}; accepted {len(report.accepted):,}",
        f"check: {checked - started:.1f} s; apply: {applied - checked:.1f} s; total {applied - started:.1f} s",
        f"peak resident memory of the process: {peak_mb:.0f} MB (before the import: {rss_before / 1024:.0f} MB)",
        "Goal (issue 4): 100,000 rows in ≤ 60 s with peak memory ≤ 500 MB.",
    ]
    record("Register import (PostgreSQL)", lines)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
