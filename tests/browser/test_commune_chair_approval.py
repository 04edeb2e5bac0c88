"""Two clicks from home after the reform (issue 15 item 2): the chair of a commune of 01/07/2025 approves this
month's payment list of their commune; the labour office head, now an archive, has nothing waiting."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from ansinh.core.months import YearMonth
from ansinh.payments.actions import payroll_generate
from ansinh.payments.models import PayrollMonth
from ansinh.payments.tests.conftest import beneficiary
from tests.browser.test_two_click_paths import home_of
from tests.fixtures import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_new_commune_chair_approves_this_months_list_in_two_clicks(live_server, page: Page, actors, lucnam, today_is):
    today_is(date(2025, 9, 15))
    commune = lucnam["07444@2025"]
    officer = make_user("xa.lucnam", "ubnd-07444-2025", "officer")
    make_user("xa.lucnam.ct", "ubnd-07444-2025", "chair")
    month = YearMonth.of(timezone.localdate())
    beneficiary(commune, "Nguyễn Văn An", coefficient="2.0", start=month.add(-1))  # 80+: as the law says
    payroll_generate(actor=officer, month=month, commune=commune)
    payroll = PayrollMonth.objects.get(commune=commune, month=month.first_day)

    home_of(page, live_server.url, "ldtbxh.truongphong")
    expect(page.get_by_test_id("district-archive")).to_be_visible()
    expect(page.get_by_test_id("awaiting-approval")).to_have_count(0)

    home_of(page, live_server.url, "xa.lucnam.ct")
    page.get_by_test_id("awaiting-approval").get_by_role("link", name=re.compile("Duyệt danh sách")).click()  # 1
    page.get_by_role("button", name="Duyệt danh sách").click()  # click 2
    expect(page.get_by_text(re.compile("Đã duyệt danh sách"))).to_be_visible()
    assert PayrollMonth.objects.get(pk=payroll.pk).status == "approved"
