"""Browser journey (issue 4): import a file with errors, fix it, import, search without accents."""

import re

import pytest
from playwright.sync_api import Page, expect

from ansinh.cases.tests.conftest import workbook_bytes
from tests.fixtures import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BAD = [
    [
        "Nguyễn Văn An",
        "31/02/1950",
        "Nam",
        "024050001234",
        "07444",
        "",
        "5.6",
        "Nặng",
        "",
        "125/QĐ-UBND",
        "12/03/2022",
        "03/2022",
    ],
    ["Lê Thị Bình", "1940", "Nữ", "", "07444", "", "5.5c", "", "", "125/QĐ-UBND", "12/03/2022", "03/2022"],
]
FIXED = [["Nguyễn Văn An", "05/05/1950", *BAD[0][2:]], BAD[1]]


def test_import_fix_import_and_search(live_server, page: Page, actors, lucnam, tmp_path):
    bad, fixed = tmp_path / "ds-loi.xlsx", tmp_path / "ds-sua.xlsx"
    bad.write_bytes(workbook_bytes(BAD))
    fixed.write_bytes(workbook_bytes(FIXED))

    page.goto(live_server.url + "/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill("xa.doingo")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_role("link", name="Sổ đối tượng").click()
    page.get_by_role("link", name="Nhập từ Excel").click()

    page.get_by_label("Xã, thị trấn").select_option(label="Thị trấn Đồi Ngô")
    page.get_by_label("Tệp Excel (.xlsx)").set_input_files(str(bad))
    page.get_by_role("button", name="Tải lên và kiểm tra").click()
    expect(page.get_by_test_id("rejected")).to_have_text("1")
    expect(page.get_by_test_id("errors")).to_contain_text("“31/02/1950” không phải ngày sinh")

    page.get_by_role("link", name="Nhập từ Excel").click()
    page.get_by_label("Xã, thị trấn").select_option(label="Thị trấn Đồi Ngô")
    page.get_by_label("Tệp Excel (.xlsx)").set_input_files(str(fixed))
    page.get_by_role("button", name="Tải lên và kiểm tra").click()
    expect(page.get_by_test_id("accepted")).to_have_text("2")
    page.get_by_role("button", name=re.compile("Xác nhận nhập 2 dòng hợp lệ")).click()
    expect(page.get_by_role("status")).to_contain_text("Đã nhập 2 người và 1 quyết định vào sổ.")

    page.get_by_role("link", name="Sổ đối tượng").first.click()
    page.get_by_label("Tìm theo tên (không cần dấu) hoặc số CCCD/CMND").fill("nguyen van an")
    page.get_by_role("button", name="Tìm").click()
    expect(page.get_by_test_id("people")).to_contain_text("Nguyễn Văn An")
    expect(page.get_by_test_id("people")).not_to_contain_text("Lê Thị Bình")
    expect(page.get_by_test_id("people")).to_contain_text("5.6")
