"""Pages of the escalation of a request to the Medical Assessment Council and of its outcome."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from ansinh.core.access import ActorRequest
from ansinh.disability import escalations, forms
from ansinh.disability.models import MedicalEscalation
from ansinh.disability.pages import form_page, local_today, posted, require_manage
from ansinh.disability.policies import disability_policy
from ansinh.disability.request_views import request_or_404


@login_required
def escalation_create(request: ActorRequest, pk: int) -> HttpResponse:
    item = request_or_404(request, pk)
    require_manage(request, item)
    return form_page(
        request,
        form=forms.EscalationForm(posted(request), initial={"sent_on": local_today()}),
        title=_("Chuyển Hội đồng Giám định y khoa – %(name)s") % {"name": item.person.full_name},
        write=lambda data: escalations.escalation_send(actor=request.user, request=item, **data),
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
    require_manage(request, escalation)
    return form_page(
        request,
        form=forms.EscalationOutcomeForm(posted(request), initial={"outcome_on": local_today()}),
        title=_("Kết luận của Hội đồng Giám định y khoa"),
        write=lambda data: escalations.escalation_outcome(actor=request.user, escalation=escalation, **data),
        done=_("Đã ghi nhận kết luận giám định."),
        success=lambda _e: reverse("disability:request_detail", args=[escalation.request_id]),
        back=reverse("disability:request_detail", args=[escalation.request_id]),
        button=_("Ghi nhận"),
    )
