"""Pages of disability determination (issue 6): council, requests, sessions, assessments,
posting and complaints, certificates, escalation, re-assessment planning, costs and reports.

Views are thin: fetch through `disability_policy` (another commune's record is a 404), check the
permission for a write before showing its form (403), call one action and render. Printed
documents are in `document_views`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from ansinh.audit.selectors import events_for_object
from ansinh.core.access import ActorRequest, require
from ansinh.core.forms import add_action_errors
from ansinh.disability import actions, forms, scoring, selectors
from ansinh.disability.models import (
    AssessmentStatus,
    Certificate,
    CertificateStatus,
    Complaint,
    ComplaintStatus,
    ConclusionPosting,
    Council,
    CouncilMember,
    Invitation,
    MedicalEscalation,
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
from ansinh.registry.history import events_shown
from ansinh.registry.identity import normalise_id
from ansinh.registry.policies import PersonAction, person_policy
from ansinh.territory.models import AdministrativeUnit, UnitLevel

Write = Callable[[dict[str, Any]], object]


# --- helpers ---------------------------------------------------------------------------------------


def _can_manage(request: ActorRequest, obj: Any) -> bool:
    return disability_policy.can(request.user, DisabilityAction.MANAGE, obj)


def _require_manage(request: ActorRequest, obj: Any) -> None:
    require(_can_manage(request, obj))


def _require_sign(request: ActorRequest, obj: Any) -> None:
    require(disability_policy.can(request.user, DisabilityAction.SIGN, obj))


def _actor_commune(request: ActorRequest) -> AdministrativeUnit:
    """The commune a commune-level actor works for (403 for anyone who manages no commune)."""
    require(disability_policy.can_manage_any(request.user))
    commune = AdministrativeUnit.objects.filter(pk=request.user.scope_unit_id or 0, level=UnitLevel.COMMUNE).first()
    require(commune is not None)
    assert commune is not None
    return commune


def _today() -> Any:
    return timezone.localdate()


def _form_page(
    request: ActorRequest,
    *,
    form: Form,
    title: str,
    write: Write,
    done: str,
    success: Callable[[Any], str],
    back: str,
    intro: str = "",
    button: str = "",
) -> HttpResponse:
    """A page with one form: on a valid POST run the action and go to `success(result)`; else show
    the form with the action's Vietnamese errors (400) and nothing changed."""
    if request.method == "POST" and form.is_valid():
        try:
            result = write(form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, done)
            return redirect(success(result))
    context = {"form": form, "title": title, "back": back, "intro": intro, "button": button or title}
    return TemplateResponse(request, "disability/form_page.html", context, status=400 if form.errors else 200)


def _posted(request: ActorRequest) -> QueryDict | None:
    return request.POST if request.method == "POST" else None


# --- home ------------------------------------------------------------------------------------------


@login_required
def index(request: ActorRequest) -> HttpResponse:
    """The to-do list of disability work: requests by deadline, sessions, postings, complaints."""
    require(disability_policy.can_read(request.user))
    today = _today()
    open_requests = disability_policy.requests(request.user).filter(status__in=selectors.OPEN_STATUSES)
    context = {
        "today": today,
        "requests": open_requests.select_related("person", "commune").order_by("due_on")[:50],
        "sessions": disability_policy.sessions(request.user)
        .filter(status=SessionStatus.PLANNED)
        .order_by("scheduled_at")[:10],
        "postings": disability_policy.postings(request.user)
        .filter(status=PostingStatus.POSTED)
        .select_related("assessment__request__person")
        .order_by("ends_on"),
        "complaints": Complaint.objects.filter(
            posting__in=disability_policy.postings(request.user), status=ComplaintStatus.OPEN
        )
        .select_related("posting__assessment__request__person")
        .order_by("due_on"),
        "escalations": disability_policy.escalations(request.user).filter(outcome="").select_related("request__person"),
        "awaiting_dossier": selectors.certificates_awaiting_dossier(request.user).select_related("person"),
        "can_manage": disability_policy.can_manage_any(request.user),
    }
    return TemplateResponse(request, "disability/index.html", context)


# --- council ---------------------------------------------------------------------------------------


@login_required
def council_list(request: ActorRequest) -> HttpResponse:
    require(disability_policy.can_read(request.user))
    councils = (
        disability_policy.councils(request.user).select_related("commune").order_by("commune__name", "-term_start")
    )
    context = {"councils": councils, "can_manage": disability_policy.can_manage_any(request.user)}
    return TemplateResponse(request, "disability/council_list.html", context)


