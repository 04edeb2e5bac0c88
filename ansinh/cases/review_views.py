"""The "Rà soát" page: the periodic review of a month over the actor's communes (cases/review.py)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ansinh.cases.policies import review_policy
from ansinh.cases.review import AGE_REASONS, Difference, review_for
from ansinh.cases.review_actions import CorrectionStatus, existing_dossiers, review_dossiers_open
from ansinh.core.access import ActorRequest, require
from ansinh.core.months import YearMonth
from ansinh.territory.models import AdministrativeUnit


def _month(text: str) -> YearMonth | None:
    try:
        return YearMonth.parse(text)
    except ValueError:
        return None


AGE_FILTER = "tuoi"  # every age threshold (the changes one batch decision of a commune and month can hold)
AGE_CODES = frozenset({*AGE_REASONS.values(), "age"})


def _shown(differences: list[Difference], reason: str, commune: str) -> list[Difference]:
    def matches(item: Difference) -> bool:
        by_reason = not reason or item.reason == reason or (reason == AGE_FILTER and item.reason in AGE_CODES)
        return by_reason and (not commune or str(item.commune_id) == commune)

    return [item for item in differences if matches(item)]


@login_required
def review(request: ActorRequest) -> HttpResponse:
    require(review_policy.can_read(request.user))
    today = timezone.localdate()
    text = request.GET.get("thang", "").strip()
    month = _month(text) if text else YearMonth.of(today)
    error = "" if month is not None else _("Tháng phải có dạng YYYY-MM, ví dụ 2024-08.")
    month = month or YearMonth.of(today)
    result = review_for(actor=request.user, month=month)
    reason = request.GET.get("ly_do", "").strip()
    commune = request.GET.get("xa", "").strip()
    lines = _shown(result.differences, reason, commune)
    can_correct = review_policy.can_correct(request.user)
    opened = existing_dossiers(lines) if can_correct else {}
    communes = AdministrativeUnit.objects.filter(
        pk__in={item.commune_id for item in result.differences} | {item.commune_id for item in result.gaps}
    ).order_by("name")
    context = {
        "month": month,
        "month_value": str(month),
        "error": error,
        "review": result,
        "lines": lines,
        "counts": result.counts(),
        "reason": reason,
        "commune": commune,
        "communes": communes,
        "gaps": [item for item in result.gaps if not commune or str(item.commune_id) == commune],
        "can_correct": can_correct,
        "rows": [(item, opened.get(item.entitlement_id)) for item in lines],
        "age_reason": AGE_FILTER,
    }
    return TemplateResponse(request, "cases/review.html", context)


@login_required
@require_POST
def review_correct(request: ActorRequest) -> HttpResponse:
    """Open the adjust or stop dossiers of the chosen review lines (or of every line shown)."""
    require(review_policy.can_correct(request.user))
    text = request.POST.get("thang", "").strip()
    month = _month(text)
    reason, commune = request.POST.get("ly_do", "").strip(), request.POST.get("xa", "").strip()
    back = reverse("cases:review") + "?" + urlencode({"thang": text, "ly_do": reason, "xa": commune})
    if month is None:
        messages.error(request, _("Tháng phải có dạng YYYY-MM, ví dụ 2024-08. Chưa lập hồ sơ nào."))
        return redirect(back)
    if request.POST.get("tat_ca"):
        shown = _shown(review_for(actor=request.user, month=month).differences, reason, commune)
        chosen = [item.entitlement_id for item in shown]
    else:
        chosen = [int(value) for value in request.POST.getlist("chon") if value.isdigit()]
    try:
        results = review_dossiers_open(actor=request.user, month=month, entitlement_ids=chosen)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(back)
    counts = {status: sum(1 for r in results if r.status == status) for status in CorrectionStatus}
    messages.success(
        request,
        _("Đã lập %(opened)s hồ sơ điều chỉnh, thôi hưởng theo rà soát; %(existing)s dòng đã lập hồ sơ từ trước.")
        % {"opened": counts[CorrectionStatus.OPENED], "existing": counts[CorrectionStatus.EXISTING]},
    )
    for result in results:
        if result.status == CorrectionStatus.REFUSED:
            messages.error(request, f"{result.difference.full_name}: {result.message}")
    return redirect(back)
