"""Writes of disability determination. Each action checks the policy first (403 before any
validation), validates with Vietnamese messages keyed by field, writes in one transaction under a
row lock (a second click finds the work done and changes nothing) and records an audit event.

Legal basis: Luật NKT 51/2010 Arts 15–20; TT 01/2019/TT-BLĐTBXH (amended by TT 08/2023);
NĐ 20/2021 Art 8 for the start, change and stop of the 5.6 allowance (domain.md §5, §7).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from ansinh.audit.events import record_event, snapshot
from ansinh.cases.dossiers import dossier_open
from ansinh.cases.models import Dossier, Entitlement
from ansinh.cases.workflow import DossierState
from ansinh.core.access import Actor, require
from ansinh.core.months import YearMonth
from ansinh.disability import scoring, selectors
from ansinh.disability.models import (
    ASSESSED_KINDS,
    Assessment,
    AssessmentStatus,
    Attendance,
    Certificate,
    CertificateSequence,
    CertificateStatus,
    Complaint,
    ComplaintStatus,
    ConclusionPosting,
    Council,
    CouncilMember,
    CouncilRole,
    EscalationReason,
    Invitation,
    MedicalEscalation,
    MemberTraining,
    Outcome,
    PostingStatus,
    Request,
    RequestKind,
    RequestStatus,
    SchoolConsultation,
    Session,
    SessionStatus,
)
from ansinh.disability.policies import DisabilityAction, disability_policy
from ansinh.disability.voting import VoteError, vote
from ansinh.registry.models import DisabilityLevel, DisabilityType, FactKind, LifeStatus, Person, PersonFact
from ansinh.registry.policies import PersonAction, person_policy
from ansinh.territory.models import AdministrativeUnit, UnitLevel

DISABILITY_CATEGORY = "5.6"
ELIGIBLE_LEVELS = frozenset({DisabilityLevel.ESPECIALLY_SEVERE, DisabilityLevel.SEVERE})
CLOSED_DOSSIER_STATES = frozenset({DossierState.DECIDED, DossierState.REFUSED, DossierState.CANCELLED})


def _manage(actor: Actor, commune_id: int) -> None:
    require(disability_policy.can_in(actor, DisabilityAction.MANAGE, commune_id))


def _sign(actor: Actor, commune_id: int) -> None:
    require(disability_policy.can_in(actor, DisabilityAction.SIGN, commune_id))


def _not_future(day: date, field: str) -> None:
    if day > timezone.localdate():
        raise ValidationError({field: "Ngày không được ở tương lai."})


def _required(text: str, field: str, message: str) -> str:
    if not text.strip():
        raise ValidationError({field: message})
    return text.strip()


def _check_types(types: Sequence[str], field: str = "types") -> list[str]:
    unknown = [code for code in types if code not in DisabilityType.values]
    if unknown:
        raise ValidationError({field: f"Dạng khuyết tật không hợp lệ: {', '.join(unknown)}."})
    return [code for code in DisabilityType.values if code in set(types)]


# ---------------------------------------------------------------------------------------------
# Council (Luật NKT Art 16; TT 01/2019 Arts 2-3)
# ---------------------------------------------------------------------------------------------


def council_create(
    *,
    actor: Actor,
    commune: AdministrativeUnit,
    term_start: date,
    term_end: date | None = None,
    decision_number: str = "",
    decision_date: date | None = None,
) -> Council:
    """Set up (or renew for a new term) a commune's council; the open council of the previous term
    ends the day before, with its sitting members."""
    _manage(actor, commune.pk)
    if commune.level != UnitLevel.COMMUNE:
        raise ValidationError({"commune": "Hội đồng được thành lập ở xã, thị trấn."})
    if term_end is not None and term_end < term_start:
        raise ValidationError({"term_end": "Ngày kết thúc nhiệm kỳ phải sau ngày bắt đầu."})
    with transaction.atomic():
        previous = Council.objects.select_for_update().filter(commune=commune, term_end__isnull=True).first()
        if previous is not None:
            if term_start <= previous.term_start:
                raise ValidationError(
                    {"term_start": f"Nhiệm kỳ mới phải bắt đầu sau ngày {previous.term_start:%d/%m/%Y}."}
                )
            day_before = term_start - timedelta(days=1)
            previous.term_end = day_before
            previous.save(update_fields=["term_end"])
            previous.members.filter(left_on__isnull=True).update(left_on=day_before, left_reason="Hết nhiệm kỳ")
        council = Council.objects.create(
            commune=commune,
            term_start=term_start,
            term_end=term_end,
            decision_number=decision_number.strip(),
            decision_date=decision_date,
            created_by_id=actor.pk,
        )
        record_event(
            actor=actor,
            action="disability.council_create",
            obj=council,
            after=snapshot(council, ["term_start", "term_end", "decision_number", "decision_date"]),
            territory_id=commune.pk,
        )
    return council


SINGLE_SEATS = frozenset({CouncilRole.CHAIR, CouncilRole.SECRETARY})


def member_add(
    *,
    actor: Actor,
    council: Council,
    full_name: str,
    role: str,
    joined_on: date,
    position: str = "",
    phone: str = "",
    replaces: CouncilMember | None = None,
) -> CouncilMember:
    """Add a member; when `replaces` is given that member leaves the day before (a change of
    membership keeps its history)."""
    _manage(actor, council.commune_id)
    name = _required(full_name, "full_name", "Hãy nhập họ và tên thành viên.")
    if role not in CouncilRole.values:
        raise ValidationError({"role": "Vai trò không hợp lệ."})
    if replaces is not None and replaces.council_id != council.pk:
        raise ValidationError({"replaces": "Thành viên được thay không thuộc Hội đồng này."})
    with transaction.atomic():
        locked = Council.objects.select_for_update().get(pk=council.pk)
        if locked.term_end is not None:
            raise ValidationError({"council": "Hội đồng đã hết nhiệm kỳ."})
        if joined_on < locked.term_start:
            raise ValidationError({"joined_on": f"Phải từ ngày {locked.term_start:%d/%m/%Y} (đầu nhiệm kỳ)."})
        if replaces is not None:
            replaced = CouncilMember.objects.select_for_update().get(pk=replaces.pk)
            if replaced.left_on is not None:
                raise ValidationError({"replaces": f"{replaced.full_name} đã thôi tham gia Hội đồng."})
            if joined_on <= replaced.joined_on:
                raise ValidationError({"joined_on": f"Phải sau ngày {replaced.joined_on:%d/%m/%Y}."})
            replaced.left_on = joined_on - timedelta(days=1)
            replaced.left_reason = f"Thay bằng {name}"
            replaced.save(update_fields=["left_on", "left_reason"])
        if role in SINGLE_SEATS and locked.members.filter(role=role, left_on__isnull=True).exists():
            raise ValidationError(
                {"role": f"Hội đồng đã có {CouncilRole(role).label.lower()}: hãy chọn người được thay."}
            )
        member = CouncilMember.objects.create(
            council=locked,
            full_name=name,
            role=role,
            position=position.strip(),
            phone=phone.strip(),
            joined_on=joined_on,
            replaces=replaces,
        )
        record_event(
            actor=actor,
            action="disability.member_add",
            obj=member,
            after={
                **snapshot(member, ["full_name", "role", "joined_on"]),
                "replaces": replaces.pk if replaces else None,
            },
            territory_id=council.commune_id,
        )
    return member


def member_leave(*, actor: Actor, member: CouncilMember, left_on: date, reason: str) -> CouncilMember:
    _manage(actor, member.council.commune_id)
    why = _required(reason, "reason", "Hãy ghi lý do thôi tham gia.")
    with transaction.atomic():
        locked = CouncilMember.objects.select_for_update().get(pk=member.pk)
        if locked.left_on is not None:
            raise ValidationError({"left_on": f"{locked.full_name} đã thôi tham gia từ {locked.left_on:%d/%m/%Y}."})
        if left_on < locked.joined_on:
            raise ValidationError({"left_on": f"Phải từ ngày {locked.joined_on:%d/%m/%Y}."})
        locked.left_on, locked.left_reason = left_on, why
        locked.save(update_fields=["left_on", "left_reason"])
        record_event(
            actor=actor,
            action="disability.member_leave",
            obj=locked,
            after={"left_on": left_on.isoformat()},
            reason=why,
            territory_id=member.council.commune_id,
        )
    return locked


def member_duties_set(
    *, actor: Actor, member: CouncilMember, duties: str, notice_number: str, notified_on: date
) -> CouncilMember:
    """The notice of the duties assigned to a member (who does what in the council)."""
    _manage(actor, member.council.commune_id)
    text = _required(duties, "duties", "Hãy ghi nhiệm vụ được phân công.")
    _not_future(notified_on, "notified_on")
    with transaction.atomic():
        locked = CouncilMember.objects.select_for_update().get(pk=member.pk)
        before = snapshot(locked, ["duties", "duties_notice_number", "duties_notified_on"])
        locked.duties, locked.duties_notice_number, locked.duties_notified_on = text, notice_number.strip(), notified_on
        locked.save(update_fields=["duties", "duties_notice_number", "duties_notified_on"])
        record_event(
            actor=actor,
            action="disability.member_duties_set",
            obj=locked,
            before=before,
            after=snapshot(locked, ["duties", "duties_notice_number", "duties_notified_on"]),
            territory_id=member.council.commune_id,
        )
    return locked


def training_record(
    *, actor: Actor, member: CouncilMember, trained_on: date, material: str, organiser: str = "", note: str = ""
) -> MemberTraining:
    _manage(actor, member.council.commune_id)
    content = _required(material, "material", "Hãy ghi nội dung, tài liệu tập huấn.")
    _not_future(trained_on, "trained_on")
    with transaction.atomic():
        training = MemberTraining.objects.create(
            member=member, trained_on=trained_on, material=content, organiser=organiser.strip(), note=note.strip()
        )
        record_event(
            actor=actor,
            action="disability.training_record",
            obj=member,
            after={"trained_on": trained_on.isoformat(), "material": content},
            territory_id=member.council.commune_id,
        )
    return training


# ---------------------------------------------------------------------------------------------
# Requests (Mẫu 01; TT 01/2019 Arts 4, 5(1), 9) and the school (Mẫu 04, Art 5(2)(a))
# ---------------------------------------------------------------------------------------------


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
    _manage(actor, person.commune_id)
    if kind not in RequestKind.values:
        raise ValidationError({"kind": "Hãy chọn nội dung đề nghị."})
    _not_future(received_on, "received_on")
    if person.life_status != LifeStatus.ALIVE:
        raise ValidationError({"person": f"{person.full_name} không còn sống hoặc đã bị tuyên bố mất tích."})
    types = _check_types(declared_types, "declared_types")
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
    _manage(actor, request.commune_id)
    if status not in CLOSING_STATUSES:
        raise ValidationError({"status": "Chỉ được từ chối hoặc ghi nhận rút đơn."})
    why = _required(reason, "reason", "Hãy ghi lý do.")
    _not_future(closed_on, "closed_on")
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
    _manage(actor, request.commune_id)
    school = _required(school_name or request.school_name, "school_name", "Hãy ghi tên cơ sở giáo dục.")
    _not_future(sent_on, "sent_on")
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
    _manage(actor, consultation.request.commune_id)
    _not_future(reply_on, "reply_on")
    if reply_on < consultation.sent_on:
        raise ValidationError({"reply_on": f"Phải từ ngày gửi ({consultation.sent_on:%d/%m/%Y})."})
    types = _check_types(recommended_types, "recommended_types")
    if recommended_level and recommended_level not in DisabilityLevel.values:
        raise ValidationError({"recommended_level": "Mức độ không hợp lệ."})
    text = _required(difficulties, "difficulties", "Hãy ghi ý kiến của nhà trường.")
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


# ---------------------------------------------------------------------------------------------
# Sessions, invitations, attendance (TT 01/2019 Arts 3, 5(2))
# ---------------------------------------------------------------------------------------------


def session_schedule(
    *, actor: Actor, commune: AdministrativeUnit, scheduled_at: datetime, place: str, note: str = ""
) -> Session:
    _manage(actor, commune.pk)
    where = _required(place, "place", "Hãy ghi địa điểm họp.")
    council = Council.objects.filter(commune=commune, term_end__isnull=True).first()
    if council is None:
        raise ValidationError({"commune": "Xã chưa có Hội đồng xác định mức độ khuyết tật đang hoạt động."})
    if not council.members.filter(left_on__isnull=True).exists():
        raise ValidationError({"commune": "Hội đồng chưa có thành viên."})
    with transaction.atomic():
        session = Session.objects.create(
            commune=commune,
            council=council,
            scheduled_at=scheduled_at,
            place=where,
            note=note.strip(),
            created_by_id=actor.pk,
        )
        record_event(
            actor=actor,
            action="disability.session_schedule",
            obj=session,
            after=snapshot(session, ["scheduled_at", "place"]),
            territory_id=commune.pk,
        )
    return session


def invitation_send(
    *,
    actor: Actor,
    session: Session,
    request: Request,
    sent_on: date,
    at_home: bool = False,
    meet_at: datetime | None = None,
    place: str = "",
) -> Invitation:
    """Invite the person assessed: to the session's place and time, or at home when they cannot
    come (then `place` defaults to their address)."""
    _manage(actor, session.commune_id)
    if request.commune_id != session.commune_id:
        raise ValidationError({"request": "Đơn không thuộc xã của phiên họp."})
    if not request.needs_assessment:
        raise ValidationError({"request": "Cấp đổi, cấp lại giấy xác nhận không cần họp Hội đồng."})
    _not_future(sent_on, "sent_on")
    person = request.person
    where = place.strip() or (
        (person.address or (person.village.full_name if person.village else person.commune.full_name))
        if at_home
        else session.place
    )
    with transaction.atomic():
        locked_session = Session.objects.select_for_update().get(pk=session.pk)
        if locked_session.status != SessionStatus.PLANNED:
            raise ValidationError({"session": "Chỉ mời vào phiên họp chưa diễn ra."})
        locked = Request.objects.select_for_update().get(pk=request.pk)
        if locked.status not in (RequestStatus.RECEIVED, RequestStatus.INVITED):
            raise ValidationError({"request": f"Đơn đang ở trạng thái “{locked.get_status_display()}”."})
        if Invitation.objects.filter(session=locked_session, request=locked).exists():
            raise ValidationError({"request": "Đã mời người này vào phiên họp. Không có gì thay đổi."})
        invitation = Invitation.objects.create(
            session=locked_session,
            request=locked,
            at_home=at_home,
            meet_at=meet_at or locked_session.scheduled_at,
            place=where,
            sent_on=sent_on,
        )
        locked.status = RequestStatus.INVITED
        locked.save(update_fields=["status"])
        record_event(
            actor=actor,
            action="disability.invitation_send",
            obj=locked,
            after={"session": session.pk, "at_home": at_home, "place": where},
            territory_id=locked.commune_id,
        )
    return invitation


def invitation_mark(*, actor: Actor, invitation: Invitation, attended: bool) -> Invitation:
    _manage(actor, invitation.session.commune_id)
    with transaction.atomic():
        locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
        locked.attended = attended
        locked.save(update_fields=["attended"])
        record_event(
            actor=actor,
            action="disability.invitation_mark",
            obj=locked.request,
            after={"session": locked.session_id, "attended": attended},
            territory_id=locked.session.commune_id,
        )
    return locked


def session_hold(
    *,
    actor: Actor,
    session: Session,
    present_member_ids: Iterable[int],
    opened_at: datetime,
    absence_notes: Mapping[int, str] | None = None,
) -> Session:
    """Record who attended and open the meeting; refused (nothing written) without the quorum of
    2/3 of the sitting members (TT 01/2019 Art 3; `disability.council_quorum_share`)."""
    _manage(actor, session.commune_id)
    present = set(present_member_ids)
    notes = dict(absence_notes or {})
    with transaction.atomic():
        locked = Session.objects.select_for_update().get(pk=session.pk)
        if locked.status != SessionStatus.PLANNED:
            raise ValidationError(
                {"session": f"Phiên họp đang ở trạng thái “{locked.get_status_display()}”. Không có gì thay đổi."}
            )
        sitting = list(selectors.sitting_members(locked.council, opened_at.date()))
        sitting_ids = {member.pk for member in sitting}
        strangers = present - sitting_ids
        if strangers:
            raise ValidationError({"present_member_ids": "Có người không phải thành viên đương nhiệm của Hội đồng."})
        check = selectors.quorum_of(len(sitting), len(present), opened_at.date())
        if not check.met:
            raise ValidationError({"present_member_ids": check.describe()})
        Attendance.objects.bulk_create(
            Attendance(session=locked, member=member, present=member.pk in present, note=notes.get(member.pk, ""))
            for member in sitting
        )
        locked.status, locked.opened_at = SessionStatus.HELD, opened_at
        locked.save(update_fields=["status", "opened_at"])
        record_event(
            actor=actor,
            action="disability.session_hold",
            obj=locked,
            after={"present": sorted(present), "sitting": len(sitting), "needed": check.needed},
            territory_id=locked.commune_id,
        )
    return locked


def session_close(*, actor: Actor, session: Session, closed_at: datetime, note: str = "") -> Session:
    """The time the meeting ended (Mẫu 05 "Cuộc họp kết thúc hồi …")."""
    _manage(actor, session.commune_id)
    with transaction.atomic():
        locked = Session.objects.select_for_update().get(pk=session.pk)
        if locked.status != SessionStatus.HELD or locked.closed_at is not None:
            raise ValidationError({"session": "Phiên họp chưa họp hoặc đã kết thúc. Không có gì thay đổi."})
        if locked.opened_at and closed_at <= locked.opened_at:
            raise ValidationError({"closed_at": "Giờ kết thúc phải sau giờ bắt đầu."})
        locked.closed_at = closed_at
        if note.strip():
            locked.note = note.strip()
        locked.save(update_fields=["closed_at", "note"])
        record_event(
            actor=actor,
            action="disability.session_close",
            obj=locked,
            after={"closed_at": closed_at.isoformat()},
            territory_id=locked.commune_id,
        )
    return locked


def session_cancel(*, actor: Actor, session: Session, reason: str) -> Session:
    """Cancel or postpone a planned session; its invited requests go back to the queue."""
    _manage(actor, session.commune_id)
    why = _required(reason, "reason", "Hãy ghi lý do hủy, hoãn.")
    with transaction.atomic():
        locked = Session.objects.select_for_update().get(pk=session.pk)
        if locked.status != SessionStatus.PLANNED:
            raise ValidationError({"session": "Chỉ hủy, hoãn phiên họp chưa diễn ra. Không có gì thay đổi."})
        locked.status, locked.cancel_reason = SessionStatus.CANCELLED, why
        locked.save(update_fields=["status", "cancel_reason"])
        Request.objects.filter(invitations__session=locked, status=RequestStatus.INVITED).update(
            status=RequestStatus.RECEIVED
        )
        record_event(
            actor=actor,
            action="disability.session_cancel",
            obj=locked,
            after={"status": locked.status},
            reason=why,
            territory_id=locked.commune_id,
        )
    return locked


# ---------------------------------------------------------------------------------------------
# Assessment (Mẫu 02 / 03) and conclusion by vote (Mẫu 05)
# ---------------------------------------------------------------------------------------------


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
    _manage(actor, session.commune_id)
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
    _manage(actor, assessment.commune_id)
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": "Hãy chọn kết luận."})
    chosen_types = _check_types(types if types is not None else assessment.types)
    if outcome == Outcome.DISABLED:
        if level not in DisabilityLevel.values:
            raise ValidationError({"level": "Hãy chọn mức độ khuyết tật."})
        if not chosen_types:
            raise ValidationError({"types": "Hãy chọn ít nhất một dạng khuyết tật."})
    else:
        level, chosen_types = "", []
    day = concluded_on or timezone.localdate()
    _not_future(day, "concluded_on")
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


# ---------------------------------------------------------------------------------------------
# Posting and complaints (TT 01/2019 Art 6: 5 working days each)
# ---------------------------------------------------------------------------------------------


def conclusion_post(*, actor: Actor, assessment: Assessment, posted_on: date, place: str) -> ConclusionPosting:
    """Post the council's conclusion at the commune office; the posting lasts
    `deadline.disability_certificate` working days, within which the certificate is issued."""
    _manage(actor, assessment.commune_id)
    where = _required(place, "place", "Hãy ghi nơi niêm yết.")
    _not_future(posted_on, "posted_on")
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


def complaint_receive(
    *, actor: Actor, posting: ConclusionPosting, received_on: date, complainant: str, content: str
) -> Complaint:
    _manage(actor, posting.commune_id)
    who = _required(complainant, "complainant", "Hãy ghi người khiếu nại, kiến nghị.")
    text = _required(content, "content", "Hãy ghi nội dung khiếu nại, kiến nghị.")
    _not_future(received_on, "received_on")
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
    _manage(actor, posting.commune_id)
    text = _required(answer, "answer", "Hãy ghi nội dung trả lời.")
    _not_future(answered_on, "answered_on")
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


def conclusion_close_not_disabled(*, actor: Actor, posting: ConclusionPosting, closed_on: date) -> Request:
    """End the posting of a "not disabled" conclusion: the request is closed; a re-determination
    that finds no disability revokes the current certificate (and proposes to stop 5.6)."""
    _sign(actor, posting.commune_id)
    _not_future(closed_on, "closed_on")
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
            _revoke(actor, current, closed_on, "Hội đồng xác định lại: không khuyết tật")
        record_event(
            actor=actor,
            action="disability.conclusion_close",
            obj=request,
            after={"status": request.status},
            territory_id=request.commune_id,
        )
    return request


# ---------------------------------------------------------------------------------------------
# Escalation to the Medical Assessment Council (Luật NKT Arts 15(2), 17)
# ---------------------------------------------------------------------------------------------


def escalation_send(
    *,
    actor: Actor,
    request: Request,
    reason: str,
    sent_on: date,
    note: str = "",
    council_name: str = "",
) -> MedicalEscalation:
    _manage(actor, request.commune_id)
    if reason not in EscalationReason.values:
        raise ValidationError({"reason": "Hãy chọn lý do chuyển Hội đồng Giám định y khoa."})
    _not_future(sent_on, "sent_on")
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
    _manage(actor, escalation.commune_id)
    if outcome not in (Outcome.DISABLED, Outcome.NOT_DISABLED):
        raise ValidationError({"outcome": "Hãy chọn kết luận của Hội đồng Giám định y khoa."})
    chosen = _check_types(types)
    if outcome == Outcome.DISABLED and (level not in DisabilityLevel.values or not chosen):
        raise ValidationError({"level": "Hãy ghi dạng và mức độ khuyết tật theo kết luận giám định."})
    _not_future(outcome_on, "outcome_on")
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


# ---------------------------------------------------------------------------------------------
# Certificates (Mẫu 06; Luật NKT Art 19; TT 01/2019 Arts 6-9) and the link to money (5.6)
# ---------------------------------------------------------------------------------------------


def next_certificate_number(commune_id: int, year: int) -> tuple[int, str]:
    """The next number of a commune's year, "0001/2026/GXNKT": the counter row is locked, so two
    certificates issued at the same time never share a number. Call inside a transaction."""
    sequence = CertificateSequence.objects.select_for_update().filter(commune_id=commune_id, year=year).first()
    if sequence is None:
        try:
            with transaction.atomic():
                CertificateSequence.objects.create(commune_id=commune_id, year=year, last=0)
        except IntegrityError:
            pass  # created by a concurrent issue: lock theirs
        sequence = CertificateSequence.objects.select_for_update().get(commune_id=commune_id, year=year)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return sequence.last, f"{sequence.last:04d}/{year}/GXNKT"


@dataclass(frozen=True)
class CertificateBasis:
    level: str
    types: list[str]
    assessment: Assessment | None
    escalation: MedicalEscalation | None


def _basis(request: Request) -> CertificateBasis:
    """What the certificate states: the council's posted conclusion, the Medical Assessment
    Council's outcome, or (exchange, re-issue) the certificate being replaced."""
    if request.status == RequestStatus.ESCALATED:
        escalation = request.escalations.order_by("-sent_on", "-pk").first()
        if escalation is None or escalation.outcome != Outcome.DISABLED:
            raise ValidationError({"request": "Chưa có kết luận của Hội đồng Giám định y khoa."})
        return CertificateBasis(escalation.outcome_level, list(escalation.outcome_types), None, escalation)
    if request.kind in ASSESSED_KINDS:
        if request.status != RequestStatus.POSTED:
            raise ValidationError(
                {"request": f"Đơn đang ở trạng thái “{request.get_status_display()}”: chưa thể cấp giấy."}
            )
        posting = (
            ConclusionPosting.objects.select_related("assessment")
            .filter(assessment__request=request, status=PostingStatus.POSTED)
            .first()
        )
        if posting is None or posting.assessment.outcome != Outcome.DISABLED:
            raise ValidationError({"request": "Kết luận có khuyết tật của Hội đồng chưa được niêm yết."})
        if posting.complaints.filter(status=ComplaintStatus.OPEN).exists():
            raise ValidationError({"request": "Còn khiếu nại về kết luận chưa được trả lời."})
        assessment = posting.assessment
        return CertificateBasis(assessment.concluded_level, list(assessment.concluded_types), assessment, None)
    previous = request.previous_certificate
    if previous is None or previous.status != CertificateStatus.VALID:
        raise ValidationError({"request": "Giấy xác nhận cần cấp đổi, cấp lại không còn giá trị."})
    return CertificateBasis(previous.level, list(previous.types), None, None)


