"""Pages of the budget estimate (dự toán): the list and the preparation of the actor's own unit, one
estimate with its lines by commune and support type, adjusting a line, sending, receiving, the XLSX,
and the year's actual months against the estimate (a table and a chart)."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_POST

from ansinh.core.access import ActorRequest, require
from ansinh.core.downloads import file_response
from ansinh.core.forms import add_action_errors
from ansinh.core.pagination import CappedPaginator
from ansinh.reports import actions, documents, selectors
from ansinh.reports.forms import EstimateAdjustForm
from ansinh.reports.models import BudgetEstimate, EstimateLine
from ansinh.reports.policies import EstimateAction, estimate_policy, form_policy
from ansinh.reports.projection import support_label


def _year(request: ActorRequest) -> int:
    try:
        return int(request.POST.get("nam", "") or request.GET.get("nam", ""))
    except ValueError:
        return timezone.localdate().year + 1


@login_required
def estimate_list(request: ActorRequest) -> HttpResponse:
    require(form_policy.can_read_forms(request.user))
    page = CappedPaginator(selectors.estimates(request.user), 50).get_page(request.GET.get("trang"))
    context = {
        "year": _year(request),
        "own_unit": selectors.own_estimate_unit(request.user, timezone.localdate()),
        "page": page,
    }
    return TemplateResponse(request, "reports/estimate_list.html", context)


@login_required
@require_POST
def estimate_prepare(request: ActorRequest) -> HttpResponse:
    unit = selectors.own_estimate_unit(request.user, timezone.localdate())
    require(unit is not None)
    assert unit is not None
    try:
        prepared = actions.estimate_prepare(actor=request.user, unit=unit, year=_year(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("reports:estimate_list")
    if prepared.dropped:
        messages.warning(
            request,
            "Các điều chỉnh sau bị bỏ vì dòng không còn trong dự toán tính lại: " + "; ".join(prepared.dropped) + ".",
        )
    if prepared.kept:
        messages.info(request, f"Đã giữ {prepared.kept} dòng điều chỉnh của bản trước.")
    messages.success(request, f"Đã tính dự toán năm {prepared.estimate.year}.")
    return redirect("reports:estimate_detail", pk=prepared.estimate.pk)


def _visible(request: ActorRequest, pk: int) -> BudgetEstimate:
    return get_object_or_404(selectors.estimates(request.user), pk=pk)


def _chart(rows: list[selectors.MonthComparison]) -> str:
    return json.dumps(
        {
            "labels": [row.month.display() for row in rows],
            "series": [
                {"label": "Dự toán", "values": [row.estimate for row in rows]},
                {"label": "Thực hiện", "values": [row.actual for row in rows]},
            ],
            "unit": "đ",
            "stacked": False,
        },
        ensure_ascii=False,
    )


@login_required
def estimate_detail(request: ActorRequest, pk: int) -> HttpResponse:
    estimate = _visible(request, pk)
    rows = selectors.estimate_rows(estimate, request.user)
    totals = selectors.month_totals(rows)
    comparison = selectors.estimate_against_actual(estimate, totals)
    context = {
        "estimate": estimate,
        "rows": rows,
        "totals": totals,
        "total": sum(totals),
        "months": range(1, 13),
        "comparison": comparison,
        "actual_total": sum(row.actual for row in comparison),
        "chart": _chart(comparison),
        "recipient": estimate_policy.recipient_kind(estimate).label,
        "can_adjust": estimate_policy.can(request.user, EstimateAction.ADJUST, estimate),
        "can_send": estimate_policy.can(request.user, EstimateAction.SEND, estimate),
        "can_receive": estimate_policy.can(request.user, EstimateAction.RECEIVE, estimate),
    }
    return TemplateResponse(request, "reports/estimate_detail.html", context)


@login_required
def estimate_adjust(request: ActorRequest, pk: int, line: int) -> HttpResponse:
    estimate = _visible(request, pk)
    require(estimate_policy.can(request.user, EstimateAction.ADJUST, estimate))
    found = get_object_or_404(EstimateLine.objects.select_related("commune"), pk=line, estimate=estimate)
    form = EstimateAdjustForm(
        request.POST or None, initial={"amount": found.final_amount, "people": found.final_people}
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.estimate_adjust(
                actor=request.user,
                line=found,
                amount=form.cleaned_data["amount"],
                people=form.cleaned_data["people"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, "Đã điều chỉnh dòng dự toán.")
            return redirect("reports:estimate_detail", pk=estimate.pk)
    context = {"estimate": estimate, "line": found, "label": support_label(found.support), "form": form}
    return TemplateResponse(request, "reports/estimate_adjust.html", context)


@login_required
@require_POST
def estimate_send(request: ActorRequest, pk: int) -> HttpResponse:
    estimate = _visible(request, pk)
    sent = actions.estimate_send(actor=request.user, estimate=estimate)
    messages.success(request, f"Đã gửi dự toán năm {sent.year} tới {estimate_policy.recipient_kind(sent).label}.")
    return redirect("reports:estimate_detail", pk=estimate.pk)


@login_required
@require_POST
def estimate_receive(request: ActorRequest, pk: int) -> HttpResponse:
    estimate = _visible(request, pk)
    actions.estimate_receive(actor=request.user, estimate=estimate)
    messages.success(request, "Đã xác nhận nhận dự toán.")
    return redirect("reports:estimate_detail", pk=estimate.pk)


@login_required
def estimate_file(request: ActorRequest, pk: int) -> HttpResponse:
    estimate = _visible(request, pk)
    actions.form_taken(actor=request.user, form="du-toan.xlsx", unit=estimate.unit, period=str(estimate.year))
    name = f"du-toan-{estimate.unit.code}-{estimate.year}.xlsx"
    return file_response(documents.estimate_xlsx(estimate, timezone.localdate(), request.user), documents.XLSX, name)
