import re

import pytest

from ansinh.registry.identity import IdentityError, check_citizen_id, normalise_id, parse_citizen_id


@pytest.mark.parametrize(
    ("number", "province", "female", "year"),
    [
        ("024090001234", "024", False, 1990),  # Bắc Giang, male, 20th century
        ("024190001234", "024", True, 1990),
        ("001205001234", "001", False, 2005),  # Hà Nội, male, 21st century
        ("096319001234", "096", True, 2019),
        ("027045123456", "027", False, 1945),
    ],
)
def test_a_cccd_tells_province_sex_and_birth_year(number, province, female, year):
    facts = parse_citizen_id(number)
    assert (facts.province_code, facts.female, facts.birth_year) == (province, female, year)


@pytest.mark.parametrize(
    ("number", "birth_year", "female", "message"),
    [
        ("02409000123", 1990, False, "Số CCCD phải gồm đúng 12 chữ số."),
        ("02409000123X", 1990, False, "Số CCCD phải gồm đúng 12 chữ số."),
        ("003090001234", 1990, False, "Số CCCD bắt đầu bằng 003, không phải mã tỉnh, thành phố nào."),
        ("024090001234", 1991, False, "Số CCCD ghi năm sinh 1990, không khớp với năm sinh 1991 đã khai."),
        (
            "024090001234",
            1990,
            True,
            "Chữ số thứ 4 của số CCCD (0) chỉ giới tính nam, không khớp với giới tính đã khai.",
        ),
    ],
)
def test_a_wrong_cccd_is_explained_in_vietnamese(number, birth_year, female, message):
    with pytest.raises(IdentityError, match=re.escape(message)) as error:
        check_citizen_id(number, birth_year=birth_year, female=female)
    assert str(error.value) == message


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (24090001234, "024090001234"),  # Excel stored the ID as a number and dropped the zero
        (24090001234.0, "024090001234"),
        ("024 090 001 234", "024090001234"),
        ("024.090.001.234", "024090001234"),
        (None, ""),
        (12345678, "012345678"),  # a CMND that lost its zero
    ],
)
def test_ids_from_excel_are_normalised(raw, expected):
    assert normalise_id(raw) == expected
