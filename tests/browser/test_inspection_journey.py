"""An inspection plan in Chromium: the labour office ranks the communes, chooses two, records a finding and a
recommendation at Đồi Ngô; the commune sees it on its home page and closes it."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from ansinh.outreach.actions import feedback_send
from ansinh.outreach.models import FeedbackKind
from tests.browser.test_payment_month import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _choose(page: Page, commune_id: int, reason: str) -> None:
    page.locator(f"#chon_{commune_id}").check()
    page.locator(f"#ly_do_{commune_id}").fill(reason)
    page.locator(f"#tu_{commune_id}").fill("14/10/2024")
    page.locator(f"#den_{commune_id}").fill("15/10/2024")
    page.locator(f"#doan_{commune_id}").fill("Phòng LĐ-TB&XH, Phòng Tài chính")


def test_rank_choose_find_recommend_and_the_commune_closes_it(live_server, page: Page, actors, lucnam, today_is):
    today_is(date(2024, 9, 15))
    feedback_send(commune=lucnam.cam_ly, kind=FeedbackKind.HANDLING, text="Xã chậm nhận hồ sơ")
    base = live_server.url

    log_in(page, base, "ldtbxh.canbo")
    page.goto(base + reverse("inspections:index"))
    page.get_by_role("link", name="Lập kế hoạch kiểm tra (xếp hạng rủi ro)").click()
    ranking = page.get_by_test_id("ranked-commune")
    expect(ranking.first).to_contain_text(lucnam.cam_ly.name)  # the complaint puts Cẩm Lý first
    page.locator("#id_title").fill("Kế hoạch kiểm tra quý IV/2024")
    page.locator("#id_period_from").fill("01/10/2024")
    page.locator("#id_period_to").fill("31/12/2024")
    _choose(page, lucnam.cam_ly.pk, "Có phản ánh về việc giải quyết hồ sơ")
    _choose(page, lucnam.doi_ngo.pk, "Lâu chưa kiểm tra")
    page.get_by_role("button", name="Lập kế hoạch").click()
    expect(page.get_by_role("status")).to_contain_text("Đã lập kế hoạch kiểm tra")
    expect(page.get_by_test_id("planned")).to_have_count(2)

    page.get_by_role("link", name=lucnam.doi_ngo.name).click()
    page.get_by_label("Nội dung phát hiện").fill("Danh sách chi trả tháng 8 thiếu chữ ký người nhận thay")
    page.get_by_role("button", name="Ghi phát hiện").click()
    expect(page.get_by_test_id("finding")).to_contain_text("thiếu chữ ký")
    page.get_by_test_id("finding").get_by_text("Thêm kiến nghị").click()
    page.get_by_label("Kiến nghị").fill("Bổ sung giấy ủy quyền cho người nhận thay")
    page.get_by_label("Người, bộ phận thực hiện").fill("Công chức LĐ-TB&XH xã")
    page.get_by_label("Hạn khắc phục").fill("31/10/2024")
    page.get_by_role("button", name="Ghi kiến nghị").click()
    expect(page.get_by_test_id("finding")).to_contain_text("Chưa khắc phục")

    log_in(page, base, "xa.doingo")
    reminder = page.get_by_test_id("inspection-reminder")
    expect(reminder).to_contain_text("1 kiến nghị chưa khắc phục")
    reminder.get_by_role("link").click()
    page.get_by_test_id("recommendation").get_by_role("link", name=lucnam.doi_ngo.name).click()
    page.get_by_label("Kết quả khắc phục").fill("Đã bổ sung giấy ủy quyền ngày 20/10/2024")
    page.get_by_role("button", name="Đã khắc phục").click()
    expect(page.get_by_role("status")).to_contain_text("kiến nghị được đóng")
    expect(page.get_by_test_id("recommendation")).to_have_count(0)
    page.get_by_role("link", name=re.compile(lucnam.doi_ngo.name)).first.click()
    expect(page.get_by_test_id("finding")).to_contain_text(re.compile("Đã khắc phục.*Đã bổ sung giấy ủy quyền", re.S))
    page.goto(base + reverse("web:home"))
    expect(page.get_by_test_id("inspection-reminder")).to_have_count(0)
