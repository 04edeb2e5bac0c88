"""The payment pages through the test client: one month from generation to the post office's
report, the uploads (all or nothing), authorisations, recoveries and the rate-change list."""

from __future__ import annotations

from datetime import date, datetime
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from ansinh.audit.models import AuditEvent
from ansinh.core.months import YearMonth
from ansinh.core.tests import samples
from ansinh.payments.actions import payroll_approve, payroll_generate, payroll_send, recoveries_detect
from ansinh.payments.documents import LIST_HEADERS
from ansinh.payments.models import Authorisation, PayrollLine, PayrollMonth, PayrollStatus, PostOfficeReport, Recovery
from ansinh.payments.tests.conftest import ACKNOWLEDGED, beneficiary, run_month
from ansinh.registry.models import LifeStatus
from tests.crafted_xlsx import deflate_bomb_xlsx, far_corner_xlsx

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("before_the_reform")]  # the district flow (conftest)
AUGUST = YearMonth(2024, 8)
COLUMN = {header: index + 1 for index, header in enumerate(LIST_HEADERS)}


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def people(lucnam):
    an, _ = beneficiary(lucnam.doi_ngo, "Nguyễn Văn An", coefficient="1.5")
    binh, _ = beneficiary(lucnam.doi_ngo, "Trần Thị Bình", coefficient="2.5")
    return an, binh


@pytest.fixture
def sent(actors, people):
    payroll_generate(actor=actors.labour_officer, month=AUGUST)
    payroll = PayrollMonth.objects.get(commune=people[0].commune, month=AUGUST.first_day)
    payroll_approve(actor=actors.labour_head, payroll=payroll, acknowledgement=ACKNOWLEDGED)
    return payroll_send(actor=actors.labour_head, payroll=payroll)


def test_the_labour_office_generates_approves_and_sends_a_month(actors, people, lucnam):
    officer, head = client_for(actors.labour_officer), client_for(actors.labour_head)
    page = officer.get(reverse("payments:month"), {"thang": "2024-08"})
    assert page.status_code == 200
    assert "trước ngày 25, chậm nhất <strong>24/07/2024</strong>" in page.content.decode()
    response = officer.post(reverse("payments:generate"), {"month": "08/2024", "commune": lucnam.doi_ngo.pk})
    assert response.status_code == 302
    payroll = PayrollMonth.objects.get(commune=lucnam.doi_ngo, month=AUGUST.first_day)
    assert payroll.status == PayrollStatus.DRAFT and payroll.total == 750_000 + 1_250_000
    detail = reverse("payments:payroll_detail", args=[payroll.pk])
    assert "Hai triệu đồng" in head.get(detail).content.decode()
    assert officer.post(reverse("payments:payroll_approve", args=[payroll.pk])).status_code == 403
    head.post(reverse("payments:payroll_approve", args=[payroll.pk]), {"ly_do_chap_nhan": ACKNOWLEDGED})
    head.post(
        reverse("payments:payroll_approve", args=[payroll.pk]), {"ly_do_chap_nhan": ACKNOWLEDGED}
    )  # a second click changes nothing
    head.post(reverse("payments:payroll_send", args=[payroll.pk]))
    payroll.refresh_from_db()
    assert payroll.status == PayrollStatus.SENT and payroll.sent_by == actors.labour_head
    listing = officer.get(reverse("payments:month"), {"thang": "2024-08"}).content.decode()
    assert "Đã gửi bưu điện" in listing and "2.000.000 đ" in listing


def test_a_month_that_does_not_parse_is_refused_with_a_message(actors, people):
    response = client_for(actors.labour_officer).post(reverse("payments:generate"), {"month": "13/2024"}, follow=True)
    assert "Ghi tháng dạng mm/yyyy" in response.content.decode()
    assert not PayrollMonth.objects.exists()


