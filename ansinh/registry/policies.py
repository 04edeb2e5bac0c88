"""Who may see and change the register (design.md §3).

The register is read by the commune (its officer, chair and disability council), the district
labour office and the district committee, each over its own area; the post office, social
insurance, finance, culture and vocational centres and the province see no one here (they get
their own lists in later modules). HIV facts are restricted further (RESTRICTED_FACT_READERS),
and so is what tells them: categories 5.3 and 5.8 (NĐ 20/2021/NĐ-CP Điều 5 khoản 3, 8), shown to
other readers as "Bảo mật" on every screen (`category_shown`, `text_shown`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from enum import StrEnum

from django.db import models
from django.utils.translation import gettext

from ansinh.audit.models import AuditEvent
from ansinh.audit.selectors import events_for_object
from ansinh.core.access import Actor, OfficeKind, Role, is_active_user, open_for
from ansinh.registry.models import FactKind, Person, PersonFact
from ansinh.rules.calculator import HIV_CATEGORIES, MASKED_CATEGORY, category_for_outsiders
from ansinh.rules.selectors import category_codes
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
# NĐ 20/2021 Điều 5 khoản 3, 8: the codes 5.3 and 5.8 (not 15.3, 5.30 or the 5.3 in 1.665.300 đ),
# their names and the clauses of their coefficients (Điều 6 khoản 1 điểm c, h) all tell HIV.
HIV_CODE = re.compile(r"(?<![\d.,])5\.[38](?!\d)")
HIV_WORDING = re.compile(
    r"\bHIV|\bAIDS\b|Điều\s*5,?\s*khoản\s*[38]\b|khoản\s*[38],?\s*Điều\s*5\b|Điều\s*6,?\s*khoản\s*1,?\s*điểm\s*[ch]\b",
    re.IGNORECASE,
)


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

    def category_shown(self, actor: Actor, code: str) -> str:
        """The category code as `actor` may see it: 5.3 and 5.8 tell HIV (Điều 5 khoản 3, 8), so
        readers without the right to restricted facts see "Bảo mật", as the post office does."""
        return code if self.can_read_restricted(actor) else category_for_outsiders(code)

    def text_shown(self, actor: Actor, text: str) -> str:
        """A sentence (an explanation, a label, a reason) as `actor` may see it: the HIV category
        codes masked, and the whole sentence replaced when it names HIV or the clauses of 5.3/5.8."""
        if not text or self.can_read_restricted(actor):
            return text
        if HIV_WORDING.search(text):
            return gettext("Thông tin bảo mật")
        return HIV_CODE.sub(MASKED_CATEGORY, text)

    def sentences_shown(self, actor: Actor, sentences: Iterable[str]) -> list[str]:
        """`text_shown` for each sentence of an explanation, a run of masked sentences told once."""
        shown: list[str] = []
        for sentence in sentences:
            text = self.text_shown(actor, sentence)
            if not shown or text != shown[-1]:
                shown.append(text)
        return shown

    def may_filter_category(self, actor: Actor, code: str) -> bool:
        """Filtering people by 5.3 or 5.8 would name who lives with HIV."""
        return self.can_read_restricted(actor) or code.strip().replace(",", ".").lower() not in HIV_CATEGORIES

    def filterable_categories(self, actor: Actor) -> list[str]:
        """The codes suggested in the register's category filter (5.3 and 5.8 only to those who may)."""
        return sorted((code for code in category_codes() if self.may_filter_category(actor, code)), key=_natural)

    def visible_history(self, actor: Actor, person: Person) -> models.QuerySet[AuditEvent]:
        """The person's change history; that an HIV fact was recorded is itself restricted."""
        events = events_for_object(person)
        if self.can_read_restricted(actor):
            return events
        return events.exclude(action="registry.fact_add", after__kind=FactKind.HIV)

    def can_record_areas(self, actor: Actor) -> bool:
        """Extremely difficult areas are set by national lists; the labour office records them."""
        if not is_active_user(actor):
            return False
        return actor.has_role(Role.ADMIN) or (
            actor.office_kind == OfficeKind.LABOUR_OFFICE
            and actor.has_role(Role.OFFICER, Role.HEAD)
            and open_for(actor)  # the district archive (core.access)
        )

    def can_keep_area_data(self, actor: Actor, unit: AdministrativeUnit) -> bool:
        return self.can_record_areas(actor) and (
            actor.has_role(Role.ADMIN) or unit_covers(actor.scope_unit_id or 0, unit.pk)
        )

    def can_change_listed(self, actor: Actor) -> bool:
        """Whether `actor` may change each person of a list drawn from `visible(actor)` (the search
        results offer "Lập hồ sơ" and "Báo tử" per row): `can(CHANGE)` without its per-row query."""
        return self._is_keeper(actor)

    def _is_keeper(self, actor: Actor) -> bool:
        """A keeper of the register; a district office not once the commune flow is in force (core.access:
        the register is today's, so its archive is read only)."""
        if not is_active_user(actor):
            return False
        if actor.has_role(Role.ADMIN):
            return True
        return actor.office_kind in REGISTER_KEEPERS and actor.has_role(Role.OFFICER, Role.HEAD) and open_for(actor)


def _natural(code: str) -> tuple[tuple[int, str], ...]:
    """ "5.5a" before "5.6" before "20.1": numbers compared as numbers."""
    return tuple((int(part), "") if part.isdigit() else (-1, part) for part in re.findall(r"\d+|\D+", code))


person_policy = PersonPolicy()
