from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ansinh.core.forms import CheckedForm, CheckedModelForm
from ansinh.core.months import YearMonth
from ansinh.core.uploads import DOCUMENT, UploadField
from ansinh.rules.models import Confidence, DocumentStatus, DocumentType, LegalDocument, Parameter
from ansinh.rules.parameters import KNOWN, parameter_kind

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise as StrOrPromise
else:
    StrOrPromise = str

DATE_HELP = _("dd/mm/yyyy")


def parameter_key_choices() -> list[tuple[str, str]]:
    keys = list(KNOWN)
    stored = Parameter.objects.values_list("key", flat=True).distinct()
    keys += sorted(key for key in stored if key not in KNOWN)
    return [(key, kind.name if (kind := parameter_kind(key)) else key) for key in keys]


class ParameterForm(CheckedForm):
    key = forms.ChoiceField(label=_("Tham số"))
    value = forms.DecimalField(
        label=_("Giá trị"),
        max_digits=16,
        decimal_places=4,
        help_text=_("Số tiền ghi bằng đồng (500000); tỷ lệ ghi dạng thập phân (0,045)."),
    )
    valid_from = forms.DateField(label=_("Áp dụng từ ngày"), help_text=DATE_HELP)
    valid_to = forms.DateField(
        label=_("Áp dụng đến ngày"), required=False, help_text=_("Để trống nếu chưa có ngày kết thúc.")
    )
    source = forms.ModelChoiceField(label=_("Văn bản quy định"), queryset=LegalDocument.objects.order_by("short_name"))
    clause = forms.CharField(label=_("Điều, khoản"), max_length=200, help_text=_("Ví dụ: Điều 1 khoản 1"))
    confidence = forms.ChoiceField(label=_("Mức tin cậy"), choices=Confidence.choices, initial=Confidence.CONFIRMED)
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    close_previous = forms.BooleanField(
        label=_("Kết thúc giá trị đang áp dụng vào ngày trước ngày bắt đầu của giá trị mới"), required=False
    )
    reason = forms.CharField(label=_("Lý do thay đổi"), max_length=500, required=False)

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        key_field = self.fields["key"]
        assert isinstance(key_field, forms.ChoiceField)
        key_field.choices = parameter_key_choices()
        if editing:
            self.fields["key"].disabled = True
            del self.fields["close_previous"]
            self.fields["reason"].required = True


class DocumentForm(CheckedModelForm):
    url = forms.URLField(label=_("Đường dẫn"), max_length=500, required=False, assume_scheme="https")
    reason = forms.CharField(label=_("Lý do thay đổi"), max_length=500, required=False)
    file = UploadField(
        kind=DOCUMENT,
        label=_("Tệp đính kèm"),
        required=False,
        widget=forms.ClearableFileInput,
        help_text=_("PDF, DOCX (Word), JPEG hoặc PNG; tối đa 20 MB."),
    )

    class Meta:
        model = LegalDocument
        fields = [
            "number",
            "short_name",
            "document_type",
            "issuer",
            "signed_on",
            "effective_from",
            "effective_to",
            "title",
            "status",
            "url",
            "file",
            "confidence",
            "note",
        ]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, choices in (("document_type", DocumentType.choices), ("status", DocumentStatus.choices)):
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = choices
        for name in ("signed_on", "effective_from", "effective_to"):
            self.fields[name].help_text = DATE_HELP
        if editing:
            self.fields["reason"].required = True
        else:
            del self.fields["reason"]

    def validate_unique(self) -> None:
        """Uniqueness is the action's check (with a Vietnamese message)."""


# --- The public checker: plain questions, no legal words --------------------------------------

YES_NO = [("0", _("Không")), ("1", _("Có"))]
HOUSEHOLD_CHOICES = [("none", _("Không")), ("poor", _("Hộ nghèo")), ("near_poor", _("Hộ cận nghèo"))]
DISABILITY_CHOICES = [
    ("", _("Không khuyết tật")),
    ("mild", _("Khuyết tật nhẹ")),
    ("severe", _("Khuyết tật nặng")),
    ("especially_severe", _("Khuyết tật đặc biệt nặng")),
]
CARE_CHOICES = [
    ("", _("Không")),
    ("household_member:5.6", _("Người khuyết tật đặc biệt nặng trong gia đình mình")),
    ("taken_in:5.1", _("Trẻ em mồ côi, bị bỏ rơi hoặc không có người nuôi mà gia đình nhận nuôi")),
    ("taken_in:5.5d", _("Người cao tuổi không nơi nương tựa mà gia đình nhận chăm sóc")),
    ("taken_in:5.6", _("Người khuyết tật đặc biệt nặng mà gia đình nhận chăm sóc")),
]
CHILD_SLOTS = 3
CARE_SLOTS = 2


def _yes_no(label: StrOrPromise, help_text: StrOrPromise = "") -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=YES_NO,
        coerce=lambda value: value == "1",
        empty_value=None,
        required=False,
        initial="0",
        widget=forms.RadioSelect,
        help_text=help_text,
    )


class MonthField(forms.CharField):
    def to_python(self, value: Any) -> str:
        text = (super().to_python(value) or "").strip()
        if not text:
            return ""
        month, _sep, year = text.partition("/")
        if not (month.isdigit() and year.isdigit() and len(year) == 4):
            raise forms.ValidationError(_("Ghi tháng dạng mm/yyyy, ví dụ 08/2024."))
        try:
            return str(YearMonth(int(year), int(month)))
        except ValueError:
            raise forms.ValidationError(_("Ghi tháng dạng mm/yyyy, ví dụ 08/2024.")) from None


