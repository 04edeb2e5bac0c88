from __future__ import annotations

from decimal import Decimal

from django import template

from ansinh.rules.formatting import format_coefficient, format_money
from ansinh.rules.parameters import display_value, parameter_name

register = template.Library()


@register.filter
def money(value: int | Decimal | None) -> str:
    """1250000 → "1.250.000 đ"; empty for None."""
    if value is None or value == "":
        return ""
    return format_money(int(value))


@register.filter
def coefficient(value: Decimal | None) -> str:
    """Decimal("2.50") → "2,5"."""
    return "" if value is None else format_coefficient(Decimal(value))


@register.filter
def parameter_value(value: Decimal | None, unit: str) -> str:
    """A parameter's value in its unit: "500.000 đ", "0,045", "7 ngày làm việc"."""
    if value is None:
        return ""
    return display_value(Decimal(value), unit)


@register.filter
def parameter_label(key: str) -> str:
    """ "standard_rate.national" → "Mức chuẩn trợ giúp xã hội toàn quốc"."""
    return parameter_name(key)
