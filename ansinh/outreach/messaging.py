"""Notifications (issue 20): an outbox of messages to beneficiaries and officers, produced set-based and
idempotently from what the lower apps recorded (they cannot import outreach), and a sender interface a
deployment plugs a provider into.

- `produce_messages(since=...)` scans (1) payment lists sent to the post office since that day: every
  person on the list with a phone gets "the list of month M is at the post office; bring your ID card (and
  the authorisation if collecting for someone)"; (2) decisions signed since that day: every person named
  in the decision with a phone, and every active officer of the decision's commune with a phone. Each
  message has a unique `key` (event + recipient), inserted with ignore-conflicts, so running it twice
  queues nothing new. The text never names a category (5.3/5.8 would tell HIV status); (3) BHYT cards
  the BHXH desk recorded since that day (`insurance.HealthCard`, still open): "your card is ready, collect
  it at the commune" (no card number: its group code is not for a text message); (4) dossiers returned to
  the commune since that day (a `return` step) and still under review, whose checklist still misses
  required documents (`cases.checklists.missing_documents`): the list of documents to bring. A dossier of
  an HIV category (5.3/5.8) and the HIV certificate itself are never listed: such a person is only asked
  to contact the commune.
- `send_pending()` hands queued messages to the sender named by `settings.OUTREACH_MESSAGE_SENDER` (a
  dotted path to a class with `send(message)`); an exception marks the message failed with the error.
  With no sender configured nothing is sent and nothing leaves the machine. Tests use `RecordingSender`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Protocol
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from ansinh.accounts.models import User
from ansinh.audit.events import record_event
from ansinh.cases.checklists import missing_documents
from ansinh.cases.models import Decision, DecisionLine, DecisionStatus, DossierState, DossierStep
from ansinh.core.access import OfficeKind
from ansinh.core.months import YearMonth
from ansinh.insurance.models import HealthCard
from ansinh.outreach.models import Message, MessageKind, MessageStatus
from ansinh.payments.models import POST_OFFICE_STATUSES, PayrollLine, PayrollMonth
from ansinh.rules.calculator import HIV_CATEGORIES

BATCH = 5000


class Sender(Protocol):
    def send(self, message: Message) -> None:
        """Deliver one message or raise (the message is then marked failed with the error)."""


class RecordingSender:
    """Keeps what it was given, sends nothing (tests, demos)."""

    sent: list[Message] = []

    def send(self, message: Message) -> None:
        RecordingSender.sent.append(message)


def configured_sender() -> Sender | None:
    path = getattr(settings, "OUTREACH_MESSAGE_SENDER", "")
    return import_string(path)() if path else None


def _channel() -> str:
    return str(getattr(settings, "OUTREACH_MESSAGE_CHANNEL", "sms"))


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=ZoneInfo(settings.TIME_ZONE))


@dataclass(frozen=True)
class Produced:
    payment_day: int
    dossier_decided: int
    officers: int
    card_ready: int = 0
    documents_missing: int = 0


def _insert(messages: list[Message]) -> int:
    """Insert, skipping keys already in the outbox; returns how many are new."""
    keys = [message.key for message in messages]
    existing = set(Message.objects.filter(key__in=keys).values_list("key", flat=True))
    fresh = [message for message in messages if message.key not in existing]
    Message.objects.bulk_create(fresh, batch_size=BATCH, ignore_conflicts=True)
    return len(fresh)


def _payment_messages(since: date) -> list[Message]:
    lists = PayrollMonth.objects.filter(status__in=POST_OFFICE_STATUSES, sent_at__gte=_start_of(since))
    rows = (
        PayrollLine.objects.filter(payroll__in=lists)
        .exclude(person__phone="")
        .values_list("payroll_id", "payroll__month", "person_id", "person__phone", "commune_id")
        .distinct()
        .order_by("payroll_id", "person_id")
    )
    channel = _channel()
    return [
        Message(
            key=f"payment_day:{payroll_id}:{person_id}",
            kind=MessageKind.PAYMENT_DAY,
            channel=channel,
            person_id=person_id,
            phone=phone,
            commune_id=commune_id,
            text=(
                f"Danh sách chi trả trợ cấp tháng {YearMonth.of(month).display()} đã gửi bưu điện. "
                "Mời ông/bà nhận tại điểm chi trả của xã theo lịch của bưu điện, mang theo căn cước "
                "(và giấy ủy quyền nếu nhận thay)."
            ),
        )
        for payroll_id, month, person_id, phone, commune_id in rows
    ]


def _decision_messages(since: date) -> tuple[list[Message], list[Message]]:
    decisions = Decision.objects.filter(status=DecisionStatus.SIGNED, signed_at__gte=_start_of(since))
    channel = _channel()
    people = [
        Message(
            key=f"dossier_decided:{decision_id}:{person_id}",
            kind=MessageKind.DOSSIER_DECIDED,
            channel=channel,
            person_id=person_id,
            phone=phone,
            commune_id=commune_id,
            text=(
                f"Hồ sơ trợ giúp xã hội của ông/bà đã có Quyết định số {number} ngày {issued:%d/%m/%Y}. "
                "Mời ông/bà liên hệ UBND xã để nhận quyết định."
            ),
        )
        for decision_id, person_id, phone, commune_id, number, issued in DecisionLine.objects.filter(
            decision__in=decisions
        )
        .exclude(person__phone="")
        .values_list(
            "decision_id",
            "person_id",
            "person__phone",
            "decision__commune_id",
            "decision__number",
            "decision__issued_on",
        )
        .distinct()
        .order_by("decision_id", "person_id")
    ]
    officers = []
    for decision in decisions.exclude(commune=None).only("pk", "number", "issued_on", "commune_id"):
        users = User.objects.filter(
            is_active=True, office__kind=OfficeKind.COMMUNE, office__territory_id=decision.commune_id
        ).exclude(phone="")
        for user_id, phone in users.values_list("pk", "phone"):
            officers.append(
                Message(
                    key=f"dossier_decided_officer:{decision.pk}:{user_id}",
                    kind=MessageKind.DOSSIER_DECIDED,
                    channel=channel,
                    user_id=user_id,
                    phone=phone,
                    commune_id=decision.commune_id,
                    text=f"Quyết định số {decision.number} đã được ký. Mời xem và trao quyết định cho người dân.",
                )
            )
    return people, officers


def _card_messages(since: date) -> list[Message]:
    """Cards recorded by the BHXH desk since `since` and still open (insurance.cards_apply / card_record)."""
    rows = (
        HealthCard.objects.filter(recorded_at__gte=_start_of(since), replaced_on__isnull=True)
        .exclude(person__phone="")
        .values_list("pk", "person_id", "person__phone", "commune_id", "valid_from")
        .order_by("pk")
    )
    channel = _channel()
    return [
        Message(
            key=f"card_ready:{card_id}",
            kind=MessageKind.CARD_READY,
            channel=channel,
            person_id=person_id,
            phone=phone,
            commune_id=commune_id,
            text=(
                f"Thẻ bảo hiểm y tế của ông/bà đã được cấp, có giá trị từ ngày {valid_from:%d/%m/%Y}. "
                "Mời ông/bà nhận thẻ tại UBND xã, mang theo căn cước."
            ),
        )
        for card_id, person_id, phone, commune_id, valid_from in rows
    ]


# A message is at most 500 characters; the list of documents stops before that.
_DOCUMENTS_ROOM = 330


def _documents_text(hidden: bool, labels: list[str]) -> str:
    if hidden:
        return "Hồ sơ trợ giúp xã hội của ông/bà cần bổ sung giấy tờ. Mời ông/bà liên hệ UBND xã để được hướng dẫn."
    listed = ""
    for label in labels:
        item = f"{'; ' if listed else ''}{label}"
        if len(listed) + len(item) > _DOCUMENTS_ROOM:
            listed += "…"
            break
        listed += item
    return (
        f"Hồ sơ trợ giúp xã hội của ông/bà còn thiếu giấy tờ. Mời ông/bà mang đến UBND xã: {listed}. "
        "Mang theo căn cước."
    )


def _documents_messages(since: date) -> list[Message]:
    """Dossiers returned to the commune since `since`, still under review and still missing required
    documents (NĐ 20/2021 Art 7–9 checklists): the documents to bring. Returns are few (a handful a day per
    district), so each returned dossier's checklist is read once, with its attachments prefetched."""
    returns = (
        DossierStep.objects.filter(
            transition="return", made_at__gte=_start_of(since), dossier__state=DossierState.REVIEWING
        )
        .exclude(dossier__person__phone="")
        .select_related("dossier", "dossier__person")
        .prefetch_related("dossier__attachments")
        .order_by("pk")
    )
    channel = _channel()
    messages = []
    for step in returns:
        dossier = step.dossier
        codes = {attachment.document_code for attachment in dossier.attachments.all()}
        missing = missing_documents(dossier, codes)
        if not missing:
            continue
        hidden = dossier.category_code in HIV_CATEGORIES or any(item.code == "hiv_certificate" for item in missing)
        messages.append(
            Message(
                key=f"documents_missing:{step.pk}",
                kind=MessageKind.DOCUMENTS_MISSING,
                channel=channel,
                person_id=dossier.person_id,
                phone=dossier.person.phone,
                commune_id=dossier.commune_id,
                text=_documents_text(hidden, [item.label for item in missing]),
            )
        )
    return messages


