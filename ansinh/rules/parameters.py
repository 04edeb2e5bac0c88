"""The dated parameters the system knows: their keys, names and units. Pure."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum


class Unit(StrEnum):
    DONG = "dong"
    MULTIPLE = "multiple"
    SHARE = "share"
    WORKING_DAYS = "working_days"
    MONTHS = "months"
    KILOGRAMS = "kg"
    POINTS = "points"
    FLAG = "flag"
    DAY_OF_MONTH = "day_of_month"


UNIT_NAMES = {
    Unit.DONG: "đồng",
    Unit.MULTIPLE: "lần mức chuẩn",
    Unit.SHARE: "tỷ lệ",
    Unit.WORKING_DAYS: "ngày làm việc",
    Unit.MONTHS: "tháng",
    Unit.POINTS: "điểm",
    Unit.KILOGRAMS: "kg/người/tháng",
    Unit.FLAG: "có (1) / không (0)",
    Unit.DAY_OF_MONTH: "ngày trong tháng",
}


@dataclass(frozen=True)
class ParameterKind:
    key: str
    name: str
    unit: Unit


NATIONAL_RATE = "standard_rate.national"
PROVINCE_RATE_PREFIX = "standard_rate.province."
BASE_SALARY = "base_salary"
BHYT_STATE_RATE = "bhyt_state_rate"
FUNERAL_MULTIPLE = "funeral_multiple"
CREMATION_PREFIX = "cremation_support.province."
_CREMATION = re.compile(r"^cremation_support\.province\.(\d{2})$")
_PROVINCE_RATE = re.compile(r"^standard_rate\.province\.(\d{2})$")
# A province's top-up of the social pension (Luật BHXH 41/2024 Art 22; an HĐND resolution), added to it.
_PENSION_TOP_UP = re.compile(r"^social_pension\.province\.(\d{2})$")

KNOWN: dict[str, ParameterKind] = {
    kind.key: kind
    for kind in [
        ParameterKind(NATIONAL_RATE, "Mức chuẩn trợ giúp xã hội toàn quốc", Unit.DONG),
        ParameterKind(BASE_SALARY, "Lương cơ sở", Unit.DONG),
        ParameterKind(BHYT_STATE_RATE, "Mức đóng BHYT do Nhà nước đóng (tỷ lệ lương cơ sở)", Unit.SHARE),
        ParameterKind(FUNERAL_MULTIPLE, "Hỗ trợ chi phí mai táng (lần mức chuẩn)", Unit.MULTIPLE),
        ParameterKind("social_pension", "Trợ cấp hưu trí xã hội", Unit.DONG),
        ParameterKind("social_pension.funeral_multiple", "Mai táng phí người hưởng hưu trí xã hội", Unit.MULTIPLE),
        ParameterKind("deadline.cremation_commune", "Thời hạn xã xử lý hồ sơ hỗ trợ hỏa táng", Unit.WORKING_DAYS),
        ParameterKind(
            "deadline.cremation_labour", "Thời hạn Phòng LĐ-TB&XH xử lý hồ sơ hỗ trợ hỏa táng", Unit.WORKING_DAYS
        ),
        ParameterKind("emergency.rice_kg", "Hỗ trợ gạo khi thiếu đói", Unit.KILOGRAMS),
        ParameterKind("emergency.injury_multiple", "Người bị thương nặng do thiên tai (lần mức chuẩn)", Unit.MULTIPLE),
        ParameterKind("emergency.death_multiple", "Người chết do thiên tai, tai nạn (lần mức chuẩn)", Unit.MULTIPLE),
        ParameterKind("emergency.house_destroyed", "Hỗ trợ làm nhà ở bị đổ, sập, trôi, cháy", Unit.DONG),
        ParameterKind("emergency.relocation", "Hỗ trợ di dời nhà ở khẩn cấp", Unit.DONG),
        ParameterKind("emergency.house_damaged", "Hỗ trợ sửa chữa nhà ở hư hỏng nặng", Unit.DONG),
        ParameterKind("emergency.rice_months_max", "Số tháng hỗ trợ gạo tối đa mỗi đợt (thiên tai)", Unit.MONTHS),
        ParameterKind("emergency.rice_months_tet", "Số tháng hỗ trợ gạo dịp Tết", Unit.MONTHS),
        ParameterKind(
            "deadline.emergency_decision", "Thời hạn Chủ tịch UBND xã quyết định hỗ trợ khẩn cấp", Unit.WORKING_DAYS
        ),
        ParameterKind(
            "education.ethnic_student_share", "Hỗ trợ sinh viên dân tộc thiểu số (tỷ lệ lương cơ sở)", Unit.SHARE
        ),
        ParameterKind("education.ethnic_student_months", "Số tháng hỗ trợ sinh viên dân tộc thiểu số/năm", Unit.MONTHS),
        ParameterKind("education.disabled_learner_share", "Học bổng người khuyết tật (tỷ lệ lương cơ sở)", Unit.SHARE),
        ParameterKind("education.disabled_learner_equipment", "Hỗ trợ phương tiện học tập NKT/năm học", Unit.DONG),
        ParameterKind(
            "education.disabled_learner_months_higher", "Số tháng học bổng NKT/năm (đại học, cao đẳng)", Unit.MONTHS
        ),
        ParameterKind("education.disabled_learner_months_other", "Số tháng học bổng NKT/năm (bậc khác)", Unit.MONTHS),
        ParameterKind("education.boarding_share", "Chính sách nội trú QĐ 53/2015 (tỷ lệ lương cơ sở)", Unit.SHARE),
        ParameterKind("education.boarding_months", "Số tháng hỗ trợ nội trú/năm (QĐ 53/2015)", Unit.MONTHS),
        ParameterKind("deadline.commune_review", "Thời hạn xã xem xét hồ sơ", Unit.WORKING_DAYS),
        ParameterKind("deadline.public_posting", "Thời gian niêm yết công khai", Unit.WORKING_DAYS),
        ParameterKind("deadline.complaint_answer", "Thời hạn trả lời khiếu nại, thắc mắc", Unit.WORKING_DAYS),
        ParameterKind("deadline.commune_proposal", "Thời hạn xã gửi đề nghị sau niêm yết", Unit.WORKING_DAYS),
        ParameterKind("deadline.labour_appraisal", "Thời hạn Phòng LĐ-TB&XH thẩm định", Unit.WORKING_DAYS),
        ParameterKind("deadline.chair_decision", "Thời hạn Chủ tịch UBND huyện quyết định", Unit.WORKING_DAYS),
        ParameterKind(
            "deadline.commune_chair_decision", "Thời hạn Chủ tịch UBND xã quyết định (từ 01/7/2025)", Unit.WORKING_DAYS
        ),
        ParameterKind(
            "deadline.social_pension_decision",
            "Thời hạn Chủ tịch UBND xã quyết định hưởng trợ cấp hưu trí xã hội",
            Unit.WORKING_DAYS,
        ),
        ParameterKind(
            "deadline.disability_assessment", "Thời hạn Hội đồng xác định mức độ khuyết tật", Unit.WORKING_DAYS
        ),
        ParameterKind(
            "deadline.disability_certificate", "Thời hạn niêm yết, cấp giấy xác nhận khuyết tật", Unit.WORKING_DAYS
        ),
        # the move of a beneficiary to another place (NĐ 20/2021 Điều 9; keys used by cases.workflow)
        ParameterKind(
            "deadline.move_commune", "Thời hạn xã nơi chuyển đến chuyển hồ sơ chuyển nơi hưởng", Unit.WORKING_DAYS
        ),
        ParameterKind(
            "deadline.move_labour",
            "Thời hạn Phòng LĐ-TB&XH xử lý hồ sơ chuyển nơi hưởng trong huyện",
            Unit.WORKING_DAYS,
        ),
        ParameterKind(
            "deadline.move_labour_external",
            "Thời hạn Phòng LĐ-TB&XH nơi đến xử lý hồ sơ chuyển từ huyện khác",
            Unit.WORKING_DAYS,
        ),
        ParameterKind("deadline.funeral_commune", "Thời hạn xã xử lý hồ sơ mai táng", Unit.WORKING_DAYS),
        ParameterKind("deadline.funeral_labour", "Thời hạn Phòng LĐ-TB&XH xử lý hồ sơ mai táng", Unit.WORKING_DAYS),
        ParameterKind(
            "deadline.disability_complaint_answer", "Thời hạn trả lời khiếu nại kết luận khuyết tật", Unit.WORKING_DAYS
        ),
        ParameterKind(
            "disability.score.especially_severe_min", "Điểm tối thiểu mức khuyết tật đặc biệt nặng", Unit.POINTS
        ),
        ParameterKind("disability.score.severe_min", "Điểm tối thiểu mức khuyết tật nặng", Unit.POINTS),
        ParameterKind("disability.council_quorum_share", "Tỷ lệ thành viên Hội đồng tối thiểu để họp", Unit.SHARE),
        ParameterKind("disability.allowance.chair", "Bồi dưỡng Chủ tịch Hội đồng mỗi phiên họp", Unit.DONG),
        ParameterKind("disability.allowance.member", "Bồi dưỡng thành viên Hội đồng mỗi phiên họp", Unit.DONG),
        ParameterKind("disability.allowance.water", "Tiền nước uống mỗi người dự họp", Unit.DONG),
        ParameterKind("disability.review_cycle_months", "Chu kỳ xác định lại mức độ khuyết tật", Unit.MONTHS),
        ParameterKind("deadline.bhyt_list", "Thời hạn xã gửi danh sách tăng, giảm thẻ BHYT", Unit.WORKING_DAYS),
        ParameterKind(
            "authority.commune_decides", "Chủ tịch UBND xã quyết định trợ giúp xã hội (1: có, 0: cấp huyện)", Unit.FLAG
        ),
        ParameterKind("reports.monthly_due_day.commune", "Ngày xã gửi báo cáo tháng", Unit.DAY_OF_MONTH),
        ParameterKind(
            "reports.monthly_due_day.district", "Ngày Phòng LĐ-TB&XH gửi báo cáo tháng tổng hợp", Unit.DAY_OF_MONTH
        ),
    ]
}


def province_rate_key(province: str) -> str:
    return f"{PROVINCE_RATE_PREFIX}{province}"


def cremation_key(province: str) -> str:
    """The cremation support of a province (a provincial resolution, e.g. NQ 17/2019/NQ-HĐND Bắc Giang)."""
    return f"{CREMATION_PREFIX}{province}"


def funeral_multiple_key(category_kind: str) -> str:
    """The dated multiple of the funeral support owed to the family of a beneficiary of a category of this
    kind: the monthly allowance's (NĐ 20/2021 Art 11(2)) is `funeral_multiple`, any other kind's is
    `<kind>.funeral_multiple` (the social pension's, NĐ 176/2025 Art 5). A kind without one has none."""
    return FUNERAL_MULTIPLE if category_kind == "allowance" else f"{category_kind}.funeral_multiple"


def is_standard_rate(key: str) -> bool:
    return key == NATIONAL_RATE or bool(_PROVINCE_RATE.match(key))


def parameter_kind(key: str) -> ParameterKind | None:
    """The kind of a known key (a province's rate for any two-digit province code)."""
    if key in KNOWN:
        return KNOWN[key]
    if match := _PROVINCE_RATE.match(key):
        return ParameterKind(key, f"Mức chuẩn trợ giúp xã hội của tỉnh (mã {match.group(1)})", Unit.DONG)
    if match := _CREMATION.match(key):
        return ParameterKind(key, f"Hỗ trợ chi phí hỏa táng của tỉnh (mã {match.group(1)})", Unit.DONG)
    if match := _PENSION_TOP_UP.match(key):
        return ParameterKind(key, f"Trợ cấp hưu trí xã hội: mức tỉnh hỗ trợ thêm (mã {match.group(1)})", Unit.DONG)
    return None


def parameter_name(key: str) -> str:
    """The parameter's Vietnamese name; the key itself only for a key nobody named yet."""
    kind = parameter_kind(key)
    return kind.name if kind else key


def display_value(value: Decimal, unit: str) -> str:
    """A value as Vietnamese readers write it, with its unit."""
    if unit == Unit.DONG:
        return f"{int(value):,} đ".replace(",", ".")
    text = f"{value.normalize():f}".replace(".", ",")
    if unit == Unit.SHARE:
        return f"{text} ({(value * 100).normalize():f}%)".replace(".", ",")
    return f"{text} {UNIT_NAMES.get(Unit(unit), '')}".strip() if unit in UNIT_NAMES else text
