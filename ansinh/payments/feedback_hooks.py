"""The extension point for the beneficiaries' feedback the post office records (issue 20).

Payments cannot import the apps above it, yet the general feedback (`ansinh.outreach`) routes, answers
and counts every item, this one included. An app registers a handler in `AppConfig.ready()`;
`actions.service_feedback_record` calls every handler inside its own transaction (a failing handler
rolls the record back), as `registry.life_events` does for deaths."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from ansinh.core.access import Actor

if TYPE_CHECKING:
    from ansinh.payments.models import ServiceFeedback

FeedbackHandler = Callable[["ServiceFeedback", Actor], None]
_handlers: dict[str, FeedbackHandler] = {}


def register_feedback_handler(name: str, handler: FeedbackHandler) -> None:
    _handlers[name] = handler


def feedback_recorded(feedback: ServiceFeedback, actor: Actor) -> None:
    for handler in _handlers.values():
        handler(feedback, actor)
