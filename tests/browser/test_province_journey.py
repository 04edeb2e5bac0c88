"""Issue 19 item 4: the province login opens the overview of its communes, follows a figure to the rows
behind it (the commune's payment list, read only) and reads a consolidated monthly report."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from ansinh.core.months import YearMonth
from ansinh.payments.actions import payroll_generate
from ansinh.payments.tests.conftest import beneficiary
from ansinh.reports.actions import report_prepare, report_send, report_write
from tests.fixtures import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
JUNE = YearMonth(2025, 6)


def login(page: Page, url: str, username: str) -> None:
    page.goto(url + reverse("login"))
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", name=re.compile("Xin chào"))).to_be_visible()


def test_the_province_reads_the_overview_a_list_and_the_district_report(live_server, page: Page, actors, lucnam):
    beneficiary(lucnam.doi_ngo, "Nguyễn Văn An", coefficient="1.5", start=JUNE)
    payroll_generate(actor=None, month=JUNE)  # 1,5 × 500.000 đ
    report = report_prepare(actor=actors.labour_officer, unit=lucnam.district, month=JUNE)
    report = report_write(actor=actors.labour_officer, report=report, narrative="Huyện chi trả đúng hạn.")
    report_send(actor=actors.labour_officer, report=report)
    url = live_server.url

    login(page, url, "so.xem")
    page.get_by_test_id("overview-link").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Toàn cảnh địa bàn")
    expect(page.get_by_test_id("read-only-note")).to_be_visible()
    page.goto(page.url.split("?")[0] + "?thang=2025-06")
    expect(page.get_by_text("Tháng 06/2025: 1 người đang hưởng")).to_be_visible()
    page.get_by_test_id("by-commune").get_by_role("link", name="1").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Đồi Ngô")
    expect(page.get_by_role("cell", name="Nguyễn Văn An").first).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("Duyệt"))).to_have_count(0)
    expect(page.get_by_role("button", name=re.compile("Gửi"))).to_have_count(0)

    page.goto(url + reverse("reports:monthly_list"))
    page.get_by_role("row", name=re.compile("Huyện Lục Nam")).get_by_role("link", name="06/2025").click()
    expect(page.get_by_test_id("report-status")).to_contain_text(
        "Gửi tới: Sở Lao động - Thương binh và Xã hội tỉnh Bắc Giang"
    )
    expect(page.get_by_test_id("narrative")).to_contain_text("Huyện chi trả đúng hạn.")
    expect(page.get_by_test_id("report-money")).to_contain_text("750.000 đ")
    expect(page.get_by_role("button", name="Xác nhận đã nhận báo cáo")).to_have_count(0)