@login_required
def council_create(request: ActorRequest) -> HttpResponse:
    commune = _actor_commune(request)
    form = forms.CouncilForm(_posted(request), initial={"term_start": _today()})
    return _form_page(
        request,
        form=form,
        title=_("Thành lập, kiện toàn Hội đồng – %(commune)s") % {"commune": commune.name},
        write=lambda data: actions.council_create(actor=request.user, commune=commune, **data),
        done=_("Đã ghi nhận Hội đồng xác định mức độ khuyết tật."),
        success=lambda council: reverse("disability:council_detail", args=[council.pk]),
        back=reverse("disability:council_list"),
        intro=_("Nhiệm kỳ của Hội đồng theo nhiệm kỳ của UBND xã; Hội đồng nhiệm kỳ trước kết thúc ngày hôm trước."),
        button=_("Lưu"),
    )


def _council(request: ActorRequest, pk: int) -> Council:
    return get_object_or_404(disability_policy.councils(request.user).select_related("commune"), pk=pk)


@login_required
def council_detail(request: ActorRequest, pk: int) -> HttpResponse:
    council = _council(request, pk)
    members = council.members.prefetch_related("trainings").select_related("replaces")
    context = {
        "council": council,
        "sitting": [member for member in members if member.left_on is None],
        "former": [member for member in members if member.left_on is not None],
        "can_manage": _can_manage(request, council),
        "member_form": forms.MemberForm(initial={"joined_on": _today()}),
        "history": events_shown(request.user, events_for_object(council)[:50]),
    }
    return TemplateResponse(request, "disability/council_detail.html", context)


@login_required
def member_add(request: ActorRequest, pk: int) -> HttpResponse:
    council = _council(request, pk)
    _require_manage(request, council)
    form = forms.MemberForm(_posted(request), initial={"joined_on": _today()})
    sitting = council.members.filter(left_on__isnull=True)
    form.fields["replaces"] = django_forms.ModelChoiceField(
        queryset=sitting, required=False, label=_("Thay cho thành viên (nếu thay người)")
    )
    return _form_page(
        request,
        form=form,
        title=_("Thêm thành viên Hội đồng"),
        write=lambda data: actions.member_add(actor=request.user, council=council, **data),
        done=_("Đã thêm thành viên."),
        success=lambda _member: reverse("disability:council_detail", args=[council.pk]),
        back=reverse("disability:council_detail", args=[council.pk]),
        button=_("Thêm"),
    )


def _member(request: ActorRequest, pk: int) -> CouncilMember:
    visible = CouncilMember.objects.filter(council__in=disability_policy.councils(request.user))
    return get_object_or_404(visible.select_related("council", "council__commune"), pk=pk)


@login_required
def member_leave(request: ActorRequest, pk: int) -> HttpResponse:
    member = _member(request, pk)
    _require_manage(request, member.council)
    return _form_page(
        request,
        form=forms.MemberLeaveForm(_posted(request), initial={"left_on": _today()}),
        title=_("Thôi tham gia Hội đồng – %(name)s") % {"name": member.full_name},
        write=lambda data: actions.member_leave(actor=request.user, member=member, **data),
        done=_("Đã ghi nhận %(name)s thôi tham gia Hội đồng.") % {"name": member.full_name},
        success=lambda _m: reverse("disability:council_detail", args=[member.council_id]),
        back=reverse("disability:council_detail", args=[member.council_id]),
        button=_("Ghi nhận"),
    )


@login_required
def member_training(request: ActorRequest, pk: int) -> HttpResponse:
    member = _member(request, pk)
    _require_manage(request, member.council)
    return _form_page(
        request,
        form=forms.TrainingForm(_posted(request), initial={"trained_on": _today()}),
        title=_("Tập huấn – %(name)s") % {"name": member.full_name},
        write=lambda data: actions.training_record(actor=request.user, member=member, **data),
        done=_("Đã ghi nhận tập huấn."),
        success=lambda _t: reverse("disability:council_detail", args=[member.council_id]),
        back=reverse("disability:council_detail", args=[member.council_id]),
        button=_("Ghi nhận"),
    )


@login_required
def member_duties(request: ActorRequest, pk: int) -> HttpResponse:
    member = _member(request, pk)
    _require_manage(request, member.council)
    initial = {
        "duties": member.duties,
        "notice_number": member.duties_notice_number,
        "notified_on": member.duties_notified_on or _today(),
    }
    return _form_page(
        request,
        form=forms.DutiesForm(_posted(request), initial=initial),
        title=_("Phân công nhiệm vụ – %(name)s") % {"name": member.full_name},
        write=lambda data: actions.member_duties_set(actor=request.user, member=member, **data),
        done=_("Đã lưu phân công nhiệm vụ. Có thể in thông báo."),
        success=lambda _m: reverse("disability:council_detail", args=[member.council_id]),
        back=reverse("disability:council_detail", args=[member.council_id]),
        button=_("Lưu"),
    )


