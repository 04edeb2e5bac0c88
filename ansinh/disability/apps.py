from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisabilityConfig(AppConfig):
    name = "ansinh.disability"
    verbose_name = _("Xác định mức độ khuyết tật")
