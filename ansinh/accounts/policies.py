"""Who may see and manage users, offices and the deployment settings."""

from __future__ import annotations

from django.db import models

from ansinh.accounts.models import Office, User
from ansinh.core.access import Actor, Role, is_active_user


def is_administrator(actor: Actor) -> bool:
    return is_active_user(actor) and actor.has_role(Role.ADMIN)


class UserPolicy:
    def visible(self, actor: Actor) -> models.QuerySet[User]:
        users = User.objects.select_related("office", "territory")
        return users if is_administrator(actor) else users.none()

    def can_manage(self, actor: Actor) -> bool:
        return is_administrator(actor)


class OfficePolicy:
    def visible(self, actor: Actor) -> models.QuerySet[Office]:
        offices = Office.objects.select_related("territory")
        return offices if is_administrator(actor) else offices.none()

    def can_manage(self, actor: Actor) -> bool:
        return is_administrator(actor)


class SettingsPolicy:
    def can_manage(self, actor: Actor) -> bool:
        return is_administrator(actor)


user_policy = UserPolicy()
office_policy = OfficePolicy()
settings_policy = SettingsPolicy()
