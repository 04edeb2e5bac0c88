"""The payment documents (domain.md §8; NĐ 20/2021/NĐ-CP Art 34, TT 02/2021/TT-BLĐTBXH Art 6).

- the commune payment list (XLSX): the official columns, a signature column and the result columns
  the post office fills in and uploads back (`ansinh.payments.uploads` reads them);
- the signature sheet (PDF) the payees sign at the post office;
- totals by commune and the district summary (XLSX and PDF);
- the rate-change list (XLSX) for the chair's decision.

Every total is written under its column with the amount in words. The writers take plain rows
(`SheetLine`, `CommuneTotals`, `RateChangeRow`) so they stream: a list of 100,000 lines is written
with openpyxl's write-only mode (bench/payroll_xlsx.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from io import BytesIO
from typing import Any

from django.db.models import Q, QuerySet, Sum
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, Side

from ansinh.core.access import Actor
from ansinh.core.months import YearMonth
from ansinh.core.printing import render_pdf
from ansinh.payments.models import PayeeKind, PayrollLine, PayrollMonth
from ansinh.payments.policies import payroll_policy
from ansinh.registry.models import Person
from ansinh.rules.calculator import category_for_outsiders
from ansinh.rules.formatting import amount_in_words_sentence, format_coefficient, format_money
from ansinh.territory.models import AdministrativeUnit

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF = "application/pdf"
MONEY_FORMAT = "#,##0"
LINE_ID_HEADER = "Mã dòng (không sửa)"
NAME_HEADER = "Họ và tên"
TOTAL_LABEL = "Tổng cộng"
WORDS_PREFIX = "Số tiền bằng chữ: "

# The commune list: (header, width). The first block is the official list, then the signature
# column, then the columns the post office fills in (read back by uploads.RESULT_COLUMNS).
LIST_COLUMNS: tuple[tuple[str, int], ...] = (
    ("STT", 6),
    (LINE_ID_HEADER, 10),
    (NAME_HEADER, 26),
    ("Ngày sinh", 12),
    ("Thôn, tổ dân phố", 18),
    ("Mã đối tượng", 9),
    ("Loại dòng", 14),
    ("Hệ số", 7),
    ("Mức chuẩn (đồng)", 12),
    ("Số tháng", 7),
    ("Trợ cấp thường xuyên (đồng)", 14),
    ("Truy lĩnh (đồng)", 12),
    ("Thu hồi, khấu trừ (đồng)", 12),
    ("Tổng số tiền (đồng)", 14),
    ("Người nhận thay", 22),
    ("Giấy ủy quyền số", 14),
    ("Ký nhận", 16),
    ("Ngày chi trả", 12),
    ("Người nhận tiền", 22),
    ("Nhận với tư cách", 18),
    ("Lý do không chi trả", 24),
)
LIST_HEADERS = tuple(header for header, _width in LIST_COLUMNS)
MONEY_COLUMNS = ("Mức chuẩn (đồng)", *LIST_HEADERS[10:14])
TOTAL_COLUMN = LIST_HEADERS.index("Tổng số tiền (đồng)")

SUMMARY_HEADERS = (
    "STT",
    "Xã, thị trấn",
    "Số dòng",
    "Trợ cấp thường xuyên (đồng)",
    "Truy lĩnh (đồng)",
    "Thu hồi, khấu trừ (đồng)",
    "Tổng số tiền (đồng)",
    "Đã chi trả (đồng)",
    "Chưa chi trả, chuyển kỳ sau (đồng)",
)
RATE_CHANGE_HEADERS = (
    "STT",
    "Họ và tên",
    "Ngày sinh",
    "Xã, thị trấn",
    "Mã đối tượng",
    "Hệ số",
    "Mức chuẩn cũ (đồng)",
    "Mức chuẩn mới (đồng)",
    "Số tiền cũ (đồng/tháng)",
    "Số tiền mới (đồng/tháng)",
    "Chênh lệch (đồng/tháng)",
)


@dataclass(frozen=True)
class ListHeading:
    """Who issues a list and for which commune and month."""

    month: YearMonth
    commune_name: str
    district_name: str
    province_name: str
    status_label: str = ""
    issuer: str = "PHÒNG LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI"
    place: str = ""
    signed_on: date | None = None

    @property
    def title(self) -> str:
        return "DANH SÁCH CHI TRẢ TRỢ CẤP XÃ HỘI HÀNG THÁNG"

    @property
    def subtitle(self) -> str:
        return f"Tháng {self.month.display()} — {self.commune_name}, {self.district_name}, {self.province_name}"


@dataclass(frozen=True)
class SheetLine:
    """One line of a commune's list, as printed (money in whole đồng)."""

    line_id: int
    full_name: str
    birth: str
    village: str
    category: str
    kind_label: str
    coefficient: Decimal
    rate: int
    months: int
    regular: int
    arrears: int
    recovery: int
    total: int
    payee_name: str = ""
    authorisation_reference: str = ""
    paid_on: date | None = None
    paid_to_name: str = ""
    paid_to_kind_label: str = ""
    not_paid_reason: str = ""


