from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from ansinh.audit.labels import register_action_labels


class InsuranceConfig(AppConfig):
    name = "ansinh.insurance"
    verbose_name = _("Thẻ bảo hiểm y tế")

    def ready(self) -> None:
        register_action_labels(
            {
                "insurance.list_prepare": "Lập danh sách tăng, giảm thẻ BHYT",
                "insurance.list_send": "Gửi danh sách tăng, giảm thẻ BHYT",
                "insurance.list_receive": "BHXH nhận danh sách tăng, giảm thẻ BHYT",
                "insurance.list_process": "BHXH xử lý xong danh sách thẻ BHYT",
                "insurance.card_record": "Ghi thẻ BHYT đã cấp",
                "insurance.cards_apply": "Ghi thẻ BHYT từ tệp Excel",
                "insurance.line_return": "BHXH trả lại dòng danh sách BHYT",
                "insurance.line_handled": "Xã xử lý dòng BHYT bị trả lại",
                "insurance.document_taken": "Tải danh sách tăng, giảm thẻ BHYT",
                "insurance.other_scheme_record": "Ghi nhận thẻ BHYT theo đối tượng khác",
                "insurance.other_scheme_change": "Kết thúc, sửa thẻ BHYT theo đối tượng khác",
            }
        )
