"""Reading the "Hệ số" column of the register import (pure: no database)."""

import re
from decimal import Decimal

import pytest

from ansinh.registry.imports import HEADER_LOOKUP, header_key, parse_coefficient


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1,5", "1.5"),
        ("1.5", "1.5"),
        (1.5, "1.5"),
        ("2,0", "2.0"),
        (2, "2"),
        (2.0, "2"),
        (" 2,5 ", "2.5"),
        ("1,25", "1.25"),
        (1.4999999999999998, "1.5"),  # an Excel formula's binary rounding
        ("3", "3"),
    ],
)
def test_a_coefficient_is_read_with_a_comma_a_dot_or_as_an_excel_number(value, expected):
    assert parse_coefficient(value) == Decimal(expected)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("hai", "“hai” không phải hệ số: ghi số như 1,5 hoặc 2,0."),
        ("1,5,0", "“1,5,0” không phải hệ số: ghi số như 1,5 hoặc 2,0."),
        ("1,255", "“1,255” không phải hệ số: ghi số như 1,5 hoặc 2,0."),
        ("-1,5", "“-1,5” không phải hệ số: ghi số như 1,5 hoặc 2,0."),
        ("1.000,5", "“1.000,5” không phải hệ số: ghi số như 1,5 hoặc 2,0."),
        (True, "“True” không phải hệ số: ghi số như 1,5 hoặc 2,0."),
        ("0", "Hệ số phải lớn hơn 0."),
        (0.0, "Hệ số phải lớn hơn 0."),
    ],
)
def test_anything_else_is_refused_in_vietnamese(value, message):
    with pytest.raises(ValueError, match=re.escape(message)) as error:
        parse_coefficient(value)
    assert str(error.value) == message


@pytest.mark.parametrize(
    "header", ["Hệ số", "HỆ SỐ", "he so", "Hệ số trợ cấp", "Hệ số hưởng", "Hệ số trợ cấp xã hội", "Hệ số hỗ trợ"]
)
def test_the_coefficient_header_is_recognised_in_its_usual_spellings(header):
    assert HEADER_LOOKUP[header_key(header)] == "coefficient"
