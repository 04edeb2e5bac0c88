"""Writes of the feedback (issue 20). Keyword-only, one transaction, one audit event each."""

from __future__ import annotations

import secrets
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ansinh.accounts.models import DecisionFlow
from ansinh.audit.events import record_event
from ansinh.core.access import Actor, OfficeKind, require
from ansinh.core.months import YearMonth
from ansinh.outreach.models import (
    ROUTABLE_OFFICES,
    Activity,
    ActivityKind,
    Campaign,
    Feedback,
    FeedbackChannel,
    FeedbackKind,
    FeedbackStatus,
    Topic,
)
from ansinh.outreach.models import Channel as CampaignChannel
from ansinh.outreach.policies import FeedbackAction, campaign_policy, feedback_policy
from ansinh.payments.models import ServiceFeedback
from ansinh.rules.selectors import decision_flow_on
from ansinh.territory.models import AdministrativeUnit, UnitLevel

REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read out over the phone


def supervising_office() -> OfficeKind:
    """The district labour office; from 01/07/2025 (commune decision flow) the province's department."""
    if decision_flow_on(timezone.localdate()) == DecisionFlow.COMMUNE:  # dated data (rules), not a switch
        return OfficeKind.PROVINCE
    return OfficeKind.LABOUR_OFFICE


def route_for(kind: str) -> OfficeKind:
    """The office concerned: the post office for its payment service, the commune for questions on the
    policy and a dossier, the supervising office for how the commune handled a dossier."""
    if kind == FeedbackKind.PAYMENT_SERVICE:
        return OfficeKind.POST_OFFICE
    if kind == FeedbackKind.HANDLING:
        return supervising_office()
    return OfficeKind.COMMUNE


def _reference() -> str:
    return "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(10))


def _validate(commune: AdministrativeUnit | None, kind: str, text: str, rating: int | None) -> str:
    errors: dict[str, str] = {}
    if commune is None or commune.level != UnitLevel.COMMUNE:
        errors["commune"] = "Hãy chọn xã, thị trấn nơi bạn ở."
    if kind not in FeedbackKind.values:
        errors["kind"] = "Hãy chọn nội dung phản ánh."
    text = (text or "").strip()
    if not text:
        errors["text"] = "Hãy viết nội dung phản ánh."
    elif len(text) > 2000:
        errors["text"] = f"Quá dài: tối đa 2000 ký tự (đang có {len(text)})."
    if rating is not None and not 1 <= rating <= 5:
        errors["rating"] = "Mức hài lòng từ 1 đến 5."
    if errors:
        raise ValidationError(errors)
    return text


def _snapshot(item: Feedback) -> dict[str, Any]:
    return {"kind": item.kind, "channel": item.channel, "office_kind": item.office_kind, "status": item.status}


def _create(
    *,
    actor: Actor | None,
    channel: str,
    commune: AdministrativeUnit,
    kind: str,
    text: str,
    office_kind: str | None = None,
    **fields: Any,
) -> Feedback:
    item = Feedback.objects.create(
        reference=_reference(),
        channel=channel,
        commune=commune,
        kind=kind,
        office_kind=office_kind or route_for(kind),
        text=text,
        received_at=timezone.now(),
        recorded_by_id=actor.pk if actor is not None else None,
        **fields,
    )
    record_event(
        actor=actor,
        action="outreach.feedback_receive",
        obj=item,
        after=_snapshot(item),
        territory_id=commune.pk,
    )
    return item


def feedback_send(
    *,
    commune: AdministrativeUnit | None,
    kind: str,
    text: str,
    sender_name: str = "",
    sender_phone: str = "",
    rating: int | None = None,
) -> Feedback:
    """A citizen's feedback from the public pages (no account; the view limits each address)."""
    text = _validate(commune, kind, text, rating)
    assert commune is not None
    with transaction.atomic():
        return _create(
            actor=None,
            channel=FeedbackChannel.WEB,
            commune=commune,
            kind=kind,
            text=text,
            sender_name=sender_name.strip(),
            sender_phone=sender_phone.strip(),
            rating=rating,
        )


