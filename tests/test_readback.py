"""The shared read-back of printed files (tests/readback.py) and the fixed clock (conftest.today_is):
a line wrap does not hide a phrase, a fixed day holds, and no test reads PDF or DOCX text on its own."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
import weasyprint
from django.utils import timezone

from tests.readback import collapsed, pdf_text

ROOT = Path(__file__).resolve().parent.parent


def test_a_phrase_wrapped_over_two_lines_reads_back_whole():
    narrow = "<style>@page { size: 40mm 60mm; margin: 2mm }</style><p>Mức trợ cấp 1.000.000 đồng một tháng</p>"
    content = weasyprint.HTML(string=narrow).write_pdf()

    assert "1.000.000 đồng" in pdf_text(content)
    assert collapsed(" Mức\n trợ\xa0 cấp ") == "Mức trợ cấp"


@pytest.mark.django_db
def test_the_clock_stays_on_the_fixed_day_and_keeps_ticking(today_is):
    today_is(date(2025, 9, 15))

    first, second = timezone.now(), timezone.now()

    assert timezone.localdate() == date(2025, 9, 15)
    assert first < second


def test_printed_text_is_read_only_through_the_shared_helper():
    own = re.compile(r"extract_text\(|\bDocument\((?!\))|\.paragraphs\b|\bcell\.text\b")  # Document() makes one
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in [*ROOT.glob("ansinh/**/tests/**/*.py"), *ROOT.glob("tests/**/*.py")]
        if path.name not in {"readback.py", "test_readback.py"}
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if own.search(line)
    ]
    assert offenders == []
