"""Audit events as a reader may see them: the activity log, the home page and every record's
history mask restricted facts (HIV status) exactly as the person page does.

For a reader without the right to restricted facts (`PersonPolicy.can_read_restricted`):
- an event about a restricted fact (its before or after holds a fact of a restricted kind) keeps
  only when and who: its action reads "Thông tin hạn chế", its object, reason and values are gone;
- every other event has categories 5.3 and 5.8 shown as "Bảo mật" and any sentence naming HIV or
  their clauses replaced (`PersonPolicy.text_shown`), in its object, reason and values alike.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from django.utils.translation import gettext

from ansinh.audit.models import AuditEvent
from ansinh.core.access import Actor
from ansinh.registry.changes import ChangeLine, change_lines
from ansinh.registry.models import RESTRICTED_FACTS
from ansinh.registry.policies import person_policy


@dataclass(frozen=True)
class EventShown:
    """What a page shows of one audit event (the fields `includes/history.html` and the log read)."""

    occurred_at: datetime
    actor_name: str
    office: object
    territory: object
    action_label: str
    object_repr: str
    reason: str
    changes: tuple[tuple[str, Any, Any], ...]
    restricted: bool = False
    lines: tuple[ChangeLine, ...] = ()


def events_shown(actor: Actor, events: Iterable[AuditEvent]) -> list[EventShown]:
    """`events` as `actor` may read them, in the same order."""
    events = list(events)
    if person_policy.can_read_restricted(actor):
        shown = [_shown(event) for event in events]
    else:
        shown = [_masked(actor, event) for event in events]
    lines = change_lines([(event, item.changes) for event, item in zip(events, shown, strict=True)])
    return [
        replace(item, lines=tuple(_line_shown(actor, line) for line in item_lines))
        for item, item_lines in zip(shown, lines, strict=True)
    ]


def _line_shown(actor: Actor, line: ChangeLine) -> ChangeLine:
    """The words of a line masked again: a name read from a foreign key may tell HIV."""

    def text(value: str | None) -> str | None:
        return None if value is None else person_policy.text_shown(actor, value)

    return ChangeLine(
        person_policy.text_shown(actor, line.label),
        text(line.before),
        text(line.after),
        tuple(_line_shown(actor, answer) for answer in line.answers),
    )


def is_about_restricted_fact(event: AuditEvent) -> bool:
    """Whether the event's values hold a fact of a restricted kind (e.g. `{"kind": "hiv"}`)."""
    return _holds_restricted_fact(event.before) or _holds_restricted_fact(event.after)


def _shown(event: AuditEvent) -> EventShown:
    return EventShown(
        occurred_at=event.occurred_at,
        actor_name=event.actor_name,
        office=event.office,
        territory=event.territory,
        action_label=event.action_label,
        object_repr=event.object_repr,
        reason=event.reason,
        changes=tuple(event.changes()),
    )


def _masked(actor: Actor, event: AuditEvent) -> EventShown:
    if is_about_restricted_fact(event):
        return EventShown(
            occurred_at=event.occurred_at,
            actor_name=event.actor_name,
            office=event.office,
            territory=event.territory,
            action_label=gettext("Thông tin hạn chế"),
            object_repr="",
            reason="",
            changes=(),
            restricted=True,
        )
    return EventShown(
        occurred_at=event.occurred_at,
        actor_name=event.actor_name,
        office=event.office,
        territory=event.territory,
        action_label=person_policy.text_shown(actor, event.action_label),
        object_repr=person_policy.text_shown(actor, event.object_repr),
        reason=person_policy.text_shown(actor, event.reason),
        changes=tuple(
            (name, _value_shown(actor, before), _value_shown(actor, after)) for name, before, after in event.changes()
        ),
    )


def _value_shown(actor: Actor, value: Any) -> Any:
    if isinstance(value, str):
        return person_policy.text_shown(actor, value)
    if isinstance(value, dict):
        return {key: _value_shown(actor, item) for key, item in value.items()}
    if isinstance(value, list):
        return [_value_shown(actor, item) for item in value]
    return value


def _holds_restricted_fact(value: Any) -> bool:
    if isinstance(value, dict):
        kind = value.get("kind")
        if isinstance(kind, str) and kind in RESTRICTED_FACTS:
            return True
        return any(_holds_restricted_fact(item) for item in value.values())
    if isinstance(value, list):
        return any(_holds_restricted_fact(item) for item in value)
    return False
