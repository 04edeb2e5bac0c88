"""Who sees and does what with one-off, education and emergency supports (domain.md §2, §7).

- One-off supports (funeral, cremation): read by the offices that read payment lists (commune, labour office,
  district committee, finance office) over the communes they cover; a wrongly paid one is turned into a
  recovery by the labour office (officer or head), which keeps the payment lists.
- Education supports: the vocational centre lists its students and sees only them; the commune of each
  learner confirms or rejects its lines; the labour office head decides a batch; the labour office lists the
  instalments; the district committee and the finance office read.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from django.db import models
from django.utils import timezone

from ansinh.cases.models import OneOffSupport
from ansinh.core.access import Actor, OfficeKind, Role, flow_office, is_active_user, open_for
from ansinh.payments.policies import LIST_READERS as PAYMENT_LIST_READERS
from ansinh.supports.models import EmergencyRound, Enrolment, Instalment
from ansinh.territory.selectors import covered_unit_id_list, unit_covers

# The offices that read one-off supports: those that read the payment lists of the district (the province
# reads lists for oversight, issue 19 item 4, but not the one-off supports' records).
LIST_READERS = PAYMENT_LIST_READERS - {OfficeKind.PROVINCE}


class OneOffAction(StrEnum):
    VIEW = "view"
    RECOVER = "recover"


def _scoped(actor: Actor, queryset: models.QuerySet, field: str = "commune_id") -> models.QuerySet:
    if actor.scope_unit_id is None:
        return queryset.none()
    return queryset.filter(**{f"{field}__in": covered_unit_id_list(actor.scope_unit_id)})


class OneOffPolicy:
    def visible(self, actor: Actor) -> models.QuerySet[OneOffSupport]:
        supports = OneOffSupport.objects.all()
        if not is_active_user(actor):
            return supports.none()
        if actor.has_role(Role.ADMIN):
            return supports
        if actor.office_kind in LIST_READERS:
            return _scoped(actor, supports)
        return supports.none()

    def can_read(self, actor: Actor) -> bool:
        return is_active_user(actor) and (actor.has_role(Role.ADMIN) or actor.office_kind in LIST_READERS)

    def can(self, actor: Actor, action: OneOffAction, support: OneOffSupport | None = None) -> bool:
        if action == OneOffAction.VIEW:
            return self.can_read(actor) and (support is None or self.visible(actor).filter(pk=support.pk).exists())
        if action == OneOffAction.RECOVER:
            allowed = (
                is_active_user(actor)
                and actor.office_kind == OfficeKind.LABOUR_OFFICE
                and actor.has_role(Role.OFFICER, Role.HEAD)
                and open_for(actor)  # core.access
            )
            if not allowed or support is None:
                return allowed
            return actor.scope_unit_id is not None and unit_covers(actor.scope_unit_id, support.commune_id)
        return False


one_off_policy = OneOffPolicy()


# --- Education supports -------------------------------------------------------------------------------------

EDUCATION_READERS = {
    OfficeKind.COMMUNE,
    OfficeKind.LABOUR_OFFICE,
    OfficeKind.DISTRICT_COMMITTEE,
    OfficeKind.FINANCE_OFFICE,
}


class EducationAction(StrEnum):
    LIST = "list"  # put a student on the list (the vocational centre: its own; the labour office: anyone)
    ANSWER = "answer"  # the commune confirms or rejects a listed line
    DECIDE = "decide"  # the office in charge decides a batch (its head or chair)
    PAY_LIST = "pay_list"  # the office in charge lists and pays an instalment
    LEAVE = "leave"  # record that the learner left school


def education_office(day: date | None = None) -> OfficeKind:
    """The office that lists, decides and pays education supports on `day` (today when None): the district
    labour office (its head signs) while the district flow is in force, the commune (its chair signs, for the
    learners of the commune) once the commune flow is (NĐ 147/2025 Art 5; the dated parameter
    `authority.commune_decides`, read by core.access.commune_flow_since). A project reading: the shared
    docs name no decider of these supports after the reform (docs/architecture.md)."""
    return flow_office(day or timezone.localdate())


def office_id_of(actor: Actor) -> int | None:
    return getattr(actor, "office_id", None)


class EducationPolicy:
    """The vocational centre sees only the students it listed itself; a commune the learners living in the
    communes it covers; the labour office, the district committee and the finance office their district."""

    def visible(self, actor: Actor) -> models.QuerySet[Enrolment]:
        enrolments = Enrolment.objects.all()
        if not is_active_user(actor):
            return enrolments.none()
        if actor.has_role(Role.ADMIN):
            return enrolments
        if actor.office_kind == OfficeKind.VOCATIONAL_CENTRE:
            office = office_id_of(actor)
            return enrolments.filter(listed_by_office_id=office) if office else enrolments.none()
        if actor.office_kind in EDUCATION_READERS:
            return _scoped(actor, enrolments)
        return enrolments.none()

    def visible_instalments(self, actor: Actor) -> models.QuerySet[Instalment]:
        return Instalment.objects.filter(enrolment__in=self.visible(actor))

    def can_read(self, actor: Actor) -> bool:
        return is_active_user(actor) and (
            actor.has_role(Role.ADMIN)
            or actor.office_kind in EDUCATION_READERS
            or actor.office_kind == OfficeKind.VOCATIONAL_CENTRE
        )

    def _officer(self, actor: Actor, *kinds: OfficeKind) -> bool:
        return is_active_user(actor) and actor.office_kind in kinds and actor.has_role(Role.OFFICER, Role.HEAD)

    def can(self, actor: Actor, action: EducationAction, enrolment: Enrolment | None = None) -> bool:
        if not open_for(actor):
            return False  # the labour office is a read-only archive once the commune flow is in force
        in_charge = education_office()
        if action == EducationAction.LIST:
            return self._officer(actor, OfficeKind.VOCATIONAL_CENTRE, OfficeKind.LABOUR_OFFICE)  # (archive: above)
        if action == EducationAction.ANSWER:
            allowed = self._officer(actor, OfficeKind.COMMUNE)
        elif action == EducationAction.DECIDE:
            signer = Role.HEAD if in_charge == OfficeKind.LABOUR_OFFICE else Role.CHAIR
            allowed = is_active_user(actor) and actor.office_kind == in_charge and actor.has_role(signer)
        elif action == EducationAction.PAY_LIST:
            allowed = self._officer(actor, in_charge)
        elif action == EducationAction.LEAVE:
            allowed = self._officer(actor, OfficeKind.VOCATIONAL_CENTRE, OfficeKind.COMMUNE, OfficeKind.LABOUR_OFFICE)
        else:
            return False
        if not allowed or enrolment is None:
            return allowed
        return self.visible(actor).filter(pk=enrolment.pk).exists()


education_policy = EducationPolicy()


# --- Emergency rounds ---------------------------------------------------------------------------------------


class RoundAction(StrEnum):
    OPEN = "open"  # open a round, add village lines, submit to the chair: the commune officer
    DECIDE = "decide"  # the commune chair (NĐ 20/2021 Art 12)


class RoundPolicy:
    """A commune's rounds are its own (its officer prepares, its chair decides); the labour office, the district
    committee and the finance office read those of their district."""

    def visible(self, actor: Actor) -> models.QuerySet[EmergencyRound]:
        rounds = EmergencyRound.objects.all()
        if not is_active_user(actor):
            return rounds.none()
        if actor.has_role(Role.ADMIN):
            return rounds
        if actor.office_kind in EDUCATION_READERS:
            return _scoped(actor, rounds)
        return rounds.none()

    def can_read(self, actor: Actor) -> bool:
        return is_active_user(actor) and (actor.has_role(Role.ADMIN) or actor.office_kind in EDUCATION_READERS)

    def can(self, actor: Actor, action: RoundAction, round_: EmergencyRound | None = None) -> bool:
        if not is_active_user(actor) or actor.office_kind != OfficeKind.COMMUNE:
            return False
        role = Role.CHAIR if action == RoundAction.DECIDE else Role.OFFICER
        if not actor.has_role(role):
            return False
        if round_ is None:
            return True
        return actor.scope_unit_id is not None and unit_covers(actor.scope_unit_id, round_.commune_id)


round_policy = RoundPolicy()
