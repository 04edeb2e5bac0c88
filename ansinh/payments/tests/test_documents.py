"""Money is conserved through the documents, read back from the files: the lines of each commune's
list = its total row = its row in the district summary; the communes' rows = the district total;
the PDFs print the same totals and the totals in words."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import load_workbook

from ansinh.core.months import YearMonth
from ansinh.payments import documents
from ansinh.payments.actions import payroll_generate
from ansinh.payments.models import PayrollLine, PayrollMonth
from ansinh.payments.selectors import payroll_lines
from ansinh.payments.tests.conftest import beneficiary, run_month
from ansinh.rules.formatting import amount_in_words_sentence, format_money
from tests.readback import pdf_text

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("before_the_reform")]  # the district flow (conftest)
AUGUST = YearMonth(2024, 8)
TOTAL_COLUMN = documents.LIST_HEADERS.index("Tổng số tiền (đồng)")


@pytest.fixture
def reported(actors, lucnam):
    """Two communes' lists of August 2024, sent and paid, one person not paid."""
    beneficiary(lucnam.doi_ngo, "Nguyễn Văn An", coefficient="1.5")
    beneficiary(lucnam.doi_ngo, "Trần Thị Bình", coefficient="2.5")
    absent, _ = beneficiary(lucnam.doi_ngo, "Lê Văn Cường", coefficient="3.0")
    beneficiary(lucnam.cam_ly, "Phạm Thị Dung", coefficient="1.0")
    beneficiary(lucnam.cam_ly, "Hoàng Văn Em", coefficient="2.0")
    doi_ngo = run_month(actors, AUGUST, commune=lucnam.doi_ngo, unpaid={absent.pk})
    cam_ly = PayrollMonth.objects.get(commune=lucnam.cam_ly, month=AUGUST.first_day)
    from ansinh.payments.tests.conftest import pay_all

    cam_ly = pay_all(actors, cam_ly)
    return doi_ngo, cam_ly


def _rows(content: bytes) -> list[tuple[object, ...]]:
    return list(load_workbook(BytesIO(content), read_only=True).worksheets[0].iter_rows(values_only=True))


def _data_rows(rows: list[tuple[object, ...]]) -> list[tuple[object, ...]]:
    header = rows.index(tuple(documents.LIST_HEADERS))
    return [row for row in rows[header + 1 :] if row and isinstance(row[0], int)]


def _total_row(rows: list[tuple[object, ...]]) -> tuple[object, ...]:
    return next(row for row in rows if row and row[0] == documents.TOTAL_LABEL)


def _commune_file(actor, payroll):
    lines = payroll_lines(actor=actor, payroll=payroll)
    return documents.commune_list_xlsx(documents.list_heading(payroll), documents.sheet_lines(lines))


def test_commune_list_totals_equal_the_lines(actors, reported):
    for payroll in reported:
        rows = _rows(_commune_file(actors.labour_officer, payroll))
        data = _data_rows(rows)
        line_sum = sum(PayrollLine.objects.filter(payroll=payroll).values_list("total", flat=True))
        assert len(data) == payroll.line_count == PayrollLine.objects.filter(payroll=payroll).count()
        assert sum(row[TOTAL_COLUMN] for row in data) == line_sum == payroll.total
        assert _total_row(rows)[TOTAL_COLUMN] == payroll.total
        words = next(
            row[0] for row in rows if row and isinstance(row[0], str) and row[0].startswith(documents.WORDS_PREFIX)
        )
        assert words == f"{documents.WORDS_PREFIX}{amount_in_words_sentence(payroll.total)}."


def test_commune_list_has_official_signature_and_result_columns(actors, reported):
    doi_ngo, _ = reported
    rows = _rows(_commune_file(actors.labour_officer, doi_ngo))
    assert rows[1][0] == "DANH SÁCH CHI TRẢ TRỢ CẤP XÃ HỘI HÀNG THÁNG"
    assert "Tháng 08/2024 — Thị trấn Đồi Ngô" in str(rows[2][0])
    headers = list(documents.LIST_HEADERS)
    for column in ("Ký nhận", "Ngày chi trả", "Người nhận tiền", "Nhận với tư cách", "Lý do không chi trả"):
        assert column in headers
    data = {row[2]: row for row in _data_rows(rows)}
    an = data["Nguyễn Văn An"]
    assert an[headers.index("Hệ số")] == "1,5"
    assert an[headers.index("Mức chuẩn (đồng)")] == 500_000
    assert an[headers.index("Trợ cấp thường xuyên (đồng)")] == 750_000
    assert an[headers.index("Ngày chi trả")].date() == date(2024, 8, 5)
    assert an[headers.index("Nhận với tư cách")] == "Đối tượng"
    assert data["Lê Văn Cường"][headers.index("Lý do không chi trả")] == "Vắng nhà"
    assert any(len(row) > 16 and row[16] == "Đại diện Bưu điện" for row in rows)


