"""The "Hệ số" column of the register import: read from real XLSX files, checked against the
coefficients NĐ 20/2021 Art 6 and 20 give the category in the start month, stored on the paper
entitlement, and the imported people then appear on a generated payment list."""

import io
import json
from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from ansinh.cases.imports import apply_register_import, check_register_file
from ansinh.cases.models import Decision, Entitlement
from ansinh.cases.tests.conftest import HEADERS, workbook_bytes
from ansinh.core.months import YearMonth
from ansinh.payments.actions import payroll_generate
from ansinh.payments.models import PayrollLine
from ansinh.payments.selectors import entitlements_without_coefficient
from ansinh.registry.models import Person

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("before_the_reform")]  # the district flow (conftest)

WITH_COEFFICIENT = [*HEADERS[:12], "Hệ số"]
MARCH_2024 = YearMonth(2024, 3)
SEVERE_ADULT = ["Nguyễn Văn An", "05/05/1950", "Nam", "024050001234", "07444", "", "5.6", "Nặng", "Hộ nghèo", "125/QĐ-UBND", "12/03/2022", "03/2022"]  # fmt: skip
ELDERLY_POOR = ["Lê Thị Bình", 1940, "Nữ", 24140001111, "7444", "", "5.5a", "", "nghèo", "125/QĐ-UBND", "12/03/2022", "04/2022"]  # fmt: skip
NOT_RECEIVING = ["Trần Văn Cường", "1960", "nam", "", "", "", "", "", "", "", "", ""]


def check(content, commune):
    return check_register_file(BytesIO(content), commune=commune)


def with_coefficient(row, coefficient):
    return [*row, coefficient]


def coefficient_notes(report):
    return [(problem.row, problem.message) for problem in report.warnings if problem.field == "Hệ số"]


def test_coefficients_written_with_a_comma_a_dot_or_as_numbers_are_read_under_any_usual_header(lucnam):
    rows = [
        with_coefficient(SEVERE_ADULT, "2,0"),
        with_coefficient(ELDERLY_POOR, 2.0),  # an Excel number cell
        ["Phạm Thị Dung", "1935", "Nữ", "", "07444", "", "5.5c", "", "", "125/QĐ-UBND", "12/03/2022", "03/2022", "1.0"],
        ["Vũ Văn Giang", "10/10/1990", "Nam", "", "07444", "", "5.6", "Nặng", "", "125/QĐ-UBND", "12/03/2022", "03/2022", 1.5],
        ["Đỗ Thị Hoa", "1985", "Nữ", "", "07444", "", "5.4", "", "Cận nghèo", "125/QĐ-UBND", "12/03/2022", "03/2022", "2,0"],
    ]  # fmt: skip

    report = check(workbook_bytes(rows, headers=[*HEADERS[:12], "Hệ số trợ cấp"]), lucnam.doi_ngo)

    assert report.summary() == {"rows": 5, "accepted": 5, "rejected": 0, "errors": []}
    assert [row.coefficient for row in report.rows] == [
        Decimal("2.0"),
        Decimal("2.0"),
        Decimal("1.0"),
        Decimal("1.5"),
        Decimal("2.0"),  # 5.4: 1,0 for each of two children (Art 6(1)(d))
    ]
    assert coefficient_notes(report) == []


