"""XLSX export of a register list, streamed row by row (openpyxl write-only mode)."""

from __future__ import annotations

from collections.abc import Iterable
from io import BytesIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from ansinh.registry.models import Person

HEADERS = [
    "STT", "Họ và tên", "Ngày sinh", "Giới tính", "Dân tộc", "Số CCCD", "Số CMND cũ",
    "Xã/Thị trấn (mã)", "Xã/Thị trấn", "Thôn", "Địa chỉ", "Tình trạng", "Ngày chết", "Điện thoại",
]  # fmt: skip


def person_rows(people: Iterable[Person]) -> Iterable[list[object]]:
    for number, person in enumerate(people, start=1):
        yield [
            number,
            person.full_name,
            person.birth_display,
            person.get_sex_display(),
            person.get_ethnicity_display(),
            person.citizen_id or "",
            person.old_id_number,
            person.commune.code,
            person.commune.full_name,
            person.village.full_name if person.village else "",
            person.address,
            person.get_life_status_display(),
            person.death_date.strftime("%d/%m/%Y") if person.death_date else "",
            person.phone,
        ]


def _bold(sheet: object, text: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=text)
    cell.font = Font(bold=True)
    return cell


def people_workbook(people: Iterable[Person], title: str) -> bytes:
    """The list as an .xlsx file. IDs are written as text so that leading zeros survive.
    HIV status is never part of an export."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Danh sách")
    sheet.append([title])
    sheet.append([_bold(sheet, text) for text in HEADERS])
    for row in person_rows(people):
        sheet.append(row)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
