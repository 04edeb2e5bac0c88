"""The vocational centre's desk in Chromium (issue 18): the centre uploads its list of students, the commune
confirms two and rejects one with a reason, the labour office head decides them in one batch decision, and
the first instalment appears on the education payment list; the centre sees the outcome of its own students."""

from __future__ import annotations

import re
from datetime import date
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import Workbook
from playwright.sync_api import Page, expect

from ansinh.registry.actions import person_create
from ansinh.registry.validation import PersonInput
from tests.fixtures import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
STUDENTS = [("Hoàng Thị An", "024305000001"), ("Lý Văn Bình", "024305000002"), ("Sầm Thị Chi", "024305000003")]


def log_in(page: Page, base: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(base + reverse("login"))
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", name=re.compile("Xin chào"))).to_be_visible()


def student_list() -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(["TRUNG TÂM GDNN-GDTX HUYỆN LỤC NAM"])
    sheet.append(["Họ và tên", "Số định danh cá nhân", "Chính sách", "Năm học", "Cơ sở giáo dục", "Trình độ"])
    sheet["G2"] = "Minh chứng đang học"
    for name, citizen_id in STUDENTS:
        sheet.append(
            [name, citizen_id, "QĐ 66/2013", "2024-2025", "Trung tâm GDNN-GDTX Lục Nam", "Cao đẳng", "GXN 9/2024"]
        )
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_the_centre_lists_the_commune_answers_the_labour_office_decides(
    live_server, page: Page, actors, lucnam, today_is
):
    today_is(date(2024, 10, 7))
    for name, citizen_id in STUDENTS:
        person_create(
            actor=actors.own_commune_officer,
            data=PersonInput(full_name=name, sex="female", birth_date=date(2005, 3, 2), citizen_id=citizen_id),
            commune=lucnam.doi_ngo,
            source="Hồ sơ gốc",
        )
    base = live_server.url

    log_in(page, base, "gdnn")
    page.get_by_role("link", name="Hỗ trợ học tập").first.click()
    upload = page.get_by_test_id("upload-form")
    upload.get_by_label("Tệp danh sách (.xlsx)").set_input_files(
        {
            "name": "danh-sach.xlsx",
            "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "buffer": student_list(),
        }
    )
    upload.get_by_role("button", name="Tải lên và gửi các xã").click()
    expect(page.get_by_role("alert").or_(page.get_by_role("status"))).to_contain_text("Đã gửi danh sách 3")
    expect(page.get_by_test_id("enrolments")).to_contain_text("Chờ xã xác nhận")

    log_in(page, base, "xa.doingo")
    page.goto(base + reverse("supports:education"))
    rows = page.get_by_test_id("enrolments")
    rows.locator("tr", has_text="Hoàng Thị An").get_by_role("button", name="Xác nhận", exact=True).click()
    rows = page.get_by_test_id("enrolments")
    rows.locator("tr", has_text="Lý Văn Bình").get_by_role("button", name="Xác nhận", exact=True).click()
    chi = page.get_by_test_id("enrolments").locator("tr", has_text="Sầm Thị Chi")
    chi.get_by_label("Lý do không xác nhận").fill("Không thuộc hộ nghèo, cận nghèo năm 2024")
    chi.get_by_role("button", name="Không xác nhận").click()
    expect(page.get_by_test_id("enrolments").locator("tr", has_text="Sầm Thị Chi")).to_contain_text(
        "Không thuộc hộ nghèo, cận nghèo năm 2024"
    )

    log_in(page, base, "ldtbxh.truongphong")
    page.goto(base + reverse("supports:education"))
    for name in ("Hoàng Thị An", "Lý Văn Bình"):
        page.get_by_label(f"Chọn {name}").check()
    expect(page.get_by_label("Chọn Sầm Thị Chi")).to_have_count(0)
    page.get_by_test_id("decide").click()
    expect(page.get_by_role("alert").or_(page.get_by_role("status"))).to_contain_text("cho 2 người học")
    page.get_by_role("link", name="Danh sách chi").click()
    expect(page.get_by_test_id("instalment-summary")).to_contain_text("2 người")
    expect(page.get_by_test_id("instalment-summary")).to_contain_text("14.040.000 đ")
    expect(page.get_by_test_id("instalments")).to_contain_text("Hoàng Thị An")

    log_in(page, base, "gdnn")
    page.goto(base + reverse("supports:education"))
    table = page.get_by_test_id("enrolments")
    expect(table.locator("tr", has_text="Hoàng Thị An")).to_contain_text("Đã có quyết định")
    expect(table.locator("tr", has_text="Sầm Thị Chi")).to_contain_text("Xã không xác nhận")
