"""What the apps above the register must do when it records a death or a declared disappearance.

The register cannot import them (docs/architecture.md: a module imports only from the layers below),
yet a death recorded after a payment changes what that payment was: a payment "in person" dated
after the death is a violation (issue 12). So an app registers one named handler here, in its
`AppConfig.ready()`, and `registry.actions.death_record` calls every handler **inside its own
transaction**, with the actor and the person as recorded: a handler that fails rolls the death back,
and nothing runs later or elsewhere. This is the one such extension point; the handlers are listed
in docs/architecture.md ("Register and import").
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ansinh.core.access import Actor
    from ansinh.registry.models import Person

LifeEventHandler = Callable[["Actor", "Person"], None]

_handlers: dict[str, LifeEventHandler] = {}


def register(name: str, handler: LifeEventHandler) -> None:
    """Register `handler` under `name` (registering the same name again replaces it)."""
    _handlers[name] = handler


def death_recorded(actor: Actor, person: Person) -> None:
    """Run every registered handler for a person just recorded dead or missing."""
    for handler in _handlers.values():
        handler(actor, person)
