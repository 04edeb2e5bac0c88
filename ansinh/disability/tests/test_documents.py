"""The printed documents of disability determination read back: PDF (pypdf), DOCX, XLSX."""

from __future__ import annotations

import io
from datetime import date, datetime

import openpyxl
import pypdf
import pytest

from ansinh.disability import documents
from ansinh.disability.documents import (
    CertificateDoc,
    CostLine,
    DutyNoticeDoc,
    InvitationDoc,
    Issuer,
    MinutesCase,
    MinutesDoc,
    MinutesMember,
    ReportDoc,
    ReportRow,
    SchoolConsultationDoc,
    SessionCost,
)
from tests.readback import docx_document, docx_paragraphs, pdf_text, table_rows

ISSUER = Issuer(commune="Thị trấn Đồi Ngô", district="Huyện Lục Nam", province="Tỉnh Bắc Giang", place="Đồi Ngô")
MM = 72 / 25.4


def test_certificate_is_a_66_by_98_mm_card_that_reads_back():
    pdf = documents.certificate_pdf(
        CertificateDoc(
            issuer=ISSUER,
            number="07444-2024-0001",
            issued_on=date(2024, 3, 20),
            full_name="Nguyễn Thị Hường",
            birth_date="12/05/1990",
            sex="Nữ",
            address="Thôn Bến Trăng, Thị trấn Đồi Ngô, Huyện Lục Nam, Tỉnh Bắc Giang",
            disability_type="Khuyết tật vận động",
            level="Khuyết tật nặng",
            chair_name="Trần Văn Chủ",
        )
    )
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 2
    for page in reader.pages:
        assert float(page.mediabox.width) == pytest.approx(66 * MM, abs=0.5)  # 187.1 pt
        assert float(page.mediabox.height) == pytest.approx(98 * MM, abs=0.5)  # 277.8 pt
    text = pdf_text(pdf)
    assert "GIẤY XÁC NHẬN" in text
    assert "Số: 07444-2024-0001" in text
    for expected in ["Nguyễn Thị Hường", "12/05/1990", "Nữ", "Khuyết tật vận động", "Khuyết tật nặng", "Trần Văn Chủ"]:
        assert expected in text
    assert "ngày 20 tháng 03 năm 2024" in text


def minutes_doc() -> MinutesDoc:
    return MinutesDoc(
        issuer=ISSUER,
        starts_at=datetime(2024, 3, 12, 8, 0),
        ends_at=datetime(2024, 3, 12, 10, 30),
        place="Hội trường UBND Thị trấn Đồi Ngô",
        members=[
            MinutesMember("Trần Văn Chủ", "Chủ tịch Hội đồng, chủ trì"),
            MinutesMember("Lê Thị Thư", "Công chức Lao động - Thương binh và Xã hội, thư ký"),
            MinutesMember("Phạm Văn Y", "Trạm trưởng trạm y tế, thành viên"),
        ],
        present=3,
        total=3,
        cases=[
            MinutesCase(
                person_name="Nguyễn Thị Hường",
                sex="Nữ",
                birth_date="12/05/1990",
                address="Thôn Bến Trăng",
                form_name="Mẫu 03",
                score_text="Tổng số điểm: 9 (Nặng)",
                opinions="Thống nhất với kết quả phiếu.",
                votes_type=3,
                type_text="Khuyết tật vận động",
                votes_level=3,
                level_text="Khuyết tật nặng",
                votes_none=0,
                votes_undetermined=0,
                conclusion="type_level",
                conclusion_text="Khuyết tật vận động, mức độ nặng",
            )
        ],
        secretary_name="Lê Thị Thư",
        chair_name="Trần Văn Chủ",
    )


def test_minutes_docx_reads_back():
    content = documents.minutes_docx(minutes_doc())
    text = " ".join(docx_paragraphs(content))
    cells = " ".join(cell for table in docx_document(content).tables for row in table_rows(table) for cell in row)
    assert "HỌP KẾT LUẬN DẠNG KHUYẾT TẬT VÀ MỨC ĐỘ KHUYẾT TẬT" in text
    assert "Hôm nay, vào hồi 8 giờ 00 ngày 12 tháng 03 năm 2024" in text
    assert "Ông (bà) Trần Văn Chủ, Chủ tịch Hội đồng, chủ trì" in text
    assert "Có mặt 3/3 thành viên." in text
    assert "Nguyễn Thị Hường" in text
    assert "Kết luận: Khuyết tật vận động, mức độ nặng" in text
    assert "Cuộc họp kết thúc hồi 10 giờ 30" in text
    assert "Số ý kiến đồng ý" in cells and "CHỦ TỊCH HỘI ĐỒNG" in cells


def test_minutes_pdf_reads_back():
    text = pdf_text(documents.minutes_pdf(minutes_doc()))
    assert "BIÊN BẢN" in text
    assert "HỌP KẾT LUẬN DẠNG KHUYẾT TẬT" in text
    assert "Nguyễn Thị Hường" in text
    assert "Khuyết tật vận động, mức độ nặng" in text
    assert "HỘI ĐỒNG XÁC ĐỊNH MĐKT" in text


