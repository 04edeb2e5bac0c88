"""Pages of the council's sessions: scheduling, invitations, attendance, closing and cancelling."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from ansinh.audit.selectors import events_for_object
from ansinh.core.access import ActorRequest, require
from ansinh.disability import forms, selectors, sessions
from ansinh.disability.models import Invitation, Request, RequestKind, RequestStatus, Session
from ansinh.disability.pages import actor_commune, can_manage, form_page, local_today, posted, require_manage
from ansinh.disability.policies import disability_policy
from ansinh.registry.history import events_shown


@login_required
def session_list(request: ActorRequest) -> HttpResponse:
    require(disability_policy.can_read(request.user))
    sessions = disability_policy.sessions(request.user).select_related("commune").order_by("-scheduled_at")[:100]
    context = {"sessions": sessions, "can_manage": disability_policy.can_manage_any(request.user)}
    return TemplateResponse(request, "disability/session_list.html", context)


@login_required
def session_create(request: ActorRequest) -> HttpResponse:
    commune = actor_commune(request)
    return form_page(
        request,
        form=forms.SessionForm(posted(request), initial={"place": f"Hội trường UBND {commune.name}"}),
        title=_("Lên lịch phiên họp Hội đồng"),
        write=lambda data: sessions.session_schedule(actor=request.user, commune=commune, **data),
        done=_("Đã lên lịch phiên họp. Hãy mời những người cần xác định."),
        success=lambda session: reverse("disability:session_detail", args=[session.pk]),
        back=reverse("disability:session_list"),
        button=_("Lên lịch"),
    )


def _session(request: ActorRequest, pk: int) -> Session:
    return get_object_or_404(disability_policy.sessions(request.user).select_related("commune", "council"), pk=pk)


@login_required
def session_detail(request: ActorRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    day = timezone.localtime(session.scheduled_at).date()
    sitting = list(selectors.sitting_members(session.council, day))
    attendances = list(session.attendances.select_related("member"))
    present = sum(1 for attendance in attendances if attendance.present)
    assessments = {assessment.request_id: assessment for assessment in session.assessments.all()}
    invitations = [
        (invitation, assessments.get(invitation.request_id))
        for invitation in session.invitations.select_related("request", "request__person")
    ]
    context = {
        "session": session,
        "sitting": sitting,
        "attendances": attendances,
        "quorum": selectors.quorum_of(len(sitting), present, day) if attendances else None,
        "needed": selectors.quorum_of(len(sitting), 0, day).needed,
        "invitations": invitations,
        "can_manage": can_manage(request, session),
        "history": events_shown(request.user, events_for_object(session)[:30]),
    }
    return TemplateResponse(request, "disability/session_detail.html", context)


def _request_choice(item: Request) -> str:
    return _("%(name)s – hạn %(due)s") % {"name": item.person.full_name, "due": f"{item.due_on:%d/%m/%Y}"}


@login_required
def invitation_create(request: ActorRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    require_manage(request, session)
    waiting = disability_policy.requests(request.user).filter(
        commune_id=session.commune_id,
        status__in=(RequestStatus.RECEIVED, RequestStatus.INVITED),
        kind__in=(RequestKind.FIRST, RequestKind.REDETERMINE),
    )
    form = forms.InvitationForm(
        posted(request), initial={"meet_at": timezone.localtime(session.scheduled_at), "sent_on": local_today()}
    )
    form.set_requests([(item.pk, _request_choice(item)) for item in waiting])

    def write(data: dict[str, Any]) -> Invitation:
        item = waiting.get(pk=data.pop("request"))
        return sessions.invitation_send(actor=request.user, session=session, request=item, **data)

    return form_page(
        request,
        form=form,
        title=_("Mời người được xác định"),
        write=write,
        done=_("Đã gửi giấy mời. Có thể in giấy mời trên trang phiên họp."),
        success=lambda _i: reverse("disability:session_detail", args=[session.pk]),
        back=reverse("disability:session_detail", args=[session.pk]),
        intro=_("Người không thể đến địa điểm họp được xác định tại nơi cư trú."),
        button=_("Mời"),
    )


@login_required
def session_attendance(request: ActorRequest, pk: int) -> HttpResponse:
    """Who is present: the meeting opens only with 2/3 of the sitting members."""
    session = _session(request, pk)
    require_manage(request, session)
    day = timezone.localtime(session.scheduled_at).date()
    sitting = list(selectors.sitting_members(session.council, day))
    errors: list[str] = []
    if request.method == "POST":
        present = [int(value) for value in request.POST.getlist("present") if value.isdigit()]
        opened = request.POST.get("opened_at", "").strip()
        try:
            opened_at = _parse_datetime(opened) if opened else timezone.localtime(session.scheduled_at)
            sessions.session_hold(actor=request.user, session=session, present_member_ids=present, opened_at=opened_at)
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(request, _("Đã điểm danh: đủ điều kiện họp."))
            return redirect("disability:session_detail", pk=session.pk)
    context = {
        "session": session,
        "sitting": sitting,
        "needed": selectors.quorum_of(len(sitting), 0, day).needed,
        "errors": errors,
        "checked": {int(v) for v in request.POST.getlist("present") if v.isdigit()},
        "opened_at": request.POST.get("opened_at", f"{timezone.localtime(session.scheduled_at):%d/%m/%Y %H:%M}"),
    }
    return TemplateResponse(request, "disability/session_attendance.html", context, status=400 if errors else 200)


def _parse_datetime(text: str) -> datetime:
    try:
        moment = datetime.strptime(text, "%d/%m/%Y %H:%M")
    except ValueError as error:
        raise ValidationError(
            {"opened_at": _("“%(text)s” không phải thời gian dạng dd/mm/yyyy hh:mm.") % {"text": text}}
        ) from error
    return timezone.make_aware(moment)


@login_required
def session_close(request: ActorRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    require_manage(request, session)
    # The officer enters when the meeting ended; the form starts from when it began, never from
    # the moment the page is opened (a 14:00 meeting recorded next morning did not end at 08:23).
    began = timezone.localtime(session.opened_at or session.scheduled_at)
    form = forms.SessionCloseForm(posted(request), initial={"closed_at": began})
    return form_page(
        request,
        form=form,
        title=_("Kết thúc phiên họp"),
        write=lambda data: sessions.session_close(actor=request.user, session=session, **data),
        done=_("Đã ghi nhận giờ kết thúc phiên họp."),
        success=lambda _s: reverse("disability:session_detail", args=[session.pk]),
        back=reverse("disability:session_detail", args=[session.pk]),
        button=_("Ghi nhận"),
    )


@login_required
def session_cancel(request: ActorRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    require_manage(request, session)
    return form_page(
        request,
        form=forms.SessionCancelForm(posted(request)),
        title=_("Hủy, hoãn phiên họp"),
        write=lambda data: sessions.session_cancel(actor=request.user, session=session, **data),
        done=_("Đã hủy, hoãn phiên họp; các đơn đã mời trở lại danh sách chờ."),
        success=lambda _s: reverse("disability:session_detail", args=[session.pk]),
        back=reverse("disability:session_detail", args=[session.pk]),
        button=pgettext("hủy, hoãn phiên họp", "Hủy, hoãn"),
    )
