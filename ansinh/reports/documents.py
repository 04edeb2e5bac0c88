"""Mẫu số 10a as printed (forms.md §3): an XLSX in the official layout (two-row header, "Trong đó"
spanning Nam and Nữ, "Kinh phí (triệu đồng)" spanning both header rows) and a PDF (WeasyPrint).
The reporting period is not on the printed form; it is added under the title (forms.md §3)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from io import BytesIO
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side

from ansinh.core.printing import render_pdf
from ansinh.reports.form10a import ROWS, Form10a, millions
from ansinh.territory.models import AdministrativeUnit, UnitLevel

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF = "application/pdf"
TITLE_10A = "SỐ LIỆU KẾT QUẢ THỰC HIỆN TRỢ GIÚP XÃ HỘI THƯỜNG XUYÊN"
HEADERS_10A = ("Số TT", "Chỉ tiêu", "Tổng số (Người)", "Trong đó", None, "Kinh phí (triệu đồng)")
SUBHEADERS_10A = (None, None, None, "Nam (Người)", "Nữ (Người)", None)


@dataclass(frozen=True)
class Letterhead:
    parent: str
    issuer: str
    place: str
    period: str


def letterhead(unit: AdministrativeUnit, period_label: str) -> Letterhead:
    """TÊN CƠ QUAN: the commune committee; the district's or province's labour office (TT 02/2021 Art 6)."""
    parent = unit.parent
    if unit.level == UnitLevel.COMMUNE:
        return Letterhead(
            parent=f"UBND {parent.full_name}" if parent is not None else "",
            issuer=f"UBND {unit.full_name}",
            place=unit.name,
            period=period_label,
        )
    office = (
        "SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI"
        if unit.level == UnitLevel.PROVINCE
        else "PHÒNG LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI"
    )
    return Letterhead(parent=f"UBND {unit.full_name}", issuer=office, place=unit.name, period=period_label)


def _figures(form: Form10a) -> list[tuple[Any, ...]]:
    """(number, label, depth, total, male, female, kinh phí in millions) per printed row; blanks as None."""
    rows: list[tuple[Any, ...]] = []
    for row in ROWS:
        cell = form.cell(row.key)
        if cell is None:
            rows.append((row.number, row.label, row.depth, None, None, None, None))
        else:
            rows.append((row.number, row.label, row.depth, cell.total, cell.male, cell.female, millions(cell.amount)))
    return rows


def form10a_xlsx(form: Form10a, head: Letterhead, signed_on: date) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Mẫu 10a"
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    bold = Font(bold=True)
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    sheet["A1"], sheet["D1"] = head.parent.upper(), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    sheet["A2"], sheet["D2"] = head.issuer.upper(), "Độc lập - Tự do - Hạnh phúc"
    sheet["A3"] = "Số: ……"
    sheet["D3"] = f"{head.place}, ngày {signed_on:%d} tháng {signed_on:%m} năm {signed_on:%Y}"
    sheet["A5"] = TITLE_10A
    sheet["A6"] = head.period
    for ref in ("A1", "A2", "D1", "D2", "A5"):
        sheet[ref].font = bold
    sheet.merge_cells("A5:F5")
    sheet.merge_cells("A6:F6")
    sheet["A5"].alignment = sheet["A6"].alignment = centre
    for column, (top, bottom) in enumerate(zip(HEADERS_10A, SUBHEADERS_10A, strict=True), start=1):
        if top is not None:
            sheet.cell(row=8, column=column, value=top)
        if bottom is not None:
            sheet.cell(row=9, column=column, value=bottom)
    for merged in ("A8:A9", "B8:B9", "C8:C9", "D8:E8", "F8:F9"):
        sheet.merge_cells(merged)
    for column in range(1, 7):
        for row in (8, 9):
            cell = sheet.cell(row=row, column=column)
            cell.font, cell.alignment, cell.border = bold, centre, border
    for index, (number, label, depth, total, male, female, amount) in enumerate(_figures(form), start=10):
        values = (number, ("   " * depth) + label, total, male, female, amount)
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=index, column=column, value=value)
            cell.border = border
            if column >= 3:
                cell.number_format = "#,##0" if column < 6 else "#,##0.000"
            if depth == 0:
                cell.font = bold
    last = 10 + len(ROWS) + 1
    sheet.cell(row=last, column=4, value="THỦ TRƯỞNG CƠ QUAN/ĐƠN VỊ").font = bold
    sheet.cell(row=last + 1, column=4, value="(Ký tên, đóng dấu)")
    for letter, width in zip("ABCDEF", (8, 70, 14, 12, 12, 16), strict=True):
        sheet.column_dimensions[letter].width = width
    output = BytesIO()
    book.save(output)
    return output.getvalue()


def form10a_pdf(form: Form10a, head: Letterhead, signed_on: date) -> bytes:
    context = {
        "issuer_parent": head.parent,
        "issuer": head.issuer,
        "number": "……",
        "place": head.place,
        "signed_on": signed_on,
        "title": TITLE_10A,
        "period": head.period,
        "rows": _figures(form),
        "signer_title": "THỦ TRƯỞNG CƠ QUAN/ĐƠN VỊ",
        "signer_name": "(Ký tên, đóng dấu)",
    }
    return render_pdf("reports/print/form10a.html", context)
