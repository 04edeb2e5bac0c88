"""The monthly report up the chain (issue 19): the commune sends its report, the labour office
receives it, consolidates the district's and sends it, and the province reads it (read only)."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from ansinh.core.months import YearMonth
from ansinh.payments.actions import payroll_generate
from ansinh.payments.tests.conftest import beneficiary
from tests.fixtures import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def login(page: Page, url: str, username: str) -> None:
    page.goto(url + reverse("login"))
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", name=re.compile("Xin chào"))).to_be_visible()


def logout(page: Page) -> None:
    page.get_by_test_id("user-menu").click()
    page.get_by_role("button", name="Đăng xuất").click()


def test_commune_labour_office_province(live_server, page: Page, actors, lucnam):
    beneficiary(lucnam.doi_ngo, "Nguyễn Văn An", coefficient="1.5", start=YearMonth(2025, 6))
    payroll_generate(actor=None, month=YearMonth(2025, 6))  # 1,5 × 500.000 đ
    url = live_server.url

    login(page, url, "xa.doingo")
    page.get_by_role("link", name="Báo cáo", exact=True).click()
    page.get_by_role("link", name="Báo cáo tháng", exact=True).click()
    page.get_by_label("Tháng báo cáo (YYYY-MM)").fill("2025-06")
    page.get_by_role("button", name="Lập số liệu báo cáo của Thị trấn Đồi Ngô").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Báo cáo tháng 06/2025 — Thị trấn Đồi Ngô")
    expect(page.get_by_test_id("report-communes")).to_contain_text("5.5a: 1")
    expect(page.get_by_test_id("report-movements")).to_contain_text("Hưởng mới theo quyết định")
    page.get_by_label("Đánh giá, kiến nghị").fill("Xã đã rà soát đủ đối tượng.")
    page.get_by_role("button", name="Lưu phần đánh giá").click()
    page.get_by_role("button", name=re.compile("Gửi báo cáo tới Phòng Lao động")).click()
    expect(page.get_by_test_id("report-status")).to_contain_text("Đã gửi")
    logout(page)

    login(page, url, "ldtbxh.canbo")
    page.get_by_role("link", name=re.compile("1 báo cáo tháng chờ xác nhận đã nhận")).click()
    page.get_by_role("row", name=re.compile("Thị trấn Đồi Ngô")).get_by_role("link", name="06/2025").click()
    expect(page.get_by_test_id("narrative")).to_contain_text("Xã đã rà soát đủ đối tượng.")
    page.get_by_role("button", name="Xác nhận đã nhận báo cáo").click()
    expect(page.get_by_test_id("report-status")).to_contain_text("Đã nhận")
    page.get_by_role("link", name="Báo cáo tháng", exact=True).click()
    page.get_by_label("Tháng báo cáo (YYYY-MM)").fill("2025-06")
    page.get_by_role("button", name="Lập số liệu báo cáo của Huyện Lục Nam").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Huyện Lục Nam")
    expect(page.get_by_text("Thị trấn Đồi Ngô (Đã nhận)")).to_be_visible()
    page.get_by_label("Đánh giá, kiến nghị").fill("Huyện chi trả đúng hạn; đề nghị bổ sung kinh phí.")
    page.get_by_role("button", name="Lưu phần đánh giá").click()
    page.get_by_role("button", name=re.compile("Gửi báo cáo tới Sở Lao động")).click()
    expect(page.get_by_test_id("report-status")).to_contain_text("Đã gửi")
    logout(page)

    login(page, url, "so.xem")
    page.get_by_role("link", name="Báo cáo", exact=True).click()
    page.get_by_role("link", name="Báo cáo tháng", exact=True).click()
    page.get_by_role("row", name=re.compile("Huyện Lục Nam")).get_by_role("link", name="06/2025").click()
    expect(page.get_by_test_id("narrative")).to_contain_text("đề nghị bổ sung kinh phí")
    expect(page.get_by_test_id("report-money")).to_contain_text("750.000 đ")
    expect(page.get_by_role("button", name="Xác nhận đã nhận báo cáo")).to_have_count(0)
    expect(page.get_by_test_id("narrative-form")).to_have_count(0)
    # the province also sees the month's spending by support type and commune, as a table and a chart
    page.get_by_role("link", name="Chi theo loại hỗ trợ và xã").click()
    page.goto(page.url.split("?")[0] + f"?thang=2025-06&don_vi={lucnam.district.pk}")
    expect(page.get_by_test_id("spending")).to_contain_text("Thị trấn Đồi Ngô")
    expect(page.get_by_test_id("spending")).to_contain_text("750.000 đ")
    canvas = page.get_by_test_id("spending-chart")
    expect(canvas).to_be_visible()
    page.wait_for_function("() => window.Chart && Chart.getChart(document.querySelector('canvas[data-chart]'))")
    drawn = page.evaluate("() => Chart.getChart(document.querySelector('canvas[data-chart]')).data.datasets[0].data")
    assert drawn[0] == 750_000
