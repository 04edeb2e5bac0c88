"""Who may see and change administrative units (design.md §3)."""

from __future__ import annotations

from enum import StrEnum

from ansinh.core.access import Actor, OfficeKind, Role, is_active_user, open_for
from ansinh.territory.models import AdministrativeUnit, AdministrativeUnitQuerySet, UnitLevel
from ansinh.territory.selectors import covered_unit_ids, unit_covers

# Offices that keep the list of villages: the commune itself, and the district labour office
# that keeps the district register (domain.md §2).
VILLAGE_KEEPERS = {OfficeKind.COMMUNE, OfficeKind.LABOUR_OFFICE}


class UnitAction(StrEnum):
    VIEW = "view"
    ADD_VILLAGE = "add_village"
    CHANGE_VILLAGE = "change_village"


class AdministrativeUnitPolicy:
    def visible(self, actor: Actor) -> AdministrativeUnitQuerySet:
        units = AdministrativeUnit.objects.all()
        if not is_active_user(actor):
            return units.none()
        if actor.has_role(Role.ADMIN):
            return units
        if actor.scope_unit_id is None:
            return units.none()
        return units.filter(id__in=covered_unit_ids(actor.scope_unit_id))

    def visible_communes(self, actor: Actor) -> AdministrativeUnitQuerySet:
        """The communes the actor covers, newest units first, for choosing one in a form."""
        return self.visible(actor).filter(level=UnitLevel.COMMUNE).order_by("-valid_from", "name")

    def can(self, actor: Actor, action: UnitAction, unit: AdministrativeUnit) -> bool:
        if not is_active_user(actor):
            return False
        if action == UnitAction.VIEW:
            return self.visible(actor).filter(pk=unit.pk).exists()
        commune = unit if action == UnitAction.ADD_VILLAGE else unit.parent
        expected_level = UnitLevel.COMMUNE if action == UnitAction.ADD_VILLAGE else UnitLevel.VILLAGE
        if unit.level != expected_level or commune is None:
            return False
        if actor.has_role(Role.ADMIN):
            return True
        return (
            actor.office_kind in VILLAGE_KEEPERS
            and actor.has_role(Role.OFFICER, Role.HEAD)
            and actor.scope_unit_id is not None
            and unit_covers(actor.scope_unit_id, commune.pk)
            and open_for(actor)  # the district archive (core.access)
        )


unit_policy = AdministrativeUnitPolicy()
