"""Periodic review in Chromium (issue 14): the commune officer opens the review of 08/2024, picks every age
change, opens their dossiers in one click; after the workflow the district chair signs them on one batch
decision; the next payment list pays the arrears from the month the age was reached."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from ansinh.cases.models import Dossier
from ansinh.cases.tests.factories import change_until
from ansinh.cases.tests.test_review import CASES, make
from ansinh.core.months import YearMonth
from ansinh.payments.actions import payroll_generate
from ansinh.payments.models import PayrollMonth
from ansinh.payments.tests.test_review_correction_journey import paid_month
from tests.browser.test_dossier_journey import log_in

pytestmark = [
    pytest.mark.usefixtures("before_the_reform"),
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_the_commune_corrects_the_age_changes_and_the_next_list_pays_the_arrears(
    live_server, page: Page, actors, lucnam
):
    make(CASES["elderly poor turns 80"], lucnam, actors, name="Cụ Tám Mươi")  # 1.5 → 2.0 from 05/2024
    make(CASES["especially severe turns 60"], lucnam, actors, name="Bà Sáu Mươi")  # 2.0 → 2.5 from 06/2024
    make(CASES["5.5c gets a pension"], lucnam, actors, name="Cụ Có Lương")  # not an age change
    for month in (YearMonth(2024, 7), YearMonth(2024, 8)):
        paid_month(actors, month, lucnam.doi_ngo)
    base = live_server.url

    log_in(page, base, "xa.doingo")
    page.goto(base + reverse("cases:review") + "?thang=2024-08")
    page.get_by_label("Lý do", exact=True).select_option(label="Mọi thay đổi theo tuổi")
    page.get_by_role("button", name="Xem").click()
    lines = page.get_by_test_id("review-lines")
    expect(lines).to_contain_text("Cụ Tám Mươi")
    expect(lines).to_contain_text("Bà Sáu Mươi")
    expect(lines).not_to_contain_text("Cụ Có Lương")
    page.get_by_role("button", name="Lập hồ sơ cho mọi dòng đang hiển thị").click()
    expect(page.get_by_text(re.compile("Đã lập 2 hồ sơ điều chỉnh, thôi hưởng theo rà soát"))).to_be_visible()
    expect(page.get_by_test_id("review-dossier")).to_have_count(2)

    for dossier in Dossier.objects.order_by("pk"):
        change_until(dossier, actors, "appraise")  # the commune proposes, the labour office appraises

    log_in(page, base, "ldtbxh.canbo")  # the appraiser puts the age changes on one decision with its list
    page.goto(base + reverse("cases:decision_list"))
    batchable = page.get_by_test_id("batchable")
    for name in ("Cụ Tám Mươi", "Bà Sáu Mươi"):
        batchable.get_by_label(re.compile(name)).check()
    page.get_by_role("button", name="Gộp vào một quyết định").click()
    expect(page.get_by_text(re.compile("Đã lập dự thảo quyết định theo danh sách gồm 2 người"))).to_be_visible()
    draft = page.url
    log_in(page, base, "huyen.phochutich")
    page.goto(draft)
    page.get_by_role("button", name="Ký quyết định").click()
    expect(page.get_by_text(re.compile("QĐ-UBND")).first).to_be_visible()

    payroll_generate(actor=actors.labour_officer, month=YearMonth(2024, 9))
    september = PayrollMonth.objects.get(commune=lucnam.doi_ngo, month=YearMonth(2024, 9).first_day)
    log_in(page, base, "ldtbxh.canbo")
    page.goto(base + reverse("payments:payroll_detail", args=[september.pk]))
    elderly = page.get_by_role("row").filter(has_text="Cụ Tám Mươi").filter(has_text="2.000.000 đ")
    expect(elderly).to_have_count(1)  # arrears: 2.0 × 500.000 for 07 and 08/2024 (listed since 07/2024)
    disabled = page.get_by_role("row").filter(has_text="Bà Sáu Mươi").filter(has_text="2.500.000 đ")
    expect(disabled).to_have_count(1)  # arrears: 2.5 × 500.000 for 07 and 08/2024
