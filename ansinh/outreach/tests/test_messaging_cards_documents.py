"""The outbox's "card ready" and "documents to bring" messages: produced set-based and idempotently from the
cards the BHXH desk recorded and the dossiers returned incomplete; never a category, never the HIV certificate."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.base import ContentFile

from ansinh.cases.models import Dossier, DossierAttachment, DossierState, DossierStep
from ansinh.insurance.models import HealthCard
from ansinh.outreach.messaging import produce_messages
from ansinh.outreach.models import Message, MessageKind
from ansinh.payments.tests.conftest import person

pytestmark = pytest.mark.django_db


def _card(who, number="BT2242422000001", valid_from=date(2024, 8, 1)):
    return HealthCard.objects.create(person=who, number=number, valid_from=valid_from, commune=who.commune)


def _returned(who, actor, *, category="5.6", state=DossierState.REVIEWING, attached=()):
    dossier = Dossier.objects.create(
        kind="grant",
        person=who,
        category_code=category,
        state=state,
        commune=who.commune,
        created_by=actor,
    )
    for code in attached:
        DossierAttachment.objects.create(
            dossier=dossier,
            document_code=code,
            file=ContentFile(b"%PDF-1.4", name="giay.pdf"),
            file_name="giay.pdf",
            uploaded_by=actor,
        )
    DossierStep.objects.create(
        dossier=dossier,
        transition="return",
        from_state=DossierState.PROPOSED,
        to_state=DossierState.REVIEWING,
        actor=actor,
        reason="Thiếu giấy xác nhận khuyết tật",
    )
    return dossier


def test_a_recorded_card_tells_its_holder_once(actors, lucnam, today_is):
    today_is(date(2024, 8, 5))
    an = person(lucnam.doi_ngo, "Nguyễn Văn An", phone="0912000001")
    _card(an)
    _card(person(lucnam.doi_ngo, "Trần Văn Không Số"), number="BT2242422000002")  # no phone: no message
    replaced = _card(person(lucnam.doi_ngo, "Lê Văn Cũ", phone="0912000002"), number="BT2242422000003")
    replaced.replaced_on = date(2024, 8, 3)
    replaced.save()
    produced = produce_messages(since=date(2024, 8, 1))
    assert produced.card_ready == 1
    assert produce_messages(since=date(2024, 8, 1)).card_ready == 0
    message = Message.objects.get(kind=MessageKind.CARD_READY)
    assert message.person == an and message.commune == lucnam.doi_ngo
    assert "01/08/2024" in message.text and "BT2242422000001" not in message.text
    assert produce_messages(since=date(2024, 8, 6)).card_ready == 0


def test_a_dossier_returned_incomplete_lists_what_to_bring(actors, lucnam, today_is):
    today_is(date(2024, 8, 5))
    officer = actors.labour_officer
    incomplete = _returned(person(lucnam.doi_ngo, "Nguyễn Văn An", phone="0912000001"), officer)
    _returned(  # the certificate is there but the declaration is not: only the declaration is asked
        person(lucnam.doi_ngo, "Phạm Thị Bình", phone="0912000005"), officer, attached=("disability_certificate",)
    )
    _returned(person(lucnam.doi_ngo, "Đỗ Văn Xong", phone="0912000006"), officer, state=DossierState.POSTED)
    produced = produce_messages(since=date(2024, 8, 1))
    assert produced.documents_missing == 2
    assert produce_messages(since=date(2024, 8, 1)).documents_missing == 0
    texts = dict(Message.objects.filter(kind=MessageKind.DOCUMENTS_MISSING).values_list("person__full_name", "text"))
    assert "giấy xác nhận khuyết tật" in texts["Nguyễn Văn An"] and "Tờ khai" in texts["Nguyễn Văn An"]
    assert "khuyết tật" not in texts["Phạm Thị Bình"] and "Tờ khai" in texts["Phạm Thị Bình"]
    assert Message.objects.get(kind=MessageKind.DOCUMENTS_MISSING, person=incomplete.person).commune == lucnam.doi_ngo
    for text in texts.values():
        assert "5.6" not in text and len(text) <= 500


def test_an_hiv_dossier_is_only_asked_to_contact_the_commune(actors, lucnam, today_is):
    today_is(date(2024, 8, 5))
    _returned(person(lucnam.doi_ngo, "Lê Thị Kín", phone="0912000003"), actors.labour_officer, category="5.8")
    assert produce_messages(since=date(2024, 8, 1)).documents_missing == 1
    text = Message.objects.get(kind=MessageKind.DOCUMENTS_MISSING).text
    assert "HIV" not in text and "5.8" not in text and "liên hệ UBND xã" in text
