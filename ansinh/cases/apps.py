from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from ansinh.audit.labels import register_action_labels
from ansinh.cases.workflow import all_transition_labels


class CasesConfig(AppConfig):
    name = "ansinh.cases"
    verbose_name = _("Hồ sơ và quyết định")

    def ready(self) -> None:
        from ansinh.cases.territory_moves import move_dossiers, move_entitlements
        from ansinh.territory.changes import register_change_handler

        register_change_handler("cases.entitlements", move_entitlements, order=20)
        register_change_handler("cases.dossiers", move_dossiers, order=30)
        from ansinh.cases.selectors import held_in_month
        from ansinh.rules.selectors import register_held_source

        register_held_source(held_in_month)
        register_action_labels(
            {
                "cases.register_import": "Nhập danh sách đối tượng từ Excel",
                "cases.register_import_decide": "Chọn cùng người hay người khác khi nhập Excel",
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
                **{f"cases.dossier_{name}": label for name, label in all_transition_labels().items()},
            }
        )
