"""Printed documents of disability determination (TT 01/2019/TT-BLĐTBXH, amended by TT 08/2023).

Each document is built from a small frozen dataclass of plain values (no models), so the layout
is tested on its own and the views only translate records into these inputs:

- Mẫu 04: the council chair's written consultation of the person's school (Art 5(2)(a));
- the invitation to the person assessed, with time and place (at home when they cannot come);
- the notice of a council member's assigned duties;
- Mẫu 05: minutes of the meeting concluding the type and level (Art 5(2)(d)), DOCX and PDF;
- Mẫu 06: the certificate, 66 × 98 mm on light blue, Times New Roman (Art 7(2)–(3));
- Mẫu 07 (commune) / Mẫu 08 (district): half-yearly reports (Art 11), XLSX and PDF;
- the meeting allowances of a session (chair 70.000 đ, member 50.000 đ, water 15.000 đ each).

PDFs go through `ansinh.core.printing.render_pdf` and extend `templates/print/official.html`
(NĐ 30/2020 layout). Mẫu 06's exact layout and the row structure of Mẫu 07/08 were not found
(forms.md §4): the layouts here carry the content the articles require and are marked as such.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from ansinh.core.printing import render_pdf
from ansinh.rules.formatting import amount_in_words_sentence, format_money

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF = "application/pdf"


def long_date(day: date) -> str:
    """ "ngày 05 tháng 03 năm 2024", as official documents write a date."""
    return f"ngày {day:%d} tháng {day:%m} năm {day:%Y}"


def clock(moment: datetime) -> str:
    """ "8 giờ 30" for a time of day."""
    return f"{moment.hour} giờ {moment.minute:02d}"


@dataclass(frozen=True)
class Issuer:
    """The commune whose People's Committee and council issue the document."""

    commune: str  # "Thị trấn Đồi Ngô"
    district: str  # "Huyện Lục Nam"
    province: str  # "Tỉnh Bắc Giang"
    place: str  # "Đồi Ngô", printed before the date

    @property
    def committee(self) -> str:
        return f"Ủy ban nhân dân {self.commune}"

    def official_context(self, **extra: Any) -> dict[str, Any]:
        """The context of `print/official.html` for a document of the council."""
        return {
            "issuer_parent": f"UBND {self.commune}",
            "issuer": "Hội đồng xác định mức độ khuyết tật",
            "place": self.place,
            **extra,
        }


# --- Mẫu 04: consultation of the school ---------------------------------------------------------


@dataclass(frozen=True)
class SchoolConsultationDoc:
    issuer: Issuer
    number: str
    signed_on: date
    school: str
    person_name: str
    birth_date: str
    sex: str
    address: str
    class_name: str
    reply_by: date | None
    chair_name: str


def school_consultation_pdf(doc: SchoolConsultationDoc) -> bytes:
    """Mẫu 04 (TT 01/2019 Art 5(2)(a)): the council asks the school about the learner's difficulties."""
    context = doc.issuer.official_context(
        doc=doc,
        number=doc.number,
        signed_on=doc.signed_on,
        title="Văn bản tham khảo ý kiến cơ sở giáo dục",
        recipients=[doc.school, "Lưu: Hội đồng"],
        signer_title_prefix="TM. HỘI ĐỒNG",
        signer_title="CHỦ TỊCH",
        signer_name=doc.chair_name,
    )
    return render_pdf("disability/print/school_consultation.html", context)


# --- Invitation to the person assessed ------------------------------------------------------------


@dataclass(frozen=True)
class InvitationDoc:
    issuer: Issuer
    number: str
    signed_on: date
    person_name: str
    address: str
    starts_at: datetime
    place: str
    at_home: bool
    representative: str
    chair_name: str


