"""The declaration forms of NĐ 20/2021/NĐ-CP (Phụ lục: Mẫu số 1a–1đ, 2a, 2b, 03, 04) as data:
their fields, as printed (docs forms.md §1–§2), with a type each, and the check of a filled
declaration. Pure: the dossier stores the answers in `Dossier.declaration` (JSON).

Field types: text, longtext, date ("YYYY-MM-DD"), month ("YYYY-MM" or "mm/yyyy"), number
(whole, ≥ 0), money (whole đồng, ≥ 0), yesno (true/false or "yes"/"no"), choice (one of the
values of `choices`, pairs (value, label)), table (a list of rows with the `columns`, or text
typed one row per line). `sensitive` fields (HIV) are never posted nor printed on public lists
(Art 8(1)(b)).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MONTH = re.compile(r"^\d{4}-\d{2}$")
_MONTH_PRINTED = re.compile(r"^\d{2}/\d{4}$")
YES_NO_TEXT = ("yes", "no")

SEX_CHOICES = ("Nam", "Nữ")
SCHOOLING_CHOICES = ("Chưa đi học", "Đã nghỉ học", "Đang đi học")
DISABILITY_TYPES = ("Vận động", "Nghe, nói", "Nhìn", "Thần kinh, tâm thần", "Trí tuệ", "Khác")
DISABILITY_LEVELS = ("Đặc biệt nặng", "Nặng", "Nhẹ")
MARITAL_CHOICES = ("Không có chồng/vợ", "Chồng/vợ đã chết", "Chồng/vợ mất tích", "Có chồng/vợ")
HOUSING_CHOICES = ("Kiên cố", "Bán kiên cố", "Nhà tạm")


def pairs(values: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """Choices stored as their printed text (the declaration reads back as written)."""
    return tuple((value, value) for value in values)


@dataclass(frozen=True)
class FieldSpec:
    key: str
    label: str
    kind: str = "text"
    required: bool = False
    choices: tuple[tuple[str, str], ...] = ()
    columns: tuple[FieldSpec, ...] = ()
    sensitive: bool = False
    section: str = ""


@dataclass(frozen=True)
class FormSpec:
    code: str
    title: str
    applies_to: str
    basis: str
    dossier_kind: str
    categories: tuple[str, ...]
    fields: tuple[FieldSpec, ...] = field(default_factory=tuple)

    def field(self, key: str) -> FieldSpec | None:
        return next((spec for spec in self.fields if spec.key == key), None)


def _identity(prefix: str = "", section: str = "Thông tin của đối tượng", required: bool = True) -> list[FieldSpec]:
    """B-ID: identity lines."""
    return [
        FieldSpec(f"{prefix}full_name", "Họ và tên (Viết chữ in hoa)", required=required, section=section),
        FieldSpec(f"{prefix}birth_date", "Ngày/tháng/năm sinh", "date", required=required, section=section),
        FieldSpec(f"{prefix}sex", "Giới tính", "choice", choices=pairs(SEX_CHOICES), section=section),
        FieldSpec(f"{prefix}ethnicity", "Dân tộc", section=section),
        FieldSpec(f"{prefix}citizen_id", "Giấy CMND hoặc Căn cước công dân số", section=section),
        FieldSpec(f"{prefix}citizen_id_issued_on", "Cấp ngày", "date", section=section),
        FieldSpec(f"{prefix}citizen_id_issued_by", "Nơi cấp", section=section),
    ]


def _residence() -> list[FieldSpec]:
    """B-RES."""
    section = "Nơi ở"
    return [
        FieldSpec("permanent_address", "Hộ khẩu thường trú", required=True, section=section),
        FieldSpec("living_with", "Hiện đang ở với ai và địa chỉ nơi ở?", section=section),
    ]


def _schooling() -> list[FieldSpec]:
    """B-SCH."""
    return [
        FieldSpec(
            "schooling", "Tình trạng đi học", "choice", choices=pairs(SCHOOLING_CHOICES), section="Tình trạng đi học"
        ),
        FieldSpec("schooling_detail", "Lý do / ghi cụ thể", section="Tình trạng đi học"),
    ]


BENEFIT_COLUMNS = (
    FieldSpec("benefit", "Chế độ", "choice", choices=pairs((
        "Lương hưu/Trợ cấp BHXH hàng tháng",
        "Trợ cấp bảo trợ xã hội hàng tháng",
        "Trợ cấp ưu đãi người có công hàng tháng",
        "Trợ cấp, phụ cấp hàng tháng khác",
    ))),
    FieldSpec("amount", "Số tiền (đồng/tháng)", "money"),
    FieldSpec("from_month", "Hưởng từ tháng", "month"),
)  # fmt: skip


def _benefits(key: str = "benefits", label: str = "Đang hưởng chế độ nào sau đây:") -> FieldSpec:
    """B-BEN."""
    return FieldSpec(key, label, "table", columns=BENEFIT_COLUMNS, section="Chế độ đang hưởng")


def _disability(required: bool = False, prefix: str = "") -> list[FieldSpec]:
    """B-DIS."""
    section = "Giấy xác nhận khuyết tật"
    return [
        FieldSpec(f"{prefix}certificate_number", "Giấy xác nhận khuyết tật số", required=required, section=section),
        FieldSpec(f"{prefix}certificate_date", "Ngày cấp", "date", required=required, section=section),
        FieldSpec(f"{prefix}certificate_issuer", "Nơi cấp", section=section),
        FieldSpec(f"{prefix}disability_type", "Dạng tật", "choice", choices=pairs(DISABILITY_TYPES), section=section),
        FieldSpec(
            f"{prefix}disability_level", "Mức độ khuyết tật", "choice", required=required,
            choices=pairs(DISABILITY_LEVELS), section=section,
        ),
    ]  # fmt: skip


def _proxy_and_signature(proxy: bool = True) -> list[FieldSpec]:
    """B-PROXY (optional) and B-SIGN; the commune's certification (B-XN) is the dossier's
    "submit" step, recorded with its own date and officer."""
    fields = []
    if proxy:
        section = "Thông tin người khai thay"
        fields += [
            FieldSpec("proxy_name", "Họ và tên người khai thay", section=section),
            FieldSpec("proxy_citizen_id", "Giấy CMND hoặc Căn cước công dân số", section=section),
            FieldSpec("proxy_issued_on", "Ngày cấp", "date", section=section),
            FieldSpec("proxy_issued_by", "Nơi cấp", section=section),
            FieldSpec("proxy_relation", "Mối quan hệ với đối tượng", section=section),
            FieldSpec("proxy_address", "Địa chỉ", section=section),
        ]
    fields.append(FieldSpec("declared_on", "Ngày khai", "date", required=True, section="Người khai"))
    return fields


def _yes(key: str, label: str, section: str = "") -> FieldSpec:
    return FieldSpec(key, label, "yesno", section=section)


PARENT_COLUMNS = (
    FieldSpec("full_name", "Họ và tên"),
    FieldSpec("birth_date", "Ngày sinh", "date"),
    FieldSpec("residence", "Nơi ở"),
    FieldSpec("schooling", "Tình trạng đi học"),
    FieldSpec("benefits", "Chế độ chính sách đang hưởng"),
)
SUPPORTER_COLUMNS = (
    FieldSpec("full_name", "Họ và tên"),
    FieldSpec("age", "Tuổi", "number"),
    FieldSpec("occupation", "Nghề nghiệp"),
    FieldSpec("residence", "Nơi ở"),
    FieldSpec("job", "Việc làm"),
    FieldSpec("income", "Thu nhập", "money"),
)
HOUSEHOLD_BENEFIT_COLUMNS = (
    FieldSpec("full_name", "Họ và tên"),
    FieldSpec("reason", "Lý do"),
    FieldSpec("period", "Thời gian hưởng"),
)

# The register links of the care forms (not on the printed forms of NĐ 20/2021, which name the people
# cared for only in words): the personal ID numbers the calculator's "cares_for" is built from.
CARED_PERSON = "cared_person_id_number"  # Mẫu 2b: the person taken in (Art 20(1), 20(2)(d))
CARED_MEMBERS = "cared_member_id_numbers"  # Mẫu 2a: the household's own members (Art 20(2)(c))
ID_NUMBER = re.compile(r"(?<!\d)\d{12}(?!\d)")  # the 12-digit personal ID (Luật Căn cước 2023)

# Mẫu 1d names the supporters in a table (item 8); whether anyone is obliged to support the person
# (the condition of 5.5a, NĐ 20/2021 Art 5(5)(a)) is asked once more as a yes/no the calculator reads.
NO_SUPPORTER = "no_supporter"
NO_SUPPORTER_LABEL = (
    "Sống một mình, không có người có nghĩa vụ và quyền phụng dưỡng (hoặc người đó đang hưởng trợ cấp "
    "xã hội hằng tháng)?"
)

BASIS_ALLOWANCE = "NĐ 20/2021/NĐ-CP, Điều 7 khoản 1"
BASIS_CARE = "NĐ 20/2021/NĐ-CP, Điều 7 khoản 2"

FORM_1A = FormSpec(
    "1a", "Tờ khai đề nghị trợ giúp xã hội",
    "Trẻ em dưới 16 tuổi không có nguồn nuôi dưỡng; người từ 16 đến 22 tuổi đang đi học; "
    "trẻ em dưới 3 tuổi thuộc hộ nghèo, cận nghèo ở vùng đặc biệt khó khăn (Điều 5 khoản 1, 2, 7)",
    BASIS_ALLOWANCE, "grant", ("5.1", "5.2", "5.7"),
    (
        *_identity(), *_residence(), *_schooling(),
        _yes("health_insurance", "Có thẻ BHYT không?"),
        _benefits(),
        _yes("poor_household", "Thuộc hộ nghèo, cận nghèo không?"),
        _yes("disabled", "Có khuyết tật không?"),
        *_disability(),
        FieldSpec("parent_1", "Thông tin về cha hoặc mẹ của đối tượng", "longtext", section="Cha, mẹ"),
        _benefits("parent_1_benefits", "Cha hoặc mẹ có đang hưởng chế độ nào sau đây:"),
        FieldSpec("parent_2", "Thông tin về cha (mẹ) thứ hai của đối tượng", "longtext", section="Cha, mẹ"),
        *_proxy_and_signature(),
    ),
)  # fmt: skip

FORM_1B = FormSpec(
    "1b", "Tờ khai đề nghị trợ giúp xã hội",
    "Trẻ em nhiễm HIV/AIDS thuộc hộ nghèo; người nhiễm HIV/AIDS thuộc hộ nghèo không có nguồn thu nhập "
    "ổn định (Điều 5 khoản 3, 8)",
    BASIS_ALLOWANCE, "grant", ("5.3", "5.8"),
    (
        *_identity(), *_residence(), *_schooling(),
        _yes("health_insurance", "Có thẻ BHYT không?"),
        _benefits(),
        _yes("poor_household", "Thuộc hộ nghèo không?"),
        FieldSpec("hiv_detected_on", "Thời điểm phát hiện nhiễm HIV", "date", sensitive=True),
        _yes("disabled", "Có khuyết tật không?"),
        *_disability(),
        FieldSpec("work_capacity", "Khả năng tham gia lao động (Ghi cụ thể)"),
        *_proxy_and_signature(),
    ),
)  # fmt: skip

FORM_1C = FormSpec(
    "1c", "Tờ khai đề nghị trợ giúp xã hội",
    "Người đơn thân nghèo đang nuôi con (Điều 5 khoản 4)",
    BASIS_ALLOWANCE, "grant", ("5.4",),
    (
        *_identity(), *_residence(),
        _yes("health_insurance", "Có thẻ BHYT không?"),
        _yes("poor_household", "Thuộc hộ nghèo, cận nghèo không?"),
        FieldSpec("marital_status", "Tình trạng hôn nhân", "choice", required=True, choices=pairs(MARITAL_CHOICES[:3])),
        FieldSpec("children_total", "Số con đang nuôi (người)", "number", required=True, section="Con"),
        FieldSpec("children_under_16", "Trong đó dưới 16 tuổi (người)", "number", section="Con"),
        FieldSpec("children_studying", "Từ 16 đến 22 tuổi đang đi học (người)", "number", section="Con"),
        FieldSpec("children", "Thông tin về các con", "table", columns=PARENT_COLUMNS, section="Con"),
        *_proxy_and_signature(),
    ),
)  # fmt: skip

FORM_1D = FormSpec(
    "1d", "Tờ khai đề nghị trợ giúp xã hội",
    "Người cao tuổi (Điều 5 khoản 5)",
    BASIS_ALLOWANCE, "grant", ("5.5a", "5.5b", "5.5c", "5.5d"),
    (
        *_identity(), *_residence(),
        _yes("health_insurance", "Có thẻ BHYT không?"),
        _benefits(),
        _yes("poor_household", "Thuộc hộ nghèo, cận nghèo không?"),
        _yes("disabled", "Có khuyết tật không?"),
        *_disability(),
        FieldSpec("marital_status", "Tình trạng hôn nhân", "choice", choices=pairs(MARITAL_CHOICES)),
        FieldSpec("supporters", "Người có nghĩa vụ và quyền phụng dưỡng", "table", columns=SUPPORTER_COLUMNS),
        _yes(NO_SUPPORTER, NO_SUPPORTER_LABEL),
        FieldSpec("life_history", "Quá trình hoạt động của bản thân (Không bắt buộc)", "longtext"),
        *_proxy_and_signature(),
    ),
)  # fmt: skip

FORM_1DD = FormSpec(
    "1đ", "Tờ khai đề nghị trợ giúp xã hội",
    "Người khuyết tật nặng, đặc biệt nặng (Điều 5 khoản 6; mang thai, nuôi con dưới 36 tháng: Điều 20 khoản 2 điểm a)",
    BASIS_ALLOWANCE, "grant", ("5.6", "20.2a"),
    (
        *_identity(), *_residence(), *_schooling(),
        _yes("health_insurance", "Có thẻ BHYT không?"),
        _benefits(),
        _yes("poor_household", "Thuộc hộ nghèo không?"),
        *_disability(required=True),
        _yes("working", "Có tham gia làm việc không?", "Việc làm"),
        FieldSpec("work_description", "Nếu có thì đang làm gì", section="Việc làm"),
        FieldSpec("monthly_income", "Thu nhập hàng tháng (đồng)", "money", section="Việc làm"),
        FieldSpec("not_working_reason", "Nếu không thì ghi lý do", section="Việc làm"),
        FieldSpec("marital_status", "Tình trạng hôn nhân", "choice", choices=pairs(MARITAL_CHOICES)),
        FieldSpec("children_total", "Số con (người)", "number", section="Con"),
        FieldSpec("children_under_36_months", "Trong đó dưới 36 tháng tuổi (người)", "number", section="Con"),
        _yes("pregnant", "Đang mang thai không? (hỗ trợ kinh phí chăm sóc, Điều 20 khoản 2 điểm a)", "Con"),
        FieldSpec("self_care", "Khả năng tự phục vụ?"),
        FieldSpec("carer", "Cá nhân/hộ gia đình đang trực tiếp chăm sóc, nuôi dưỡng"),
        *_proxy_and_signature(),
    ),
)  # fmt: skip

FORM_2A = FormSpec(
    "2a", "Tờ khai hộ gia đình có người khuyết tật",
    "Hộ gia đình trực tiếp chăm sóc, nuôi dưỡng người khuyết tật đặc biệt nặng (Điều 20 khoản 2)",
    BASIS_CARE, "grant", ("20.2c",),
    (
        *_identity(section="Chủ hộ"),
        FieldSpec("permanent_address", "Hộ khẩu thường trú của hộ", required=True),
        FieldSpec("current_address", "Nơi ở hiện nay của hộ (Ghi rõ địa chỉ)"),
        FieldSpec("household_size", "Số người trong hộ (người)", "number", required=True, section="Người khuyết tật"),
        FieldSpec("disabled_total", "Trong đó người khuyết tật (người)", "number", section="Người khuyết tật"),
        FieldSpec("especially_severe", "Khuyết tật đặc biệt nặng (người)", "number", required=True,
                  section="Người khuyết tật"),
        FieldSpec("especially_severe_at_home", "… đang sống tại hộ (người)", "number", section="Người khuyết tật"),
        FieldSpec("severe", "Khuyết tật nặng (người)", "number", section="Người khuyết tật"),
        FieldSpec("severe_at_home", "… đang sống tại hộ (người)", "number", section="Người khuyết tật"),
        FieldSpec("mild", "Khuyết tật nhẹ (người)", "number", section="Người khuyết tật"),
        FieldSpec("mild_at_home", "… đang sống tại hộ (người)", "number", section="Người khuyết tật"),
        FieldSpec(
            CARED_MEMBERS, "Số định danh cá nhân của từng người khuyết tật đặc biệt nặng hộ đang trực tiếp chăm sóc "
            "(mỗi người một dòng; đối chiếu sổ đối tượng)", "longtext", required=True, section="Người khuyết tật",
        ),
        _yes("poor_household", "Hộ có thuộc diện nghèo không?"),
        FieldSpec("housing", "Nhà ở", "choice", choices=pairs(HOUSING_CHOICES)),
        FieldSpec(
            "household_benefits",
            "Có ai trong hộ đang hưởng trợ cấp xã hội hàng tháng, chăm sóc trong cơ sở bảo trợ xã hội?",
            "table", columns=HOUSEHOLD_BENEFIT_COLUMNS,
        ),
        *_proxy_and_signature(),
    ),
)  # fmt: skip

_CARER = "Người nhận chăm sóc, nuôi dưỡng"
_SPOUSE = "Vợ hoặc chồng của người nhận chăm sóc"
FORM_2B = FormSpec(
    "2b", "Tờ khai nhận chăm sóc, nuôi dưỡng",
    "Cá nhân, hộ gia đình nhận chăm sóc, nuôi dưỡng đối tượng bảo trợ xã hội (Điều 20 khoản 1, 2)",
    BASIS_CARE, "grant", ("20.1a", "20.1b", "20.2d"),
    (
        *_identity("household_", "Thông tin về hộ"),
        FieldSpec("household_registered_address", "Nơi đăng ký thường trú của hộ", required=True,
                  section="Thông tin về hộ"),
        FieldSpec("household_current_address", "Nơi ở hiện nay của hộ", section="Thông tin về hộ"),
        _yes("poor_household", "Có thuộc hộ nghèo không?", "Thông tin về hộ"),
        FieldSpec("housing", "Nhà ở (loại nhà; sở hữu, thuê, ở nhờ)", section="Thông tin về hộ"),
        FieldSpec("household_income_12_months", "Thu nhập của hộ trong 12 tháng qua (đồng)", "money",
                  section="Thông tin về hộ"),
        *_identity("carer_", _CARER),
        FieldSpec("carer_address", "Nơi ở hiện nay", section=_CARER),
        FieldSpec("carer_experience", "Kinh nghiệm, kỹ năng chăm sóc, nuôi dưỡng đối tượng", section=_CARER),
        _yes("carer_disabled", "Có khuyết tật không?", _CARER),
        *_disability(prefix="carer_"),
        FieldSpec("carer_marital_status", "Tình trạng hôn nhân", section=_CARER),
        FieldSpec("carer_chronic_illness", "Có mắc bệnh mạn tính không? (Ghi bệnh)", section=_CARER),
        FieldSpec("carer_sentences", "Có bị kết án tù, xử phạt vi phạm hành chính", section=_CARER),
        *_identity("spouse_", _SPOUSE, required=False),
        FieldSpec("spouse_address", "Nơi ở hiện nay", section=_SPOUSE),
        FieldSpec("spouse_experience", "Kinh nghiệm, kỹ năng chăm sóc nuôi dưỡng đối tượng", section=_SPOUSE),
        _yes("spouse_disabled", "Có khuyết tật không?", _SPOUSE),
        FieldSpec("spouse_chronic_illness", "Có mắc bệnh mạn tính không? (Ghi bệnh)", section=_SPOUSE),
        FieldSpec("spouse_sentences", "Có bị kết án tù, xử phạt vi phạm hành chính", section=_SPOUSE),
        FieldSpec("cared_person_name", "Họ tên người được nhận chăm sóc, nuôi dưỡng", required=True),
        FieldSpec(
            CARED_PERSON, "Số định danh cá nhân của người được nhận chăm sóc, nuôi dưỡng (đối chiếu sổ đối tượng)",
            required=True,
        ),
        FieldSpec("guardian_opinion", "Ý kiến của người giám hộ hoặc đối tượng được nhận chăm sóc", "longtext"),
        *_proxy_and_signature(proxy=False),
    ),
)  # fmt: skip

FORM_03 = FormSpec(
    "03", "Tờ khai đối tượng được nhận chăm sóc, nuôi dưỡng",
    "Người được nhận chăm sóc, nuôi dưỡng chưa hưởng trợ cấp xã hội hàng tháng (Điều 7 khoản 2 điểm c)",
    BASIS_CARE, "grant", ("20.1a", "20.1b", "20.2d"),
    (
        *_identity(), *_residence(), *_schooling(),
        _yes("health_insurance", "Có thẻ BHYT không?"),
        _benefits(),
        _yes("poor_household", "Thuộc hộ nghèo không?"),
        *_disability(),
        _yes("working", "Có tham gia làm việc không?", "Việc làm"),
        FieldSpec("work_description", "Nếu có thì đang làm gì", section="Việc làm"),
        FieldSpec("monthly_income", "Thu nhập hàng tháng (đồng)", "money", section="Việc làm"),
        FieldSpec("not_working_reason", "Nếu không thì ghi lý do", section="Việc làm"),
        FieldSpec("marital_status", "Tình trạng hôn nhân", "choice", choices=pairs(MARITAL_CHOICES)),
        FieldSpec("self_care", "Khả năng tự phục vụ?"),
        *_proxy_and_signature(),
    ),
)  # fmt: skip

_DECEASED = "Thông tin người chết được mai táng"
_ORGANISER = "Cơ quan, tổ chức, hộ gia đình, cá nhân đứng ra mai táng"
ORGANISER_KINDS = ("Hộ gia đình, cá nhân", "Cơ quan, tổ chức")
FORM_04 = FormSpec(
    "04", "Tờ khai đề nghị hỗ trợ chi phí mai táng",
    "Người tổ chức mai táng cho đối tượng đang hưởng trợ cấp xã hội hàng tháng (Điều 11)",
    "NĐ 20/2021/NĐ-CP, Điều 11 khoản 3", "funeral", (),
    (
        FieldSpec("deceased_full_name", "Họ và tên (Viết chữ in hoa)", required=True, section=_DECEASED),
        FieldSpec("deceased_birth_date", "Ngày/tháng/năm sinh", "date", section=_DECEASED),
        FieldSpec("deceased_sex", "Giới tính", "choice", choices=pairs(SEX_CHOICES), section=_DECEASED),
        FieldSpec("deceased_ethnicity", "Dân tộc", section=_DECEASED),
        FieldSpec("deceased_address", "Hộ khẩu thường trú", section=_DECEASED),
        FieldSpec("death_date", "Ngày chết", "date", required=True, section=_DECEASED),
        FieldSpec("death_cause", "Nguyên nhân chết", section=_DECEASED),
        FieldSpec("burial_date", "Thời gian mai táng", "date", section=_DECEASED),
        FieldSpec("burial_place", "Địa điểm mai táng", section=_DECEASED),
        FieldSpec("organiser_kind", "Bên đứng ra mai táng", "choice", required=True, choices=pairs(ORGANISER_KINDS),
                  section=_ORGANISER),
        FieldSpec("organisation_name", "Tên cơ quan, tổ chức", section=_ORGANISER),
        FieldSpec("organisation_address", "Địa chỉ", section=_ORGANISER),
        FieldSpec("representative_title", "Chức vụ người đại diện", section=_ORGANISER),
        FieldSpec("payee_name", "Họ và tên (Chủ hộ hoặc người đại diện)", required=True, section=_ORGANISER),
        FieldSpec("payee_birth_date", "Ngày/tháng/năm sinh", "date", section=_ORGANISER),
        FieldSpec("payee_citizen_id", "Giấy CMND hoặc Căn cước công dân số", section=_ORGANISER),
        FieldSpec("payee_issued_on", "Cấp ngày", "date", section=_ORGANISER),
        FieldSpec("payee_issued_by", "Nơi cấp", section=_ORGANISER),
        FieldSpec("payee_address", "Hộ khẩu thường trú, nơi ở", section=_ORGANISER),
        FieldSpec("payee_relation", "Quan hệ với người chết", section=_ORGANISER),
        FieldSpec("declared_on", "Ngày khai", "date", required=True, section="Người khai"),
    ),
)  # fmt: skip

_CREMATED = "Thông tin người chết được hỏa táng"
_CREMATION_ORGANISER = "Cơ quan, tổ chức, hộ gia đình, cá nhân đứng ra tổ chức hỏa táng"
FORM_HT = FormSpec(
    "HT", "Tờ khai đề nghị hỗ trợ chi phí hỏa táng",
    "Người tổ chức hỏa táng cho người chết có hộ khẩu thường trú trên địa bàn tỉnh",
    "NQ 17/2019/NQ-HĐND tỉnh Bắc Giang", "cremation", (),
    (
        FieldSpec("deceased_full_name", "Họ và tên (Viết chữ in hoa)", required=True, section=_CREMATED),
        FieldSpec("deceased_birth_date", "Ngày/tháng/năm sinh", "date", section=_CREMATED),
        FieldSpec("deceased_sex", "Giới tính", "choice", choices=pairs(SEX_CHOICES), section=_CREMATED),
        FieldSpec("deceased_address", "Hộ khẩu thường trú", section=_CREMATED),
        FieldSpec("death_date", "Ngày chết", "date", required=True, section=_CREMATED),
        FieldSpec("cremation_date", "Ngày hỏa táng", "date", required=True, section=_CREMATED),
        FieldSpec("cremation_place", "Cơ sở hỏa táng", required=True, section=_CREMATED),
        FieldSpec("organiser_kind", "Bên đứng ra tổ chức hỏa táng", "choice", required=True,
                  choices=pairs(ORGANISER_KINDS), section=_CREMATION_ORGANISER),
        FieldSpec("organisation_name", "Tên cơ quan, tổ chức", section=_CREMATION_ORGANISER),
        FieldSpec("payee_name", "Họ và tên (Chủ hộ hoặc người đại diện)", required=True,
                  section=_CREMATION_ORGANISER),
        FieldSpec("payee_citizen_id", "Căn cước công dân số", section=_CREMATION_ORGANISER),
        FieldSpec("payee_address", "Hộ khẩu thường trú, nơi ở", section=_CREMATION_ORGANISER),
        FieldSpec("payee_relation", "Quan hệ với người chết", section=_CREMATION_ORGANISER),
        FieldSpec("declared_on", "Ngày khai", "date", required=True, section="Người khai"),
    ),
)  # fmt: skip

# The social pension's request (văn bản đề nghị, "Mẫu số 01" of NĐ 176/2025/NĐ-CP; national procedure 1.014027).
# The decree's own form was not read (domain.md §5): these fields are the project's reading of what the chair
# needs to decide (identity, residence, a pension or monthly social-insurance allowance, a poor or near-poor
# household for 70-74, how to be paid), unconfirmed. Stored under the code "H01" (the NĐ 20/2021 forms use 1a-04).
PAYMENT_CHOICES = ("Nhận trực tiếp tại điểm chi trả", "Qua tài khoản ngân hàng")
FORM_H01 = FormSpec(
    "H01", "Văn bản đề nghị hưởng trợ cấp hưu trí xã hội (Mẫu số 01)",
    "Công dân từ đủ 75 tuổi, hoặc từ đủ 70 đến dưới 75 tuổi thuộc hộ nghèo, cận nghèo, không hưởng lương hưu, "
    "trợ cấp bảo hiểm xã hội hằng tháng (thủ tục 1.014027)",
    "Luật BHXH 41/2024/QH15, Điều 21-22; NĐ 176/2025/NĐ-CP, Mẫu số 01 (chưa xác nhận)", "grant",
    ("HTXH.75", "HTXH.70"),
    (
        *_identity(), *_residence(),
        _benefits(label="Đang hưởng lương hưu, trợ cấp bảo hiểm xã hội hằng tháng hoặc chế độ nào khác:"),
        _yes("poor_household", "Thuộc hộ nghèo, hộ cận nghèo không? (từ đủ 70 đến dưới 75 tuổi)"),
        FieldSpec("payment_method", "Hình thức nhận trợ cấp", "choice", choices=pairs(PAYMENT_CHOICES),
                  section="Nhận trợ cấp"),
        FieldSpec("bank_account", "Số tài khoản, ngân hàng (nếu nhận qua tài khoản)", section="Nhận trợ cấp"),
        *_proxy_and_signature(),
    ),
)  # fmt: skip

# Funeral support of a social-pension recipient ("Mẫu số 02", procedure 1.014028): the fields of Mẫu 04 (NĐ
# 20/2021 Art 11), its own title and basis; the amount is `social_pension.funeral_multiple` (unconfirmed).
FORM_H02 = FormSpec(
    "H02", "Tờ khai đề nghị hỗ trợ chi phí mai táng người hưởng trợ cấp hưu trí xã hội (Mẫu số 02)",
    "Người tổ chức mai táng cho người đang hưởng trợ cấp hưu trí xã hội (thủ tục 1.014028)",
    "Luật BHXH 41/2024/QH15, Điều 22; NĐ 176/2025/NĐ-CP, Mẫu số 02 (chưa xác nhận)", "funeral", (),
    FORM_04.fields,
)  # fmt: skip

FORMS: dict[str, FormSpec] = {
    form.code: form
    for form in (
        FORM_1A,
        FORM_1B,
        FORM_1C,
        FORM_1D,
        FORM_1DD,
        FORM_2A,
        FORM_2B,
        FORM_03,
        FORM_04,
        FORM_HT,
        FORM_H01,
        FORM_H02,
    )
}


def cared_id_numbers(declaration: dict[str, Any]) -> list[tuple[str, str]]:
    """(care kind, ID number) of the people a care declaration names: "taken_in" from Mẫu 2b,
    "household_member" from Mẫu 2a (one or more numbers, on lines or separated by commas)."""
    found = [("taken_in", number) for number in ID_NUMBER.findall(str(declaration.get(CARED_PERSON) or ""))]
    found += [("household_member", number) for number in ID_NUMBER.findall(str(declaration.get(CARED_MEMBERS) or ""))]
    return found


def form_for_category(category_code: str) -> str:
    """The usual grant form of a category ("" when none)."""
    return next((form.code for form in FORMS.values() if category_code in form.categories), "")


def sensitive_keys(form_code: str) -> frozenset[str]:
    form = FORMS.get(form_code)
    return frozenset(spec.key for spec in form.fields if spec.sensitive) if form else frozenset()


def _value_error(spec: FieldSpec, value: Any) -> str | None:
    """The Vietnamese error of one answer, or None when it fits the field's type."""
    kind = spec.kind
    if kind in ("text", "longtext"):
        return None if isinstance(value, str) else "phải là chữ."
    if kind == "date":
        if not isinstance(value, str) or not _DATE.match(value):
            return "phải là ngày (dd/mm/yyyy)."
        try:
            date.fromisoformat(value)
        except ValueError:
            return "không có ngày này."
        return None
    if kind == "month":
        if not isinstance(value, str) or not (_MONTH.match(value) or _MONTH_PRINTED.match(value)):
            return "phải là tháng (mm/yyyy)."
        month = int(value[5:]) if _MONTH.match(value) else int(value[:2])
        return None if 1 <= month <= 12 else "không có tháng này."
    if kind in ("number", "money"):
        return None if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else "phải là số ≥ 0."
    if kind == "yesno":
        return None if isinstance(value, bool) or value in YES_NO_TEXT else "chọn Có hoặc Không."
    if kind == "choice":
        values = [choice for choice, _label in spec.choices]
        return None if value in values else "chọn một trong: " + ", ".join(values) + "."
    if kind == "table":
        if isinstance(value, str):
            return None  # typed one row per line
        if not isinstance(value, list) or not all(isinstance(row, dict) for row in value):
            return "phải là một bảng."
        for index, row in enumerate(value, start=1):
            for column in spec.columns:
                cell = row.get(column.key)
                if cell not in (None, "") and (error := _value_error(column, cell)):
                    return f"dòng {index}, cột “{column.label}” {error}"
        return None
    return None


