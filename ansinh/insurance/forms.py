"""Forms of the BHYT pages: they only parse input; the actions validate and write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ansinh.core.forms import CheckedForm
from ansinh.rules.forms import MonthField

MAX_UPLOAD_BYTES = 20 * 1024 * 1024


class PrepareForm(CheckedForm):
    month = MonthField(label=_("Tháng"), help_text=_("mm/yyyy, ví dụ 08/2024."))
    commune = forms.IntegerField(widget=forms.HiddenInput)


class CardForm(CheckedForm):
    number = forms.CharField(label=_("Mã thẻ BHYT"), max_length=15)
    valid_from = forms.DateField(label=_("Giá trị từ ngày"))
    valid_to = forms.DateField(label=_("Giá trị đến ngày"), required=False)


class ReturnForm(CheckedForm):
    reason = forms.CharField(label=_("Lý do trả lại"), max_length=255)


class CardsUploadForm(CheckedForm):
    file = forms.FileField(
        label=_("Tệp mã thẻ BHYT (.xlsx)"),
        help_text=_("Tệp danh sách đã tải về, đã ghi cột mã thẻ và ngày có giá trị; tối đa 20 MB."),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Hãy chọn tệp Excel dạng .xlsx (Excel 2007 trở lên)."))
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("Tệp lớn hơn 20 MB."))
        return upload


class OtherSchemeForm(CheckedForm):
    scheme = forms.CharField(label=_("Có thẻ BHYT theo đối tượng khác"), max_length=150)
    valid_from = forms.DateField(label=_("Từ ngày"))
    valid_to = forms.DateField(label=_("Đến ngày"), required=False)


class OtherSchemeChangeForm(CheckedForm):
    scheme = forms.CharField(label=_("Có thẻ BHYT theo đối tượng khác"), max_length=150)
    valid_from = forms.DateField(label=_("Từ ngày"))
    valid_to = forms.DateField(
        label=_("Đến ngày"), required=False, help_text=_("Ngày cuối cùng có thẻ theo đối tượng khác (để kết thúc)")
    )
    reason = forms.CharField(label=_("Lý do kết thúc hoặc sửa"), max_length=255, required=False)
