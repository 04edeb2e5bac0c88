"""Printable documents of a dossier: the decision (DOCX and PDF in the layout of NĐ 30/2020/NĐ-CP
Appendix I: issuing body and number on the left, national motto and place/date on the right, title,
legal bases, articles, recipients and signature), the public posting list (NĐ 20/2021 Art 8(1)(b):
no ID number, birth year only, never HIV information) and the print of a filled declaration form.

The builders take plain data (the dataclasses below) so the layout is tested without a database;
the functions at the end map dossiers, postings and decisions onto them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from datetime import date
from io import BytesIO
from typing import Any

from docx import Document as new_docx
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph

from ansinh.accounts.models import Office
from ansinh.cases.declarations import FormSpec
from ansinh.cases.models import (
    Decision,
    DecisionKind,
    DecisionStatus,
    Dossier,
    DossierKind,
    Posting,
    Proposal,
    ProposalEntry,
)
from ansinh.cases.models import DecisionLine as DecisionLineRecord
from ansinh.cases.workflow import POSTED_FLOWS
from ansinh.core.access import OfficeKind
from ansinh.core.printing import render_pdf
from ansinh.registry.models import Person
from ansinh.rules.calculator import category_for_outsiders
from ansinh.rules.formatting import amount_in_words_sentence, format_coefficient, format_money
from ansinh.territory.models import AdministrativeUnit

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
NATIONAL_MOTTO = "Độc lập - Tự do - Hạnh phúc"
DECISION_HEADINGS = ("TT", "Họ và tên", "Năm sinh", "Nơi cư trú", "Diện hưởng", "Hệ số", "Mức hưởng (đồng/tháng)")
PROPOSAL_HEADINGS = (
    "TT",
    "Họ và tên",
    "Năm sinh",
    "Nơi cư trú",
    "Nội dung đề nghị",
    "Diện",
    "Hệ số",
    "Mức đề nghị (đồng/tháng)",
)


@dataclass(frozen=True, kw_only=True)
class Letterhead:
    """What the header and the signature block of an administrative document print (NĐ 30/2020)."""

    issuer_parent: str
    issuer: str
    number: str
    place: str
    signed_on: date
    recipients: tuple[str, ...]
    signer_title_prefix: str
    signer_title: str
    signer_name: str
    title: str

    def context(self) -> dict[str, Any]:
        """The template context of templates/print/official.html."""
        return {**{item.name: getattr(self, item.name) for item in fields(Letterhead)}, "document": self}


@dataclass(frozen=True)
class DecisionRow:
    """One person in a decision (a single decision has one line, a batch decision many)."""

    full_name: str
    birth: str
    address: str
    category: str
    coefficient: str = ""
    amount: int | None = None
    note: str = ""

    @property
    def amount_display(self) -> str:
        return format_money(self.amount) if self.amount is not None else ""


@dataclass(frozen=True, kw_only=True)
class DecisionDocument(Letterhead):
    subject: str
    authority: str
    legal_bases: tuple[str, ...]
    articles: tuple[str, ...]
    lines: tuple[DecisionRow, ...]
    effective_month: str
    title: str = "QUYẾT ĐỊNH"

    @property
    def is_batch(self) -> bool:
        return len(self.lines) > 1


@dataclass(frozen=True, kw_only=True)
class ProposalDocument(Letterhead):
    """The commune's proposal (tờ trình) to the labour office, with its list of dossiers."""

    subject: str
    addressee: str
    paragraphs: tuple[str, ...]
    lines: tuple[DecisionRow, ...]
    title: str = "TỜ TRÌNH"


@dataclass(frozen=True)
class PostingLine:
    """A person on the posting list: masked (no ID number, birth year only), no HIV information."""

    full_name: str
    birth_year: str
    village: str
    proposal: str


@dataclass(frozen=True)
class PostingDocument:
    issuer_parent: str
    issuer: str
    place: str
    signed_on: date
    starts_on: date
    ends_on: date
    lines: tuple[PostingLine, ...]
    signer_title: str = "CHỦ TỊCH"
    signer_name: str = ""