def certificate_issue(*, actor: Actor, request: Request, issued_on: date, signer_name: str = "") -> Certificate:
    """Issue the certificate of a request, signed by the commune chairman.

    - The replaced certificate becomes exchanged, re-issued or replaced (re-determination).
    - The person's disability fact (level, types, certificate number and date) is recorded.
    - A new or changed level prepares the allowance dossier of category 5.6 with the certificate's
      month as the effective month (NĐ 20/2021 Art 8: the allowance of a disabled person starts
      from the month the certificate was issued): a grant when there is no open 5.6
      entitlement, an adjustment when the level changed, a stop (no longer eligible) when the
      level became mild.
    """
    _sign(actor, request.commune_id)
    _not_future(issued_on, "issued_on")
    signer = signer_name.strip() or getattr(actor, "full_name", "") or ""
    with transaction.atomic():
        locked = Request.objects.select_for_update().select_related("person").get(pk=request.pk)
        if locked.status == RequestStatus.CERTIFIED:
            raise ValidationError({"request": "Đã cấp giấy xác nhận cho đơn này. Không có gì thay đổi."})
        basis = _basis(locked)
        if issued_on < locked.received_on:
            raise ValidationError({"issued_on": f"Phải từ ngày nhận đơn ({locked.received_on:%d/%m/%Y})."})
        person = locked.person
        previous = Certificate.objects.select_for_update().filter(person=person, status=CertificateStatus.VALID).first()
        previous_level = previous.level if previous is not None else _fact_level(person)
        if previous is not None:
            previous.status = {
                RequestKind.EXCHANGE: CertificateStatus.EXCHANGED,
                RequestKind.REISSUE: CertificateStatus.REISSUED,
            }.get(RequestKind(locked.kind), CertificateStatus.REPLACED)
            previous.save(update_fields=["status"])
        sequence, number = next_certificate_number(locked.commune_id, issued_on.year)
        certificate = Certificate.objects.create(
            number=number,
            year=issued_on.year,
            sequence=sequence,
            commune_id=locked.commune_id,
            person=person,
            request=locked,
            assessment=basis.assessment,
            escalation=basis.escalation,
            level=basis.level,
            types=basis.types,
            issued_on=issued_on,
            signer_name=signer,
            replaces=previous,
            created_by_id=actor.pk,
        )
        _record_fact(actor, person, certificate)
        ConclusionPosting.objects.filter(assessment__request=locked, status=PostingStatus.POSTED).update(
            status=PostingStatus.CLOSED, closed_on=issued_on
        )
        locked.status, locked.closed_on = RequestStatus.CERTIFIED, issued_on
        locked.save(update_fields=["status", "closed_on"])
        if locked.kind in ASSESSED_KINDS or basis.escalation is not None:
            certificate.dossier_kind = _dossier_needed(person, previous_level, certificate.level)
            certificate.save(update_fields=["dossier_kind"])
            _open_dossier_if_allowed(actor, certificate)
        record_event(
            actor=actor,
            action="disability.certificate_issue",
            obj=certificate,
            after={
                **snapshot(certificate, ["number", "person", "level", "types", "issued_on", "signer_name"]),
                "replaces": previous.number if previous else None,
                "dossier_kind": certificate.dossier_kind,
                "dossier": certificate.dossier_id,
            },
            territory_id=certificate.commune_id,
        )
    return certificate


