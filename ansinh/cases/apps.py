from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from ansinh.audit.labels import ChangeField, register_action_labels, register_change_fields
from ansinh.cases import declarations
from ansinh.cases.workflow import all_transition_labels


class CasesConfig(AppConfig):
    name = "ansinh.cases"
    verbose_name = _("Hồ sơ và quyết định")

    def ready(self) -> None:
        from ansinh.cases.review import REASON_LABELS
        from ansinh.cases.territory_moves import move_dossiers, move_entitlements
        from ansinh.territory.changes import register_change_handler

        register_change_handler("cases.entitlements", move_entitlements, order=20)
        register_change_handler("cases.dossiers", move_dossiers, order=30)
        from ansinh.cases.selectors import held_in_month
        from ansinh.rules.selectors import register_held_source

        register_held_source(held_in_month)
        register_change_fields(
            "cases.dossier",
            {
                "declaration": ChangeField(answers=declarations.answer_labels()),
                "line": ChangeField(_("dòng quyết định")),
            },
        )
        register_change_fields(
            "*",
            {
                "category_code": ChangeField(_("diện đối tượng"), kind="category"),
                "dossiers": ChangeField(_("số hồ sơ")),
                "complaint": ChangeField(_("khiếu nại, thắc mắc")),
                "resolved_on": ChangeField(_("ngày giải quyết")),
                "row": ChangeField(_("dòng Excel")),
                "step": ChangeField(_("bước")),
                "retryable": ChangeField(_("thử lại được")),
                "scan_name": ChangeField(_("bản scan")),
                "number": ChangeField(_("số")),
                "sequence": ChangeField(_("số thứ tự")),
                "reasons": ChangeField(_("lý do khác quy định"), answers=REASON_LABELS),
                "decision_draft": ChangeField(_("dự thảo quyết định")),
                "effective_month": ChangeField(_("hưởng từ tháng")),
                "posting": ChangeField(_("danh sách niêm yết")),
                "proposal": ChangeField(_("tờ trình")),
                "start_reason": ChangeField(_("lý do niêm yết từ ngày đã qua")),
                "due_on": ChangeField(_("hạn xử lý")),
                "document_code": ChangeField(_("giấy tờ")),
                "file_name": ChangeField(_("tên tệp")),
            },
        )
        register_action_labels(
            {
                "cases.register_import": "Nhập danh sách đối tượng từ Excel",
                "cases.register_import_decide": "Chọn cùng người hay người khác khi nhập Excel",
                "cases.register_import_unit": "Chọn xã cho dòng không có tháng hưởng khi nhập Excel",
                "cases.register_import_retry": "Thử lại lần nhập Excel",
                "cases.register_import_fail": "Lần nhập Excel không hoàn thành",
                "cases.review_dossiers_open": "Lập hồ sơ điều chỉnh, thôi hưởng từ rà soát định kỳ",
                "cases.decision_record": "Ghi nhận quyết định",
                "cases.dossier_open": "Lập hồ sơ",
                "cases.dossier_declare": "Khai tờ khai",
                "cases.attachment_add": "Đính kèm giấy tờ",
                "cases.attachment_remove": "Gỡ giấy tờ",
                "cases.posting_open": "Lập danh sách niêm yết công khai",
                "cases.posting_close": "Kết thúc niêm yết công khai",
                "cases.complaint_record": "Ghi nhận khiếu nại, thắc mắc",
                "cases.complaint_resolve": "Giải quyết khiếu nại, thắc mắc",
                "cases.decision_sign": "Ký quyết định",
                "cases.proposal_sign": "Ký tờ trình đề nghị",
                "cases.decision_batch": "Lập quyết định theo danh sách",
                "cases.decision_scan": "Đính kèm bản scan quyết định",
                "cases.pension_transfer": "Chuyển diện 5.5b, 5.5c sang trợ cấp hưu trí xã hội",
                **{f"cases.dossier_{name}": label for name, label in all_transition_labels().items()},
            }
        )
