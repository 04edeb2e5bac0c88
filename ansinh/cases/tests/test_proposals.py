"""The commune's proposal (tờ trình, NĐ 20/2021/NĐ-CP Art 8(1)(c)): one numbered document signed by the
commune chair for a batch of dossiers, all or nothing, printed as PDF and DOCX."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from ansinh.audit.models import AuditEvent
from ansinh.cases.documents import proposal_document, proposal_docx, proposal_pdf
from ansinh.cases.dossiers import dossier_open
from ansinh.cases.models import DecisionSequence, Dossier, Proposal, ProposalEntry
from ansinh.cases.postings import posting_open
from ansinh.cases.proposals import proposal_sign
from ansinh.cases.tests.factories import change_until, elderly_poor, grant_until, open_grant, paper_entitlement
from tests.readback import docx_document, docx_paragraphs, pdf_text, table_rows

pytestmark = pytest.mark.django_db


def _posted(actors, commune, name):
    """A 5.5a grant proposed from 08/2024 (aged 74: coefficient 1,5; standard rate 500.000 đ), posted and over."""
    someone = elderly_poor(actors, commune, name=name, born=date(1950, 1, 1))
    dossier = open_grant(actors, someone, declaration={"poor_household": True}, proposed_month=date(2024, 8, 1))
    return grant_until(dossier, actors, "post")


def _adjust_reviewing(actors, commune, name):
    someone = elderly_poor(actors, commune, name=name)
    paper_entitlement(someone, coefficient="1.5", start=date(2024, 5, 1))
    dossier = dossier_open(
        actor=actors.own_commune_officer,
        person=someone,
        kind="adjust",
        category_code="5.5a",
        coefficient="2.0",
        ground_date=date(2024, 8, 10),
    )
    return change_until(dossier, actors, "submit")


def _states(*dossiers):
    return [Dossier.objects.get(pk=dossier.pk).state for dossier in dossiers]


def test_one_proposal_for_a_batch_numbered_per_commune_office_and_year(actors, lucnam):
    first = _posted(actors, lucnam.doi_ngo, "Vũ Thị Một")
    second = _posted(actors, lucnam.doi_ngo, "Vũ Thị Hai")
    adjust = _adjust_reviewing(actors, lucnam.doi_ngo, "Vũ Văn Ba")

    proposal = proposal_sign(actor=actors.own_commune_chair, dossiers=[first, second, adjust])

    assert proposal.number == "1/TTr-UBND"
    assert proposal.commune == lucnam.doi_ngo and proposal.signed_by_id == actors.own_commune_chair.pk
    assert _states(first, second, adjust) == ["proposed"] * 3
    assert all(Dossier.objects.get(pk=d.pk).due_on for d in (first, second, adjust))  # the appraisal deadline
    entries = {entry.dossier_id: entry for entry in proposal.entries.all()}
    assert (entries[adjust.pk].coefficient, entries[adjust.pk].amount) == (Decimal("2.00"), 1_000_000)  # 08/2024
    grant = entries[first.pk]
    assert grant.category_code == "5.5a" and grant.coefficient == Decimal("1.50") and grant.amount == 750_000
    event = AuditEvent.objects.get(action="cases.proposal_sign")
    assert event.after["number"] == "1/TTr-UBND" and sorted(event.after["dossiers"]) == sorted(entries)

    # The next proposal of the commune takes the next number; decisions keep their own series.
    third = _posted(actors, lucnam.doi_ngo, "Vũ Thị Bốn")
    assert proposal_sign(actor=actors.own_commune_chair, dossiers=[third]).number == "2/TTr-UBND"
    assert DecisionSequence.objects.get(series="TTr").last_number == 2
    assert not DecisionSequence.objects.filter(series="QĐ").exists()


def test_the_single_propose_step_signs_a_one_dossier_proposal(actors, lucnam):
    dossier = grant_until(
        open_grant(actors, elderly_poor(actors, lucnam.doi_ngo), declaration={"poor_household": True}),
        actors,
        "propose",
    )
    assert dossier.state == "proposed"
    assert Proposal.objects.get(entries__dossier=dossier).number == "1/TTr-UBND"


def test_a_batch_with_one_bad_dossier_changes_nothing(actors, lucnam):
    ready = _posted(actors, lucnam.doi_ngo, "Vũ Thị Một")
    running = open_grant(actors, elderly_poor(actors, lucnam.doi_ngo, name="Vũ Thị Hai"))
    running = grant_until(running, actors, "submit")
    posting_open(actor=actors.own_commune_officer, dossiers=[running])  # posted today: 2 working days to run

    with pytest.raises(ValidationError, match="Đang niêm yết công khai đến hết ngày"):
        proposal_sign(actor=actors.own_commune_chair, dossiers=[ready, running])

    assert _states(ready, running) == ["posted", "posted"]
    assert not Proposal.objects.exists() and not ProposalEntry.objects.exists()
    assert not DecisionSequence.objects.filter(series="TTr").exists()
    assert not AuditEvent.objects.filter(action="cases.proposal_sign").exists()


def test_refusals(actors, lucnam, before_the_reform):
    own = _posted(actors, lucnam.doi_ngo, "Vũ Thị Một")
    with pytest.raises(ValidationError, match="Hãy chọn hồ sơ"):
        proposal_sign(actor=actors.own_commune_chair, dossiers=[])
    with pytest.raises(PermissionDenied, match="không có quyền"):
        proposal_sign(actor=actors.own_commune_officer, dossiers=[own])  # the officer prepares, the chair signs
    with pytest.raises(PermissionDenied, match="không có quyền"):
        proposal_sign(actor=actors.district_chair, dossiers=[own])
    other = dossier_open(
        actor=actors.other_commune_officer,
        person=elderly_poor(actors, lucnam.cam_ly, name="Cẩm Lý"),
        kind="grant",
        category_code="5.5a",
    )
    with pytest.raises(ValidationError, match="một xã"):
        proposal_sign(actor=actors.own_commune_chair, dossiers=[own, other])
    assert not Proposal.objects.exists()

    proposal_sign(actor=actors.own_commune_chair, dossiers=[own])
    with pytest.raises(ValidationError, match="Không có gì thay đổi"):  # a second click
        proposal_sign(actor=actors.own_commune_chair, dossiers=[own])
    assert Proposal.objects.count() == 1


def test_the_printed_proposal_reads_back(actors, lucnam, today_is):
    today_is(date(2025, 9, 15))
    first = _posted(actors, lucnam.doi_ngo, "Vũ Thị Một")
    adjust = _adjust_reviewing(actors, lucnam.doi_ngo, "Vũ Văn Ba")
    proposal = proposal_sign(actor=actors.own_commune_chair, dossiers=[first, adjust])
    # A category that tells HIV is never printed: the proposal passes through the registries.
    ProposalEntry.objects.filter(dossier=adjust).update(category_code="5.3")
    document = proposal_document(proposal)

    text = pdf_text(proposal_pdf(document))
    for expected in ("TỜ TRÌNH", "Số: 1/TTr-UBND", "Kính gửi", "Vũ Thị Một", "Vũ Văn Ba", "Bảo mật", "750.000"):
        assert expected in text, expected
    assert not re.search(r"(?<![\d.,])5\.3(?!\d)", text)  # the code, not digits of an amount
    assert "Hưởng trợ cấp xã hội hàng tháng: 1 người" in text
    assert "Điều chỉnh mức trợ cấp: 1 người" in text
    assert "Tổng mức trợ cấp hàng tháng đề nghị: 1.750.000 đồng (Một triệu bảy trăm năm mươi nghìn đồng)" in text

    content = proposal_docx(document)
    paragraphs = docx_paragraphs(content)
    assert "TỜ TRÌNH" in paragraphs and "DANH SÁCH KÈM THEO" in paragraphs
    tables = docx_document(content).tables
    assert "Số: 1/TTr-UBND" in " ".join(table_rows(tables[0])[0])
    rows = table_rows(tables[-1])
    assert rows[0][1] == "Họ và tên" and [row[1] for row in rows[1:]] == ["Vũ Thị Một", "Vũ Văn Ba"]
    assert rows[2][5] == "Bảo mật" and rows[1][7] == "750.000 đ"


def test_pages_for_the_chair_and_the_officer(actors, lucnam, client):
    first = _posted(actors, lucnam.doi_ngo, "Vũ Thị Một")
    running = grant_until(open_grant(actors, elderly_poor(actors, lucnam.doi_ngo, name="Vũ Thị Hai")), actors, "submit")
    posting_open(actor=actors.own_commune_officer, dossiers=[running])

    client.force_login(actors.own_commune_officer)
    page = client.get(reverse("cases:proposal_list")).content.decode()
    assert "Vũ Thị Một" in page and 'name="ho_so"' not in page  # the officer sees, the chair signs

    client.force_login(actors.own_commune_chair)
    home = client.get(reverse("cases:todo")).content.decode()
    assert "2 hồ sơ chờ ký tờ trình đề nghị" in home
    assert home.count("Đang niêm yết công khai đến hết ngày") == 1  # the running one, in the to-do table
    page = client.get(reverse("cases:proposal_list")).content.decode()
    assert f'value="{first.pk}" id="ho-so-{first.pk}" checked' in page
    assert f'value="{running.pk}" id="ho-so-{running.pk}" disabled' in page
    assert "Đang niêm yết công khai đến hết ngày" in page

    refused = client.post(reverse("cases:proposal_create"), {"ho_so": [first.pk, running.pk]})
    assert refused.status_code == 400 and not Proposal.objects.exists()
    assert "Không có gì thay đổi" in refused.content.decode()

    response = client.post(reverse("cases:proposal_create"), {"ho_so": [first.pk]})
    proposal = Proposal.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("cases:proposal_detail", args=[proposal.pk])
    dossier_page = client.get(reverse("cases:dossier_detail", args=[first.pk])).content.decode()
    assert "Tờ trình số 1/TTr-UBND ngày" in dossier_page
    detail = client.get(response["Location"]).content.decode()
    assert "1/TTr-UBND" in detail and "Vũ Thị Một" in detail and "750.000" in detail
    pdf = client.get(reverse("cases:proposal_pdf", args=[proposal.pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    docx = client.get(reverse("cases:proposal_docx", args=[proposal.pk]))
    assert 'filename="to-trinh-1-TTr-UBND.docx"' in docx["Content-Disposition"]
