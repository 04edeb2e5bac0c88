"""Two clicks from home (journeys.md, issue 16), in Chromium, from each office's home: the commune
officer opens a dossier and reports a death from the search results and follows the wrong-payee
reminder to its list; the labour office head approves a waiting payment list; the labour officer
opens the people behind a figure of the overview."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from ansinh.core.months import YearMonth
from ansinh.payments.models import PayrollMonth
from ansinh.payments.tests.conftest import beneficiary, pay_all, run_month
from tests.fixtures import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _before_the_reform(today_is):
    """The paths are walked in TT Đồi Ngô and Cẩm Lý, so "this month" is one when they were in force
    (abolished on 01/7/2025): the clock is set to 20/5/2025 rather than the day the suite runs."""
    today_is(date(2025, 5, 20))


def home_of(page: Page, base: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(base + reverse("login"))
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", name=re.compile("Xin chào"))).to_be_visible()


def search_from_home(page: Page, name: str) -> None:
    page.get_by_label("Tìm người theo họ tên hoặc số CCCD").fill(name)
    page.get_by_test_id("home-search").get_by_role("button", name="Tìm").click()  # click 1


def test_commune_officer_two_clicks(live_server, page: Page, actors, lucnam):
    month = YearMonth.of(timezone.localdate())
    beneficiary(lucnam.doi_ngo, "Nguyễn Văn An", category="5.6", coefficient="2.0", start=month.add(-2))
    stranger_paid, _ = beneficiary(lucnam.doi_ngo, "Trần Thị Bình", start=month.add(-2))
    payroll = run_month(actors, month.add(-1), commune=lucnam.doi_ngo, pay=False)
    pay_all(actors, payroll, to={stranger_paid.pk: "Lý Văn Lạ"})
    base = live_server.url

    home_of(page, base, "xa.doingo")
    search_from_home(page, "Nguyen Van An")
    expect(page.get_by_test_id("people").get_by_title(re.compile("5.6 · Người khuyết tật"))).to_be_visible()
    page.get_by_test_id("row-open-dossier").first.click()  # click 2
    expect(page).to_have_url(re.compile(r"/ho-so/lap/\d+/"))

    page.goto(base + "/")
    search_from_home(page, "Nguyen Van An")
    page.get_by_test_id("row-report-death").first.click()  # click 2
    expect(page.get_by_role("heading", name=re.compile("Báo tử"))).to_be_visible()

    page.goto(base + "/")
    page.get_by_role("link", name="1 khoản chi sai người nhận").click()  # click 1
    expect(page).to_have_url(re.compile(rf"/{payroll.pk}/\?loc=chi-sai"))
    expect(page.get_by_text("Trần Thị Bình").first).to_be_visible()


def test_labour_head_approves_in_two_clicks(live_server, page: Page, actors, lucnam):
    month = YearMonth.of(timezone.localdate())
    beneficiary(lucnam.doi_ngo, "Nguyễn Văn An", coefficient="2.0", start=month.add(-1))  # 80+: as the law says
    payroll = run_month(actors, month, commune=lucnam.doi_ngo, pay=False)

    home_of(page, live_server.url, "ldtbxh.truongphong")
    page.get_by_test_id("awaiting-approval").get_by_role("link", name=re.compile("Duyệt danh sách")).click()  # 1
    page.get_by_role("button", name="Duyệt danh sách").click()  # click 2
    expect(page.get_by_text(re.compile("Đã duyệt danh sách"))).to_be_visible()
    assert PayrollMonth.objects.get(pk=payroll.pk).status == "approved"


def test_labour_officer_opens_the_rows_behind_a_figure(live_server, page: Page, actors, lucnam):
    month = YearMonth.of(timezone.localdate())
    beneficiary(lucnam.doi_ngo, "Nguyễn Văn An", category="5.6", coefficient="2.0", start=month.add(-1))
    beneficiary(lucnam.cam_ly, "Trần Văn Bốn", category="5.5a", coefficient="1.5", start=month.add(-1))

    home_of(page, live_server.url, "ldtbxh.canbo")
    page.get_by_test_id("overview-link").click()  # click 1
    page.get_by_test_id("by-category").get_by_role("link", name=re.compile("^5.6 · ")).click()  # click 2
    expect(page).to_have_url(re.compile(r"dien=5\.6"))
    people = page.get_by_test_id("people")
    expect(people).to_contain_text("Nguyễn Văn An")
    expect(people).not_to_contain_text("Trần Văn Bốn")
