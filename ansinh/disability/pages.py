"""What the disability pages share: the permission checks made before a form is shown (403), the commune
a commune-level actor works for, and the page with one form that runs one action."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone

from ansinh.core.access import ActorRequest, require
from ansinh.core.forms import add_action_errors
from ansinh.disability.policies import DisabilityAction, disability_policy
from ansinh.territory.models import AdministrativeUnit, UnitLevel

Write = Callable[[dict[str, Any]], object]


def can_manage(request: ActorRequest, obj: Any) -> bool:
    return disability_policy.can(request.user, DisabilityAction.MANAGE, obj)


def require_manage(request: ActorRequest, obj: Any) -> None:
    require(can_manage(request, obj))


def require_sign(request: ActorRequest, obj: Any) -> None:
    require(disability_policy.can(request.user, DisabilityAction.SIGN, obj))


def actor_commune(request: ActorRequest) -> AdministrativeUnit:
    """The commune a commune-level actor works for (403 for anyone who manages no commune)."""
    require(disability_policy.can_manage_any(request.user))
    commune = AdministrativeUnit.objects.filter(pk=request.user.scope_unit_id or 0, level=UnitLevel.COMMUNE).first()
    require(commune is not None)
    assert commune is not None
    return commune


def local_today() -> Any:
    return timezone.localdate()


def form_page(
    request: ActorRequest,
    *,
    form: Form,
    title: str,
    write: Write,
    done: str,
    success: Callable[[Any], str],
    back: str,
    intro: str = "",
    button: str = "",
) -> HttpResponse:
    """A page with one form: on a valid POST run the action and go to `success(result)`; else show
    the form with the action's Vietnamese errors (400) and nothing changed."""
    if request.method == "POST" and form.is_valid():
        try:
            result = write(form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, done)
            return redirect(success(result))
    context = {"form": form, "title": title, "back": back, "intro": intro, "button": button or title}
    return TemplateResponse(request, "disability/form_page.html", context, status=400 if form.errors else 200)


def posted(request: ActorRequest) -> QueryDict | None:
    return request.POST if request.method == "POST" else None
