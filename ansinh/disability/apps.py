from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from ansinh.audit.labels import ChangeField, register_action_labels, register_change_fields


class DisabilityConfig(AppConfig):
    name = "ansinh.disability"
    verbose_name = _("Xác định mức độ khuyết tật")

    def ready(self) -> None:
        from ansinh.disability.models import EscalationReason, Outcome
        from ansinh.registry.models import DisabilityLevel

        register_change_fields(
            "*",
            {
                "vote": ChangeField(_("biểu quyết")),
                "thresholds": ChangeField(_("ngưỡng điểm")),
                "especially_severe_min": ChangeField(_("điểm tối thiểu mức đặc biệt nặng"), kind="number"),
                "severe_min": ChangeField(_("điểm tối thiểu mức nặng"), kind="number"),
                "explanation": ChangeField(_("giải thích")),
                "posted_on": ChangeField(_("ngày niêm yết")),
                "ends_on": ChangeField(_("ngày kết thúc")),
                "place": ChangeField(_("địa điểm")),
                "sent_on": ChangeField(_("ngày gửi")),
                "at_home": ChangeField(_("đánh giá tại nhà")),
                "session": ChangeField(_("phiên họp")),
                "present": ChangeField(_("thành viên có mặt")),
                "sitting": ChangeField(_("số thành viên"), kind="number"),
                "needed": ChangeField(_("số thành viên cần có"), kind="number"),
                "material": ChangeField(_("tài liệu tập huấn")),
                "trained_on": ChangeField(_("ngày tập huấn")),
                "form": ChangeField(_("mẫu phiếu")),
                "type_items": ChangeField(_("mục dạng tật")),
                "decisive_conditions": ChangeField(_("điều kiện quyết định")),
                "activity_scores": ChangeField(_("điểm từng hoạt động")),
                "suggested_outcome": ChangeField(_("kết quả gợi ý"), values=dict(Outcome.choices)),
                "suggested_level": ChangeField(_("mức độ gợi ý"), values=dict(DisabilityLevel.choices)),
                "observations": ChangeField(_("nhận xét")),
            },
        )
        register_change_fields("disability.assessment", {"total": ChangeField(_("tổng số điểm"), kind="number")})
        register_change_fields(
            "disability.request",
            {"reason": ChangeField(_("lý do chuyển giám định"), values=dict(EscalationReason.choices))},
        )
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
