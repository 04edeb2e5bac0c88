"""Issue 5's journey in Chromium: a commune officer files a grant for an elderly person, posts the
list and records the end of the posting; the commune chair signs the proposal (tờ trình); the labour
office appraises; the district vice-chair signs; the person shows as an active beneficiary with the right amount from
the right month."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from ansinh.cases.models import Dossier
from ansinh.cases.selectors import standard_rate
from ansinh.cases.tests.factories import elderly_poor, received_earlier
from ansinh.core.months import YearMonth
from ansinh.core.tests import samples
from ansinh.rules.formatting import format_money
from tests.fixtures import PASSWORD

pytestmark = [
    pytest.mark.usefixtures("before_the_reform"),
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def log_in(page: Page, base: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(base + reverse("login"))
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", name=re.compile("Xin chào"))).to_be_visible()


def open_from_todo(page: Page, name: str) -> None:
    todo = page.get_by_test_id("todo-dossiers")
    todo.get_by_role("link", name=name).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(name)


def test_a_grant_from_intake_to_payment(live_server, page: Page, actors, lucnam, tmp_path):
    elderly = elderly_poor(actors, lucnam.doi_ngo, name="Vũ Thị Già")
    base = live_server.url
    today = timezone.localdate()

    # The commune officer finds the person (without accents) and opens a grant dossier.
    log_in(page, base, "xa.doingo")
    page.get_by_role("link", name="Sổ đối tượng").first.click()
    page.get_by_label(re.compile("Tìm theo tên")).fill("vu thi gia")
    page.get_by_role("button", name="Tìm").click()
    page.get_by_role("link", name="Vũ Thị Già").click()
    page.get_by_role("link", name="Lập hồ sơ").click()
    page.get_by_label("Loại hồ sơ").select_option("grant")
    page.get_by_label("Mẫu tờ khai").select_option("1d")
    page.get_by_label("Diện đề nghị").select_option("5.5a")
    page.get_by_role("button", name="Lập hồ sơ").click()
    expect(page.get_by_test_id("state")).to_have_text("Đang lập hồ sơ")

    # Fills the declaration form on screen (identity is prefilled from the register) …
    page.get_by_role("link", name="Khai, sửa tờ khai").click()
    expect(page.get_by_label("Họ và tên (Viết chữ in hoa)")).to_have_value("VŨ THỊ GIÀ")
    page.get_by_label("Thuộc hộ nghèo, cận nghèo không?").select_option(label="Có")
    page.get_by_label("Có thẻ BHYT không?").select_option(label="Có")
    page.get_by_role("button", name="Lưu tờ khai").click()
    expect(page.get_by_test_id("declaration")).to_contain_text("Thuộc hộ nghèo, cận nghèo không?")
    # … sees at once what the person would receive and why …
    expected_amount = standard_rate(YearMonth.of(today), "24").value * 2  # 5.5a, aged 80+: 2.0 (Art 6)
    expect(page.get_by_test_id("amount")).to_have_text(format_money(expected_amount))
    expect(page.get_by_test_id("explanation")).to_be_visible()
    # … attaches a photo of a paper and receives the dossier.
    photo = tmp_path / "so-ho-khau.jpg"
    photo.write_bytes(samples.jpeg())
    page.get_by_label("Loại giấy tờ").select_option("other")
    page.get_by_label("Tệp (ảnh chụp, bản scan)").set_input_files(str(photo))
    page.get_by_role("button", name="Đính kèm").click()
    expect(page.get_by_test_id("checklist")).to_contain_text("so-ho-khau.jpg")
    page.get_by_role("button", name="Tiếp nhận hồ sơ").click()
    expect(page.get_by_test_id("state")).to_have_text("Xã đang xem xét")

    # Posting: the dossier was received and its list pinned two weeks ago (2 working days), entered
    # now with the reason; it ended without complaints.
    received_earlier(Dossier.objects.get(person__full_name="Vũ Thị Già"), today - timedelta(days=14))
    page.get_by_role("link", name="Niêm yết").first.click()
    page.get_by_label("Niêm yết từ ngày").fill((today - timedelta(days=14)).strftime("%d/%m/%Y"))
    page.get_by_label("Lý do ghi ngày đã qua").fill("Đã dán danh sách tại trụ sở từ ngày đó")
    page.get_by_role("button", name="Lập danh sách niêm yết").click()
    expect(page.get_by_test_id("posting-lines")).to_contain_text("Vũ Thị Già")
    expect(page.get_by_test_id("posting-lines")).to_contain_text("1940")
    page.get_by_role("button", name="Ghi nhận kết thúc niêm yết").click()
    expect(page.get_by_test_id("posting-period")).to_contain_text("Đã kết thúc niêm yết")

    # The commune chair signs one proposal for the dossiers ready to send (maker ≠ checker: not the
    # officer who posted), from the to-do list, and prints it.
    log_in(page, base, "xa.doingo.ct")
    page.get_by_test_id("todo-propose").click()
    expect(page.get_by_test_id("waiting")).to_contain_text("Vũ Thị Già")
    page.get_by_role("button", name="Ký tờ trình cho các hồ sơ đã chọn").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Tờ trình số 1/TTr-UBND")
    expect(page.get_by_test_id("proposal-lines")).to_contain_text("Vũ Thị Già")
    expect(page.get_by_test_id("proposal-lines")).to_contain_text(format_money(expected_amount))
    page.get_by_test_id("proposal-lines").get_by_role("link", name="Vũ Thị Già").click()
    expect(page.get_by_test_id("state")).to_have_text("Đã đề nghị, chờ thẩm định")

    # The labour office appraises with the calculator's explanation and drafts the decision.
    log_in(page, base, "ldtbxh.canbo")
    open_from_todo(page, "Vũ Thị Già")
    expect(page.get_by_test_id("amount")).to_have_text(format_money(expected_amount))
    page.get_by_role("button", name="Thẩm định, trình quyết định").click()
    expect(page.get_by_test_id("state")).to_have_text("Đã thẩm định, chờ quyết định")

    # The vice-chair of the district signs from their list of decisions waiting.
    log_in(page, base, "huyen.phochutich")
    page.get_by_test_id("todo-decisions").get_by_role("link").first.click()
    expect(page.get_by_test_id("decision-lines")).to_contain_text("Vũ Thị Già")
    page.get_by_role("button", name="Ký quyết định").click()
    expect(page.get_by_test_id("decision-status")).to_have_text("Đã ký")
    expect(page.get_by_test_id("decision-title")).to_contain_text("1/QĐ-UBND")
    expect(page.get_by_test_id("effective-month")).to_have_text(f"{today:%m/%Y}")

    # The person is an active beneficiary, with the amount from the signing month.
    page.goto(base + reverse("registry:person_detail", args=[elderly.pk]))
    expect(page.get_by_test_id("entitlements")).to_contain_text("5.5a")
    expect(page.get_by_test_id("entitlements")).to_contain_text("nay")
    first_month = page.get_by_test_id("months").locator("tbody tr").first
    expect(first_month).to_contain_text(f"{today:%m/%Y}")
    expect(first_month).to_contain_text(format_money(expected_amount))
