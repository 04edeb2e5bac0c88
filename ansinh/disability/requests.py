"""Requests for disability determination (Mẫu 01; TT 01/2019/TT-BLĐTBXH Arts 4, 5(1), 9): received, closed
(refused or withdrawn), and the school's opinion on a learner (Mẫu 04, Art 5(2)(a))."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from ansinh.audit.events import record_event, snapshot
from ansinh.core.access import Actor
from ansinh.disability import scoring, selectors
from ansinh.disability.action_checks import check_types, not_future, require_manage, required_text
from ansinh.disability.models import (
    ASSESSED_KINDS,
    Certificate,
    CertificateStatus,
    Request,
    RequestKind,
    RequestStatus,
    SchoolConsultation,
)
from ansinh.registry.models import DisabilityLevel, LifeStatus, Person


def request_receive(
    *,
    actor: Actor,
    person: Person,
    kind: str,
    received_on: date,
    representative_name: str = "",
    representative_relation: str = "",
    representative_phone: str = "",
    declared_types: Sequence[str] = (),
    declared_scores: Mapping[str, Any] | None = None,
    studies: bool = False,
    school_name: str = "",
    reason: str = "",
) -> Request:
    """Receive an application. A first determination needs no valid certificate; re-determination,
    exchange and re-issue need one. The council must conclude within 20 working days
    (`deadline.disability_assessment`); exchange and re-issue are due within
    `deadline.disability_certificate` working days."""
    require_manage(actor, person.commune_id)
    if kind not in RequestKind.values:
        raise ValidationError({"kind": "Hãy chọn nội dung đề nghị."})
    not_future(received_on, "received_on")
    if person.life_status != LifeStatus.ALIVE:
        raise ValidationError({"person": f"{person.full_name} không còn sống hoặc đã bị tuyên bố mất tích."})
    types = check_types(declared_types, "declared_types")
    scores = dict(declared_scores or {})
    try:
        scoring.check_answers(scoring.FORM_SIX_AND_OVER, [], [], scores)
    except scoring.ScoringError as error:
        raise ValidationError({"declared_scores": error.message}) from error
    if studies and not school_name.strip():
        raise ValidationError({"school_name": "Người đang đi học: hãy ghi tên cơ sở giáo dục."})
    if kind in (RequestKind.REISSUE, RequestKind.EXCHANGE, RequestKind.REDETERMINE) and not reason.strip():
        raise ValidationError({"reason": "Hãy ghi lý do đề nghị."})
    with transaction.atomic():
        Person.objects.select_for_update().filter(pk=person.pk).first()
        if Request.objects.filter(person=person, status__in=selectors.OPEN_STATUSES).exists():
            raise ValidationError({"person": f"{person.full_name} đang có đơn chưa giải quyết xong."})
        current = Certificate.objects.filter(person=person, status=CertificateStatus.VALID).first()
        if kind == RequestKind.FIRST and current is not None:
            raise ValidationError(
                {"kind": f"{person.full_name} đã có giấy xác nhận số {current.number}: hãy chọn xác định lại, "
                 "cấp đổi hoặc cấp lại."}
            )  # fmt: skip
        if kind != RequestKind.FIRST and current is None:
            raise ValidationError({"kind": f"{person.full_name} chưa có giấy xác nhận khuyết tật còn giá trị."})
        deadline = "deadline.disability_assessment" if kind in ASSESSED_KINDS else "deadline.disability_certificate"
        request = Request.objects.create(
            commune_id=person.commune_id,
            person=person,
            kind=kind,
            received_on=received_on,
            due_on=selectors.working_days_after(deadline, received_on),
            representative_name=representative_name.strip(),
            representative_relation=representative_relation.strip(),
            representative_phone=representative_phone.strip(),
            declared_types=types,
            declared_scores=scores,
            studies=studies,
            school_name=school_name.strip(),
            previous_certificate=current,
            reason=reason.strip(),
            created_by_id=actor.pk,
        )
        record_event(
            actor=actor,
            action="disability.request_receive",
            obj=request,
            after=snapshot(request, ["person", "kind", "received_on", "due_on", "studies", "school_name"]),
            territory_id=request.commune_id,
        )
    return request


CLOSING_STATUSES = frozenset({RequestStatus.REFUSED, RequestStatus.WITHDRAWN})


def request_close(*, actor: Actor, request: Request, status: str, reason: str, closed_on: date) -> Request:
    """Refuse (return) a request, or record that the applicant withdrew it."""
    require_manage(actor, request.commune_id)
    if status not in CLOSING_STATUSES:
        raise ValidationError({"status": "Chỉ được từ chối hoặc ghi nhận rút đơn."})
    why = required_text(reason, "reason", "Hãy ghi lý do.")
    not_future(closed_on, "closed_on")
    with transaction.atomic():
        locked = Request.objects.select_for_update().get(pk=request.pk)
        if locked.status not in (RequestStatus.RECEIVED, RequestStatus.INVITED):
            raise ValidationError(
                {"status": f"Đơn đang ở trạng thái “{locked.get_status_display()}”: không thể đóng. "
                 "Không có gì thay đổi."}
            )  # fmt: skip
        before = {"status": locked.status}
        locked.status, locked.close_reason, locked.closed_on = status, why, closed_on
        locked.save(update_fields=["status", "close_reason", "closed_on"])
        record_event(
            actor=actor,
            action="disability.request_close",
            obj=locked,
            before=before,
            after={"status": status},
            reason=why,
            territory_id=locked.commune_id,
        )
    return locked


def school_consult(*, actor: Actor, request: Request, school_name: str, sent_on: date) -> SchoolConsultation:
    """The council chair's written consultation of the school (Mẫu 04) for a person who studies."""
    require_manage(actor, request.commune_id)
    school = required_text(school_name or request.school_name, "school_name", "Hãy ghi tên cơ sở giáo dục.")
    not_future(sent_on, "sent_on")
    if not request.is_open or not request.needs_assessment:
        raise ValidationError({"request": "Chỉ tham khảo ý kiến nhà trường cho đơn đang xác định mức độ."})
    with transaction.atomic():
        consultation = SchoolConsultation.objects.create(request=request, school_name=school, sent_on=sent_on)
        record_event(
            actor=actor,
            action="disability.school_consult",
            obj=request,
            after={"school_name": school, "sent_on": sent_on.isoformat()},
            territory_id=request.commune_id,
        )
    return consultation


