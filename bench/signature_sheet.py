"""The signature sheet (PDF) of one commune's month with N lines (default 600): the time of
`documents.signature_sheet_pdf`, wall and CPU (`time.process_time`), for the first render of the
process (fonts read and subset) and for R later ones (median and best); then the text read back to
check every line, the total and every page's headings are there.

.venv/bin/python bench/signature_sheet.py [N] [R]

No database: the lines are generated (bench/payroll_xlsx.py's), so the figure is the document's own
cost. Goal (issue 16): 600 lines in under 1 s. The machine is shared: the load average before and
after is recorded, and CPU time is the figure other jobs disturb least.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, record
from payroll_xlsx import calibration, lines, name_of

sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()


from ansinh.core.months import YearMonth  # noqa: E402
from ansinh.payments import documents  # noqa: E402
from ansinh.payments.documents import ListHeading  # noqa: E402
from tests.readback import pdf_pages, pdf_text  # noqa: E402


def timed_render(heading: ListHeading, size: int) -> tuple[float, float, bytes]:
    """(wall, CPU) seconds of one render of the sheet, and the PDF."""
    sheet_lines = list(lines(size))
    started, cpu = time.perf_counter(), time.process_time()
    pdf = documents.signature_sheet_pdf(heading, sheet_lines)
    return time.perf_counter() - started, time.process_time() - cpu, pdf


def check(pdf: bytes, size: int) -> int:
    """The sheet reads back: every page's column titles and heading, the lines named, the total."""
    text = pdf_text(pdf)
    assert f"Tổng cộng: {size} người" in text, "the total line is not read back"
    assert all(name_of(index) in text for index in (1, size // 2, size)), "a line is not read back"
    pages = pdf_pages(pdf)
    titles = " ".join(column.title for column in documents.SIGNATURE_COLUMNS)
    assert all(titles in page for page in pages), "a page lacks the column titles"
    return len(pages)


def main(size: int, repeats: int) -> None:
    heading = ListHeading(
        month=YearMonth(2024, 8),
        commune_name="Thị trấn Đồi Ngô",
        district_name="huyện Lục Nam",
        province_name="tỉnh Bắc Giang",
    )
    load = os.getloadavg()
    calibrated = calibration()
    runs = [timed_render(heading, size) for _run in range(repeats + 1)]
    load_after = os.getloadavg()
    first, *later = runs
    pages = check(later[-1][2], size)
    walls, cpus = [run[0] for run in later], [run[1] for run in later]
    record(
        f"Signature sheet PDF ({size} lines)",
        [
            f"- load average (1 / 5 / 15 min) before: {load[0]:.2f} / {load[1]:.2f} / {load[2]:.2f}, after: "
            f"{load_after[0]:.2f} / {load_after[1]:.2f} / {load_after[2]:.2f} (2 cores); "
            f"calibration loop (10M additions): {calibrated:.2f} s CPU",
            f"- first render of the process (fonts read and subset): {first[0]:.3f} s wall, {first[1]:.3f} s CPU",
            f"- {repeats} later renders: median **{statistics.median(walls):.3f} s wall, "
            f"{statistics.median(cpus):.3f} s CPU**; best {min(walls):.3f} s wall, {min(cpus):.3f} s CPU",
            f"- all later renders (wall / CPU): {', '.join(f'{w:.3f}/{c:.3f}' for w, c in zip(walls, cpus, strict=True))} s",
            f"- {pages} pages, {len(later[-1][2]) // 1024} KB; read back: every page's column titles, the total line, "
            "the first, middle and last names",
        ],
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 600, int(sys.argv[2]) if len(sys.argv) > 2 else 9)
