from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsuranceConfig(AppConfig):
    name = "ansinh.insurance"
    verbose_name = _("Thẻ bảo hiểm y tế")
