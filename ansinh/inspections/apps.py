from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from ansinh.audit.labels import register_action_labels


class InspectionsConfig(AppConfig):
    name = "ansinh.inspections"
    verbose_name = _("Kiểm tra, tự kiểm tra")

    def ready(self) -> None:
        register_action_labels(
            {
                "inspections.plan_create": "Lập kế hoạch kiểm tra",
                "inspections.self_start": "Bắt đầu tự kiểm tra của xã",
                "inspections.checklist_save": "Ghi kết quả bảng kiểm",
                "inspections.finding_add": "Ghi phát hiện khi kiểm tra",
                "inspections.recommendation_add": "Ghi kiến nghị khắc phục",
                "inspections.recommendation_close": "Đóng kiến nghị đã khắc phục",
                "inspections.finish": "Kết thúc cuộc kiểm tra",
                "inspections.risk_weight_change": "Sửa trọng số yếu tố rủi ro",
            }
        )
