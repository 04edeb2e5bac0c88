"""The payment documents (domain.md §8; NĐ 20/2021/NĐ-CP Art 34, TT 02/2021/TT-BLĐTBXH Art 6).

- the commune payment list (XLSX): the official columns, a signature column and the result columns
  the post office fills in and uploads back (`ansinh.payments.uploads` reads them);
- the signature sheet (PDF) the payees sign at the post office;
- totals by commune and the district summary (XLSX and PDF);
- the rate-change list (XLSX) for the chair's decision.

Every total is written under its column with the amount in words. The writers take plain rows
(`SheetLine`, `CommuneTotals`, `RateChangeRow`) so they stream: a list of 100,000 lines is written
row by row by `ansinh.core.xlsx` (bench/payroll_xlsx.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from io import BytesIO
from typing import Any

from django.db.models import Q, QuerySet, Sum

from ansinh.core import table_pdf
from ansinh.core.access import Actor, OfficeKind
from ansinh.core.months import YearMonth
from ansinh.core.printing import render_pdf
from ansinh.core.xlsx import SheetWriter, Style, open_sheet
from ansinh.payments.models import PayeeKind, PayrollLine, PayrollMonth
from ansinh.payments.policies import payroll_office, payroll_policy
from ansinh.registry.models import Person
from ansinh.rules import pension
from ansinh.rules.calculator import category_for_outsiders
from ansinh.rules.formatting import amount_in_words_sentence, format_coefficient, format_money
from ansinh.territory.models import AdministrativeUnit, UnitLevel

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF = "application/pdf"
LINE_ID_HEADER = "Mã dòng (không sửa)"
NAME_HEADER = "Họ và tên"
CORRECTION_HEADER = "Lý do sửa kết quả"
TOTAL_LABEL = "Tổng cộng"
WORDS_PREFIX = "Số tiền bằng chữ: "
LABOUR_OFFICE = "PHÒNG LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI"
LABOUR_HEAD = "Trưởng phòng Lao động - TB&XH"
COMMUNE_COMMITTEE = "ỦY BAN NHÂN DÂN"
COMMUNE_CHAIR = "Chủ tịch Ủy ban nhân dân"

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
    (CORRECTION_HEADER, 24),
)
LIST_HEADERS = tuple(header for header, _width in LIST_COLUMNS)
MONEY_COLUMNS = ("Mức chuẩn (đồng)", *LIST_HEADERS[10:14])

# The social pension's own total (Luật BHXH 41/2024 Arts 21-22; lines of category HTXH.*), within the total.
PENSION_HEADER = "Trong đó: trợ cấp hưu trí xã hội (đồng)"
PENSION_TOTAL_LABEL = "Trong đó: trợ cấp hưu trí xã hội (HTXH.*)"
ALLOWANCE_TOTAL_LABEL = "Trong đó: trợ cấp xã hội hằng tháng và các khoản khác"

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
    PENSION_HEADER,
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
    issuer: str = LABOUR_OFFICE
    place: str = ""
    signed_on: date | None = None
    by_commune: bool = False  # the list of a month the commune makes and approves (payments.policies.payroll_office)

    @property
    def title(self) -> str:
        return "DANH SÁCH CHI TRẢ TRỢ CẤP XÃ HỘI HÀNG THÁNG"

    @property
    def subtitle(self) -> str:
        places = ", ".join(name for name in (self.commune_name, self.district_name, self.province_name) if name)
        return f"Tháng {self.month.display()} — {places}"

    @property
    def letterhead(self) -> dict[str, Any]:
        """The issuer of the list (NĐ 30/2020 Appendix I): the district labour office while it made the lists,
        the commune's People's Committee from the month the commune makes them (payments.policies)."""
        if not self.by_commune:
            return _labour_office_letterhead(self.district_name, self.title, self.signed_on, self.place)
        return {
            "issuer_parent": COMMUNE_COMMITTEE,
            "issuer": self.commune_name,
            "number": "",
            "place": self.place or "..........",
            "signed_on": self.signed_on or date.today(),
            "title": self.title,
        }

    @property
    def approver_title(self) -> str:
        """Who approves the list of the month (payments.policies.payroll_office): printed in capitals on
        the signature sheet, as written on the spreadsheet."""
        return COMMUNE_CHAIR if self.by_commune else LABOUR_HEAD


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
    pension: int = 0  # of `total`: the social-pension lines (HTXH.*)

    def add(self, line: SheetLine) -> None:
        self.lines += 1
        if pension.is_social_pension(line.category):
            self.pension += line.total
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
            for name in ("lines", "regular", "arrears", "recovery", "total", "paid", "unpaid", "carried", "pension"):
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
    """(district, province) above a commune; a commune of 01/07/2025 has no district ("", province)."""
    parent = commune.parent
    if parent is not None and parent.level == UnitLevel.PROVINCE:
        return ("", parent.full_name)
    province = parent.parent if parent is not None else None
    return (parent.full_name if parent else "", province.full_name if province else "")


def list_heading(payroll: PayrollMonth) -> ListHeading:
    district, province = _place_names(payroll.commune)
    month = YearMonth.of(payroll.month)
    by_commune = payroll_office(month) == OfficeKind.COMMUNE
    return ListHeading(
        month=month,
        commune_name=payroll.commune.full_name,
        district_name=district,
        province_name=province,
        status_label=payroll.get_status_display(),
        issuer=f"{COMMUNE_COMMITTEE} {payroll.commune.full_name.upper()}" if by_commune else LABOUR_OFFICE,
        place=payroll.commune.name if by_commune else "",
        signed_on=(payroll.approved_at.date() if payroll.approved_at else None),
        by_commune=by_commune,
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
            sum_pension=Sum("total", filter=Q(category_code__startswith=pension.PREFIX)),
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
                    for name in ("regular", "arrears", "recovery", "total", "paid", "unpaid", "pension")
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

SIGNATURE_NOTE = "(Ký, ghi rõ họ tên)"
RESULT_INSTRUCTIONS = (
    "Bưu điện ghi kết quả vào các cột Ngày chi trả (dd/mm/yyyy), Người nhận tiền, Nhận với tư cách "
    "(Đối tượng / Người được ủy quyền / Người giám hộ) hoặc Lý do không chi trả; không sửa cột Mã dòng. "
    "Sửa một kết quả đã ghi thì ghi lý do ở cột Lý do sửa kết quả."
)
HEADER_ROW = 5  # the column headers of every sheet here: frozen on screen, repeated on each printed page
HEADER_HEIGHT = 48  # points: three wrapped lines of 12-point text


def _styles(width: int, *, money: Iterable[int] = (), dates: Iterable[int] = ()) -> tuple[Style, ...]:
    """Bordered cells; the columns at the `money` indexes get the money format, `dates` dd/mm/yyyy."""
    money, dates = set(money), set(dates)
    return tuple(
        Style.MONEY if index in money else Style.DATE if index in dates else Style.CELL for index in range(width)
    )


LIST_STYLES = _styles(
    len(LIST_HEADERS),
    money=[LIST_HEADERS.index(header) for header in MONEY_COLUMNS],
    dates=[LIST_HEADERS.index("Ngày chi trả")],
)


@contextmanager
def _table_sheet(
    target: Any, *, title: str, widths: Sequence[int], freeze: str, heading: Sequence[str], headers: Sequence[str]
) -> Iterator[SheetWriter]:
    """A sheet whose first rows are the heading (bold; a fourth line in italics, or blank) and whose
    fifth row holds the column headers, frozen on screen and repeated on every printed page."""
    lines = [*heading, ""][: HEADER_ROW - 1]
    with open_sheet(target, title=title, widths=widths, freeze=freeze, repeat_rows=(HEADER_ROW, HEADER_ROW)) as sheet:
        for index, text in enumerate(lines):
            sheet.row([text] if text else [], Style.ITALIC if index == HEADER_ROW - 2 else Style.BOLD)
        sheet.row(headers, Style.HEADER, height=HEADER_HEIGHT)
        yield sheet


def _total_row(sheet: SheetWriter, values: Sequence[Any], money_from: int) -> None:
    sheet.row(
        values,
        [Style.TOTAL_MONEY if index >= money_from else Style.TOTAL for index in range(len(values))],
    )


def _signature_rows(sheet: SheetWriter, titles: Sequence[tuple[int, str]]) -> None:
    sheet.blank()
    width = max(column for column, _title in titles) + 1
    names: list[str | None] = [None] * width
    notes: list[str | None] = [None] * width
    for column, title in titles:
        names[column], notes[column] = title, SIGNATURE_NOTE
    sheet.row(names, Style.BOLD)
    sheet.row(notes, Style.ITALIC)


def _list_row(number: int, line: SheetLine) -> list[Any]:
    """Blanks and zero arrears or recovery are left empty, as on the paper lists."""
    return [
        number,
        line.line_id,
        line.full_name,
        line.birth or None,
        line.village or None,
        line.category,
        line.kind_label,
        format_coefficient(line.coefficient) if line.coefficient else None,
        line.rate,
        line.months,
        line.regular,
        line.arrears or None,
        line.recovery or None,
        line.total,
        line.payee_name or None,
        line.authorisation_reference or None,
        None,
        line.paid_on,
        line.paid_to_name or None,
        line.paid_to_kind_label or None,
        line.not_paid_reason or None,
        None,
    ]


def write_commune_list(target: Any, heading: ListHeading, lines: Iterable[SheetLine]) -> CommuneTotals:
    """Stream one commune's list for one month to a path or a binary file: the official columns,
    the signature column and the result columns (bench/payroll_xlsx.py writes 100,000 lines)."""
    with _table_sheet(
        target,
        title=heading.commune_name or "Danh sách",
        widths=[width for _header, width in LIST_COLUMNS],
        freeze="D6",
        heading=[heading.issuer, heading.title, heading.subtitle, RESULT_INSTRUCTIONS],
        headers=LIST_HEADERS,
    ) as sheet:
        totals = CommuneTotals(commune_name=heading.commune_name)
        for number, line in enumerate(lines, start=1):
            totals.add(line)
            sheet.row(_list_row(number, line), LIST_STYLES)
        blanks: list[Any] = [None] * 7
        _total_row(
            sheet,
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
        if totals.pension:  # the two programmes' own totals (the pension's lines are HTXH.*)
            for label, amount in (
                (ALLOWANCE_TOTAL_LABEL, totals.total - totals.pension),
                (PENSION_TOTAL_LABEL, totals.pension),
            ):
                _total_row(sheet, [label, *([None] * 12), amount], money_from=13)
        sheet.row([WORDS_PREFIX + amount_in_words_sentence(totals.total) + "."], Style.ITALIC)
        _signature_rows(sheet, [(2, "Người lập biểu"), (10, heading.approver_title), (16, "Đại diện Bưu điện")])
    return totals


def commune_list_xlsx(heading: ListHeading, lines: Iterable[SheetLine]) -> bytes:
    buffer = BytesIO()
    write_commune_list(buffer, heading, lines)
    return buffer.getvalue()


def district_summary_xlsx(summary: DistrictSummary) -> bytes:
    buffer = BytesIO()
    with _table_sheet(
        buffer,
        title="Tổng hợp",
        widths=[6, 28, 9, 16, 14, 14, 16, 16, 18, 18],
        freeze="C6",
        heading=[
            LABOUR_OFFICE,
            "TỔNG HỢP KINH PHÍ CHI TRẢ TRỢ CẤP XÃ HỘI HÀNG THÁNG",
            f"Tháng {summary.month.display()} — {summary.district_name}, {summary.province_name}",
        ],
        headers=SUMMARY_HEADERS,
    ) as sheet:
        styles = _styles(len(SUMMARY_HEADERS), money=range(3, 10))
        for number, row in enumerate(summary.communes, start=1):
            sheet.row([number, row.commune_name, *_summary_values(row)], styles)
        grand = summary.grand
        _total_row(sheet, [TOTAL_LABEL, None, *_summary_values(grand)], money_from=3)
        sheet.row([WORDS_PREFIX + amount_in_words_sentence(grand.total) + "."], Style.ITALIC)
        _signature_rows(sheet, [(1, "Người lập biểu"), (6, LABOUR_HEAD)])
    return buffer.getvalue()


def _summary_values(row: CommuneTotals) -> list[int]:
    return [row.lines, row.regular, row.arrears, row.recovery, row.total, row.paid, row.unpaid, row.pension]


def rate_change_xlsx(rows: Iterable[RateChangeRow], *, title: str, effective: YearMonth) -> bytes:
    """Everyone whose monthly amount changes with a new standard rate, old and new, for the decision."""
    buffer = BytesIO()
    with _table_sheet(
        buffer,
        title="Điều chỉnh mức",
        widths=[6, 26, 12, 22, 9, 7, 13, 13, 14, 14, 14],
        freeze="C6",
        heading=[
            LABOUR_OFFICE,
            "DANH SÁCH ĐIỀU CHỈNH MỨC TRỢ CẤP XÃ HỘI HÀNG THÁNG",
            f"{title} — áp dụng từ tháng {effective.display()}",
        ],
        headers=RATE_CHANGE_HEADERS,
    ) as sheet:
        styles = _styles(len(RATE_CHANGE_HEADERS), money=range(6, 11))
        old_total = new_total = count = 0
        for number, row in enumerate(rows, start=1):
            count += 1
            old_total += row.old_amount
            new_total += row.new_amount
            sheet.row(
                [
                    number,
                    row.full_name,
                    row.birth,
                    row.commune_name,
                    category_for_outsiders(row.category),
                    format_coefficient(row.coefficient),
                    row.old_rate,
                    row.new_rate,
                    row.old_amount,
                    row.new_amount,
                    row.difference,
                ],
                styles,
            )
        blanks: list[Any] = [None] * 5
        _total_row(
            sheet,
            [TOTAL_LABEL, f"{count} người", *blanks, None, old_total, new_total, new_total - old_total],
            money_from=8,
        )
        sheet.row(
            [
                f"Tổng số tiền mới mỗi tháng bằng chữ: {amount_in_words_sentence(new_total)}; "
                f"chênh lệch: {amount_in_words_sentence(new_total - old_total)}."
            ],
            Style.ITALIC,
        )
        _signature_rows(sheet, [(1, "Người lập biểu"), (7, LABOUR_HEAD)])
    return buffer.getvalue()


# --- PDF ---------------------------------------------------------------------------------------


def _labour_office_letterhead(
    district_name: str, title: str, signed_on: date | None, place: str = ""
) -> dict[str, Any]:
    """The header of the labour office's documents (NĐ 30/2020 Appendix I), for templates/print/official.html."""
    return {
        "issuer_parent": f"UBND {district_name.upper()}",
        "issuer": LABOUR_OFFICE,
        "number": "",
        "place": place or district_name.removeprefix("Huyện ").removeprefix("huyện ") or "..........",
        "signed_on": signed_on or date.today(),
        "title": title,
    }


