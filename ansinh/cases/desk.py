"""What waits for a user (journeys.md: "each office's home page is its to-do list"): the dossiers
whose next step is theirs, overdue first; the draft decisions they may sign; the complaints to
answer. Read-only; composed from the policies and selectors."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ansinh.cases.models import Complaint, DecisionStatus
from ansinh.cases.policies import DecisionAction, decision_policy, dossier_policy, posting_policy, proposal_policy
from ansinh.cases.selectors import (
    DraftSummary,
    TodoItem,
    dossiers_ready_to_post,
    dossiers_to_propose,
    draft_summary,
    drafts_with_dossiers,
    todo_for,
)
from ansinh.core.access import Actor


@dataclass
class Desk:
    items: list[TodoItem] = field(default_factory=list)
    to_sign: list[DraftSummary] = field(default_factory=list)  # with people, amount and warnings
    complaints: list[Complaint] = field(default_factory=list)
    ready_to_post: int = 0
    ready_to_propose: int = 0

    @property
    def overdue(self) -> int:
        return sum(1 for item in self.items if item.overdue)

    @property
    def is_empty(self) -> bool:
        return not (self.items or self.to_sign or self.complaints)


def desk_for(*, actor: Actor, today: date, limit: int = 50) -> Desk | None:
    """None for users who do not work on dossiers."""
    if not dossier_policy.can_read(actor):
        return None
    drafts = drafts_with_dossiers(
        decision_policy.visible(actor).filter(status=DecisionStatus.DRAFT).select_related("commune")
    )
    to_sign = [
        draft_summary(decision)
        for decision in drafts[:limit]
        if decision_policy.can(actor, DecisionAction.SIGN, decision)
    ]
    complaints: list[Complaint] = []
    if dossier_policy.can_post(actor):
        complaints = list(
            Complaint.objects.filter(dossier__in=dossier_policy.visible(actor), resolved_on__isnull=True)
            .select_related("dossier__person")
            .order_by("due_on")[:limit]
        )
    return Desk(
        items=todo_for(actor=actor, today=today, limit=limit),
        to_sign=to_sign,
        complaints=[c for c in complaints if posting_policy.can_record_complaint(actor, c.dossier)],
        ready_to_post=dossiers_ready_to_post(actor=actor).count(),
        ready_to_propose=dossiers_to_propose(actor=actor).count() if proposal_policy.can_sign(actor) else 0,
    )
