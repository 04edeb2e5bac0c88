"""The budget estimate (issue 19 item 3) under the commune flow in force today: the commune officer
computes next year's estimate from the home page, adjusts a line with a reason, the commune chair
sends it, and the provincial department reads it, sees the chart and marks it received."""

import re

import pytest
from playwright.sync_api import Page, expect

from ansinh.core.access import Role
from ansinh.core.months import YearMonth
from ansinh.payments.tests.conftest import beneficiary
from tests.browser.test_monthly_report_journey import login, logout
from tests.fixtures import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_commune_prepares_adjusts_sends_and_the_province_reads(live_server, page: Page, lucnam):
    new_lucnam = lucnam["07444@2025"]
    beneficiary(new_lucnam, "Nguyễn Văn An", coefficient="1.5", start=YearMonth(2025, 7))  # 1,5 × 540.000 đ
    make_user("xa.lucnam", "ubnd-07444-2025", Role.OFFICER)
    make_user("xa.lucnam.ct", "ubnd-07444-2025", Role.CHAIR)
    make_user("so.canbo", "so-ldtbxh-24", Role.OFFICER)
    url = live_server.url

    login(page, url, "xa.lucnam")
    page.get_by_test_id("estimate-reminder").click()
    page.get_by_role("button", name="Tính dự toán của Xã Lục Nam").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Dự toán kinh phí năm 2027 — Xã Lục Nam")
    lines = page.get_by_test_id("estimate-lines")
    expect(lines).to_contain_text("Diện 5.5a")
    expect(page.get_by_test_id("estimate-total")).to_have_text("9.720.000 đ")  # 12 × 810.000 đ
    page.get_by_text("Cách tính").first.click()
    expect(lines).to_contain_text("1 người × 810.000 đ (hệ số 1,5)")
    page.get_by_role("link", name="Điều chỉnh Diện 5.5a, Lục Nam, tháng 12").click()
    page.get_by_label("Kinh phí sau điều chỉnh (đồng)").fill("1620000")
    page.get_by_role("button", name="Lưu điều chỉnh").click()
    expect(page.get_by_test_id("estimate-adjust-form")).to_be_visible()  # the reason is required: not sent
    page.get_by_label("Lý do điều chỉnh").fill("Dự kiến một người mới hưởng từ tháng 12")
    page.get_by_role("button", name="Lưu điều chỉnh").click()
    expect(page.get_by_test_id("estimate-total")).to_have_text("10.530.000 đ")
    expect(lines).to_contain_text("(dự kiến 810.000 đ), lý do: Dự kiến một người mới hưởng từ tháng 12")
    expect(page.get_by_role("button", name=re.compile("Gửi dự toán"))).to_have_count(0)  # the chair sends
    logout(page)

    login(page, url, "xa.lucnam.ct")
    page.get_by_test_id("estimate-reminder").click()
    page.get_by_role("button", name=re.compile("Gửi dự toán tới Sở Lao động")).click()
    expect(page.get_by_test_id("estimate-status")).to_contain_text("Đã gửi")
    expect(page.get_by_role("link", name=re.compile("Điều chỉnh Diện"))).to_have_count(0)  # frozen
    logout(page)

    login(page, url, "so.canbo")
    page.get_by_role("link", name=re.compile("1 dự toán chờ xác nhận đã nhận")).click()
    page.get_by_role("row", name=re.compile("Xã Lục Nam")).get_by_role("link", name="2027").click()
    expect(page.get_by_test_id("estimate-total")).to_have_text("10.530.000 đ")
    expect(page.get_by_test_id("estimate-actual")).to_contain_text("1.620.000 đ")
    expect(page.get_by_test_id("estimate-chart")).to_be_visible()
    page.wait_for_function("() => window.Chart && Chart.getChart(document.querySelector('canvas[data-chart]'))")
    drawn = page.evaluate("() => Chart.getChart(document.querySelector('canvas[data-chart]')).data.datasets[0].data")
    assert drawn == [810_000] * 11 + [1_620_000]
    page.get_by_role("button", name="Xác nhận đã nhận dự toán").click()
    expect(page.get_by_test_id("estimate-status")).to_contain_text("Đã nhận")
