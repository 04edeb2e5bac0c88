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


DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
GROUP_NAMES = ("", " nghìn", " triệu")


def _read_group(value: int, *, leading: bool) -> str:
    """Read 0–999. A group after the first is read in full ("không trăm linh năm")."""
    hundreds, tens, units = value // 100, value // 10 % 10, value % 10
    words: list[str] = []
    if hundreds or not leading:
        words += [DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units and words:
            words.append("linh")
    elif tens == 1:
        words.append("mười")
    else:
        words += [DIGITS[tens], "mươi"]
    if units:
        if units == 1 and tens >= 2:
            words.append("mốt")
        elif units == 5 and tens >= 1:
            words.append("lăm")
        else:
            words.append(DIGITS[units])
    return " ".join(words)


def _read_below_billion(value: int, *, leading: bool) -> str:
    groups = [value // 1_000_000, value // 1000 % 1000, value % 1000]
    parts: list[str] = []
    for index, group in enumerate(groups):
        if group == 0:
            continue
        first = leading and not parts
        parts.append(_read_group(group, leading=first) + GROUP_NAMES[2 - index])
    return " ".join(parts)


def _read_number(value: int, *, leading: bool = True) -> str:
    billions, rest = divmod(value, 1_000_000_000)
    parts = []
    if billions:
        parts.append(_read_number(billions, leading=leading) + " tỷ")
    if rest:
        parts.append(_read_below_billion(rest, leading=leading and not billions))
    return " ".join(parts)


def amount_in_words(value: int) -> str:
    """Money in Vietnamese words, accounting style: 1050000 → "một triệu không trăm năm mươi nghìn đồng".

    Groups of three digits after the first are read in full ("không trăm", "linh"); empty groups
    are skipped; 21 → "hai mươi mốt", 15 → "mười lăm". A negative amount reads "âm …"."""
    if value < 0:
        return "âm " + amount_in_words(-value)
    if value == 0:
        return "không đồng"
    return _read_number(value) + " đồng"


def amount_in_words_sentence(value: int) -> str:
    """As written under a total: capitalised, "Một triệu … đồng"."""
    text = amount_in_words(value)
    return text[0].upper() + text[1:]
