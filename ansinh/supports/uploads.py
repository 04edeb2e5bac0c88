"""The vocational centre's list of students as an Excel file (read only through `core.spreadsheets.sheet_rows`):
one row per student, columns found by their printed names in the first rows. Every problem is named with its
row; the action then writes all rows or none."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import IO, Any

from ansinh.core.spreadsheets import NotSpreadsheetError, SpreadsheetError, sheet_rows
from ansinh.registry.imports import header_key
from ansinh.supports.actions import EnrolmentInput
from ansinh.supports.education import Programme

HEADER_SCAN_ROWS = 10
# name: (printed header, other accepted spellings, folded)
COLUMNS: dict[str, tuple[str, tuple[str, ...]]] = {
    "full_name": ("Họ và tên", ("ho ten",)),
    "citizen_id": ("Số định danh cá nhân", ("so dinh danh", "so cccd", "cccd")),
    "programme": ("Chính sách", ("che do",)),
    "school_year": ("Năm học", ()),
    "school_name": ("Cơ sở giáo dục", ("truong", "ten truong")),
    "course": ("Ngành, lớp", ("nganh lop", "lop")),
    "level": ("Trình độ", ()),
    "evidence": ("Minh chứng đang học", ("minh chung", "giay xac nhan")),
}
REQUIRED = ("full_name", "citizen_id", "programme", "school_year", "school_name", "evidence")
LOOKUP = {
    variant: name for name, (printed, variants) in COLUMNS.items() for variant in (header_key(printed), *variants)
}
HIGHER = ("dai hoc", "cao dang")


@dataclass
class StudentSheet:
    rows: list[EnrolmentInput] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def programme_of(value: Any) -> str:
    """ "QĐ 66/2013", "66" or "qd66" → qd66; "TTLT 42/2013" → ttlt42; "QĐ 53/2015" → qd53; otherwise ""."""
    key = header_key(value)
    for code, number in (
        (Programme.ETHNIC_STUDENT, "66"),
        (Programme.DISABLED_LEARNER, "42"),
        (Programme.BOARDING, "53"),
    ):
        if key == code or number in key.split():
            return code
    return ""


def school_year_of(value: Any) -> int | None:
    """ "2024-2025", "2024 - 2025" or 2024 → 2024."""
    text = _text(value).replace("–", "-")
    first = text.split("-")[0].strip()
    return int(first) if first.isdigit() and len(first) == 4 else None


def read_students(stream: IO[bytes]) -> StudentSheet:
    sheet = StudentSheet()
    try:
        rows = sheet_rows(stream)
        columns: dict[int, str] = {}
        header_row = 0
        for number, values in enumerate(rows, start=1):
            found = {index: LOOKUP[key] for index, value in enumerate(values) if (key := header_key(value)) in LOOKUP}
            if all(name in found.values() for name in REQUIRED):
                columns, header_row = found, number
                break
            if number >= HEADER_SCAN_ROWS:
                break
        if not columns:
            names = ", ".join(COLUMNS[name][0] for name in REQUIRED)
            sheet.problems.append(f"Không tìm thấy dòng tiêu đề: tệp phải có các cột {names}.")
            return sheet
        for number, values in enumerate(rows, start=header_row + 1):
            picked = {name: (values[index] if index < len(values) else None) for index, name in columns.items()}
            if not any(_text(value) for value in picked.values()):
                continue
            year = school_year_of(picked.get("school_year"))
            programme = programme_of(picked.get("programme"))
            if year is None or not programme:
                wrong = (
                    "năm học (ví dụ 2024-2025)" if year is None else "chính sách (QĐ 66/2013, TTLT 42/2013, QĐ 53/2015)"
                )
                sheet.problems.append(f"Dòng {number}: không đọc được {wrong}.")
                continue
            sheet.rows.append(
                EnrolmentInput(
                    full_name=_text(picked.get("full_name")),
                    citizen_id=_text(picked.get("citizen_id")),
                    programme=programme,
                    school_year=year,
                    school_name=_text(picked.get("school_name")),
                    evidence=_text(picked.get("evidence")),
                    course=_text(picked.get("course")),
                    higher_education=any(word in header_key(picked.get("level")) for word in HIGHER),
                )
            )
    except NotSpreadsheetError:
        sheet.problems.append("Không đọc được tệp: hãy tải lên tệp Excel .xlsx.")
    except SpreadsheetError as error:
        sheet.problems.append(str(error))
    if not sheet.rows and not sheet.problems:
        sheet.problems.append("Tệp không có học sinh, sinh viên nào.")
    return sheet
