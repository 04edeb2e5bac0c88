"""Who may read the forms 10a–10d and what lies behind their figures (TT 02/2021 Art 6; domain.md).

- The forms of a unit are read by the offices that report or receive them over that unit: the
  commune committee (its commune), the labour office and the district committee (the district and
  its communes), the finance office (money), and the provincial department (viewer role included:
  the province reads, it does not write). The system administrator reads everything.
- Behind a figure: the count by commune for every reader; the names of the people (or the payment
  lines) only for readers of the register (registry.policies.REGISTER_READERS), and for the HIV rows
  (5.3, 5.8) only for readers of restricted facts.
"""

from __future__ import annotations

from ansinh.core.access import Actor, OfficeKind, Role, is_active_user
from ansinh.registry.policies import person_policy
from ansinh.territory.selectors import unit_covers

FORM_READERS = {
    OfficeKind.COMMUNE,
    OfficeKind.LABOUR_OFFICE,
    OfficeKind.DISTRICT_COMMITTEE,
    OfficeKind.FINANCE_OFFICE,
    OfficeKind.PROVINCE,
}


class FormPolicy:
    def can_read_forms(self, actor: Actor) -> bool:
        return is_active_user(actor) and (actor.has_role(Role.ADMIN) or actor.office_kind in FORM_READERS)

    def covers(self, actor: Actor, unit_id: int) -> bool:
        if not self.can_read_forms(actor):
            return False
        if actor.has_role(Role.ADMIN):
            return True
        return actor.scope_unit_id is not None and unit_covers(actor.scope_unit_id, unit_id)

    def may_list_people(self, actor: Actor, *, hiv: bool) -> bool:
        """Names behind a figure: register readers; HIV rows only with the restricted right."""
        if not person_policy.can_read_register(actor):
            return False
        return not hiv or person_policy.can_read_restricted(actor)


form_policy = FormPolicy()
