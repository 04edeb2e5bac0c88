"""Pages of recoveries of amounts paid wrongly: the dashboard, one recovery with its repayments and
write-off, and the district's offset setting."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_POST

from ansinh.core.access import ActorRequest, require
from ansinh.core.forms import add_action_errors
from ansinh.core.pagination import CappedPaginator
from ansinh.payments import actions, selectors
from ansinh.payments.forms import OffsetForm, RepayForm, WriteOffForm
from ansinh.payments.models import OffsetSetting, Recovery
from ansinh.payments.policies import RecoveryAction, payroll_policy
from ansinh.payments.views import district_of


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