def invitation_pdf(doc: InvitationDoc) -> bytes:
    """The invitation of the person (or their representative) to the council's session."""
    context = doc.issuer.official_context(
        doc=doc,
        number=doc.number,
        signed_on=doc.signed_on,
        title="Giấy mời",
        time_text=f"{clock(doc.starts_at)}, {long_date(doc.starts_at.date())}",
        recipients=[doc.person_name, "Lưu: Hội đồng"],
        signer_title_prefix="TM. HỘI ĐỒNG",
        signer_title="CHỦ TỊCH",
        signer_name=doc.chair_name,
    )
    return render_pdf("disability/print/invitation.html", context)


# --- Notice of a member's duties ------------------------------------------------------------------


@dataclass(frozen=True)
class DutyNoticeDoc:
    issuer: Issuer
    number: str
    signed_on: date
    member_name: str
    position: str
    role: str
    duties: Sequence[str]
    term: str
    chair_name: str


def duty_notice_pdf(doc: DutyNoticeDoc) -> bytes:
    """The chair's notice of the duties assigned to one member of the council (TT 01/2019 Art 3)."""
    context = doc.issuer.official_context(
        doc=doc,
        number=doc.number,
        signed_on=doc.signed_on,
        title="Thông báo phân công nhiệm vụ thành viên Hội đồng",
        recipients=[doc.member_name, "Lưu: Hội đồng"],
        signer_title_prefix="TM. HỘI ĐỒNG",
        signer_title="CHỦ TỊCH",
        signer_name=doc.chair_name,
    )
    return render_pdf("disability/print/duty_notice.html", context)


# --- Mẫu 05: minutes -------------------------------------------------------------------------------


@dataclass(frozen=True)
class MinutesMember:
    name: str
    role: str  # "Chủ tịch Hội đồng, chủ trì", "thư ký", "thành viên"


@dataclass(frozen=True)
class MinutesCase:
    """Section III for one person assessed."""

    person_name: str
    sex: str
    birth_date: str
    address: str
    form_name: str  # "Mẫu 03 (từ đủ 6 tuổi trở lên)"
    score_text: str  # "Tổng số điểm: 9" or the decisive condition
    opinions: str
    votes_type: int
    type_text: str
    votes_level: int
    level_text: str
    votes_none: int
    votes_undetermined: int
    conclusion: str  # "type_level", "none", "undetermined"
    conclusion_text: str


@dataclass(frozen=True)
class MinutesDoc:
    issuer: Issuer
    starts_at: datetime
    ends_at: datetime | None
    place: str
    members: Sequence[MinutesMember]
    present: int
    total: int
    cases: Sequence[MinutesCase]
    secretary_name: str
    chair_name: str


MINUTES_TITLE = "HỌP KẾT LUẬN DẠNG KHUYẾT TẬT VÀ MỨC ĐỘ KHUYẾT TẬT"


def minutes_time_text(doc: MinutesDoc) -> str:
    return (
        f"Hôm nay, vào hồi {doc.starts_at.hour} giờ {doc.starts_at.minute:02d} {long_date(doc.starts_at.date())} "
        f"tại {doc.place}, Hội đồng xác định mức độ khuyết tật {doc.issuer.commune} họp kết luận dạng khuyết tật "
        f"và mức độ khuyết tật."
    )


def minutes_closing_text(doc: MinutesDoc) -> str:
    if doc.ends_at is None:
        return "Cuộc họp kết thúc hồi … giờ … cùng ngày."
    return f"Cuộc họp kết thúc hồi {doc.ends_at.hour} giờ {doc.ends_at.minute:02d} {long_date(doc.ends_at.date())}."


def minutes_pdf(doc: MinutesDoc) -> bytes:
    """Mẫu 05 (TT 01/2019 Art 5(2)(d)) as PDF."""
    context = doc.issuer.official_context(
        doc=doc,
        number="",
        signed_on=doc.starts_at.date(),
        title="Biên bản",
        subtitle=MINUTES_TITLE,
        time_text=minutes_time_text(doc),
        closing_text=minutes_closing_text(doc),
    )
    return render_pdf("disability/print/minutes.html", context)