@dataclass
class CommuneTotals:
    """Totals of one commune's list for one month (reconciliation and the district summary)."""

    commune_name: str
    lines: int = 0
    regular: int = 0
    arrears: int = 0
    recovery: int = 0
    total: int = 0
    paid: int = 0
    unpaid: int = 0
    carried: int = 0
    commune_id: int | None = None

    def add(self, line: SheetLine) -> None:
        self.lines += 1
        self.regular += line.regular
        self.arrears += line.arrears
        self.recovery += line.recovery
        self.total += line.total
        if line.paid_on is not None:
            self.paid += line.total
        elif line.not_paid_reason:
            self.unpaid += line.total


@dataclass
class DistrictSummary:
    month: YearMonth
    district_name: str
    province_name: str
    communes: list[CommuneTotals] = field(default_factory=list)

    @property
    def grand(self) -> CommuneTotals:
        grand = CommuneTotals(commune_name=TOTAL_LABEL)
        for row in self.communes:
            for name in ("lines", "regular", "arrears", "recovery", "total", "paid", "unpaid", "carried"):
                setattr(grand, name, getattr(grand, name) + getattr(row, name))
        return grand


@dataclass(frozen=True)
class RateChangeRow:
    full_name: str
    birth: str
    commune_name: str
    category: str
    coefficient: Decimal
    old_rate: int
    new_rate: int
    old_amount: int
    new_amount: int

    @property
    def difference(self) -> int:
        return self.new_amount - self.old_amount


# --- from the database --------------------------------------------------------------------------


def _place_names(commune: AdministrativeUnit) -> tuple[str, str]:
    district = commune.parent
    province = district.parent if district is not None else None
    return (district.full_name if district else "", province.full_name if province else "")


def list_heading(payroll: PayrollMonth) -> ListHeading:
    district, province = _place_names(payroll.commune)
    return ListHeading(
        month=YearMonth.of(payroll.month),
        commune_name=payroll.commune.full_name,
        district_name=district,
        province_name=province,
        status_label=payroll.get_status_display(),
        signed_on=(payroll.approved_at.date() if payroll.approved_at else None),
    )


def sheet_line(line: PayrollLine) -> SheetLine:
    person = line.person
    by_proxy = line.payee_kind != PayeeKind.BENEFICIARY
    return SheetLine(
        line_id=line.pk,
        full_name=person.full_name,
        birth=person.birth_display,
        village=person.village.name if person.village_id and person.village else "",
        category=category_for_outsiders(line.category_code),
        kind_label=line.get_kind_display(),
        coefficient=line.coefficient or Decimal(0),
        rate=line.rate,
        months=line.months_covered,
        regular=line.regular_amount,
        arrears=line.arrears_amount,
        recovery=line.recovery_amount,
        total=line.total,
        payee_name=line.payee_name if by_proxy else "",
        authorisation_reference=line.payee_reference if by_proxy else "",
        paid_on=line.paid_on,
        paid_to_name=line.paid_to_name,
        paid_to_kind_label=line.get_paid_to_kind_display() if line.paid_to_kind else "",
        not_paid_reason=line.not_paid_reason,
    )


def sheet_lines(lines: QuerySet[PayrollLine]) -> Iterable[SheetLine]:
    """Stream the lines of a list in print order (chunked: a district list may be large)."""
    for line in lines.select_related("person", "person__village").iterator(chunk_size=2000):
        yield sheet_line(line)