def test_a_category_that_discloses_hiv_is_masked_on_the_post_office_list(actors, lucnam):
    beneficiary(lucnam.doi_ngo, "Trần Văn Bảo", category="5.8", coefficient="1.5")
    payroll = run_month(actors, AUGUST, commune=lucnam.doi_ngo, pay=False)
    rows = _rows(_commune_file(actors.labour_officer, payroll))
    row = next(row for row in _data_rows(rows) if row[2] == "Trần Văn Bảo")
    assert row[list(documents.LIST_HEADERS).index("Mã đối tượng")] == "Bảo mật"
    assert not any("5.8" in str(cell) for row in rows for cell in row if cell is not None)


def test_district_summary_equals_the_commune_lists(actors, reported):
    summary = documents.district_summary(actor=actors.labour_officer, month=AUGUST, district=None)
    rows = _rows(documents.district_summary_xlsx(summary))
    header = rows.index(documents.SUMMARY_HEADERS)
    commune_rows = [row for row in rows[header + 1 :] if row and isinstance(row[0], int)]
    total_column = documents.SUMMARY_HEADERS.index("Tổng số tiền (đồng)")
    by_name = {row[1]: row for row in commune_rows}
    for payroll in reported:
        list_total = _total_row(_rows(_commune_file(actors.labour_officer, payroll)))[TOTAL_COLUMN]
        assert by_name[payroll.commune.full_name][total_column] == list_total == payroll.total
    grand = _total_row(rows)
    district_total = sum(payroll.total for payroll in reported)
    assert grand[total_column] == sum(row[total_column] for row in commune_rows) == district_total
    paid, unpaid = (
        documents.SUMMARY_HEADERS.index(name) for name in ("Đã chi trả (đồng)", "Chưa chi trả, chuyển kỳ sau (đồng)")
    )
    assert grand[paid] + grand[unpaid] == district_total
    assert grand[unpaid] == 1_500_000  # Lê Văn Cường, 3.0 × 500.000
    assert amount_in_words_sentence(district_total) in str(rows[rows.index(grand) + 1][0])


def test_signature_sheet_pdf_prints_every_line_and_the_total(actors, reported):
    doi_ngo, _ = reported
    lines = list(documents.sheet_lines(payroll_lines(actor=actors.labour_officer, payroll=doi_ngo)))
    heading = replace(documents.list_heading(doi_ngo), signed_on=date(2024, 8, 5))
    text = pdf_text(documents.signature_sheet_pdf(heading, lines))
    assert "DANH SÁCH CHI TRẢ TRỢ CẤP XÃ HỘI HÀNG THÁNG" in text
    for line in lines:
        assert line.full_name in text
        assert format_money(line.total) in text
    assert sum(line.total for line in lines) == doi_ngo.total
    assert format_money(doi_ngo.total) in text
    assert amount_in_words_sentence(doi_ngo.total) in text
    assert "Ký nhận" in text
    assert "ngày 05 tháng 08 năm 2024" in text


def test_district_summary_pdf_prints_the_district_total(actors, reported):
    summary = documents.district_summary(actor=actors.labour_officer, month=AUGUST, district=None)
    text = pdf_text(documents.district_summary_pdf(summary, signed_on=date(2024, 9, 5)))
    district_total = sum(payroll.total for payroll in reported)
    assert format_money(district_total) in text
    for payroll in reported:
        assert format_money(payroll.total) in text
    assert amount_in_words_sentence(district_total) in text
    assert "ngày 05 tháng 09 năm 2024" in text


