"""Complaints against a posted conclusion (TT 01/2019/TT-BLĐTBXH Art 6: answered within 5 working days)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from ansinh.audit.events import record_event
from ansinh.core.access import Actor
from ansinh.disability import selectors
from ansinh.disability.action_checks import not_future, require_manage, required_text
from ansinh.disability.models import (
    Complaint,
    ComplaintStatus,
    ConclusionPosting,
    PostingStatus,
    Request,
    RequestStatus,
)


def complaint_receive(
    *, actor: Actor, posting: ConclusionPosting, received_on: date, complainant: str, content: str
) -> Complaint:
    require_manage(actor, posting.commune_id)
    who = required_text(complainant, "complainant", "Hãy ghi người khiếu nại, kiến nghị.")
    text = required_text(content, "content", "Hãy ghi nội dung khiếu nại, kiến nghị.")
    not_future(received_on, "received_on")
    if received_on < posting.posted_on:
        raise ValidationError({"received_on": f"Phải từ ngày niêm yết ({posting.posted_on:%d/%m/%Y})."})
    with transaction.atomic():
        locked = ConclusionPosting.objects.select_for_update().get(pk=posting.pk)
        if locked.status != PostingStatus.POSTED:
            raise ValidationError({"posting": "Việc niêm yết đã kết thúc."})
        complaint = Complaint.objects.create(
            posting=locked,
            received_on=received_on,
            complainant=who,
            content=text,
            due_on=selectors.working_days_after("deadline.disability_complaint_answer", received_on),
        )
        record_event(
            actor=actor,
            action="disability.complaint_receive",
            obj=locked.assessment,
            after={"complainant": who, "received_on": received_on.isoformat(), "due_on": complaint.due_on.isoformat()},
            territory_id=locked.commune_id,
        )
    return complaint


def complaint_answer(*, actor: Actor, complaint: Complaint, answered_on: date, answer: str, upheld: bool) -> Complaint:
    """Answer a complaint. Upheld: the posting ends and the request returns to the council for a
    new assessment (or is escalated); rejected: the conclusion stands."""
    posting = complaint.posting
    require_manage(actor, posting.commune_id)
    text = required_text(answer, "answer", "Hãy ghi nội dung trả lời.")
    not_future(answered_on, "answered_on")
    with transaction.atomic():
        locked = Complaint.objects.select_for_update().get(pk=complaint.pk)
        if locked.status != ComplaintStatus.OPEN:
            raise ValidationError({"answer": "Khiếu nại đã được trả lời. Không có gì thay đổi."})
        if answered_on < locked.received_on:
            raise ValidationError({"answered_on": f"Phải từ ngày nhận ({locked.received_on:%d/%m/%Y})."})
        locked.status = ComplaintStatus.UPHELD if upheld else ComplaintStatus.REJECTED
        locked.answered_on, locked.answer = answered_on, text
        locked.save(update_fields=["status", "answered_on", "answer"])
        if upheld:
            ConclusionPosting.objects.filter(pk=posting.pk).update(status=PostingStatus.CLOSED, closed_on=answered_on)
            Request.objects.filter(pk=posting.assessment.request_id).update(status=RequestStatus.RECEIVED)
        record_event(
            actor=actor,
            action="disability.complaint_answer",
            obj=posting.assessment,
            after={"status": locked.status, "answered_on": answered_on.isoformat()},
            reason=text,
            territory_id=posting.commune_id,
        )
    return locked