def feedback_record(
    *,
    actor: Actor,
    commune: AdministrativeUnit | None,
    kind: str,
    text: str,
    sender_name: str = "",
    sender_phone: str = "",
    rating: int | None = None,
) -> Feedback:
    """Feedback heard in person at the commune, written down by its officer."""
    require(feedback_policy.can_record(actor))
    text = _validate(commune, kind, text, rating)
    assert commune is not None
    require(feedback_policy.can_record(actor, commune.pk))
    with transaction.atomic():
        return _create(
            actor=actor,
            channel=FeedbackChannel.IN_PERSON,
            commune=commune,
            kind=kind,
            text=text,
            sender_name=sender_name.strip(),
            sender_phone=sender_phone.strip(),
            rating=rating,
        )


def _locked(item: Feedback) -> Feedback:
    return Feedback.objects.select_for_update().get(pk=item.pk)


def feedback_answer(*, actor: Actor, item: Feedback, answer: str) -> Feedback:
    require(feedback_policy.can(actor, FeedbackAction.ANSWER, item))
    answer = (answer or "").strip()
    if not answer:
        raise ValidationError({"answer": "Hãy viết nội dung trả lời."})
    if len(answer) > 2000:
        raise ValidationError({"answer": f"Quá dài: tối đa 2000 ký tự (đang có {len(answer)})."})
    with transaction.atomic():
        item = _locked(item)
        require(feedback_policy.can(actor, FeedbackAction.ANSWER, item))  # a second click changes nothing
        before = _snapshot(item)
        item.status, item.answer = FeedbackStatus.ANSWERED, answer
        item.answered_at, item.answered_by_id = timezone.now(), actor.pk
        item.save(update_fields=["status", "answer", "answered_at", "answered_by"])
        record_event(
            actor=actor,
            action="outreach.feedback_answer",
            obj=item,
            before=before,
            after=_snapshot(item),
            territory_id=item.commune_id,
        )
    return item


def feedback_close(*, actor: Actor, item: Feedback) -> Feedback:
    require(feedback_policy.can(actor, FeedbackAction.CLOSE, item))
    with transaction.atomic():
        item = _locked(item)
        require(feedback_policy.can(actor, FeedbackAction.CLOSE, item))
        before = _snapshot(item)
        item.status, item.closed_at, item.closed_by_id = FeedbackStatus.CLOSED, timezone.now(), actor.pk
        item.save(update_fields=["status", "closed_at", "closed_by"])
        record_event(
            actor=actor,
            action="outreach.feedback_close",
            obj=item,
            before=before,
            after=_snapshot(item),
            territory_id=item.commune_id,
        )
    return item


def feedback_route(*, actor: Actor, item: Feedback, office_kind: str, reason: str = "") -> Feedback:
    """The supervising office sends an item to the office concerned."""
    require(feedback_policy.can(actor, FeedbackAction.ROUTE, item))
    if office_kind not in {kind.value for kind in ROUTABLE_OFFICES}:
        raise ValidationError({"office_kind": "Hãy chọn cơ quan trả lời."})
    if office_kind == item.office_kind:
        raise ValidationError({"office_kind": "Phản ánh này đang ở cơ quan đó."})
    with transaction.atomic():
        item = _locked(item)
        require(feedback_policy.can(actor, FeedbackAction.ROUTE, item))
        before = _snapshot(item)
        item.office_kind = office_kind
        item.save(update_fields=["office_kind"])
        record_event(
            actor=actor,
            action="outreach.feedback_route",
            obj=item,
            before=before,
            after=_snapshot(item),
            reason=reason.strip(),
            territory_id=item.commune_id,
        )
    return item


