from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from ansinh.audit.labels import register_action_labels
from ansinh.cases.workflow import GRANT_FLOW_2024


class CasesConfig(AppConfig):
    name = "ansinh.cases"
    verbose_name = _("Hồ sơ và quyết định")

    def ready(self) -> None:
        register_action_labels(
            {
                "cases.register_import": "Nhập danh sách đối tượng từ Excel",
                "cases.decision_record": "Ghi nhận quyết định",
                "cases.dossier_open": "Lập hồ sơ",
                **{f"cases.dossier_{t.name}": t.label for t in GRANT_FLOW_2024},
            }
        )
