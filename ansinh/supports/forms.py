from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ansinh.cases.models import OneOffKind
from ansinh.core.forms import CheckedForm


class OneOffFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại hỗ trợ"), choices=[("", _("Tất cả")), *OneOffKind.choices], required=False)


class RecoverForm(CheckedForm):
    reason = forms.CharField(
        label=_("Lý do thu hồi"),
        max_length=255,
        help_text=_("Căn cứ phát hiện chi sai, ví dụ: biên bản xác minh không hỏa táng."),
    )
