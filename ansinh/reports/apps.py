from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from ansinh.audit.labels import register_action_labels


class ReportsConfig(AppConfig):
    name = "ansinh.reports"
    verbose_name = _("Báo cáo, dự toán và giám sát")

    def ready(self) -> None:
        register_action_labels(
            {
                "reports.form_taken": "Tải biểu mẫu báo cáo (10a–10d)",
                "reports.monthly_prepare": "Lập số liệu báo cáo tháng",
                "reports.monthly_write": "Viết phần đánh giá của báo cáo tháng",
                "reports.monthly_send": "Gửi báo cáo tháng lên cấp trên",
                "reports.monthly_receive": "Xác nhận đã nhận báo cáo tháng",
                "reports.estimate_prepare": "Lập (tính lại) dự toán kinh phí năm",
                "reports.estimate_adjust": "Điều chỉnh một dòng dự toán",
                "reports.estimate_send": "Gửi dự toán kinh phí năm",
                "reports.estimate_receive": "Xác nhận đã nhận dự toán",
            }
        )
