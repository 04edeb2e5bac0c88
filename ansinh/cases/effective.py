"""From which month a decision takes effect (domain.md §5 "Start, change and stop"). Pure.

Months are dates on the first day of the month. Each rule cites its clause; each result carries
a Vietnamese sentence for the decision and the person's page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

DISABILITY = "5.6"
# The elderly categories that start from the month the age is reached (NĐ 20/2021 Art 8(4)):
AGE_STARTS = {"5.5b": 75, "5.5c": 80}


@dataclass(frozen=True)
class EffectiveMonth:
    month: date
    explanation: str


def first_of_month(day: date) -> date:
    return day.replace(day=1)


def next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def month_text(day: date) -> str:
    """mm/yyyy (as `f"{day:%m/%Y}"`, without strftime: the review writes it for every difference)."""
    return f"{day.month:02d}/{day.year}"


def age_month(birth_date: date, age: int) -> date:
    """The month in which a person reaches `age`. By this project's convention (domain.md §5) a
    person's age for a month is their age on its last day, so it is the month of the birthday."""
    return date(birth_date.year + age, birth_date.month, 1)


def grant_month(
    *, category_code: str, signed_on: date, certificate_date: date | None = None, birth_date: date | None = None
) -> EffectiveMonth:
    """NĐ 20/2021 Art 8(4): the allowance starts from the month the chair signs the decision;
    a disabled person (5.6) from the month the disability certificate was issued; 5.5b / 5.5c
    from the month the age (75 / 80) is reached."""
    signed = first_of_month(signed_on)
    if category_code == DISABILITY and certificate_date is not None:
        month = first_of_month(certificate_date)
        return EffectiveMonth(
            month,
            f"Hưởng từ tháng {month_text(month)}: tháng được cấp giấy xác nhận khuyết tật "
            f"ngày {certificate_date:%d/%m/%Y} (NĐ 20/2021/NĐ-CP, Điều 8 khoản 4).",
        )
    if category_code in AGE_STARTS and birth_date is not None:
        age = AGE_STARTS[category_code]
        month = age_month(birth_date, age)
        return EffectiveMonth(
            month,
            f"Hưởng từ tháng {month_text(month)}: tháng đủ {age} tuổi (sinh ngày {birth_date:%d/%m/%Y}; "
            "tuổi của một tháng tính đến ngày cuối tháng) (NĐ 20/2021/NĐ-CP, Điều 8 khoản 4).",
        )
    return EffectiveMonth(
        signed,
        f"Hưởng từ tháng {month_text(signed)}: tháng Chủ tịch ký quyết định (NĐ 20/2021/NĐ-CP, Điều 8 khoản 4).",
    )


def adjust_month(*, signed_on: date, qualifies_on: date | None = None) -> EffectiveMonth:
    """TT 02/2021 Art 2: an adjustment takes effect from the month the person qualifies for it
    (the signing month when no date is given)."""
    if qualifies_on is not None:
        month = first_of_month(qualifies_on)
        return EffectiveMonth(
            month,
            f"Điều chỉnh từ tháng {month_text(month)}: tháng đủ điều kiện hưởng mức mới "
            f"({qualifies_on:%d/%m/%Y}) (TT 02/2021/TT-BLĐTBXH, Điều 2).",
        )
    month = first_of_month(signed_on)
    return EffectiveMonth(month, f"Điều chỉnh từ tháng {month_text(month)}: tháng ký quyết định.")


STOP_REASONS = {
    "death": "chết",
    "missing": "bị tuyên bố mất tích",
    "not_eligible": "không còn đủ điều kiện hưởng",
    "prison": "chấp hành án phạt tù",
    "refusal": "từ chối nhận trợ cấp",
    "noncompliance": "quá 3 tháng kể từ khi tạm dừng do không chấp hành rà soát",
    "to_other_district": "chuyển đi nơi khác ngoài huyện",
}


def stop_month(*, event_on: date, ground: str = "death") -> EffectiveMonth:
    """NĐ 20/2021 Art 8(5): the allowance stops from the month after the month of death, of being
    declared missing, or of losing eligibility (and likewise for the other grounds)."""
    month = next_month(event_on)
    what = STOP_REASONS.get(ground, "phát sinh lý do thôi hưởng")
    return EffectiveMonth(
        month,
        f"Thôi hưởng từ tháng {month_text(month)}: tháng sau tháng {what} "
        f"({event_on:%d/%m/%Y}) (NĐ 20/2021/NĐ-CP, Điều 8 khoản 5).",
    )


def suspend_month(*, signed_on: date, from_day: date | None = None) -> EffectiveMonth:
    """NĐ 20/2021 Art 8(5) as amended by NĐ 76/2024: suspension from the month stated (the month
    the ground arose), the signing month when none is given."""
    month = first_of_month(from_day or signed_on)
    return EffectiveMonth(month, f"Tạm dừng chi trả từ tháng {month_text(month)}.")


def resume_month(*, signed_on: date, suspended_from: date, arrears: bool) -> EffectiveMonth:
    """Payment resumes from the signing month; with arrears (truy lĩnh) the suspended months from
    `suspended_from` are paid again (domain.md §5: "A suspension can be lifted with arrears")."""
    month = max(first_of_month(signed_on), next_month(suspended_from) if suspended_from else first_of_month(signed_on))
    if arrears:
        return EffectiveMonth(
            month,
            f"Tiếp tục hưởng từ tháng {month_text(month)}, truy lĩnh các tháng tạm dừng "
            f"từ tháng {month_text(suspended_from)}.",
        )
    return EffectiveMonth(month, f"Tiếp tục hưởng từ tháng {month_text(month)}, không truy lĩnh.")


def move_within_month(*, moved_on: date) -> EffectiveMonth:
    """NĐ 20/2021 Art 9(1): within the district, payment continues at the new commune from the
    month after the move; the old commune pays the month of the move (no gap, no overlap)."""
    month = next_month(moved_on)
    return EffectiveMonth(
        month,
        f"Chuyển nơi hưởng từ tháng {month_text(month)}: xã cũ chi trả đến hết tháng {month_text(moved_on)}, "
        "xã mới chi trả liên tục từ tháng sau (NĐ 20/2021/NĐ-CP, Điều 9).",
    )


def move_in_month(*, old_stop_month: date) -> EffectiveMonth:
    """NĐ 20/2021 Art 9(2): the new place pays from the month after the month written in the old
    place's stop decision."""
    month = next_month(old_stop_month)
    return EffectiveMonth(
        month,
        f"Hưởng tại nơi mới từ tháng {month_text(month)}: tháng sau tháng ghi trong quyết định thôi hưởng "
        f"ở nơi cũ ({month_text(old_stop_month)}) (NĐ 20/2021/NĐ-CP, Điều 9).",
    )


def funeral_payable_month(*, signed_on: date) -> EffectiveMonth:
    """Funeral support (Art 11) is paid once, on the next payment list after the decision."""
    month = next_month(signed_on)
    return EffectiveMonth(month, f"Chi trả một lần trong tháng {month_text(month)}.")