def certificate_revoke(*, actor: Actor, certificate: Certificate, revoked_on: date, reason: str) -> Certificate:
    """Revoke a certificate (e.g. issued on false information): the disability fact ends and an
    open 5.6 allowance is proposed for stopping."""
    _sign(actor, certificate.commune_id)
    why = _required(reason, "reason", "Hãy ghi lý do thu hồi.")
    _not_future(revoked_on, "revoked_on")
    with transaction.atomic():
        locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if locked.status != CertificateStatus.VALID:
            raise ValidationError({"reason": "Giấy xác nhận không còn giá trị. Không có gì thay đổi."})
        if revoked_on < locked.issued_on:
            raise ValidationError({"revoked_on": f"Phải từ ngày cấp ({locked.issued_on:%d/%m/%Y})."})
        _revoke(actor, locked, revoked_on, why)
    return locked


def _revoke(actor: Actor, certificate: Certificate, revoked_on: date, reason: str) -> None:
    certificate.status, certificate.revoked_on, certificate.revoke_reason = (
        CertificateStatus.REVOKED,
        revoked_on,
        reason,
    )
    certificate.save(update_fields=["status", "revoked_on", "revoke_reason"])
    PersonFact.objects.filter(person=certificate.person, kind=FactKind.DISABILITY, effective_to__isnull=True).update(
        effective_to=revoked_on
    )
    certificate.dossier_kind = "stop" if _open_entitlement(certificate.person) is not None else ""
    certificate.dossier = None
    certificate.save(update_fields=["dossier_kind", "dossier"])
    _open_dossier_if_allowed(actor, certificate)
    record_event(
        actor=actor,
        action="disability.certificate_revoke",
        obj=certificate,
        after={
            "status": certificate.status,
            "revoked_on": revoked_on.isoformat(),
            "dossier_kind": certificate.dossier_kind,
            "dossier": certificate.dossier_id,
        },
        reason=reason,
        territory_id=certificate.commune_id,
    )


