"""Mẫu số 10a–10d as printed (forms.md §3): an XLSX in the official layout (two-row header, "Trong đó"
spanning Nam and Nữ, "Kinh phí (triệu đồng)" spanning both header rows) and a PDF (WeasyPrint).
The reporting period is not on the printed form; it is added under the title (forms.md §3)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from io import BytesIO
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side

from ansinh.core.access import Actor
from ansinh.core.printing import render_pdf
from ansinh.reports import form10b, form10c, form10d, selectors
from ansinh.reports.form10a import ROWS, Figures, Form10a, millions
from ansinh.reports.models import BudgetEstimate
from ansinh.territory.models import AdministrativeUnit, UnitLevel

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF = "application/pdf"
TITLE_10A = "SỐ LIỆU KẾT QUẢ THỰC HIỆN TRỢ GIÚP XÃ HỘI THƯỜNG XUYÊN"
HEADERS_10A = ("Số TT", "Chỉ tiêu", "Tổng số (Người)", "Trong đó", None, "Kinh phí (triệu đồng)")
SUBHEADERS_10A = (None, None, None, "Nam (Người)", "Nữ (Người)", None)
TITLE_10B = "SỐ LIỆU THỰC HIỆN TRỢ GIÚP XÃ HỘI ĐỘT XUẤT"
HEADERS_10B = ("Số TT", "Chỉ tiêu", "Đơn vị tính", "Số lượng")
TITLE_10C = "SỐ LIỆU KẾT QUẢ THỰC HIỆN CHÍNH SÁCH ĐỐI VỚI NGƯỜI CAO TUỔI"
TITLE_10D = "SỐ LIỆU KẾT QUẢ THỰC HIỆN CHÍNH SÁCH ĐỐI VỚI NGƯỜI KHUYẾT TẬT"
HEADERS_10D = ("Số TT", "Chỉ tiêu", "Đơn vị tính", "Tổng số", "Trong đó", None)
SUBHEADERS_10D = (None, None, None, None, "Nam", "Nữ")


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


def _styles() -> tuple[Border, Font, Alignment]:
    thin = Side(style="thin")
    return (
        Border(left=thin, right=thin, top=thin, bottom=thin),
        Font(bold=True),
        Alignment(horizontal="center", vertical="center", wrap_text=True),
    )


def _sheet(name: str, head: Letterhead, signed_on: date, title: str, last_column: str = "F") -> Any:
    """A new sheet with the common header of 10a–10d (forms.md §3): unit and number left, motto and
    date right, the title and the reporting period (added by the system) across the table."""
    sheet = Workbook().active
    sheet.title = name
    _, bold, centre = _styles()
    sheet["A1"], sheet["D1"] = head.parent.upper(), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    sheet["A2"], sheet["D2"] = head.issuer.upper(), "Độc lập - Tự do - Hạnh phúc"
    sheet["A3"] = "Số: ……"
    sheet["D3"] = f"{head.place}, ngày {signed_on:%d} tháng {signed_on:%m} năm {signed_on:%Y}"
    sheet["A5"] = title
    sheet["A6"] = head.period
    for ref in ("A1", "A2", "D1", "D2", "A5"):
        sheet[ref].font = bold
    sheet.merge_cells(f"A5:{last_column}5")
    sheet.merge_cells(f"A6:{last_column}6")
    sheet["A5"].alignment = sheet["A6"].alignment = centre
    return sheet


def _header_rows(sheet: Any, headers: tuple[Any, ...], subheaders: tuple[Any, ...], merged: tuple[str, ...]) -> None:
    border, bold, centre = _styles()
    for column, (top, bottom) in enumerate(zip(headers, subheaders, strict=True), start=1):
        if top is not None:
            sheet.cell(row=8, column=column, value=top)
        if bottom is not None:
            sheet.cell(row=9, column=column, value=bottom)
    for cells in merged:
        sheet.merge_cells(cells)
    for column in range(1, len(headers) + 1):
        for row in (8, 9):
            cell = sheet.cell(row=row, column=column)
            cell.font, cell.alignment, cell.border = bold, centre, border


def _body(sheet: Any, rows: list[tuple[Any, int, tuple[Any, ...]]], formats: dict[int, str]) -> None:
    """The form's rows from sheet row 10: (number, depth, cells); top-level rows in bold."""
    border, bold, _ = _styles()
    for index, (_, depth, values) in enumerate(rows, start=10):
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=index, column=column, value=value)
            cell.border = border
            if column in formats:
                cell.number_format = formats[column]
            if depth == 0:
                cell.font = bold


