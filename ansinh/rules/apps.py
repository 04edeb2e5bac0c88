from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from ansinh.audit.labels import register_action_labels


class RulesConfig(AppConfig):
    name = "ansinh.rules"
    verbose_name = _("Chính sách, mức chuẩn")

    def ready(self) -> None:
        register_action_labels(
            {
                "rules.parameter_create": "Thêm giá trị tham số chính sách",
                "rules.parameter_update": "Sửa giá trị tham số chính sách",
                "rules.document_create": "Thêm văn bản pháp luật",
                "rules.document_update": "Sửa văn bản pháp luật",
            }
        )
