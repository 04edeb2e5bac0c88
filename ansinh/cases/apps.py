from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from ansinh.audit.labels import register_action_labels


class CasesConfig(AppConfig):
    name = "ansinh.cases"
    verbose_name = _("Hồ sơ và quyết định")

    def ready(self) -> None:
        register_action_labels(
            {
                "cases.register_import": "Nhập danh sách đối tượng từ Excel",
                "cases.decision_record": "Ghi nhận quyết định",
            }
        )
