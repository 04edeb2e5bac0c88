"""Pages of requests for disability determination (Mẫu 01) and of the school's opinion (Mẫu 04)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from ansinh.audit.selectors import events_for_object
from ansinh.core.access import ActorRequest, require
from ansinh.disability import forms, requests, selectors
from ansinh.disability.models import Outcome, Request, RequestKind, RequestStatus, SchoolConsultation
from ansinh.disability.pages import actor_commune, can_manage, form_page, local_today, posted, require_manage
from ansinh.disability.policies import DisabilityAction, disability_policy
from ansinh.registry.history import events_shown
from ansinh.registry.identity import normalise_id
from ansinh.registry.policies import person_policy


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
        "today": local_today(),
        "can_manage": disability_policy.can_manage_any(request.user),
    }
    return TemplateResponse(request, "disability/request_list.html", context)


@login_required
def request_create(request: ActorRequest) -> HttpResponse:
    actor_commune(request)
    initial: dict[str, Any] = {"received_on": local_today(), "kind": RequestKind.FIRST}
    person_pk = request.GET.get("nguoi", "")
    if person_pk.isdigit():
        person = person_policy.visible(request.user).filter(pk=int(person_pk)).first()
        if person is not None and person.citizen_id:
            initial["citizen_id"] = person.citizen_id
    form = forms.RequestForm(posted(request), initial=initial)

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
        return requests.request_receive(actor=request.user, person=person, **data)

    return form_page(
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


def request_or_404(request: ActorRequest, pk: int) -> Request:
    return get_object_or_404(disability_policy.requests(request.user).select_related("commune"), pk=pk)


@login_required
def request_detail(request: ActorRequest, pk: int) -> HttpResponse:
    item = request_or_404(request, pk)
    today = local_today()
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
        "can_manage": can_manage(request, item),
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
    item = request_or_404(request, pk)
    require_manage(request, item)
    return form_page(
        request,
        form=forms.RequestCloseForm(posted(request)),
        title=_("Từ chối, rút đơn – %(name)s") % {"name": item.person.full_name},
        write=lambda data: requests.request_close(actor=request.user, request=item, closed_on=local_today(), **data),
        done=_("Đã kết thúc đơn."),
        success=lambda _r: reverse("disability:request_detail", args=[item.pk]),
        back=reverse("disability:request_detail", args=[item.pk]),
        button=_("Ghi nhận"),
    )


@login_required
def consultation_create(request: ActorRequest, pk: int) -> HttpResponse:
    item = request_or_404(request, pk)
    require_manage(request, item)
    form = forms.ConsultationForm(posted(request), initial={"school_name": item.school_name, "sent_on": local_today()})
    return form_page(
        request,
        form=form,
        title=_("Tham khảo ý kiến nhà trường (Mẫu 04) – %(name)s") % {"name": item.person.full_name},
        write=lambda data: requests.school_consult(actor=request.user, request=item, **data),
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
    require_manage(request, consultation.request)
    return form_page(
        request,
        form=forms.ConsultationReplyForm(posted(request), initial={"reply_on": local_today()}),
        title=_("Trả lời của %(school)s") % {"school": consultation.school_name},
        write=lambda data: requests.school_reply(actor=request.user, consultation=consultation, **data),
        done=_("Đã ghi nhận ý kiến của nhà trường."),
        success=lambda _c: reverse("disability:request_detail", args=[consultation.request_id]),
        back=reverse("disability:request_detail", args=[consultation.request_id]),
        button=_("Ghi nhận"),
    )