def test_a_coefficient_the_law_does_not_give_the_category_is_refused_and_nothing_is_written(lucnam, actors, tmp_path):
    rows = [
        with_coefficient(SEVERE_ADULT, "1,8"),
        ["Đỗ Thị Hoa", "1985", "Nữ", "", "07444", "", "5.4", "", "Cận nghèo", "125/QĐ-UBND", "12/03/2022", "03/2022", "1,5"],
        ["Phạm Thị Dung", "1935", "Nữ", "", "07444", "", "5.5c", "", "", "125/QĐ-UBND", "12/08/2025", "08/2025", "1,0"],
        with_coefficient(NOT_RECEIVING, "1,5"),
        ["Vũ Văn Giang", "10/10/1990", "Nam", "", "07444", "", "5.6", "Nặng", "", "125/QĐ-UBND", "12/03/2022", "03/2022", "một rưỡi"],
    ]  # fmt: skip
    content = workbook_bytes(rows, headers=WITH_COEFFICIENT)

    report = check(content, lucnam.doi_ngo)
    apply_register_import(report, actor=actors.own_commune_officer, commune=lucnam.doi_ngo, file_name="ds.xlsx")

    assert report.summary() == {
        "rows": 5,
        "accepted": 0,
        "rejected": 5,
        "errors": [
            {
                "row": 2,
                "field": "Hệ số",
                "message": "Hệ số 1,8 không đúng quy định cho diện 5.6 tháng 03/2022; hệ số được phép: 1,5; 2,0; 2,5 "
                "(NĐ 20/2021/NĐ-CP, Điều 6 khoản 1 điểm e).",
            },
            {
                "row": 3,
                "field": "Hệ số",
                "message": "Hệ số 1,5 không đúng quy định cho diện 5.4 tháng 03/2022; hệ số được phép: 1,0 cho mỗi suất "
                "(1,0; 2,0; 3,0…) (NĐ 20/2021/NĐ-CP, Điều 6 khoản 1 điểm d).",
            },
            {
                "row": 4,
                "field": "Hệ số",
                "message": "Không có hệ số nào theo quy định cho diện 5.5c tháng 08/2025: kiểm tra mã đối tượng, "
                "tháng hưởng.",
            },
            {  # and TT Đồi Ngô, the commune chosen, ended on 30/06/2025 (issue 14 item 6)
                "row": 4,
                "field": "Hưởng từ tháng",
                "message": "Hưởng từ tháng 08/2025 nhưng tháng đó địa bàn đang nhập không có đơn vị nào mang mã xã "
                "07444: Thị trấn Đồi Ngô (từ 01/01/1997 đến 30/06/2025), sau đó thuộc Xã Lục Nam. Kiểm tra tháng "
                "hưởng và mã xã theo quyết định, hoặc chọn đúng xã khi nhập.",
            },
            {
                "row": 5,
                "field": "Hệ số",
                "message": "Có hệ số nhưng không có mã đối tượng: ghi mã đối tượng hoặc để trống hệ số.",
            },
            {"row": 6, "field": "Hệ số", "message": "“một rưỡi” không phải hệ số: ghi số như 1,5 hoặc 2,0."},
        ],
    }
    assert not Person.objects.exists() and not Decision.objects.exists() and not Entitlement.objects.exists()

    path = tmp_path / "ds.xlsx"
    path.write_bytes(content)
    out = io.StringIO()
    call_command("import_register", str(path), "--commune", "07444", stdout=out)
    assert json.loads(out.getvalue())["errors"][0]["message"].startswith("Hệ số 1,8 không đúng quy định cho diện 5.6")
    assert not Person.objects.exists() and not Entitlement.objects.exists()


def test_a_coefficient_of_the_category_that_does_not_fit_the_age_is_accepted_with_a_note(lucnam):
    report = check(workbook_bytes([with_coefficient(ELDERLY_POOR, "1,5")], headers=WITH_COEFFICIENT), lucnam.doi_ngo)

    assert report.rows[0].accepted and report.rows[0].coefficient == Decimal("1.5")
    assert coefficient_notes(report) == [
        (
            2,
            "Theo ngày sinh, diện 5.5a tháng 04/2022 có hệ số 2,0 (từ đủ 80 tuổi; NĐ 20/2021/NĐ-CP, Điều 6 khoản 1 "
            "điểm đ), quyết định ghi 1,5: kiểm tra lại quyết định.",
        )
    ]


def test_a_month_before_07_2021_is_checked_against_the_coefficients_of_07_2021(lucnam):
    row = [*SEVERE_ADULT[:10], "12/03/2019", "03/2019", "2,0"]

    report = check(workbook_bytes([row], headers=WITH_COEFFICIENT), lucnam.doi_ngo)

    assert report.rows[0].accepted and report.rows[0].coefficient == Decimal("2.0")


def test_an_empty_coefficient_is_filled_only_when_the_row_leaves_a_single_one(lucnam):
    rows = [
        with_coefficient(SEVERE_ADULT, ""),
        ["Phạm Thị Dung", "1935", "Nữ", "", "07444", "", "5.5c", "", "", "125/QĐ-UBND", "12/03/2022", "03/2022", None],
        ["Đỗ Thị Hoa", "1985", "Nữ", "", "07444", "", "5.4", "", "Cận nghèo", "125/QĐ-UBND", "12/03/2022", "03/2022", ""],
        ["Vũ Văn Giang", "1962", "Nam", "", "07444", "", "5.6", "Đặc biệt nặng", "", "125/QĐ-UBND", "12/03/2022", "03/2022", ""],
        with_coefficient(NOT_RECEIVING, ""),
    ]  # fmt: skip

    report = check(workbook_bytes(rows, headers=WITH_COEFFICIENT), lucnam.doi_ngo)

    assert [row.coefficient for row in report.rows] == [Decimal("2.0"), Decimal("1.0"), None, None, None]
    assert coefficient_notes(report) == [
        (
            2,
            "Không ghi hệ số: ghi hệ số 2,0 theo quy định (khuyết tật nặng, người cao tuổi từ 60 tuổi; "
            "NĐ 20/2021/NĐ-CP, Điều 6 khoản 1 điểm e); sửa tệp nếu quyết định ghi khác.",
        ),
        (
            3,
            "Không ghi hệ số: ghi hệ số 1,0 theo quy định (từ đủ 80 tuổi; NĐ 20/2021/NĐ-CP, Điều 6 khoản 1 điểm đ); "
            "sửa tệp nếu quyết định ghi khác.",
        ),
    ]
    assert report.summary()["errors"] == [
        {
            "row": 4,
            "field": "Hệ số",
            "message": "Thiếu hệ số: diện 5.4 tháng 03/2022 có thể có hệ số 1,0 cho mỗi suất (1,0; 2,0; 3,0…) "
            "(NĐ 20/2021/NĐ-CP, Điều 6 khoản 1 điểm d); ghi hệ số theo quyết định.",
        },
        {  # born in 1962 only: 59 or 60 on 31/03/2022
            "row": 5,
            "field": "Hệ số",
            "message": "Thiếu hệ số: diện 5.6 tháng 03/2022 có thể có hệ số 2,0; 2,5 (NĐ 20/2021/NĐ-CP, Điều 6 "
            "khoản 1 điểm e); ghi hệ số theo quyết định.",
        },
    ]