@dataclass(frozen=True)
class DeclarationItem:
    label: str
    value: str


@dataclass(frozen=True)
class DeclarationSection:
    heading: str
    items: tuple[DeclarationItem, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class DeclarationDocument:
    form_code: str
    title: str
    subtitle: str
    sections: tuple[DeclarationSection, ...]
    declared_on: date | None
    person_name: str
    commune_name: str


# --- Decision: PDF ------------------------------------------------------------------------------


def decision_pdf(document: DecisionDocument) -> bytes:
    return render_pdf("cases/print/decision.html", document.context())


# --- Decision: DOCX -----------------------------------------------------------------------------


def _set_font(paragraph: Paragraph, *, size: float = 13, bold: bool = False, italic: bool = False) -> None:
    for run in paragraph.runs:
        run.font.name = "Times New Roman"
        run.font.size = Pt(size)
        run.font.bold = bold
        run.font.italic = italic


def _cell_line(cell: _Cell, text: str, *, first: bool = False, **style: Any) -> Paragraph:
    paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
    paragraph.text = text
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_after = Pt(0)
    _set_font(paragraph, **style)
    return paragraph


def _paragraph(
    docx: Any, text: str, *, align: int = WD_ALIGN_PARAGRAPH.JUSTIFY, indent: bool = True, **style: Any
) -> Paragraph:
    paragraph = docx.add_paragraph(text)
    paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(6)
    if indent:
        paragraph.paragraph_format.first_line_indent = Cm(1)
    _set_font(paragraph, **style)
    return paragraph


def _header(docx: Any, document: Letterhead) -> None:
    table = docx.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = table.rows[0].cells
    left.width, right.width = Cm(6.5), Cm(9.5)
    _cell_line(left, document.issuer_parent.upper(), first=True)
    _cell_line(left, document.issuer.upper(), bold=True)
    _cell_line(left, "———")
    _cell_line(left, f"Số: {document.number}")
    _cell_line(right, NATIONAL_NAME, first=True, bold=True)
    _cell_line(right, NATIONAL_MOTTO, bold=True, size=14)
    _cell_line(right, "———————————")
    place = _cell_line(right, f"{document.place}, {date_in_words(document.signed_on)}", italic=True)
    place.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _lines_table(docx: Any, headings: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
    table = docx.add_table(rows=1, cols=len(headings))
    table.style = "Table Grid"
    for cell, heading in zip(table.rows[0].cells, headings, strict=True):
        _cell_line(cell, heading, first=True, bold=True, size=11)
    for index, values in enumerate(rows, start=1):
        for cell, value in zip(table.add_row().cells, (str(index), *values), strict=True):
            _cell_line(cell, value, first=True, size=11)


def _decision_values(line: DecisionRow) -> tuple[str, ...]:
    return (line.full_name, line.birth, line.address, line.category, line.coefficient, line.amount_display)


def _proposal_values(line: DecisionRow) -> tuple[str, ...]:
    return (line.full_name, line.birth, line.address, line.note, line.category, line.coefficient, line.amount_display)


def _footer(docx: Any, document: Letterhead) -> None:
    table = docx.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    recipients = _cell_line(left, "Nơi nhận:", first=True, bold=True, italic=True, size=12)
    recipients.alignment = WD_ALIGN_PARAGRAPH.LEFT
    for recipient in document.recipients:
        line = _cell_line(left, f"- {recipient};", size=11)
        line.alignment = WD_ALIGN_PARAGRAPH.LEFT
    _cell_line(right, document.signer_title_prefix, first=True, bold=True)
    _cell_line(right, document.signer_title, bold=True)
    for _blank in range(4):
        _cell_line(right, "")
    _cell_line(right, document.signer_name, bold=True)


def _new_a4() -> Any:
    """An A4 page with NĐ 30/2020's margins (top and bottom 2 cm, left 3 cm, right 1.5 cm)."""
    docx = new_docx()
    section = docx.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(1.5)
    return docx


def _docx_bytes(docx: Any) -> bytes:
    buffer = BytesIO()
    docx.save(buffer)
    return buffer.getvalue()


def decision_docx(document: DecisionDocument) -> bytes:
    docx = _new_a4()
    _header(docx, document)
    _paragraph(docx, document.title, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, bold=True, size=14)
    _paragraph(docx, document.subject, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, bold=True)
    _paragraph(docx, document.authority.upper(), align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, bold=True)
    for basis in document.legal_bases:
        _paragraph(docx, basis, italic=True)
    _paragraph(docx, "QUYẾT ĐỊNH:", align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, bold=True)
    for article in document.articles:
        _paragraph(docx, article)
    if document.is_batch:
        _paragraph(docx, "DANH SÁCH KÈM THEO", align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, bold=True)
        _lines_table(docx, DECISION_HEADINGS, [_decision_values(line) for line in document.lines])
    _footer(docx, document)
    return _docx_bytes(docx)


# --- Proposal (tờ trình): PDF and DOCX ------------------------------------------------------------


def proposal_pdf(document: ProposalDocument) -> bytes:
    return render_pdf("cases/print/proposal.html", document.context())


def proposal_docx(document: ProposalDocument) -> bytes:
    docx = _new_a4()
    _header(docx, document)
    _paragraph(docx, document.title, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, bold=True, size=14)
    _paragraph(docx, document.subject, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, bold=True)
    _paragraph(docx, document.addressee, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    for text in document.paragraphs:
        _paragraph(docx, text)
    _footer(docx, document)
    docx.add_page_break()
    _paragraph(docx, "DANH SÁCH KÈM THEO", align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, bold=True)
    _paragraph(
        docx,
        f"(Kèm theo Tờ trình số {document.number} {date_in_words(document.signed_on)})",
        align=WD_ALIGN_PARAGRAPH.CENTER,
        indent=False,
        italic=True,
    )
    _lines_table(docx, PROPOSAL_HEADINGS, [_proposal_values(line) for line in document.lines])
    return _docx_bytes(docx)


# --- Posting list and declaration print -------------------------------------------------------


def posting_pdf(document: PostingDocument) -> bytes:
    return render_pdf("cases/print/posting.html", {"document": document, "title": "Danh sách niêm yết công khai"})


def declaration_pdf(document: DeclarationDocument) -> bytes:
    return render_pdf("cases/print/declaration.html", {"document": document, "title": document.title})


# --- Wording shared by the documents -----------------------------------------------------------


def date_in_words(day: date) -> str:
    """NĐ 30/2020 Appendix I: "ngày 05 tháng 03 năm 2024"."""
    return f"ngày {day:%d} tháng {day:%m} năm {day:%Y}"


def amount_sentence(amount: int) -> str:
    """ "1.250.000 đồng (Một triệu hai trăm năm mươi nghìn đồng)"."""
    return f"{format_money(amount).removesuffix(' đ')} đồng ({amount_in_words_sentence(amount)})"


# --- From the records to the documents ----------------------------------------------------------

LEGAL_BASES = (
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015; Luật sửa đổi, bổ sung một số điều "
    "của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương ngày 22 tháng 11 năm 2019;",
    "Căn cứ Nghị định số 20/2021/NĐ-CP ngày 15 tháng 3 năm 2021 của Chính phủ quy định chính sách trợ giúp "
    "xã hội đối với đối tượng bảo trợ xã hội;",
)
# A legal document's number, as "20/2021/NĐ-CP" or "02/2021/TT-BLĐTBXH".
DOCUMENT_NUMBER = re.compile(r"\d+/\d{4}/[^\s,;]+")


def legal_bases(basis: str) -> tuple[str, ...]:
    """The "Căn cứ" lines of a decision: the standing ones, then the decision's own basis unless
    every document it names is already cited (a grant's NĐ 20/2021 is cited once)."""
    cited = {number for line in LEGAL_BASES for number in DOCUMENT_NUMBER.findall(line)}
    named = set(DOCUMENT_NUMBER.findall(basis))
    if not basis.strip() or (named and named <= cited):
        return LEGAL_BASES
    return (*LEGAL_BASES, f"Căn cứ {basis.strip().rstrip(';.')};")


SUBJECTS = {
    DecisionKind.GRANT: "Về việc trợ cấp xã hội hàng tháng",
    DecisionKind.ADJUST: "Về việc điều chỉnh mức trợ cấp xã hội hàng tháng",
    DecisionKind.SUSPEND: "Về việc tạm dừng trợ cấp xã hội hàng tháng",
    DecisionKind.RESUME: "Về việc tiếp tục thực hiện trợ cấp xã hội hàng tháng",
    DecisionKind.STOP: "Về việc thôi hưởng trợ cấp xã hội hàng tháng",
    DecisionKind.MOVE: "Về việc chuyển nơi hưởng trợ cấp xã hội hàng tháng",
    DecisionKind.FUNERAL: "Về việc hỗ trợ chi phí mai táng",
    DecisionKind.CREMATION: "Về việc hỗ trợ chi phí hỏa táng",
    DecisionKind.EDUCATION: "Về việc hỗ trợ học tập cho học sinh, sinh viên",
    DecisionKind.EMERGENCY: "Về việc hỗ trợ khẩn cấp",
    DecisionKind.PENSION: "Về việc chuyển sang hưởng trợ cấp hưu trí xã hội hằng tháng",
}
# What Article 1 orders, by kind ("{who}" is the person or "các ông (bà) có tên trong danh sách kèm theo").
ARTICLE_ONE = {
    DecisionKind.GRANT: "Trợ cấp xã hội hàng tháng đối với {who}",
    DecisionKind.ADJUST: "Điều chỉnh mức trợ cấp xã hội hàng tháng đối với {who}",
    DecisionKind.SUSPEND: "Tạm dừng trợ cấp xã hội hàng tháng đối với {who}",
    DecisionKind.RESUME: "Tiếp tục thực hiện trợ cấp xã hội hàng tháng (truy lĩnh thời gian tạm dừng) cho {who}",
    DecisionKind.STOP: "Thôi hưởng trợ cấp xã hội hàng tháng đối với {who}",
    DecisionKind.MOVE: "Chuyển nơi hưởng trợ cấp xã hội hàng tháng đối với {who}",
    DecisionKind.FUNERAL: "Hỗ trợ chi phí mai táng cho {who}",
    DecisionKind.CREMATION: "Hỗ trợ chi phí hỏa táng cho {who} (người tổ chức hỏa táng nhận)",
    DecisionKind.EDUCATION: "Hỗ trợ học tập năm học cho {who}",
    DecisionKind.PENSION: "Chuyển sang hưởng trợ cấp hưu trí xã hội hằng tháng đối với {who}",
}
ONE_OFF_DECISIONS = frozenset({DecisionKind.FUNERAL, DecisionKind.CREMATION, DecisionKind.EDUCATION})


def _issuer_of(office: Office | None, commune: AdministrativeUnit) -> tuple[str, str, str]:
    """(issuer_parent, issuer, place) as NĐ 30/2020 Appendix I prints them for a People's Committee
    ("ỦY BAN NHÂN DÂN / HUYỆN LỤC NAM") or an office under it ("UBND HUYỆN LỤC NAM / PHÒNG …")."""
    if office is None:
        return "ỦY BAN NHÂN DÂN", commune.full_name, commune.name
    unit = office.territory
    if office.kind in {OfficeKind.DISTRICT_COMMITTEE, OfficeKind.COMMUNE}:
        return "ỦY BAN NHÂN DÂN", unit.full_name, unit.name
    return f"UBND {unit.full_name}", office.name, unit.name


def _issuer(decision: Decision) -> tuple[str, str, str]:
    return _issuer_of(decision.issuing_office, decision.commune)


def _signature(title: str, name: str) -> tuple[str, str, str]:
    """(prefix, title, name): a vice-chair signs "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH" (NĐ 30/2020 Art 13)."""
    title = title.strip()
    if title.lower().startswith("phó"):
        return "KT. CHỦ TỊCH", title.upper(), name
    return "TM. ỦY BAN NHÂN DÂN", (title or "Chủ tịch").upper(), name


def _signer(decision: Decision) -> tuple[str, str, str]:
    signer = decision.signed_by
    name = decision.signer_name or (getattr(signer, "full_name", "") if signer else "")
    return _signature(getattr(signer, "title", "") or "", name)


def _honorific(person: Person) -> str:
    return "ông" if person.sex == "male" else "bà"


def decision_row(line: DecisionLineRecord) -> DecisionRow:
    person = line.person
    village = person.village.name if person.village_id and person.village else ""
    return DecisionRow(
        full_name=person.full_name,
        birth=person.birth_display,
        address=", ".join(part for part in (village, person.commune.full_name) if part),
        category=line.category_code,
        coefficient=format_coefficient(line.coefficient) if line.coefficient is not None else "",
        amount=line.amount or None,
        note=line.note,
    )


def _article_one(decision: Decision, rows: tuple[DecisionRow, ...], month: str) -> str:
    if decision.kind == DecisionKind.EMERGENCY:
        # households of the village lists, not people of the register: the list is the round's (supports app)
        return f"Điều 1. Hỗ trợ khẩn cấp cho các hộ gia đình, cá nhân có tên trong danh sách kèm theo: {decision.body}"
    pattern = ARTICLE_ONE.get(DecisionKind(decision.kind), ARTICLE_ONE[DecisionKind.GRANT])
    if len(rows) != 1:
        who = f"{len(rows)} người có tên trong danh sách kèm theo"
        return f"Điều 1. {pattern.format(who=who)}, kể từ tháng {month}."
    row, line = rows[0], decision.lines.select_related("person").first()
    honorific = _honorific(line.person) if line else "ông (bà)"
    who = f"{honorific} {row.full_name}, sinh {row.birth}, cư trú tại {row.address}"
    parts = [pattern.format(who=who)]
    if row.category:
        parts.append(f"diện {row.category}" + (f", hệ số {row.coefficient}" if row.coefficient else ""))
    if row.amount:
        label = "số tiền" if decision.kind in ONE_OFF_DECISIONS else "mức trợ cấp hàng tháng"
        parts.append(f"{label} {amount_sentence(row.amount)}")
    text = "; ".join(parts)
    return f"Điều 1. {text}; kể từ tháng {month}." if decision.kind not in ONE_OFF_DECISIONS else f"Điều 1. {text}."


def decision_document(decision: Decision) -> DecisionDocument:
    lines = decision.lines.select_related("person__commune", "person__village").order_by("pk")
    rows = tuple(decision_row(line) for line in lines)
    issuer_parent, issuer, place = _issuer(decision)
    prefix, signer_title, signer_name = _signer(decision)
    month = f"{decision.effective_month:%m/%Y}"
    commune = decision.commune.full_name
    bases = legal_bases(decision.legal_basis)
    if decision.kind == DecisionKind.PENSION:  # the commune chair's own decision (cases/pension.py)
        bases += ("Xét đề nghị của công chức Văn hóa - Xã hội Ủy ban nhân dân xã.",)
    else:
        bases += ("Xét đề nghị của Trưởng phòng Lao động - Thương binh và Xã hội.",)
    number = decision.number if decision.status == DecisionStatus.SIGNED else "      /QĐ-UBND"
    return DecisionDocument(
        issuer_parent=issuer_parent,
        issuer=issuer,
        number=number,
        place=place,
        signed_on=decision.issued_on,
        subject=decision.title or SUBJECTS.get(DecisionKind(decision.kind), ""),
        authority=f"CHỦ TỊCH {issuer_parent} {issuer}".upper(),
        legal_bases=bases,
        articles=(
            _article_one(decision, rows, month),
            f"Điều 2. Phòng Lao động - Thương binh và Xã hội, Ủy ban nhân dân {commune} thực hiện chi trả và "
            "quản lý đối tượng theo quy định.",
            "Điều 3. Quyết định có hiệu lực kể từ ngày ký. Chánh Văn phòng HĐND và UBND, Trưởng phòng Lao động - "
            f"Thương binh và Xã hội, Chủ tịch Ủy ban nhân dân {commune} và các cá nhân có tên tại Điều 1 chịu "
            "trách nhiệm thi hành Quyết định này.",
        ),
        lines=rows,
        effective_month=month,
        recipients=("Như Điều 3", "Lưu: VT, LĐTBXH"),
        signer_title_prefix=prefix,
        signer_title=signer_title,
        signer_name=signer_name,
    )


def posting_line(dossier: Dossier) -> PostingLine:
    """Masked for the public (NĐ 20/2021 Art 8(1)(b)): name, birth year and village only; the
    proposal names the kind of support, never the category, so HIV (5.3, 5.8) is never shown."""
    person = dossier.person
    return PostingLine(
        full_name=person.full_name,
        birth_year=str(person.birth_year),
        village=person.village.name if person.village_id and person.village else "",
        proposal=str(dossier.get_kind_display()),
    )


def posting_lines(posting: Posting) -> tuple[PostingLine, ...]:
    entries = posting.entries.select_related("dossier__person__village").order_by("pk")
    return tuple(posting_line(entry.dossier) for entry in entries)


def posting_document(posting: Posting) -> PostingDocument:
    commune = posting.commune
    parent = commune.parent.full_name if commune.parent_id and commune.parent else ""
    return PostingDocument(
        issuer_parent=f"UBND {parent}" if parent else "",
        issuer=f"UBND {commune.full_name}",
        place=commune.name,
        signed_on=posting.starts_on,
        starts_on=posting.starts_on,
        ends_on=posting.ends_on,
        lines=posting_lines(posting),
    )


def printed_value(value: object) -> str:
    """An answer as printed: Có/Không, dd/mm/yyyy, a table one row per line."""
    if value in ("yes", True):
        return "Có"
    if value in ("no", False):
        return "Không"
    if isinstance(value, list):
        return "; ".join(_printed_row(row) for row in value)
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        return f"{value[8:10]}/{value[5:7]}/{value[0:4]}"
    return "" if value is None else str(value)


def _printed_row(row: object) -> str:
    if isinstance(row, dict):
        return ", ".join(printed_value(cell) for cell in row.values() if cell not in (None, ""))
    return printed_value(row)


def declaration_document(dossier: Dossier, spec: FormSpec) -> DeclarationDocument:
    """The filled form as printed: the fields of `spec` (cases/declarations.py) grouped by their
    section, with the dossier's answers. Sensitive answers (HIV) are printed only on the person's
    own form, which is not posted."""
    values = dossier.declaration or {}
    sections: dict[str, list[DeclarationItem]] = {}
    for field_spec in spec.fields:
        item = DeclarationItem(field_spec.label, printed_value(values.get(field_spec.key)))
        sections.setdefault(field_spec.section, []).append(item)
    declared = values.get("declared_on")
    return DeclarationDocument(
        form_code=dossier.form_code,
        title=spec.title,
        subtitle=f"(Áp dụng đối với: {spec.applies_to})",
        sections=tuple(DeclarationSection(heading, tuple(items)) for heading, items in sections.items()),
        declared_on=date.fromisoformat(declared) if isinstance(declared, str) and declared else None,
        person_name=dossier.person.full_name,
        commune_name=dossier.commune.full_name,
    )


# --- Proposal (tờ trình) from the records -------------------------------------------------------------

PROPOSAL_WHAT = {
    DossierKind.GRANT: "Hưởng trợ cấp xã hội hàng tháng",
    DossierKind.ADJUST: "Điều chỉnh mức trợ cấp",
    DossierKind.SUSPEND: "Tạm dừng trợ cấp",
    DossierKind.RESUME: "Tiếp tục hưởng trợ cấp",
    DossierKind.STOP: "Thôi hưởng trợ cấp",
    DossierKind.MOVE: "Chuyển nơi hưởng trợ cấp",
    DossierKind.FUNERAL: "Hỗ trợ chi phí mai táng",
    DossierKind.CREMATION: "Hỗ trợ chi phí hỏa táng",
}


def _proposal_row(entry: ProposalEntry) -> DecisionRow:
    """A dossier as the proposal lists it. The category is printed as outsiders may read it: the
    proposal passes through the commune's and the district's registries (5.3 and 5.8 tell HIV)."""
    dossier = entry.dossier
    person = dossier.person
    village = person.village.name if person.village_id and person.village else ""
    return DecisionRow(
        full_name=person.full_name,
        birth=person.birth_display,
        address=", ".join(part for part in (village, dossier.commune.full_name) if part),
        category=category_for_outsiders(entry.category_code) if entry.category_code else "",
        coefficient=format_coefficient(entry.coefficient) if entry.coefficient is not None else "",
        amount=entry.amount,
        note=PROPOSAL_WHAT.get(DossierKind(dossier.kind), dossier.get_kind_display()),
    )


def _proposal_summary(rows: tuple[DecisionRow, ...]) -> list[str]:
    counts: dict[str, int] = {}
    for row in rows:
        counts[row.note] = counts.get(row.note, 0) + 1
    return [f"- {what}: {count} người;" for what, count in counts.items()]


def in_sentence(name: str) -> str:
    """A unit's name inside a sentence: "Huyện Lục Nam" → "huyện Lục Nam" (the kind of unit is not a proper noun)."""
    return name[:1].lower() + name[1:] if name.split(" ", 1)[0] in {"Huyện", "Xã", "Thị", "Phường", "Quận"} else name


def proposal_document(proposal: Proposal) -> ProposalDocument:
    entries = list(proposal.entries.select_related("dossier__person__village", "dossier__commune").order_by("pk"))
    rows = tuple(_proposal_row(entry) for entry in entries)
    posted = any(entry.dossier.flow in POSTED_FLOWS for entry in entries)
    commune_name = in_sentence(proposal.commune.full_name)
    commune = proposal.commune
    district = in_sentence(commune.parent.full_name) if commune.parent_id and commune.parent else ""
    issuer_parent, issuer, place = _issuer_of(proposal.issuing_office, commune)
    prefix, signer_title, signer_name = _signature(proposal.signer_title, proposal.signer_name)
    total = sum(row.amount or 0 for row in rows)
    paragraphs = [
        "Căn cứ Nghị định số 20/2021/NĐ-CP ngày 15 tháng 3 năm 2021 của Chính phủ quy định chính sách trợ giúp "
        "xã hội đối với đối tượng bảo trợ xã hội;",
        f"Căn cứ kết quả xét duyệt{', niêm yết công khai' if posted else ''} hồ sơ tại Ủy ban nhân dân {commune_name};",
        f"Ủy ban nhân dân {commune_name} đề nghị Phòng Lao động - Thương binh và Xã hội thẩm định, trình "
        f"Chủ tịch Ủy ban nhân dân {district or 'huyện'} xem xét, quyết định đối với {len(rows)} hồ sơ, cụ thể:",
        *_proposal_summary(rows),
    ]
    if total:
        paragraphs.append(f"Tổng mức trợ cấp hàng tháng đề nghị: {amount_sentence(total)}.")
    paragraphs += [
        "(Có danh sách và hồ sơ của từng người kèm theo.)",
        f"Ủy ban nhân dân {commune_name} kính trình Phòng Lao động - Thương binh và Xã hội xem xét, giải quyết./.",
    ]
    return ProposalDocument(
        issuer_parent=issuer_parent,
        issuer=issuer,
        number=proposal.number,
        place=place,
        signed_on=proposal.issued_on,
        subject="Về việc đề nghị giải quyết chế độ trợ giúp xã hội",
        addressee=f"Kính gửi: Phòng Lao động - Thương binh và Xã hội {district}".rstrip(),
        paragraphs=tuple(paragraphs),
        lines=rows,
        recipients=("Như trên", "Lưu: VT, LĐTBXH"),
        signer_title_prefix=prefix,
        signer_title=signer_title,
        signer_name=signer_name,
    )