def produce_messages(*, since: date) -> Produced:
    """Queue the messages of everything recorded since `since` (idempotent)."""
    with transaction.atomic():
        payment = _insert(_payment_messages(since))
        people, officers = _decision_messages(since)
        decided, told = _insert(people), _insert(officers)
        cards, documents = _insert(_card_messages(since)), _insert(_documents_messages(since))
        produced = Produced(payment, decided, told, cards, documents)
        if payment or decided or told or cards or documents:
            record_event(
                actor=None,
                action="outreach.messages_produce",
                after={
                    "payment_day": payment,
                    "dossier_decided": decided,
                    "officers": told,
                    "card_ready": cards,
                    "documents_missing": documents,
                    "since": since.isoformat(),
                },
            )
    return produced


def send_pending(*, limit: int = 1000, sender: Sender | None = None) -> tuple[int, int]:
    """Hand queued messages to the sender; (sent, failed). Without a sender, (0, 0) and nothing changes."""
    sender = sender or configured_sender()
    if sender is None:
        return 0, 0
    sent = failed = 0
    with transaction.atomic():
        queue = Message.objects.select_for_update(skip_locked=True).filter(status=MessageStatus.QUEUED)
        for message in queue.order_by("created_at", "pk")[:limit]:
            message.attempts += 1
            try:
                sender.send(message)
            except Exception as error:  # noqa: BLE001 - any provider failure marks the message, never the batch
                message.status, message.error = MessageStatus.FAILED, str(error)[:300]
                failed += 1
            else:
                message.status, message.sent_at, message.error = MessageStatus.SENT, timezone.now(), ""
                sent += 1
            message.save(update_fields=["status", "attempts", "error", "sent_at"])
        if sent or failed:
            record_event(actor=None, action="outreach.messages_send", after={"sent": sent, "failed": failed})
    return sent, failed
