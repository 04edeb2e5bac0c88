"""XLSX export of a register list, streamed row by row (`ansinh.core.xlsx`)."""

from __future__ import annotations

from collections.abc import Iterable
from io import BytesIO

from ansinh.core.xlsx import Style, open_sheet
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


WIDTHS = (6, 26, 12, 9, 12, 15, 13, 10, 22, 18, 28, 14, 12, 13)


def people_workbook(people: Iterable[Person], title: str) -> bytes:
    """The list as an .xlsx file. IDs are written as text so that leading zeros survive.
    HIV status is never part of an export."""
    buffer = BytesIO()
    with open_sheet(buffer, title="Danh sách", widths=WIDTHS, freeze="C3", repeat_rows=(2, 2)) as sheet:
        sheet.row([title], Style.BOLD)
        sheet.row(HEADERS, Style.HEADER, height=32)
        for row in person_rows(people):
            sheet.row(row, Style.CELL)
    return buffer.getvalue()
