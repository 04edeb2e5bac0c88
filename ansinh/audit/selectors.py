from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import models

from ansinh.audit.models import AuditEvent


def events_for_object(obj: models.Model) -> models.QuerySet[AuditEvent]:
    """The history of one record. Callers check first that the user may see the record."""
    return AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
    ).select_related("office")


def events_in_territories(unit_ids: models.QuerySet | None) -> models.QuerySet[AuditEvent]:
    """Events whose territory is among `unit_ids` (a subquery); None means every event."""
    events = AuditEvent.objects.select_related("office", "territory", "content_type")
    return events if unit_ids is None else events.filter(territory_id__in=unit_ids)
