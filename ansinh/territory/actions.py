"""Writes to the territory: each takes the acting user, checks the policy, validates,
writes in one transaction and records an audit event."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ansinh.audit.events import record_event, snapshot
from ansinh.core.access import Actor, require
from ansinh.core.concurrency import rechecked_on_clash
from ansinh.core.text import fold
from ansinh.territory.coverage import coverage_add_leaf
from ansinh.territory.models import VILLAGE_TYPES, AdministrativeUnit, UnitLevel, UnitType
from ansinh.territory.policies import UnitAction, unit_policy

VILLAGE_FIELDS = ["name", "unit_type", "parent", "valid_from", "valid_to", "note"]


def _without_type_word(name: str) -> str:
    """ "Thôn Chùa" typed in full is stored as "Chùa" of type thôn (shown as "Thôn Chùa")."""
    for unit_type in VILLAGE_TYPES:
        prefix = fold(str(UnitType(unit_type).label)) + " "
        if fold(name).startswith(prefix):
            return name[len(prefix) :]
    return name


def _check_village_name(commune: AdministrativeUnit, name: str, exclude_pk: int | None = None) -> str:
    name = _without_type_word(" ".join(name.split()))
    if not name:
        raise ValidationError({"name": "Tên thôn không được để trống."})
    clash = AdministrativeUnit.objects.filter(
        parent=commune, level=UnitLevel.VILLAGE, name_folded=fold(name), valid_to__isnull=True
    )
    if exclude_pk is not None:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        raise ValidationError({"name": f"{commune.full_name} đã có thôn tên “{name}”."})
    return name


def _outside_commune_period(commune: AdministrativeUnit) -> str:
    period = f"từ {commune.valid_from:%d/%m/%Y}" + (f" đến {commune.valid_to:%d/%m/%Y}" if commune.valid_to else "")
    return f"Ngày hiệu lực phải nằm trong thời gian {commune.full_name} còn hiệu lực ({period})."


def village_create(
    *,
    actor: Actor,
    commune: AdministrativeUnit,
    name: str,
    unit_type: str = "thon",
    valid_from: date | None = None,
    note: str = "",
) -> AdministrativeUnit:
    require(unit_policy.can(actor, UnitAction.ADD_VILLAGE, commune))
    if unit_type not in VILLAGE_TYPES:
        raise ValidationError({"unit_type": "Loại đơn vị phải là thôn, bản hoặc tổ dân phố."})
    valid_from = valid_from or timezone.localdate()
    if not commune.is_active_on(valid_from):
        raise ValidationError({"valid_from": _outside_commune_period(commune)})
    with transaction.atomic():
        village = AdministrativeUnit(
            name=_check_village_name(commune, name),
            unit_type=unit_type,
            parent=commune,
            valid_from=valid_from,
            note=note,
        )
        with rechecked_on_clash(lambda: _check_village_name(commune, name)):
            village.save()
        coverage_add_leaf(village)
        record_event(
            actor=actor,
            action="territory.village_create",
            obj=village,
            after=snapshot(village, VILLAGE_FIELDS),
            territory_id=commune.pk,
        )
    return village


def village_update(
    *,
    actor: Actor,
    village: AdministrativeUnit,
    name: str,
    valid_to: date | None,
    note: str,
    reason: str,
) -> AdministrativeUnit:
    """Rename a village, or end it (for example when two villages merge)."""
    require(unit_policy.can(actor, UnitAction.CHANGE_VILLAGE, village))
    if not reason.strip():
        raise ValidationError({"reason": "Hãy ghi lý do thay đổi."})
    if valid_to is not None and valid_to < village.valid_from:
        raise ValidationError({"valid_to": "Ngày kết thúc không được trước ngày hiệu lực."})
    commune = village.parent
    assert commune is not None  # a village always belongs to a commune
    with transaction.atomic():
        locked = AdministrativeUnit.objects.select_for_update().get(pk=village.pk)
        before = snapshot(locked, VILLAGE_FIELDS)
        locked.name = _check_village_name(commune, name, exclude_pk=village.pk)
        locked.valid_to = valid_to
        locked.note = note
        with rechecked_on_clash(lambda: _check_village_name(commune, name, exclude_pk=village.pk)):
            locked.save()
        record_event(
            actor=actor,
            action="territory.village_update",
            obj=locked,
            before=before,
            after=snapshot(locked, VILLAGE_FIELDS),
            reason=reason.strip(),
            territory_id=village.parent_id,
        )
    return locked
