"""Citizen identity numbers.

CCCD (căn cước công dân, 12 digits; TT 07/2016/TT-BCA Art 7, kept by TT 59/2021/TT-BCA):
digits 1–3 the province code of the place of birth registration, digit 4 the century and
sex of birth (0/1: 20th century male/female, 2/3: 21st, 4/5: 22nd, 6/7: 23rd, 8/9: 24th),
digits 5–6 the last two digits of the birth year, digits 7–12 a random number.
The old CMND (chứng minh nhân dân) has 9 digits and is kept as a secondary identifier.
"""

from __future__ import annotations

from dataclasses import dataclass

# Province codes (GSO) used as CCCD prefixes, before the 2025 provincial merger.
CCCD_PROVINCE_CODES = frozenset(
    [
        "001", "002", "004", "006", "008", "010", "011", "012", "014", "015", "017", "019", "020", "022", "024",
        "025", "026", "027", "030", "031", "033", "034", "035", "036", "037", "038", "040", "042", "044", "045",
        "046", "048", "049", "051", "052", "054", "056", "058", "060", "062", "064", "066", "067", "068", "070",
        "072", "074", "075", "077", "079", "080", "082", "083", "084", "086", "087", "089", "091", "092", "093",
        "094", "095", "096",
    ]
)  # fmt: skip
CENTURY_START = {0: 1900, 1: 2000, 2: 2100, 3: 2200, 4: 2300}


class IdentityError(ValueError):
    """A citizen ID that cannot be right; the message is Vietnamese, for the user."""


@dataclass(frozen=True)
class CitizenIdFacts:
    province_code: str
    female: bool
    birth_year: int


def normalise_id(raw: object) -> str:
    """Digits only, from text or a number read from Excel (which drops leading zeros)."""
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    text = "".join(str(raw).split()).replace(".", "").replace("-", "")
    if isinstance(raw, int) and len(text) in (8, 11):
        text = "0" + text  # Excel kept the ID as a number and lost its leading zero
    return text


def parse_citizen_id(number: str) -> CitizenIdFacts:
    if len(number) != 12 or not number.isdigit():
        raise IdentityError("Số CCCD phải gồm đúng 12 chữ số.")
    if number[:3] not in CCCD_PROVINCE_CODES:
        raise IdentityError(f"Số CCCD bắt đầu bằng {number[:3]}, không phải mã tỉnh, thành phố nào.")
    digit = int(number[3])
    century = CENTURY_START[digit // 2]
    return CitizenIdFacts(province_code=number[:3], female=digit % 2 == 1, birth_year=century + int(number[4:6]))


def check_citizen_id(number: str, *, birth_year: int | None, female: bool | None) -> CitizenIdFacts:
    """Validate a CCCD against the person's birth year and sex; raise IdentityError."""
    facts = parse_citizen_id(number)
    if birth_year is not None and facts.birth_year != birth_year:
        raise IdentityError(f"Số CCCD ghi năm sinh {facts.birth_year}, không khớp với năm sinh {birth_year} đã khai.")
    if female is not None and facts.female != female:
        raise IdentityError(
            f"Chữ số thứ 4 của số CCCD ({number[3]}) chỉ giới tính "
            f"{'nữ' if facts.female else 'nam'}, không khớp với giới tính đã khai."
        )
    return facts


def check_old_id(number: str) -> str:
    if len(number) != 9 or not number.isdigit():
        raise IdentityError("Số CMND cũ phải gồm đúng 9 chữ số.")
    return number
