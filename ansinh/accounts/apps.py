from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from ansinh.audit.labels import ChangeField, register_action_labels, register_change_fields


class AccountsConfig(AppConfig):
    name = "ansinh.accounts"
    verbose_name = _("Người dùng và cơ quan")

    def ready(self) -> None:
        register_change_fields(
            "*",
            {
                "offices_created": ChangeField(_("số cơ quan tạo mới"), kind="number"),
                "roles": ChangeField(_("vai trò")),
            },
        )
        register_change_fields(
            "accounts.office",
            {
                "valid_from": ChangeField(_("dùng tên từ ngày")),
                "source": ChangeField(_("căn cứ")),
                "unconfirmed": ChangeField(_("chưa xác nhận")),
            },
        )
        from ansinh.accounts.territory_moves import list_offices
        from ansinh.territory.changes import register_change_handler

        register_change_handler("accounts.offices", list_offices, order=60)
        register_action_labels(
            {
                "accounts.user_create": "Tạo người dùng",
                "accounts.user_update": "Sửa người dùng",
                "accounts.user_set_password": "Đặt mật khẩu mới",
                "accounts.user_unlock": "Mở khóa tài khoản",
                "accounts.admin_create": "Tạo quản trị hệ thống",
                "accounts.office_create": "Thêm cơ quan",
                "accounts.office_update": "Sửa cơ quan",
                "accounts.office_rename": "Đổi tên cơ quan từ một ngày",
                "accounts.settings_update": "Sửa cài đặt triển khai",
                "accounts.reference_offices_load": "Nạp cơ quan tham chiếu",
            }
        )
