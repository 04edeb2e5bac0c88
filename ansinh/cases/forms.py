from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any, Protocol

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from ansinh.cases.models import DossierGround, DossierKind, Entitlement, FormCode
from ansinh.core.access import Actor
from ansinh.core.forms import CheckedForm
from ansinh.core.uploads import SCAN, UploadField
from ansinh.rules.formatting import format_coefficient
from ansinh.territory.models import AdministrativeUnit
from ansinh.territory.policies import unit_policy

MAX_UPLOAD_BYTES = 20 * 1024 * 1024


class RegisterImportForm(CheckedForm):
    commune = forms.ModelChoiceField(queryset=AdministrativeUnit.objects.none(), label=_("Xã, thị trấn"))
    file = forms.FileField(label=_("Tệp Excel (.xlsx)"), help_text=_("Theo mẫu; tối đa 20 MB."))

    def __init__(self, *args: object, actor: Actor, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = unit_policy.visible_communes(actor)  # type: ignore[attr-defined]

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError("Hãy chọn tệp Excel dạng .xlsx (Excel 2007 trở lên).")
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("Tệp lớn hơn 20 MB: hãy tách thành nhiều tệp.")
        return upload


# --- Dossiers -----------------------------------------------------------------------------------


class DossierOpenForm(CheckedForm):
    """One form for every dossier type: a grant (forms 1a–1đ, 2a, 2b, 03), an adjustment, a
    suspension, a resumption with arrears, a stop, a move, funeral support (form 04). The action
    says which fields each type needs."""

    kind = forms.ChoiceField(label=_("Loại hồ sơ"), choices=DossierKind.choices)
    form_code = forms.ChoiceField(
        label=_("Mẫu tờ khai"),
        choices=[("", "—"), *FormCode.choices],
        required=False,
        help_text=_(
            "Hưởng trợ cấp: 1a–1đ, 2a, 2b, 03 (bỏ trống để chọn theo diện); hỗ trợ mai táng: 04; hỏa táng: HT."
        ),
    )
    category_code = forms.CharField(
        label=_("Diện đề nghị"),
        max_length=8,
        required=False,
        widget=forms.Select(choices=[("", "—")]),
        help_text=_("Chọn theo tên diện (NĐ 20/2021, Điều 5); gợi ý của máy tính ở bên cạnh."),
    )
    coefficient = forms.CharField(
        label=_("Hệ số đề nghị"), max_length=6, required=False, help_text=_("Chỉ khi điều chỉnh, ví dụ 2,0")
    )
    ground = forms.ChoiceField(
        label=_("Lý do tạm dừng, thôi hưởng, chuyển"), choices=[("", "—"), *DossierGround.choices], required=False
    )
    ground_date = forms.DateField(label=_("Ngày phát sinh lý do"), required=False)
    target_commune = forms.ModelChoiceField(
        queryset=AdministrativeUnit.objects.none(), label=_("Chuyển đến xã, thị trấn"), required=False
    )
    external_place = forms.CharField(label=_("Nơi chuyển đi, chuyển đến ngoài huyện"), max_length=255, required=False)
    entitlement = forms.ModelChoiceField(
        queryset=Entitlement.objects.none(),
        label=_("Chế độ đang hưởng cần xử lý"),
        required=False,
        help_text=_(
            "Người này hưởng nhiều chế độ: chọn chế độ cần điều chỉnh, tạm dừng hoặc tiếp tục. Thôi hưởng, chuyển "
            "nơi hưởng: để trống là tất cả các chế độ."
        ),
    )

    def __init__(
        self,
        *args: Any,
        communes: QuerySet[AdministrativeUnit] | None = None,
        entitlements: QuerySet[Entitlement] | None = None,
        category_label: Callable[[str], str] = str,
        categories: Sequence[tuple[str, str]] = (),
        **kwargs: Any,
    ) -> None:
        """`entitlements`: the person's open ones; the choice is offered only when there are several.
        `category_label` prints a category as the user may see it (5.3, 5.8 masked for some).
        `categories`: the (code, "code · name") list to pick the category from (intake.category_choices)."""
        super().__init__(*args, **kwargs)
        if categories:
            self.fields["category_code"].widget.choices = list(categories)
        if communes is not None:
            self.fields["target_commune"].queryset = communes  # type: ignore[attr-defined]
        if entitlements is None or entitlements.count() < 2:
            del self.fields["entitlement"]
            return
        field = self.fields["entitlement"]
        field.queryset = entitlements.order_by("start_month", "pk")  # type: ignore[attr-defined]
        field.label_from_instance = lambda item: _entitlement_label(item, category_label)  # type: ignore[attr-defined]


def _entitlement_label(entitlement: Entitlement, category_label: Callable[[str], str]) -> str:
    coefficient = f", hệ số {format_coefficient(entitlement.coefficient)}" if entitlement.coefficient else ""
    return f"Diện {category_label(entitlement.category_code)}{coefficient}, từ tháng {entitlement.start_month:%m/%Y}"


class DeclarationFieldSpec(Protocol):
    """One field of a declaration form as declared in cases/declarations.py (forms.md §1–2)."""

    @property
    def key(self) -> str: ...
    @property
    def label(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def required(self) -> bool: ...
    @property
    def choices(self) -> Sequence[tuple[str, str]]: ...


YES_NO = [("", "—"), ("yes", _("Có")), ("no", _("Không"))]


def declaration_form_field(spec: DeclarationFieldSpec) -> forms.Field:
    """The form field for one declared item; tables (children, supporters) are typed one per line.
    Nothing is required while the declaration is being filled: the required items are checked when
    the dossier is received (transitions.dossier_transition "submit"), and marked in their help text."""
    common: dict[str, Any] = {"label": spec.label, "required": False}
    match spec.kind:
        case "date":
            return forms.DateField(**common)
        case "number":
            return forms.IntegerField(min_value=0, **common)
        case "money":
            return forms.IntegerField(min_value=0, help_text=_("đồng"), **common)
        case "yesno":
            return forms.ChoiceField(choices=YES_NO, **common)
        case "choice":
            return forms.ChoiceField(choices=[("", "—"), *spec.choices], **common)
        case "month":
            return forms.CharField(max_length=7, help_text=_("mm/yyyy"), **common)
        case "longtext" | "table":
            help_text = _("Mỗi người một dòng") if spec.kind == "table" else ""
            return forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), help_text=help_text, **common)
        case _:
            return forms.CharField(max_length=255, **common)


