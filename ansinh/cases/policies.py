"""Who may see and act on dossiers, postings and decisions (design.md §3).

Dossiers and decisions are read by the commune (its own), the district labour office and the
district committee (their district) and the province (read only, its province). The post office,
finance, social insurance, culture and vocational centres see none here: they get their own lists
(payments). Steps of a workflow are checked against the flow's data in `may_make`.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Any

from django.db import models
from django.utils import timezone

from ansinh.accounts.models import DecisionFlow
from ansinh.cases.models import Decision, DecisionLine, Dossier, Posting, Proposal
from ansinh.cases.workflow import Transition, flow_named, transition_named
from ansinh.core.access import Actor, OfficeKind, Role, is_active_user, open_for
from ansinh.rules.selectors import decision_flow_on
from ansinh.territory.models import AdministrativeUnit
from ansinh.territory.selectors import covered_unit_id_list, unit_covers

CASE_READERS = frozenset(
    {OfficeKind.COMMUNE, OfficeKind.LABOUR_OFFICE, OfficeKind.DISTRICT_COMMITTEE, OfficeKind.PROVINCE}
)
CASE_KEEPERS = frozenset({OfficeKind.COMMUNE, OfficeKind.LABOUR_OFFICE})
WORKERS = (Role.OFFICER, Role.HEAD)


def decision_flow_for(commune: AdministrativeUnit | None, day: date | None = None) -> str:
    """The flow a dossier of `commune` opened on `day` (today) follows. A commune that ended before
    `day` and whose records were not yet moved to its successor (territory.changes) is handled as on
    its last day: its district still existed then. Moving the register re-points its open dossiers."""
    day = day or timezone.localdate()
    if commune is not None and commune.valid_to is not None and commune.valid_to < day:
        day = commune.valid_to
    return decision_flow_on(day)


def deciding_office_kind(commune: AdministrativeUnit | None = None) -> OfficeKind:
    return OfficeKind.COMMUNE if decision_flow_for(commune) == DecisionFlow.COMMUNE else OfficeKind.DISTRICT_COMMITTEE


def deciding_office_kinds(decision: Decision) -> frozenset[OfficeKind]:
    """Who signs a draft: the "decide" step of its dossiers' flows (a dossier keeps the flow it
    was opened under, until a territorial change passes it to the commune flow), else the flow in
    force today for the decision's commune."""
    kinds: set[OfficeKind] = set()
    for flow in set(decision.dossiers.values_list("flow", flat=True)):
        decide = transition_named(flow_named(flow), "decide")
        if decide is not None:
            kinds |= decide.office_kinds
    return frozenset(kinds) if kinds else frozenset({deciding_office_kind(decision.commune)})


def archived_for(actor: Actor, commune_id: int | None) -> bool:
    """A read-only archive makes no step and signs nothing today: a district office once the commune flow
    is in force (`core.access.open_for`: NĐ 147/2025 Art 5, dated data), and an office whose unit has
    ended (territory changes) for a commune in force today. What an ended commune office still holds
    under the old units (before the change is applied) stays in its hands."""
    if not open_for(actor):
        return True
    if actor.scope_unit_id is None or commune_id is None:
        return False
    today = timezone.localdate()
    return (
        AdministrativeUnit.objects.filter(pk=actor.scope_unit_id, valid_to__lt=today).exists()
        and AdministrativeUnit.objects.active_on(today).filter(pk=commune_id).exists()
    )


def _reads_cases(actor: Actor) -> bool:
    return is_active_user(actor) and (actor.has_role(Role.ADMIN) or actor.office_kind in CASE_READERS)


def _covered(actor: Actor) -> list[int] | models.QuerySet[Any, int]:
    return covered_unit_id_list(actor.scope_unit_id or 0)


def _covers(actor: Actor, unit_id: int) -> bool:
    return actor.scope_unit_id is not None and unit_covers(actor.scope_unit_id, unit_id)


class DossierAction(StrEnum):
    VIEW = "view"
    CHANGE = "change"  # declaration, attachments, complaints


class DossierPolicy:
    def can_read(self, actor: Actor) -> bool:
        return _reads_cases(actor)

    def visible(self, actor: Actor) -> models.QuerySet[Dossier]:
        dossiers = Dossier.objects.all()
        if not self.can_read(actor):
            return dossiers.none()
        if actor.has_role(Role.ADMIN):
            return dossiers
        if actor.scope_unit_id is None:
            return dossiers.none()
        return dossiers.filter(commune_id__in=_covered(actor))

    def can(self, actor: Actor, action: DossierAction, dossier: Dossier) -> bool:
        if not self.visible(actor).filter(pk=dossier.pk).exists():
            return False
        if action == DossierAction.VIEW:
            return True
        return actor.office_kind in CASE_KEEPERS and actor.has_role(*WORKERS) and open_for(actor)

    def can_open_in(self, actor: Actor, commune_id: int) -> bool:
        return (
            is_active_user(actor)
            and actor.office_kind in CASE_KEEPERS
            and actor.has_role(*WORKERS)
            and _covers(actor, commune_id)
            and open_for(actor)
        )

    def can_post(self, actor: Actor) -> bool:
        """Public posting is the commune's (NĐ 20/2021 Art 8(1)(b))."""
        return is_active_user(actor) and actor.office_kind == OfficeKind.COMMUNE and actor.has_role(*WORKERS)

    def may_make(self, actor: Actor, dossier: Dossier, transition: Transition) -> bool:
        """Office, role and territory; the maker-checker rule is checked in the action."""
        if not is_active_user(actor) or actor.has_role(Role.ADMIN):
            return False  # administrators manage the system, they do not decide cases
        return (
            actor.office_kind in transition.office_kinds
            and actor.has_role(*transition.roles)
            and _covers(actor, dossier.commune_id)
            and not archived_for(actor, dossier.commune_id)
        )


