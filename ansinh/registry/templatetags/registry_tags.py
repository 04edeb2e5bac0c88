"""What a reader may see of a person's category (NĐ 20/2021/NĐ-CP Điều 5 khoản 3, 8: the codes
5.3 and 5.8 tell that the person lives with HIV). The rule is `person_policy.category_shown`;
these filters only let a template apply it: `{{ code|category_for:user }}` (the code),
`{{ code|category_named:user }}` (code and name) and `{{ code|category_short:user }}` (the code,
its name on hover)."""

from __future__ import annotations

from collections.abc import Iterable

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from ansinh.audit.models import AuditEvent
from ansinh.core.access import Actor
from ansinh.registry.history import EventShown, events_shown
from ansinh.registry.policies import person_policy
from ansinh.rules.selectors import category_label

register = template.Library()


@register.filter
def category_for(code: str, actor: Actor) -> str:
    """ "5.3" → "Bảo mật" for a reader who may not read restricted facts; other codes unchanged."""
    return person_policy.category_shown(actor, code) if code else ""


@register.filter
def category_named(code: str, actor: Actor) -> str:
    """ "5.6" → "5.6 · Người khuyết tật nặng, khuyết tật đặc biệt nặng", where space allows;
    "Bảo mật" for 5.3 and 5.8 to a reader who may not read restricted facts."""
    if not code:
        return ""
    shown = person_policy.category_shown(actor, code)
    return category_label(code) if shown == code else shown


@register.filter
def category_short(code: str, actor: Actor) -> SafeString:
    """The code, with its name on hover (`title`), where space is short (badges, table cells);
    "Bảo mật" without a title for 5.3 and 5.8 to a reader who may not read restricted facts."""
    if not code:
        return SafeString("")
    shown = person_policy.category_shown(actor, code)
    if shown != code:
        return format_html("{}", shown)
    return format_html('<abbr title="{}" class="text-decoration-none">{}</abbr>', category_label(code), code)


@register.filter
def text_for(text: str, actor: Actor) -> str:
    """A free text (a reason, a label) with its HIV content masked for such a reader."""
    return person_policy.text_shown(actor, text) if text else ""


@register.simple_tag
def history_shown(history: Iterable[AuditEvent | EventShown], actor: Actor) -> list[EventShown]:
    """A record's history as `actor` may read it, each change in words (`includes/history.html`):
    events already shown pass as they are; raw events (the histories of laws, territory, users and
    offices, whose apps sit below the registry) go through `events_shown` here."""
    items = list(history)
    if all(isinstance(item, EventShown) for item in items):
        return items  # type: ignore[return-value]
    return events_shown(actor, [item for item in items if isinstance(item, AuditEvent)])
