"""Every worked example of ../shared/rules/public-cases.jsonl (contracts.md §2)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.conf import settings

from ansinh.rules.assessing import assess_input

PUBLIC_CASES = Path(settings.BASE_DIR).parent / "shared" / "rules" / "public-cases.jsonl"
CASES = [json.loads(line) for line in PUBLIC_CASES.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_the_examples_are_there():
    assert len(CASES) >= 14


@pytest.mark.parametrize("case", CASES, ids=[case["input"].get("id", "?") for case in CASES])
def test_public_case(seeded_loader, case):
    output, _ = assess_input(case["input"], seeded_loader)
    expect = case["expect"]

    assert output["id"] == case["input"]["id"]
    if expect.get("error"):
        assert set(output) == {"id", "error"}
        return
    assert "error" not in output, output
    assert output["amount"] == expect["amount"]
    assert [line["code"] for line in output["lines"]] == expect["codes"]
    assert output["month"] == case["input"]["month"]
