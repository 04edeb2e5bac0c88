"""Vietnamese names of audited actions, registered by each app in its AppConfig.ready()."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.utils.functional import Promise

_LABELS: dict[str, str] = {}


def register_action_labels(labels: dict[str, str]) -> None:
    _LABELS.update(labels)


def registered_actions() -> list[tuple[str, str]]:
    """(code, label) pairs sorted by label, for filters."""
    return sorted(_LABELS.items(), key=lambda item: item[1])


def action_label(action: str) -> str:
    return _LABELS.get(action, action)


# --- How an event's values read ----------------------------------------------------------------
# A history shows each changed value under the model field's verbose_name, as the field displays it
# (choices by label, dates dd/mm/yyyy, foreign keys by name). Values an action records that are not
# fields of the model (a result's "person_name", a dossier's declaration answers) or fields that need
# more than their type says (money in whole đồng, a category code) are registered here by the app
# that records them, in its AppConfig.ready(): `register_change_fields("payments.payrollline",
# {"amount": ChangeField(_("số tiền"), kind="money")})`; "*" applies to every model.


@dataclass(frozen=True)
class ChangeField:
    """How one recorded value reads: its label (else the model field's verbose_name), a kind that
    says how to show it ("money", "number", "category", "hidden"), and for a dict of answers (a
    declaration) the label of each answer; `values` names coded values that are not a field's
    choices (a fact's kind)."""

    label: str | Promise = ""
    kind: str = ""
    answers: Mapping[str, str | Promise] = field(default_factory=dict)
    values: Mapping[str, str | Promise] = field(default_factory=dict)


_FIELDS: dict[tuple[str, str], ChangeField] = {}


def register_change_fields(model_label: str, fields: Mapping[str, ChangeField]) -> None:
    """`model_label` is "app_label.modelname" (lower case) or "*" for every model."""
    for key, spec in fields.items():
        _FIELDS[(model_label.lower(), key)] = spec


def change_field(model_label: str, key: str) -> tuple[ChangeField | None, ChangeField | None]:
    """What the model's app registered for `key`, and what was registered for every model."""
    return _FIELDS.get((model_label.lower(), key)), _FIELDS.get(("*", key))