def district_summary(*, actor: Actor, month: YearMonth, district: AdministrativeUnit | None) -> DistrictSummary:
    """Totals by commune of the lists the actor sees for `month`, summed from their lines."""
    payrolls = payroll_policy.visible(actor).filter(month=month.first_day).select_related("commune")
    sums = (
        PayrollLine.objects.filter(payroll__in=payrolls)
        .values("payroll_id")
        .annotate(
            sum_regular=Sum("regular_amount"),
            sum_arrears=Sum("arrears_amount"),
            sum_recovery=Sum("recovery_amount"),
            sum_total=Sum("total"),
            sum_paid=Sum("total", filter=Q(paid_on__isnull=False)),
            sum_unpaid=Sum("total", filter=Q(paid_on__isnull=True) & ~Q(not_paid_reason="")),
        )
    )
    by_payroll = {row["payroll_id"]: row for row in sums}
    district_name, province_name = ("", "")
    if district is not None:
        district_name = district.full_name
        province_name = district.parent.full_name if district.parent else ""
    summary = DistrictSummary(month=month, district_name=district_name, province_name=province_name)
    for payroll in sorted(payrolls, key=lambda item: item.commune.code):
        row = by_payroll.get(payroll.pk, {})
        summary.communes.append(
            CommuneTotals(
                commune_name=payroll.commune.full_name,
                commune_id=payroll.commune_id,
                lines=payroll.line_count,
                **{
                    name: int(row.get(f"sum_{name}") or 0)
                    for name in ("regular", "arrears", "recovery", "total", "paid", "unpaid")
                },
            )
        )
    return summary


def birth_displays(person_ids: set[int]) -> dict[int, str]:
    people = Person.objects.filter(pk__in=person_ids).only("pk", "birth_date", "birth_year")
    return {person.pk: person.birth_display for person in people.iterator(chunk_size=2000)}


def totals_of(lines: Iterable[SheetLine], commune_name: str) -> CommuneTotals:
    totals = CommuneTotals(commune_name=commune_name)
    for line in lines:
        totals.add(line)
    return totals


# --- XLSX --------------------------------------------------------------------------------------


class _Sheet:
    """A write-only sheet with the few cell styles the documents use."""

    def __init__(self, workbook: Workbook, title: str, widths: Sequence[int]) -> None:
        self.sheet = workbook.create_sheet(title)
        for index, width in enumerate(widths):
            self.sheet.column_dimensions[_letter(index)].width = width
        thin = Side(style="thin")
        self.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        self.bold = Font(bold=True)
        self.wrap = Alignment(wrap_text=True, vertical="center", horizontal="center")
        # Styles are registered once and their index arrays shared by every data cell: setting a
        # style on each cell hashes it again and made 100,000 lines take 90 s instead of ~10 s.
        self.cell_style = self._prototype(border=self.border)
        self.money_style = self._prototype(border=self.border, number_format=MONEY_FORMAT)
        self.date_style = self._prototype(border=self.border, number_format="DD/MM/YYYY")

    def _prototype(self, **styles: Any) -> Any:
        cell = WriteOnlyCell(self.sheet)
        for name, value in styles.items():
            setattr(cell, name, value)
        return cell._style

    def cell(self, value: Any, style: Any) -> WriteOnlyCell:
        cell = WriteOnlyCell(self.sheet, value=value)
        cell._style = style
        return cell

    def data_row(self, values: Sequence[Any], money: Sequence[int] = ()) -> None:
        """A bordered row; the columns at the `money` indexes get the money format."""
        self.sheet.append(
            [
                self.cell(value, self.money_style if index in money else self.cell_style)
                for index, value in enumerate(values)
            ]
        )

    def text_row(self, text: str, *, bold: bool = False, italic: bool = False) -> None:
        cell = WriteOnlyCell(self.sheet, value=text)
        cell.font = Font(bold=bold, italic=italic)
        self.sheet.append([cell])

    def header_row(self, headers: Sequence[str]) -> None:
        cells = []
        for header in headers:
            cell = WriteOnlyCell(self.sheet, value=header)
            cell.font = self.bold
            cell.alignment = self.wrap
            cell.border = self.border
            cells.append(cell)
        self.sheet.append(cells)

    def total_row(self, values: Sequence[Any], money_from: int) -> None:
        cells = []
        for index, value in enumerate(values):
            cell = WriteOnlyCell(self.sheet, value=value)
            cell.font = self.bold
            cell.border = self.border
            if index >= money_from and isinstance(value, int):
                cell.number_format = MONEY_FORMAT
            cells.append(cell)
        self.sheet.append(cells)

    def signature_rows(self, titles: Sequence[tuple[int, str]]) -> None:
        self.sheet.append([])
        row: list[Any] = [None] * (max(column for column, _title in titles) + 1)
        for column, title in titles:
            cell = WriteOnlyCell(self.sheet, value=title)
            cell.font = self.bold
            row[column] = cell
        self.sheet.append(row)
        note: list[Any] = [None] * len(row)
        for column, _title in titles:
            cell = WriteOnlyCell(self.sheet, value="(Ký, ghi rõ họ tên)")
            cell.font = Font(italic=True)
            note[column] = cell
        self.sheet.append(note)