def _fact_level(person: Person) -> str:
    fact = person.facts.filter(kind=FactKind.DISABILITY, effective_to__isnull=True).first()
    return str((fact.value or {}).get("level", "")) if fact is not None else ""


def _record_fact(actor: Actor, person: Person, certificate: Certificate) -> PersonFact:
    """The register's dated disability fact from the certificate (as registry.fact_add does: the
    open fact ends the day before; a fact of the same day is corrected). Written here because the
    commune chairman who signs may not edit the register."""
    value = {
        "level": certificate.level,
        "types": list(certificate.types),
        "certificate_number": certificate.number,
        "certificate_date": certificate.issued_on.isoformat(),
    }
    source = f"Giấy xác nhận khuyết tật số {certificate.number} ngày {certificate.issued_on:%d/%m/%Y}"
    open_facts = PersonFact.objects.select_for_update().filter(
        person=person, kind=FactKind.DISABILITY, effective_to__isnull=True
    )
    fact = open_facts.filter(effective_from__gte=certificate.issued_on).first()
    if fact is not None:
        fact.value, fact.source, fact.effective_from = value, source, certificate.issued_on
        fact.save(update_fields=["value", "source", "effective_from"])
    else:
        open_facts.update(effective_to=certificate.issued_on - timedelta(days=1))
        fact = PersonFact.objects.create(
            person=person, kind=FactKind.DISABILITY, value=value, effective_from=certificate.issued_on, source=source
        )
    record_event(
        actor=actor,
        action="registry.fact_add",
        obj=person,
        after={"kind": FactKind.DISABILITY, "effective_from": certificate.issued_on.isoformat(), "value": value},
        reason=source,
        territory_id=person.commune_id,
    )
    return fact


