"""`manage.py assess` exactly as contracts.md §2: JSON Lines in, one object per line out, in order."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def assess_lines(lines: list[str], *args: str) -> list[dict]:
    out = io.StringIO()
    call_command("assess", *args, stdin=io.StringIO("\n".join(lines) + "\n"), stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_the_contract_example():
    line = json.dumps(
        {
            "id": "x",
            "month": "2024-08",
            "birth_date": "1950-05-05",
            "disability": "especially_severe",
            "household": "poor",
            "no_supporter": True,
        }
    )

    assert assess_lines([line]) == [
        {
            "id": "x",
            "month": "2024-08",
            "standard_rate": 500000,
            "amount": 1250000,
            "lines": [
                {
                    "code": "5.6",
                    "coefficient": "2.5",
                    "amount": 1250000,
                    "basis": "NĐ 20/2021/NĐ-CP, Điều 6 khoản 1 điểm e",
                }
            ],
            "qualifying": ["5.5a", "5.6"],
        }
    ]


def test_bad_lines_give_an_error_and_the_run_goes_on():
    lines = [
        '{"id": "a", "month": "2024-08", "birth_date": "1980-01-01", "disability": "severe"}',
        "this is not json",
        '{"id": "b", "month": "2020-12", "birth_date": "1980-01-01"}',
        '["a list"]',
        '{"id": "c", "month": "2024-08", "birth_date": "1980-01-01", "household": "rich"}',
        "",
        '{"id": "d", "month": "2024-08", "birth_date": "1980-01-01", "disability": "especially_severe"}',
    ]

    results = assess_lines(lines)

    assert [result.get("id") for result in results] == ["a", None, "b", None, "c", "d"]
    assert results[0]["amount"] == 750000
    assert results[1]["error"].startswith("input: ")
    assert results[2]["error"].startswith("month: ")
    assert results[3] == {"id": None, "error": "input: mỗi dòng phải là một đối tượng JSON"}
    assert results[4]["error"].startswith("household: ")
    assert results[5]["amount"] == 1000000


def test_explain_adds_the_explanation():
    [result] = assess_lines(
        ['{"id": "a", "month": "2024-08", "birth_date": "1980-01-01", "disability": "severe"}'], "--explain"
    )

    assert result["age"] == 44
    assert any("Điều 6 khoản 1 điểm e" in sentence for sentence in result["explanation"])


def test_rules_are_read_once_per_run_not_per_person(django_assert_max_num_queries):
    months = ["2024-06", "2024-07", "2025-07", "2026-07"]
    lines = [
        json.dumps({"id": str(index), "month": months[index % 4], "birth_date": "1950-01-01", "disability": "severe"})
        for index in range(2000)
    ]
    with django_assert_max_num_queries(3):
        results = assess_lines(lines)
    assert len(results) == 2000
    assert {result["amount"] for result in results} == {720000, 1000000, 1080000}


def test_the_output_is_utf8_json_lines():
    out = io.StringIO()
    call_command(
        "assess",
        stdin=io.StringIO('{"id": "é", "month": "2024-08", "birth_date": "1980-01-01", "disability": "severe"}'),
        stdout=out,
    )
    assert "NĐ 20/2021/NĐ-CP" in out.getvalue()
    assert out.getvalue().endswith("\n")
