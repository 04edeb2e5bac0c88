from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    name = "ansinh.outreach"
    verbose_name = _("Thông tin công khai, truyền thông và phản ánh")