class DeclarationForm(CheckedForm):
    """A declaration form (tờ khai) built from its field definitions; values are kept as text so the
    dossier's JSON reads back exactly what was typed, dates as dd/mm/yyyy."""

    def __init__(
        self, *args: Any, fields: Sequence[DeclarationFieldSpec], title: str = "", subtitle: str = "", **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.title, self.subtitle = title, subtitle
        for spec in fields:
            self.fields[spec.key] = declaration_form_field(spec)
            if spec.required:
                self.fields[spec.key].help_text = _("Bắt buộc khi tiếp nhận hồ sơ.")

    def declaration(self) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for key, value in self.cleaned_data.items():
            if isinstance(value, date):
                values[key] = value.isoformat()
            elif value not in (None, ""):
                values[key] = value
        return values


def declaration_initial(values: dict[str, Any]) -> dict[str, Any]:
    """A saved declaration as the form shows it: dates as dates, Có/Không as "yes"/"no", a table one
    row per line."""
    initial: dict[str, Any] = {}
    for key, value in values.items():
        if isinstance(value, bool):
            initial[key] = "yes" if value else "no"
        elif isinstance(value, list):
            initial[key] = "\n".join(
                ", ".join(str(cell) for cell in row.values() if cell not in (None, ""))
                if isinstance(row, dict)
                else str(row)
                for row in value
            )
        elif _is_iso_date(value):
            initial[key] = date.fromisoformat(value)
        else:
            initial[key] = value
    return initial


def _typed_row(row: object) -> str:
    if isinstance(row, dict):
        return ", ".join(str(cell) for cell in row.values() if cell not in (None, ""))
    return str(row)


def _is_iso_date(value: object) -> bool:
    if not isinstance(value, str) or len(value) != 10:
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


class AttachmentForm(CheckedForm):
    document_code = forms.ChoiceField(label=_("Loại giấy tờ"), choices=())
    file = UploadField(kind=SCAN, label=_("Tệp (ảnh chụp, bản scan)"), help_text=_("PDF, JPEG hoặc PNG; tối đa 10 MB."))

    def __init__(self, *args: Any, choices: Sequence[tuple[str, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["document_code"].choices = list(choices)  # type: ignore[attr-defined]
        self.fields["document_code"].widget.attrs["class"] = "form-select"


class PostingStartForm(CheckedForm):
    starts_on = forms.DateField(
        label=_("Niêm yết từ ngày"), help_text=_("Ngày dán danh sách tại trụ sở; niêm yết 2 ngày làm việc.")
    )
    start_reason = forms.CharField(
        label=_("Lý do ghi ngày đã qua"),
        required=False,
        max_length=500,
        help_text=_("Bắt buộc khi ngày bắt đầu trước hôm nay; không trước ngày tiếp nhận hồ sơ."),
    )


class ComplaintForm(CheckedForm):
    received_on = forms.DateField(label=_("Ngày nhận"))
    complainant = forms.CharField(label=_("Người khiếu nại, thắc mắc"), max_length=150)
    content = forms.CharField(label=_("Nội dung"), widget=forms.Textarea(attrs={"rows": 2}))


class ComplaintResolveForm(CheckedForm):
    resolution = forms.CharField(label=_("Kết quả giải quyết"), widget=forms.Textarea(attrs={"rows": 2}))


class DecisionScanForm(CheckedForm):
    scan = UploadField(
        kind=SCAN, label=_("Bản scan quyết định đã ký"), help_text=_("PDF, JPEG hoặc PNG; tối đa 10 MB.")
    )


# --- One-step reports (journeys.md: "records it in one short form") ----------------------------


class DeathReportForm(CheckedForm):
    died_on = forms.DateField(label=_("Ngày chết"))
    source = forms.CharField(
        label=_("Nguồn tin"), max_length=255, help_text=_("Trưởng thôn, giấy chứng tử, tư pháp xã, bưu điện…")
    )


class MoveReportForm(CheckedForm):
    moved_on = forms.DateField(label=_("Ngày chuyển đi"))
    target_commune = forms.ModelChoiceField(
        queryset=AdministrativeUnit.objects.none(),
        label=_("Chuyển đến xã, thị trấn trong huyện"),
        required=False,
        help_text=_("Bỏ trống nếu chuyển ra ngoài huyện."),
    )
    external_place = forms.CharField(label=_("Hoặc nơi chuyển đến ngoài huyện"), max_length=255, required=False)
    source = forms.CharField(label=_("Căn cứ"), max_length=255, help_text=_("Đơn đề nghị, xác nhận cư trú…"))

    def __init__(self, *args: Any, communes: QuerySet[AdministrativeUnit] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if communes is not None:
            self.fields["target_commune"].queryset = communes  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("target_commune") and not str(data.get("external_place", "")).strip():
            raise forms.ValidationError("Hãy chọn xã chuyển đến, hoặc ghi nơi chuyển đến ngoài huyện.")
        return data
