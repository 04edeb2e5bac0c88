"""Text folding for accent-insensitive search: "Nguyễn Văn Á" and "nguyen van a" match."""

import unicodedata


def fold(text: str) -> str:
    """Lower-case, strip Vietnamese diacritics (đ → d) and collapse spaces."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(stripped.lower().split())


# Typed, pasted or read from Excel, text must fit its column and hold no control characters
# (NUL is refused by PostgreSQL, the others are invisible and break searches and printouts).
# One wording for the forms (core.forms.TextChecks) and the Excel import (registry.validation).
TOO_LONG = "Quá dài: tối đa %(limit_value)d ký tự (đang có %(show_value)d)."
CONTROL_CHARACTERS = "Có ký tự điều khiển không hợp lệ (như ký tự NUL): hãy xoá rồi gõ lại."
_CONTROL = frozenset(chr(code) for code in (*range(0x20), *range(0x7F, 0xA0))) - set("\t\n\r")


def has_control_characters(text: str) -> bool:
    """Any C0/C1 control character except tab and line breaks (which forms and cells may hold)."""
    return not _CONTROL.isdisjoint(text)


def text_problem(text: str, max_length: int | None) -> str | None:
    """What is wrong with a text for a column of `max_length` characters, in Vietnamese, or None."""
    if has_control_characters(text):
        return CONTROL_CHARACTERS
    if max_length is not None and len(text) > max_length:
        return TOO_LONG % {"limit_value": max_length, "show_value": len(text)}
    return None
