"""Pages of one-off, education and emergency supports (thin: a selector or an action each)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST

from ansinh.core.access import ActorRequest, require
from ansinh.core.forms import add_action_errors
from ansinh.core.pagination import CappedPaginator
from ansinh.supports import actions, selectors
from ansinh.supports.forms import OneOffFilterForm, RecoverForm
from ansinh.supports.policies import OneOffAction, one_off_policy


def _one_offs_page(request: ActorRequest, recover_form: RecoverForm | None = None, failed: int = 0) -> HttpResponse:
    actor = request.user
    require(one_off_policy.can_read(actor))
    filters = OneOffFilterForm(request.GET or None)
    kind = filters.cleaned_data["kind"] if filters.is_valid() else ""
    page = CappedPaginator(selectors.one_offs(actor, kind=kind), 50).get_page(request.GET.get("trang"))
    context = {
        "filters": filters,
        "page": page,
        "rows": selectors.one_off_rows(list(page.object_list)),
        "can_recover": one_off_policy.can(actor, OneOffAction.RECOVER),
        "recover_form": recover_form or RecoverForm(),
        "failed": failed,
    }
    return TemplateResponse(request, "supports/one_offs.html", context, status=400 if failed else 200)


@login_required
def one_offs(request: ActorRequest) -> HttpResponse:
    """Funeral and cremation supports decided, with their payment and any recovery."""
    return _one_offs_page(request)


@login_required
@require_POST
def one_off_recover(request: ActorRequest, pk: int) -> HttpResponse:
    support = get_object_or_404(one_off_policy.visible(request.user), pk=pk)
    require(one_off_policy.can(request.user, OneOffAction.RECOVER, support))
    form = RecoverForm(request.POST)
    if form.is_valid():
        try:
            recovery = actions.one_off_recover(actor=request.user, support=support, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, "Đã lập khoản thu hồi.")
            return redirect("payments:recovery_detail", pk=recovery.pk)
    return _one_offs_page(request, form, failed=support.pk)
