from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from ansinh.cases.models import OneOffKind
from ansinh.core.forms import CheckedForm
from ansinh.supports.education import Programme
from ansinh.supports.emergency import NeedKind, RoundKind
from ansinh.supports.models import EnrolmentStatus
from ansinh.territory.models import AdministrativeUnit


class OneOffFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Loại hỗ trợ"),
        choices=[("", _("Tất cả")), *OneOffKind.choices],
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )


class RecoverForm(CheckedForm):
    reason = forms.CharField(
        label=_("Lý do thu hồi"),
        max_length=255,
        help_text=_("Căn cứ phát hiện chi sai, ví dụ: biên bản xác minh không hỏa táng."),
    )


class EnrolmentFilterForm(forms.Form):
    nam_hoc = forms.IntegerField(
        label=_("Năm học bắt đầu"),
        required=False,
        min_value=2014,
        max_value=2100,
        widget=forms.NumberInput(attrs={"class": "form-control"}),
    )
    tinh_trang = forms.ChoiceField(
        label=_("Tình trạng"),
        choices=[("", _("Tất cả")), *EnrolmentStatus.choices],
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )


class EnrolmentForm(CheckedForm):
    full_name = forms.CharField(label=_("Họ và tên"), max_length=150)
    citizen_id = forms.CharField(label=_("Số định danh cá nhân"), max_length=12, min_length=12)
    programme = forms.ChoiceField(label=_("Chính sách"), choices=Programme.choices)
    school_year = forms.IntegerField(
        label=_("Năm học bắt đầu"), min_value=2014, max_value=2100, help_text=_("Ví dụ 2024 cho năm học 2024-2025")
    )
    school_name = forms.CharField(label=_("Cơ sở giáo dục"), max_length=200)
    course = forms.CharField(label=_("Ngành, lớp"), max_length=120, required=False)
    higher_education = forms.BooleanField(label=_("Đại học, cao đẳng"), required=False)
    evidence = forms.CharField(
        label=_("Minh chứng đang học năm học này"),
        max_length=200,
        help_text=_("Giấy xác nhận của nhà trường: số, ngày"),
    )


class StudentUploadForm(forms.Form):
    file = forms.FileField(label=_("Tệp danh sách (.xlsx)"))

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Hãy chọn tệp Excel dạng .xlsx."))
        return upload


class AnswerForm(CheckedForm):
    confirm = forms.TypedChoiceField(
        label=_("Kết quả xác nhận"),
        choices=[("1", _("Xác nhận")), ("0", _("Không xác nhận"))],
        coerce=lambda value: value == "1",
    )
    reason = forms.CharField(label=_("Lý do không xác nhận"), max_length=255, required=False)


class LeaveForm(CheckedForm):
    left_on = forms.DateField(label=_("Thôi học từ ngày"))
    reason = forms.CharField(label=_("Lý do"), max_length=255, required=False)


class InstalmentFilterForm(forms.Form):
    nam_hoc = forms.IntegerField(
        label=_("Năm học bắt đầu"),
        min_value=2014,
        max_value=2100,
        widget=forms.NumberInput(attrs={"class": "form-control"}),
    )
    lan = forms.TypedChoiceField(
        label=_("Lần chi"),
        choices=[("1", _("Lần 1 (tháng 10, 11)")), ("2", _("Lần 2 (tháng 3, 4)"))],
        coerce=int,
        widget=forms.Select(attrs={"class": "form-select"}),
    )


class RoundForm(CheckedForm):
    name = forms.CharField(label=_("Tên đợt hỗ trợ"), max_length=150, help_text=_("Ví dụ: Bão số 3 (Yagi) 9/2024"))
    kind = forms.ChoiceField(label=_("Loại"), choices=RoundKind.choices)
    occurred_on = forms.DateField(label=_("Ngày xảy ra (hoặc ngày Tết)"))
    rice_months = forms.IntegerField(
        label=_("Số tháng hỗ trợ gạo"),
        min_value=1,
        max_value=12,
        initial=1,
        help_text=_("Tết: 1 tháng; thiên tai: tối đa 3 tháng"),
    )


class RoundLineForm(CheckedForm):
    village = forms.ModelChoiceField(queryset=AdministrativeUnit.objects.none(), label=_("Thôn, tổ dân phố"))
    kind = forms.ChoiceField(label=_("Nhu cầu hỗ trợ"), choices=NeedKind.choices)
    household_head = forms.CharField(label=_("Chủ hộ (người nhận)"), max_length=150)
    address = forms.CharField(label=_("Địa chỉ"), max_length=255, required=False)
    people = forms.IntegerField(label=_("Số người trong hộ"), min_value=1, max_value=99, initial=1)
    person_name = forms.CharField(
        label=_("Người bị thương, chết, mất tích"),
        max_length=150,
        required=False,
        help_text=_("Chỉ khi hỗ trợ người bị thương, chết"),
    )

    def __init__(self, *args: Any, villages: QuerySet[AdministrativeUnit] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if villages is not None:
            self.fields["village"].queryset = villages  # type: ignore[attr-defined]


class InstalmentsPayForm(forms.Form):
    paid_on = forms.DateField(label=_("Ngày chi"), required=False)
