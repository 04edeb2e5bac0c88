from __future__ import annotations

from django.db import models

from ansinh.accounts.models import DeploymentSettings, Office, User
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