def _open_entitlement(person: Person) -> Entitlement | None:
    return Entitlement.objects.filter(person=person, category_code=DISABILITY_CATEGORY, end_month__isnull=True).first()


def _dossier_needed(person: Person, previous_level: str, level: str) -> str:
    """Which 5.6 dossier a certificate calls for (NĐ 20/2021 Arts 5(6), 8; domain.md §5): a grant
    when the level is severe or especially severe and there is no open 5.6 entitlement, an
    adjustment when the level changed, a stop (no longer eligible) when it became mild."""
    entitlement = _open_entitlement(person)
    eligible = level in ELIGIBLE_LEVELS
    if entitlement is None:
        return "grant" if eligible else ""
    if not eligible:
        return "stop"
    return "adjust" if level != previous_level else ""


def proposed_month(certificate: Certificate) -> date:
    """The effective month of the 5.6 dossier: the certificate's month for a grant or an
    adjustment (the allowance of a disabled person starts from the month the certificate was
    issued, NĐ 20/2021 Art 8); the month after the loss of eligibility for a stop."""
    if certificate.dossier_kind == "stop":
        return YearMonth.of(certificate.revoked_on or certificate.issued_on).add(1).first_day
    return YearMonth.of(certificate.issued_on).first_day


def _open_dossier_if_allowed(actor: Actor, certificate: Certificate) -> None:
    """Open the dossier now when the actor may open dossiers (a commune officer); otherwise (the
    chairman who signs) it waits in `selectors.certificates_awaiting_dossier` for the commune
    officer's `certificate_dossier_open`."""
    if not certificate.dossier_kind or certificate.dossier_id is not None:
        return
    if not person_policy.can(actor, PersonAction.CHANGE, certificate.person):
        return
    certificate.dossier = _open_for(actor, certificate)
    certificate.save(update_fields=["dossier"])


