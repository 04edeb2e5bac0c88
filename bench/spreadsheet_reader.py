"""The guarded spreadsheet reader against calamine alone, on a register file of N rows (default 100,000).

.venv/bin/python bench/spreadsheet_reader.py [N]

Counts CPU time of this process and of the parsing child (the machine is shared: wall time is noisy).
No database is needed.
"""

from __future__ import annotations

import os
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from common import record  # noqa: E402
from openpyxl import Workbook  # noqa: E402
from python_calamine import CalamineWorkbook  # noqa: E402

from ansinh.core import spreadsheets  # noqa: E402
from ansinh.registry.imports import COLUMNS  # noqa: E402


def write_file(path: Path, size: int) -> None:
    """The same kind of file as bench/registry_import.py: 12 template columns, text as people type it."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Danh sách")
    sheet.append([printed for printed, _ in COLUMNS.values()][:12])
    for index in range(size):
        year = 1930 + index % 60
        sheet.append(
            [
                f"Nguyễn {'Thị' if index % 2 else 'Văn'} An {index}",
                f"{1 + index % 28:02d}/{1 + index % 12:02d}/{year}",
                "Nữ" if index % 2 else "Nam",
                f"024{index % 2}{year % 100:02d}{index:06d}",
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


def cpu() -> tuple[float, float]:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


def measure(work) -> tuple[float, float, float, int]:
    own, children = cpu()
    start = time.perf_counter()
    rows = work()
    after_own, after_children = cpu()
    return time.perf_counter() - start, after_own - own, after_children - children, rows


def main(size: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "ds.xlsx"
        write_file(path, size)
        direct = measure(
            lambda: sum(1 for _ in CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).iter_rows())
        )
        guard = measure(lambda: spreadsheets.check_xlsx(path) or 0)
        spreadsheets._PASSED.clear()
        with path.open("rb") as stream:
            guarded = measure(lambda: sum(1 for _ in spreadsheets.sheet_rows(stream)))
        with path.open("rb") as stream:
            again = measure(lambda: sum(1 for _ in spreadsheets.sheet_rows(stream)))

    def line(name: str, figures: tuple[float, float, float, int]) -> str:
        wall, own, child = figures[:3]
        return f"- {name}: {figures[3]:,} rows; CPU {own + child:.2f} s (this process {own:.2f} s, child {child:.2f} s); wall {wall:.2f} s"

    record(
        "Guarded spreadsheet reader",
        [
            f"file: {size:,} register rows, {path.name}",
            line("calamine alone, in process", direct),
            line("guard only (zip checks, sheet scan)", guard),
            line("guarded read (guard + child + rows sent back)", guarded),
            line("guarded read of the same file again (guard skipped)", again),
        ],
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
