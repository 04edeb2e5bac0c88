from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportsConfig(AppConfig):
    name = "ansinh.supports"
    verbose_name = _("Hỗ trợ một lần, giáo dục và khẩn cấp")