# The signature sheet's columns (mm, on the 272 mm of an A4 landscape line inside its margins).
SIGNATURE_COLUMNS = (
    table_pdf.Column("STT", 12, "right"),
    table_pdf.Column("Mã dòng", 18, "right"),
    table_pdf.Column("Họ và tên", 52),
    table_pdf.Column("Ngày sinh", 24),
    table_pdf.Column("Thôn, tổ dân phố", 40),
    table_pdf.Column("Mã ĐT", 18),
    table_pdf.Column("Số tiền", 28, "right"),
    table_pdf.Column("Người nhận thay", 46),
    table_pdf.Column("Ký nhận", 34),
)
SIGNATURE_ROW_HEIGHT = 9 * table_pdf.MM + 4  # room to sign: 9 mm and the cell's padding
SIGNERS = ("NGƯỜI LẬP BIỂU", "ĐẠI DIỆN BƯU ĐIỆN")


def signature_sheet_pdf(heading: ListHeading, lines: Sequence[SheetLine]) -> bytes:
    """The sheet the payees sign when they collect (one commune, one month), landscape A4.

    Written by `core.table_pdf` (600 lines in well under a second, docs/benchmarks.md): the letterhead
    and title of NĐ 30/2020/NĐ-CP Appendix I on the first page, the column titles on every page with
    the list's title, commune and month above them, the total, the pension part and the amount in
    words under the last line, then the three signatures."""
    totals = totals_of(lines, heading.commune_name)
    letterhead = heading.letterhead
    document = table_pdf.TableDocument(
        title=f"{heading.title} — {heading.subtitle}",
        columns=SIGNATURE_COLUMNS,
        rows=_signature_rows_of(lines),
        total_rows=_signature_total_rows(totals),
        opening=(*_letterhead_blocks(letterhead), *_title_blocks(heading)),
        closing=_signature_closing(totals, heading.approver_title.upper()),
        running_header=f"{heading.title} — {heading.subtitle}",
        running_footer=f"Danh sách ký nhận tháng {heading.month.display()} — {heading.commune_name}",
        row_min_height=SIGNATURE_ROW_HEIGHT,
    )
    return table_pdf.write(document)