def test_the_documents_of_the_commune_officer_hold_only_their_commune(actors, reported):
    summary = documents.district_summary(actor=actors.own_commune_officer, month=AUGUST, district=None)
    assert [row.commune_name for row in summary.communes] == ["Thị trấn Đồi Ngô"]
    assert summary.grand.total == reported[0].total


def test_rate_change_list_reads_back_old_new_and_totals():
    rows = [
        documents.RateChangeRow(
            "Nguyễn Văn An",
            "01/01/1940",
            "Thị trấn Đồi Ngô",
            "5.5a",
            Decimal("1.5"),
            360_000,
            500_000,
            540_000,
            750_000,
        ),
        documents.RateChangeRow(
            "Trần Thị Bình", "1950", "Xã Cẩm Lý", "5.6", Decimal("2.5"), 360_000, 500_000, 900_000, 1_250_000
        ),
    ]
    content = documents.rate_change_xlsx(rows, title="So sánh", effective=YearMonth(2024, 7))
    read = _rows(content)
    header = read.index(documents.RATE_CHANGE_HEADERS)
    data = [row for row in read[header + 1 :] if row and isinstance(row[0], int)]
    assert [row[1] for row in data] == ["Nguyễn Văn An", "Trần Thị Bình"]
    assert [row[8:11] for row in data] == [(540_000, 750_000, 210_000), (900_000, 1_250_000, 350_000)]
    assert _total_row(read)[8:11] == (1_440_000, 2_000_000, 560_000)
    assert "Hai triệu đồng" in str(read[read.index(_total_row(read)) + 1][0])


def test_the_list_of_a_month_the_commune_makes_is_issued_by_the_commune(actors, lucnam):
    """From 07/2025 the commune makes and approves its lists (payments.policies.payroll_office): the sheet is
    headed by the commune's People's Committee, with no district, and signed by its chair."""
    new_lucnam = lucnam["07444@2025"]
    beneficiary(new_lucnam, "Nguyễn Văn An", coefficient="1.5", start=YearMonth(2025, 7))
    payroll_generate(actor=None, month=YearMonth(2025, 7))
    payroll = PayrollMonth.objects.get(commune=new_lucnam, month=date(2025, 7, 1))
    lines = list(documents.sheet_lines(payroll_lines(actor=actors.admin, payroll=payroll)))

    heading = documents.list_heading(payroll)
    text = pdf_text(documents.signature_sheet_pdf(heading, lines))

    assert heading.subtitle == "Tháng 07/2025 — Xã Lục Nam, Tỉnh Bắc Ninh"
    assert "ỦY BAN NHÂN DÂN" in text and "XÃ LỤC NAM" in text and "CHỦ TỊCH ỦY BAN NHÂN DÂN" in text
    assert "PHÒNG LAO ĐỘNG" not in text and "HUYỆN" not in text and "Lục Nam, ngày" in text
    june = replace(heading, month=YearMonth(2025, 6), by_commune=False, district_name="Huyện Lục Nam")
    assert "TRƯỞNG PHÒNG LAO ĐỘNG - TB&XH" in pdf_text(documents.signature_sheet_pdf(june, lines))


def test_the_spreadsheet_of_a_commune_month_is_signed_by_the_chair(actors, lucnam):
    """The XLSX of the same list carries the approver of its month, as the signature sheet does."""
    new_lucnam = lucnam["07444@2025"]
    beneficiary(new_lucnam, "Nguyễn Văn An", coefficient="1.5", start=YearMonth(2025, 7))
    payroll_generate(actor=None, month=YearMonth(2025, 7))
    payroll = PayrollMonth.objects.get(commune=new_lucnam, month=date(2025, 7, 1))
    heading = documents.list_heading(payroll)
    lines = list(documents.sheet_lines(payroll_lines(actor=actors.admin, payroll=payroll)))
    texts = {value for row in _rows(documents.commune_list_xlsx(heading, lines)) for value in row if value}
    assert "Chủ tịch Ủy ban nhân dân" in texts and "Trưởng phòng Lao động - TB&XH" not in texts
    june = replace(heading, month=YearMonth(2025, 6), by_commune=False, district_name="Huyện Lục Nam")
    texts = {value for row in _rows(documents.commune_list_xlsx(june, lines)) for value in row if value}
    assert "Trưởng phòng Lao động - TB&XH" in texts and "Chủ tịch Ủy ban nhân dân" not in texts
