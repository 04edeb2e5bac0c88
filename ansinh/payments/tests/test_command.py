"""`manage.py payroll generate --month YYYY-MM [--commune CODE]` prints one JSON object."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ansinh.payments.models import PayrollLine
from ansinh.payments.tests.conftest import beneficiary


def run(*args: str) -> dict:
    out = StringIO()
    call_command("payroll", "generate", *args, stdout=out)
    lines = out.getvalue().strip().splitlines()
    assert len(lines) == 1
    return json.loads(lines[0])


def test_generate_prints_one_json_object(lucnam):
    beneficiary(lucnam.doi_ngo, "Nguyễn Văn An", coefficient="1.5")
    beneficiary(lucnam.cam_ly, "Lê Văn Cường", coefficient="2.0")
    assert run("--month", "2024-07") == {
        "month": "2024-07",
        "communes": 2,
        "lines": 2,
        "total": 1_750_000,
        "categories": {"5.5a": 2},
        "frozen": 0,
    }
    assert run("--month", "2024-07", "--commune", "07444") == {
        "month": "2024-07",
        "communes": 1,
        "lines": 1,
        "total": 750_000,
        "categories": {"5.5a": 1},
        "frozen": 0,
    }
    assert PayrollLine.objects.count() == 2  # regenerated, not added


def test_bad_arguments(lucnam):
    with pytest.raises(CommandError, match="tháng không hợp lệ: 13"):
        run("--month", "2024-13")
    with pytest.raises(CommandError, match="không có xã mã '99999'"):
        run("--month", "2024-07", "--commune", "99999")
