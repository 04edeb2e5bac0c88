from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ansinh.core.forms import CheckedForm
from ansinh.territory.models import UnitType

VILLAGE_TYPE_CHOICES = [
    (UnitType.VILLAGE, UnitType.VILLAGE.label),
    (UnitType.HAMLET, UnitType.HAMLET.label),
    (UnitType.RESIDENTIAL_GROUP, UnitType.RESIDENTIAL_GROUP.label),
]


class VillageCreateForm(CheckedForm):
    name = forms.CharField(label=_("Tên thôn, tổ dân phố"), max_length=100)
    unit_type = forms.ChoiceField(label=_("Loại"), choices=VILLAGE_TYPE_CHOICES, initial=UnitType.VILLAGE)
    valid_from = forms.DateField(
        label=_("Hiệu lực từ ngày"), required=False, help_text=_("dd/mm/yyyy; để trống là hôm nay")
    )
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class VillageUpdateForm(CheckedForm):
    name = forms.CharField(label=_("Tên thôn, tổ dân phố"), max_length=100)
    valid_to = forms.DateField(
        label=_("Hiệu lực đến ngày"),
        required=False,
        help_text=_("Chỉ ghi khi thôn giải thể hoặc sáp nhập (dd/mm/yyyy)."),
    )
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    reason = forms.CharField(label=_("Lý do thay đổi"), max_length=500)


class UnitFilterForm(CheckedForm):
    q = forms.CharField(label=_("Tìm theo tên hoặc mã"), required=False)
    on = forms.DateField(label=_("Đang hiệu lực vào ngày"), required=False, help_text=_("dd/mm/yyyy"))


class ChangeApplyForm(CheckedForm):
    confirm = forms.BooleanField(
        label=_("Tôi đã đọc báo cáo chạy thử và xác nhận áp dụng sắp xếp này vào sổ"),
        error_messages={"required": _("Hãy đánh dấu xác nhận trước khi áp dụng.")},
    )
