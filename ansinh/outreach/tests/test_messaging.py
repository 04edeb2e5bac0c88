"""The outbox: produced set-based and idempotently from payment lists sent and decisions signed; handed to
a sender named in settings (a recording sender here: nothing leaves the machine)."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from ansinh.cases.models import DecisionKind, DecisionLine
from ansinh.core.months import YearMonth
from ansinh.outreach.messaging import RecordingSender, produce_messages, send_pending
from ansinh.outreach.models import Message, MessageKind, MessageStatus
from ansinh.payments.actions import payroll_approve, payroll_send
from ansinh.payments.tests.conftest import ACKNOWLEDGED, beneficiary, decision, person, run_month

pytestmark = pytest.mark.django_db
AUGUST = YearMonth(2024, 8)


class FailingSender:
    def send(self, message: Message) -> None:
        raise ConnectionError("nhà mạng không trả lời")


@pytest.fixture
def world(actors, lucnam, today_is):
    today_is(date(2024, 7, 20))
    an, _ = beneficiary(lucnam.doi_ngo, "Nguyễn Văn An", coefficient="1.5")
    an.phone = "0912000001"
    an.save()
    beneficiary(lucnam.doi_ngo, "Trần Văn Không Số", coefficient="1.5")  # no phone: no message
    hiv, _ = beneficiary(lucnam.doi_ngo, "Lê Thị Kín", category="5.8", coefficient="1.5")
    hiv.phone = "0912000003"
    hiv.save()
    payroll = run_month(actors, AUGUST, commune=lucnam.doi_ngo, pay=False)
    payroll = payroll_approve(actor=actors.labour_head, payroll=payroll, acknowledgement=ACKNOWLEDGED)
    payroll_send(actor=actors.labour_head, payroll=payroll)
    signed = decision(lucnam.doi_ngo, kind=DecisionKind.GRANT, month=AUGUST, issued_on=date(2024, 7, 20))
    signed.signed_at = timezone.now()
    signed.save()
    newcomer = person(lucnam.doi_ngo, "Phạm Thị Mới", phone="0912000004")
    DecisionLine.objects.create(
        decision=signed,
        person=newcomer,
        kind=DecisionKind.GRANT,
        category_code="5.5a",
        effective_month=AUGUST.first_day,
        commune=lucnam.doi_ngo,
    )
    actors.own_commune_officer.phone = "0988000000"
    actors.own_commune_officer.save()
    return {"signed": signed}


def test_produced_once_for_each_event_and_recipient(world):
    produced = produce_messages(since=date(2024, 7, 1))
    assert (produced.payment_day, produced.dossier_decided, produced.officers) == (2, 1, 1)
    again = produce_messages(since=date(2024, 7, 1))
    assert (again.payment_day, again.dossier_decided, again.officers) == (0, 0, 0)
    assert Message.objects.count() == 4
    payment = Message.objects.filter(kind=MessageKind.PAYMENT_DAY)
    assert set(payment.values_list("phone", flat=True)) == {"0912000001", "0912000003"}
    assert all("căn cước" in text for text in payment.values_list("text", flat=True))
    decided = Message.objects.get(kind=MessageKind.DOSSIER_DECIDED, person__isnull=False)
    assert world["signed"].number in decided.text
    for text in Message.objects.values_list("text", flat=True):
        assert "5.8" not in text and "HIV" not in text  # never a category


def test_nothing_is_sent_without_a_sender_and_the_recording_sender_gets_all(world, settings):
    produce_messages(since=date(2024, 7, 1))
    settings.OUTREACH_MESSAGE_SENDER = ""
    assert send_pending() == (0, 0)
    assert not Message.objects.exclude(status=MessageStatus.QUEUED).exists()
    settings.OUTREACH_MESSAGE_SENDER = "ansinh.outreach.messaging.RecordingSender"
    RecordingSender.sent = []
    assert send_pending() == (4, 0)
    assert len(RecordingSender.sent) == 4
    assert not Message.objects.filter(status=MessageStatus.QUEUED).exists()
    assert send_pending() == (0, 0)  # sent messages are not sent again


def test_a_provider_failure_marks_the_message(world):
    produce_messages(since=date(2024, 7, 1))
    assert send_pending(sender=FailingSender()) == (0, 4)
    failed = Message.objects.filter(status=MessageStatus.FAILED)
    assert failed.count() == 4 and "nhà mạng" in failed.first().error  # type: ignore[union-attr]


def test_the_command(world, settings, capsys):
    settings.OUTREACH_MESSAGE_SENDER = "ansinh.outreach.messaging.RecordingSender"
    RecordingSender.sent = []
    call_command("outreach_messages", "--since", "01/07/2024", "--send")
    out = capsys.readouterr().out
    assert '"payment_day": 2' in out and '"sent": 4' in out


def test_the_outbox_page_shows_the_communes_messages_only(world, actors, client):
    produce_messages(since=date(2024, 7, 1))
    client.force_login(actors.own_commune_officer)
    assert client.get(reverse("outreach:outbox")).content.decode().count('data-testid="message"') == 4
    client.force_login(actors.other_commune_officer)
    assert 'data-testid="message"' not in client.get(reverse("outreach:outbox")).content.decode()
