"""What a reader may see of a person's category (NĐ 20/2021/NĐ-CP Điều 5 khoản 3, 8: the codes
5.3 and 5.8 tell that the person lives with HIV). The rule is `person_policy.category_shown`;
these filters only let a template apply it: `{{ code|category_for:user }}`."""

from __future__ import annotations

from django import template

from ansinh.core.access import Actor
from ansinh.registry.policies import person_policy

register = template.Library()


@register.filter
def category_for(code: str, actor: Actor) -> str:
    """ "5.3" → "Bảo mật" for a reader who may not read restricted facts; other codes unchanged."""
    return person_policy.category_shown(actor, code) if code else ""


@register.filter
def text_for(text: str, actor: Actor) -> str:
    """A free text (a reason, a label) with its HIV content masked for such a reader."""
    return person_policy.text_shown(actor, text) if text else ""
