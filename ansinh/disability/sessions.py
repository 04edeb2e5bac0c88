"""The council's sessions (TT 01/2019/TT-BLĐTBXH Arts 3, 5(2)): scheduled, invitations sent and marked,
held with its quorum, closed or cancelled."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from ansinh.audit.events import record_event, snapshot
from ansinh.core.access import Actor
from ansinh.disability import selectors
from ansinh.disability.action_checks import not_future, require_manage, required_text
from ansinh.disability.models import Attendance, Council, Invitation, Request, RequestStatus, Session, SessionStatus
from ansinh.territory.models import AdministrativeUnit


def session_schedule(
    *, actor: Actor, commune: AdministrativeUnit, scheduled_at: datetime, place: str, note: str = ""
) -> Session:
    require_manage(actor, commune.pk)
    where = required_text(place, "place", "Hãy ghi địa điểm họp.")
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
    require_manage(actor, session.commune_id)
    if request.commune_id != session.commune_id:
        raise ValidationError({"request": "Đơn không thuộc xã của phiên họp."})
    if not request.needs_assessment:
        raise ValidationError({"request": "Cấp đổi, cấp lại giấy xác nhận không cần họp Hội đồng."})
    not_future(sent_on, "sent_on")
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
    require_manage(actor, invitation.session.commune_id)
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
    require_manage(actor, session.commune_id)
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
    require_manage(actor, session.commune_id)
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
    require_manage(actor, session.commune_id)
    why = required_text(reason, "reason", "Hãy ghi lý do hủy, hoãn.")
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
