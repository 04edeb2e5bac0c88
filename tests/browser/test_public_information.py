"""A citizen on a phone (390 px) reads the page for the elderly, checks eligibility and sends feedback,
without an account; the commune officer answers it; the citizen reads the answer (issue 20)."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.urls import reverse
from playwright.sync_api import Page, ViewportSize, expect

from ansinh.outreach import public
from tests.fixtures import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE: ViewportSize = {"width": 390, "height": 844}


def fits(page: Page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_every_public_page_fits_a_phone_and_shows_no_internal_mark(live_server, page: Page, lucnam, today_is):
    today_is(date(2024, 9, 15))  # unconfirmed rules (5.5b, 5.5c, the province's rate) are in force
    page.set_viewport_size(PHONE)
    urls = [reverse("outreach:public_home"), reverse("outreach:legal_texts"), reverse("outreach:posting_index")]
    urls += [reverse("outreach:support_detail", args=[support.slug]) for support in public.SUPPORTS]
    urls += [reverse("outreach:feedback_send"), reverse("outreach:feedback_status"), reverse("rules:public_check")]
    for url in urls:
        page.goto(live_server.url + url)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert fits(page), url
        assert "chưa xác nhận" not in page.content().lower(), url
        expect(page.get_by_role("link", name=re.compile("Kiểm tra quyền lợi")).first).to_be_visible()


def test_a_citizen_reads_checks_sends_and_the_commune_answers(live_server, page: Page, actors, lucnam, today_is):
    today_is(date(2024, 9, 15))
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + reverse("login"))
    page.get_by_role("link", name=re.compile("Thông tin chính sách")).last.click()
    page.get_by_role("link", name=re.compile("Người cao tuổi")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Người cao tuổi")
    elderly = page.locator('[data-code="5.5a"]')
    expect(elderly).to_contain_text("từ đủ 80 tuổi")
    expect(page.get_by_role("heading", name="Giấy tờ cần mang")).to_be_visible()
    assert fits(page)

    page.get_by_test_id("checker-link").click()
    page.get_by_label("Người cần kiểm tra sinh ngày nào?").fill("01/01/1940")
    page.get_by_role("group", name=re.compile("hộ nghèo hoặc cận nghèo")).get_by_label("Hộ nghèo").check()
    page.get_by_role("group", name=re.compile("không có con cháu")).get_by_label("Có", exact=True).check()
    page.get_by_role("button", name="Xem kết quả").click()
    amount = page.get_by_test_id("amount").inner_text()
    expect(page.get_by_test_id("result")).to_contain_text("5.5a")
    assert fits(page)
    page.go_back()
    page.go_back()
    found = re.search(r"[\d.]+ đ", amount)
    assert found is not None
    expect(elderly).to_contain_text(found.group(0))  # the same amount as the checker

    page.get_by_role("link", name="Hỏi thêm hoặc gửi phản ánh").click()
    page.get_by_label("Xã, thị trấn nơi bạn ở").select_option(value=str(lucnam.doi_ngo.pk))
    page.get_by_label("Nội dung").fill("Mẹ tôi 84 tuổi, hộ nghèo, cần làm giấy tờ gì?")
    page.get_by_label(re.compile("Số điện thoại")).fill("0912345678")
    page.get_by_role("button", name="Gửi", exact=True).click()
    reference = page.get_by_test_id("reference").inner_text()
    expect(page.get_by_test_id("feedback-status")).to_contain_text("Chưa trả lời")
    assert fits(page)

    officer = page.context.browser.new_page()  # type: ignore[union-attr]
    officer.goto(live_server.url + reverse("login"))
    officer.get_by_label("Tên đăng nhập").fill("xa.doingo")
    officer.get_by_label("Mật khẩu").fill(PASSWORD)
    officer.get_by_role("button", name="Đăng nhập").click()
    officer.get_by_test_id("feedback-reminder").get_by_role("link", name=re.compile("1 phản ánh chờ trả lời")).click()
    officer.get_by_role("link", name=reference).click()
    officer.get_by_role("textbox", name=re.compile("Trả lời")).fill(
        "Mời bà mang CCCD và tờ khai Mẫu 1d đến UBND thị trấn."
    )
    officer.get_by_role("button", name="Gửi trả lời").click()
    expect(officer.get_by_test_id("status")).to_have_text("Đã trả lời")

    page.reload()
    expect(page.get_by_test_id("answer")).to_contain_text("Mẫu 1d")