# --- requests --------------------------------------------------------------------------------------


@login_required
def request_list(request: ActorRequest) -> HttpResponse:
    require(disability_policy.can_read(request.user))
    status = request.GET.get("trang_thai", "")
    requests = disability_policy.requests(request.user).select_related("person", "commune")
    if status == "mo":
        requests = requests.filter(status__in=selectors.OPEN_STATUSES)
    elif status in RequestStatus.values:
        requests = requests.filter(status=status)
    context = {
        "requests": requests.order_by("-received_on", "-pk")[:200],
        "status": status,
        "statuses": RequestStatus.choices,
        "today": _today(),
        "can_manage": disability_policy.can_manage_any(request.user),
    }
    return TemplateResponse(request, "disability/request_list.html", context)


@login_required
def request_create(request: ActorRequest) -> HttpResponse:
    _actor_commune(request)
    initial: dict[str, Any] = {"received_on": _today(), "kind": RequestKind.FIRST}
    person_pk = request.GET.get("nguoi", "")
    if person_pk.isdigit():
        person = person_policy.visible(request.user).filter(pk=int(person_pk)).first()
        if person is not None and person.citizen_id:
            initial["citizen_id"] = person.citizen_id
    form = forms.RequestForm(_posted(request), initial=initial)

    def write(data: dict[str, Any]) -> Request:
        number = normalise_id(data.pop("citizen_id"))
        person = person_policy.visible(request.user).filter(citizen_id=number).first()
        if person is None:
            raise ValidationError(
                {
                    "citizen_id": _("Không tìm thấy người có số CCCD %(number)s trong địa bàn của bạn.")
                    % {"number": number}
                }
            )
        return actions.request_receive(actor=request.user, person=person, **data)

    return _form_page(
        request,
        form=form,
        title=_("Tiếp nhận đơn đề nghị (Mẫu 01)"),
        write=write,
        done=_("Đã tiếp nhận đơn. Hạn giải quyết hiện trên trang đơn."),
        success=lambda created: reverse("disability:request_detail", args=[created.pk]),
        back=reverse("disability:request_list"),
        intro=_(
            "Xác định lần đầu, xác định lại, cấp đổi hoặc cấp lại giấy xác nhận khuyết tật. Hội đồng giải quyết "
            "trong 20 ngày làm việc kể từ ngày nhận đơn."
        ),
        button=_("Tiếp nhận"),
    )


def _request(request: ActorRequest, pk: int) -> Request:
    return get_object_or_404(disability_policy.requests(request.user).select_related("commune"), pk=pk)


@login_required
def request_detail(request: ActorRequest, pk: int) -> HttpResponse:
    item = _request(request, pk)
    today = _today()
    context = {
        "item": item,
        "person": item.person,
        "today": today,
        "days_left": (item.due_on - today).days,
        "consultations": item.school_consultations.all(),
        "invitations": item.invitations.select_related("session"),
        "assessments": item.assessments.select_related("session"),
        "escalations": item.escalations.all(),
        "certificates": item.certificates.all(),
        "can_manage": _can_manage(request, item),
        "can_sign": disability_policy.can(request.user, DisabilityAction.SIGN, item),
        "can_issue_directly": item.kind in (RequestKind.EXCHANGE, RequestKind.REISSUE)
        and item.status == RequestStatus.RECEIVED,
        "can_issue_escalated": item.status == RequestStatus.ESCALATED
        and item.escalations.filter(outcome=Outcome.DISABLED).exists(),
        "history": events_shown(request.user, events_for_object(item)[:50]),
    }
    return TemplateResponse(request, "disability/request_detail.html", context)


@login_required
def request_close(request: ActorRequest, pk: int) -> HttpResponse:
    item = _request(request, pk)
    _require_manage(request, item)
    return _form_page(
        request,
        form=forms.RequestCloseForm(_posted(request)),
        title=_("Từ chối, rút đơn – %(name)s") % {"name": item.person.full_name},
        write=lambda data: actions.request_close(actor=request.user, request=item, closed_on=_today(), **data),
        done=_("Đã kết thúc đơn."),
        success=lambda _r: reverse("disability:request_detail", args=[item.pk]),
        back=reverse("disability:request_detail", args=[item.pk]),
        button=_("Ghi nhận"),
    )