def declaration_errors(form_code: str, data: dict[str, Any], *, complete: bool = False) -> dict[str, str]:
    """Errors keyed by field: unknown form, unknown fields, wrong types; with `complete`, also
    the required fields left empty (checked before the dossier is submitted)."""
    form = FORMS.get(form_code)
    if form is None:
        return {"form_code": "Mẫu tờ khai không hợp lệ."}
    if not isinstance(data, dict):
        return {"declaration": "Tờ khai phải là một bảng các mục."}
    errors: dict[str, str] = {}
    for key, value in data.items():
        spec = form.field(key)
        if spec is None:
            errors[key] = f"Mẫu số {form.code} không có mục này."
        elif value not in (None, "", []) and (error := _value_error(spec, value)):
            errors[key] = f"{spec.label}: {error}"
    if complete:
        for spec in form.fields:
            if spec.required and data.get(spec.key) in (None, "", []) and spec.key not in errors:
                errors[spec.key] = f"Chưa khai “{spec.label}”."
    return errors


def clean_declaration(form_code: str, data: dict[str, Any]) -> dict[str, Any]:
    """The answers without empty values (call after `declaration_errors` found none)."""
    return {key: value for key, value in data.items() if value not in (None, "", [])}


def form_for(form_code: str) -> FormSpec | None:
    return FORMS.get(form_code)


