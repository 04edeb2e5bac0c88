"""Applying a territorial change to the register (issue 15, "Áp dụng sắp xếp đơn vị hành chính").

A change is the set of `UnitSuccession`s of one effective date (Vũ Xá → Cẩm Lý on 01/01/2025; the
25 → 8 merger of 01/07/2025; any later one entered as data). Applying it moves what is recorded
under each predecessor commune to its successor **from that date**: villages (new village units of
the successor, renamed on a name clash), then whatever the apps above register here in their
`AppConfig.ready()` (`register_change_handler`): people and households (registry), entitlements and
open dossiers (cases), authorisations (payments), councils (disability), offices (accounts).

- One transaction: all or nothing. A dry run runs the very same statements and rolls back, so the
  report it prints is what the apply would do.
- Idempotent: a second run finds nothing under the predecessors and changes nothing (no event).
- Set-based: each handler moves its rows with a few UPDATE / INSERT … SELECT per pair of units.
- A predecessor split among several successors cannot be moved as a whole: it is reported as a
  conflict and left where it is (its villages must be assigned one by one).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ansinh.audit.events import record_event
from ansinh.core.access import Actor, Role, is_active_user, require
from ansinh.territory.coverage import coverage_rebuild
from ansinh.territory.models import AdministrativeUnit, UnitLevel, UnitSuccession

# Counted per pair of units, in this order on the report.
COUNT_KEYS = (
    "villages",
    "people",
    "households",
    "entitlements",
    "entitlements_not_carried",
    "dossiers",
    "authorisations",
    "recoveries",
    "councils",
)
STAYING = frozenset({"entitlements_not_carried"})
# The section the social-pension transfer of 01/07/2025 fills (issue 15 item 3, wired by the
# pension work through `register_change_handler("social_pension_transfers", …)`).
SOCIAL_PENSION_TRANSFERS = "social_pension_transfers"


@dataclass
class Change:
    day: date
    month: date  # first day of the change's month: the successor's first payment month
    successor_of: dict[int, int]  # predecessor commune → its one successor commune
    units: dict[int, AdministrativeUnit]
    village_of: dict[int, int] = field(default_factory=dict)  # old village → new village
    actor: Actor | None = None
    now: datetime = field(default_factory=timezone.now)

    @property
    def last_old_day(self) -> date:
        return self.day - timedelta(days=1)

    def pairs(self) -> list[tuple[int, int]]:
        return sorted(self.successor_of.items())


@dataclass
class ChangeReport:
    day: date
    dry_run: bool
    counts: dict[tuple[int, int], dict[str, int]] = field(default_factory=dict)
    conflicts: list[str] = field(default_factory=list)
    sections: dict[str, Any] = field(default_factory=dict)
    names: dict[int, dict[str, str]] = field(default_factory=dict)
    successions_applied: int = 0

    def add(self, pair: tuple[int, int], key: str, n: int) -> None:
        row = self.counts.setdefault(pair, dict.fromkeys(COUNT_KEYS, 0))
        row[key] = row.get(key, 0) + n

    @property
    def moved(self) -> int:
        """Rows moved (what stays behind, such as entitlements not carried, is not a move)."""
        return sum(n for row in self.counts.values() for key, n in row.items() if key not in STAYING)

    def as_json(self) -> dict[str, Any]:
        return {
            "date": self.day.isoformat(),
            "dry_run": self.dry_run,
            "units": [
                {"from": self.names.get(old, {}), "to": self.names.get(new, {}), "counts": counts}
                for (old, new), counts in sorted(self.counts.items())
            ],
            "totals": {key: sum(row.get(key, 0) for row in self.counts.values()) for key in COUNT_KEYS},
            "conflicts": self.conflicts,
            **self.sections,
            SOCIAL_PENSION_TRANSFERS: self.sections.get(SOCIAL_PENSION_TRANSFERS, []),
        }


Handler = Callable[[Change, ChangeReport], None]
_HANDLERS: dict[str, tuple[int, Handler]] = {}


def register_change_handler(name: str, handler: Handler, *, order: int) -> None:
    """Register what an app moves (called from `AppConfig.ready()`); lower `order` runs first."""
    _HANDLERS[name] = (order, handler)


def change_dates() -> list[date]:
    """The dates of the territorial changes entered as data, oldest first."""
    return sorted(
        set(
            UnitSuccession.objects.filter(predecessor__level=UnitLevel.COMMUNE).values_list("effective_date", flat=True)
        )
    )


def may_apply(actor: Actor) -> bool:
    return is_active_user(actor) and actor.has_role(Role.ADMIN)


class _DryRun(Exception):
    pass


def territory_change_apply(*, actor: Actor | None, day: date, dry_run: bool = False) -> ChangeReport:
    """Apply the territorial change effective on `day` to the register (or report what it would
    do: `dry_run`). `actor=None` is the system (`manage.py apply_territory_change`)."""
    if actor is not None:
        require(may_apply(actor))
    successions = list(
        UnitSuccession.objects.filter(effective_date=day, predecessor__level=UnitLevel.COMMUNE).select_related(
            "predecessor", "successor"
        )
    )
    if not successions:
        raise ValidationError({"date": f"Không có sắp xếp đơn vị hành chính nào có hiệu lực ngày {day:%d/%m/%Y}."})
    if day.day != 1:
        raise ValidationError({"date": "Ngày hiệu lực của sắp xếp phải là ngày đầu tháng (tháng chi trả đầu tiên)."})
    report = ChangeReport(day=day, dry_run=dry_run)
    try:
        with transaction.atomic():
            _run(actor, day, successions, report)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return report


def _run(actor: Actor | None, day: date, successions: list[UnitSuccession], report: ChangeReport) -> None:
    locked = list(
        UnitSuccession.objects.select_for_update().filter(pk__in=[succession.pk for succession in successions])
    )
    targets: dict[int, set[int]] = {}
    units: dict[int, AdministrativeUnit] = {}
    for succession in successions:
        targets.setdefault(succession.predecessor_id, set()).add(succession.successor_id)
        units[succession.predecessor_id] = succession.predecessor
        units[succession.successor_id] = succession.successor
    for unit in units.values():
        report.names[unit.pk] = {"id": str(unit.pk), "code": unit.code, "name": unit.full_name}
    successor_of: dict[int, int] = {}
    for old, new in targets.items():
        if len(new) > 1:
            names = ", ".join(sorted(units[n].full_name for n in new))
            report.conflicts.append(
                f"{units[old].full_name} chia cho nhiều đơn vị ({names}): cần chuyển từng thôn, chưa chuyển tự động."
            )
        else:
            successor_of[old] = next(iter(new))
    change = Change(
        day=day,
        month=day.replace(day=1),
        successor_of=successor_of,
        units=units,
        actor=actor,
    )
    for pair in change.pairs():
        report.add(pair, "villages", 0)
    _move_villages(change, report)
    for _, handler in sorted(_HANDLERS.values(), key=lambda item: item[0]):
        handler(change, report)
    newly_applied = [succession.pk for succession in locked if succession.applied_at is None]
    UnitSuccession.objects.filter(pk__in=newly_applied).update(applied_at=change.now)
    report.successions_applied = len(newly_applied)
    if report.moved or newly_applied:
        record_event(
            actor=actor,
            action="territory.change_apply",
            after={
                "date": day.isoformat(),
                "totals": report.as_json()["totals"],
                "conflicts": len(report.conflicts),
                "successions_applied": len(newly_applied),
            },
        )


def _move_villages(change: Change, report: ChangeReport) -> None:
    """Each village of a predecessor becomes a village of the successor from the change's date
    (a new unit; the old one ends the day before, linked by a succession), so that the old months
    keep their old village. A name already used in the successor, or used by two predecessors,
    gets the old commune's name in brackets: "Đồng (Bảo Đài)"."""
    if not change.successor_of:
        return
    villages = list(
        AdministrativeUnit.objects.filter(level=UnitLevel.VILLAGE, parent_id__in=list(change.successor_of))
        .filter(valid_from__lt=change.day)
        .exclude(valid_to__lt=change.day)
        .order_by("parent_id", "name")
    )
    if not villages:
        return
    taken: dict[int, dict[str, int]] = {}
    for new in set(change.successor_of.values()):
        taken[new] = {}
        for name in (
            AdministrativeUnit.objects.filter(parent_id=new, level=UnitLevel.VILLAGE)
            .exclude(valid_to__lt=change.day)
            .values_list("name_folded", flat=True)
        ):
            taken[new][name] = 2  # already there: whoever comes gets renamed
    parent_of = {village.pk: int(village.parent_id or 0) for village in villages}
    for village in villages:
        names = taken[change.successor_of[parent_of[village.pk]]]
        names[village.name_folded] = names.get(village.name_folded, 0) + 1
    created: list[tuple[AdministrativeUnit, AdministrativeUnit]] = []
    for village in villages:
        old_commune = change.units[parent_of[village.pk]]
        new_commune_id = change.successor_of[parent_of[village.pk]]
        name = village.name
        if taken[new_commune_id][village.name_folded] > 1:
            name = f"{village.name} ({old_commune.name})"
            report.conflicts.append(
                f"Trùng tên thôn ở {change.units[new_commune_id].full_name}: "
                f"{village.full_name} của {old_commune.full_name} đổi tên thành “{name}”."
            )
        new_village = AdministrativeUnit(
            code=village.code,
            name=name,
            unit_type=village.unit_type,
            parent_id=new_commune_id,
            valid_from=change.day,
            legal_basis=village.legal_basis,
            note=f"Từ {village.full_name}, {old_commune.full_name} (sắp xếp ngày {change.day:%d/%m/%Y}).",
        )
        new_village.save()
        created.append((village, new_village))
        change.village_of[village.pk] = new_village.pk
        report.add((parent_of[village.pk], new_commune_id), "villages", 1)
    AdministrativeUnit.objects.filter(pk__in=[village.pk for village, _ in created]).update(
        valid_to=change.last_old_day
    )
    UnitSuccession.objects.bulk_create(
        [
            UnitSuccession(
                predecessor=old,
                successor=new,
                effective_date=change.day,
                legal_basis=old.legal_basis,
                note="Thôn chuyển theo sắp xếp đơn vị hành chính cấp xã.",
                applied_at=change.now,
            )
            for old, new in created
        ]
    )
    coverage_rebuild()
