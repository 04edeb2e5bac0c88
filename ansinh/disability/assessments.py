"""Assessment of a person at a session (Mẫu 02 under 6, Mẫu 03 from 6; TT 01/2019/TT-BLĐTBXH) and the
council's conclusion by vote (Mẫu 05)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ansinh.audit.events import record_event, snapshot
from ansinh.core.access import Actor
from ansinh.disability import scoring, selectors
from ansinh.disability.action_checks import check_types, not_future, require_manage
from ansinh.disability.models import (
    Assessment,
    AssessmentStatus,
    CouncilRole,
    Invitation,
    Outcome,
    Request,
    RequestStatus,
    Session,
    SessionStatus,
)
from ansinh.disability.voting import VoteError, vote
from ansinh.registry.models import DisabilityLevel


def assessment_record(
    *,
    actor: Actor,
    session: Session,
    request: Request,
    type_items: Sequence[str],
    decisive_conditions: Sequence[str] = (),
    activity_scores: Mapping[str, Any] | None = None,
    observations: str = "",
    form: str = "",
) -> Assessment:
    """Fill in (or correct, until concluded) the council's form for a person invited to the session.
    The form follows the person's age on the session day unless given; the suggestion uses the
    thresholds in force that day."""
    require_manage(actor, session.commune_id)
    if session.status == SessionStatus.CANCELLED:
        raise ValidationError({"session": "Phiên họp đã hủy."})
    if not Invitation.objects.filter(session=session, request=request).exists():
        raise ValidationError({"request": "Người này chưa được mời vào phiên họp."})
    day = timezone.localtime(session.scheduled_at).date()
    chosen = form or scoring.form_for_age(request.person.age_on(day))
    scores = dict(activity_scores or {})
    items = list(dict.fromkeys(type_items))
    try:
        known_items = {code for rows in scoring.type_items(chosen).values() for code, _ in rows} if chosen in (
            scoring.FORM_UNDER_SIX, scoring.FORM_SIX_AND_OVER) else set()  # fmt: skip
        unknown = [code for code in items if code not in known_items]
        if unknown:
            raise scoring.ScoringError("type_items", f"Dấu hiệu không có trong phiếu: {', '.join(unknown)}.")
        types = scoring.types_of_items(chosen, items)
        suggestion = scoring.suggest(chosen, types, list(decisive_conditions), scores, selectors.thresholds_on(day))
    except scoring.ScoringError as error:
        raise ValidationError({error.field: error.message}) from error
    fields = {
        "form": chosen,
        "types": types,
        "type_items": items,
        "decisive_conditions": list(suggestion.decisive) or list(dict.fromkeys(decisive_conditions)),
        "activity_scores": scores,
        "total": suggestion.total,
        "suggested_outcome": suggestion.outcome,
        "suggested_level": suggestion.level,
        "thresholds": selectors.thresholds_on(day).as_dict(),
        "observations": observations.strip(),
    }
    with transaction.atomic():
        locked_request = Request.objects.select_for_update().get(pk=request.pk)
        if locked_request.status != RequestStatus.INVITED:
            raise ValidationError({"request": f"Đơn đang ở trạng thái “{locked_request.get_status_display()}”."})
        assessment = Assessment.objects.select_for_update().filter(session=session, request=request).first()
        if assessment is not None and assessment.status == AssessmentStatus.CONCLUDED:
            raise ValidationError({"request": "Hội đồng đã kết luận phiếu này. Không có gì thay đổi."})
        if assessment is None:
            assessment = Assessment(session=session, request=request, commune_id=session.commune_id)
        assessment.recorded_by_id = actor.pk
        for name, value in fields.items():
            setattr(assessment, name, value)
        assessment.save()
        record_event(
            actor=actor,
            action="disability.assessment_record",
            obj=assessment,
            after={**fields, "explanation": suggestion.explanation},
            territory_id=session.commune_id,
        )
    return assessment


def assessment_conclude(
    *,
    actor: Actor,
    assessment: Assessment,
    outcome: str,
    votes_for: int,
    votes_against: int,
    level: str = "",
    types: Sequence[str] | None = None,
    chair_casting_vote: bool | None = None,
    differs_reason: str = "",
    member_opinions: str = "",
    concluded_on: date | None = None,
) -> Assessment:
    """The council's conclusion, adopted by majority of the members present (the chair breaks a
    tie). It may differ from the form's suggestion only with a recorded reason. A conclusion not
    adopted changes nothing: the council votes again on another proposal or escalates."""
    require_manage(actor, assessment.commune_id)
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": "Hãy chọn kết luận."})
    chosen_types = check_types(types if types is not None else assessment.types)
    if outcome == Outcome.DISABLED:
        if level not in DisabilityLevel.values:
            raise ValidationError({"level": "Hãy chọn mức độ khuyết tật."})
        if not chosen_types:
            raise ValidationError({"types": "Hãy chọn ít nhất một dạng khuyết tật."})
    else:
        level, chosen_types = "", []
    day = concluded_on or timezone.localdate()
    not_future(day, "concluded_on")
    with transaction.atomic():
        locked = Assessment.objects.select_for_update().select_related("session").get(pk=assessment.pk)
        if locked.status == AssessmentStatus.CONCLUDED:
            raise ValidationError({"outcome": "Hội đồng đã kết luận. Không có gì thay đổi."})
        session = locked.session
        request = locked.request
        if request.studies and not request.school_consultations.exists():
            raise ValidationError(
                {
                    "request": "Người được xác định đang đi học: hãy gửi văn bản tham khảo ý kiến nhà trường "
                    "(Mẫu 04) trước khi kết luận (TT 01/2019 Điều 5 khoản 2 điểm a)."
                }
            )
        if session.status != SessionStatus.HELD:
            raise ValidationError({"session": "Phiên họp chưa được ghi nhận đủ điều kiện họp (điểm danh)."})
        present = session.attendances.filter(present=True)
        if chair_casting_vote is not None and not present.filter(member__role=CouncilRole.CHAIR).exists():
            raise ValidationError({"chair_casting_vote": "Chủ tịch Hội đồng không dự họp."})
        try:
            result = vote(votes_for, votes_against, present.count(), chair_casting_vote)
        except VoteError as error:
            raise ValidationError({error.field: error.message}) from error
        if not result.adopted:
            raise ValidationError({"votes_for": result.explanation + " Không có gì thay đổi."})
        differs = outcome != locked.suggested_outcome or level != locked.suggested_level
        if differs and not differs_reason.strip():
            raise ValidationError(
                {"differs_reason": "Kết luận khác với kết quả theo phiếu: hãy ghi rõ lý do của Hội đồng."}
            )
        locked.outcome, locked.concluded_level, locked.concluded_types = outcome, level, chosen_types
        locked.differs_reason = differs_reason.strip() if differs else ""
        locked.votes_for, locked.votes_against = votes_for, votes_against
        locked.chair_casting_vote = chair_casting_vote if result.by_casting_vote else None
        locked.member_opinions = member_opinions.strip()
        locked.status, locked.concluded_on = AssessmentStatus.CONCLUDED, day
        locked.save()
        Request.objects.filter(pk=locked.request_id).update(status=RequestStatus.CONCLUDED)
        record_event(
            actor=actor,
            action="disability.assessment_conclude",
            obj=locked,
            after={
                **snapshot(locked, ["outcome", "concluded_level", "concluded_types", "votes_for", "votes_against"]),
                "vote": result.explanation,
            },
            reason=locked.differs_reason,
            territory_id=locked.commune_id,
        )
    return locked
