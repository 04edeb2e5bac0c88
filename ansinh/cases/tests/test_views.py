"""The dossier, posting and decision screens through the test client: each page renders, each form
calls its action, refused or bad input changes nothing."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from ansinh.cases.models import Complaint, Decision, Dossier, DossierAttachment, Entitlement, Posting
from ansinh.cases.selectors import standard_rate
from ansinh.cases.tests.factories import (
    elderly_poor,
    grant_until,
    open_grant,
    paper_entitlement,
    past_posting_start,
    received_earlier,
)
from ansinh.core.months import YearMonth
from ansinh.core.tests import samples
from ansinh.rules.formatting import format_money
from tests.readback import docx_document, docx_text, pdf_text, table_rows

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("before_the_reform")]  # the district flow (conftest)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def elderly(actors, lucnam):
    return elderly_poor(actors, lucnam.doi_ngo, name="Vũ Thị Già", born=date(1940, 1, 1))


@pytest.fixture
def dossier(actors, elderly):
    return open_grant(actors, elderly, declaration={"poor_household": True})


def test_an_officer_opens_a_dossier_from_the_person_page(actors, elderly):
    client = client_for(actors.own_commune_officer)
    page = client.get(reverse("registry:person_detail", args=[elderly.pk]))
    assert page.status_code == 200
    assert reverse("cases:dossier_create", args=[elderly.pk]).encode() in page.content

    response = client.post(
        reverse("cases:dossier_create", args=[elderly.pk]),
        {"kind": "grant", "form_code": "1d", "category_code": "5.5a"},
    )
    dossier = Dossier.objects.get(person=elderly)
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:dossier_detail", args=[dossier.pk])
    assert dossier.form_code == "1d"
    assert dossier.declaration["full_name"] == "VŨ THỊ GIÀ"


def test_the_dossier_file_shows_checklist_calculation_and_steps(actors, dossier):
    page = client_for(actors.own_commune_officer).get(reverse("cases:dossier_detail", args=[dossier.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Tờ khai theo mẫu" in text
    assert "Tiếp nhận hồ sơ" in text  # the next step's button
    assert "Mức hưởng dự tính" in text


def test_the_declaration_form_saves_typed_answers(actors, dossier):
    client = client_for(actors.own_commune_officer)
    url = reverse("cases:dossier_declaration", args=[dossier.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "Thuộc hộ nghèo, cận nghèo không?" in page.content.decode()
    data = {key: value for key, value in dossier.declaration.items() if isinstance(value, str)}
    data.update(birth_date="01/01/1940", declared_on="02/01/2024", poor_household="yes", health_insurance="no")
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    dossier.refresh_from_db()
    assert dossier.declaration["birth_date"] == "1940-01-01"
    assert dossier.declaration["poor_household"] == "yes"
    assert dossier.declaration["health_insurance"] == "no"


def test_a_bad_declaration_changes_nothing(actors, dossier):
    before = dict(dossier.declaration)
    response = client_for(actors.own_commune_officer).post(
        reverse("cases:dossier_declaration", args=[dossier.pk]), {"birth_date": "31/02/1940"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["birth_date"] == ["Nhập một ngày hợp lệ."]
    assert "Nhập một ngày hợp lệ." in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.declaration == before


def test_the_declaration_prints_as_pdf(actors, dossier):
    response = client_for(actors.labour_officer).get(reverse("cases:dossier_declaration_pdf", args=[dossier.pk]))
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "Mẫu số 1d" in text
    assert "VŨ THỊ GIÀ" in text


def test_a_person_with_two_entitlements_picks_the_one_to_change(actors, elderly):
    first = paper_entitlement(elderly, category="5.5a", coefficient="1.5", start=date(2024, 5, 1), number="7/QĐ")
    second = paper_entitlement(elderly, category="5.6", coefficient="2.0", start=date(2024, 6, 1), number="8/QĐ")
    client = client_for(actors.own_commune_officer)
    url = reverse("cases:dossier_create", args=[elderly.pk])
    page = client.get(url).content.decode()
    assert "Chế độ đang hưởng cần xử lý" in page
    assert "Diện 5.5a, hệ số 1,5, từ tháng 05/2024" in page and "Diện 5.6, hệ số 2,0, từ tháng 06/2024" in page

    suspend = {"kind": "suspend", "ground": "detention", "ground_date": "10/09/2024"}
    refused = client.post(url, suspend)
    assert refused.status_code == 200 and not Dossier.objects.exists()
    assert "hãy chọn chế độ cần xử lý" in refused.content.decode()

    response = client.post(url, {**suspend, "entitlement": second.pk})
    assert response.status_code == 302
    assert Dossier.objects.get().entitlement == second != first
    # A stop left blank ends every entitlement (a death); one chosen ends only that one.
    stop = {"kind": "stop", "ground": "not_eligible", "ground_date": "10/09/2024", "entitlement": first.pk}
    assert client.post(url, stop).status_code == 302
    assert Dossier.objects.get(kind="stop").entitlement == first


def test_one_entitlement_needs_no_choice(actors, elderly):
    paper_entitlement(elderly)
    assert (
        "Chế độ đang hưởng cần xử lý"
        not in client_for(actors.own_commune_officer)
        .get(reverse("cases:dossier_create", args=[elderly.pk]))
        .content.decode()
    )


def test_attachments_are_kept_with_the_dossier(actors, dossier):
    client = client_for(actors.own_commune_officer)
    photo = samples.jpeg()
    upload = SimpleUploadedFile("giay-khai-sinh.jpg", photo, content_type="image/jpeg")
    response = client.post(
        reverse("cases:dossier_attach", args=[dossier.pk]), {"document_code": "other", "file": upload}
    )
    assert response.status_code == 302
    attachment = DossierAttachment.objects.get(dossier=dossier)
    download = client.get(reverse("cases:attachment_download", args=[attachment.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == "image/jpeg"
    assert Image.open(io.BytesIO(download.content)).size == Image.open(io.BytesIO(photo)).size
    refused = client.post(
        reverse("cases:dossier_attach", args=[dossier.pk]),
        {"document_code": "other", "file": SimpleUploadedFile("virus.exe", b"MZ")},
    )
    assert refused.status_code == 400
    assert DossierAttachment.objects.filter(dossier=dossier).count() == 1


def test_a_wrong_paper_is_taken_off_while_the_dossier_is_at_the_commune(actors, dossier):
    from ansinh.audit.models import AuditEvent

    officer = client_for(actors.own_commune_officer)
    upload = SimpleUploadedFile("nham.jpg", samples.jpeg(), content_type="image/jpeg")
    officer.post(reverse("cases:dossier_attach", args=[dossier.pk]), {"document_code": "other", "file": upload})
    attachment = DossierAttachment.objects.get(dossier=dossier)
    remove = reverse("cases:attachment_remove", args=[attachment.pk])
    assert f'action="{remove}"' in officer.get(reverse("cases:dossier_detail", args=[dossier.pk])).content.decode()

    assert client_for(actors.own_commune_chair).post(remove).status_code == 403  # reads, does not keep
    assert client_for(actors.other_commune_officer).post(remove).status_code == 404
    assert officer.get(remove).status_code == 405
    assert DossierAttachment.objects.filter(pk=attachment.pk).exists()

    response = officer.post(remove, {"ly_do": "Chụp nhầm giấy tờ"})
    assert response.status_code == 302 and not DossierAttachment.objects.filter(pk=attachment.pk).exists()
    event = AuditEvent.objects.get(action="cases.attachment_remove")
    assert (event.before["file_name"], event.reason) == ("nham.jpg", "Chụp nhầm giấy tờ")
    assert officer.post(remove).status_code == 404  # a second click: already gone


def test_papers_stay_once_the_dossier_has_left_the_commune(actors, elderly):
    dossier = grant_until(open_grant(actors, elderly, declaration={"poor_household": True}), actors, "post")
    attachment = DossierAttachment.objects.create(
        dossier=dossier,
        document_code="other",
        file=SimpleUploadedFile("x.pdf", b"%PDF-1.4"),
        file_name="x.pdf",
        uploaded_by=actors.own_commune_officer,
    )
    response = client_for(actors.own_commune_officer).post(reverse("cases:attachment_remove", args=[attachment.pk]))
    assert response.status_code == 400
    assert "không sửa được tờ khai, giấy tờ" in response.content.decode()
    assert DossierAttachment.objects.filter(pk=attachment.pk).exists()


def test_transitions_from_the_file_and_a_second_click(actors, dossier):
    client = client_for(actors.own_commune_officer)
    url = reverse("cases:dossier_transition", args=[dossier.pk])
    assert client.post(url, {"buoc": "submit"}).status_code == 302
    dossier.refresh_from_db()
    assert dossier.state == "reviewing"
    again = client.post(url, {"buoc": "submit"})
    assert again.status_code == 400
    assert "Không có gì thay đổi" in again.content.decode()
    assert dossier.steps.count() == 1


def test_posting_list_masks_personal_data_and_closes(actors, dossier, lucnam):
    received_earlier(grant_until(dossier, actors, "submit"), past_posting_start())
    person = dossier.person
    person.citizen_id = "024140001234"
    person.save(update_fields=["citizen_id"])
    client = client_for(actors.own_commune_officer)
    assert client.get(reverse("cases:posting_list")).status_code == 200
    response = client.post(
        reverse("cases:posting_create"),
        {
            "ho_so": [dossier.pk],
            "starts_on": past_posting_start().strftime("%d/%m/%Y"),
            "start_reason": "Đã dán danh sách từ ngày đó",
        },
    )
    posting = Posting.objects.get()
    assert response.status_code == 302
    public = Client().get(reverse("cases:public_posting", args=[lucnam.doi_ngo.pk]))
    assert public.status_code == 200  # no login
    pdf = client.get(reverse("cases:posting_pdf", args=[posting.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    detail = client.get(reverse("cases:posting_detail", args=[posting.pk])).content.decode()
    assert "Vũ Thị Già" in detail and "1940" in detail
    assert "024140001234" not in detail and "01/01/1940" not in detail
    assert client.post(reverse("cases:posting_close", args=[posting.pk])).status_code == 302
    posting.refresh_from_db()
    assert posting.closed_at is not None


def test_the_public_page_shows_a_running_posting_masked(actors, dossier, lucnam):
    grant_until(dossier, actors, "submit")
    client_for(actors.own_commune_officer).post(
        reverse("cases:posting_create"), {"ho_so": [dossier.pk], "starts_on": timezone.localdate().strftime("%d/%m/%Y")}
    )
    text = Client().get(reverse("cases:public_posting", args=[lucnam.doi_ngo.pk])).content.decode()
    assert "Vũ Thị Già" in text
    assert "01/01/1940" not in text
    assert "5.5a" not in text


def test_complaints_are_recorded_and_answered(actors, dossier):
    grant_until(dossier, actors, "post")
    client = client_for(actors.own_commune_officer)
    response = client.post(
        reverse("cases:complaint_add", args=[dossier.pk]),
        {
            "received_on": timezone.localdate().strftime("%d/%m/%Y"),
            "complainant": "Ông Tư",
            "content": "Có con trai nuôi",
        },
    )
    assert response.status_code == 302
    complaint = Complaint.objects.get()
    response = client.post(reverse("cases:complaint_resolve", args=[complaint.pk]), {"resolution": "Đã xác minh"})
    complaint.refresh_from_db()
    assert complaint.resolved_on is not None and complaint.resolution == "Đã xác minh"


def test_the_chair_signs_from_the_decision_page(actors, dossier):
    dossier = grant_until(dossier, actors, "appraise")
    decision = dossier.decision
    chair = client_for(actors.district_chair)
    page = chair.get(reverse("cases:decision_detail", args=[decision.pk]))
    assert page.status_code == 200 and "Ký quyết định" in page.content.decode()
    home = chair.get(reverse("web:home")).content.decode()
    assert reverse("cases:decision_detail", args=[decision.pk]) in home
    assert chair.post(reverse("cases:decision_sign", args=[decision.pk])).status_code == 302
    decision.refresh_from_db()
    assert decision.status == "signed" and decision.number.endswith("/QĐ-UBND")
    again = chair.post(reverse("cases:decision_sign", args=[decision.pk]))
    assert again.status_code == 403 or again.status_code == 400
    assert Entitlement.objects.filter(person=dossier.person, granted_by=decision).count() == 1


def test_decision_documents_download(actors, dossier):
    dossier = grant_until(dossier, actors, "decide")
    client = client_for(actors.labour_officer)
    docx = client.get(reverse("cases:decision_docx", args=[dossier.decision_id]))
    assert docx.status_code == 200
    assert "Vũ Thị Già" in docx_text(docx.content)
    pdf = client.get(reverse("cases:decision_pdf", args=[dossier.decision_id]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_the_signed_scan_is_attached(actors, dossier):
    dossier = grant_until(dossier, actors, "decide")
    client = client_for(actors.labour_officer)
    scan = SimpleUploadedFile("qd-da-ky.pdf", samples.PDF, content_type="application/pdf")
    response = client.post(reverse("cases:decision_scan_upload", args=[dossier.decision_id]), {"scan": scan})
    assert response.status_code == 302
    download = client.get(reverse("cases:decision_scan", args=[dossier.decision_id]))
    assert download.content == samples.PDF and download["Content-Type"] == "application/pdf"


def test_death_is_reported_in_one_short_form(actors, lucnam):
    someone = elderly_poor(actors, lucnam.doi_ngo, name="Đỗ Văn Mất")
    paper_entitlement(someone)
    client = client_for(actors.own_commune_officer)
    assert client.get(reverse("cases:report_death", args=[someone.pk])).status_code == 200
    response = client.post(
        reverse("cases:report_death", args=[someone.pk]), {"died_on": "10/03/2024", "source": "Trưởng thôn"}
    )
    assert response.status_code == 302
    someone.refresh_from_db()
    assert someone.life_status == "dead"
    assert Dossier.objects.get(person=someone, kind="stop").proposed_month == date(2024, 4, 1)


def test_a_move_is_reported_in_one_short_form(actors, lucnam):
    someone = elderly_poor(actors, lucnam.doi_ngo, name="Lê Văn Đi")
    paper_entitlement(someone)
    client = client_for(actors.labour_officer)
    response = client.post(
        reverse("cases:report_move", args=[someone.pk]),
        {"moved_on": "10/03/2024", "target_commune": lucnam.cam_ly.pk, "source": "Đơn đề nghị"},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Dossier.objects.filter(person=someone, kind="move").exists()
    refused = client.post(reverse("cases:report_move", args=[someone.pk]), {"moved_on": "10/03/2024", "source": "x"})
    assert refused.status_code == 200
    assert "Hãy chọn xã chuyển đến" in refused.content.decode()


def test_the_person_page_shows_amounts_month_by_month(actors, lucnam):
    someone = elderly_poor(actors, lucnam.doi_ngo, name="Phan Thị Hưởng")
    paper_entitlement(someone, coefficient="1.5", start=date(2024, 5, 1))
    page = client_for(actors.own_commune_officer).get(reverse("registry:person_detail", args=[someone.pk]))
    text = page.content.decode()
    assert "05/2024" in text and "07/2024" in text
    assert "540.000 đ" in text  # 360.000 × 1,5 before 07/2024
    assert "750.000 đ" in text  # 500.000 × 1,5 from 07/2024


def test_lists_and_todo_render(actors, dossier):
    for user in (actors.own_commune_officer, actors.labour_officer, actors.district_chair, actors.province_viewer):
        client = client_for(user)
        for name in ("cases:todo", "cases:dossier_list", "cases:decision_list", "web:home"):
            assert client.get(reverse(name)).status_code == 200, (user.username, name)
    overdue = Dossier.objects.filter(pk=dossier.pk)
    overdue.update(due_on=date(2024, 1, 2))
    text = client_for(actors.own_commune_officer).get(reverse("cases:todo")).content.decode()
    assert 'data-overdue="true"' in text
    assert Decision.objects.count() == 0


def test_a_batch_decision_lists_every_person(actors, lucnam):
    first = grant_until(
        open_grant(
            actors, elderly_poor(actors, lucnam.doi_ngo, name="Lê Thị Một"), declaration={"poor_household": True}
        ),
        actors,
        "appraise",
    )
    second = grant_until(
        open_grant(
            actors, elderly_poor(actors, lucnam.doi_ngo, name="Lê Văn Hai"), declaration={"poor_household": True}
        ),
        actors,
        "appraise",
    )
    labour = client_for(actors.labour_officer)
    listing = labour.get(reverse("cases:decision_list")).content.decode()
    assert "Gộp vào một quyết định" in listing
    response = labour.post(reverse("cases:decision_batch"), {"ho_so": [first.pk, second.pk]})
    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.decision_id == second.decision_id
    chair = client_for(actors.district_chair)
    # The chair's list: how many people and how much a month before opening the draft, and exceptions.
    Dossier.objects.filter(pk=second.pk).update(
        calculation={**second.calculation, "warnings": ["Máy tính không xác nhận diện 5.5a"]}
    )
    drafts = chair.get(reverse("cases:decision_list")).content.decode()
    each = standard_rate(YearMonth.of(timezone.localdate()), "24").value * 2  # 5.5a, aged 80+: 2,0
    assert '<td class="text-end">2</td>' in drafts and format_money(2 * each) in drafts
    assert "1 cảnh báo khi thẩm định" in drafts
    home = chair.get(reverse("web:home")).content.decode()  # the chair's to-do list says the same
    assert f"2 người · {format_money(2 * each)}/tháng" in home and "1 cảnh báo khi thẩm định" in home
    page = chair.get(reverse("cases:decision_detail", args=[first.decision_id])).content.decode()
    assert "Lê Thị Một" in page and "Lê Văn Hai" in page
    assert chair.post(reverse("cases:decision_sign", args=[first.decision_id])).status_code == 302
    docx = chair.get(reverse("cases:decision_docx", args=[first.decision_id]))
    text = docx_text(docx.content)
    assert "DANH SÁCH KÈM THEO" in text and "2 người có tên trong danh sách kèm theo" in text
    names = [row[1] for row in table_rows(docx_document(docx.content).tables[1])[1:]]
    assert names == ["Lê Thị Một", "Lê Văn Hai"]


def test_a_stop_dossier_is_opened_with_its_ground(actors, lucnam):
    someone = elderly_poor(actors, lucnam.doi_ngo, name="Mai Văn Thôi")
    paper_entitlement(someone)
    client = client_for(actors.own_commune_officer)
    response = client.post(
        reverse("cases:dossier_create", args=[someone.pk]),
        {"kind": "stop", "ground": "not_eligible", "ground_date": "15/03/2024"},
    )
    assert response.status_code == 302
    dossier = Dossier.objects.get(person=someone)
    assert (dossier.kind, dossier.ground, dossier.ground_date) == ("stop", "not_eligible", date(2024, 3, 15))
    refused = client.post(reverse("cases:dossier_create", args=[someone.pk]), {"kind": "suspend"})
    assert refused.status_code == 200
    assert "Hãy chọn lý do" in refused.content.decode()
    assert Dossier.objects.filter(person=someone).count() == 1
