"""The base of every form (text checks in Vietnamese), and carrying an action's validation errors
back onto the form the user filled in."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator

from ansinh.core.text import CONTROL_CHARACTERS, TOO_LONG, has_control_characters


def refuse_control_characters(value: Any) -> None:
    if isinstance(value, str) and has_control_characters(value):
        raise ValidationError(CONTROL_CHARACTERS, code="control_characters")


class TextChecks:
    """Every text field of the form refuses NUL and other control characters, and says its
    length limit, in Vietnamese and in the same words as the Excel import (core.text). Django's
    own messages for these are English ("Null characters are not allowed.") or worded otherwise."""

    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.CharField):
                field.error_messages = {**field.error_messages, "max_length": TOO_LONG}
                field.validators = [
                    *(v for v in field.validators if not isinstance(v, ProhibitNullCharactersValidator)),
                    refuse_control_characters,
                ]


class CheckedForm(TextChecks, forms.Form):
    """The base of the project's forms."""


class CheckedModelForm(TextChecks, forms.ModelForm):
    """The base of the project's model forms."""


def add_action_errors(form: forms.Form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)