def school_reply(
    *,
    actor: Actor,
    consultation: SchoolConsultation,
    reply_on: date,
    difficulties: str,
    recommended_types: Sequence[str] = (),
    recommended_level: str = "",
) -> SchoolConsultation:
    require_manage(actor, consultation.request.commune_id)
    not_future(reply_on, "reply_on")
    if reply_on < consultation.sent_on:
        raise ValidationError({"reply_on": f"Phải từ ngày gửi ({consultation.sent_on:%d/%m/%Y})."})
    types = check_types(recommended_types, "recommended_types")
    if recommended_level and recommended_level not in DisabilityLevel.values:
        raise ValidationError({"recommended_level": "Mức độ không hợp lệ."})
    text = required_text(difficulties, "difficulties", "Hãy ghi ý kiến của nhà trường.")
    with transaction.atomic():
        locked = SchoolConsultation.objects.select_for_update().get(pk=consultation.pk)
        if locked.reply_on is not None:
            raise ValidationError({"reply_on": "Đã ghi nhận trả lời của nhà trường. Không có gì thay đổi."})
        locked.reply_on, locked.difficulties = reply_on, text
        locked.recommended_types, locked.recommended_level = types, recommended_level
        locked.save(update_fields=["reply_on", "difficulties", "recommended_types", "recommended_level"])
        record_event(
            actor=actor,
            action="disability.school_reply",
            obj=locked.request,
            after={
                "reply_on": reply_on.isoformat(),
                "recommended_types": types,
                "recommended_level": recommended_level,
            },
            territory_id=locked.request.commune_id,
        )
    return locked
