from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionsConfig(AppConfig):
    name = "ansinh.inspections"
    verbose_name = _("Kiểm tra, tự kiểm tra")
