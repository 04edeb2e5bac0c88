"""Complaints and questions about a posted dossier, answered within 10 working days (NĐ 20/2021
Art 8(1)(b)); the commune cannot propose until they are resolved."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ansinh.audit.events import record_event
from ansinh.cases import selectors
from ansinh.cases.models import Complaint, Dossier
from ansinh.cases.policies import posting_policy
from ansinh.cases.steps import NOTHING_CHANGED, due_date
from ansinh.cases.workflow import ACTIVE_STATES, COMPLAINT_ANSWER
from ansinh.core.access import Actor, require


def complaint_record(*, actor: Actor, dossier: Dossier, received_on: date, complainant: str, content: str) -> Complaint:
    """A complaint or question about a posted dossier: to be answered within 10 working days
    (NĐ 20/2021 Art 8(1)(b)); the commune cannot propose until it is resolved."""
    require(posting_policy.can_record_complaint(actor, dossier))
    errors: dict[str, str] = {}
    if not complainant.strip():
        errors["complainant"] = "Hãy ghi người khiếu nại, thắc mắc."
    if not content.strip():
        errors["content"] = "Hãy ghi nội dung."
    if received_on > timezone.localdate():
        errors["received_on"] = "Ngày nhận không được ở tương lai."
    if errors:
        raise ValidationError(errors)
    due_on = due_date(COMPLAINT_ANSWER, received_on)
    with transaction.atomic():
        locked = Dossier.objects.select_for_update().get(pk=dossier.pk)
        if locked.state not in ACTIVE_STATES:
            raise ValidationError(f"Hồ sơ đã kết thúc ({locked.get_state_display().lower()}). {NOTHING_CHANGED}")
        complaint = Complaint.objects.create(
            dossier=locked,
            posting=selectors.latest_posting(locked),
            received_on=received_on,
            complainant=complainant.strip(),
            content=content.strip(),
            due_on=due_on or received_on,
            recorded_by_id=actor.pk,
        )
        record_event(
            actor=actor,
            action="cases.complaint_record",
            obj=locked,
            after={"complaint": complaint.pk, "due_on": complaint.due_on.isoformat()},
            territory_id=locked.commune_id,
        )
    return complaint


def complaint_resolve(
    *, actor: Actor, complaint: Complaint, resolution: str, resolved_on: date | None = None
) -> Complaint:
    require(posting_policy.can_record_complaint(actor, complaint.dossier))
    if not resolution.strip():
        raise ValidationError({"resolution": "Hãy ghi kết quả giải quyết."})
    day = resolved_on or timezone.localdate()
    if day < complaint.received_on:
        raise ValidationError({"resolved_on": "Ngày trả lời không được trước ngày nhận."})
    with transaction.atomic():
        locked = Complaint.objects.select_for_update().get(pk=complaint.pk)
        if locked.resolved_on is not None:
            raise ValidationError(f"Khiếu nại này đã được giải quyết. {NOTHING_CHANGED}")
        locked.resolution, locked.resolved_on, locked.resolved_by_id = resolution.strip(), day, actor.pk
        locked.save(update_fields=["resolution", "resolved_on", "resolved_by"])
        record_event(
            actor=actor,
            action="cases.complaint_resolve",
            obj=locked.dossier,
            after={"complaint": locked.pk, "resolved_on": day.isoformat()},
            reason=locked.resolution,
            territory_id=locked.dossier.commune_id,
        )
    return locked
