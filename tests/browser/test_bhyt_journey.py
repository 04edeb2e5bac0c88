"""The BHYT list in Chromium: the commune officer prepares and sends the month's list, the BHXH
office receives it and records the card, and the commune sees the card on the person page."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from ansinh.core.months import YearMonth
from ansinh.payments.tests.conftest import entitle, person
from tests.browser.test_payment_month import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_commune_sends_bhxh_records_the_card(live_server, page: Page, actors, lucnam):
    an = person(lucnam.doi_ngo, "Nguyễn Văn An", citizen_id="024144510101")
    entitle(an, start=YearMonth(2024, 3))
    base = live_server.url
    month_page = base + reverse("insurance:month") + "?thang=2024-03"

    log_in(page, base, "xa.doingo")
    page.get_by_role("link", name="Thẻ BHYT").click()
    page.goto(month_page)
    page.get_by_test_id("prepare-07444").click()
    expect(page.get_by_role("status")).to_contain_text("Đã lập danh sách")
    expect(page.get_by_test_id("line-024144510101")).to_contain_text("Mới được hưởng trợ cấp")
    page.get_by_test_id("send-list").click()
    expect(page.get_by_test_id("list-status")).to_have_text("Đã gửi BHXH")

    log_in(page, base, "bhxh")
    page.get_by_role("link", name="Thẻ BHYT").click()
    page.goto(month_page)
    page.get_by_role("link", name="Thị trấn Đồi Ngô").click()
    page.get_by_test_id("receive-list").click()
    expect(page.get_by_test_id("list-status")).to_have_text("BHXH đã nhận")
    line = page.get_by_test_id("line-024144510101")
    line.get_by_test_id("card-number").fill("BT2242420000001")
    line.get_by_test_id("card-from").fill("01/03/2024")
    line.get_by_test_id("card-save").click()
    expect(page.get_by_role("status")).to_contain_text("Đã ghi thẻ BHYT của Nguyễn Văn An")
    page.get_by_test_id("process-list").click()
    expect(page.get_by_test_id("list-status")).to_have_text("BHXH đã xử lý xong")

    log_in(page, base, "xa.doingo")
    page.goto(base + reverse("registry:person_detail", args=[an.pk]))
    expect(page.get_by_test_id("person-health-card")).to_contain_text(re.compile("BT2242420000001"))
