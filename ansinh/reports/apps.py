from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from ansinh.audit.labels import register_action_labels


class ReportsConfig(AppConfig):
    name = "ansinh.reports"
    verbose_name = _("Báo cáo, dự toán và giám sát")

    def ready(self) -> None:
        register_action_labels({"reports.form_taken": "Tải biểu mẫu báo cáo (10a–10d)"})
