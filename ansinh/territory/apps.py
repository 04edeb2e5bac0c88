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
        # the territorial change's event (territory/changes.py): its totals by what moved
        register_change_fields(
            "*",
            {
                "totals": ChangeField(
                    _("số đã chuyển"),
                    answers={
                        "villages": _("thôn"),
                        "people": _("người"),
                        "households": _("hộ"),
                        "entitlements": _("chế độ đang hưởng"),
                        "entitlements_not_carried": _("chế độ không chuyển (diện đã hết hiệu lực)"),
                        "dossiers": _("hồ sơ đang giải quyết"),
                        "authorisations": _("giấy ủy quyền"),
                        "recoveries": _("khoản thu hồi"),
                        "councils": _("hội đồng"),
                    },
                ),
                "conflicts": ChangeField(_("số vướng mắc"), kind="number"),
                "successions_applied": ChangeField(_("số sắp xếp đã áp dụng"), kind="number"),
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