def _letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _save(workbook: Workbook) -> bytes:
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _list_row(sheet: _Sheet, number: int, line: SheetLine) -> list[Any]:
    """Text cells are plain values (a styled cell costs several times a plain one); blanks and zero
    arrears or recovery are left empty, as on the paper lists; the money cells share one style."""
    cell, money = sheet.cell, sheet.money_style
    return [
        number,
        line.line_id,
        line.full_name,
        line.birth or None,
        line.village or None,
        line.category,
        line.kind_label,
        format_coefficient(line.coefficient) if line.coefficient else None,
        cell(line.rate, money),
        line.months,
        cell(line.regular, money),
        cell(line.arrears, money) if line.arrears else None,
        cell(line.recovery, money) if line.recovery else None,
        cell(line.total, money),
        line.payee_name or None,
        line.authorisation_reference or None,
        None,
        cell(line.paid_on, sheet.date_style) if line.paid_on else None,
        line.paid_to_name or None,
        line.paid_to_kind_label or None,
        line.not_paid_reason or None,
    ]


def _write_commune_list(workbook: Workbook, heading: ListHeading, lines: Iterable[SheetLine]) -> CommuneTotals:
    sheet = _Sheet(workbook, heading.commune_name[:31] or "Danh sách", [width for _h, width in LIST_COLUMNS])
    sheet.sheet.freeze_panes = "D6"
    sheet.text_row(heading.issuer, bold=True)
    sheet.text_row(heading.title, bold=True)
    sheet.text_row(heading.subtitle, bold=True)
    sheet.text_row(
        "Bưu điện ghi kết quả vào các cột Ngày chi trả (dd/mm/yyyy), Người nhận tiền, Nhận với tư cách "
        "(Đối tượng / Người được ủy quyền / Người giám hộ) hoặc Lý do không chi trả; không sửa cột Mã dòng.",
        italic=True,
    )
    sheet.header_row(LIST_HEADERS)
    totals = CommuneTotals(commune_name=heading.commune_name)
    for number, line in enumerate(lines, start=1):
        totals.add(line)
        sheet.sheet.append(_list_row(sheet, number, line))
    blanks: list[Any] = [None] * 7
    sheet.total_row(
        [
            TOTAL_LABEL,
            None,
            f"{totals.lines} người",
            *blanks,
            totals.regular,
            totals.arrears,
            totals.recovery,
            totals.total,
        ],
        money_from=10,
    )
    sheet.text_row(WORDS_PREFIX + amount_in_words_sentence(totals.total) + ".", italic=True)
    sheet.signature_rows([(2, "Người lập biểu"), (10, "Trưởng phòng Lao động - TB&XH"), (16, "Đại diện Bưu điện")])
    return totals


def commune_list_xlsx(heading: ListHeading, lines: Iterable[SheetLine]) -> bytes:
    """One commune's list for one month: official columns, signature column, result columns."""
    workbook = Workbook(write_only=True)
    _write_commune_list(workbook, heading, lines)
    return _save(workbook)


def write_commune_list(target: Any, heading: ListHeading, lines: Iterable[SheetLine]) -> CommuneTotals:
    """Stream a list to a path or a binary file (the benchmark writes 100,000 lines this way)."""
    workbook = Workbook(write_only=True)
    totals = _write_commune_list(workbook, heading, lines)
    workbook.save(target)
    return totals


def district_summary_xlsx(summary: DistrictSummary) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = _Sheet(workbook, "Tổng hợp", [6, 28, 9, 16, 14, 14, 16, 16, 18])
    sheet.text_row("PHÒNG LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", bold=True)
    sheet.text_row("TỔNG HỢP KINH PHÍ CHI TRẢ TRỢ CẤP XÃ HỘI HÀNG THÁNG", bold=True)
    sheet.text_row(f"Tháng {summary.month.display()} — {summary.district_name}, {summary.province_name}", bold=True)
    sheet.sheet.append([])
    sheet.header_row(SUMMARY_HEADERS)
    for number, row in enumerate(summary.communes, start=1):
        sheet.data_row([number, row.commune_name, *_summary_values(row)], money=range(3, 9))
    grand = summary.grand
    sheet.total_row([TOTAL_LABEL, None, *_summary_values(grand)], money_from=3)
    sheet.text_row(WORDS_PREFIX + amount_in_words_sentence(grand.total) + ".", italic=True)
    sheet.signature_rows([(1, "Người lập biểu"), (6, "Trưởng phòng Lao động - TB&XH")])
    return _save(workbook)


