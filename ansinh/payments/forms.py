"""Forms of the payment pages: they only parse input; the actions validate and write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ansinh.core.access import Actor
from ansinh.core.forms import CheckedForm
from ansinh.core.months import YearMonth
from ansinh.core.uploads import SCAN, UploadField
from ansinh.payments.models import PayeeKind
from ansinh.rules.forms import MonthField
from ansinh.territory.models import AdministrativeUnit
from ansinh.territory.policies import unit_policy

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MONTH_HELP = _("mm/yyyy, ví dụ 08/2024.")
RESULT_KINDS = [
    (PayeeKind.BENEFICIARY.value, PayeeKind.BENEFICIARY.label),
    (PayeeKind.AUTHORISED.value, PayeeKind.AUTHORISED.label),
    (PayeeKind.GUARDIAN.value, PayeeKind.GUARDIAN.label),
    (PayeeKind.NAMED.value, PayeeKind.NAMED.label),
    (PayeeKind.OTHER.value, PayeeKind.OTHER.label),
]


def month_of(form: forms.Form, field: str = "month") -> YearMonth:
    return YearMonth.parse(form.cleaned_data[field])


class _CommuneChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.full_name)


class GenerateForm(CheckedForm):
    month = MonthField(label=_("Tháng chi trả"), help_text=MONTH_HELP)
    commune = _CommuneChoice(
        queryset=AdministrativeUnit.objects.none(),
        label=_("Xã, thị trấn"),
        required=False,
        empty_label=_("Tất cả các xã trong địa bàn"),
    )

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = unit_policy.visible_communes(actor)  # type: ignore[attr-defined]


class LineResultForm(CheckedForm):
    """One line's result recorded on screen by the post office."""

    line = forms.IntegerField(widget=forms.HiddenInput)
    paid_on = forms.DateField(label=_("Ngày chi trả"), required=False)
    paid_to_name = forms.CharField(label=_("Người nhận tiền"), max_length=150, required=False)
    paid_to_kind = forms.ChoiceField(label=_("Nhận với tư cách"), choices=[("", "—"), *RESULT_KINDS], required=False)
    not_paid_reason = forms.CharField(label=_("Lý do không chi trả"), max_length=255, required=False)
    reason = forms.CharField(
        label=_("Lý do sửa kết quả"),
        max_length=255,
        required=False,
        help_text=_("Bắt buộc khi sửa một kết quả đã ghi."),
    )


class ResultsUploadForm(CheckedForm):
    file = forms.FileField(
        label=_("Tệp kết quả chi trả (.xlsx)"),
        help_text=_("Tệp danh sách đã tải về từ hệ thống, đã ghi cột kết quả; tối đa 20 MB."),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Hãy chọn tệp Excel dạng .xlsx (Excel 2007 trở lên)."))
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("Tệp lớn hơn 20 MB."))
        return upload


class ReportForm(CheckedForm):
    month = MonthField(label=_("Tháng báo cáo"), help_text=MONTH_HELP)
    notes = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class FeedbackForm(CheckedForm):
    commune = _CommuneChoice(queryset=AdministrativeUnit.objects.none(), label=_("Xã, thị trấn"))
    month = MonthField(label=_("Tháng"), help_text=MONTH_HELP)
    rating = forms.TypedChoiceField(
        label=_("Mức hài lòng"),
        coerce=int,
        choices=[(5, _("5 — Rất hài lòng")), (4, "4"), (3, "3"), (2, "2"), (1, _("1 — Không hài lòng"))],
    )
    comment = forms.CharField(
        label=_("Ý kiến của người hưởng"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = unit_policy.visible_communes(actor)  # type: ignore[attr-defined]


class AuthorisationForm(CheckedForm):
    authorised_name = forms.CharField(label=_("Họ tên người được ủy quyền"), max_length=150)
    authorised_citizen_id = forms.CharField(label=_("Số CCCD người được ủy quyền"), max_length=12, required=False)
    relation = forms.CharField(label=_("Quan hệ với người hưởng"), max_length=60, required=False)
    reference = forms.CharField(label=_("Số, ngày giấy ủy quyền"), max_length=120)
    valid_from = forms.DateField(label=_("Có hiệu lực từ ngày"))
    valid_to = forms.DateField(label=_("Đến ngày"), required=False, help_text=_("Để trống nếu không ghi thời hạn."))
    scan = UploadField(
        kind=SCAN,
        label=_("Bản chụp giấy ủy quyền"),
        required=False,
        help_text=_("PDF, JPEG hoặc PNG; tối đa 10 MB."),
    )


class RevokeForm(CheckedForm):
    on = forms.DateField(label=_("Hủy từ ngày"))
    reason = forms.CharField(label=_("Lý do hủy"), max_length=255)


class RepayForm(CheckedForm):
    amount = forms.IntegerField(label=_("Số tiền nộp lại (đồng)"), min_value=1)
    on = forms.DateField(label=_("Ngày nộp"))
    reference = forms.CharField(label=_("Số biên lai, chứng từ"), max_length=120, required=False)


class WriteOffForm(CheckedForm):
    decision_reference = forms.CharField(label=_("Số, ngày quyết định miễn thu hồi"), max_length=120)
    on = forms.DateField(label=_("Ngày quyết định"))
    reason = forms.CharField(label=_("Lý do"), max_length=255, required=False)


class OffsetForm(CheckedForm):
    offset_recoveries = forms.BooleanField(label=_("Khấu trừ khoản thu hồi vào kỳ chi trả sau"), required=False)
    reference = forms.CharField(label=_("Căn cứ (văn bản của huyện)"), max_length=120, required=False)


class RateChangeForm(CheckedForm):
    before = MonthField(label=_("So với tháng"), help_text=MONTH_HELP)
    after = MonthField(label=_("Tháng áp dụng mức mới"), help_text=MONTH_HELP)