def _signature_rows_of(lines: Sequence[SheetLine]) -> Iterator[list[table_pdf.Cell]]:
    Cell = table_pdf.Cell
    for number, line in enumerate(lines, start=1):
        payee = line.payee_name
        if line.authorisation_reference:
            payee = f"{payee}\nGUQ {line.authorisation_reference}"
        yield [
            Cell(f"{number}"),
            Cell(f"{line.line_id}"),
            Cell(line.full_name),
            Cell(line.birth),
            Cell(line.village),
            Cell(line.category),
            Cell(format_money(line.total)),
            Cell(payee),
            Cell(""),
        ]


def _signature_total_rows(totals: CommuneTotals) -> tuple[list[table_pdf.Cell], ...]:
    """The total of the list and, when there is one, the social pensions' part (HTXH.*)."""
    Cell = table_pdf.Cell
    rows = [
        [
            Cell(f"{TOTAL_LABEL}: {totals.lines} người", span=6, bold=True),
            Cell(format_money(totals.total), bold=True),
            Cell("", span=2),
        ]
    ]
    if totals.pension:
        rows.append(
            [
                Cell(PENSION_TOTAL_LABEL, span=6),
                Cell(format_money(totals.pension)),
                Cell("", span=2),
            ]
        )
    return tuple(rows)