def _summary_values(row: CommuneTotals) -> list[int]:
    return [row.lines, row.regular, row.arrears, row.recovery, row.total, row.paid, row.unpaid]


def rate_change_xlsx(rows: Iterable[RateChangeRow], *, title: str, effective: YearMonth) -> bytes:
    """Everyone whose monthly amount changes with a new standard rate, old and new, for the decision."""
    workbook = Workbook(write_only=True)
    sheet = _Sheet(workbook, "Điều chỉnh mức", [6, 26, 12, 22, 9, 7, 13, 13, 14, 14, 14])
    sheet.text_row("PHÒNG LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", bold=True)
    sheet.text_row("DANH SÁCH ĐIỀU CHỈNH MỨC TRỢ CẤP XÃ HỘI HÀNG THÁNG", bold=True)
    sheet.text_row(f"{title} — áp dụng từ tháng {effective.display()}", bold=True)
    sheet.sheet.append([])
    sheet.header_row(RATE_CHANGE_HEADERS)
    old_total = new_total = count = 0
    for number, row in enumerate(rows, start=1):
        count += 1
        old_total += row.old_amount
        new_total += row.new_amount
        money = [row.old_rate, row.new_rate, row.old_amount, row.new_amount, row.difference]
        sheet.data_row(
            [
                number,
                row.full_name,
                row.birth,
                row.commune_name,
                category_for_outsiders(row.category),
                format_coefficient(row.coefficient),
                *money,
            ],
            money=range(6, 11),
        )
    blanks: list[Any] = [None] * 5
    sheet.total_row(
        [TOTAL_LABEL, f"{count} người", *blanks, None, old_total, new_total, new_total - old_total], money_from=8
    )
    sheet.text_row(
        f"Tổng số tiền mới mỗi tháng bằng chữ: {amount_in_words_sentence(new_total)}; "
        f"chênh lệch: {amount_in_words_sentence(new_total - old_total)}.",
        italic=True,
    )
    sheet.signature_rows([(1, "Người lập biểu"), (7, "Trưởng phòng Lao động - TB&XH")])
    return _save(workbook)


# --- PDF ---------------------------------------------------------------------------------------


def _official_context(heading: ListHeading) -> dict[str, Any]:
    return {
        "issuer_parent": f"UBND {heading.district_name.upper()}",
        "issuer": heading.issuer,
        "number": "",
        "place": heading.place or heading.district_name.removeprefix("Huyện ").removeprefix("huyện ") or "..........",
        "signed_on": heading.signed_on or date.today(),
        "title": heading.title,
    }


def signature_sheet_pdf(heading: ListHeading, lines: Sequence[SheetLine]) -> bytes:
    """The sheet the payees sign when they collect (one commune, one month), landscape A4."""
    totals = totals_of(lines, heading.commune_name)
    context = {
        **_official_context(heading),
        "heading": heading,
        "lines": [(line, format_money(line.total)) for line in lines],
        "totals": totals,
        "total_display": format_money(totals.total),
        "total_words": amount_in_words_sentence(totals.total),
    }
    return render_pdf("payments/print/signature_sheet.html", context)


def district_summary_pdf(summary: DistrictSummary, *, signed_on: date | None = None) -> bytes:
    grand = summary.grand
    context = {
        "issuer_parent": f"UBND {summary.district_name.upper()}",
        "issuer": "PHÒNG LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI",
        "number": "",
        "place": summary.district_name.removeprefix("Huyện ").removeprefix("huyện ") or "..........",
        "signed_on": signed_on or date.today(),
        "title": "TỔNG HỢP KINH PHÍ CHI TRẢ TRỢ CẤP XÃ HỘI HÀNG THÁNG",
        "summary": summary,
        "rows": [(row, _display(row)) for row in summary.communes],
        "grand": _display(grand),
        "grand_words": amount_in_words_sentence(grand.total),
        "signer_title": "TRƯỞNG PHÒNG",
    }
    return render_pdf("payments/print/district_summary.html", context)


def _display(row: CommuneTotals) -> dict[str, str]:
    return {
        "commune_name": row.commune_name,
        "lines": f"{row.lines}",
        "regular": format_money(row.regular),
        "arrears": format_money(row.arrears),
        "recovery": format_money(row.recovery),
        "total": format_money(row.total),
        "paid": format_money(row.paid),
        "unpaid": format_money(row.unpaid),
    }
