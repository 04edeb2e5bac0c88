"""The "Rà soát" page: the periodic review of a month over the actor's communes (cases/review.py)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone

from ansinh.cases.policies import review_policy
from ansinh.cases.review import review_for
from ansinh.core.access import ActorRequest, require
from ansinh.core.months import YearMonth
from ansinh.territory.models import AdministrativeUnit


def _month(text: str) -> YearMonth | None:
    try:
        return YearMonth.parse(text)
    except ValueError:
        return None


@login_required
def review(request: ActorRequest) -> HttpResponse:
    require(review_policy.can_read(request.user))
    today = timezone.localdate()
    text = request.GET.get("thang", "").strip()
    month = _month(text) if text else YearMonth.of(today)
    error = "" if month is not None else "Tháng phải có dạng YYYY-MM, ví dụ 2024-08."
    month = month or YearMonth.of(today)
    result = review_for(actor=request.user, month=month)
    reason = request.GET.get("ly_do", "").strip()
    commune = request.GET.get("xa", "").strip()
    lines = [
        item
        for item in result.differences
        if (not reason or item.reason == reason) and (not commune or str(item.commune_id) == commune)
    ]
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
    }
    return TemplateResponse(request, "cases/review.html", context)
