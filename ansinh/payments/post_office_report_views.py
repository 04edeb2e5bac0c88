"""The post office's monthly report (before the 20th) and the beneficiaries' feedback on its service, read
by the labour office."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone

from ansinh.core.access import ActorRequest, OfficeKind, require
from ansinh.core.forms import add_action_errors
from ansinh.core.months import YearMonth
from ansinh.payments import actions, selectors
from ansinh.payments.forms import FeedbackForm, ReportForm, month_of
from ansinh.payments.policies import payroll_policy
from ansinh.territory.models import AdministrativeUnit


@login_required
def post_office_report(request: ActorRequest) -> HttpResponse:
    """The post office submits its monthly report (before the 20th) and records beneficiaries'
    feedback on its service; the labour office reads them."""
    require(payroll_policy.can_read_lists(request.user))
    actor = request.user
    is_post_office = payroll_policy.can_record_results(actor)
    today = timezone.localdate()
    this_month = YearMonth.of(today)
    report_form = feedback_form = None
    if request.method == "POST":
        require(is_post_office)
        if "rating" in request.POST:
            feedback_form = FeedbackForm(request.POST, actor=actor)
            if feedback_form.is_valid() and _save_feedback(request, feedback_form):
                return redirect("payments:post_office_report")
        else:
            report_form = ReportForm(request.POST)
            if report_form.is_valid() and _submit_report(request, report_form):
                return redirect("payments:post_office_report")
    if is_post_office:
        report_form = report_form or ReportForm(initial={"month": this_month.display()})
        feedback_form = feedback_form or FeedbackForm(initial={"month": this_month.display()}, actor=actor)
    context = {
        "reports": selectors.post_office_reports(actor=actor)[:24],
        "report_due": selectors.report_due(this_month),
        "report_form": report_form,
        "feedback_form": feedback_form,
        "feedback": selectors.service_feedback(actor)[:50],
        "is_post_office": actor.office_kind == OfficeKind.POST_OFFICE,
    }
    invalid = request.method == "POST"
    return TemplateResponse(request, "payments/post_office_report.html", context, status=400 if invalid else 200)


def _submit_report(request: ActorRequest, form: ReportForm) -> bool:
    try:
        report = actions.post_office_report_submit(
            actor=request.user, month=month_of(form), notes=form.cleaned_data["notes"]
        )
    except ValidationError as error:
        add_action_errors(form, error)
        return False
    late = " (nộp muộn)" if report.is_late else ""
    messages.success(request, f"Đã gửi báo cáo chi trả tháng {report.month:%m/%Y}{late}.")
    return True


def _save_feedback(request: ActorRequest, form: FeedbackForm) -> bool:
    data = form.cleaned_data
    commune: AdministrativeUnit = data["commune"]
    try:
        actions.service_feedback_record(
            actor=request.user, commune=commune, month=month_of(form), rating=data["rating"], comment=data["comment"]
        )
    except ValidationError as error:
        add_action_errors(form, error)
        return False
    messages.success(request, "Đã ghi ý kiến của người hưởng.")
    return True
