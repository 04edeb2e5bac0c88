"""The commune payment list as XLSX with N lines (default 100,000): time and peak memory, then the
post office's upload of the same file read back and checked row by row.

.venv/bin/python bench/payroll_xlsx.py [N]

No database: the lines are generated as they are written (as the view streams them from a query
with .iterator()), so the figure is the document writer's own cost.
"""

from __future__ import annotations

import os
import random
import resource
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, record

sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from openpyxl import load_workbook  # noqa: E402

from ansinh.core.months import YearMonth  # noqa: E402
from ansinh.payments.documents import ListHeading, SheetLine, write_commune_list  # noqa: E402
from ansinh.payments.uploads import ExpectedLine, check_results_file  # noqa: E402

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Giang", "Hải", "Hoa", "Lan", "Mai", "Nga", "Thảo"]
COEFFICIENTS = [Decimal("1.0"), Decimal("1.5"), Decimal("2.0"), Decimal("2.5"), Decimal("3.0")]


def name_of(index: int) -> str:
    rng = random.Random(index)
    return f"{rng.choice(FAMILY)} {'Thị' if index % 2 else 'Văn'} {rng.choice(GIVEN)}"


def lines(size: int, *, with_results: bool = False) -> Iterator[SheetLine]:
    rng = random.Random(25)
    for index in range(1, size + 1):
        coefficient = rng.choice(COEFFICIENTS)
        regular = int(coefficient * 500_000)
        arrears = regular if index % 50 == 0 else 0
        recovery = regular if index % 97 == 0 else 0
        paid = with_results and index % 20 != 0
        yield SheetLine(
            line_id=index,
            full_name=name_of(index),
            birth=f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.randint(1930, 2020)}",
            village=f"Thôn {index % 40 + 1}",
            category="5.6",
            kind_label="Thường xuyên",
            coefficient=coefficient,
            rate=500_000,
            months=1,
            regular=regular,
            arrears=arrears,
            recovery=recovery,
            total=regular + arrears - recovery,
            payee_name="Nguyễn Văn Con" if index % 10 == 0 else "",
            authorisation_reference="GUQ-01" if index % 10 == 0 else "",
            paid_on=date(2024, 8, 6) if paid else None,
            paid_to_name=name_of(index) if paid else "",
            paid_to_kind_label="Đối tượng" if paid else "",
            not_paid_reason="" if paid or not with_results else "Vắng nhà",
        )


def calibration() -> float:
    started = time.process_time()
    total = 0
    for number in range(10_000_000):
        total += number
    return time.process_time() - started


def main(size: int) -> None:
    heading = ListHeading(
        month=YearMonth(2024, 8),
        commune_name="Thị trấn Đồi Ngô",
        district_name="huyện Lục Nam",
        province_name="tỉnh Bắc Giang",
    )
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "ds.xlsx"
        load_before = os.getloadavg()[0]
        started, cpu_started = time.perf_counter(), time.process_time()
        totals = write_commune_list(path, heading, lines(size))
        written, cpu_written = time.perf_counter(), time.process_time()
        peak_write = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        file_mb = path.stat().st_size / 1024 / 1024
        results_path = Path(folder) / "ket-qua.xlsx"
        write_commune_list(results_path, heading, lines(size, with_results=True))
        expected = {line.line_id: ExpectedLine(line.full_name) for line in lines(size)}
        read_started = time.perf_counter()
        with results_path.open("rb") as stream:
            check = check_results_file(stream, expected=expected, month=heading.month, today=date(2024, 9, 1))
        read_done = time.perf_counter()
        sheet = load_workbook(path, read_only=True).worksheets[0]
        total_cell = next(row for row in sheet.iter_rows(values_only=True) if row[0] == "Tổng cộng")[13]
    peak_all = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    assert total_cell == totals.total, (total_cell, totals.total)
    assert not check.problems and len(check.results) == size, check.problems[:5]
    record(
        "Payment list XLSX (ansinh.core.xlsx streaming writer)",
        [
            f"lines: {size:,}; file {file_mb:.1f} MB; total {totals.total:,} đ read back equal",
            f"write: **{written - started:.1f} s** wall, {cpu_written - cpu_started:.1f} s CPU; peak resident memory "
            f"after writing: **{peak_write:.0f} MB** (Django loaded, before writing: {rss_before:.0f} MB)",
            f"machine load average when writing started: {load_before:.1f} on {os.cpu_count()} cores; a pure-Python "
            f"loop of 10,000,000 additions takes {calibration():.2f} s CPU here",
            f"post-office upload of the same list read back and checked row by row (calamine): "
            f"{read_done - read_started:.1f} s, {len(check.results):,} results, 0 problems; "
            f"peak memory of the whole run: {peak_all:.0f} MB",
            "Goal (issue 7): 100,000 lines in < 15 s with peak memory < 200 MB (writing).",
        ],
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
