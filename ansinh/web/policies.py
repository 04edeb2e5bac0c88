"""Who may read the audit log, and of which territory."""

from __future__ import annotations

from django.db import models

from ansinh.audit.models import AuditEvent
from ansinh.audit.selectors import events_in_territories
from ansinh.core.access import Actor, Role, is_active_user
from ansinh.territory.selectors import covered_unit_ids

AUDIT_READERS = (Role.ADMIN, Role.HEAD, Role.CHAIR)


class AuditLogPolicy:
    def can_read_log(self, actor: Actor) -> bool:
        return is_active_user(actor) and actor.has_role(*AUDIT_READERS)

    def visible(self, actor: Actor) -> models.QuerySet[AuditEvent]:
        if not self.can_read_log(actor):
            return AuditEvent.objects.none()
        if actor.has_role(Role.ADMIN):
            return events_in_territories(None)
        if actor.scope_unit_id is None:
            return AuditEvent.objects.none()
        return events_in_territories(covered_unit_ids(actor.scope_unit_id))


audit_log_policy = AuditLogPolicy()