@login_required
def consultation_create(request: ActorRequest, pk: int) -> HttpResponse:
    item = _request(request, pk)
    _require_manage(request, item)
    form = forms.ConsultationForm(_posted(request), initial={"school_name": item.school_name, "sent_on": _today()})
    return _form_page(
        request,
        form=form,
        title=_("Tham khảo ý kiến nhà trường (Mẫu 04) – %(name)s") % {"name": item.person.full_name},
        write=lambda data: actions.school_consult(actor=request.user, request=item, **data),
        done=_("Đã ghi nhận văn bản tham khảo ý kiến nhà trường. Bấm “In Mẫu 04” để in."),
        success=lambda _c: reverse("disability:request_detail", args=[item.pk]),
        back=reverse("disability:request_detail", args=[item.pk]),
        button=_("Ghi nhận"),
    )


def _consultation(request: ActorRequest, pk: int) -> SchoolConsultation:
    visible = SchoolConsultation.objects.filter(request__in=disability_policy.requests(request.user))
    return get_object_or_404(visible.select_related("request", "request__person", "request__commune"), pk=pk)


@login_required
def consultation_reply(request: ActorRequest, pk: int) -> HttpResponse:
    consultation = _consultation(request, pk)
    _require_manage(request, consultation.request)
    return _form_page(
        request,
        form=forms.ConsultationReplyForm(_posted(request), initial={"reply_on": _today()}),
        title=_("Trả lời của %(school)s") % {"school": consultation.school_name},
        write=lambda data: actions.school_reply(actor=request.user, consultation=consultation, **data),
        done=_("Đã ghi nhận ý kiến của nhà trường."),
        success=lambda _c: reverse("disability:request_detail", args=[consultation.request_id]),
        back=reverse("disability:request_detail", args=[consultation.request_id]),
        button=_("Ghi nhận"),
    )


# --- sessions --------------------------------------------------------------------------------------


@login_required
def session_list(request: ActorRequest) -> HttpResponse:
    require(disability_policy.can_read(request.user))
    sessions = disability_policy.sessions(request.user).select_related("commune").order_by("-scheduled_at")[:100]
    context = {"sessions": sessions, "can_manage": disability_policy.can_manage_any(request.user)}
    return TemplateResponse(request, "disability/session_list.html", context)


@login_required
def session_create(request: ActorRequest) -> HttpResponse:
    commune = _actor_commune(request)
    return _form_page(
        request,
        form=forms.SessionForm(_posted(request), initial={"place": f"Hội trường UBND {commune.name}"}),
        title=_("Lên lịch phiên họp Hội đồng"),
        write=lambda data: actions.session_schedule(actor=request.user, commune=commune, **data),
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
        "can_manage": _can_manage(request, session),
        "history": events_shown(request.user, events_for_object(session)[:30]),
    }
    return TemplateResponse(request, "disability/session_detail.html", context)


def _request_choice(item: Request) -> str:
    return _("%(name)s – hạn %(due)s") % {"name": item.person.full_name, "due": f"{item.due_on:%d/%m/%Y}"}


