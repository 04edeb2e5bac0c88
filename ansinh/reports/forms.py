from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ansinh.core.forms import CheckedForm
from ansinh.reports.actions import NARRATIVE_MAX, REASON_MAX


class NarrativeForm(CheckedForm):
    narrative = forms.CharField(
        label=_("Đánh giá, kiến nghị"),
        required=False,
        max_length=NARRATIVE_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
    )


class EstimateAdjustForm(CheckedForm):
    amount = forms.IntegerField(label=_("Kinh phí sau điều chỉnh (đồng)"), min_value=0, max_value=10**13)
    people = forms.IntegerField(label=_("Số người sau điều chỉnh"), min_value=0, max_value=10**7, required=False)
    reason = forms.CharField(
        label=_("Lý do điều chỉnh"),
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Phải ghi lý do điều chỉnh.")},
    )
