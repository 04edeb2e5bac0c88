"""Vietnamese display of money and coefficients (design.md §6). Pure."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal


def format_number(value: int) -> str:
    """1250000 → "1.250.000"."""
    return f"{value:,}".replace(",", ".")


def format_money(value: int) -> str:
    """1250000 → "1.250.000 đ"."""
    return f"{format_number(value)} đ"


def coefficient_text(value: Decimal) -> str:
    """The contract's form of a coefficient: at least one decimal, no trailing zeros ("2.5", "2.0", "1.25")."""
    text = f"{value.normalize():f}"
    if "." not in text:
        return text + ".0"
    return text


def format_coefficient(value: Decimal) -> str:
    """As Vietnamese readers write it: "2,5"."""
    return coefficient_text(value).replace(".", ",")


def round_dong(value: Decimal) -> int:
    """Round to whole đồng, half up (money is an integer number of đồng)."""
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))