def minutes_docx(doc: MinutesDoc) -> bytes:
    """Mẫu 05 as an editable Word document (the secretary completes the opinions by hand if needed)."""
    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)
    header = document.add_table(rows=1, cols=2)
    left, right = header.rows[0].cells
    left.text = f"UBND {doc.issuer.commune.upper()}\nHỘI ĐỒNG XÁC ĐỊNH MĐKT"
    right.text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
    for cell in (left, right):
        for paragraph in cell.paragraphs:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            for run in paragraph.runs:
                run.bold = True
    place = document.add_paragraph(f"{doc.issuer.place}, {long_date(doc.starts_at.date())}")
    place.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _centred(document, "BIÊN BẢN", bold=True, size=14)
    _centred(document, MINUTES_TITLE, bold=True)
    document.add_paragraph().add_run("I. Thời gian, địa điểm").bold = True
    document.add_paragraph(minutes_time_text(doc))
    document.add_paragraph().add_run("II. Thành phần Hội đồng xác định mức độ khuyết tật").bold = True
    for index, member in enumerate(doc.members, start=1):
        document.add_paragraph(f"{index}. Ông (bà) {member.name}, {member.role}")
    document.add_paragraph(f"Có mặt {doc.present}/{doc.total} thành viên.")
    document.add_paragraph().add_run("III. Nội dung").bold = True
    for case in doc.cases:
        _minutes_case_docx(document, case)
    document.add_paragraph(minutes_closing_text(doc))
    signatures = document.add_table(rows=2, cols=3)
    for cell, text in zip(
        signatures.rows[0].cells, ("NGƯỜI GHI BIÊN BẢN", "CÁC THÀNH VIÊN THAM DỰ", "CHỦ TỊCH HỘI ĐỒNG"), strict=True
    ):
        cell.text = text
        cell.paragraphs[0].runs[0].bold = True
    signatures.rows[1].cells[0].text = f"\n\n\n{doc.secretary_name}"
    signatures.rows[1].cells[2].text = f"\n\n\n{doc.chair_name}"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _centred(document: Any, text: str, *, bold: bool = False, size: int | None = None) -> None:
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    run.bold = bold
    if size:
        run.font.size = Pt(size)


def _minutes_case_docx(document: Any, case: MinutesCase) -> None:
    document.add_paragraph(
        f"1. Xác định dạng khuyết tật và mức độ khuyết tật cho: Ông (bà) {case.person_name}; "
        f"Giới tính: {case.sex}; Ngày, tháng, năm sinh: {case.birth_date}; Nơi ở hiện nay: {case.address}."
    )
    document.add_paragraph(
        "2. Hội đồng quan sát, phỏng vấn người được xác định mức độ khuyết tật hoặc người đại diện hợp pháp của họ."
    )
    document.add_paragraph(f"3. Thư ký báo cáo kết quả Phiếu xác định mức độ khuyết tật ({case.form_name}): ")
    document.add_paragraph(case.score_text)
    document.add_paragraph(f"4. Ý kiến của các thành viên dự họp: {case.opinions or '…'}")
    document.add_paragraph("5. Kết quả biểu quyết:")
    table = document.add_table(rows=1, cols=2)
    table.style = "Table Grid"
    table.rows[0].cells[0].text = "Nội dung biểu quyết"
    table.rows[0].cells[1].text = "Số ý kiến đồng ý"
    for label, count in minutes_vote_rows(case):
        row = table.add_row().cells
        row[0].text = label
        row[1].text = str(count)
    document.add_paragraph(f"6. Kết luận: {case.conclusion_text}")


def minutes_vote_rows(case: MinutesCase) -> list[tuple[str, int]]:
    return [
        (f"1. Dạng khuyết tật: {case.type_text}", case.votes_type),
        (f"2. Mức độ khuyết tật: {case.level_text}", case.votes_level),
        ("3. Không khuyết tật", case.votes_none),
        ("4. Không đưa ra được kết luận về dạng tật, mức độ khuyết tật", case.votes_undetermined),
    ]