class PublicCheckForm(CheckedForm):
    birth_date = forms.DateField(label=_("Người cần kiểm tra sinh ngày nào?"), help_text=DATE_HELP)
    month = MonthField(
        label=_("Kiểm tra cho tháng nào?"), help_text=_("mm/yyyy; để trống là tháng này."), required=False
    )
    household = forms.ChoiceField(
        label=_("Gia đình có thuộc hộ nghèo hoặc cận nghèo không?"),
        choices=HOUSEHOLD_CHOICES,
        initial="none",
        widget=forms.RadioSelect,
    )
    disability = forms.ChoiceField(
        label=_("Người đó có khuyết tật không? Nếu có, giấy xác nhận khuyết tật ghi mức độ nào?"),
        choices=DISABILITY_CHOICES,
        required=False,
        widget=forms.RadioSelect,
    )
    difficult_area = _yes_no(
        _("Gia đình có sống ở xã, thôn đặc biệt khó khăn vùng dân tộc thiểu số và miền núi không?")
    )
    without_support = _yes_no(
        _("Người đó có phải là trẻ em bị bỏ rơi, mồ côi cả cha lẫn mẹ, hoặc không còn ai nuôi dưỡng không?"),
        _("Ví dụ: cha mẹ đã mất, mất tích, đang ở tù hoặc ở trại; với người từ 16 tuổi: đã như vậy từ trước 16 tuổi."),
    )
    studying = _yes_no(_("Người đó có đang đi học không (phổ thông, học nghề, trung cấp, cao đẳng, đại học)?"))
    no_supporter = _yes_no(
        _("Người đó có phải không có con cháu hay ai có trách nhiệm nuôi dưỡng không?"),
        _("Chọn “Có” cả khi người nuôi dưỡng cũng đang hưởng trợ cấp xã hội hằng tháng."),
    )
    taken_in = _yes_no(_("Người đó có không tự sống được và đang được một gia đình trong xóm nhận chăm sóc không?"))
    pension = _yes_no(_("Người đó có lương hưu hoặc trợ cấp bảo hiểm xã hội hằng tháng không?"))
    stable_income = _yes_no(_("Người đó có thu nhập đều hằng tháng không (tiền lương, lương hưu, trợ cấp)?"))
    hiv = _yes_no(_("Người đó có bị nhiễm HIV không?"), _("Thông tin này không được lưu lại và không niêm yết."))
    single_parent = _yes_no(_("Người đó có đang một mình nuôi con không (chưa lập gia đình, hoặc vợ/chồng đã mất)?"))
    pregnant = _yes_no(_("Người đó có đang mang thai không?"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for slot in range(1, CHILD_SLOTS + 1):
            self.fields[f"child_{slot}_birth_date"] = forms.DateField(
                label=_("Con thứ %(n)s sinh ngày nào?") % {"n": slot}, required=False, help_text=DATE_HELP
            )
            self.fields[f"child_{slot}_studying"] = forms.BooleanField(
                label=_("Con thứ %(n)s đang đi học") % {"n": slot}, required=False
            )
        for slot in range(1, CARE_SLOTS + 1):
            self.fields[f"care_{slot}_kind"] = forms.ChoiceField(
                label=_("Gia đình có đang chăm sóc ai khác không? (người thứ %(n)s)") % {"n": slot},
                choices=CARE_CHOICES,
                required=False,
            )
            self.fields[f"care_{slot}_birth_date"] = forms.DateField(
                label=_("Người được chăm sóc thứ %(n)s sinh ngày nào?") % {"n": slot},
                required=False,
                help_text=DATE_HELP,
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for slot in range(1, CARE_SLOTS + 1):
            if cleaned.get(f"care_{slot}_kind") and not cleaned.get(f"care_{slot}_birth_date"):
                self.add_error(f"care_{slot}_birth_date", _("Hãy ghi ngày sinh của người được chăm sóc."))
        return cleaned

    def facts_input(self) -> dict[str, Any]:
        """The contract's input object (contracts.md §2) from the answers."""
        data = self.cleaned_data
        month = data.get("month") or str(YearMonth.of(timezone.localdate()))
        children = [
            {"birth_date": _iso(data[f"child_{slot}_birth_date"]), "studying": data[f"child_{slot}_studying"]}
            for slot in range(1, CHILD_SLOTS + 1)
            if data.get(f"child_{slot}_birth_date")
        ]
        cares_for = []
        for slot in range(1, CARE_SLOTS + 1):
            if kind_and_category := data.get(f"care_{slot}_kind"):
                kind, category = kind_and_category.split(":")
                cares_for.append(
                    {
                        "kind": kind,
                        "category": category,
                        "birth_date": _iso(data[f"care_{slot}_birth_date"]),
                        "disability": "especially_severe" if category == "5.6" else None,
                    }
                )
        flags = ["difficult_area", "without_support", "studying", "no_supporter", "taken_in", "pension"]
        flags += ["stable_income", "hiv", "single_parent", "pregnant"]
        return {
            "id": "kiem-tra",
            "month": month,
            "birth_date": _iso(data["birth_date"]),
            "household": data["household"],
            "disability": data.get("disability") or None,
            **{flag: bool(data.get(flag)) for flag in flags},
            "children": children,
            "cares_for": cares_for,
        }


def _iso(day: date) -> str:
    return day.isoformat()


# Where a calculator error lands on the public form.
ERROR_FIELDS = {"month": "month", "birth_date": "birth_date"}


def error_field(input_field: str) -> str | None:
    if input_field in ERROR_FIELDS:
        return ERROR_FIELDS[input_field]
    for prefix, slot_name in (("children[", "child_{}_birth_date"), ("cares_for[", "care_{}_birth_date")):
        if input_field.startswith(prefix):
            index = int(input_field[len(prefix) : input_field.index("]")])
            return slot_name.format(index + 1)
    return None
