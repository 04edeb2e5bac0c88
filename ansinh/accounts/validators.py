from __future__ import annotations

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