# --- Mẫu 06: certificate ---------------------------------------------------------------------------

CERTIFICATE_WIDTH_MM = 66
CERTIFICATE_HEIGHT_MM = 98


@dataclass(frozen=True)
class CertificateDoc:
    issuer: Issuer
    number: str
    issued_on: date
    full_name: str
    birth_date: str
    sex: str
    address: str
    disability_type: str
    level: str
    chair_name: str
    note: str = ""  # "Cấp đổi", "Cấp lại" …


def certificate_pdf(doc: CertificateDoc) -> bytes:
    """Mẫu 06 (TT 01/2019 Art 7): two faces of a 66 × 98 mm card on light blue, signed by the
    commune chairman, carrying name, birth date, sex, residence, type and level (Luật NKT Art 19(1))."""
    context = {
        "doc": doc,
        "title": f"Giấy xác nhận khuyết tật số {doc.number}",
        "issued_text": f"{doc.issuer.place}, {long_date(doc.issued_on)}",
        "width_mm": CERTIFICATE_WIDTH_MM,
        "height_mm": CERTIFICATE_HEIGHT_MM,
    }
    return render_pdf("disability/print/certificate.html", context)


# --- Meeting allowances ----------------------------------------------------------------------------


@dataclass(frozen=True)
class CostLine:
    label: str  # "Chủ tịch Hội đồng", "Thành viên", "Nước uống"
    people: int
    rate: int

    @property
    def amount(self) -> int:
        return self.people * self.rate

    @property
    def rate_text(self) -> str:
        return format_money(self.rate)

    @property
    def amount_text(self) -> str:
        return format_money(self.amount)


@dataclass(frozen=True)
class SessionCost:
    session: str  # "Phiên họp 12/03/2024"
    lines: Sequence[CostLine]

    @property
    def total(self) -> int:
        return sum(line.amount for line in self.lines)

    @property
    def total_text(self) -> str:
        return format_money(self.total)


def costs_total(costs: Sequence[SessionCost]) -> int:
    return sum(cost.total for cost in costs)


