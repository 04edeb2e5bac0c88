"""The posting of the council's conclusion at the commune (TT 01/2019/TT-BLĐTBXH Art 6: 5 working days) and
its end when the person was found not disabled."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from ansinh.audit.events import record_event, snapshot
from ansinh.core.access import Actor
from ansinh.disability import selectors
from ansinh.disability.action_checks import not_future, require_manage, require_sign, required_text
from ansinh.disability.certificates import revoke_certificate
from ansinh.disability.models import (
    Assessment,
    AssessmentStatus,
    Certificate,
    CertificateStatus,
    ComplaintStatus,
    ConclusionPosting,
    Outcome,
    PostingStatus,
    Request,
    RequestStatus,
)


def conclusion_post(*, actor: Actor, assessment: Assessment, posted_on: date, place: str) -> ConclusionPosting:
    """Post the council's conclusion at the commune office; the posting lasts
    `deadline.disability_certificate` working days, within which the certificate is issued."""
    require_manage(actor, assessment.commune_id)
    where = required_text(place, "place", "Hãy ghi nơi niêm yết.")
    not_future(posted_on, "posted_on")
    with transaction.atomic():
        locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
        if locked.status != AssessmentStatus.CONCLUDED or locked.outcome == Outcome.NO_CONCLUSION:
            raise ValidationError({"assessment": "Chỉ niêm yết kết luận đã được Hội đồng thông qua."})
        if ConclusionPosting.objects.filter(assessment=locked).exists():
            raise ValidationError({"assessment": "Kết luận đã được niêm yết. Không có gì thay đổi."})
        if locked.concluded_on and posted_on < locked.concluded_on:
            raise ValidationError({"posted_on": f"Phải từ ngày kết luận ({locked.concluded_on:%d/%m/%Y})."})
        posting = ConclusionPosting.objects.create(
            assessment=locked,
            commune_id=locked.commune_id,
            posted_on=posted_on,
            ends_on=selectors.working_days_after("deadline.disability_certificate", posted_on),
            place=where,
        )
        Request.objects.filter(pk=locked.request_id).update(status=RequestStatus.POSTED)
        record_event(
            actor=actor,
            action="disability.conclusion_post",
            obj=locked,
            after=snapshot(posting, ["posted_on", "ends_on", "place"]),
            territory_id=locked.commune_id,
        )
    return posting


def conclusion_close_not_disabled(*, actor: Actor, posting: ConclusionPosting, closed_on: date) -> Request:
    """End the posting of a "not disabled" conclusion: the request is closed; a re-determination
    that finds no disability revokes the current certificate (and proposes to stop 5.6)."""
    require_sign(actor, posting.commune_id)
    not_future(closed_on, "closed_on")
    with transaction.atomic():
        locked = ConclusionPosting.objects.select_for_update().select_related("assessment").get(pk=posting.pk)
        if locked.status != PostingStatus.POSTED or locked.assessment.outcome != Outcome.NOT_DISABLED:
            raise ValidationError({"posting": "Không có kết luận “không khuyết tật” đang niêm yết."})
        if locked.complaints.filter(status=ComplaintStatus.OPEN).exists():
            raise ValidationError({"posting": "Còn khiếu nại chưa trả lời."})
        locked.status, locked.closed_on = PostingStatus.CLOSED, closed_on
        locked.save(update_fields=["status", "closed_on"])
        request = Request.objects.select_for_update().get(pk=locked.assessment.request_id)
        request.status, request.closed_on = RequestStatus.NOT_DISABLED, closed_on
        request.save(update_fields=["status", "closed_on"])
        current = (
            Certificate.objects.select_for_update()
            .filter(person=request.person, status=CertificateStatus.VALID)
            .first()
        )
        if current is not None:
            revoke_certificate(actor, current, closed_on, "Hội đồng xác định lại: không khuyết tật")
        record_event(
            actor=actor,
            action="disability.conclusion_close",
            obj=request,
            after={"status": request.status},
            territory_id=request.commune_id,
        )
    return request
