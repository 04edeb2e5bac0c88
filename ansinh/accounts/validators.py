from __future__ import annotations

import itertools
import re
from typing import Any

from django.core.exceptions import ValidationError


class CharacterClassValidator:
    """A password must mix letters, digits and at least one other character."""

    message = "Mật khẩu phải có cả chữ cái, chữ số và ít nhất một ký tự đặc biệt (ví dụ @, #, !)."

    def validate(self, password: str, user: Any = None) -> None:
        has_letter = any(char.isalpha() for char in password)
        has_digit = any(char.isdigit() for char in password)
        has_other = any(not char.isalnum() for char in password)
        if not (has_letter and has_digit and has_other):
            raise ValidationError(self.message, code="password_character_classes")

    def get_help_text(self) -> str:
        return self.message


class WordYearSymbolValidator:
    """Refuse the common pattern "a word or a name, a year, a symbol" ("Matkhau@2025", "Hanoi2024!",
    "Thu-nghiem-2024!"): whatever the order, at most two groups of letters, one number that is a year
    (1900–2099), two digits or a run like 123, and symbols. Such passwords pass the length and
    character-class rules but are the first that guessing tools try."""

    message = (
        "Mật khẩu theo mẫu dễ đoán (một từ hoặc tên, một năm hoặc vài chữ số và một ký tự đặc biệt, "
        "như “Matkhau@2025”). Hãy dùng cụm từ dài hơn, hoặc xen chữ số và ký tự đặc biệt vào giữa các chữ."
    )
    _GROUPS = re.compile(r"(?P<letters>[^\W\d_]+)|(?P<digits>\d+)|(?P<other>[\W_]+)")

    def validate(self, password: str, user: Any = None) -> None:
        if self.is_pattern(password):
            raise ValidationError(self.message, code="password_word_year_symbol")

    @classmethod
    def is_pattern(cls, password: str) -> bool:
        groups = [(match.lastgroup, match.group()) for match in cls._GROUPS.finditer(password)]
        words = [text for kind, text in groups if kind == "letters"]
        numbers = [text for kind, text in groups if kind == "digits"]
        return 1 <= len(words) <= 2 and len(numbers) == 1 and _guessable_number(numbers[0])

    def get_help_text(self) -> str:
        return "Mật khẩu không được theo mẫu một từ, một năm và một ký tự đặc biệt (như “Matkhau@2025”)."


def _guessable_number(digits: str) -> bool:
    """A year, two digits or fewer, one digit repeated, or a run up or down (123, 2468 is not)."""
    if len(digits) <= 2 or len(set(digits)) == 1:
        return True
    if len(digits) == 4 and 1900 <= int(digits) <= 2099:
        return True
    steps = {int(b) - int(a) for a, b in itertools.pairwise(digits)}
    return steps in ({1}, {-1})