def _letterhead_blocks(letterhead: dict[str, Any]) -> tuple[table_pdf.Block, ...]:
    """The header of templates/print/official.html: issuer on the left, the national motto on the right."""
    Text = table_pdf.Text
    signed_on: date = letterhead["signed_on"]
    place = f"{letterhead['place']}, ngày {signed_on:%d} tháng {signed_on:%m} năm {signed_on:%Y}"
    issuer = (
        Text(letterhead["issuer_parent"].upper(), align="center"),
        Text(letterhead["issuer"].upper(), style="bold", align="center"),
        Text("———", align="center"),
    )
    motto = (
        Text("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", style="bold", align="center"),
        Text("Độc lập - Tự do - Hạnh phúc", style="bold", size=14, align="center", underline=True),
        Text(place, style="italic", align="right", space_before=6),
    )
    return (table_pdf.Columns(((0.4, issuer), (0.6, motto))),)


def _title_blocks(heading: ListHeading) -> tuple[table_pdf.Block, ...]:
    Text = table_pdf.Text
    return (
        Text(heading.title.upper(), style="bold", size=14, align="center", space_before=18),
        Text(
            heading.subtitle,
            style="bold",
            align="center",
            space_after=12,
        ),
    )


def _signature_closing(totals: CommuneTotals, approver: str) -> tuple[table_pdf.Block, ...]:
    Text = table_pdf.Text
    signers = tuple(
        (fraction, (Text(title, style="bold", align="center"),))
        for fraction, title in zip((0.33, 0.33, 0.34), (*SIGNERS, approver), strict=True)
    )
    return (
        Text(f"{WORDS_PREFIX}{amount_in_words_sentence(totals.total)}.", style="italic", space_before=4),
        table_pdf.Columns(signers, space_before=18, min_height=13 * 1.35 + 60),
    )


def district_summary_pdf(summary: DistrictSummary, *, signed_on: date | None = None) -> bytes:
    grand = summary.grand
    context = {
        **_labour_office_letterhead(
            summary.district_name, "TỔNG HỢP KINH PHÍ CHI TRẢ TRỢ CẤP XÃ HỘI HÀNG THÁNG", signed_on
        ),
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
        "pension": format_money(row.pension),
    }
