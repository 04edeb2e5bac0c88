"""An audit event's changes in words: each changed value under its Vietnamese label, as a reader
reads it (choices by their label, dates dd/mm/yyyy, money "1.250.000 đ", foreign keys by their name,
booleans Có/Không, a category "5.6 · Người khuyết tật nặng, …"), and a dict of answers (a dossier's
declaration) as the list of the answers that changed, each under its question.

Labels come from the model field's verbose_name or from what the recording app registered
(`ansinh.audit.labels.register_change_fields`). `registry.history.events_shown` calls this after it
has masked restricted values, and masks the words again (a foreign key's name may tell HIV).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from ansinh.audit.labels import ChangeField, change_field
from ansinh.audit.models import AuditEvent
from ansinh.rules.formatting import format_coefficient, format_money, format_number
from ansinh.rules.selectors import category_label

_YES_NO = {"yes": gettext_lazy("Có"), "no": gettext_lazy("Không")}  # a declaration's yes/no answers
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")
_ISO_MONTH = re.compile(r"^\d{4}-\d{2}$")


@dataclass(frozen=True)
class ChangeLine:
    """One changed value as shown: its label, before and after in words (None: no value), and for
    a dict of answers the answers that changed (then before and after are None)."""

    label: str
    before: str | None
    after: str | None
    answers: tuple[ChangeLine, ...] = ()


Changes = Sequence[tuple[str, Any, Any]]


def change_lines(events: Sequence[tuple[AuditEvent, Changes]]) -> list[tuple[ChangeLine, ...]]:
    """The lines of each (event, its changes), in order. Foreign keys are read by name with one query
    per related model for all the events together."""
    models_of = [_model_of(event) for event, _changes in events]
    names = _foreign_names(
        (model, key, value)
        for model, (_event, changes) in zip(models_of, events, strict=True)
        for key, before, after in changes
        for value in (before, after)
    )
    return [
        tuple(line for key, before, after in changes if (line := _line(model, key, before, after, names)) is not None)
        for model, (_event, changes) in zip(models_of, events, strict=True)
    ]


def _model_of(event: AuditEvent) -> type[models.Model] | None:
    if event.content_type_id is None:
        return None
    return ContentType.objects.get_for_id(event.content_type_id).model_class()


def _model_label(model: type[models.Model] | None) -> str:
    return model._meta.label_lower if model is not None else ""


def _field(model: type[models.Model] | None, key: str) -> models.Field[Any, Any] | None:
    if model is None:
        return None
    for name in (key, key.removesuffix("_id")):
        try:
            found = model._meta.get_field(name)
        except Exception:  # noqa: BLE001, S112 — FieldDoesNotExist: the key is not a field
            continue
        return found if isinstance(found, models.Field) else None
    return None


def _line(model: type[models.Model] | None, key: str, before: Any, after: Any, names: _Names) -> ChangeLine | None:
    own, anywhere = change_field(_model_label(model), key)
    spec = own or anywhere or ChangeField()
    if spec.kind == "hidden":
        return None
    field = _field(model, key)
    named = field is not None and field.verbose_name != field.name.replace("_", " ")
    label = str((own and own.label) or (field.verbose_name if named else "") or spec.label or key)  # type: ignore[union-attr]
    if isinstance(before, dict) or isinstance(after, dict):
        answers = _answers(
            model, spec, before if isinstance(before, dict) else {}, after if isinstance(after, dict) else {}, names
        )
        return ChangeLine(label, None, None, answers) if answers else None
    show = _shower(field, spec, names)
    old, new = show(before), show(after)
    return None if old == new else ChangeLine(label, old, new)


def _answers(
    model: type[models.Model] | None, spec: ChangeField, before: dict[str, Any], after: dict[str, Any], names: _Names
) -> tuple[ChangeLine, ...]:
    """The answers that differ: under their question when the app registered the questions (a
    declaration), else as values of the model (a merge's "keep" and "duplicate" person)."""
    lines = []
    for key in dict.fromkeys([*before, *after]):
        old, new = before.get(key), after.get(key)
        if old == new:
            continue
        if not spec.answers:
            if (line := _line(model, key, old, new, names)) is not None:
                lines.append(line)
            continue
        label = str(spec.answers.get(key, key))
        if isinstance(old, dict) or isinstance(new, dict):
            nested = _answers(
                None, spec, old if isinstance(old, dict) else {}, new if isinstance(new, dict) else {}, names
            )
            lines.append(ChangeLine(label, None, None, nested))
        else:
            show = _shower(None, ChangeField(values=_YES_NO), names)
            if (old_text := show(old)) != (new_text := show(new)):
                lines.append(ChangeLine(label, old_text, new_text))
    return tuple(lines)


class _Names:
    """Names of the foreign keys' targets, by (model, pk)."""

    def __init__(self, names: dict[tuple[type[models.Model], str], str]) -> None:
        self.names = names

    def get(self, model: type[models.Model], pk: Any) -> str | None:
        return self.names.get((model, str(pk)))


def _foreign_names(values: Iterable[tuple[type[models.Model] | None, str, Any]]) -> _Names:
    wanted: dict[type[models.Model], set[str]] = defaultdict(set)
    pending = list(values)
    while pending:
        model, key, value = pending.pop()
        if isinstance(value, dict):  # a merge's "keep" and "duplicate": values of the same model
            pending.extend((model, inner, item) for inner, item in value.items())
            continue
        field = _field(model, key)
        if value is None or not isinstance(field, models.ForeignKey) or isinstance(value, dict | list | bool):
            continue
        try:
            field.target_field.to_python(value)
        except ValidationError:
            continue  # not a key (an older event kept the number or the name under the same key)
        wanted[field.related_model].add(str(value))  # type: ignore[index]
    names: dict[tuple[type[models.Model], str], str] = {}
    for related, pks in wanted.items():
        for item in related._base_manager.filter(pk__in=pks):
            names[(related, str(item.pk))] = str(item)
    return _Names(names)


def _shower(field: models.Field[Any, Any] | None, spec: ChangeField, names: _Names) -> Callable[[Any], str | None]:
    def show(value: Any) -> str | None:
        if value is None or value == "" or value == []:
            return None
        if isinstance(value, list):
            return "; ".join(text for item in value if (text := show(item)) is not None) or None
        if isinstance(value, dict):
            return "; ".join(f"{key}: {text}" for key, item in value.items() if (text := show(item)) is not None)
        return _value_text(field, spec, value, names)

    return show


def _value_text(field: models.Field[Any, Any] | None, spec: ChangeField, value: Any, names: _Names) -> str:
    if isinstance(value, bool):
        return gettext("Có") if value else gettext("Không")
    if spec.values and str(value) in spec.values:
        return str(spec.values[str(value)])
    if spec.kind == "money" or (not spec.kind and _is_money(field)):
        return _money(value)
    if spec.kind == "number":
        return _decimal(value)  # a count with thousands dots: "6.012"
    if spec.kind == "category" or (field is not None and field.name in ("category_code", "subject_category")):
        return category_label(str(value))
    if field is not None:
        if field.choices:
            return str(dict(field.flatchoices).get(value, value))
        if isinstance(field, models.ForeignKey):
            return names.get(field.related_model, value) or str(value)  # type: ignore[arg-type]
        if isinstance(field, models.DecimalField):
            return _decimal(value)
    return _text(value)


_MONEY_NAME = re.compile(r"(^|_)(amount|total|rate|balance)$")


def _is_money(field: models.Field[Any, Any] | None) -> bool:
    """Money is whole đồng in an integer field named for an amount (a score's "total" is
    registered as kind "number" by its app)."""
    return isinstance(field, models.IntegerField) and bool(_MONEY_NAME.search(field.name))


def _money(value: Any) -> str:
    try:
        return format_money(int(Decimal(str(value))))
    except (InvalidOperation, ValueError):
        return str(value)


def _decimal(value: Any) -> str:
    """A whole number with thousands dots ("1.500.000"), else with a decimal comma ("2,5")."""
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    if number == number.to_integral_value():
        return format_number(int(number))
    return format_coefficient(number)


def _text(value: Any) -> str:
    """Dates and months recorded as ISO text read as Vietnamese write them."""
    text = str(value)
    if _ISO_DATE.match(text):
        return date.fromisoformat(text).strftime("%d/%m/%Y")
    if _ISO_DATETIME.match(text):
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            return text
        if timezone.is_aware(moment):
            moment = timezone.localtime(moment)
        return moment.strftime("%d/%m/%Y %H:%M")
    if _ISO_MONTH.match(text):
        return f"{text[5:7]}/{text[:4]}"
    return text