def fields_for(form_code: str) -> tuple[FieldSpec, ...]:
    form = FORMS.get(form_code)
    return form.fields if form else ()


def answer_is_yes(value: Any) -> bool:
    return value is True or value == "yes"


# --- The answers the calculator reads ----------------------------------------------------------------

DECLARED_LEVELS = {"Đặc biệt nặng": "especially_severe", "Nặng": "severe", "Nhẹ": "mild"}
STUDYING = "Đang đi học"
PENSION_WORDS = ("lương hưu", "bhxh", "bảo hiểm xã hội")


def _declares_pension(benefits: Any) -> bool:
    """A monthly pension or social-insurance allowance among the declared benefits (B-BEN)."""
    if isinstance(benefits, str):
        rows = [line.lower() for line in benefits.splitlines()]
    elif isinstance(benefits, list):
        rows = [str(row.get("benefit", "")).lower() for row in benefits if isinstance(row, dict)]
    else:
        return False
    return any(word in row for row in rows for word in PENSION_WORDS)


def declared_answers(declaration: dict[str, Any]) -> dict[str, Any]:
    """The calculator's fields (contracts.md §2) a declaration answers: a poor household, no one to
    support an elderly person, a pension, schooling, the disability level, a pregnancy. Only what the
    declaration says is taken; a question it leaves blank is not answered."""
    answers: dict[str, Any] = {}
    if answer_is_yes(declaration.get("poor_household")):
        answers["household"] = "poor"
    if NO_SUPPORTER in declaration:
        answers["no_supporter"] = answer_is_yes(declaration[NO_SUPPORTER])
    if "benefits" in declaration:
        answers["pension"] = _declares_pension(declaration["benefits"])
    if declaration.get("schooling") in SCHOOLING_CHOICES:
        answers["studying"] = declaration["schooling"] == STUDYING
    if level := DECLARED_LEVELS.get(str(declaration.get("disability_level", ""))):
        answers["disability"] = level
    if answer_is_yes(declaration.get("pregnant")):
        answers["pregnant"] = True
    return answers


def answer_labels() -> dict[str, str]:
    """Each answer's question as printed, over every form (a key means the same on each form), for the
    history of a declaration (`cases.dossier_declare`)."""
    labels: dict[str, str] = {}
    for form in FORMS.values():
        for spec in form.fields:
            labels.setdefault(spec.key, spec.label)
            for column in spec.columns:
                labels.setdefault(column.key, column.label)
    return labels
