from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ansinh.core.access import Actor
from ansinh.territory.models import AdministrativeUnit
from ansinh.territory.policies import unit_policy

MAX_UPLOAD_BYTES = 20 * 1024 * 1024


class RegisterImportForm(forms.Form):
    commune = forms.ModelChoiceField(queryset=AdministrativeUnit.objects.none(), label=_("Xã, thị trấn"))
    file = forms.FileField(label=_("Tệp Excel (.xlsx)"), help_text=_("Theo mẫu; tối đa 20 MB."))

    def __init__(self, *args: object, actor: Actor, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["commune"].queryset = unit_policy.visible_communes(actor)  # type: ignore[attr-defined]

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError("Hãy chọn tệp Excel dạng .xlsx (Excel 2007 trở lên).")
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("Tệp lớn hơn 20 MB: hãy tách thành nhiều tệp.")
        return upload
