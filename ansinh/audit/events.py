"""Writing audit events. Every action calls `record_event` inside its transaction."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, transaction

from ansinh.audit.models import AuditEvent
from ansinh.core.bulk import insert_all


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The JSON-safe values of `fields` of `instance` (foreign keys as their ids)."""
    values: dict[str, Any] = {}
    for name in fields:
        field = instance._meta.get_field(name)
        attname = getattr(field, "attname", name)
        values[name] = _json_safe(getattr(instance, attname))
    return values


def _json_safe(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list | tuple | set | frozenset):
        return [_json_safe(item) for item in value]
    return value


def _require_transaction() -> None:
    if not connection.in_atomic_block:
        raise transaction.TransactionManagementError("audit events are recorded inside the action's transaction")


def build_event(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str = "",
    territory_id: int | None = None,
) -> AuditEvent:
    """An unsaved event describing one write (`actor=None` is the system)."""
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditEvent(
        actor=actor if authenticated else None,
        actor_name=(actor.get_full_name() or actor.get_username()) if authenticated else "hệ thống",
        office_id=getattr(actor, "office_id", None) if authenticated else None,
        action=action,
        content_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:255] if obj is not None else "",
        territory_id=territory_id,
        before=before,
        after=after,
        reason=reason,
    )


def record_event(**fields: Any) -> AuditEvent:
    """Record one write (fields as for build_event). Must run inside the action's transaction, so
    that the event and the change it describes are committed together or not at all."""
    _require_transaction()
    event = build_event(**fields)
    event.save()
    return event


def record_events_bulk(events: list[AuditEvent]) -> None:
    """Record many events built with build_event at once (imports), in the same transaction."""
    _require_transaction()
    insert_all(events)