def _open_for(actor: Actor, certificate: Certificate) -> Dossier:
    person = certificate.person
    kind = certificate.dossier_kind
    existing = (
        Dossier.objects.filter(person=person, kind=kind, category_code=DISABILITY_CATEGORY)
        .exclude(state__in=CLOSED_DOSSIER_STATES)
        .first()
    )
    if existing is not None:
        return existing
    if kind == "grant":
        return dossier_open(
            actor=actor,
            person=person,
            kind=kind,
            category_code=DISABILITY_CATEGORY,
            proposed_month=proposed_month(certificate),
        )
    entitlement = _open_entitlement(person)
    if kind == "stop":
        return dossier_open(
            actor=actor,
            person=person,
            kind=kind,
            category_code=DISABILITY_CATEGORY,
            proposed_month=proposed_month(certificate),
            entitlement=entitlement,
            ground="not_eligible",
            ground_date=certificate.revoked_on or certificate.issued_on,
        )
    return dossier_open(
        actor=actor,
        person=person,
        kind=kind,
        category_code=DISABILITY_CATEGORY,
        proposed_month=proposed_month(certificate),
        entitlement=entitlement,
    )


def certificate_dossier_open(*, actor: Actor, certificate: Certificate) -> Dossier:
    """The commune officer opens the 5.6 dossier a certificate signed by the chairman calls for
    (grant, adjustment or stop, with its effective month). A second click changes nothing."""
    _manage(actor, certificate.commune_id)
    require(person_policy.can(actor, PersonAction.CHANGE, certificate.person))
    with transaction.atomic():
        locked = Certificate.objects.select_for_update().select_related("person").get(pk=certificate.pk)
        if not locked.dossier_kind:
            raise ValidationError({"certificate": "Giấy xác nhận này không cần lập hồ sơ trợ cấp."})
        if locked.dossier_id is not None:
            raise ValidationError({"certificate": "Đã lập hồ sơ trợ cấp cho giấy này. Không có gì thay đổi."})
        dossier = _open_for(actor, locked)
        locked.dossier = dossier
        locked.save(update_fields=["dossier"])
        record_event(
            actor=actor,
            action="disability.certificate_dossier_open",
            obj=locked,
            after={"dossier_kind": locked.dossier_kind, "dossier": locked.dossier_id},
            territory_id=locked.commune_id,
        )
    return dossier
