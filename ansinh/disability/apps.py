from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from ansinh.audit.labels import register_action_labels


class DisabilityConfig(AppConfig):
    name = "ansinh.disability"
    verbose_name = _("Xác định mức độ khuyết tật")

    def ready(self) -> None:
        from ansinh.disability.territory_moves import move_councils
        from ansinh.territory.changes import register_change_handler

        register_change_handler("disability.councils", move_councils, order=50)
        register_action_labels(
            {
                "disability.council_create": "Thành lập, kiện toàn Hội đồng xác định mức độ khuyết tật",
                "disability.member_add": "Bổ sung thành viên Hội đồng",
                "disability.member_leave": "Thành viên thôi tham gia Hội đồng",
                "disability.member_duties_set": "Thông báo phân công nhiệm vụ thành viên Hội đồng",
                "disability.training_record": "Ghi nhận tập huấn thành viên Hội đồng",
                "disability.request_receive": "Tiếp nhận đơn đề nghị xác định mức độ khuyết tật",
                "disability.request_close": "Từ chối, rút đơn đề nghị xác định mức độ khuyết tật",
                "disability.school_consult": "Gửi văn bản tham khảo ý kiến nhà trường",
                "disability.school_reply": "Ghi nhận ý kiến nhà trường",
                "disability.session_schedule": "Lên lịch họp Hội đồng",
                "disability.invitation_send": "Gửi giấy mời xác định mức độ khuyết tật",
                "disability.invitation_mark": "Ghi nhận người được mời có mặt",
                "disability.session_hold": "Điểm danh, khai mạc phiên họp Hội đồng",
                "disability.session_close": "Kết thúc phiên họp Hội đồng",
                "disability.session_cancel": "Hủy, hoãn phiên họp Hội đồng",
                "disability.assessment_record": "Chấm phiếu xác định mức độ khuyết tật",
                "disability.assessment_conclude": "Hội đồng biểu quyết kết luận",
                "disability.conclusion_post": "Niêm yết kết luận của Hội đồng",
                "disability.complaint_receive": "Tiếp nhận khiếu nại về kết luận",
                "disability.complaint_answer": "Trả lời khiếu nại về kết luận",
                "disability.conclusion_close": "Kết thúc niêm yết kết luận không khuyết tật",
                "disability.escalation_send": "Chuyển Hội đồng Giám định y khoa",
                "disability.escalation_outcome": "Ghi nhận kết luận giám định y khoa",
                "disability.certificate_issue": "Cấp giấy xác nhận khuyết tật",
                "disability.certificate_revoke": "Thu hồi giấy xác nhận khuyết tật",
                "disability.certificate_dossier_open": "Lập hồ sơ trợ cấp theo giấy xác nhận khuyết tật",
            }
        )
