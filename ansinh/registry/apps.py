from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from ansinh.audit.labels import ChangeField, register_action_labels, register_change_fields


class RegistryConfig(AppConfig):
    name = "ansinh.registry"
    verbose_name = _("Sổ đối tượng")

    def ready(self) -> None:
        from ansinh.registry.models import DisabilityLevel, DisabilityType, FactKind

        register_change_fields(
            "*",
            {
                "kind": ChangeField(_("loại"), values=dict(FactKind.choices)),
                "effective_from": ChangeField(_("có hiệu lực từ")),
                "value": ChangeField(_("nội dung")),
                "level": ChangeField(_("mức độ"), values=dict(DisabilityLevel.choices)),
                "types": ChangeField(_("dạng"), values=dict(DisabilityType.choices)),
                "certificate_number": ChangeField(_("số giấy xác nhận")),
                "certificate_date": ChangeField(_("ngày cấp giấy xác nhận")),
                "no_supporter": ChangeField(_("không có người phụng dưỡng")),
                "people": ChangeField(_("số người"), kind="number"),
                "moved_on": ChangeField(_("ngày chuyển đi")),
                "keep": ChangeField(_("hồ sơ giữ lại")),
                "duplicate": ChangeField(_("hồ sơ trùng")),
                "person": ChangeField(_("người hưởng")),
            },
        )
        from ansinh.registry.territory_moves import move_people
        from ansinh.territory.changes import register_change_handler

        register_change_handler("registry.people", move_people, order=10)
        register_action_labels(
            {
                "registry.person_create": "Thêm người vào sổ",
                "registry.person_update": "Sửa thông tin người",
                "registry.residence_move": "Đổi nơi ở",
                "registry.death_record": "Ghi nhận chết",
                "registry.missing_record": "Ghi nhận bị tuyên bố mất tích",
                "registry.fact_add": "Thêm thông tin theo thời gian",
                "registry.household_create": "Thêm hộ gia đình",
                "registry.household_member_add": "Thêm thành viên hộ",
                "registry.poverty_set": "Ghi nhận hộ nghèo, cận nghèo",
                "registry.guardian_set": "Ghi nhận người giám hộ",
                "registry.difficult_area_add": "Ghi nhận xã, thôn đặc biệt khó khăn",
                "registry.demo_people_load": "Nạp đối tượng mẫu",
                "registry.person_merge": "Gộp hồ sơ trùng",
                "registry.export": "Xuất danh sách Excel",
                "registry.import": "Nhập danh sách từ Excel",
            }
        )
