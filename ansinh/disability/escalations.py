"""Escalation of a request to the Medical Assessment Council (Luật NKT 51/2010 Arts 15(2), 17) and its
outcome."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from ansinh.audit.events import record_event, snapshot
from ansinh.core.access import Actor
from ansinh.disability.action_checks import check_types, not_future, require_manage
from ansinh.disability.models import (
    ConclusionPosting,
    EscalationReason,
    MedicalEscalation,
    Outcome,
    PostingStatus,
    Request,
    RequestStatus,
)
from ansinh.registry.models import DisabilityLevel


def escalation_send(
    *,
    actor: Actor,
    request: Request,
    reason: str,
    sent_on: date,
    note: str = "",
    council_name: str = "",
) -> MedicalEscalation:
    require_manage(actor, request.commune_id)
    if reason not in EscalationReason.values:
        raise ValidationError({"reason": "Hãy chọn lý do chuyển Hội đồng Giám định y khoa."})
    not_future(sent_on, "sent_on")
    with transaction.atomic():
        locked = Request.objects.select_for_update().get(pk=request.pk)
        if locked.status not in (RequestStatus.CONCLUDED, RequestStatus.POSTED, RequestStatus.INVITED):
            raise ValidationError(
                {"reason": f"Đơn đang ở trạng thái “{locked.get_status_display()}”: không thể chuyển giám định."}
            )
        assessment = locked.assessments.order_by("-created_at").first()
        escalation = MedicalEscalation.objects.create(
            request=locked,
            assessment=assessment,
            commune_id=locked.commune_id,
            reason=reason,
            note=note.strip(),
            sent_on=sent_on,
            council_name=council_name.strip() or "Hội đồng Giám định y khoa tỉnh",
            created_by_id=actor.pk,
        )
        ConclusionPosting.objects.filter(assessment__request=locked, status=PostingStatus.POSTED).update(
            status=PostingStatus.CLOSED, closed_on=sent_on
        )
        locked.status = RequestStatus.ESCALATED
        locked.save(update_fields=["status"])
        record_event(
            actor=actor,
            action="disability.escalation_send",
            obj=locked,
            after={"reason": reason, "sent_on": sent_on.isoformat()},
            reason=note.strip(),
            territory_id=locked.commune_id,
        )
    return escalation


def escalation_outcome(
    *,
    actor: Actor,
    escalation: MedicalEscalation,
    outcome: str,
    outcome_on: date,
    level: str = "",
    types: Sequence[str] = (),
    reference: str = "",
) -> MedicalEscalation:
    """The Medical Assessment Council's conclusion; the commune chair then issues the certificate on
    it (disabled) or the request closes (not disabled)."""
    require_manage(actor, escalation.commune_id)
    if outcome not in (Outcome.DISABLED, Outcome.NOT_DISABLED):
        raise ValidationError({"outcome": "Hãy chọn kết luận của Hội đồng Giám định y khoa."})
    chosen = check_types(types)
    if outcome == Outcome.DISABLED and (level not in DisabilityLevel.values or not chosen):
        raise ValidationError({"level": "Hãy ghi dạng và mức độ khuyết tật theo kết luận giám định."})
    not_future(outcome_on, "outcome_on")
    if outcome_on < escalation.sent_on:
        raise ValidationError({"outcome_on": f"Phải từ ngày chuyển ({escalation.sent_on:%d/%m/%Y})."})
    with transaction.atomic():
        locked = MedicalEscalation.objects.select_for_update().get(pk=escalation.pk)
        if locked.outcome:
            raise ValidationError({"outcome": "Đã ghi nhận kết luận giám định. Không có gì thay đổi."})
        locked.outcome, locked.outcome_on, locked.outcome_reference = outcome, outcome_on, reference.strip()
        locked.outcome_level = level if outcome == Outcome.DISABLED else ""
        locked.outcome_types = chosen if outcome == Outcome.DISABLED else []
        locked.save(update_fields=["outcome", "outcome_on", "outcome_reference", "outcome_level", "outcome_types"])
        if outcome == Outcome.NOT_DISABLED:
            Request.objects.filter(pk=locked.request_id).update(status=RequestStatus.NOT_DISABLED, closed_on=outcome_on)
        record_event(
            actor=actor,
            action="disability.escalation_outcome",
            obj=locked.request,
            after=snapshot(locked, ["outcome", "outcome_level", "outcome_types", "outcome_on"]),
            territory_id=locked.commune_id,
        )
    return locked
