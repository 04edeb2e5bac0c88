"""Pages of authorisations to receive the allowance: renewals due, recent expiries, payments flagged as
made to the wrong person, and an authorisation created, renewed, revoked or its scan downloaded."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_POST

from ansinh.core.access import ActorRequest, require
from ansinh.core.downloads import stored_file_response
from ansinh.core.forms import add_action_errors
from ansinh.payments import actions, selectors
from ansinh.payments.forms import AuthorisationForm, RevokeForm
from ansinh.payments.models import Authorisation
from ansinh.payments.policies import payroll_policy
from ansinh.registry.policies import person_policy


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
