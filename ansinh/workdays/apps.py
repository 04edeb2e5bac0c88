from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from ansinh.audit.labels import register_action_labels


class WorkdaysConfig(AppConfig):
    name = "ansinh.workdays"
    verbose_name = _("Lịch ngày làm việc")

    def ready(self) -> None:
        register_action_labels(
            {
                "workdays.calendar_day_save": "Sửa lịch nghỉ lễ, ngày làm bù",
                "workdays.calendar_day_delete": "Xóa ngày khỏi lịch nghỉ lễ",
            }
        )
