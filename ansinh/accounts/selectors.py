from __future__ import annotations

from datetime import date

from django.db import models

from ansinh.accounts.models import DeploymentSettings, Office, OfficeName, User
from ansinh.accounts.policies import office_policy, user_policy
from ansinh.core.access import Actor
from ansinh.core.text import fold


def user_list(*, actor: Actor, query: str = "", office_id: int | None = None) -> models.QuerySet[User]:
    users = user_policy.visible(actor).prefetch_related("role_grants")
    if query:
        folded = fold(query)
        users = users.filter(models.Q(full_name_folded__contains=folded) | models.Q(username__icontains=query))
    if office_id:
        users = users.filter(office_id=office_id)
    return users.order_by("office__name", "username")


def office_list(*, actor: Actor, query: str = "") -> models.QuerySet[Office]:
    offices = office_policy.visible(actor).annotate(member_count=models.Count("members"))
    if query:
        offices = offices.filter(models.Q(name__icontains=query) | models.Q(code__icontains=query))
    return offices.order_by("kind", "name")


def deployment_settings() -> DeploymentSettings | None:
    return DeploymentSettings.objects.select_related("home_unit").filter(pk=1).first()


def office_name_on(office: Office, day: date) -> str:
    """The office's name in force on `day` (its dated names, domain.md §2): a document carries the name
    of its own date. Before its first dated name an office bears the earliest one; with none, `name`."""
    names = office.names.order_by("valid_from")
    found = names.filter(valid_from__lte=day).last() or names.first()
    return found.name if found is not None else office.name


def office_names(office: Office) -> models.QuerySet[OfficeName]:
    """The office's names through time, newest first."""
    return office.names.order_by("-valid_from")


def office_over(kind: str, territory_id: int | None) -> Office | None:
    """The office of `kind` over a unit (an active one first): e.g. the provincial department over a
    province, the labour office over a district."""
    if territory_id is None:
        return None
    return Office.objects.filter(kind=kind, territory_id=territory_id).order_by("-is_active", "pk").first()
