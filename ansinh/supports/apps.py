from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from ansinh.audit.labels import ChangeField, register_action_labels, register_change_fields


class SupportsConfig(AppConfig):
    name = "ansinh.supports"
    verbose_name = _("Hỗ trợ một lần, giáo dục và khẩn cấp")

    def ready(self) -> None:
        register_action_labels(
            {
                "supports.one_off_recover": "Thu hồi khoản hỗ trợ một lần chi sai",
                "supports.enrolments_list": "Lập danh sách học sinh, sinh viên đề nghị hỗ trợ học tập",
                "supports.enrolment_answer": "Xã xác nhận người học đề nghị hỗ trợ",
                "supports.education_decide": "Ký quyết định hỗ trợ học tập",
                "supports.instalments_list": "Lập danh sách chi hỗ trợ học tập",
                "supports.instalments_pay": "Ghi nhận đã chi hỗ trợ học tập",
                "supports.enrolment_leave": "Ghi người học thôi học",
                "supports.round_open": "Mở đợt hỗ trợ khẩn cấp",
                "supports.round_line_add": "Thêm hộ vào danh sách hỗ trợ khẩn cấp",
                "supports.round_submit": "Trình Chủ tịch UBND xã danh sách hỗ trợ khẩn cấp",
                "supports.round_decide": "Ký quyết định hỗ trợ khẩn cấp",
            }
        )
        from ansinh.supports.models import NeedKind

        # events on a round carry what the line or the decision added (its own fields are labelled by the model)
        register_change_fields(
            "supports.emergencyround",
            {
                "line": ChangeField(kind="hidden"),
                "sequence": ChangeField(kind="hidden"),
                "village": ChangeField(_("thôn")),
                "kind": ChangeField(_("loại hỗ trợ"), values=dict(NeedKind.choices)),
                "household_head": ChangeField(_("chủ hộ (người nhận)")),
                "rice_kg": ChangeField(_("gạo (kg)"), kind="number"),
                "amount": ChangeField(_("số tiền"), kind="money"),
                "lines": ChangeField(_("số dòng"), kind="number"),
                "number": ChangeField(_("số quyết định")),
                "late": ChangeField(_("quá hạn")),
            },
        )
