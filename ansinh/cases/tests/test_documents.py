"""Decision, posting and declaration documents read back from DOCX (python-docx) and PDF (pypdf)."""

from __future__ import annotations

from datetime import date

import pytest

from ansinh.cases.documents import (
    DecisionDocument,
    DecisionRow,
    DeclarationDocument,
    DeclarationItem,
    DeclarationSection,
    PostingDocument,
    PostingLine,
    amount_sentence,
    decision_docx,
    decision_pdf,
    declaration_pdf,
    posting_pdf,
)
from tests.readback import collapsed, docx_document, docx_text, pdf_text, table_rows

pytestmark = pytest.mark.usefixtures("before_the_reform")  # the district flow (conftest)

LINE = DecisionRow(
    full_name="Nguyễn Thị Được",
    birth="1940",
    address="Thôn Chùa, Thị trấn Đồi Ngô",
    category="5.5a",
    coefficient="2,0",
    amount=1_000_000,
)


def _decision(lines: tuple[DecisionRow, ...] = (LINE,)) -> DecisionDocument:
    return DecisionDocument(
        issuer_parent="UBND tỉnh Bắc Giang",
        issuer="Ủy ban nhân dân huyện Lục Nam",
        number="12/QĐ-UBND",
        place="Lục Nam",
        signed_on=date(2024, 8, 5),
        subject="Về việc trợ cấp xã hội hàng tháng",
        authority="Chủ tịch Ủy ban nhân dân huyện Lục Nam",
        legal_bases=("Căn cứ Nghị định số 20/2021/NĐ-CP ngày 15/3/2021 của Chính phủ;",),
        articles=(
            f"Điều 1. Trợ cấp xã hội hàng tháng cho bà Nguyễn Thị Được, mức {amount_sentence(1_000_000)}, "
            "kể từ tháng 08/2024.",
            "Điều 2. Quyết định có hiệu lực kể từ ngày ký.",
        ),
        lines=lines,
        effective_month="08/2024",
        recipients=("Như Điều 3", "Lưu: VT"),
        signer_title_prefix="KT. CHỦ TỊCH",
        signer_title="PHÓ CHỦ TỊCH",
        signer_name="Trần Văn Ký",
    )


def test_single_decision_docx_reads_back():
    text = docx_text(decision_docx(_decision()))
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "Số: 12/QĐ-UBND" in text
    assert "Lục Nam, ngày 05 tháng 08 năm 2024" in text
    assert "Nguyễn Thị Được" in text
    assert "1.000.000 đồng (Một triệu đồng)" in text
    assert "tháng 08/2024" in text
    assert "Trần Văn Ký" in text
    assert "Nơi nhận:" in text


def test_batch_decision_lists_every_person():
    second = DecisionRow("Lê Văn Hai", "1938", "Thôn Chùa", "5.5a", "2,0", 1_000_000)
    content = decision_docx(_decision((LINE, second)))
    text = docx_text(content)
    assert "DANH SÁCH KÈM THEO" in text
    assert "Lê Văn Hai" in text
    table = docx_document(content).tables[1]
    assert table_rows(table)[2][1:3] == ["Lê Văn Hai", "1938"]
    pdf = pdf_text(decision_pdf(_decision((LINE, second))))
    assert "Lê Văn Hai" in pdf
    assert "1.000.000 đ" in pdf


def test_decision_pdf_reads_back():
    text = pdf_text(decision_pdf(_decision()))
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Số: 12/QĐ-UBND" in text
    assert "ngày 05 tháng 08 năm 2024" in text
    assert "Nguyễn Thị Được" in text
    assert "1.000.000 đồng" in text
    assert "08/2024" in text


def test_posting_list_shows_birth_year_only():
    document = PostingDocument(
        issuer_parent="UBND huyện Lục Nam",
        issuer="UBND thị trấn Đồi Ngô",
        place="Đồi Ngô",
        signed_on=date(2024, 8, 1),
        starts_on=date(2024, 8, 1),
        ends_on=date(2024, 8, 2),
        lines=(PostingLine("Nguyễn Thị Được", "1940", "Thôn Chùa", "Trợ cấp xã hội hàng tháng"),),
    )
    text = pdf_text(posting_pdf(document))
    assert "DANH SÁCH NIÊM YẾT CÔNG KHAI" in text.upper()
    assert "Nguyễn Thị Được" in text and "1940" in text
    assert "02/08/2024" in text


