"""One payment month in Chromium: the labour officer generates the lists, the head approves and
sends Đồi Ngô's, the post office downloads it, fills in the results and uploads it back (a first
file with a mistake is refused whole), and the commune officer sees the payment to a stranger
flagged and the unpaid amount carried into the next month."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from ansinh.core.months import YearMonth
from ansinh.payments.actions import payroll_generate
from ansinh.payments.documents import LIST_HEADERS
from ansinh.payments.models import PayrollLine
from ansinh.payments.tests.conftest import beneficiary
from tests.fixtures import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
COLUMN = {header: index + 1 for index, header in enumerate(LIST_HEADERS)}


def log_in(page: Page, base: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(base + reverse("login"))
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", name=re.compile("Xin chào"))).to_be_visible()


def fill_results(path: Path, target: Path, *, date_of_binh: object) -> None:
    workbook = load_workbook(path)
    sheet = workbook.worksheets[0]
    for row in range(6, sheet.max_row + 1):
        name = sheet.cell(row, COLUMN["Họ và tên"]).value
        if name == "Nguyễn Văn An":
            sheet.cell(row, COLUMN["Ngày chi trả"]).value = datetime(2024, 8, 5)
            sheet.cell(row, COLUMN["Người nhận tiền"]).value = "Nguyễn Văn An"
            sheet.cell(row, COLUMN["Nhận với tư cách"]).value = "Đối tượng"
        elif name == "Trần Thị Bình":
            sheet.cell(row, COLUMN["Ngày chi trả"]).value = date_of_binh
            sheet.cell(row, COLUMN["Người nhận tiền"]).value = "Lý Văn Lạ"
            sheet.cell(row, COLUMN["Nhận với tư cách"]).value = "Người khác"
        elif name == "Lê Văn Cường":
            sheet.cell(row, COLUMN["Lý do không chi trả"]).value = "Đi làm ăn xa"
    workbook.save(target)


def test_one_payment_month(live_server, page: Page, actors, lucnam, tmp_path):
    for name, coefficient in (("Nguyễn Văn An", "1.5"), ("Trần Thị Bình", "2.5"), ("Lê Văn Cường", "3.0")):
        beneficiary(lucnam.doi_ngo, name, coefficient=coefficient)
    base = live_server.url
    month_page = base + reverse("payments:month") + "?thang=2024-08"

    log_in(page, base, "ldtbxh.canbo")
    page.get_by_role("link", name="Chi trả").click()
    page.goto(month_page)
    expect(page.get_by_test_id("deadlines")).to_contain_text("trước ngày 25, chậm nhất 24/07/2024")
    page.get_by_label("Tháng chi trả").fill("08/2024")
    page.get_by_role("button", name="Lập danh sách").click()
    expect(page.get_by_role("status").filter(has_text="Đã lập")).to_be_visible()
    expect(page.get_by_test_id("month-lists")).to_contain_text("Dự thảo")

    log_in(page, base, "ldtbxh.truongphong")
    page.goto(month_page)
    page.get_by_role("link", name="Thị trấn Đồi Ngô").click()
    expect(page.get_by_test_id("payroll-total")).to_contain_text("3.500.000 đ")
    expect(page.get_by_test_id("payroll-total")).to_contain_text("Ba triệu năm trăm nghìn đồng")
    expect(page.get_by_test_id("approve-acknowledgement")).to_contain_text("dòng khác quy định")
    page.get_by_label(re.compile("Lý do vẫn duyệt")).fill("Đã lập hồ sơ điều chỉnh theo rà soát")
    page.get_by_role("button", name="Duyệt danh sách").click()
    expect(page.get_by_test_id("status")).to_have_text("Đã duyệt")
    page.get_by_role("button", name="Gửi bưu điện").click()
    expect(page.get_by_test_id("status")).to_have_text("Đã gửi bưu điện")

    log_in(page, base, "buudien")
    page.goto(month_page)
    page.get_by_role("link", name="Thị trấn Đồi Ngô").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải danh sách (Excel)").click()
    downloaded = tmp_path / "ds.xlsx"
    download.value.save_as(downloaded)
    wrong, right = tmp_path / "sai.xlsx", tmp_path / "dung.xlsx"
    fill_results(downloaded, wrong, date_of_binh="05/13/2024")
    fill_results(downloaded, right, date_of_binh=datetime(2024, 8, 6))
    page.get_by_label("Tệp kết quả chi trả (.xlsx)").set_input_files(str(wrong))
    page.get_by_role("button", name="Tải lên và ghi kết quả").click()
    expect(page.get_by_test_id("upload-problems")).to_contain_text("cột Ngày chi trả: “05/13/2024” không phải ngày")
    assert not PayrollLine.objects.filter(result_recorded_at__isnull=False).exists()
    page.get_by_label("Tệp kết quả chi trả (.xlsx)").set_input_files(str(right))
    page.get_by_role("button", name="Tải lên và ghi kết quả").click()
    expect(page.get_by_role("status").filter(has_text="Đã ghi kết quả")).to_contain_text(
        "Đã ghi kết quả chi trả của 3 dòng"
    )
    expect(page.get_by_role("status").filter(has_text="chi sai")).to_contain_text("Có 1 dòng chi sai người nhận")
    expect(page.get_by_test_id("reconciliation")).to_contain_text("chưa nhận (chuyển kỳ sau) 1.500.000 đ")

    payroll_generate(actor=actors.labour_officer, month=YearMonth(2024, 9))

    log_in(page, base, "xa.doingo")
    page.goto(month_page)
    expect(page.get_by_test_id("violations")).to_contain_text("Lý Văn Lạ")
    expect(page.get_by_test_id("month-lists")).to_contain_text("1 chi sai người nhận")
    page.goto(base + reverse("payments:month") + "?thang=2024-09")
    page.get_by_role("link", name="Thị trấn Đồi Ngô").click()
    page.get_by_role("link", name="Tháng trước chuyển sang").click()
    expect(page.get_by_test_id("lines")).to_contain_text("Lê Văn Cường")
    expect(page.get_by_test_id("lines")).to_contain_text("Chưa nhận tháng trước chuyển sang")
