"""The 25 → 8 merger in Chromium (issue 15): the administrator reads the dry run of 01/07/2025, applies
it after confirming (a second click changes nothing), and the officer of the new Xã Lục Nam sees the
people moved from TT Đồi Ngô and TT Phương Sơn and this month's payment list of the commune."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from ansinh.core.access import Role
from ansinh.core.months import YearMonth
from ansinh.payments.actions import payroll_generate
from ansinh.payments.tests.conftest import beneficiary
from ansinh.registry.models import Person
from tests.browser.test_payment_month import log_in
from tests.fixtures import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_administrator_applies_the_merger_and_the_new_commune_sees_its_people(
    live_server, page: Page, actors, lucnam
):
    beneficiary(lucnam.doi_ngo, "Nguyễn Văn An", coefficient="1.5")
    beneficiary(lucnam["07477"], "Trần Thị Bình", coefficient="2.0")
    make_user("xa.lucnam", "ubnd-07444-2025", Role.OFFICER)
    base = live_server.url

    log_in(page, base, "quantri")
    page.goto(base + reverse("territory:unit_list"))
    page.get_by_role("link", name="Áp dụng sắp xếp đơn vị hành chính vào sổ").click()
    expect(page.get_by_test_id("changes")).to_contain_text("Chưa áp dụng")
    page.get_by_role("link", name="01/07/2025").click()
    expect(page.get_by_test_id("total-people")).to_have_text("2")
    expect(page.get_by_test_id("report")).to_contain_text("Thị trấn Đồi Ngô (07444)")
    expect(page.get_by_test_id("first-months")).to_contain_text("Xã Lục Nam: 07/2025")
    page.get_by_role("button", name="Áp dụng sắp xếp đơn vị hành chính").click()  # not confirmed
    expect(page.get_by_text("Hãy đánh dấu xác nhận trước khi áp dụng.")).to_be_visible()
    assert Person.objects.filter(commune=lucnam.doi_ngo).count() == 1
    page.get_by_label(re.compile("xác nhận áp dụng sắp xếp")).check()
    page.get_by_role("button", name="Áp dụng sắp xếp đơn vị hành chính").click()
    expect(page.get_by_text("Đã áp dụng sắp xếp ngày 01/07/2025 vào sổ.")).to_be_visible()
    expect(page.get_by_test_id("applied")).to_be_visible()
    expect(page.get_by_test_id("total-people")).to_have_text("0")  # nothing left to move
    page.get_by_label(re.compile("xác nhận áp dụng sắp xếp")).check()
    page.get_by_role("button", name="Áp dụng sắp xếp đơn vị hành chính").click()  # a second click
    expect(page.get_by_text("không còn gì để chuyển")).to_be_visible()
    assert Person.objects.filter(commune=lucnam["07444@2025"]).count() == 2

    this_month = YearMonth.of(timezone.localdate())
    payroll_generate(actor=None, month=this_month)
    log_in(page, base, "xa.lucnam")
    page.goto(base + reverse("registry:person_list"))
    expect(page.get_by_text("Nguyễn Văn An")).to_be_visible()
    expect(page.get_by_text("Trần Thị Bình")).to_be_visible()
    page.goto(base + reverse("payments:month") + f"?thang={this_month}")
    expect(page.get_by_test_id("month-lists")).to_contain_text("Lục Nam")
    expect(page.get_by_test_id("month-lists")).not_to_contain_text("Đồi Ngô")
