from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ansinh.core.access import Actor
from ansinh.core.forms import CheckedForm
from ansinh.registry.ethnicities import ETHNICITIES, KINH
from ansinh.registry.models import (
    SUPPORT_VALUES,
    DisabilityLevel,
    DisabilityType,
    FactKind,
    LifeStatus,
    PovertyStatus,
    Relationship,
    Sex,
    SupportSituation,
)
from ansinh.territory.models import AdministrativeUnit, UnitLevel
from ansinh.territory.policies import unit_policy

YEAR_ONLY = re.compile(r"^\d{4}$")


def parse_birth(text: str) -> tuple[date | None, int]:
    """ "dd/mm/yyyy" or a year alone (old records); raise ValueError in Vietnamese."""
    text = text.strip()
    if YEAR_ONLY.match(text):
        return None, int(text)
    for pattern in ("%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"):
        try:
            day = datetime.strptime(text, pattern).date()
        except ValueError:
            continue
        return day, day.year
    raise ValueError(f"“{text}” không phải ngày sinh dạng dd/mm/yyyy hoặc năm sinh yyyy.")


class BirthField(forms.Field):
    def to_python(self, value: Any) -> tuple[date | None, int] | None:
        text = str(value or "").strip()
        if not text:
            return None
        try:
            return parse_birth(text)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from error


class ScopedPlaceMixin(CheckedForm):
    commune = forms.ModelChoiceField(queryset=AdministrativeUnit.objects.none(), label=_("Xã, thị trấn"))
    village = forms.ModelChoiceField(
        queryset=AdministrativeUnit.objects.none(), label=_("Thôn, tổ dân phố"), required=False
    )

    def scope_places(self, actor: Actor) -> None:
        visible = unit_policy.visible(actor)
        self.fields["commune"].queryset = unit_policy.visible_communes(actor)  # type: ignore[attr-defined]
        self.fields["village"].queryset = visible.filter(level=UnitLevel.VILLAGE).select_related("parent")  # type: ignore[attr-defined]


class PersonForm(ScopedPlaceMixin):
    full_name = forms.CharField(label=_("Họ và tên"), max_length=150)
    birth = BirthField(label=_("Ngày sinh"), help_text=_("dd/mm/yyyy, hoặc chỉ năm sinh nếu hồ sơ cũ chỉ ghi năm"))
    sex = forms.ChoiceField(label=_("Giới tính"), choices=Sex.choices, widget=forms.RadioSelect)
    ethnicity = forms.ChoiceField(label=_("Dân tộc"), choices=ETHNICITIES, initial=KINH)
    citizen_id = forms.CharField(label=_("Số CCCD"), max_length=20, required=False, help_text=_("12 chữ số"))
    old_id_number = forms.CharField(label=_("Số CMND cũ"), max_length=12, required=False)
    phone = forms.CharField(label=_("Điện thoại"), max_length=20, required=False)
    address = forms.CharField(label=_("Địa chỉ chi tiết"), max_length=255, required=False)
    source = forms.CharField(label=_("Nguồn thông tin, giấy tờ"), max_length=255, required=False)
    field_order = ["full_name", "birth", "sex", "ethnicity", "citizen_id", "old_id_number", "commune", "village"]


class PersonEditForm(CheckedForm):
    full_name = forms.CharField(label=_("Họ và tên"), max_length=150)
    birth = BirthField(label=_("Ngày sinh"), help_text=_("dd/mm/yyyy hoặc năm sinh"))
    sex = forms.ChoiceField(label=_("Giới tính"), choices=Sex.choices, widget=forms.RadioSelect)
    ethnicity = forms.ChoiceField(label=_("Dân tộc"), choices=ETHNICITIES)
    citizen_id = forms.CharField(label=_("Số CCCD"), max_length=20, required=False)
    old_id_number = forms.CharField(label=_("Số CMND cũ"), max_length=12, required=False)
    phone = forms.CharField(label=_("Điện thoại"), max_length=20, required=False)
    address = forms.CharField(label=_("Địa chỉ chi tiết"), max_length=255, required=False)
    reason = forms.CharField(label=_("Lý do sửa"), max_length=500)


class MoveForm(ScopedPlaceMixin):
    moved_on = forms.DateField(label=_("Ngày chuyển đến"))
    source = forms.CharField(label=_("Căn cứ"), max_length=255)


class DeathForm(CheckedForm):
    status = forms.ChoiceField(
        label=_("Tình trạng"),
        choices=[(LifeStatus.DEAD, _("Đã chết")), (LifeStatus.MISSING, _("Bị tòa án tuyên bố mất tích"))],
        initial=LifeStatus.DEAD,
    )
    died_on = forms.DateField(label=_("Ngày chết / ngày tuyên bố mất tích"))
    source = forms.CharField(label=_("Nguồn tin"), max_length=255, help_text=_("Trưởng thôn, giấy chứng tử, bưu điện…"))