def _footer(sheet: Any, last: int, widths: tuple[int, ...]) -> bytes:
    _, bold, _ = _styles()
    sheet.cell(row=last, column=4, value="THỦ TRƯỞNG CƠ QUAN/ĐƠN VỊ").font = bold
    sheet.cell(row=last + 1, column=4, value="(Ký tên, đóng dấu)")
    for letter, width in zip("ABCDEFGH", widths, strict=False):
        sheet.column_dimensions[letter].width = width
    output = BytesIO()
    sheet.parent.save(output)
    return output.getvalue()


def form10a_xlsx(form: Form10a, head: Letterhead, signed_on: date) -> bytes:
    sheet = _sheet("Mẫu 10a", head, signed_on, TITLE_10A)
    _header_rows(sheet, HEADERS_10A, SUBHEADERS_10A, ("A8:A9", "B8:B9", "C8:C9", "D8:E8", "F8:F9"))
    body = [(number, depth, (number, ("   " * depth) + label, *rest)) for number, label, depth, *rest in _figures(form)]
    _body(sheet, body, {3: "#,##0", 4: "#,##0", 5: "#,##0", 6: "#,##0.000"})
    return _footer(sheet, 10 + len(ROWS) + 1, (8, 70, 14, 12, 12, 16))


def _figures_10b(form: Figures) -> list[tuple[Any, ...]]:
    """(number, label, depth, unit, quantity) per printed row; blanks as None."""
    return [(row.number, row.label, row.depth, row.unit, value) for row, _, value in form10b.rows_with_cells(form)]


def form10b_xlsx(form: Figures, head: Letterhead, signed_on: date) -> bytes:
    sheet = _sheet("Mẫu 10b", head, signed_on, TITLE_10B, "D")
    _header_rows(sheet, HEADERS_10B, (None,) * 4, ("A8:A9", "B8:B9", "C8:C9", "D8:D9"))
    body = [
        (number, depth, (number or None, ("   " * depth) + label, unit or None, value))
        for number, label, depth, unit, value in _figures_10b(form)
    ]
    _body(sheet, body, {4: "#,##0.###"})
    return _footer(sheet, 10 + len(form10b.ROWS) + 1, (8, 60, 14, 16))


def form10b_pdf(form: Figures, head: Letterhead, signed_on: date) -> bytes:
    return render_pdf("reports/print/form10b.html", _print_context(head, signed_on, TITLE_10B, _figures_10b(form)))


def _figures_10d(form: Figures, rows_of: Any = form10d.rows_with_cells) -> list[tuple[Any, ...]]:
    """(number, label, depth, unit, total, male, female) per printed row of 10c or 10d; blanks as None."""
    rows: list[tuple[Any, ...]] = []
    for row, cell in rows_of(form):
        figures = (None, None, None) if cell is None else (cell.total, cell.male, cell.female)
        rows.append((row.number, row.label, row.depth, row.unit, *figures))
    return rows


def _people_xlsx(name: str, title: str, figures: list[tuple[Any, ...]], head: Letterhead, signed_on: date) -> bytes:
    """10c and 10d: Số TT | Chỉ tiêu | Đơn vị tính | Tổng số | Trong đó (Nam | Nữ)."""
    sheet = _sheet(name, head, signed_on, title)
    _header_rows(sheet, HEADERS_10D, SUBHEADERS_10D, ("A8:A9", "B8:B9", "C8:C9", "D8:D9", "E8:F8"))
    body = [
        (number, depth, (number or None, ("   " * depth) + label, unit or None, *rest))
        for number, label, depth, unit, *rest in figures
    ]
    _body(sheet, body, {4: "#,##0", 5: "#,##0", 6: "#,##0"})
    return _footer(sheet, 10 + len(figures) + 1, (8, 70, 12, 14, 12, 12))


