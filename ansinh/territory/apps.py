from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from ansinh.audit.labels import ChangeField, register_action_labels, register_change_fields


class TerritoryConfig(AppConfig):
    name = "ansinh.territory"
    verbose_name = _("Địa bàn hành chính")

    def ready(self) -> None:
        register_change_fields(
            "*",
            {
                "villages_created": ChangeField(_("số thôn tạo mới"), kind="number"),
                "units_created": ChangeField(_("số đơn vị tạo mới"), kind="number"),
            },
        )
        register_action_labels(
            {
                "territory.village_create": "Thêm thôn, tổ dân phố",
                "territory.village_update": "Sửa thôn, tổ dân phố",
                "territory.reference_load": "Nạp địa bàn tham chiếu",
                "territory.demo_villages_load": "Nạp thôn mẫu",
                "territory.change_apply": "Áp dụng sắp xếp đơn vị hành chính",
            }
        )