class FactForm(CheckedForm):
    kind = forms.ChoiceField(label=_("Loại thông tin"), choices=FactKind.choices)
    effective_from = forms.DateField(label=_("Có hiệu lực từ ngày"))
    disability_level = forms.ChoiceField(
        label=_("Mức độ khuyết tật"), choices=[("", "—"), *DisabilityLevel.choices], required=False
    )
    disability_types = forms.MultipleChoiceField(
        label=_("Dạng tật"), choices=DisabilityType.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    certificate_number = forms.CharField(label=_("Số giấy xác nhận khuyết tật"), max_length=50, required=False)
    certificate_date = forms.DateField(label=_("Ngày cấp giấy xác nhận"), required=False)
    support = forms.ChoiceField(
        label=_("Hoàn cảnh nuôi dưỡng, phụng dưỡng"),
        choices=[("", "—"), *SupportSituation.choices],
        required=False,
        help_text=_("Trẻ em mồ côi, bị bỏ rơi: diện 5.1. Người cao tuổi không ai phụng dưỡng: diện 5.5a."),
    )
    flag = forms.BooleanField(
        label=_("Có (đang đi học / có lương hưu, thu nhập ổn định / đơn thân / nhiễm HIV)"),
        required=False,
    )
    institution = forms.CharField(label=_("Trường, cơ sở đào tạo"), max_length=150, required=False)
    source = forms.CharField(label=_("Nguồn, giấy tờ"), max_length=255)

    def __init__(self, *args: Any, restricted: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not restricted:
            self.fields["kind"].choices = [c for c in FactKind.choices if c[0] != FactKind.HIV]  # type: ignore[attr-defined]
            self.fields["flag"].label = _(
                "Có (đang đi học / không nơi nương tựa / có lương hưu, thu nhập ổn định / đơn thân)"
            )

    def fact_value(self) -> dict[str, Any]:
        data = self.cleaned_data
        kind, flag = data["kind"], data["flag"]
        if kind == FactKind.DISABILITY:
            if not data["disability_level"]:
                raise forms.ValidationError({"disability_level": "Hãy chọn mức độ khuyết tật."})
            issued = data["certificate_date"]
            return {
                "level": data["disability_level"],
                "types": data["disability_types"],
                "certificate_number": data["certificate_number"],
                "certificate_date": issued.strftime("%d/%m/%Y") if issued else "",
            }
        if kind == FactKind.SUPPORT:
            if not data["support"]:
                raise forms.ValidationError({"support": "Hãy chọn hoàn cảnh nuôi dưỡng, phụng dưỡng."})
            return dict(SUPPORT_VALUES[data["support"]])
        values = {
            FactKind.SCHOOLING: {"studying": flag, "institution": data["institution"]},
            FactKind.INCOME: {"stable_income": flag},
            FactKind.MARITAL: {"single_parent": flag},
            FactKind.HIV: {"positive": flag},
        }
        return values[FactKind(kind)]


class SearchForm(CheckedForm):
    q = forms.CharField(label=_("Tìm theo tên (không cần dấu) hoặc số CCCD/CMND"), required=False)
    commune = forms.IntegerField(required=False, widget=forms.HiddenInput)
    status = forms.CharField(label=_("Tình trạng"), required=False)


class HouseholdJoinForm(CheckedForm):
    head = forms.CharField(
        label=_("Số CCCD của chủ hộ"),
        required=False,
        help_text=_("Để trống nếu người này là chủ hộ của một hộ mới."),
    )
    relationship = forms.ChoiceField(label=_("Quan hệ với chủ hộ"), choices=Relationship.choices)
    joined_on = forms.DateField(label=_("Từ ngày"))
    source = forms.CharField(label=_("Căn cứ"), max_length=255, help_text=_("Ví dụ: sổ hộ khẩu, CSDL dân cư"))


class PovertyForm(CheckedForm):
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    status = forms.ChoiceField(
        label=_("Phân loại"), choices=[("", _("Không thuộc danh sách")), *PovertyStatus.choices], required=False
    )
    source = forms.CharField(label=_("Quyết định công nhận"), max_length=255)


class GuardianForm(CheckedForm):
    guardian = forms.CharField(label=_("Số CCCD của người giám hộ, đại diện"), max_length=20)
    relation = forms.CharField(
        label=_("Quan hệ"), max_length=60, help_text=_("Ví dụ: con, cháu, người giám hộ theo quyết định")
    )


class DifficultAreaForm(CheckedForm):
    unit = forms.ModelChoiceField(queryset=AdministrativeUnit.objects.none(), label=_("Xã hoặc thôn"))
    valid_from = forms.DateField(label=_("Từ ngày"))
    valid_to = forms.DateField(label=_("Đến ngày"), required=False)
    source = forms.CharField(label=_("Căn cứ"), max_length=255, help_text=_("Ví dụ: QĐ 861/QĐ-TTg ngày 04/6/2021"))

    def scope_units(self, actor: Actor) -> None:
        units = unit_policy.visible(actor).filter(level__in=[UnitLevel.COMMUNE, UnitLevel.VILLAGE])
        self.fields["unit"].queryset = units.select_related("parent").order_by("level", "name")  # type: ignore[attr-defined]
