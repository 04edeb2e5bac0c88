"""The social-pension transfer page (issue 15 item 3): the preview of one commune's 5.5b/5.5c recipients of
30/06/2025, read by whoever reads the commune's decisions; the commune chair signs the batch decision here
(`cases.pension.pension_transfer`)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from ansinh.cases import pension
from ansinh.cases.policies import decision_policy
from ansinh.core.access import ActorRequest, require
from ansinh.territory.models import AdministrativeUnit, UnitLevel


@login_required
def pension_transfer(request: ActorRequest, commune_pk: int) -> HttpResponse:
    require(decision_policy.can_read(request.user))
    commune = get_object_or_404(AdministrativeUnit, pk=commune_pk, level=UnitLevel.COMMUNE)
    if not pension.may_read(request.user, commune):
        raise Http404
    error, status = "", 200
    if request.method == "POST":
        require(pension.may_transfer(request.user, commune))
        try:
            result = pension.pension_transfer(actor=request.user, commune=commune)
        except ValidationError as refused:
            error, status = " ".join(refused.messages), 400
        else:
            if result.decision is None:
                messages.info(request, _("Không còn ai cần chuyển: không lập quyết định nào."))
                return redirect("cases:pension_transfer", commune_pk=commune.pk)
            messages.success(
                request,
                _("Đã ký quyết định số %(number)s chuyển %(count)s người sang trợ cấp hưu trí xã hội.")
                % {"number": result.decision.number, "count": result.transferred},
            )
            return redirect("cases:decision_detail", pk=result.decision.pk)
    try:
        preview = pension.pension_transfer_preview(commune=commune)
    except ValidationError as refused:
        preview, error = None, error or " ".join(refused.messages)
    context = {
        "commune": commune,
        "preview": preview,
        "error": error,
        "can_sign": pension.may_transfer(request.user, commune),
        "decisions": decision_policy.visible(request.user).filter(kind="pension", commune=commune).order_by("-pk"),
    }
    return TemplateResponse(request, "cases/pension_transfer.html", context, status=status)
