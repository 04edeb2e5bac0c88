"""The council's secretary takes a request through a session to a conclusion, and the commune
chair issues the certificate and prints it (issue 6), in Debian's Chromium."""

import io
import re
from datetime import date

import pypdf
import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from ansinh.disability import councils
from ansinh.disability.models import CouncilRole
from ansinh.registry.actions import person_create
from ansinh.registry.validation import PersonInput
from tests.fixtures import PASSWORD
from tests.readback import pdf_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROLES = [
    CouncilRole.CHAIR,
    CouncilRole.SECRETARY,
    CouncilRole.HEALTH_STATION,
    CouncilRole.FATHERLAND_FRONT,
    CouncilRole.WOMEN_UNION,
    CouncilRole.YOUTH_UNION,
    CouncilRole.VETERANS,
]


@pytest.fixture
def council(actors, lucnam):
    council = councils.council_create(
        actor=actors.own_council_officer, commune=lucnam.doi_ngo, term_start=date(2021, 7, 1)
    )
    for index, role in enumerate(ROLES):
        councils.member_add(
            actor=actors.own_council_officer,
            council=council,
            full_name=f"Thành Viên {chr(65 + index)}",
            role=role,
            joined_on=date(2021, 7, 1),
        )
    person_create(
        actor=actors.own_commune_officer,
        data=PersonInput(
            full_name="Nguyễn Thị Hường", sex="female", birth_date=date(1990, 5, 12), citizen_id="024190012345"
        ),
        commune=lucnam.doi_ngo,
    )
    return council


def log_in(page: Page, base: str, username: str) -> None:
    page.goto(base + "/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", name=re.compile("Xin chào"))).to_be_visible()


def test_from_request_to_certificate(live_server, page: Page, council):
    base = live_server.url
    today = timezone.localdate()
    log_in(page, base, "hd.doingo")
    page.get_by_role("link", name="Khuyết tật").click()
    expect(page.get_by_role("heading", name="Xác định mức độ khuyết tật", exact=True)).to_be_visible()

    page.get_by_role("link", name="Tiếp nhận đơn").click()
    page.get_by_label("Số CCCD của người được xác định").fill("024190012345")
    page.get_by_role("button", name="Tiếp nhận").click()
    expect(page.get_by_role("alert").or_(page.get_by_role("status"))).to_contain_text("Đã tiếp nhận đơn")
    expect(page.get_by_test_id("deadline")).to_contain_text("Hạn giải quyết")
    request_url = page.url

    page.get_by_role("link", name="Phiên họp", exact=True).click()
    page.get_by_role("link", name="Lên lịch họp").click()
    page.get_by_label("Thời gian họp").fill(f"{today:%d/%m/%Y} 08:00")
    page.get_by_role("button", name="Lên lịch").click()
    page.get_by_role("link", name="Mời người được xác định").click()
    expect(page.get_by_label("Người được mời (đơn đang chờ)")).to_contain_text("Nguyễn Thị Hường")
    page.get_by_role("button", name="Mời", exact=True).click()
    expect(page.get_by_test_id("invitations")).to_contain_text("Nguyễn Thị Hường")

    page.get_by_role("link", name="Điểm danh, bắt đầu họp").click()
    for letter in "ABCD":
        page.get_by_label(re.compile(f"Thành Viên {letter}")).check()
    page.get_by_role("button", name="Ghi điểm danh").click()
    expect(page.get_by_role("alert")).to_contain_text("không đủ điều kiện họp")
    for letter in "EF":
        page.get_by_label(re.compile(f"Thành Viên {letter}")).check()
    page.get_by_role("button", name="Ghi điểm danh").click()
    expect(page.get_by_test_id("quorum")).to_contain_text("Có mặt 6/7 thành viên (cần ít nhất 5): đủ điều kiện họp.")

    page.get_by_role("link", name="Chấm phiếu").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Mẫu 03")
    page.get_by_label(re.compile(r"^1\.3 Thiếu chân")).check()
    scores = ["1", "0", "1", "1", "1", "1", "1", "2", "1", "0"]
    for number, score in enumerate(scores, start=1):
        page.locator(f"#id_activity_{number}").select_option(score)
    expect(page.get_by_test_id("suggestion")).to_contain_text("khuyết tật nặng · tổng số điểm 9")
    page.locator("#id_activity_8").select_option("x")
    expect(page.get_by_test_id("suggestion")).to_contain_text("tổng số điểm 7")
    page.locator("#id_activity_8").select_option("2")
    page.get_by_role("button", name="Lưu phiếu").click()
    expect(page.get_by_test_id("conclusion")).to_contain_text("Nặng")

    page.get_by_role("link", name="Biểu quyết, kết luận").click()
    page.get_by_label("Mức độ khuyết tật kết luận").select_option("especially_severe")
    page.get_by_label("Số ý kiến đồng ý").fill("6")
    page.get_by_role("button", name="Ghi kết luận").click()
    expect(page.locator(".invalid-feedback, .alert-danger").first).to_contain_text("lý do")
    page.get_by_label("Mức độ khuyết tật kết luận").select_option("severe")
    page.get_by_role("button", name="Ghi kết luận").click()
    expect(page.get_by_test_id("conclusion")).to_contain_text("Có khuyết tật")

    page.get_by_role("link", name="Niêm yết kết luận").click()
    page.get_by_role("button", name="Niêm yết").click()
    expect(page.get_by_role("alert").or_(page.get_by_role("status"))).to_contain_text("Đã niêm yết kết luận")
    with page.expect_download() as download:
        page.get_by_role("link", name="Biên bản Mẫu 05 (DOCX)").click()
    assert download.value.suggested_filename.endswith(".docx")

    page.get_by_test_id("user-menu").click()
    page.get_by_role("button", name="Đăng xuất").click()
    log_in(page, base, "xa.doingo.ct")
    page.goto(request_url)
    page.get_by_role("link", name="Cấp giấy xác nhận").click()
    page.get_by_label("Người ký (Chủ tịch UBND xã)").fill("Trần Văn Bình")
    page.get_by_role("button", name="Cấp giấy").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"/{today.year}/GXNKT")
    pdf_link = page.get_by_role("link", name="In giấy (PDF)").get_attribute("href")
    response = page.request.get(base + str(pdf_link))
    assert response.ok and response.headers["content-type"] == "application/pdf"
    reader = pypdf.PdfReader(io.BytesIO(response.body()))
    assert float(reader.pages[0].mediabox.width) == pytest.approx(187.1, abs=0.5)
    text = pdf_text(response.body())
    assert "Nguyễn Thị Hường" in text and "Khuyết tật nặng" in text and "Trần Văn Bình" in text
