"""Pages of the monthly report: the list (reports sent to or by the actor's office, the one to
prepare), one report with its figures by commune, its narrative, sending and receiving."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_POST

from ansinh.core.access import ActorRequest, require
from ansinh.core.forms import add_action_errors
from ansinh.core.months import YearMonth
from ansinh.core.pagination import CappedPaginator
from ansinh.reports import actions, selectors
from ansinh.reports.forms import NarrativeForm
from ansinh.reports.models import MonthlyReport
from ansinh.reports.policies import ReportAction, form_policy, report_policy


def _month(request: ActorRequest) -> YearMonth:
    try:
        return YearMonth.parse(request.POST.get("thang", "") or request.GET.get("thang", ""))
    except ValueError:
        return YearMonth.of(timezone.localdate()).add(-1)


@login_required
def monthly_list(request: ActorRequest) -> HttpResponse:
    require(form_policy.can_read_forms(request.user))
    month = _month(request)
    own_unit = selectors.own_report_unit(request.user)
    if own_unit is not None and own_unit.valid_to is not None and not request.GET.get("thang"):
        month = min(month, YearMonth.of(own_unit.valid_to))  # an abolished unit: its last month
    reports = selectors.monthly_reports(request.user)
    page = CappedPaginator(reports, 50).get_page(request.GET.get("trang"))
    today = timezone.localdate()
    context = {
        "month": month,
        "own_unit": own_unit,
        "page": page,
        "late": {report.pk for report in page.object_list if report.is_late(today)},
    }
    return TemplateResponse(request, "reports/monthly_list.html", context)


@login_required
@require_POST
def monthly_prepare(request: ActorRequest) -> HttpResponse:
    month = _month(request)
    unit = selectors.own_report_unit(request.user)
    require(unit is not None)
    assert unit is not None
    try:
        report = actions.report_prepare(actor=request.user, unit=unit, month=month)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("reports:monthly_list")
    return redirect("reports:monthly_detail", pk=report.pk)


def _visible(request: ActorRequest, pk: int) -> MonthlyReport:
    return get_object_or_404(selectors.monthly_reports(request.user), pk=pk)


@login_required
def monthly_detail(request: ActorRequest, pk: int) -> HttpResponse:
    report = _visible(request, pk)
    form = NarrativeForm(initial={"narrative": report.narrative})
    return _detail(request, report, form)


def _detail(request: ActorRequest, report: MonthlyReport, form: NarrativeForm) -> HttpResponse:
    total = report.figures.get("total", {})
    context = {
        "report": report,
        "form": form,
        "total": total,
        "communes": report.figures.get("communes", []),
        "increases": selectors.reason_rows(total.get("increases", {})),
        "decreases": selectors.reason_rows(total.get("decreases", {})),
        "late": report.is_late(timezone.localdate()),
        "recipient": report_policy.recipient_name(report),
        "can_write": report_policy.can(request.user, ReportAction.PREPARE, report),
        "can_receive": report_policy.can(request.user, ReportAction.RECEIVE, report),
        "included": report.included.select_related("unit").order_by("unit__name"),
    }
    return TemplateResponse(request, "reports/monthly_detail.html", context)


@login_required
@require_POST
def monthly_write(request: ActorRequest, pk: int) -> HttpResponse:
    report = _visible(request, pk)
    require(report_policy.can(request.user, ReportAction.PREPARE, report))
    form = NarrativeForm(request.POST)
    if form.is_valid():
        try:
            actions.report_write(actor=request.user, report=report, narrative=form.cleaned_data["narrative"])
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, "Đã lưu phần đánh giá.")
            return redirect("reports:monthly_detail", pk=report.pk)
    return _detail(request, report, form)


@login_required
@require_POST
def monthly_send(request: ActorRequest, pk: int) -> HttpResponse:
    report = _visible(request, pk)
    sent = actions.report_send(actor=request.user, report=report)
    messages.success(request, f"Đã gửi báo cáo tháng {sent.month:%m/%Y} tới {report_policy.recipient_name(sent)}.")
    return redirect("reports:monthly_detail", pk=report.pk)


@login_required
@require_POST
def monthly_receive(request: ActorRequest, pk: int) -> HttpResponse:
    report = _visible(request, pk)
    actions.report_receive(actor=request.user, report=report)
    messages.success(request, "Đã xác nhận nhận báo cáo.")
    return redirect("reports:monthly_detail", pk=report.pk)
