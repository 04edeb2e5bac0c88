from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ansinh.accounts.models import Office
from ansinh.core.access import OfficeKind, Role
from ansinh.core.forms import CheckedForm
from ansinh.territory.models import AdministrativeUnit, UnitLevel


def _territory_field(required: bool) -> forms.ModelChoiceField:
    units = AdministrativeUnit.objects.exclude(level=UnitLevel.VILLAGE).select_related("parent")
    return forms.ModelChoiceField(
        queryset=units.order_by("level", "valid_from", "name"),
        required=required,
        label=_("Địa bàn"),
    )


class UserForm(CheckedForm):
    full_name = forms.CharField(label=_("Họ và tên"), max_length=150)
    title = forms.CharField(label=_("Chức danh"), max_length=150, required=False)
    email = forms.EmailField(label=_("Thư điện tử"), required=False)
    phone = forms.CharField(label=_("Điện thoại"), max_length=20, required=False)
    office = forms.ModelChoiceField(
        queryset=Office.objects.filter(is_active=True).order_by("kind", "name"),
        required=False,
        label=_("Cơ quan"),
    )
    territory = _territory_field(required=False)
    roles = forms.MultipleChoiceField(choices=Role.choices, widget=forms.CheckboxSelectMultiple, label=_("Vai trò"))
    is_active = forms.BooleanField(label=_("Đang sử dụng"), required=False, initial=True)
    reason = forms.CharField(label=_("Lý do thay đổi"), required=False, max_length=500)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["territory"].help_text = _("Để trống để dùng địa bàn của cơ quan.")


class UserCreateForm(UserForm):
    username = forms.RegexField(
        regex=r"^[a-z0-9._-]{3,40}$",
        label=_("Tên đăng nhập"),
        help_text=_("3–40 ký tự: chữ thường không dấu, chữ số, dấu chấm, gạch ngang."),
        error_messages={"invalid": _("Tên đăng nhập chỉ gồm chữ thường không dấu, chữ số, “.”, “-”, “_”.")},
    )
    password = forms.CharField(label=_("Mật khẩu ban đầu"), widget=forms.PasswordInput, strip=False)
    field_order = ["username", "full_name", "password"]


class SetPasswordForm(CheckedForm):
    password = forms.CharField(label=_("Mật khẩu mới"), widget=forms.PasswordInput, strip=False)
    reason = forms.CharField(label=_("Lý do"), required=False, max_length=500)


class OfficeForm(CheckedForm):
    code = forms.SlugField(label=_("Mã cơ quan"), max_length=40)
    name = forms.CharField(label=_("Tên cơ quan"), max_length=200)
    kind = forms.ChoiceField(label=_("Loại cơ quan"), choices=OfficeKind.choices)
    territory = _territory_field(required=True)
    address = forms.CharField(label=_("Địa chỉ"), max_length=255, required=False)
    phone = forms.CharField(label=_("Điện thoại"), max_length=20, required=False)
    is_active = forms.BooleanField(label=_("Đang hoạt động"), required=False, initial=True)
    reason = forms.CharField(label=_("Lý do thay đổi"), required=False, max_length=500)


class OfficeRenameForm(CheckedForm):
    prefix = "ten"  # beside the office form on one page
    name = forms.CharField(label=_("Tên mới"), max_length=200)
    valid_from = forms.DateField(label=_("Dùng tên từ ngày"), help_text=_("Ngày theo dạng dd/mm/yyyy."))
    source = forms.CharField(
        label=_("Căn cứ"), max_length=255, help_text=_("Văn bản quy định tên mới (số, ngày, cơ quan ban hành).")
    )
    unconfirmed = forms.BooleanField(label=_("Tên chưa được xác nhận bằng văn bản"), required=False)
    reason = forms.CharField(label=_("Lý do đổi tên"), max_length=500)


class SettingsForm(CheckedForm):
    name = forms.CharField(label=_("Tên triển khai"), max_length=150)
    home_unit = _territory_field(required=True)
    reason = forms.CharField(label=_("Lý do thay đổi"), max_length=500)