def test_imported_coefficients_are_stored_and_the_people_are_on_the_payment_list(lucnam, actors):
    rows = [with_coefficient(SEVERE_ADULT, "2,0"), with_coefficient(ELDERLY_POOR, "2.0"), [*NOT_RECEIVING, ""]]
    report = check(workbook_bytes(rows, headers=WITH_COEFFICIENT), lucnam.doi_ngo)

    apply_register_import(report, actor=actors.own_commune_officer, commune=lucnam.doi_ngo, file_name="ds.xlsx")

    assert list(
        Entitlement.objects.order_by("person__full_name_folded").values_list(
            "person__full_name", "category_code", "coefficient", "start_month"
        )
    ) == [
        ("Lê Thị Bình", "5.5a", Decimal("2.00"), date(2022, 4, 1)),
        ("Nguyễn Văn An", "5.6", Decimal("2.00"), date(2022, 3, 1)),
    ]
    result = payroll_generate(actor=actors.labour_officer, month=MARCH_2024)

    assert result.without_coefficient == 0
    assert not entitlements_without_coefficient(actor=actors.labour_officer, month=MARCH_2024).exists()
    lines = PayrollLine.objects.filter(month=MARCH_2024.first_day).order_by("person__full_name_folded")
    assert list(lines.values_list("person__full_name", "category_code", "coefficient", "rate", "total")) == [
        ("Lê Thị Bình", "5.5a", Decimal("2.00"), 360_000, 720_000),  # 2,0 × 360.000 đ (NĐ 20/2021 Art 6)
        ("Nguyễn Văn An", "5.6", Decimal("2.00"), 360_000, 720_000),
    ]


def test_a_file_without_the_coefficient_column_still_imports_without_coefficients(lucnam, actors):
    report = check(workbook_bytes([SEVERE_ADULT, ELDERLY_POOR, NOT_RECEIVING]), lucnam.doi_ngo)

    assert report.summary() == {"rows": 3, "accepted": 3, "rejected": 0, "errors": []}
    assert coefficient_notes(report) == [  # said once, on the first row with a category
        (
            2,
            "Tệp không có cột Hệ số: 2 dòng có mã đối tượng được ghi không có hệ số nên chưa vào danh sách chi trả "
            "cho đến khi có hệ số; nên thêm cột Hệ số theo quyết định rồi tải lên lại.",
        )
    ]

    apply_register_import(report, actor=actors.own_commune_officer, commune=lucnam.doi_ngo, file_name="ds.xlsx")

    assert list(Entitlement.objects.values_list("coefficient", flat=True)) == [None, None]
    result = payroll_generate(actor=actors.labour_officer, month=MARCH_2024)
    assert result.without_coefficient == 2
    assert entitlements_without_coefficient(actor=actors.labour_officer, month=MARCH_2024).count() == 2
    assert not PayrollLine.objects.exists()


def test_the_template_has_the_coefficient_column_and_imports_as_it_is(client, actors, lucnam):
    client.force_login(actors.labour_officer)

    response = client.get(reverse("cases:import_template"))

    content = b"".join(response.streaming_content) if response.streaming else response.content
    sheet = load_workbook(BytesIO(content)).active
    header, example = ([cell.value for cell in row] for row in sheet.iter_rows(max_row=2))
    assert header[-1] == "Hệ số" and example[-1] == "2,0"
    report = check(content, lucnam.doi_ngo)
    assert report.summary() == {"rows": 1, "accepted": 1, "rejected": 0, "errors": []}
    assert report.rows[0].coefficient == Decimal("2.0") and coefficient_notes(report) == []


def test_the_import_page_explains_the_coefficient_column(client, actors):
    client.force_login(actors.labour_officer)

    page = client.get(reverse("cases:import_start")).content.decode()

    assert "Hưởng từ tháng (mm/yyyy), Hệ số (ví dụ 1,5 hoặc 2,0)" in page
    assert "Tệp không có cột Hệ số vẫn nhập được" in page
