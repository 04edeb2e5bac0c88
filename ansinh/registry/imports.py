"""Reading a commune's beneficiary list from Excel and checking every row (nothing is written here).

The template's Vietnamese headers are matched without accents, case or punctuation, in any
order, among extra columns; dates may be dd/mm/yyyy, Excel dates or a year alone; IDs may be
text or numbers. Each problem names its row (counted from the first data row as 1), its
column and what is wrong, in Vietnamese. cases/imports.py writes the accepted rows.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import IO, Any

from python_calamine import CalamineError, CalamineWorkbook

from ansinh.core.months import YearMonth
from ansinh.core.text import fold
from ansinh.registry.ethnicities import ETHNICITIES
from ansinh.registry.forms import parse_birth
from ansinh.registry.models import DisabilityLevel, PovertyStatus, Sex
from ansinh.registry.validation import PersonInput, check_person

# Canonical column → the header printed in the template, then accepted variants (folded).
COLUMNS: dict[str, tuple[str, tuple[str, ...]]] = {
    "full_name": ("Họ và tên", ("ho ten", "ho va ten doi tuong", "ten doi tuong")),
    "birth": ("Ngày sinh", ("ngay thang nam sinh", "nam sinh", "ngay sinh nam sinh")),
    "sex": ("Giới tính", ("nam nu", "gioi")),
    "citizen_id": ("Số CCCD", ("cccd", "so can cuoc", "so can cuoc cong dan", "so dinh danh", "so cmnd cccd")),
    "commune_code": ("Xã/Thị trấn (mã)", ("ma xa", "ma xa thi tran", "xa thi tran", "xa")),
    "village": ("Thôn", ("thon xom", "thon to dan pho", "thon ban", "to dan pho")),
    "category": ("Mã đối tượng", ("ma dt", "doi tuong", "dien doi tuong", "ma doi tuong btxh")),
    "disability_level": ("Mức độ khuyết tật", ("muc do kt", "muc do")),
    "poverty": ("Hộ nghèo/cận nghèo", ("ho ngheo", "ho ngheo can ngheo", "ngheo can ngheo")),
    "decision_number": ("Số quyết định", ("so qd", "so quyet dinh huong")),
    "decision_date": ("Ngày quyết định", ("ngay qd", "ngay ky quyet dinh")),
    "start_month": ("Hưởng từ tháng", ("thang huong", "huong tu", "thoi diem huong")),
    "ethnicity": ("Dân tộc", ()),
    "old_id_number": ("Số CMND", ("cmnd", "so cmnd cu")),
    "phone": ("Điện thoại", ("so dien thoai", "sdt")),
    "address": ("Địa chỉ", ("dia chi chi tiet", "noi o")),
}
REQUIRED = ("full_name", "birth", "sex")
HEADER_SCAN_ROWS = 15
MONTH_TEXT = re.compile(r"^(\d{1,2})\s*[/.-]\s*(\d{4})$")
ISO_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")


def header_key(text: object) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", fold(str(text or ""))).split())


HEADER_LOOKUP: dict[str, str] = {
    variant: name for name, (printed, variants) in COLUMNS.items() for variant in (header_key(printed), *variants)
}


def label(column: str) -> str:
    return COLUMNS[column][0]


@dataclass
class Problem:
    row: int
    field: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "field": self.field, "message": self.message}


@dataclass
class CheckedRow:
    number: int
    raw: dict[str, Any]
    person: PersonInput | None = None
    commune_code: str = ""
    village_name: str = ""
    ethnicity: str = ""
    phone: str = ""
    address: str = ""
    category: str = ""
    disability_level: str = ""
    poverty: str = ""
    decision_number: str = ""
    decision_date: date | None = None
    start_month: YearMonth | None = None
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    @property
    def accepted(self) -> bool:
        return not self.errors

    def error(self, column: str, message: str) -> None:
        self.errors.append(Problem(self.number, label(column), message))

    def warn(self, column: str, message: str) -> None:
        self.warnings.append(Problem(self.number, label(column), message))


class ImportFileError(ValueError):
    """The file as a whole cannot be read (not an XLSX, no header row); Vietnamese message."""


def read_rows(stream: IO[bytes]) -> tuple[list[str], Iterator[tuple[int, dict[str, Any]]]]:
    """Find the header row and yield (row number, {column: value}) for each non-empty data row.

    The file is read with calamine (Rust): about ten times faster than openpyxl on large lists."""
    try:
        workbook = CalamineWorkbook.from_filelike(stream)
        sheet = workbook.get_sheet_by_index(0)
    except (CalamineError, ValueError, OSError) as error:
        raise ImportFileError("Không đọc được tệp: hãy dùng tệp Excel .xlsx theo mẫu.") from error
    rows = iter(sheet.iter_rows())
    for scanned, values in enumerate(rows, start=1):
        columns = _columns_of(values)
        if all(name in columns.values() for name in REQUIRED):
            return list(columns.values()), _data_rows(columns, rows)
        if scanned >= HEADER_SCAN_ROWS:
            break
    missing = ", ".join(label(name) for name in REQUIRED)
    raise ImportFileError(f"Không tìm thấy dòng tiêu đề: tệp phải có ít nhất các cột {missing}.")


def _columns_of(values: Iterable[Any]) -> dict[int, str]:
    columns: dict[int, str] = {}
    for index, value in enumerate(values):
        name = HEADER_LOOKUP.get(header_key(value))
        if name and name not in columns.values():
            columns[index] = name
    return columns


def _data_rows(columns: dict[int, str], rows: Iterator[list[Any]]) -> Iterator[tuple[int, dict[str, Any]]]:
    number = 0
    for values in rows:
        if all(value is None or str(value).strip() == "" for value in values):
            continue
        number += 1
        yield number, {name: values[index] if index < len(values) else None for index, name in columns.items()}


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def parse_month(value: Any) -> YearMonth:
    if isinstance(value, datetime | date):
        return YearMonth(value.year, value.month)
    text = _text(value)
    if match := MONTH_TEXT.match(text):
        return YearMonth(int(match.group(2)), int(match.group(1)))
    if match := ISO_MONTH.match(text):
        return YearMonth(int(match.group(1)), int(match.group(2)))
    raise ValueError(f"“{text}” không phải tháng dạng mm/yyyy.")


def parse_date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    day, _ = parse_birth(_text(value))
    if day is None:
        raise ValueError(f"“{_text(value)}” thiếu ngày, tháng (cần dd/mm/yyyy).")
    return day


SEX_WORDS = {"nam": Sex.MALE, "nu": Sex.FEMALE}
LEVEL_WORDS = {
    "dac biet nang": DisabilityLevel.ESPECIALLY_SEVERE,
    "nang": DisabilityLevel.SEVERE,
    "nhe": DisabilityLevel.MILD,
}
POVERTY_WORDS = {
    "ho ngheo": PovertyStatus.POOR,
    "ngheo": PovertyStatus.POOR,
    "ho can ngheo": PovertyStatus.NEAR_POOR,
    "can ngheo": PovertyStatus.NEAR_POOR,
}
ETHNICITY_BY_NAME = {fold(name): code for code, name in ETHNICITIES}


def check_row(number: int, raw: dict[str, Any], *, today: date, categories: set[str]) -> CheckedRow:
    """Check one row on its own (file-wide and register-wide duplicates are checked after)."""
    row = CheckedRow(number=number, raw=raw)
    birth_date, birth_year = None, None
    birth_value = raw.get("birth")
    if isinstance(birth_value, datetime | date):
        birth_date = birth_value.date() if isinstance(birth_value, datetime) else birth_value
    elif _text(birth_value):
        try:
            birth_date, birth_year = parse_birth(_text(birth_value))
        except ValueError as error:
            row.error("birth", str(error))
    sex = SEX_WORDS.get(header_key(raw.get("sex")), "")
    if not sex:
        row.error("sex", f"Giới tính “{_text(raw.get('sex'))}” phải là Nam hoặc Nữ.")
    person = PersonInput(
        full_name=_text(raw.get("full_name")),
        sex=sex,
        birth_date=birth_date,
        birth_year=birth_year,
        citizen_id=raw.get("citizen_id") or "",  # normalised (numbers keep their zeros) by check_person
        old_id_number=raw.get("old_id_number") or "",
    )
    checked = check_person(person, today)
    column_of = {"full_name": "full_name", "sex": "sex", "birth_date": "birth", "citizen_id": "citizen_id"}
    for key, message in checked.errors.items():
        if key == "sex" and sex == "":
            continue  # already reported with the value read
        if key == "birth_date" and any(problem.field == label("birth") for problem in row.errors):
            continue
        row.error(column_of.get(key, "old_id_number"), message)
    person.citizen_id, person.old_id_number = checked.citizen_id or "", checked.old_id_number
    row.person = person

    row.commune_code = _commune_code(raw.get("commune_code"))
    row.village_name = _text(raw.get("village"))
    row.phone, row.address = _text(raw.get("phone")), _text(raw.get("address"))
    ethnicity = _text(raw.get("ethnicity"))
    row.ethnicity = ETHNICITY_BY_NAME.get(fold(ethnicity), "") if ethnicity else "01"
    if ethnicity and not row.ethnicity:
        row.error("ethnicity", f"“{ethnicity}” không phải tên một dân tộc trong danh mục 54 dân tộc.")
    _check_benefit(row, raw, categories)
    return row


def _commune_code(value: Any) -> str:
    text = _text(value)
    return text.zfill(5) if text.isdigit() else text


def _check_benefit(row: CheckedRow, raw: dict[str, Any], categories: set[str]) -> None:
    poverty = header_key(raw.get("poverty"))
    if poverty and poverty not in ("khong", "0"):
        row.poverty = POVERTY_WORDS.get(poverty, "")
        if not row.poverty:
            row.error("poverty", f"“{_text(raw.get('poverty'))}” phải là Hộ nghèo, Cận nghèo hoặc để trống.")
    level = header_key(raw.get("disability_level"))
    if level:
        row.disability_level = LEVEL_WORDS.get(level, "")
        if not row.disability_level:
            row.error("disability_level", "Mức độ khuyết tật phải là Đặc biệt nặng, Nặng hoặc Nhẹ.")
    row.category = _text(raw.get("category")).replace(",", ".")
    if not row.category:
        return
    if row.category not in categories:
        row.error("category", f"Mã đối tượng “{row.category}” không có trong danh mục (ví dụ 5.1, 5.5a, 5.6).")
    if row.category == "5.6" and not row.disability_level:
        row.error("disability_level", "Đối tượng 5.6 phải ghi mức độ khuyết tật.")
    row.decision_number = _text(raw.get("decision_number"))
    if not row.decision_number:
        row.error("decision_number", "Đối tượng đang hưởng phải có số quyết định.")
    for column, parser, attribute in (
        ("decision_date", parse_date, "decision_date"),
        ("start_month", parse_month, "start_month"),
    ):
        value = raw.get(column)
        if value in (None, ""):
            row.error(column, f"Thiếu {label(column).lower()}.")
            continue
        try:
            setattr(row, attribute, parser(value))
        except ValueError as error:
            row.error(column, str(error))
    if row.start_month is not None and row.start_month < YearMonth(2021, 7):
        row.warn("start_month", "Hưởng từ trước 07/2021: sẽ ghi nhận là đang hưởng theo NĐ 20/2021 từ 07/2021.")


def check_file_duplicates(rows: list[CheckedRow]) -> None:
    """The same CCCD twice is an error; the same name and birth year twice is a warning."""
    seen_ids: dict[str, int] = {}
    seen_names: dict[tuple[str, int], int] = {}
    for row in rows:
        if row.person is None:
            continue
        if row.person.citizen_id:
            first = seen_ids.setdefault(row.person.citizen_id, row.number)
            if first != row.number:
                row.error("citizen_id", f"Số CCCD trùng với dòng {first} trong tệp.")
        year = row.person.birth_date.year if row.person.birth_date else row.person.birth_year
        key = (fold(row.person.full_name), year or 0)
        first = seen_names.setdefault(key, row.number)
        if first != row.number:
            row.warn("full_name", f"Cùng họ tên và năm sinh với dòng {first}: kiểm tra có phải một người không.")
