from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from ansinh.audit.labels import ChangeField, register_action_labels, register_change_fields


class RulesConfig(AppConfig):
    name = "ansinh.rules"
    verbose_name = _("Chính sách, mức chuẩn")

    def ready(self) -> None:
        from ansinh.core.access import set_commune_flow_reader
        from ansinh.rules.parameters import KNOWN
        from ansinh.rules.selectors import commune_flow_since

        set_commune_flow_reader(commune_flow_since)

        # a parameter's history names the parameter, not its key
        register_change_fields(
            "rules.parameter", {"key": ChangeField(values={key: kind.name for key, kind in KNOWN.items()})}
        )
        register_action_labels(
            {
                "rules.parameter_create": "Thêm giá trị tham số chính sách",
                "rules.parameter_update": "Sửa giá trị tham số chính sách",
                "rules.document_create": "Thêm văn bản pháp luật",
                "rules.document_update": "Sửa văn bản pháp luật",
            }
        )
