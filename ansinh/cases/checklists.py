"""The documents a dossier must hold, per kind (and category or ground), as data, each citing
its clause: NĐ 20/2021/NĐ-CP Art 7 (grant dossiers), Art 8–9 (changes, stops, moves), Art 11
(funeral support) and TT 02/2021/TT-BLĐTBXH. Pure.

The declaration form itself is entered as data (Dossier.declaration); the item "declaration"
is satisfied when the form's required fields are filled. Other items are satisfied by an
attachment with their `code` (DossierAttachment.document_code). For changes and stops the
commune's own proposal is the "propose" step; the evidence listed is then recommended, except a
court's or an old place's decision, which is the legal ground itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from ansinh.cases.declarations import declaration_errors

DECLARATION = "declaration"


@dataclass(frozen=True)
class Requirement:
    code: str
    label: str
    basis: str
    required: bool = True


ART7_1 = "NĐ 20/2021/NĐ-CP, Điều 7 khoản 1"
ART7_2 = "NĐ 20/2021/NĐ-CP, Điều 7 khoản 2"
ART8 = "NĐ 20/2021/NĐ-CP, Điều 8"
ART9 = "NĐ 20/2021/NĐ-CP, Điều 9"
ART11 = "NĐ 20/2021/NĐ-CP, Điều 11 khoản 3"
TT02 = "TT 02/2021/TT-BLĐTBXH, Điều 2"

DECLARATION_ITEM = Requirement(DECLARATION, "Tờ khai theo mẫu (khai đủ các mục bắt buộc)", ART7_1)
BIRTH_CERTIFICATE = Requirement("birth_certificate", "Bản sao giấy khai sinh", ART7_1)
DISABILITY_CERTIFICATE = Requirement("disability_certificate", "Bản sao giấy xác nhận khuyết tật", ART7_1)
HIV_CERTIFICATE = Requirement(
    "hiv_certificate", "Giấy tờ xác nhận nhiễm HIV của cơ quan y tế có thẩm quyền (không niêm yết)", ART7_1
)
SCHOOL_CERTIFICATE = Requirement("school_certificate", "Giấy xác nhận đang đi học", ART7_1)
PARENTS_STATUS = Requirement(
    "parents_status",
    "Giấy tờ về cha, mẹ (giấy chứng tử, quyết định tuyên bố mất tích, xác nhận đang chấp hành án phạt tù…)",
    ART7_1,
)
CHILDREN_BIRTH = Requirement("children_birth_certificates", "Bản sao giấy khai sinh của các con", ART7_1)
SPOUSE_STATUS = Requirement(
    "spouse_status", "Giấy chứng tử hoặc quyết định tuyên bố mất tích của vợ/chồng (nếu có)", ART7_1, required=False
)
CARED_DECLARATION = Requirement("cared_person_declaration", "Tờ khai của người được nhận chăm sóc (Mẫu số 03)", ART7_2)

GRANT_BY_CATEGORY: dict[str, tuple[Requirement, ...]] = {
    "5.1": (BIRTH_CERTIFICATE, PARENTS_STATUS),
    "5.2": (BIRTH_CERTIFICATE, SCHOOL_CERTIFICATE),
    "5.3": (BIRTH_CERTIFICATE, HIV_CERTIFICATE),
    "5.4": (CHILDREN_BIRTH, SPOUSE_STATUS),
    "5.6": (DISABILITY_CERTIFICATE,),
    "5.7": (BIRTH_CERTIFICATE,),
    "5.8": (HIV_CERTIFICATE,),
    "20.1a": (CARED_DECLARATION,),
    "20.1b": (CARED_DECLARATION,),
    "20.2a": (DISABILITY_CERTIFICATE,),
    "20.2c": (DISABILITY_CERTIFICATE,),
    "20.2d": (CARED_DECLARATION, DISABILITY_CERTIFICATE),
}

BY_GROUND: dict[str, tuple[Requirement, ...]] = {
    "unpaid_3_months": (
        Requirement("payment_report", "Báo cáo của tổ chức chi trả: không nhận trợ cấp 3 tháng liên tục", ART8, False),
    ),
    "ignored_reassessment": (
        Requirement("reassessment_request", "Văn bản yêu cầu rà soát, đánh giá lại đã gửi đối tượng", ART8, False),
    ),
    "detention": (Requirement("detention_order", "Lệnh hoặc quyết định tạm giam", ART8),),
    "death": (Requirement("death_certificate", "Giấy chứng tử hoặc trích lục khai tử", ART8, False),),
    "missing": (Requirement("missing_judgement", "Quyết định tuyên bố mất tích của Tòa án", ART8),),
    "not_eligible": (Requirement("eligibility_evidence", "Giấy tờ chứng minh không còn đủ điều kiện", ART8, False),),
    "prison": (Requirement("judgement", "Bản án hoặc quyết định thi hành án phạt tù", ART8),),
    "refusal": (Requirement("refusal_letter", "Đơn đề nghị dừng trợ giúp xã hội (Mẫu số 09)", ART8),),
    "noncompliance": (
        Requirement("suspension_decision", "Quyết định tạm dừng do không chấp hành rà soát (quá 3 tháng)", ART8, False),
    ),
    "within_district": (
        Requirement("move_request", "Đơn đề nghị chuyển nơi hưởng, giấy tờ về nơi cư trú mới", ART9, False),
    ),
    "to_other_district": (
        Requirement("move_request", "Đơn đề nghị chuyển nơi hưởng, giấy tờ về nơi cư trú mới", ART9, False),
    ),
    "from_other_district": (
        Requirement("old_stop_decision", "Quyết định thôi hưởng trợ cấp ở nơi cũ", ART9),
        Requirement("old_dossier", "Hồ sơ hưởng trợ cấp của đối tượng do nơi cũ chuyển đến", ART9, False),
    ),
}

RESUME_ITEMS = (Requirement("resume_request", "Đơn hoặc văn bản đề nghị tiếp tục hưởng trợ cấp", ART8, required=False),)
ADJUST_ITEMS = (
    Requirement(
        "change_evidence", "Giấy tờ chứng minh thay đổi (giấy xác nhận khuyết tật mới, tuổi…)", TT02, required=False
    ),
)
FUNERAL_ITEMS = (
    Requirement(DECLARATION, "Tờ khai đề nghị hỗ trợ chi phí mai táng (Mẫu số 04)", ART11),
    Requirement("death_certificate", "Bản sao giấy chứng tử hoặc trích lục khai tử", ART11),
)


NQ17 = "NQ 17/2019/NQ-HĐND tỉnh Bắc Giang"
CREMATION_ITEMS = (
    Requirement(DECLARATION, "Tờ khai đề nghị hỗ trợ chi phí hỏa táng", NQ17),
    Requirement("death_certificate", "Bản sao giấy chứng tử hoặc trích lục khai tử", NQ17),
    Requirement("cremation_certificate", "Giấy xác nhận đã hỏa táng của cơ sở hỏa táng", NQ17),
)


def requirements_for(kind: str, *, category_code: str = "", ground: str = "") -> tuple[Requirement, ...]:
    """The checklist of a dossier."""
    if kind == "grant":
        return (DECLARATION_ITEM, *GRANT_BY_CATEGORY.get(category_code, ()))
    if kind == "funeral":
        return FUNERAL_ITEMS
    if kind == "cremation":
        return CREMATION_ITEMS
    if kind == "adjust":
        return ADJUST_ITEMS
    if kind == "resume":
        return RESUME_ITEMS
    return BY_GROUND.get(ground, ())


@dataclass(frozen=True)
class ChecklistRow:
    requirement: Requirement
    present: bool


def checklist(
    requirements: tuple[Requirement, ...], attached_codes: set[str], declaration_complete: bool
) -> list[ChecklistRow]:
    return [
        ChecklistRow(
            requirement,
            declaration_complete if requirement.code == DECLARATION else requirement.code in attached_codes,
        )
        for requirement in requirements
    ]


def missing_items(rows: list[ChecklistRow]) -> list[Requirement]:
    return [row.requirement for row in rows if row.requirement.required and not row.present]


class DossierLike(Protocol):
    kind: str
    category_code: str
    ground: str
    form_code: str
    declaration: Any


def checklist_for(dossier: DossierLike) -> tuple[Requirement, ...]:
    """The checklist of a dossier (its kind, category and ground)."""
    return requirements_for(dossier.kind, category_code=dossier.category_code, ground=dossier.ground)


def declaration_complete(dossier: DossierLike) -> bool:
    if not dossier.form_code:
        return False
    return not declaration_errors(dossier.form_code, dossier.declaration or {}, complete=True)


def missing_documents(dossier: DossierLike, attached_codes: set[str] | None = None) -> list[Requirement]:
    """The required items not yet in the dossier. `attached_codes` defaults to the dossier's
    attachments (read from the database when the dossier is a saved model)."""
    if attached_codes is None:
        attachments = getattr(dossier, "attachments", None)
        attached_codes = set(attachments.values_list("document_code", flat=True)) if attachments is not None else set()
    rows = checklist(checklist_for(dossier), attached_codes, declaration_complete(dossier))
    return missing_items(rows)
