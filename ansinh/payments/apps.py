from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    name = "ansinh.payments"
    verbose_name = _("Chi trả hàng tháng")
