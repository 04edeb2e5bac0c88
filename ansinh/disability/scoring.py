"""The level a council's form suggests, from its answers and the score thresholds. Pure.

TT 01/2019/TT-BLĐTBXH, Mẫu 02 and Mẫu 03 as amended by TT 08/2023 (forms.md §4, domain.md §7):

- Mẫu 03 (6 and over), Phần 1: any sign listed there sets the level on its own (especially severe
  signs first, then the one severe sign, "câm và điếc hoàn toàn"). Otherwise Phần 2: ten daily
  activities scored 0 (can do), 1 (with help), 2 (cannot) or "x" (cannot determine); the total
  against the thresholds (dated parameters, unconfirmed: ≥ 14 especially severe, 7–13 severe,
  0–6 mild).
- Mẫu 02 (under 6): item lists only. A sign of part IV.1 → especially severe, of IV.2 → severe;
  a child with a type of disability (part III) but none of those signs → mild.
- No type of disability ticked in part III → "not disabled"; every activity "cannot determine"
  → no conclusion (the case may go to the Medical Assessment Council, Luật NKT Art 15(2)).

The council's conclusion may differ from this suggestion only with a recorded reason (assessments.assessment_conclude).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

FORM_UNDER_SIX = "02"
FORM_SIX_AND_OVER = "03"

ESPECIALLY_SEVERE = "especially_severe"
SEVERE = "severe"
MILD = "mild"

DISABLED = "disabled"
NOT_DISABLED = "not_disabled"
NO_CONCLUSION = "no_conclusion"

CANNOT_DETERMINE = "x"
SCORES = (0, 1, 2)

# The ten activities of Mẫu 03 Phần 2 (and Mẫu 01 part III.2).
ACTIVITIES: tuple[tuple[str, str], ...] = (
    ("1", "Đi lại"),
    ("2", "Ăn, uống"),
    ("3", "Tiểu tiện, đại tiện"),
    ("4", "Vệ sinh cá nhân như đánh răng, rửa mặt, tắm rửa…"),
    ("5", "Mặc, cởi quần áo, giày dép"),
    ("6", "Nghe và hiểu người khác nói gì"),
    ("7", "Diễn đạt được ý muốn và suy nghĩ của bản thân qua lời nói"),
    (
        "8",
        "Làm các việc gia đình như gấp quần áo, quét nhà, rửa bát, nấu cơm phù hợp với độ tuổi; "
        "lao động, sản xuất tạo thu nhập",
    ),
    ("9", "Giao tiếp xã hội, hòa nhập cộng đồng phù hợp với độ tuổi"),
    ("10", "Đọc, viết, tính toán và kỹ năng học tập khác"),
)
ACTIVITY_CODES = tuple(code for code, _ in ACTIVITIES)

# Signs that decide a level on their own: code → (level, label).
DECISIVE_SIX_AND_OVER: dict[str, tuple[str, str]] = {
    "1.1": (ESPECIALLY_SEVERE, "Mềm nhẽo hoặc co cứng toàn thân hoặc liệt toàn thân"),
    "1.2": (ESPECIALLY_SEVERE, "Thiếu hai tay"),
    "1.3": (ESPECIALLY_SEVERE, "Mù hai mắt hoặc thiếu hai mắt"),
    "1.4": (ESPECIALLY_SEVERE, "Liệt hoàn toàn hai tay hoặc liệt nửa người"),
    "1.5": (
        ESPECIALLY_SEVERE,
        "Có kết luận của cơ sở y tế cấp tỉnh trở lên mắc bệnh bại não, não úng thủy, tâm thần phân liệt",
    ),
    "2.1": (SEVERE, "Câm và điếc hoàn toàn"),
}
DECISIVE_UNDER_SIX: dict[str, tuple[str, str]] = {
    "1.1": (ESPECIALLY_SEVERE, "Mềm nhẽo hoặc co cứng toàn thân hoặc liệt toàn thân"),
    "1.2": (ESPECIALLY_SEVERE, "Thiếu hai tay"),
    "1.3": (ESPECIALLY_SEVERE, "Thiếu hai chân hoặc liệt hoàn toàn hai chân"),
    "1.4": (ESPECIALLY_SEVERE, "Thiếu một tay và thiếu một chân"),
    "1.5": (ESPECIALLY_SEVERE, "Mù hai mắt hoặc thiếu hai mắt"),
    "1.6": (ESPECIALLY_SEVERE, "Liệt hoàn toàn hai tay hoặc liệt nửa người"),
    "1.7": (
        ESPECIALLY_SEVERE,
        "Có kết luận của cơ sở y tế cấp tỉnh trở lên mắc một hoặc nhiều loại bệnh: bệnh bại não, não úng thủy, "
        "tâm thần phân liệt",
    ),
    "2.1": (SEVERE, "Không cử động được một tay hoặc không cử động được một chân"),
    "2.2": (SEVERE, "Thiếu một tay"),
    "2.3": (SEVERE, "Thiếu một chân"),
    "2.4": (SEVERE, "Mù một mắt"),
    "2.5": (SEVERE, "Thiếu một mắt"),
    "2.6": (SEVERE, "Câm và điếc hoàn toàn"),
}
# TT 01/2019 Art 8(2)(c): a child certified under 6 with one of these signs of Mẫu 02 part IV is
# not re-assessed at age 6.
KEPT_AT_SIX = frozenset({"1.1", "1.2", "1.5", "1.6", "1.7"})

# Part III: the signs of each type (type code of registry.DisabilityType → rows).
TYPE_ITEMS_COMMON: dict[str, tuple[tuple[str, str], ...]] = {
    "motor": (
        ("1.1", "Mềm nhẽo hoặc co cứng toàn thân"),
        ("1.2", "Thiếu tay hoặc không cử động được tay"),
        ("1.3", "Thiếu chân hoặc không cử động được chân"),
        ("1.4", "Yếu, liệt, teo cơ hoặc hạn chế vận động tay, chân, lưng, cổ"),
        (
            "1.5",
            "Cong, vẹo, chân tay, lưng, cổ; gù cột sống lưng hoặc dị dạng, biến dạng khác trên cơ thể ở đầu, cổ, "
            "lưng, tay, chân",
        ),
        ("1.6", "Có kết luận của cơ sở y tế cấp tỉnh trở lên về suy giảm chức năng vận động"),
    ),
    "hearing_speech": (
        ("2.1", "Không phát ra âm thanh, lời nói"),
        ("2.2", "Phát ra âm thanh, lời nói nhưng không rõ tiếng, rõ câu"),
        ("2.3", "Không nghe được"),
        ("2.4", "Khiếm khuyết hoặc dị dạng cơ quan phát âm ảnh hưởng đến việc phát âm"),
        ("2.5", "Khiếm khuyết hoặc dị dạng vành tai hoặc ống tai ngoài ảnh hưởng đến nghe"),
        ("2.6", "Có kết luận của cơ sở y tế cấp tỉnh trở lên về suy giảm chức năng nghe, nói"),
    ),
    "vision": (
        ("3.1", "Mù một hoặc hai mắt"),
        ("3.2", "Thiếu một hoặc hai mắt"),
        ("3.3", "Khó khăn khi nhìn hoặc không nhìn thấy các đồ vật"),
        ("3.4", "Khó khăn khi phân biệt màu sắc"),
        ("3.5", "Rung, giật nhãn thị, đục nhân mắt hoặc sẹo loét giác mạc"),
        ("3.6", "Bị dị tật, biến dạng ở vùng mắt"),
        ("3.7", "Có kết luận của cơ sở y tế cấp tỉnh trở lên về suy giảm chức năng nhìn"),
    ),
    "intellectual": (
        (
            "5.1",
            "Khó khăn trong việc nhận biết người thân trong gia đình hoặc khó khăn trong giao tiếp với những người "
            "xung quanh so với người cùng lứa tuổi",
        ),
        ("5.2", "Chậm chạp, ngờ nghệch hoặc không thể làm được một việc đơn giản (so với tuổi) dù đã được hướng dẫn"),
        (
            "5.3",
            "Khó khăn trong việc đọc, viết, tính toán và kỹ năng học tập khác so với người cùng tuổi do chậm phát "
            "triển trí tuệ",
        ),
        ("5.4", "Có kết luận cơ sở y tế cấp tỉnh trở lên về chậm phát triển trí tuệ"),
    ),
    "other": (
        ("6.1", "Có kết luận của cơ sở y tế cấp tỉnh trở lên về bệnh tê bì, mất cảm giác ở tay, chân…"),
        (
            "6.2",
            "Có kết luận của cơ sở y tế cấp tỉnh trở lên về bệnh hô hấp, tim mạch hoặc rối loạn đại, tiểu tiện… "
            "trên 3 tháng",
        ),
        ("6.3", "Có kết luận của cơ sở y tế cấp tỉnh trở lên về rối loạn phổ tự kỷ hoặc các loại bệnh hiếm"),
    ),
}
MENTAL_ITEMS: dict[str, tuple[tuple[str, str], ...]] = {
    FORM_UNDER_SIX: (
        ("4.1", "Thường xuyên lên cơn co giật"),
        ("4.2", "Có kết luận của cơ sở y tế cấp tỉnh trở lên về bệnh thần kinh, tâm thần, tâm thần phân liệt"),
    ),
    FORM_SIX_AND_OVER: (
        ("4.1", "Thường ngồi một mình, chơi một mình, không bao giờ nói chuyện hoặc quan tâm tới bất kỳ ai"),
        ("4.2", "Có những hành vi bất thường như kích động, cáu giận hoặc sợ hãi vô cớ…"),
        ("4.3", "Bất ngờ dừng mọi hoạt động, mắt mở trừng trừng không chớp, co giật chân tay… gọi hỏi không biết"),
        ("4.4", "Bị mất trí nhớ, bỏ nhà đi lang thang"),
        ("4.5", "Có kết luận của cơ sở y tế cấp tỉnh trở lên về suy giảm thần kinh, tâm thần…"),
    ),
}
TYPE_ORDER = ("motor", "hearing_speech", "vision", "mental", "intellectual", "other")


def type_items(form: str) -> dict[str, tuple[tuple[str, str], ...]]:
    """Part III of the form: each type with its signs (the mental signs differ by form)."""
    items = {**TYPE_ITEMS_COMMON, "mental": MENTAL_ITEMS[form]}
    return {code: items[code] for code in TYPE_ORDER}


def types_of_items(form: str, codes: Sequence[str]) -> list[str]:
    """The types whose signs are ticked, in the order of the form."""
    ticked = set(codes)
    return [kind for kind, rows in type_items(form).items() if any(code in ticked for code, _ in rows)]


def decisive_signs(form: str) -> dict[str, tuple[str, str]]:
    return DECISIVE_UNDER_SIX if form == FORM_UNDER_SIX else DECISIVE_SIX_AND_OVER


def form_for_age(age: int) -> str:
    """Mẫu 02 for a child under 6, Mẫu 03 from 6 (TT 01/2019 Art 4 as amended)."""
    return FORM_UNDER_SIX if age < 6 else FORM_SIX_AND_OVER


@dataclass(frozen=True)
class Thresholds:
    """Minimum totals of Mẫu 03 Phần 2 (dated parameters `disability.score.*`)."""

    especially_severe_min: int
    severe_min: int

    def as_dict(self) -> dict[str, int]:
        return {"especially_severe_min": self.especially_severe_min, "severe_min": self.severe_min}


@dataclass(frozen=True)
class Suggestion:
    outcome: str
    level: str = ""
    total: int | None = None
    undetermined: int = 0
    decisive: tuple[str, ...] = ()
    explanation: list[str] = field(default_factory=list)


class ScoringError(ValueError):
    """An answer the form does not allow; `field` names the part of the form."""

    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(message)
        self.field = field_name
        self.message = message


def check_answers(form: str, type_codes: Sequence[str], decisive: Sequence[str], scores: Mapping[str, object]) -> None:
    """Raise ScoringError for an answer that is not on the form."""
    if form not in (FORM_UNDER_SIX, FORM_SIX_AND_OVER):
        raise ScoringError("form", "Mẫu phiếu không hợp lệ.")
    unknown_types = [code for code in type_codes if code not in TYPE_ORDER]
    if unknown_types:
        raise ScoringError("types", f"Dạng khuyết tật không hợp lệ: {', '.join(unknown_types)}.")
    signs = decisive_signs(form)
    unknown_signs = [code for code in decisive if code not in signs]
    if unknown_signs:
        raise ScoringError("decisive_conditions", f"Dấu hiệu không có trong phiếu: {', '.join(unknown_signs)}.")
    unknown_activities = [code for code in scores if code not in ACTIVITY_CODES]
    if unknown_activities:
        raise ScoringError("activity_scores", f"Hoạt động không có trong phiếu: {', '.join(unknown_activities)}.")
    for code, value in scores.items():
        if value != CANNOT_DETERMINE and (isinstance(value, bool) or value not in SCORES):
            label = dict(ACTIVITIES)[code]
            raise ScoringError("activity_scores", f"Hoạt động “{label}”: chỉ chấm 0, 1, 2 hoặc “không xác định được”.")


def _decisive_level(form: str, decisive: Sequence[str]) -> tuple[str, tuple[str, ...]]:
    signs = decisive_signs(form)
    for level in (ESPECIALLY_SEVERE, SEVERE):
        found = tuple(code for code in decisive if signs[code][0] == level)
        if found:
            return level, found
    return "", ()


def level_from_total(total: int, thresholds: Thresholds) -> str:
    if total >= thresholds.especially_severe_min:
        return ESPECIALLY_SEVERE
    if total >= thresholds.severe_min:
        return SEVERE
    return MILD


LEVEL_NAMES = {ESPECIALLY_SEVERE: "đặc biệt nặng", SEVERE: "nặng", MILD: "nhẹ"}


def suggest(
    form: str,
    type_codes: Sequence[str],
    decisive: Sequence[str],
    scores: Mapping[str, object],
    thresholds: Thresholds,
) -> Suggestion:
    """The outcome and level the answers suggest, with the explanation shown to the council."""
    check_answers(form, type_codes, decisive, scores)
    if not type_codes:
        return Suggestion(NOT_DISABLED, explanation=["Không có dạng khuyết tật nào được đánh dấu: không khuyết tật."])
    level, found = _decisive_level(form, decisive)
    if level:
        signs = decisive_signs(form)
        names = "; ".join(f"{code} {signs[code][1]}" for code in found)
        return Suggestion(
            DISABLED,
            level,
            decisive=found,
            explanation=[f"Có dấu hiệu tự xác định mức độ ({names}): khuyết tật {LEVEL_NAMES[level]}."],
        )
    if form == FORM_UNDER_SIX:
        return Suggestion(
            DISABLED,
            MILD,
            explanation=["Trẻ dưới 6 tuổi có dạng khuyết tật nhưng không có dấu hiệu mức nặng, đặc biệt nặng: nhẹ."],
        )
    return _suggest_from_scores(scores, thresholds)


def _suggest_from_scores(scores: Mapping[str, object], thresholds: Thresholds) -> Suggestion:
    missing = [code for code in ACTIVITY_CODES if code not in scores]
    if missing:
        raise ScoringError("activity_scores", f"Chưa chấm đủ 10 hoạt động (thiếu hoạt động {', '.join(missing)}).")
    determined = [int(value) for value in scores.values() if value != CANNOT_DETERMINE]  # type: ignore[call-overload]
    undetermined = len(ACTIVITY_CODES) - len(determined)
    if not determined:
        return Suggestion(
            NO_CONCLUSION,
            undetermined=undetermined,
            explanation=["Không xác định được hoạt động nào: Hội đồng không đưa ra được kết luận theo phiếu."],
        )
    total = sum(determined)
    level = level_from_total(total, thresholds)
    explanation = [
        f"Tổng số điểm {total} (đặc biệt nặng từ {thresholds.especially_severe_min} điểm, nặng từ "
        f"{thresholds.severe_min} đến {thresholds.especially_severe_min - 1} điểm, nhẹ dưới "
        f"{thresholds.severe_min} điểm): khuyết tật {LEVEL_NAMES[level]}."
    ]
    if undetermined:
        explanation.append(f"{undetermined} hoạt động không xác định được, không tính điểm.")
    return Suggestion(DISABLED, level, total=total, undetermined=undetermined, explanation=explanation)
