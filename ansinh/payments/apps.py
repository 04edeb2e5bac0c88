from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from ansinh.audit.labels import ChangeField, register_action_labels, register_change_fields
from ansinh.registry import life_events


class PaymentsConfig(AppConfig):
    name = "ansinh.payments"
    verbose_name = _("Chi trả hàng tháng")

    def ready(self) -> None:
        from ansinh.payments.territory_moves import move_payments
        from ansinh.territory.changes import register_change_handler

        register_change_handler("payments.authorisations", move_payments, order=40)
        register_action_labels(
            {
                "payments.payroll_generate": "Lập danh sách chi trả tháng",
                "payments.document_taken": "Tải danh sách, bảng tổng hợp chi trả",
                "payments.payroll_approve": "Duyệt danh sách chi trả",
                "payments.payroll_send": "Gửi danh sách chi trả cho bưu điện",
                "payments.results_apply": "Ghi kết quả chi trả",
                "payments.result_record": "Ghi kết quả chi trả một dòng",
                "payments.result_correct": "Sửa kết quả chi trả đã ghi",
                "payments.result_death_flag": "Phát hiện ghi chi tận tay sau ngày chết, mất tích",
                "payments.report_submit": "Bưu điện gửi báo cáo chi trả tháng",
                "payments.feedback_record": "Ghi ý kiến về dịch vụ chi trả",
                "payments.authorisation_create": "Ghi nhận giấy ủy quyền",
                "payments.authorisation_revoke": "Hủy giấy ủy quyền",
                "payments.recoveries_detect": "Phát hiện khoản chi sai phải thu hồi",
                "payments.recovery_repayment": "Ghi nhận nộp lại tiền thu hồi",
                "payments.recovery_offset": "Khấu trừ khoản thu hồi vào kỳ chi trả",
                "payments.recovery_write_off": "Miễn thu hồi theo quyết định",
                "payments.offset_setting": "Chọn khấu trừ khoản thu hồi",
            }
        )
        # a line's result (`actions.result_snapshot`) names the line, the person and the month
        register_change_fields(
            "payments.payrollline",
            {
                "line": ChangeField(kind="hidden"),
                "person_name": ChangeField(kind="hidden"),
                "amount": ChangeField(_("số tiền"), kind="money"),
                "month": ChangeField(_("tháng")),
                "person": ChangeField(_("người hưởng")),
                "violation_reason": ChangeField(_("lý do chi sai người nhận")),
                "result_recorded_at": ChangeField(_("thời điểm ghi kết quả")),
            },
        )
        register_change_fields(
            "*",
            {
                "paid_total": ChangeField(_("đã chi"), kind="money"),
                "unpaid_total": ChangeField(_("chưa chi"), kind="money"),
                "recorded": ChangeField(_("số dòng ghi mới"), kind="number"),
                "corrected": ChangeField(_("số dòng sửa"), kind="number"),
                "unchanged": ChangeField(_("số dòng không đổi"), kind="number"),
                "violations": ChangeField(_("số dòng chi sai người nhận"), kind="number"),
                "lines": ChangeField(_("số dòng")),
                "created": ChangeField(_("số khoản tạo mới"), kind="number"),
                "late": ChangeField(_("gửi muộn")),
                "frozen": ChangeField(_("đã khóa")),
                "without_coefficient": ChangeField(_("không có hệ số")),
                "offset_recoveries": ChangeField(_("khấu trừ khoản thu hồi")),
                "authorised_name": ChangeField(_("người được ủy quyền")),
                "rating": ChangeField(_("đánh giá")),
                "document": ChangeField(_("tài liệu")),
                "reference": ChangeField(_("số hiệu")),
                "line_count": ChangeField(_("số dòng"), kind="number"),
                "communes": ChangeField(_("xã, thị trấn")),
                "paid": ChangeField(_("số dòng đã chi"), kind="number"),
                "review": ChangeField(_("rà soát khi duyệt")),
                "differences": ChangeField(_("số dòng khác quy định"), kind="number"),
                "total": ChangeField(_("tổng tiền"), kind="money"),
                "month": ChangeField(_("tháng")),
                "acknowledgement": ChangeField(_("xác nhận khi duyệt")),
            },
        )
        # a death recorded after a payment "in person" dated later makes that payment a violation
        # (imported here: actions import models, which are ready only now)
        from ansinh.payments.actions import death_flag_payments

        life_events.register("payments.death_flag_payments", death_flag_payments)
