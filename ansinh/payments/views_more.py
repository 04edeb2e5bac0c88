"""Payment pages around the lists: authorisations, recoveries, the post office's monthly report and
feedback, and the rate-change list for the chair's decision. Thin views, like views.py."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import Http404, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_POST

from ansinh.core.access import ActorRequest, OfficeKind, require
from ansinh.core.downloads import file_response, stored_file_response
from ansinh.core.forms import add_action_errors
from ansinh.core.months import YearMonth
from ansinh.core.pagination import CappedPaginator
from ansinh.payments import actions, documents, selectors
from ansinh.payments.forms import (
    AuthorisationForm,
    FeedbackForm,
    OffsetForm,
    RateChangeForm,
    RepayForm,
    ReportForm,
    RevokeForm,
    WriteOffForm,
    month_of,
)
from ansinh.payments.models import Authorisation, OffsetSetting, Recovery
from ansinh.payments.policies import RecoveryAction, payroll_policy
from ansinh.payments.views import district_of
from ansinh.registry.policies import person_policy
from ansinh.territory.models import AdministrativeUnit

# --- authorisations ------------------------------------------------------------------------------


@login_required
def authorisation_list(request: ActorRequest) -> HttpResponse:
    """Renewals due, recent expiries and payments flagged as made to the wrong person."""
    require(payroll_policy.can_read_authorisations(request.user))
    actor = request.user
    context = {
        "expiring": selectors.authorisations_expiring(actor=actor)[:200],
        "expired": selectors.authorisations_expired(actor=actor)[:200],
        "violations": selectors.violations(actor=actor)[:200],
        "today": timezone.localdate(),
    }
    return TemplateResponse(request, "payments/authorisations.html", context)


def _authorisation_form_page(
    request: ActorRequest, person_pk: int, initial: dict[str, object], renewing: Authorisation | None = None
) -> HttpResponse:
    person = get_object_or_404(person_policy.visible(request.user), pk=person_pk)
    require(payroll_policy.can_keep_authorisations(request.user, person))
    form = AuthorisationForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.authorisation_create(actor=request.user, person=person, **form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, f"Đã ghi nhận giấy ủy quyền của {person.full_name}.")
            return redirect("registry:person_detail", pk=person.pk)
    context = {"form": form, "person": person, "renewing": renewing}
    return TemplateResponse(request, "payments/authorisation_form.html", context, status=400 if form.errors else 200)


@login_required
def authorisation_create(request: ActorRequest, person_pk: int) -> HttpResponse:
    return _authorisation_form_page(request, person_pk, {"valid_from": timezone.localdate()})


def _visible_authorisation(request: ActorRequest, pk: int) -> Authorisation:
    return get_object_or_404(payroll_policy.visible_authorisations(request.user).select_related("person"), pk=pk)


@login_required
def authorisation_renew(request: ActorRequest, pk: int) -> HttpResponse:
    """A renewal is a new authorisation for a new period, prefilled from the old one."""
    old = _visible_authorisation(request, pk)
    start = (old.valid_to + timedelta(days=1)) if old.valid_to else timezone.localdate()
    initial = {
        "authorised_name": old.authorised_name,
        "authorised_citizen_id": old.authorised_citizen_id,
        "relation": old.relation,
        "valid_from": start,
    }
    return _authorisation_form_page(request, old.person_id, initial, renewing=old)


@login_required
@require_POST
def authorisation_revoke(request: ActorRequest, pk: int) -> HttpResponse:
    authorisation = _visible_authorisation(request, pk)
    require(payroll_policy.can_keep_authorisations(request.user, authorisation.person))
    form = RevokeForm(request.POST)
    if form.is_valid():
        try:
            actions.authorisation_revoke(actor=request.user, authorisation=authorisation, **form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, f"Đã hủy giấy ủy quyền {authorisation.reference}.")
            return redirect("registry:person_detail", pk=authorisation.person_id)
    for errors in form.errors.values():
        messages.error(request, " ".join(str(problem) for problem in errors))
    return redirect("registry:person_detail", pk=authorisation.person_id)


@login_required
def authorisation_scan(request: ActorRequest, pk: int) -> HttpResponseBase:
    """The scanned authorisation, only to those who see the authorisation."""
    authorisation = _visible_authorisation(request, pk)
    if not authorisation.scan:
        raise Http404
    return stored_file_response(authorisation.scan, authorisation.scan.name)


# --- recoveries ----------------------------------------------------------------------------------


@login_required
def recovery_dashboard(request: ActorRequest) -> HttpResponse:
    """Open recoveries and late post-office reports per commune; the district's offset choice."""
    require(payroll_policy.can_read_recoveries(request.user))
    actor = request.user
    district = district_of(actor)
    can_offset = district is not None and payroll_policy.can_set_offsetting(actor, district.pk)
    setting = OffsetSetting.objects.filter(district=district).first() if district else None
    offset_form = None
    if can_offset:
        initial = {"offset_recoveries": setting.offset_recoveries, "reference": setting.reference} if setting else {}
        offset_form = OffsetForm(initial=initial)
    context = {
        "by_commune": selectors.recoveries_by_commune(actor=actor),
        "late_reports": selectors.late_reports(actor=actor),
        "page": CappedPaginator(selectors.open_recoveries(actor=actor), 50).get_page(request.GET.get("trang")),
        "setting": setting,
        "offset_form": offset_form,
    }
    return TemplateResponse(request, "payments/recoveries.html", context)


