"""Vietnamese names of audited actions, registered by each app in its AppConfig.ready()."""

from __future__ import annotations

_LABELS: dict[str, str] = {}


def register_action_labels(labels: dict[str, str]) -> None:
    _LABELS.update(labels)


def registered_actions() -> list[tuple[str, str]]:
    """(code, label) pairs sorted by label, for filters."""
    return sorted(_LABELS.items(), key=lambda item: item[1])


def action_label(action: str) -> str:
    return _LABELS.get(action, action)
