from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from ansinh.audit.labels import register_action_labels


class SupportsConfig(AppConfig):
    name = "ansinh.supports"
    verbose_name = _("Hỗ trợ một lần, giáo dục và khẩn cấp")

    def ready(self) -> None:
        register_action_labels(
            {
                "supports.one_off_recover": "Thu hồi khoản hỗ trợ một lần chi sai",
            }
        )