def form10d_xlsx(form: Figures, head: Letterhead, signed_on: date) -> bytes:
    return _people_xlsx("Mẫu 10d", TITLE_10D, _figures_10d(form), head, signed_on)


def form10d_pdf(form: Figures, head: Letterhead, signed_on: date) -> bytes:
    return render_pdf("reports/print/form10d.html", _print_context(head, signed_on, TITLE_10D, _figures_10d(form)))


def form10c_xlsx(form: Figures, head: Letterhead, signed_on: date) -> bytes:
    return _people_xlsx("Mẫu 10c", TITLE_10C, _figures_10d(form, form10c.rows_with_cells), head, signed_on)


def form10c_pdf(form: Figures, head: Letterhead, signed_on: date) -> bytes:
    figures = _figures_10d(form, form10c.rows_with_cells)
    return render_pdf("reports/print/form10d.html", _print_context(head, signed_on, TITLE_10C, figures))


def _print_context(head: Letterhead, signed_on: date, title: str, rows: list[tuple[Any, ...]]) -> dict[str, Any]:
    return {
        "issuer_parent": head.parent,
        "issuer": head.issuer,
        "number": "……",
        "place": head.place,
        "signed_on": signed_on,
        "title": title,
        "period": head.period,
        "rows": rows,
        "signer_title": "THỦ TRƯỞNG CƠ QUAN/ĐƠN VỊ",
        "signer_name": "(Ký tên, đóng dấu)",
    }


def form10a_pdf(form: Form10a, head: Letterhead, signed_on: date) -> bytes:
    return render_pdf("reports/print/form10a.html", _print_context(head, signed_on, TITLE_10A, _figures(form)))


# --- the budget estimate ---------------------------------------------------------------------------

TITLE_ESTIMATE = "DỰ TOÁN KINH PHÍ THỰC HIỆN CHÍNH SÁCH TRỢ GIÚP XÃ HỘI NĂM {year}"
HEADERS_ESTIMATE = ("Số TT", "Xã, phường", "Loại hỗ trợ", *(f"Tháng {m}" for m in range(1, 13)), "Cả năm")
MONEY_FORMAT = "#,##0"


def estimate_xlsx(estimate: BudgetEstimate, signed_on: date, reader: Actor) -> bytes:
    """The estimate as printed: letterhead, one row per commune and support type, the twelve months
    (the adjusted figure where the preparer adjusted one) and the year, a total row; landscape on one
    page wide. 5.3 and 5.8 merged as "Bảo mật" for a reader without the right (`selectors.estimate_rows`)."""
    label = f"Đơn vị: đồng. Lập ngày {estimate.prepared_on:%d/%m/%Y}; trạng thái: {estimate.get_status_display()}"
    head = letterhead(estimate.unit, label)
    sheet = _sheet("Dự toán", head, signed_on, TITLE_ESTIMATE.format(year=estimate.year), last_column="P")
    border, bold, centre = _styles()
    for column, text in enumerate(HEADERS_ESTIMATE, start=1):
        cell = sheet.cell(row=8, column=column, value=text)
        cell.font, cell.alignment, cell.border = bold, centre, border
    row_number = 9
    rows = selectors.estimate_rows(estimate, reader)
    for number, row in enumerate(rows, start=1):
        values = [number, row.commune.full_name, row.label, *(line.final_amount for line in row.lines), row.total]
        _estimate_row(sheet, row_number, values, bold=False)
        row_number += 1
    totals = selectors.month_totals(rows)
    _estimate_row(sheet, row_number, [None, "Tổng cộng", None, *totals, sum(totals)], bold=True)
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "8:8"
    for letter in "DEFGHIJKLMNOP":
        sheet.column_dimensions[letter].width = 13
    return _footer(sheet, row_number + 2, (6, 22, 26))


def _estimate_row(sheet: Any, row: int, values: list[Any], *, bold: bool) -> None:
    border, font, _ = _styles()
    for column, value in enumerate(values, start=1):
        cell = sheet.cell(row=row, column=column, value=value)
        cell.border = border
        if column > 3:
            cell.number_format = MONEY_FORMAT
        if bold:
            cell.font = font
