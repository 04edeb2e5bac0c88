"""A commune officer logs in, sees their home page in Vietnamese, opens only their own
commune, and logs out (issue 2's first journey), in Debian's Chromium."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.fixtures import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_commune_officer_journey(live_server, page: Page, actors, lucnam):
    page.goto(live_server.url + "/")
    expect(page).to_have_url(re.compile(r"/dang-nhap/"))
    expect(page.get_by_role("heading", name="Đăng nhập")).to_be_visible()

    page.get_by_label("Tên đăng nhập").fill("xa.doingo")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()

    expect(page.get_by_role("heading", name=re.compile("Xin chào"))).to_be_visible()
    expect(page.get_by_test_id("whoami")).to_contain_text("Thị trấn Đồi Ngô")
    expect(page.locator("html")).to_have_attribute("lang", "vi")

    page.get_by_role("link", name=re.compile("Thị trấn Đồi Ngô")).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Thị trấn Đồi Ngô")
    expect(page.get_by_test_id("successors")).to_contain_text("Xã Lục Nam")

    page.get_by_label("Tên thôn, tổ dân phố").fill("Thôn Bến Trăng")
    page.get_by_label("Hiệu lực từ ngày").fill("01/03/2024")
    page.get_by_role("button", name="Thêm").click()
    expect(page.get_by_role("alert").or_(page.get_by_role("status"))).to_contain_text("Đã thêm Thôn Bến Trăng")
    expect(page.get_by_test_id("children")).to_contain_text("Thôn Bến Trăng")

    response = page.goto(live_server.url + reverse("territory:unit_detail", args=[lucnam.cam_ly.pk]))
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", name="Không tìm thấy trang bạn cần")).to_be_visible()

    page.goto(live_server.url + "/")
    page.get_by_test_id("user-menu").click()
    page.get_by_role("button", name="Đăng xuất").click()
    expect(page).to_have_url(re.compile(r"/dang-nhap/"))
    page.goto(live_server.url + reverse("territory:unit_list"))
    expect(page).to_have_url(re.compile(r"/dang-nhap/\?next="))


def test_the_layout_fits_a_phone(live_server, page: Page, actors):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + reverse("login"))
    page.get_by_label("Tên đăng nhập").fill("ldtbxh.canbo")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()

    menu_button = page.get_by_role("button", name="Mở menu")
    expect(menu_button).to_be_visible()
    menu_button.click()
    expect(page.get_by_role("link", name="Địa bàn", exact=True)).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
