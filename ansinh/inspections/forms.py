from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ansinh.core.forms import CheckedForm
from ansinh.core.uploads import SCAN, UploadField
from ansinh.inspections.actions import Choice
from ansinh.inspections.models import ChecklistItem


class PlanForm(CheckedForm):
    title = forms.CharField(label=_("Tên kế hoạch"), max_length=200)
    period_from = forms.DateField(label=_("Từ ngày"))
    period_to = forms.DateField(label=_("Đến ngày"))


class WeightForm(CheckedForm):
    weight = forms.DecimalField(label=_("Trọng số"), max_digits=6, decimal_places=2, required=False)
    cap = forms.IntegerField(label=_("Giá trị tối đa được tính"), required=False)
    reason = forms.CharField(label=_("Lý do thay đổi"), max_length=500, required=False)


def _date(text: str) -> date | None:
    try:
        return forms.DateField().clean(text) if text.strip() else None
    except ValidationError:
        return None


def plan_choices(data: Any, commune_ids: list[int]) -> list[Choice]:
    """The communes ticked on the ranking, each with its reason, dates and team (fields named by id)."""
    return [
        Choice(
            commune_id=commune_id,
            reason=str(data.get(f"ly_do_{commune_id}", "")),
            starts_on=_date(str(data.get(f"tu_{commune_id}", ""))),
            ends_on=_date(str(data.get(f"den_{commune_id}", ""))),
            team=str(data.get(f"doan_{commune_id}", "")),
        )
        for commune_id in commune_ids
        if data.get(f"chon_{commune_id}")
    ]


class FindingForm(CheckedForm):
    item = forms.ModelChoiceField(
        label=_("Mục kiểm tra"), queryset=ChecklistItem.objects.all(), required=False, empty_label=_("— Chung —")
    )
    text = forms.CharField(label=_("Nội dung phát hiện"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    evidence = UploadField(label=_("Tài liệu chứng minh (PDF, ảnh)"), kind=SCAN, required=False)


class RecommendationForm(CheckedForm):
    text = forms.CharField(label=_("Kiến nghị"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    owner = forms.CharField(label=_("Người, bộ phận thực hiện"), max_length=200)
    due_on = forms.DateField(label=_("Hạn khắc phục"))


class CloseForm(CheckedForm):
    note = forms.CharField(label=_("Kết quả khắc phục"), max_length=2000)


class SelfStartForm(CheckedForm):
    year = forms.IntegerField(label=_("Năm"), min_value=2021, max_value=2100)
    half = forms.TypedChoiceField(
        label=_("Kỳ"), choices=[(1, _("6 tháng đầu năm")), (2, _("6 tháng cuối năm"))], coerce=int
    )


class FinishForm(CheckedForm):
    done_on = forms.DateField(label=_("Ngày kết thúc"))
