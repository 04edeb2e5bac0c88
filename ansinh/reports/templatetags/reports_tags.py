from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def millions(amount: int | None) -> str:
    """Đồng as millions, Vietnamese separators, thousands of đồng kept: 12500000 → "12,5"; 1234567 → "1,235";
    1234000000 → "1.234"."""
    if amount is None:
        return ""
    whole, thousandths = divmod(round(int(amount) / 1000), 1000)
    text = f"{whole:,}".replace(",", ".")
    return f"{text},{thousandths:03d}".rstrip("0").rstrip(",") if thousandths else text