def costs_xlsx(title: str, costs: Sequence[SessionCost]) -> bytes:
    """Meeting allowances (chair, members, water per participant), one block per session, with the total."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Chi phí họp"
    sheet.append([title])
    sheet["A1"].font = Font(bold=True)
    sheet.append(["Phiên họp", "Khoản chi", "Số người", "Mức (đồng)", "Thành tiền (đồng)"])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for cost in costs:
        for line in cost.lines:
            sheet.append([cost.session, line.label, line.people, line.rate, line.amount])
        sheet.append([cost.session, "Cộng", None, None, cost.total])
    total = costs_total(costs)
    sheet.append(["Tổng cộng", None, None, None, total])
    sheet.append([amount_in_words_sentence(total)])
    _widths(sheet, [28, 22, 10, 14, 18])
    return _save(workbook)


# --- Mẫu 07 / 08: half-yearly reports --------------------------------------------------------------


@dataclass(frozen=True)
class ReportColumn:
    key: str
    label: str


# Art 11 asks for the results of the determination work; the official row structure of Mẫu 07/08 was
# not found (forms.md §4), so the columns are the quantities the articles name, in this order.
REPORT_COLUMNS: tuple[ReportColumn, ...] = (
    ReportColumn("requests", "Số đơn đề nghị tiếp nhận"),
    ReportColumn("first", "Xác định lần đầu"),
    ReportColumn("redetermine", "Xác định lại"),
    ReportColumn("exchange", "Cấp đổi"),
    ReportColumn("reissue", "Cấp lại"),
    ReportColumn("on_time", "Giải quyết đúng hạn"),
    ReportColumn("late", "Giải quyết quá hạn"),
    ReportColumn("open", "Đang giải quyết cuối kỳ"),
    ReportColumn("sessions", "Số phiên họp Hội đồng"),
    ReportColumn("assessed", "Số người được Hội đồng kết luận"),
    ReportColumn("especially_severe", "Đặc biệt nặng"),
    ReportColumn("severe", "Nặng"),
    ReportColumn("mild", "Nhẹ"),
    ReportColumn("not_disabled", "Không khuyết tật"),
    ReportColumn("no_conclusion", "Không kết luận được"),
    ReportColumn("complaints", "Số khiếu nại, kiến nghị"),
    ReportColumn("escalated", "Chuyển Hội đồng Giám định y khoa"),
    ReportColumn("certificates", "Số giấy xác nhận đã cấp"),
    ReportColumn("revoked", "Số giấy đã thu hồi"),
    ReportColumn("valid", "Giấy còn giá trị cuối kỳ"),
    ReportColumn("trained", "Thành viên được tập huấn"),
    ReportColumn("cost", "Kinh phí họp Hội đồng (đồng)"),
)


@dataclass(frozen=True)
class ReportRow:
    label: str  # the commune (Mẫu 08) or the reporting commune itself (Mẫu 07)
    values: dict[str, int] = field(default_factory=dict)

    def value(self, key: str) -> int:
        return int(self.values.get(key, 0))


@dataclass(frozen=True)
class ReportDoc:
    form: str  # "07" (commune) or "08" (district)
    issuer_parent: str  # "UBND huyện Lục Nam" / "UBND tỉnh Bắc Giang"
    issuer: str  # "UBND Thị trấn Đồi Ngô" / "Phòng Lao động - Thương binh và Xã hội"
    place: str
    signed_on: date
    period: str  # "6 tháng đầu năm 2024"
    rows: Sequence[ReportRow]
    recipients: Sequence[str]
    signer_title: str
    signer_name: str

    @property
    def title(self) -> str:
        return "Báo cáo công tác xác định mức độ khuyết tật"

    def totals(self) -> dict[str, int]:
        return {column.key: sum(row.value(column.key) for row in self.rows) for column in REPORT_COLUMNS}


def report_xlsx(doc: ReportDoc) -> bytes:
    """Mẫu 07 / 08 as a workbook: one row per commune (or the commune itself) and a total row."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = f"Mẫu {doc.form}"
    sheet.append([f"Mẫu số {doc.form}", doc.issuer])
    sheet.append([f"{doc.title.upper()} {doc.period.upper()}"])
    sheet["A2"].font = Font(bold=True)
    sheet.append([])
    sheet.append(["STT", "Đơn vị", *(column.label for column in REPORT_COLUMNS)])
    for cell in sheet[4]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    for index, row in enumerate(doc.rows, start=1):
        sheet.append([index, row.label, *(row.value(column.key) for column in REPORT_COLUMNS)])
    totals = doc.totals()
    sheet.append([None, "Tổng cộng", *(totals[column.key] for column in REPORT_COLUMNS)])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    _widths(sheet, [6, 28, *([14] * len(REPORT_COLUMNS))])
    return _save(workbook)


def report_pdf(doc: ReportDoc) -> bytes:
    context = {
        "doc": doc,
        "columns": REPORT_COLUMNS,
        "rows": [(row.label, [row.value(column.key) for column in REPORT_COLUMNS]) for row in doc.rows],
        "totals": [doc.totals()[column.key] for column in REPORT_COLUMNS],
        "issuer_parent": doc.issuer_parent,
        "issuer": doc.issuer,
        "number": "",
        "place": doc.place,
        "signed_on": doc.signed_on,
        "title": doc.title,
        "recipients": doc.recipients,
        "signer_title_prefix": "",
        "signer_title": doc.signer_title,
        "signer_name": doc.signer_name,
        "cost_text": format_money(doc.totals()["cost"]),
    }
    return render_pdf("disability/print/report.html", context)


def _widths(sheet: Any, widths: Sequence[int]) -> None:
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width


def _save(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