def link_service_feedback(feedback: ServiceFeedback, actor: Actor) -> None:
    """Handler of `payments.feedback_hooks`: the post office's record becomes an item of the general
    feedback (kind payment service), routed to the supervising office, which reads the post office's
    service. Runs inside `payments.actions.service_feedback_record`'s transaction."""
    _create(
        actor=actor,
        channel=FeedbackChannel.POST_OFFICE,
        commune=feedback.commune,
        kind=FeedbackKind.PAYMENT_SERVICE,
        text=feedback.comment or f"Mức hài lòng {feedback.rating}/5",
        rating=feedback.rating,
        about_month=YearMonth.of(feedback.month).first_day,
        service_feedback=feedback,
        office_kind=supervising_office(),
    )


# --- campaigns and activities ---------------------------------------------------------------------


def campaign_create(
    *,
    actor: Actor,
    title: str,
    topic: str,
    channels: list[str],
    audience: str,
    starts_on: date,
    ends_on: date,
    material: str,
) -> Campaign:
    """The culture centre plans a campaign over its area."""
    require(campaign_policy.can_plan(actor))
    errors: dict[str, str] = {}
    if not title.strip():
        errors["title"] = "Hãy đặt tên chiến dịch."
    if topic not in Topic.values:
        errors["topic"] = "Hãy chọn chủ đề."
    if not channels or any(channel not in CampaignChannel.values for channel in channels):
        errors["channels"] = "Hãy chọn ít nhất một kênh."
    if ends_on < starts_on:
        errors["ends_on"] = "Ngày kết thúc phải sau ngày bắt đầu."
    if not material.strip():
        errors["material"] = "Hãy ghi nội dung, tài liệu tuyên truyền."
    if errors:
        raise ValidationError(errors)
    territory_id = actor.scope_unit_id
    assert territory_id is not None  # a planner has a territory (policy)
    with transaction.atomic():
        campaign = Campaign.objects.create(
            title=title.strip(),
            topic=topic,
            channels=sorted(set(channels)),
            audience=audience.strip(),
            starts_on=starts_on,
            ends_on=ends_on,
            material=material.strip(),
            office_id=getattr(actor, "office_id", 0),
            territory_id=territory_id,
            created_by_id=actor.pk,
        )
        record_event(
            actor=actor,
            action="outreach.campaign_create",
            obj=campaign,
            after={"topic": topic, "channels": campaign.channels, "from": starts_on.isoformat()},
            territory_id=actor.scope_unit_id,
        )
    return campaign


def activity_record(
    *,
    actor: Actor,
    commune: AdministrativeUnit | None,
    kind: str,
    topic: str,
    held_on: date,
    times: int = 1,
    people: int | None = None,
    note: str = "",
    campaign: Campaign | None = None,
) -> Activity:
    """A commune logs a broadcast relayed, a notice-board posting or a meeting, with counts."""
    require(campaign_policy.can_log(actor))
    if commune is None or commune.level != UnitLevel.COMMUNE:
        raise ValidationError({"commune": "Hãy chọn xã."})
    require(campaign_policy.can_log(actor, commune.pk))
    errors: dict[str, str] = {}
    if kind not in ActivityKind.values:
        errors["kind"] = "Hãy chọn hình thức."
    if topic not in Topic.values:
        errors["topic"] = "Hãy chọn chủ đề."
    if times < 1:
        errors["times"] = "Số lần ít nhất là 1."
    if campaign is not None and not campaign_policy.visible(actor).filter(pk=campaign.pk).exists():
        errors["campaign"] = "Chiến dịch không thuộc địa bàn của xã."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        activity = Activity.objects.create(
            commune=commune,
            campaign=campaign,
            kind=kind,
            topic=topic,
            held_on=held_on,
            times=times,
            people=people,
            note=note.strip(),
            recorded_by_id=actor.pk,
        )
        record_event(
            actor=actor,
            action="outreach.activity_record",
            obj=activity,
            after={"kind": kind, "topic": topic, "times": times, "people": people},
            territory_id=commune.pk,
        )
    return activity
