from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ansinh.core.forms import CheckedForm
from ansinh.reports.actions import NARRATIVE_MAX


class NarrativeForm(CheckedForm):
    narrative = forms.CharField(
        label=_("Đánh giá, kiến nghị"),
        required=False,
        max_length=NARRATIVE_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
