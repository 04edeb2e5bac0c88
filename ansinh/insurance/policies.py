"""Who may see and do what with the BHYT lists and cards (domain.md §2, §9; journeys.md).

- The commune officer (or head) prepares and sends the commune's list, and deals with the lines
  the social-insurance office returns; the commune chair reads.
- The labour office reads every list of the district (it receives the signed PDF).
- The social-insurance office (BHXH) sees only the lists sent to it and their lines (who, card,
  dates, reason, BHYT group): never the register's other facts, never the allowance category.
  It receives and processes lists, records card numbers and returns lines with a reason.
- The finance office reads the premium totals (settlement); so do the labour office and BHXH.
"""

from __future__ import annotations

from django.db import models

from ansinh.core.access import Actor, OfficeKind, Role, is_active_user
from ansinh.insurance.models import SENT_STATUSES, BhytLine, BhytList, HealthCard
from ansinh.registry.models import Person
from ansinh.territory.selectors import covered_unit_id_list, unit_covers

LIST_READERS = {OfficeKind.COMMUNE, OfficeKind.LABOUR_OFFICE}
PREMIUM_READERS = {OfficeKind.LABOUR_OFFICE, OfficeKind.FINANCE_OFFICE, OfficeKind.SOCIAL_INSURANCE}
CARD_READERS = {OfficeKind.COMMUNE, OfficeKind.LABOUR_OFFICE, OfficeKind.DISTRICT_COMMITTEE}


def _is(actor: Actor, office: OfficeKind, *roles: Role) -> bool:
    return is_active_user(actor) and actor.office_kind == office and actor.has_role(*roles)


class InsurancePolicy:
    def covers(self, actor: Actor, commune_id: int) -> bool:
        return actor.scope_unit_id is not None and unit_covers(actor.scope_unit_id, commune_id)

    def is_bhxh(self, actor: Actor) -> bool:
        return _is(actor, OfficeKind.SOCIAL_INSURANCE, Role.OFFICER, Role.HEAD)

    def visible(self, actor: Actor) -> models.QuerySet[BhytList]:
        lists = BhytList.objects.all()
        if not is_active_user(actor):
            return lists.none()
        if actor.has_role(Role.ADMIN):
            return lists
        if actor.scope_unit_id is None:
            return lists.none()
        scoped = lists.filter(commune_id__in=covered_unit_id_list(actor.scope_unit_id))
        if actor.office_kind == OfficeKind.SOCIAL_INSURANCE:
            return scoped.filter(status__in=SENT_STATUSES)
        if actor.office_kind in LIST_READERS:
            return scoped
        return lists.none()

    def visible_lines(self, actor: Actor) -> models.QuerySet[BhytLine]:
        return BhytLine.objects.filter(bhyt_list__in=self.visible(actor))

    def can_read_lists(self, actor: Actor) -> bool:
        return is_active_user(actor) and (
            actor.has_role(Role.ADMIN)
            or actor.office_kind in LIST_READERS
            or actor.office_kind == OfficeKind.SOCIAL_INSURANCE
        )

    def can_prepare(self, actor: Actor, commune_id: int) -> bool:
        return _is(actor, OfficeKind.COMMUNE, Role.OFFICER, Role.HEAD) and self.covers(actor, commune_id)

    def can_send(self, actor: Actor, bhyt_list: BhytList) -> bool:
        return self.can_prepare(actor, bhyt_list.commune_id)

    def can_handle_returned(self, actor: Actor, line: BhytLine) -> bool:
        return self.can_prepare(actor, line.bhyt_list.commune_id)

    def can_process(self, actor: Actor, bhyt_list: BhytList) -> bool:
        """Receive, process, record cards, return lines: the BHXH office of the district."""
        return self.is_bhxh(actor) and self.visible(actor).filter(pk=bhyt_list.pk).exists()

    def can_read_premiums(self, actor: Actor) -> bool:
        return is_active_user(actor) and (actor.has_role(Role.ADMIN) or actor.office_kind in PREMIUM_READERS)

    def can_read_card(self, actor: Actor, person: Person) -> bool:
        """The card on the person page: the offices that read the commune's register."""
        if not is_active_user(actor):
            return False
        return actor.has_role(Role.ADMIN) or (
            actor.office_kind in CARD_READERS and self.covers(actor, person.commune_id)
        )

    def visible_cards(self, actor: Actor) -> models.QuerySet[HealthCard]:
        cards = HealthCard.objects.all()
        if not is_active_user(actor):
            return cards.none()
        if actor.has_role(Role.ADMIN):
            return cards
        if actor.scope_unit_id is None or actor.office_kind not in CARD_READERS | {OfficeKind.SOCIAL_INSURANCE}:
            return cards.none()
        return cards.filter(commune_id__in=covered_unit_id_list(actor.scope_unit_id))


insurance_policy = InsurancePolicy()
