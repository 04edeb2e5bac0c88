from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from ansinh.audit.labels import register_action_labels


class OutreachConfig(AppConfig):
    name = "ansinh.outreach"
    verbose_name = _("Thông tin công khai, truyền thông và phản ánh")

    def ready(self) -> None:
        from ansinh.outreach.actions import link_service_feedback
        from ansinh.payments.feedback_hooks import register_feedback_handler

        register_feedback_handler("outreach.feedback", link_service_feedback)
        register_action_labels(
            {
                "outreach.feedback_receive": "Nhận phản ánh, kiến nghị",
                "outreach.feedback_answer": "Trả lời phản ánh, kiến nghị",
                "outreach.feedback_close": "Đóng phản ánh, kiến nghị",
                "outreach.feedback_route": "Chuyển phản ánh cho cơ quan trả lời",
                "outreach.campaign_create": "Lập chiến dịch truyền thông",
                "outreach.activity_record": "Ghi hoạt động tuyên truyền của xã",
                "outreach.messages_produce": "Lập tin nhắn thông báo",
                "outreach.messages_send": "Gửi tin nhắn thông báo",
            }
        )