def _filled_download(client: Client, payroll: PayrollMonth, edit) -> SimpleUploadedFile:
    response = client.get(reverse("payments:payroll_xlsx", args=[payroll.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(BytesIO(response.content))
    sheet = workbook.worksheets[0]
    rows = {sheet.cell(row, COLUMN["Họ và tên"]).value: row for row in range(6, 6 + payroll.line_count)}
    edit(sheet, rows)
    buffer = BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("ket-qua.xlsx", buffer.getvalue())


def _pay(sheet, row, name, day=datetime(2024, 8, 5), kind="Đối tượng"):
    sheet.cell(row, COLUMN["Ngày chi trả"]).value = day
    sheet.cell(row, COLUMN["Người nhận tiền"]).value = name
    sheet.cell(row, COLUMN["Nhận với tư cách"]).value = kind


def test_the_post_office_uploads_results_all_or_nothing(actors, sent):
    post_office = client_for(actors.post_office_officer)
    url = reverse("payments:payroll_upload", args=[sent.pk])

    def bad(sheet, rows):
        _pay(sheet, rows["Nguyễn Văn An"], "Nguyễn Văn An")
        _pay(sheet, rows["Trần Thị Bình"], "Trần Thị Bình", day="32/08/2024")

    response = post_office.post(url, {"file": _filled_download(post_office, sent, bad)})
    assert response.status_code == 400
    assert "“32/08/2024” không phải ngày (dd/mm/yyyy)" in response.content.decode()
    assert not PayrollLine.objects.filter(payroll=sent, result_recorded_at__isnull=False).exists()

    def good(sheet, rows):
        _pay(sheet, rows["Nguyễn Văn An"], "Nguyễn Văn An")
        sheet.cell(rows["Trần Thị Bình"], COLUMN["Lý do không chi trả"]).value = "Đi viện"

    response = post_office.post(url, {"file": _filled_download(post_office, sent, good)})
    assert response.status_code == 302
    lines = {line.person.full_name: line for line in PayrollLine.objects.filter(payroll=sent).select_related("person")}
    assert lines["Nguyễn Văn An"].paid_on == date(2024, 8, 5) and not lines["Nguyễn Văn An"].violation
    assert lines["Trần Thị Bình"].not_paid_reason == "Đi viện"
    reconciliation = client_for(actors.labour_officer).get(reverse("payments:reconciliation"), {"thang": "2024-08"})
    assert "750.000 đ" in reconciliation.content.decode() and "1.250.000 đ" in reconciliation.content.decode()


def test_a_file_that_is_not_a_spreadsheet_is_refused(actors, sent):
    response = client_for(actors.post_office_officer).post(
        reverse("payments:payroll_upload", args=[sent.pk]), {"file": SimpleUploadedFile("a.xlsx", b"nope")}
    )
    assert response.status_code == 400
    assert "Không đọc được tệp" in response.content.decode()


def test_a_payment_to_a_stranger_is_flagged_on_the_commune_dashboard(actors, sent, people):
    an, _binh = people
    line = PayrollLine.objects.get(payroll=sent, person=an)
    post_office = client_for(actors.post_office_officer)
    data = {"line": line.pk, "paid_on": "05/08/2024", "paid_to_name": "Đỗ Văn Lạ", "paid_to_kind": "other"}
    assert post_office.post(reverse("payments:payroll_result", args=[sent.pk]), data).status_code == 302
    line.refresh_from_db()
    assert line.violation and line.paid_to_name == "Đỗ Văn Lạ"
    page = client_for(actors.own_commune_officer).get(reverse("payments:month"), {"thang": "2024-08"}).content.decode()
    assert "Chi sai người nhận" in page and "Đỗ Văn Lạ" in page
    other = client_for(actors.other_commune_officer).get(reverse("payments:month"), {"thang": "2024-08"})
    assert "Đỗ Văn Lạ" not in other.content.decode()
    person_page = client_for(actors.own_commune_officer).get(reverse("registry:person_detail", args=[an.pk]))
    assert "Chi trả, ủy quyền nhận thay" in person_page.content.decode()


def test_the_post_office_submits_its_report_and_feedback(actors, sent, people, lucnam):
    an, binh = people
    post_office = client_for(actors.post_office_officer)
    url = reverse("payments:post_office_report")
    response = post_office.post(url, {"month": "08/2024", "notes": ""})
    assert response.status_code == 400 and "chưa ghi kết quả" in response.content.decode()
    for person, data in ((an, {"paid_on": "05/08/2024", "paid_to_name": an.full_name, "paid_to_kind": "beneficiary"}),
                         (binh, {"not_paid_reason": "Đi viện"})):  # fmt: skip
        line = PayrollLine.objects.get(payroll=sent, person=person)
        post_office.post(reverse("payments:payroll_result", args=[sent.pk]), {"line": line.pk, **data})
    assert post_office.post(url, {"month": "08/2024", "notes": "Đủ chữ ký"}).status_code == 302
    report = PostOfficeReport.objects.get()
    assert (report.paid_total, report.unpaid_total) == (750_000, 1_250_000)
    sent.refresh_from_db()
    assert sent.status == PayrollStatus.REPORTED
    feedback = {"commune": lucnam.doi_ngo.pk, "month": "08/2024", "rating": 4, "comment": "Chờ lâu"}
    assert post_office.post(url, feedback).status_code == 302
    assert "Chờ lâu" in client_for(actors.labour_officer).get(url).content.decode()


def test_authorisations_are_recorded_renewed_and_revoked_from_the_person_page(actors, people):
    an, _ = people
    officer = client_for(actors.own_commune_officer)
    scan = SimpleUploadedFile("uq.pdf", samples.PDF, content_type="application/pdf")
    data = {"authorised_name": "Nguyễn Văn Con", "relation": "con", "reference": "01/UQ ngày 01/07/2024",
            "valid_from": "01/07/2024", "valid_to": "31/12/2024", "scan": scan}  # fmt: skip
    response = officer.post(reverse("payments:authorisation_create", args=[an.pk]), data)
    assert response.status_code == 302
    authorisation = Authorisation.objects.get()
    person_page = officer.get(reverse("registry:person_detail", args=[an.pk])).content.decode()
    assert "Nguyễn Văn Con" in person_page and "01/UQ ngày 01/07/2024" in person_page
    assert officer.get(reverse("payments:authorisation_scan", args=[authorisation.pk])).status_code == 200
    assert (
        client_for(actors.other_commune_officer)
        .get(reverse("payments:authorisation_scan", args=[authorisation.pk]))
        .status_code
        == 404
    )
    renew = officer.get(reverse("payments:authorisation_renew", args=[authorisation.pk]))
    assert 'value="01/01/2025"' in renew.content.decode()
    response = officer.post(
        reverse("payments:authorisation_revoke", args=[authorisation.pk]),
        {"on": "01/08/2024", "reason": "Người hưởng yêu cầu"},
    )
    authorisation.refresh_from_db()
    assert authorisation.revoked_on == date(2024, 8, 1)
    bad = officer.post(
        reverse("payments:authorisation_create", args=[an.pk]), {**data, "authorised_name": "Nguyễn Văn An", "scan": ""}
    )
    assert bad.status_code == 400 and "phải là người khác" in bad.content.decode()


def test_recoveries_are_repaid_and_written_off(actors, lucnam):
    dead, _ = beneficiary(lucnam.doi_ngo, "Vũ Văn Mất", coefficient="2.0")
    run_month(actors, AUGUST, commune=lucnam.doi_ngo)
    dead.life_status, dead.death_date = LifeStatus.DEAD, date(2024, 7, 10)
    dead.save()
    recoveries_detect(actor=actors.labour_officer)
    recovery = Recovery.objects.get()
    officer, head = client_for(actors.labour_officer), client_for(actors.labour_head)
    dashboard = officer.get(reverse("payments:recoveries")).content.decode()
    assert "Vũ Văn Mất" in dashboard and "1.000.000 đ" in dashboard
    url = reverse("payments:recovery_repay", args=[recovery.pk])
    assert officer.post(url, {"amount": 2_000_000, "on": "01/09/2024"}).status_code == 400
    assert officer.post(url, {"amount": 400_000, "on": "01/09/2024", "reference": "BL 12"}).status_code == 302
    recovery.refresh_from_db()
    assert recovery.balance == 600_000
    write_off = reverse("payments:recovery_write_off", args=[recovery.pk])
    assert officer.post(write_off, {"decision_reference": "QĐ 5", "on": "02/09/2024"}).status_code == 403
    assert head.post(write_off, {"decision_reference": "QĐ 5/QĐ-UBND", "on": "02/09/2024"}).status_code == 302
    recovery.refresh_from_db()
    assert recovery.balance == 0 and recovery.status == "written_off"


def test_the_documents_download_as_files(actors, sent):
    officer = client_for(actors.labour_officer)
    pdf = officer.get(reverse("payments:payroll_signature_pdf", args=[sent.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    summary = officer.get(reverse("payments:district_summary"), {"thang": "2024-08"})
    assert summary.status_code == 200 and summary["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(load_workbook(BytesIO(summary.content), read_only=True).worksheets[0].iter_rows(values_only=True))
    assert "Huyện Lục Nam" in str(rows[2][0])
    assert next(row for row in rows if row and row[0] == "Tổng cộng")[6] == sent.total
    summary_pdf = officer.get(reverse("payments:district_summary"), {"thang": "2024-08", "dinh_dang": "pdf"})
    assert summary_pdf.content.startswith(b"%PDF")
    taken = AuditEvent.objects.filter(action="payments.document_taken", actor=actors.labour_officer)
    assert sorted(event.after["document"] for event in taken) == ["ky-nhan.pdf", "tong-hop.pdf", "tong-hop.xlsx"]


def test_the_rate_change_list_shows_old_and_new_amounts(actors, lucnam):
    beneficiary(lucnam.doi_ngo, "Nguyễn Văn An", coefficient="1.5")
    officer = client_for(actors.labour_officer)
    page = officer.get(reverse("payments:rate_changes"), {"before": "06/2024", "after": "07/2024"})
    text = page.content.decode()
    assert page.status_code == 200 and "540.000 đ" in text and "750.000 đ" in text
    file = officer.get(reverse("payments:rate_changes"), {"before": "06/2024", "after": "07/2024", "xuat": "xlsx"})
    rows = list(load_workbook(BytesIO(file.content), read_only=True).worksheets[0].iter_rows(values_only=True))
    assert rows[5][1:3] == ("Nguyễn Văn An", "1940") and rows[5][8:11] == (540_000, 750_000, 210_000)
    bad = officer.get(reverse("payments:rate_changes"), {"before": "x", "after": "07/2024"})
    assert bad.status_code == 400 and "mm/yyyy" in bad.content.decode()


def test_list_pages_do_not_query_per_line(actors, lucnam, django_assert_max_num_queries):
    for number in range(25):
        beneficiary(lucnam.doi_ngo, f"Người Thứ {number}", coefficient="1.5")
    payroll = run_month(actors, AUGUST, commune=lucnam.doi_ngo, unpaid=set())
    officer = client_for(actors.labour_officer)
    # The list page reads the review's differences and the cleared violations too: 31 queries on
    # PostgreSQL with 5 lines as with 25, so the bound is constant, not per line. Each page is opened once
    # first: the process's caches (the rule book, the categories' names) are then as warm as in any other
    # order of the tests, so the count measured is the page's own.
    for url, query in (
        (reverse("payments:payroll_detail", args=[payroll.pk]), {}),
        (reverse("payments:month"), {"thang": "2024-08"}),
        (reverse("payments:payroll_xlsx", args=[payroll.pk]), {}),
    ):
        officer.get(url, query)
    with django_assert_max_num_queries(35):
        assert officer.get(reverse("payments:payroll_detail", args=[payroll.pk])).status_code == 200
    with django_assert_max_num_queries(30):
        assert officer.get(reverse("payments:month"), {"thang": "2024-08"}).status_code == 200
    with django_assert_max_num_queries(30):
        assert officer.get(reverse("payments:payroll_xlsx", args=[payroll.pk])).status_code == 200


def test_the_list_shows_what_changed_since_last_month(actors, lucnam):
    from ansinh.cases.models import DecisionKind, Suspension
    from ansinh.payments.tests.conftest import decision, entitle

    july, august = YearMonth(2024, 7), AUGUST
    beneficiary(lucnam.doi_ngo, "Nguyễn Văn Còn")
    dead, _ = beneficiary(lucnam.doi_ngo, "Lê Văn Mất")
    beneficiary(lucnam.doi_ngo, "Phạm Thị Thôi", end=august)
    _, paused_entitlement = beneficiary(lucnam.doi_ngo, "Hà Văn Dừng")
    raised, _ = beneficiary(lucnam.doi_ngo, "Vũ Thị Tăng", coefficient="1.5", end=august)
    entitle(raised, coefficient="2.0", start=august)
    run_month(actors, july, commune=lucnam.doi_ngo)
    dead.life_status, dead.death_date = LifeStatus.DEAD, date(2024, 7, 10)
    dead.save()
    Suspension.objects.create(
        entitlement=paused_entitlement,
        from_month=august.first_day,
        reason="detention",
        decision=decision(lucnam.doi_ngo, kind=DecisionKind.SUSPEND, month=august),
    )
    beneficiary(lucnam.doi_ngo, "Đỗ Văn Mới", start=august)
    payroll = run_month(actors, august, commune=lucnam.doi_ngo, pay=False)

    url = reverse("payments:payroll_detail", args=[payroll.pk])
    officer = client_for(actors.own_commune_officer)
    page = officer.get(url).content.decode()
    assert "So với danh sách tháng 07/2024" in page
    assert "1 người mới" in page and "1 người đổi mức" in page and "3 người không còn trong danh sách" in page
    assert "Đã chết ngày 10/07/2024" in page
    assert "Thôi hưởng từ tháng 08/2024" in page
    assert "Đang tạm dừng trợ cấp" in page
    assert "tháng trước 750.000 đ" in page  # 1,5 × 500.000 đ, now 2,0
    new_only = officer.get(url, {"loc": "moi"}).content.decode()
    assert "Đỗ Văn Mới" in new_only and "Nguyễn Văn Còn" not in new_only
    changed_only = officer.get(url, {"loc": "doi-muc"}).content.decode()
    assert "Vũ Thị Tăng" in changed_only and "Đỗ Văn Mới" not in changed_only

    # The post office sees the list it is sent, never why people left the register.
    payroll_send(
        actor=actors.labour_head,
        payroll=payroll_approve(actor=actors.labour_head, payroll=payroll, acknowledgement=ACKNOWLEDGED),
    )
    post = client_for(actors.post_office_officer).get(url).content.decode()
    assert "Đỗ Văn Mới" in post and "Đã chết" not in post and 'data-testid="changes"' not in post


@pytest.mark.parametrize(
    "crafted",
    [lambda: far_corner_xlsx(dimension=False), lambda: far_corner_xlsx(dimension=True), deflate_bomb_xlsx],
    ids=["far corner", "far corner declared", "deflate bomb"],
)
def test_a_crafted_results_file_is_refused_on_the_form(actors, sent, crafted):
    """Issue 12: calamine aborted the web worker serving this upload."""
    response = client_for(actors.post_office_officer).post(
        reverse("payments:payroll_upload", args=[sent.pk]), {"file": SimpleUploadedFile("ket-qua.xlsx", crafted())}
    )

    assert response.status_code == 400
    assert "Tệp Excel không đọc được: " in response.content.decode()
    assert not PayrollLine.objects.filter(payroll=sent, result_recorded_at__isnull=False).exists()
