"""A citizen on a phone checks what a relative may receive, in Debian's Chromium."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_citizen_checks_an_entitlement(live_server, page: Page):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + reverse("rules:public_check"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Kiểm tra quyền lợi trợ giúp xã hội")

    page.get_by_label("Người cần kiểm tra sinh ngày nào?").fill("05/05/1950")
    page.get_by_label("Kiểm tra cho tháng nào?").fill("09/2024")
    page.get_by_label("Khuyết tật đặc biệt nặng").check()
    page.get_by_role("button", name="Xem kết quả").click()

    expect(page.get_by_test_id("amount")).to_contain_text("1.250.000 đ")
    expect(page.get_by_test_id("explanation")).to_contain_text("Điều 6 khoản 1 điểm e")
    expect(page.get_by_test_id("explanation")).to_contain_text("74 tuổi")
    expect(page.get_by_test_id("documents")).to_contain_text("Mẫu số 1đ")
    expect(page.get_by_test_id("where")).to_contain_text("UBND xã")

    page.get_by_label("Kiểm tra cho tháng nào?").fill("06/2021")
    page.get_by_role("button", name="Xem kết quả").click()
    expect(page.get_by_text("trước 07/2021")).to_be_visible()
    expect(page.get_by_test_id("result")).to_have_count(0)