def test_declaration_print_reads_back():
    document = DeclarationDocument(
        form_code="1d",
        title="Tờ khai đề nghị trợ giúp xã hội",
        subtitle="(Áp dụng đối với đối tượng quy định tại khoản 5 Điều 5)",
        sections=(
            DeclarationSection(
                "THÔNG TIN CỦA ĐỐI TƯỢNG",
                (DeclarationItem("Họ và tên", "NGUYỄN THỊ ĐƯỢC"), DeclarationItem("Có thẻ BHYT không?", "Có")),
            ),
        ),
        declared_on=date(2024, 7, 1),
        person_name="Nguyễn Thị Được",
        commune_name="thị trấn Đồi Ngô",
    )
    text = pdf_text(declaration_pdf(document))
    assert "Mẫu số 1d" in text
    assert "NGUYỄN THỊ ĐƯỢC" in text
    assert "XÁC NHẬN CỦA ỦY BAN NHÂN DÂN CẤP XÃ" in text


# --- From a signed decision in the database -----------------------------------------------------


@pytest.mark.django_db
def test_a_signed_grant_reads_back_from_docx_and_pdf(actors, lucnam, today_is):
    from ansinh.cases.documents import decision_document
    from ansinh.cases.tests.factories import elderly_poor, grant_until, open_grant

    today_is(date(2025, 6, 16))  # the district chair signs until 30/06/2025 (from 01/07/2025 an archive)
    person = elderly_poor(actors, lucnam.doi_ngo, name="Vũ Thị Già")
    dossier = grant_until(open_grant(actors, person, declaration={"poor_household": True}), actors, "decide")
    decision = dossier.decision
    line = decision.lines.get()
    document = decision_document(decision)
    assert (decision.issued_on, decision.effective_month, line.amount) == (
        date(2025, 6, 16),
        date(2025, 6, 1),
        1_000_000,
    )
    for text in (docx_text(decision_docx(document)), pdf_text(decision_pdf(document))):
        assert f"Số: {decision.number}" in text
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
        assert "Độc lập - Tự do - Hạnh phúc" in text
        assert "ỦY BAN NHÂN DÂN" in text and "HUYỆN LỤC NAM" in text
        assert "Vũ Thị Già" in text
        assert "1.000.000 đồng" in text
        assert "kể từ tháng 06/2025" in text
        assert "ngày 16 tháng 06 năm 2025" in text
        assert "Nơi nhận" in text


@pytest.mark.django_db
def test_the_posting_never_shows_the_category(actors, lucnam):
    from ansinh.cases.documents import posting_line
    from ansinh.cases.tests.factories import elderly_poor, open_grant

    person = elderly_poor(actors, lucnam.doi_ngo, name="Vũ Thị Già", born=date(1940, 5, 6))
    line = posting_line(open_grant(actors, person, category="5.8"))
    assert line == PostingLine("Vũ Thị Già", "1940", "", "Đề nghị hưởng trợ cấp xã hội hàng tháng")


@pytest.mark.django_db
def test_a_signed_grant_cites_each_legal_basis_once(actors, lucnam):
    from ansinh.cases.documents import decision_document
    from ansinh.cases.tests.factories import elderly_poor, grant_until, open_grant

    person = elderly_poor(actors, lucnam.doi_ngo, name="Vũ Thị Già")
    dossier = grant_until(open_grant(actors, person, declaration={"poor_household": True}), actors, "decide")
    assert "20/2021/NĐ-CP" in dossier.decision.legal_basis
    document = decision_document(dossier.decision)
    for text in (docx_text(decision_docx(document)), pdf_text(decision_pdf(document))):
        bases = [collapsed(part).split(";")[0] for part in text.split("Căn cứ ")[1:]]
        assert len(bases) == len(set(bases)) == 2
        assert text.count("Căn cứ Nghị định số 20/2021/NĐ-CP") == 1


def test_a_basis_naming_another_document_is_kept():
    from ansinh.cases.documents import LEGAL_BASES, legal_bases

    assert legal_bases("") == LEGAL_BASES
    assert legal_bases("NĐ 20/2021/NĐ-CP, Điều 8") == LEGAL_BASES
    assert legal_bases("Nghị định số 76/2024/NĐ-CP;") == (*LEGAL_BASES, "Căn cứ Nghị định số 76/2024/NĐ-CP;")