@login_required
def invitation_create(request: ActorRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    _require_manage(request, session)
    waiting = disability_policy.requests(request.user).filter(
        commune_id=session.commune_id,
        status__in=(RequestStatus.RECEIVED, RequestStatus.INVITED),
        kind__in=(RequestKind.FIRST, RequestKind.REDETERMINE),
    )
    form = forms.InvitationForm(
        _posted(request), initial={"meet_at": timezone.localtime(session.scheduled_at), "sent_on": _today()}
    )
    form.set_requests([(item.pk, _request_choice(item)) for item in waiting])

    def write(data: dict[str, Any]) -> Invitation:
        item = waiting.get(pk=data.pop("request"))
        return actions.invitation_send(actor=request.user, session=session, request=item, **data)

    return _form_page(
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
    _require_manage(request, session)
    day = timezone.localtime(session.scheduled_at).date()
    sitting = list(selectors.sitting_members(session.council, day))
    errors: list[str] = []
    if request.method == "POST":
        present = [int(value) for value in request.POST.getlist("present") if value.isdigit()]
        opened = request.POST.get("opened_at", "").strip()
        try:
            opened_at = _parse_datetime(opened) if opened else timezone.localtime(session.scheduled_at)
            actions.session_hold(actor=request.user, session=session, present_member_ids=present, opened_at=opened_at)
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
    _require_manage(request, session)
    # The officer enters when the meeting ended; the form starts from when it began, never from
    # the moment the page is opened (a 14:00 meeting recorded next morning did not end at 08:23).
    began = timezone.localtime(session.opened_at or session.scheduled_at)
    form = forms.SessionCloseForm(_posted(request), initial={"closed_at": began})
    return _form_page(
        request,
        form=form,
        title=_("Kết thúc phiên họp"),
        write=lambda data: actions.session_close(actor=request.user, session=session, **data),
        done=_("Đã ghi nhận giờ kết thúc phiên họp."),
        success=lambda _s: reverse("disability:session_detail", args=[session.pk]),
        back=reverse("disability:session_detail", args=[session.pk]),
        button=_("Ghi nhận"),
    )


@login_required
def session_cancel(request: ActorRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    _require_manage(request, session)
    return _form_page(
        request,
        form=forms.SessionCancelForm(_posted(request)),
        title=_("Hủy, hoãn phiên họp"),
        write=lambda data: actions.session_cancel(actor=request.user, session=session, **data),
        done=_("Đã hủy, hoãn phiên họp; các đơn đã mời trở lại danh sách chờ."),
        success=lambda _s: reverse("disability:session_detail", args=[session.pk]),
        back=reverse("disability:session_detail", args=[session.pk]),
        button=pgettext("hủy, hoãn phiên họp", "Hủy, hoãn"),
    )


# --- assessment (Mẫu 02 / 03) ----------------------------------------------------------------------


def _invitation(request: ActorRequest, pk: int) -> Invitation:
    visible = Invitation.objects.filter(session__in=disability_policy.sessions(request.user))
    return get_object_or_404(visible.select_related("session", "session__council", "request", "request__person"), pk=pk)


def _form_code(invitation: Invitation) -> str:
    assessment = invitation.session.assessments.filter(request=invitation.request).first()
    if assessment is not None:
        return assessment.form
    day = timezone.localtime(invitation.session.scheduled_at).date()
    return scoring.form_for_age(invitation.request.person.age_on(day))


def _assessment_initial(invitation: Invitation) -> dict[str, Any]:
    assessment = invitation.session.assessments.filter(request=invitation.request).first()
    if assessment is None:
        return {}
    initial: dict[str, Any] = {
        "type_items": assessment.type_items,
        "decisive_conditions": assessment.decisive_conditions,
        "observations": assessment.observations,
    }
    for code, value in assessment.activity_scores.items():
        initial[f"activity_{code}"] = str(value)
    return initial


def _suggestion(form: forms.AssessmentFormInput, day: Any) -> tuple[scoring.Suggestion | None, str]:
    try:
        suggestion = scoring.suggest(
            form.form_code,
            form.types(),
            form.cleaned_data.get("decisive_conditions", []),
            form.activity_scores(),
            selectors.thresholds_on(day),
        )
    except scoring.ScoringError as error:
        return None, error.message
    return suggestion, ""


@login_required
def assessment_edit(request: ActorRequest, pk: int) -> HttpResponse:
    """The form on screen for one invited person; the suggested level is shown live (htmx)."""
    invitation = _invitation(request, pk)
    _require_manage(request, invitation.session)
    code = _form_code(invitation)
    form = forms.AssessmentFormInput(_posted(request), initial=_assessment_initial(invitation), form_code=code)
    if request.method == "POST" and form.is_valid():
        try:
            assessment = actions.assessment_record(
                actor=request.user,
                session=invitation.session,
                request=invitation.request,
                type_items=form.cleaned_data["type_items"],
                decisive_conditions=form.cleaned_data["decisive_conditions"],
                activity_scores=form.activity_scores(),
                observations=form.cleaned_data["observations"],
                form=code,
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("Đã lưu phiếu xác định mức độ khuyết tật."))
            return redirect("disability:assessment_detail", pk=assessment.pk)
    context = {
        "invitation": invitation,
        "person": invitation.request.person,
        "form": form,
        "form_code": code,
        "groups": _type_groups(form, code),
        "decisive": list(form["decisive_conditions"]),
        "activities": form.activity_fields(),
    }
    return TemplateResponse(request, "disability/assessment_form.html", context, status=400 if form.errors else 200)


def _type_groups(form: forms.AssessmentFormInput, code: str) -> list[tuple[str, list[Any]]]:
    """Part III grouped by type: (type label, checkbox subwidgets)."""
    from ansinh.registry.models import DisabilityType

    labels = dict(DisabilityType.choices)
    widgets = {option.data["value"]: option for option in form["type_items"]}
    return [
        (str(labels[kind]), [widgets[item] for item, _label in rows]) for kind, rows in scoring.type_items(code).items()
    ]


@login_required
@require_POST
def assessment_preview(request: ActorRequest, pk: int) -> HttpResponse:
    """The level the answers suggest (htmx fragment); writes nothing."""
    invitation = _invitation(request, pk)
    _require_manage(request, invitation.session)
    form = forms.AssessmentFormInput(request.POST, form_code=_form_code(invitation))
    suggestion, error = (None, "")
    if form.is_valid():
        day = timezone.localtime(invitation.session.scheduled_at).date()
        suggestion, error = _suggestion(form, day)
    else:
        error = _("Câu trả lời không hợp lệ.")
    context = {"suggestion": suggestion, "error": error}
    return TemplateResponse(request, "disability/_suggestion.html", context)


def _assessment(request: ActorRequest, pk: int) -> Any:
    return get_object_or_404(disability_policy.assessments(request.user).select_related("session", "commune"), pk=pk)


@login_required
def assessment_detail(request: ActorRequest, pk: int) -> HttpResponse:
    assessment = _assessment(request, pk)
    posting = ConclusionPosting.objects.filter(assessment=assessment).first()
    invitation = Invitation.objects.filter(session=assessment.session, request=assessment.request).first()
    context = {
        "assessment": assessment,
        "item": assessment.request,
        "person": assessment.request.person,
        "invitation": invitation,
        "activities": [(code, label, assessment.activity_scores.get(code, "")) for code, label in scoring.ACTIVITIES],
        "type_items": _ticked_items(assessment),
        "decisive": [
            (code, scoring.decisive_signs(assessment.form)[code][1])
            for code in assessment.decisive_conditions
            if code in scoring.decisive_signs(assessment.form)
        ],
        "posting": posting,
        "complaints": posting.complaints.all() if posting else [],
        "can_manage": _can_manage(request, assessment),
        "can_sign": disability_policy.can(request.user, DisabilityAction.SIGN, assessment),
        "concluded": assessment.status == AssessmentStatus.CONCLUDED,
        "history": events_shown(request.user, events_for_object(assessment)[:30]),
    }
    return TemplateResponse(request, "disability/assessment_detail.html", context)


def _ticked_items(assessment: Any) -> list[tuple[str, str]]:
    ticked = set(assessment.type_items)
    return [
        (code, label) for rows in scoring.type_items(assessment.form).values() for code, label in rows if code in ticked
    ]


@login_required
def assessment_conclude(request: ActorRequest, pk: int) -> HttpResponse:
    assessment = _assessment(request, pk)
    _require_manage(request, assessment)
    initial = {
        "outcome": assessment.suggested_outcome,
        "level": assessment.suggested_level,
        "types": assessment.types,
    }
    suggested = str(assessment.get_suggested_outcome_display())
    if assessment.suggested_level:
        suggested = _("%(outcome)s, mức độ %(level)s") % {
            "outcome": suggested,
            "level": str(assessment.get_suggested_level_display()).lower(),
        }
    return _form_page(
        request,
        form=forms.ConclusionForm(_posted(request), initial=initial),
        title=_("Kết luận của Hội đồng – %(name)s") % {"name": assessment.request.person.full_name},
        write=lambda data: actions.assessment_conclude(
            actor=request.user,
            assessment=assessment,
            chair_casting_vote=data.pop("chair_casting_vote"),
            concluded_on=_today(),
            **data,
        ),
        done=_("Đã ghi kết luận của Hội đồng. Niêm yết kết luận trong 5 ngày làm việc."),
        success=lambda _a: reverse("disability:assessment_detail", args=[assessment.pk]),
        back=reverse("disability:assessment_detail", args=[assessment.pk]),
        intro=_("Đề xuất theo phiếu: %(suggested)s. Kết luận khác đề xuất phải ghi rõ lý do.")
        % {"suggested": suggested},
        button=_("Ghi kết luận"),
    )


# --- posting, complaints ---------------------------------------------------------------------------


@login_required
def posting_create(request: ActorRequest, pk: int) -> HttpResponse:
    assessment = _assessment(request, pk)
    _require_manage(request, assessment)
    initial = {"posted_on": _today(), "place": f"Trụ sở UBND {assessment.commune.name}"}
    return _form_page(
        request,
        form=forms.PostingForm(_posted(request), initial=initial),
        title=_("Niêm yết kết luận"),
        write=lambda data: actions.conclusion_post(actor=request.user, assessment=assessment, **data),
        done=_("Đã niêm yết kết luận."),
        success=lambda _p: reverse("disability:assessment_detail", args=[assessment.pk]),
        back=reverse("disability:assessment_detail", args=[assessment.pk]),
        button=pgettext("niêm yết kết luận", "Niêm yết"),
    )


def _posting(request: ActorRequest, pk: int) -> ConclusionPosting:
    return get_object_or_404(disability_policy.postings(request.user).select_related("assessment"), pk=pk)


@login_required
def complaint_create(request: ActorRequest, pk: int) -> HttpResponse:
    posting = _posting(request, pk)
    _require_manage(request, posting)
    return _form_page(
        request,
        form=forms.ComplaintForm(_posted(request), initial={"received_on": _today()}),
        title=_("Ghi nhận khiếu nại, kiến nghị"),
        write=lambda data: actions.complaint_receive(actor=request.user, posting=posting, **data),
        done=_("Đã ghi nhận khiếu nại; hạn trả lời 5 ngày làm việc."),
        success=lambda _c: reverse("disability:assessment_detail", args=[posting.assessment_id]),
        back=reverse("disability:assessment_detail", args=[posting.assessment_id]),
        button=_("Ghi nhận"),
    )


@login_required
def complaint_answer(request: ActorRequest, pk: int) -> HttpResponse:
    complaint = get_object_or_404(
        Complaint.objects.filter(posting__in=disability_policy.postings(request.user)).select_related("posting"), pk=pk
    )
    _require_manage(request, complaint.posting)
    return _form_page(
        request,
        form=forms.ComplaintAnswerForm(_posted(request), initial={"answered_on": _today()}),
        title=_("Trả lời khiếu nại của %(complainant)s") % {"complainant": complaint.complainant},
        write=lambda data: actions.complaint_answer(actor=request.user, complaint=complaint, **data),
        done=_("Đã ghi nhận trả lời khiếu nại."),
        success=lambda _c: reverse("disability:assessment_detail", args=[complaint.posting.assessment_id]),
        back=reverse("disability:assessment_detail", args=[complaint.posting.assessment_id]),
        button=_("Ghi nhận"),
    )


@login_required
def posting_close(request: ActorRequest, pk: int) -> HttpResponse:
    """End the posting of a "not disabled" conclusion (the chair closes the request)."""
    posting = _posting(request, pk)
    _require_sign(request, posting)
    return _form_page(
        request,
        form=forms.ClosePostingForm(_posted(request), initial={"closed_on": _today()}),
        title=_("Kết thúc niêm yết kết luận không khuyết tật"),
        write=lambda data: actions.conclusion_close_not_disabled(actor=request.user, posting=posting, **data),
        done=_("Đã kết thúc niêm yết; đơn đã đóng."),
        success=lambda _r: reverse("disability:assessment_detail", args=[posting.assessment_id]),
        back=reverse("disability:assessment_detail", args=[posting.assessment_id]),
        button=_("Kết thúc"),
    )


# --- escalation ------------------------------------------------------------------------------------


@login_required
def escalation_create(request: ActorRequest, pk: int) -> HttpResponse:
    item = _request(request, pk)
    _require_manage(request, item)
    return _form_page(
        request,
        form=forms.EscalationForm(_posted(request), initial={"sent_on": _today()}),
        title=_("Chuyển Hội đồng Giám định y khoa – %(name)s") % {"name": item.person.full_name},
        write=lambda data: actions.escalation_send(actor=request.user, request=item, **data),
        done=_("Đã chuyển hồ sơ đến Hội đồng Giám định y khoa."),
        success=lambda _e: reverse("disability:request_detail", args=[item.pk]),
        back=reverse("disability:request_detail", args=[item.pk]),
        intro=_(
            "Khi Hội đồng không kết luận được, người khuyết tật không đồng ý với kết luận, hoặc có bằng chứng "
            "kết luận không khách quan, chính xác (Luật NKT Điều 15, 17)."
        ),
        button=pgettext("chuyển Hội đồng Giám định y khoa", "Chuyển"),
    )


@login_required
def escalation_outcome(request: ActorRequest, pk: int) -> HttpResponse:
    escalation: MedicalEscalation = get_object_or_404(
        disability_policy.escalations(request.user).select_related("request"), pk=pk
    )
    _require_manage(request, escalation)
    return _form_page(
        request,
        form=forms.EscalationOutcomeForm(_posted(request), initial={"outcome_on": _today()}),
        title=_("Kết luận của Hội đồng Giám định y khoa"),
        write=lambda data: actions.escalation_outcome(actor=request.user, escalation=escalation, **data),
        done=_("Đã ghi nhận kết luận giám định."),
        success=lambda _e: reverse("disability:request_detail", args=[escalation.request_id]),
        back=reverse("disability:request_detail", args=[escalation.request_id]),
        button=_("Ghi nhận"),
    )


# --- certificates ----------------------------------------------------------------------------------


@login_required
def certificate_issue(request: ActorRequest, pk: int) -> HttpResponse:
    """The commune chairman issues the certificate of a request (after posting, after the Medical
    Assessment Council, or directly for an exchange or re-issue)."""
    item = _request(request, pk)
    _require_sign(request, item)
    initial = {"issued_on": _today(), "signer_name": getattr(request.user, "full_name", "")}
    return _form_page(
        request,
        form=forms.IssueForm(_posted(request), initial=initial),
        title=_("Cấp giấy xác nhận khuyết tật – %(name)s") % {"name": item.person.full_name},
        write=lambda data: actions.certificate_issue(actor=request.user, request=item, **data),
        done=_("Đã cấp giấy xác nhận khuyết tật. Bấm “In giấy (PDF)” để in."),
        success=lambda certificate: reverse("disability:certificate_detail", args=[certificate.pk]),
        back=reverse("disability:request_detail", args=[item.pk]),
        button=_("Cấp giấy"),
    )


@login_required
def certificate_list(request: ActorRequest) -> HttpResponse:
    require(disability_policy.can_read(request.user))
    certificates = disability_policy.certificates(request.user).select_related("commune")
    status = request.GET.get("trang_thai", "")
    if status in CertificateStatus.values:
        certificates = certificates.filter(status=status)
    context = {"certificates": certificates[:300], "status": status, "statuses": CertificateStatus.choices}
    return TemplateResponse(request, "disability/certificate_list.html", context)


def _certificate(request: ActorRequest, pk: int) -> Certificate:
    return get_object_or_404(disability_policy.certificates(request.user).select_related("commune"), pk=pk)


@login_required
def certificate_detail(request: ActorRequest, pk: int) -> HttpResponse:
    certificate = _certificate(request, pk)
    context = {
        "certificate": certificate,
        "person": certificate.person,
        "types": [selectors.TYPE_LABELS.get(code, code) for code in certificate.types],
        "can_sign": disability_policy.can(request.user, DisabilityAction.SIGN, certificate),
        "can_manage": _can_manage(request, certificate),
        "can_open_dossier": bool(certificate.dossier_kind)
        and certificate.dossier_id is None
        and _can_manage(request, certificate)
        and person_policy.can(request.user, PersonAction.CHANGE, certificate.person),
        "history": events_shown(request.user, events_for_object(certificate)[:30]),
    }
    return TemplateResponse(request, "disability/certificate_detail.html", context)


@login_required
@require_POST
def certificate_dossier(request: ActorRequest, pk: int) -> HttpResponse:
    """The commune officer opens the 5.6 allowance dossier (grant, adjustment or stop) that a
    certificate signed by the chairman calls for."""
    certificate = _certificate(request, pk)
    _require_manage(request, certificate)
    try:
        dossier = actions.certificate_dossier_open(actor=request.user, certificate=certificate)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("disability:certificate_detail", pk=certificate.pk)
    messages.success(request, _("Đã lập hồ sơ trợ cấp xã hội diện 5.6."))
    return redirect("cases:dossier_detail", pk=dossier.pk)


@login_required
def certificate_revoke(request: ActorRequest, pk: int) -> HttpResponse:
    certificate = _certificate(request, pk)
    _require_sign(request, certificate)
    return _form_page(
        request,
        form=forms.RevokeForm(_posted(request), initial={"revoked_on": _today()}),
        title=_("Thu hồi giấy xác nhận số %(number)s") % {"number": certificate.number},
        write=lambda data: actions.certificate_revoke(actor=request.user, certificate=certificate, **data),
        done=_("Đã thu hồi giấy xác nhận."),
        success=lambda _c: reverse("disability:certificate_detail", args=[certificate.pk]),
        back=reverse("disability:certificate_detail", args=[certificate.pk]),
        button=pgettext("thu hồi giấy xác nhận", "Thu hồi"),
    )


# --- planning, costs, reports ----------------------------------------------------------------------


@login_required
def reassessment_list(request: ActorRequest) -> HttpResponse:
    """Who is due for re-assessment (children reaching 6, the district's review cycle)."""
    require(disability_policy.can_read(request.user))
    today = _today()
    due = selectors.due_for_reassessment(request.user, today)
    context = {"due": due, "today": today, "can_manage": disability_policy.can_manage_any(request.user)}
    return TemplateResponse(request, "disability/reassessment_list.html", context)
