"""Writes to the law as data: each takes the acting user, checks the policy, validates, writes
in one transaction and records an audit event (design.md §3)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import transaction

from ansinh.audit.events import record_event, snapshot
from ansinh.core.access import Actor, require
from ansinh.core.uploads import DOCUMENT, checked_upload
from ansinh.rules.dated import Period, PeriodError, apply_change
from ansinh.rules.models import Confidence, LegalDocument, Parameter
from ansinh.rules.parameters import Unit, is_standard_rate, parameter_kind
from ansinh.rules.policies import rules_policy
from ansinh.rules.rulebook import period_of

PARAMETER_FIELDS = ["key", "value", "valid_from", "valid_to", "source", "clause", "confidence", "note"]
DOCUMENT_FIELDS = [
    "number",
    "short_name",
    "document_type",
    "issuer",
    "signed_on",
    "effective_from",
    "effective_to",
    "title",
    "status",
    "url",
    "confidence",
    "note",
]


@dataclass(frozen=True)
class ParameterChange:
    """An edit of one dated value, as the form gives it."""

    key: str
    value: Decimal
    valid_from: date
    valid_to: date | None
    source: LegalDocument
    clause: str
    confidence: str
    note: str = ""


def check_parameter_value(change: ParameterChange) -> None:
    kind = parameter_kind(change.key)
    if kind is None:
        raise ValidationError({"key": "Tham số này không có trong danh mục."})
    if change.value < 0:
        raise ValidationError({"value": "Giá trị không được âm."})
    if is_standard_rate(change.key) and change.value == 0:
        raise ValidationError({"value": "Mức chuẩn phải lớn hơn 0."})
    whole_units = (Unit.DONG, Unit.WORKING_DAYS, Unit.MONTHS, Unit.POINTS, Unit.FLAG, Unit.DAY_OF_MONTH)
    if kind.unit in whole_units and change.value != change.value.to_integral_value():
        raise ValidationError({"value": "Giá trị phải là số nguyên."})
    if not change.clause.strip():
        raise ValidationError({"clause": "Hãy ghi điều, khoản của văn bản quy định giá trị này."})
    if change.confidence not in Confidence.values:
        raise ValidationError({"confidence": "Mức tin cậy không hợp lệ."})


def planned_periods(
    change: ParameterChange, *, replacing: Parameter | None = None, close_previous: bool = False
) -> tuple[list[Period], list[Period], Period | None]:
    """(periods before, periods after the change, the earlier period it closes): the same
    computation serves the check before saving and the preview of who is affected."""
    check_parameter_value(change)
    before = [period_of(parameter) for parameter in Parameter.objects.select_related("source")]
    proposed = Period(
        key=change.key,
        value=change.value,
        valid_from=change.valid_from,
        valid_to=change.valid_to,
        basis=f"{change.source.short_name}, {change.clause.strip()}",
        confidence=change.confidence,
        pk=replacing.pk if replacing else None,
    )
    try:
        after, closed = apply_change(before, proposed, close_previous=close_previous)
    except PeriodError as error:
        raise ValidationError({error.field: error.message}) from None
    return before, after, closed


def parameter_create(
    *, actor: Actor, change: ParameterChange, close_previous: bool = False, reason: str = ""
) -> Parameter:
    """Add a dated value. With `close_previous`, the value in force when it starts is ended the day before."""
    require(rules_policy.can_edit(actor))
    with transaction.atomic():
        list(Parameter.objects.select_for_update().filter(key=change.key))
        _, _, closed = planned_periods(change, close_previous=close_previous)
        if closed is not None:
            assert closed.pk is not None  # only a stored period can be closed
            previous = Parameter.objects.get(pk=closed.pk)
            before = snapshot(previous, PARAMETER_FIELDS)
            previous.valid_to = closed.valid_to
            previous.save(update_fields=["valid_to"])
            record_event(
                actor=actor,
                action="rules.parameter_update",
                obj=previous,
                before=before,
                after=snapshot(previous, PARAMETER_FIELDS),
                reason=f"Kết thúc khi có giá trị mới từ {change.valid_from:%d/%m/%Y}. {reason}".strip(),
            )
        parameter = Parameter.objects.create(**_parameter_fields(change))
        record_event(
            actor=actor,
            action="rules.parameter_create",
            obj=parameter,
            after=snapshot(parameter, PARAMETER_FIELDS),
            reason=reason.strip(),
        )
    return parameter


def parameter_update(*, actor: Actor, parameter: Parameter, change: ParameterChange, reason: str) -> Parameter:
    """Correct a dated value (its amount, period, source or confidence mark); the reason is required."""
    require(rules_policy.can_edit(actor))
    if not reason.strip():
        raise ValidationError({"reason": "Hãy ghi lý do thay đổi."})
    if change.key != parameter.key:
        raise ValidationError({"key": "Không đổi được tên tham số của một giá trị đã có."})
    with transaction.atomic():
        locked = Parameter.objects.select_for_update().get(pk=parameter.pk)
        planned_periods(change, replacing=locked)
        before = snapshot(locked, PARAMETER_FIELDS)
        for name, value in _parameter_fields(change).items():
            setattr(locked, name, value)
        locked.save()
        record_event(
            actor=actor,
            action="rules.parameter_update",
            obj=locked,
            before=before,
            after=snapshot(locked, PARAMETER_FIELDS),
            reason=reason.strip(),
        )
    return locked


def _parameter_fields(change: ParameterChange) -> dict[str, Any]:
    return {
        "key": change.key,
        "value": change.value,
        "valid_from": change.valid_from,
        "valid_to": change.valid_to,
        "source": change.source,
        "clause": change.clause.strip(),
        "confidence": change.confidence,
        "note": change.note.strip(),
    }


def _check_document(fields: dict[str, Any], exclude_pk: int | None = None) -> None:
    for name in ("number", "short_name", "issuer", "title"):
        if not str(fields.get(name, "")).strip():
            raise ValidationError({name: "Trường này không được để trống."})
    start, end = fields.get("effective_from"), fields.get("effective_to")
    if start and end and end < start:
        raise ValidationError({"effective_to": "Ngày hết hiệu lực không được trước ngày có hiệu lực."})
    signed = fields.get("signed_on")
    if signed and start and start < signed:
        raise ValidationError({"effective_from": "Ngày có hiệu lực không được trước ngày ký."})
    clash = LegalDocument.objects.filter(number=fields["number"].strip(), issuer=fields["issuer"].strip())
    if exclude_pk is not None:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        raise ValidationError({"number": "Văn bản có số, ký hiệu này của cơ quan này đã có trong danh mục."})


def document_create(*, actor: Actor, file: File[Any] | None = None, **fields: Any) -> LegalDocument:
    require(rules_policy.can_edit(actor))
    _check_document(fields)
    checked = checked_upload(file, DOCUMENT, field="file") if file is not None else None
    with transaction.atomic():
        document = LegalDocument(**_clean(fields))
        if checked is not None:
            document.file.save(checked.name, checked, save=False)
        document.save()
        record_event(actor=actor, action="rules.document_create", obj=document, after=_document_snapshot(document))
    return document


def document_update(
    *, actor: Actor, document: LegalDocument, reason: str, file: File[Any] | None = None, **fields: Any
) -> LegalDocument:
    require(rules_policy.can_edit(actor))
    if not reason.strip():
        raise ValidationError({"reason": "Hãy ghi lý do thay đổi."})
    _check_document(fields, exclude_pk=document.pk)
    checked = checked_upload(file, DOCUMENT, field="file") if file is not None else None
    with transaction.atomic():
        locked = LegalDocument.objects.select_for_update().get(pk=document.pk)
        before = _document_snapshot(locked)
        for name, value in _clean(fields).items():
            setattr(locked, name, value)
        if checked is not None:
            locked.file.save(checked.name, checked, save=False)
        locked.save()
        record_event(
            actor=actor,
            action="rules.document_update",
            obj=locked,
            before=before,
            after=_document_snapshot(locked),
            reason=reason.strip(),
        )
    return locked


def _document_snapshot(document: LegalDocument) -> dict[str, Any]:
    return {**snapshot(document, DOCUMENT_FIELDS), "file": document.file.name or ""}


def _clean(fields: dict[str, Any]) -> dict[str, Any]:
    return {name: value.strip() if isinstance(value, str) else value for name, value in fields.items()}