def _visible_recovery(request: ActorRequest, pk: int) -> Recovery:
    return get_object_or_404(payroll_policy.visible_recoveries(request.user).select_related("person", "commune"), pk=pk)


def _recovery_page(request: ActorRequest, recovery: Recovery, forms: dict[str, Form] | None = None) -> HttpResponse:
    actor = request.user
    can_repay = payroll_policy.can_recovery(actor, RecoveryAction.REPAY, recovery)
    can_write_off = payroll_policy.can_recovery(actor, RecoveryAction.WRITE_OFF, recovery)
    context = {
        "recovery": recovery,
        "movements": recovery.movements.select_related("recorded_by"),
        "repay_form": RepayForm(initial={"amount": recovery.balance, "on": timezone.localdate()})
        if can_repay
        else None,
        "write_off_form": WriteOffForm() if can_write_off else None,
        **(forms or {}),
    }
    return TemplateResponse(request, "payments/recovery_detail.html", context, status=400 if forms else 200)


@login_required
def recovery_detail(request: ActorRequest, pk: int) -> HttpResponse:
    return _recovery_page(request, _visible_recovery(request, pk))


@login_required
@require_POST
def recovery_repay(request: ActorRequest, pk: int) -> HttpResponse:
    recovery = _visible_recovery(request, pk)
    require(payroll_policy.can_recovery(request.user, RecoveryAction.REPAY, recovery))
    form = RepayForm(request.POST)
    if form.is_valid():
        try:
            actions.recovery_repay(actor=request.user, recovery=recovery, **form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, "Đã ghi nhận tiền nộp lại.")
            return redirect("payments:recovery_detail", pk=recovery.pk)
    return _recovery_page(request, recovery, {"repay_form": form})


@login_required
@require_POST
def recovery_write_off(request: ActorRequest, pk: int) -> HttpResponse:
    recovery = _visible_recovery(request, pk)
    require(payroll_policy.can_recovery(request.user, RecoveryAction.WRITE_OFF, recovery))
    form = WriteOffForm(request.POST)
    if form.is_valid():
        try:
            actions.recovery_write_off(actor=request.user, recovery=recovery, **form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, "Đã ghi nhận miễn thu hồi.")
            return redirect("payments:recovery_detail", pk=recovery.pk)
    return _recovery_page(request, recovery, {"write_off_form": form})


@login_required
@require_POST
def offset_setting(request: ActorRequest) -> HttpResponse:
    district = district_of(request.user)
    require(district is not None and payroll_policy.can_set_offsetting(request.user, district.pk))
    assert district is not None
    form = OffsetForm(request.POST)
    if form.is_valid():
        try:
            actions.offset_setting_set(actor=request.user, district=district, **form.cleaned_data)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, "Đã lưu lựa chọn khấu trừ khoản thu hồi.")
    return redirect("payments:recoveries")


# --- the post office's report and feedback -------------------------------------------------------


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


# --- rate changes --------------------------------------------------------------------------------


@login_required
def rate_changes(request: ActorRequest) -> HttpResponse:
    """Everyone whose monthly amount changes between two months, old and new (XLSX for the decision)."""
    require(person_policy.can_read_register(request.user))
    form = RateChangeForm(request.GET or None)
    rows: list[selectors.RateChangeRow] = []
    if form.is_valid():
        before, after = month_of(form, "before"), month_of(form, "after")
        rows = selectors.rate_changes(actor=request.user, before=before, after=after)
        if request.GET.get("xuat") == "xlsx":
            require(person_policy.can_export(request.user))
            return _rate_change_file(request, rows, before, after)
    names = dict(AdministrativeUnit.objects.filter(pk__in={row.commune_id for row in rows}).values_list("pk", "name"))
    context = {
        "form": form,
        "rows": [(row, names.get(row.commune_id, "")) for row in rows[:500]],
        "count": len(rows),
        "old_total": sum(row.old_amount for row in rows),
        "new_total": sum(row.new_amount for row in rows),
        "query": request.GET.urlencode(),
    }
    return TemplateResponse(request, "payments/rate_changes.html", context, status=400 if form.errors else 200)


def _rate_change_file(
    request: ActorRequest, rows: list[selectors.RateChangeRow], before: YearMonth, after: YearMonth
) -> HttpResponse:
    units = AdministrativeUnit.objects.filter(pk__in={row.commune_id for row in rows})
    names = {unit.pk: unit.full_name for unit in units}
    births = documents.birth_displays({row.person_id for row in rows})
    content = documents.rate_change_xlsx(
        (
            documents.RateChangeRow(
                full_name=row.person_name,
                birth=births.get(row.person_id, ""),
                commune_name=names.get(row.commune_id, ""),
                category=row.category_code,
                coefficient=row.coefficient,
                old_rate=row.old_rate,
                new_rate=row.new_rate,
                old_amount=row.old_amount,
                new_amount=row.new_amount,
            )
            for row in rows
        ),
        title=f"So sánh tháng {before.display()} và tháng {after.display()}",
        effective=after,
    )
    return file_response(content, documents.XLSX, f"dieu-chinh-muc-{after}.xlsx")