def test_invitation_at_home_and_school_consultation_and_duty_notice_read_back():
    invitation = pdf_text(
        documents.invitation_pdf(
            InvitationDoc(
                issuer=ISSUER,
                number="05/GM-HĐ",
                signed_on=date(2024, 3, 5),
                person_name="Nguyễn Thị Hường",
                address="Thôn Bến Trăng",
                starts_at=datetime(2024, 3, 12, 8, 30),
                place="Thôn Bến Trăng",
                at_home=True,
                representative="",
                chair_name="Trần Văn Chủ",
            )
        )
    )
    assert "GIẤY MỜI" in invitation and "8 giờ 30, ngày 12 tháng 03 năm 2024" in invitation
    assert "tại nơi ở của ông (bà)" in invitation
    school = pdf_text(
        documents.school_consultation_pdf(
            SchoolConsultationDoc(
                issuer=ISSUER,
                number="02/HĐ",
                signed_on=date(2024, 3, 1),
                school="Trường THCS Đồi Ngô",
                person_name="Vũ Văn Nam",
                birth_date="01/09/2011",
                sex="Nam",
                address="Tổ dân phố 1",
                class_name="7A",
                reply_by=date(2024, 3, 8),
                chair_name="Trần Văn Chủ",
            )
        )
    )
    assert "Kính gửi: Trường THCS Đồi Ngô" in school and "Vũ Văn Nam" in school and "08/03/2024" in school
    notice = pdf_text(
        documents.duty_notice_pdf(
            DutyNoticeDoc(
                issuer=ISSUER,
                number="01/TB-HĐ",
                signed_on=date(2024, 1, 5),
                member_name="Phạm Văn Y",
                position="Trạm trưởng trạm y tế",
                role="Thành viên",
                duties=["Quan sát, đánh giá tình trạng sức khỏe"],
                term="2021–2026",
                chair_name="Trần Văn Chủ",
            )
        )
    )
    assert "Phạm Văn Y" in notice and "Quan sát, đánh giá tình trạng sức khỏe" in notice


def report_doc() -> ReportDoc:
    return ReportDoc(
        form="08",
        issuer_parent="UBND huyện Lục Nam",
        issuer="Phòng Lao động - Thương binh và Xã hội",
        place="Lục Nam",
        signed_on=date(2024, 6, 25),
        period="6 tháng đầu năm 2024",
        rows=[
            ReportRow("Thị trấn Đồi Ngô", {"requests": 3, "severe": 2, "mild": 1, "certificates": 3, "cost": 900000}),
            ReportRow("Xã Cẩm Lý", {"requests": 2, "especially_severe": 1, "certificates": 1, "cost": 450000}),
        ],
        recipients=["Sở Lao động - Thương binh và Xã hội", "Lưu: VT"],
        signer_title="TRƯỞNG PHÒNG",
        signer_name="Ngô Văn Trưởng",
    )


def test_report_xlsx_reads_back_with_right_totals():
    workbook = openpyxl.load_workbook(io.BytesIO(documents.report_xlsx(report_doc())))
    sheet = workbook.active
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[3]
    assert header[:3] == ("STT", "Đơn vị", "Số đơn đề nghị tiếp nhận")
    total = rows[-1]
    assert total[1] == "Tổng cộng"
    by_label = dict(zip(header, total, strict=True))
    assert by_label["Số đơn đề nghị tiếp nhận"] == 5
    assert by_label["Số giấy xác nhận đã cấp"] == 4
    assert by_label["Đặc biệt nặng"] == 1 and by_label["Nặng"] == 2 and by_label["Nhẹ"] == 1
    assert by_label["Kinh phí họp Hội đồng (đồng)"] == 1350000
    assert rows[4][1] == "Thị trấn Đồi Ngô"


def test_report_pdf_reads_back():
    text = pdf_text(documents.report_pdf(report_doc()))
    assert "BÁO CÁO CÔNG TÁC XÁC ĐỊNH MỨC ĐỘ KHUYẾT TẬT" in text
    assert "Xã Cẩm Lý" in text and "Tổng cộng" in text and "1.350.000 đ" in text


def test_costs_xlsx_totals_allowances():
    costs = [
        SessionCost(
            "Phiên họp 12/03/2024",
            [
                CostLine("Chủ tịch Hội đồng", 1, 70000),
                CostLine("Thành viên", 5, 50000),
                CostLine("Nước uống", 6, 15000),
            ],
        )
    ]
    assert documents.costs_total(costs) == 70000 + 250000 + 90000
    sheet = openpyxl.load_workbook(io.BytesIO(documents.costs_xlsx("Chi phí họp", costs))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert ("Tổng cộng", None, None, None, 410000) in rows
    assert rows[-1][0] == "Bốn trăm mười nghìn đồng"