class PostingPolicy:
    def can_read(self, actor: Actor) -> bool:
        return _reads_cases(actor)

    def visible(self, actor: Actor) -> models.QuerySet[Posting]:
        postings = Posting.objects.all()
        if not self.can_read(actor):
            return postings.none()
        if actor.has_role(Role.ADMIN):
            return postings
        if actor.scope_unit_id is None:
            return postings.none()
        return postings.filter(commune_id__in=_covered(actor))

    def can_create_in(self, actor: Actor, commune_id: int) -> bool:
        return dossier_policy.can_post(actor) and _covers(actor, commune_id)

    def can_close(self, actor: Actor, posting: Posting) -> bool:
        return self.can_create_in(actor, posting.commune_id)

    def can_record_complaint(self, actor: Actor, dossier: Dossier) -> bool:
        return self.can_create_in(actor, dossier.commune_id)


class DecisionAction(StrEnum):
    VIEW = "view"
    SIGN = "sign"
    ATTACH_SCAN = "attach_scan"


class DecisionPolicy:
    def can_read(self, actor: Actor) -> bool:
        return _reads_cases(actor)

    def visible(self, actor: Actor) -> models.QuerySet[Decision]:
        decisions = Decision.objects.all()
        if not self.can_read(actor):
            return decisions.none()
        if actor.has_role(Role.ADMIN):
            return decisions
        if actor.scope_unit_id is None:
            return decisions.none()
        covered = _covered(actor)
        in_lines = DecisionLine.objects.filter(commune_id__in=covered).values("decision_id")
        return decisions.filter(models.Q(commune_id__in=covered) | models.Q(pk__in=in_lines))

    def can(self, actor: Actor, action: DecisionAction, decision: Decision) -> bool:
        if not self.visible(actor).filter(pk=decision.pk).exists():
            return False
        if action == DecisionAction.VIEW:
            return True
        if actor.has_role(Role.ADMIN):
            return False
        if action == DecisionAction.SIGN:
            # The status is checked by the action under a row lock (a second click changes nothing).
            return (
                actor.office_kind in deciding_office_kinds(decision)
                and actor.has_role(Role.CHAIR)
                and _covers(actor, decision.commune_id)
                and not archived_for(actor, decision.commune_id)
            )
        # The signed scan is filed by the deciding office or the appraising labour office: a district
        # office may still file the scan of a decision signed before the change (its archive).
        return (
            actor.office_kind in deciding_office_kinds(decision) | {OfficeKind.LABOUR_OFFICE}
            and actor.has_role(Role.OFFICER, Role.HEAD, Role.CHAIR)
            and open_for(actor, decision.issued_on)
        )


class ProposalPolicy:
    """Proposals (tờ trình) are read by whoever reads the commune's dossiers; the commune chair signs
    them (the "propose" step of the workflows, checked again per dossier by the action)."""

    def visible(self, actor: Actor) -> models.QuerySet[Proposal]:
        proposals = Proposal.objects.all()
        if not _reads_cases(actor):
            return proposals.none()
        if actor.has_role(Role.ADMIN):
            return proposals
        if actor.scope_unit_id is None:
            return proposals.none()
        return proposals.filter(commune_id__in=_covered(actor))

    def can_sign(self, actor: Actor) -> bool:
        return (
            is_active_user(actor)
            and not actor.has_role(Role.ADMIN)
            and actor.office_kind == OfficeKind.COMMUNE
            and actor.has_role(Role.CHAIR)
        )


class ReviewPolicy:
    """The periodic review (rà soát định kỳ) is read by whoever reads the commune's dossiers and entitlements,
    over the communes they cover; HIV categories are masked by `registry.policies.person_policy`."""

    def can_read(self, actor: Actor) -> bool:
        return _reads_cases(actor) and (actor.has_role(Role.ADMIN) or actor.scope_unit_id is not None)

    def can_correct(self, actor: Actor) -> bool:
        """Opening the adjust/stop dossiers of review lines: the officers who open dossiers (each line is
        checked against `dossier_policy.can_open_in` and the person's policy)."""
        return (
            self.can_read(actor)
            and actor.scope_unit_id is not None
            and actor.office_kind in CASE_KEEPERS
            and actor.has_role(*WORKERS)
            and open_for(actor)
        )

    def communes(self, actor: Actor) -> list[int] | None:
        """The units whose entitlements the actor reviews (None: every unit, for an administrator)."""
        if actor.has_role(Role.ADMIN):
            return None
        return list(_covered(actor)) if self.can_read(actor) else []


dossier_policy = DossierPolicy()
review_policy = ReviewPolicy()
proposal_policy = ProposalPolicy()
posting_policy = PostingPolicy()
decision_policy = DecisionPolicy()
