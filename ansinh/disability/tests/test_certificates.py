"""Certificates: numbering, the disability fact, exchange/re-issue/revocation, the link to the 5.6
dossier (grant, adjustment, stop) and refusals that change nothing."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client
from django.urls import reverse

from ansinh.cases.models import Dossier
from ansinh.disability import allowance_dossiers, certificates, complaints, escalations, postings, selectors
from ansinh.disability.models import Certificate, CertificateSequence, CertificateStatus, Request, RequestStatus
from ansinh.disability.tests.conftest import entitle
from ansinh.registry.models import FactKind


def test_numbers_run_per_commune_and_year(flow, make_person, lucnam):
    first = flow.issue(flow.to_posting(make_person("Người Một")), issued_on=date(2026, 3, 16))
    second = flow.issue(flow.to_posting(make_person("Người Hai")), issued_on=date(2026, 3, 17))
    assert (first.number, second.number) == ("0001/2026/GXNKT", "0002/2026/GXNKT")
    CertificateSequence.objects.create(commune=lucnam.cam_ly, year=2026, last=41)
    assert certificates.next_certificate_number(lucnam.cam_ly.pk, 2026) == (42, "0042/2026/GXNKT")
    assert certificates.next_certificate_number(lucnam.doi_ngo.pk, 2027) == (1, "0001/2027/GXNKT")


@pytest.mark.django_db(transaction=True)
def test_concurrent_numbering_never_repeats(lucnam):
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers; the row lock is exercised on PostgreSQL")
    from django.db import transaction

    numbers: list[str] = []

    def take() -> None:
        with transaction.atomic():
            numbers.append(certificates.next_certificate_number(lucnam.doi_ngo.pk, 2026)[1])
        connection.close()

    threads = [threading.Thread(target=take) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(numbers) == [f"{n:04d}/2026/GXNKT" for n in range(1, 7)]


def test_issuing_records_the_fact_and_waits_for_the_officers_grant_dossier(actors, flow, make_person):
    person = make_person()
    request = flow.to_posting(person, total=16, items=["1.2", "3.1"])
    certificate = flow.issue(request, issued_on=date(2026, 3, 16))
    assert (certificate.level, certificate.types, certificate.signer_name) == (
        "especially_severe",
        ["motor", "vision"],
        actors.own_commune_chair.full_name,
    )
    request.refresh_from_db()
    assert request.status == RequestStatus.CERTIFIED
    fact = person.facts.get(kind=FactKind.DISABILITY)
    assert fact.value == {
        "level": "especially_severe",
        "types": ["motor", "vision"],
        "certificate_number": "0001/2026/GXNKT",
        "certificate_date": "2026-03-16",
    }
    assert fact.effective_from == date(2026, 3, 16)
    # The chairman signs; the commune officer opens the grant dossier from the waiting list.
    assert certificate.dossier_kind == "grant" and certificate.dossier is None
    assert list(selectors.certificates_awaiting_dossier(actors.own_commune_officer)) == [certificate]
    officer = Client()
    officer.force_login(actors.own_commune_officer)
    home = officer.get(reverse("web:home")).content.decode()
    assert "1 giấy xác nhận chờ lập hồ sơ trợ cấp" in home
    board = officer.get(reverse("disability:index")).content.decode()
    assert 'data-testid="awaiting-dossier"' in board and certificate.number in board
    dossier = allowance_dossiers.certificate_dossier_open(actor=actors.own_commune_officer, certificate=certificate)
    assert (dossier.kind, dossier.category_code, dossier.proposed_month) == ("grant", "5.6", date(2026, 3, 1))
    assert not selectors.certificates_awaiting_dossier(actors.own_commune_officer).exists()
    with pytest.raises(ValidationError, match="Đã lập hồ sơ trợ cấp cho giấy này"):
        allowance_dossiers.certificate_dossier_open(actor=actors.own_commune_officer, certificate=certificate)
    assert Dossier.objects.count() == 1


def test_a_mild_level_prepares_no_grant(flow, make_person):
    certificate = flow.issue(flow.to_posting(make_person(), total=4))
    assert (certificate.level, certificate.dossier_kind) == ("mild", "")


def _redetermine(flow, person, total, day=date(2026, 4, 14), received_on=date(2026, 4, 1)):
    request = flow.receive(person, kind="redetermine", received_on=received_on, reason="Tình trạng thay đổi")
    session = flow.held_session([request], day=day)
    flow.post(flow.conclude(flow.assess(session, request, total=total)))
    request.refresh_from_db()
    return request


def test_changed_level_with_an_open_allowance_prepares_an_adjustment(actors, flow, make_person):
    person = make_person()
    first = flow.issue(flow.to_posting(person, total=9))  # severe
    entitlement = entitle(person)
    second = flow.issue(_redetermine(flow, person, total=16), issued_on=date(2026, 4, 20))
    first.refresh_from_db()
    assert (first.status, second.replaces, second.level) == (CertificateStatus.REPLACED, first, "especially_severe")
    assert second.dossier_kind == "adjust"
    dossier = allowance_dossiers.certificate_dossier_open(actor=actors.own_commune_officer, certificate=second)
    assert (dossier.kind, dossier.proposed_month, dossier.entitlement) == ("adjust", date(2026, 4, 1), entitlement)
    facts = list(person.facts.filter(kind=FactKind.DISABILITY).order_by("effective_from"))
    assert [(f.value["level"], f.effective_to) for f in facts] == [
        ("severe", date(2026, 4, 19)),
        ("especially_severe", None),
    ]


def test_same_level_on_redetermination_needs_no_dossier(flow, make_person):
    person = make_person()
    flow.issue(flow.to_posting(person, total=9))
    entitle(person)
    assert flow.issue(_redetermine(flow, person, total=10), issued_on=date(2026, 4, 20)).dossier_kind == ""


def test_mild_on_an_open_allowance_prepares_a_stop(actors, flow, make_person):
    person = make_person()
    flow.issue(flow.to_posting(person, total=9))
    entitlement = entitle(person)
    certificate = flow.issue(_redetermine(flow, person, total=3), issued_on=date(2026, 4, 20))
    assert certificate.dossier_kind == "stop"
    dossier = allowance_dossiers.certificate_dossier_open(actor=actors.own_commune_officer, certificate=certificate)
    assert (dossier.kind, dossier.ground, dossier.proposed_month, dossier.entitlement) == (
        "stop",
        "not_eligible",
        date(2026, 5, 1),
        entitlement,
    )


def test_exchange_and_reissue_keep_the_level_and_prepare_nothing(flow, make_person):
    person = make_person()
    original = flow.issue(flow.to_posting(person, total=9))
    exchange = flow.receive(person, kind="exchange", received_on=date(2026, 4, 1), reason="Giấy cũ bị hỏng")
    exchanged = flow.issue(exchange, issued_on=date(2026, 4, 2))
    original.refresh_from_db()
    assert (original.status, exchanged.level, exchanged.types, exchanged.dossier_kind) == (
        CertificateStatus.EXCHANGED,
        original.level,
        original.types,
        "",
    )
    reissue = flow.receive(person, kind="reissue", received_on=date(2026, 4, 6), reason="Mất giấy")
    reissued = flow.issue(reissue, issued_on=date(2026, 4, 7))
    exchanged.refresh_from_db()
    assert exchanged.status == CertificateStatus.REISSUED and reissued.replaces == exchanged
    assert Certificate.objects.filter(person=person, status=CertificateStatus.VALID).get() == reissued
    assert reissued.number == "0003/2026/GXNKT"


def test_revocation_ends_the_fact_and_prepares_a_stop(actors, flow, make_person):
    person = make_person()
    certificate = flow.issue(flow.to_posting(person, total=9))
    entitle(person)
    certificates.certificate_revoke(
        actor=actors.own_commune_chair, certificate=certificate, revoked_on=date(2026, 5, 4), reason="Khai man"
    )
    certificate.refresh_from_db()
    assert (certificate.status, certificate.dossier_kind) == (CertificateStatus.REVOKED, "stop")
    assert person.facts.get(kind=FactKind.DISABILITY).effective_to == date(2026, 5, 4)
    dossier = allowance_dossiers.certificate_dossier_open(actor=actors.own_commune_officer, certificate=certificate)
    assert dossier.proposed_month == date(2026, 6, 1)
    with pytest.raises(ValidationError, match="Giấy xác nhận không còn giá trị"):
        certificates.certificate_revoke(
            actor=actors.own_commune_chair, certificate=certificate, revoked_on=date(2026, 5, 5), reason="x"
        )


def test_escalated_case_is_certified_on_the_medical_councils_outcome(actors, flow, make_person):
    person = make_person()
    request = flow.receive(person)
    session = flow.held_session([request])
    assessment = flow.conclude(flow.assess(session, request, total=8))
    escalations.escalation_send(
        actor=actors.own_council_officer, request=request, reason="disagrees", sent_on=date(2026, 3, 11)
    )
    escalation = request.escalations.get()
    request.refresh_from_db()
    with pytest.raises(ValidationError, match="Chưa có kết luận của Hội đồng Giám định y khoa"):
        flow.issue(request)  # no outcome yet
    escalations.escalation_outcome(
        actor=actors.own_council_officer,
        escalation=escalation,
        outcome="disabled",
        level="especially_severe",
        types=["motor"],
        outcome_on=date(2026, 4, 1),
    )
    certificate = flow.issue(request, issued_on=date(2026, 4, 3))
    assert (certificate.level, certificate.escalation, certificate.assessment) == (
        "especially_severe",
        escalation,
        None,
    )
    assert assessment.concluded_level == "severe"


def _state() -> tuple:
    return (
        list(Certificate.objects.values_list("number", "status")),
        list(Request.objects.values_list("status", flat=True)),
        CertificateSequence.objects.values_list("last", flat=True).first(),
        Dossier.objects.count(),
    )


def test_refusals_change_nothing(actors, flow, make_person):
    request = flow.to_posting(make_person(), total=16)
    before = _state()
    for actor in (
        actors.own_council_officer,
        actors.own_commune_officer,
        actors.labour_head,
        actors.other_commune_officer,
    ):
        with pytest.raises(PermissionDenied, match="không có quyền"):
            certificates.certificate_issue(actor=actor, request=request, issued_on=date(2026, 3, 16))
    with pytest.raises(ValidationError, match="Phải từ ngày nhận đơn"):
        certificates.certificate_issue(actor=actors.own_commune_chair, request=request, issued_on=date(2026, 3, 1))
    assert _state() == before
    posting = request.assessments.get().posting
    complaints.complaint_receive(
        actor=actors.own_council_officer, posting=posting, received_on=date(2026, 3, 11), complainant="A", content="B"
    )
    with pytest.raises(ValidationError, match="Còn khiếu nại về kết luận chưa được trả lời"):
        flow.issue(request)  # a complaint is open
    assert _state() == before
    complaint = posting.complaints.get()
    complaints.complaint_answer(
        actor=actors.own_council_officer,
        complaint=complaint,
        answered_on=date(2026, 3, 12),
        answer="Giữ nguyên",
        upheld=False,
    )
    flow.issue(request)
    after = _state()
    with pytest.raises(ValidationError, match="Đã cấp giấy xác nhận cho đơn này"):
        flow.issue(request)  # a second click
    assert _state() == after


def test_not_disabled_on_redetermination_revokes(actors, flow, make_person):
    person = make_person()
    certificate = flow.issue(flow.to_posting(person, total=9))
    entitle(person)
    request = flow.receive(person, kind="redetermine", received_on=date(2026, 4, 1), reason="Đã phục hồi")
    session = flow.held_session([request], day=date(2026, 4, 14))
    assessment = flow.assess(session, request, items=[], total=0)
    posting = flow.post(flow.conclude(assessment, outcome="not_disabled", level=""))
    postings.conclusion_close_not_disabled(actor=actors.own_commune_chair, posting=posting, closed_on=date(2026, 4, 21))
    certificate.refresh_from_db()
    request.refresh_from_db()
    assert (request.status, certificate.status, certificate.dossier_kind) == (
        RequestStatus.NOT_DISABLED,
        CertificateStatus.REVOKED,
        "stop",
    )
