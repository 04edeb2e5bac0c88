"""The disability pages and printouts over the demo story of TT Đồi Ngô (web.demo_disability)."""

from __future__ import annotations

import io

import openpyxl
import pypdf
import pytest
from django.test import Client
from django.urls import reverse

from ansinh.disability.models import Assessment, Certificate, Invitation, Request, RequestStatus, Session
from ansinh.web.demo_disability import seed_disability_demo
from tests.readback import docx_text, pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def story(actors):
    seed_disability_demo()
    return actors


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_demo_is_idempotent(story):
    assert seed_disability_demo() == {"councils": 0}
    assert Certificate.objects.count() == 1


def test_every_page_opens_for_the_commune_officer(story):
    client = client_for(story.own_commune_officer)
    session = Session.objects.get()
    assessment = Assessment.objects.filter(outcome="disabled").first()
    certificate = Certificate.objects.get()
    request = Request.objects.filter(status=RequestStatus.RECEIVED).get()
    for url in [
        reverse("disability:index"),
        reverse("disability:council_list"),
        reverse("disability:council_detail", args=[session.council_id]),
        reverse("disability:request_list"),
        reverse("disability:request_detail", args=[request.pk]),
        reverse("disability:session_list"),
        reverse("disability:session_detail", args=[session.pk]),
        reverse("disability:assessment_detail", args=[assessment.pk]),
        reverse("disability:certificate_list"),
        reverse("disability:certificate_detail", args=[certificate.pk]),
        reverse("disability:reassessment_list"),
        reverse("disability:costs"),
        reverse("disability:reports"),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
    page = client.get(reverse("disability:request_detail", args=[request.pk])).content.decode()
    assert "Hạn giải quyết" in page and "Tham khảo ý kiến nhà trường" in page


def test_session_page_shows_the_quorum(story):
    session = Session.objects.get()
    page = client_for(story.own_council_officer).get(reverse("disability:session_detail", args=[session.pk]))
    assert "Có mặt 6/7 thành viên (cần ít nhất 5): đủ điều kiện họp." in page.content.decode()


def test_certificate_pdf_is_the_card(story):
    certificate = Certificate.objects.get()
    response = client_for(story.labour_officer).get(reverse("disability:certificate_pdf", args=[certificate.pk]))
    assert response["Content-Type"] == "application/pdf"
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    assert float(reader.pages[0].mediabox.width) == pytest.approx(187.1, abs=0.5)
    assert float(reader.pages[0].mediabox.height) == pytest.approx(277.8, abs=0.5)
    text = pdf_text(response.content)
    assert certificate.number in text and "Nguyễn Thị Hường" in text
    assert "Khuyết tật vận động" in text and "Khuyết tật nặng" in text


def test_minutes_read_back(story):
    session = Session.objects.get()
    client = client_for(story.own_council_officer)
    content = client.get(reverse("disability:session_minutes", args=[session.pk, "docx"])).content
    text = docx_text(content)
    assert "Nguyễn Thị Hường" in text and "Ngô Văn Sáng" in text and "Đinh Văn Khó" in text
    assert "Có mặt 6/7 thành viên." in text
    assert "Cuộc họp kết thúc hồi 10 giờ 00" in text
    pdf = pdf_text(client.get(reverse("disability:session_minutes", args=[session.pk, "pdf"])).content)
    assert "BIÊN BẢN" in pdf and "Ngô Văn Sáng" in pdf and "đặc biệt nặng" in pdf
    assert client.get(reverse("disability:session_minutes", args=[session.pk, "odt"])).status_code == 404


def test_invitation_consultation_and_notice_print(story):
    client = client_for(story.own_commune_officer)
    at_home = Invitation.objects.get(at_home=True)
    text = pdf_text(client.get(reverse("disability:invitation_pdf", args=[at_home.pk])).content)
    assert "GIẤY MỜI" in text and "Ngô Văn Sáng" in text and "tại nơi ở của ông (bà)" in text
    consultation = Request.objects.get(status=RequestStatus.RECEIVED).school_consultations.get()
    text = pdf_text(client.get(reverse("disability:consultation_pdf", args=[consultation.pk])).content)
    assert "Trường THCS Đồi Ngô" in text and "Lưu Thị Mai" in text
    member = Session.objects.get().council.members.get(role="chair")
    text = pdf_text(client.get(reverse("disability:member_notice_pdf", args=[member.pk])).content)
    assert "Chủ trì phiên họp" in text and "Trần Văn Bình" in text


def test_reports_and_costs_read_back(story):
    year, half = _period()
    commune = client_for(story.own_commune_officer).get(
        reverse("disability:reports"), {"year": year, "half": half, "dinh_dang": "xlsx"}
    )
    rows = list(openpyxl.load_workbook(io.BytesIO(commune.content)).active.iter_rows(values_only=True))
    header, total = rows[3], dict(zip(rows[3], rows[-1], strict=True))
    assert rows[0][0] == "Mẫu số 07" and header[1] == "Đơn vị"
    assert total["Số giấy xác nhận đã cấp"] == 1 and total["Nặng"] == 1 and total["Đặc biệt nặng"] == 1
    assert total["Chuyển Hội đồng Giám định y khoa"] == 1
    # 1 chair × 70.000 + 5 members × 50.000 + (6 members + 2 people who came) × 15.000 … water for those present
    assert total["Kinh phí họp Hội đồng (đồng)"] == 70000 + 5 * 50000 + 6 * 15000
    district = client_for(story.labour_officer).get(
        reverse("disability:reports"), {"year": year, "half": half, "dinh_dang": "xlsx"}
    )
    sheet = openpyxl.load_workbook(io.BytesIO(district.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Mẫu số 08"
    totals = dict(zip(rows[3], rows[-1], strict=True))
    assert totals["Số đơn đề nghị tiếp nhận"] == sum(row[2] for row in rows[4:-1])
    assert "Thị trấn Đồi Ngô" in [row[1] for row in rows[4:-1]]
    pdf = client_for(story.labour_officer).get(
        reverse("disability:reports"), {"year": year, "half": half, "dinh_dang": "pdf"}
    )
    assert "BÁO CÁO CÔNG TÁC XÁC ĐỊNH MỨC ĐỘ KHUYẾT TẬT" in pdf_text(pdf.content)
    costs = client_for(story.own_commune_officer).get(
        reverse("disability:costs"), {"year": year, "half": half, "dinh_dang": "xlsx"}
    )
    rows = list(openpyxl.load_workbook(io.BytesIO(costs.content)).active.iter_rows(values_only=True))
    assert ("Tổng cộng", None, None, None, 70000 + 5 * 50000 + 6 * 15000) in rows


def _period() -> tuple[int, int]:
    from ansinh.disability.models import Session

    day = Session.objects.get().scheduled_at.date()
    return day.year, 1 if day.month <= 6 else 2


def test_the_officer_opens_the_allowance_dossier_the_certificate_calls_for(story):
    certificate = Certificate.objects.get()
    client = client_for(story.own_commune_officer)
    page = client.get(reverse("disability:certificate_detail", args=[certificate.pk])).content.decode()
    if certificate.dossier_id is None and certificate.dossier_kind:
        assert "Lập hồ sơ trợ cấp xã hội diện 5.6" in page
        response = client.post(reverse("disability:certificate_dossier", args=[certificate.pk]))
        assert response.status_code == 302
        certificate.refresh_from_db()
    assert certificate.dossier_id is not None
    again = client.post(reverse("disability:certificate_dossier", args=[certificate.pk]))
    assert again.status_code == 302
    assert Certificate.objects.get().dossier_id == certificate.dossier_id


def test_bad_input_shows_vietnamese_errors_and_changes_nothing(story):
    client = client_for(story.own_council_officer)
    before = Request.objects.count()
    response = client.post(
        reverse("disability:request_create"),
        {"citizen_id": "024190099999", "kind": "first", "received_on": "01/01/2026"},
    )
    assert response.status_code == 400
    assert "Không tìm thấy người có số CCCD" in response.content.decode()
    assert Request.objects.count() == before
    assessment = Assessment.objects.filter(outcome="disabled").first()
    response = client.get(reverse("disability:assessment_conclude", args=[assessment.pk]))
    assert response.status_code == 200


def test_the_preview_shows_the_suggested_level(story):
    invitation = Invitation.objects.filter(request__status=RequestStatus.POSTED).first()
    client = client_for(story.own_council_officer)
    scores = {f"activity_{n}": "2" for n in range(1, 11)}
    response = client.post(
        reverse("disability:assessment_preview", args=[invitation.pk]),
        {"form": "03", "type_items": ["1.3"], **scores},
        HTTP_HX_REQUEST="true",
    )
    assert "khuyết tật đặc biệt nặng" in response.content.decode()
    assert "tổng số điểm 20" in response.content.decode()


def test_a_child_under_six_gets_form_02_without_scores(story, lucnam):
    from datetime import timedelta

    from django.utils import timezone

    from ansinh.disability import requests, sessions
    from ansinh.registry.actions import person_create
    from ansinh.registry.validation import PersonInput

    today = timezone.localdate()
    child = person_create(
        actor=story.own_commune_officer,
        data=PersonInput(full_name="Lưu Văn Bé", sex="male", birth_date=today - timedelta(days=3 * 365)),
        commune=lucnam.doi_ngo,
    )
    request = requests.request_receive(actor=story.own_commune_officer, person=child, kind="first", received_on=today)
    session = sessions.session_schedule(
        actor=story.own_council_officer, commune=lucnam.doi_ngo, scheduled_at=timezone.now(), place="Hội trường"
    )
    invitation = sessions.invitation_send(
        actor=story.own_council_officer, session=session, request=request, sent_on=today
    )
    client = client_for(story.own_council_officer)
    page = client.get(reverse("disability:assessment_edit", args=[invitation.pk])).content.decode()
    assert "Mẫu 02" in page and "Thiếu một tay và thiếu một chân" in page and "Phần 2" not in page
    response = client.post(
        reverse("disability:assessment_edit", args=[invitation.pk]),
        {"form": "02", "type_items": ["1.2"], "decisive_conditions": ["2.2"]},
    )
    assert response.status_code == 302
    assessment = Assessment.objects.get(request=request)
    assert assessment.form == "02" and assessment.suggested_level == "severe"


def test_the_menu_shows_disability_to_the_commune_and_the_labour_office_only(actors):
    from ansinh.web.navigation import menu_for

    def labels(user) -> list[str]:
        return [item.label for item in menu_for(user)]

    for user in (actors.own_commune_officer, actors.own_council_officer, actors.labour_officer):
        assert "Khuyết tật" in labels(user)
    for user in (actors.post_office_officer, actors.finance_officer, actors.admin):
        assert "Khuyết tật" not in labels(user)
