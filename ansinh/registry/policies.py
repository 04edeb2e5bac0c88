"""Who may see and change the register (design.md §3).

The register is read by the commune (its officer, chair and disability council), the district
labour office and the district committee, each over its own area; the post office, social
insurance, finance, culture and vocational centres and the province see no one here (they get
their own lists in later modules). HIV facts are restricted further (RESTRICTED_FACT_READERS).
"""

from __future__ import annotations

from enum import StrEnum

from django.db import models

from ansinh.core.access import Actor, OfficeKind, Role, is_active_user
from ansinh.registry.models import FactKind, Person, PersonFact
from ansinh.territory.models import AdministrativeUnit
from ansinh.territory.selectors import covered_unit_id_list, unit_covers

REGISTER_READERS = {
    OfficeKind.COMMUNE,
    OfficeKind.DISABILITY_COUNCIL,
    OfficeKind.LABOUR_OFFICE,
    OfficeKind.DISTRICT_COMMITTEE,
}
REGISTER_KEEPERS = {OfficeKind.COMMUNE, OfficeKind.LABOUR_OFFICE}
# HIV status: only the social-affairs officers who handle categories 5.3 and 5.8.
RESTRICTED_FACT_READERS = {OfficeKind.COMMUNE, OfficeKind.LABOUR_OFFICE}


class PersonAction(StrEnum):
    VIEW = "view"
    CHANGE = "change"


class PersonPolicy:
    def visible(self, actor: Actor) -> models.QuerySet[Person]:
        people = Person.objects.filter(merged_into__isnull=True)
        if not is_active_user(actor):
            return people.none()
        if actor.has_role(Role.ADMIN):
            return people
        if actor.office_kind not in REGISTER_READERS or actor.scope_unit_id is None:
            return people.none()
        return people.filter(commune_id__in=covered_unit_id_list(actor.scope_unit_id))

    def can_read_register(self, actor: Actor) -> bool:
        return is_active_user(actor) and (actor.has_role(Role.ADMIN) or actor.office_kind in REGISTER_READERS)

    def can_create(self, actor: Actor) -> bool:
        return self._is_keeper(actor)

    def can_create_in(self, actor: Actor, commune_id: int) -> bool:
        return self._is_keeper(actor) and (
            actor.has_role(Role.ADMIN) or unit_covers(actor.scope_unit_id or 0, commune_id)
        )

    def can(self, actor: Actor, action: PersonAction, person: Person) -> bool:
        if not self.visible(actor).filter(pk=person.pk).exists():
            return False
        return action == PersonAction.VIEW or self._is_keeper(actor)

    def can_export(self, actor: Actor) -> bool:
        return is_active_user(actor) and (
            actor.has_role(Role.ADMIN)
            or (actor.office_kind in REGISTER_READERS and actor.has_role(Role.OFFICER, Role.HEAD, Role.CHAIR))
        )

    def visible_facts(self, actor: Actor, person: Person) -> models.QuerySet[PersonFact]:
        facts = person.facts.all()
        if self.can_read_restricted(actor):
            return facts
        return facts.exclude(kind=FactKind.HIV)

    def can_read_restricted(self, actor: Actor) -> bool:
        return (
            is_active_user(actor)
            and actor.office_kind in RESTRICTED_FACT_READERS
            and actor.has_role(Role.OFFICER, Role.HEAD)
        )

    def can_record_areas(self, actor: Actor) -> bool:
        """Extremely difficult areas are set by national lists; the labour office records them."""
        if not is_active_user(actor):
            return False
        return actor.has_role(Role.ADMIN) or (
            actor.office_kind == OfficeKind.LABOUR_OFFICE and actor.has_role(Role.OFFICER, Role.HEAD)
        )

    def can_keep_area_data(self, actor: Actor, unit: AdministrativeUnit) -> bool:
        return self.can_record_areas(actor) and (
            actor.has_role(Role.ADMIN) or unit_covers(actor.scope_unit_id or 0, unit.pk)
        )

    def _is_keeper(self, actor: Actor) -> bool:
        if not is_active_user(actor):
            return False
        if actor.has_role(Role.ADMIN):
            return True
        return actor.office_kind in REGISTER_KEEPERS and actor.has_role(Role.OFFICER, Role.HEAD)


person_policy = PersonPolicy()
