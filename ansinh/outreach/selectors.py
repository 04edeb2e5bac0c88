"""Reads of the feedback: the office's list, the home-page panel and the monthly counts.

`feedback_month_counts(actor=..., month=...)` is the selector the monthly report reads (issue 20,
"counts per month go into the monthly report"): per commune in the actor's view, the items received in
the month by kind, the items answered and closed in the month, and those still open at its end."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.db.models import Count, Q, Sum

from ansinh.core.access import Actor, Role
from ansinh.core.months import YearMonth
from ansinh.outreach.models import Feedback, FeedbackKind, FeedbackStatus, Topic
from ansinh.outreach.policies import SUPERVISORS, campaign_policy, feedback_policy
from ansinh.territory.models import AdministrativeUnit, UnitLevel
from ansinh.territory.selectors import covered_unit_ids


def month_start(day_month: YearMonth) -> datetime:
    """The first instant of a month in the deployment's time zone."""
    return datetime.combine(day_month.first_day, time.min, tzinfo=ZoneInfo(settings.TIME_ZONE))


@dataclass
class FeedbackCounts:
    commune_id: int | None
    commune_name: str
    received: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)
    answered: int = 0
    closed: int = 0
    open_at_end: int = 0


def feedback_month_counts(*, actor: Actor, month: YearMonth) -> list[FeedbackCounts]:
    """One row per commune with any item (sorted by name) and a last row of totals (`commune_id` None).
    Counted in the database: received in the month by kind; answered and closed in the month; open at
    the month's end (received by then, not answered by then)."""
    start, end = month_start(month), month_start(month.add(1))
    received_in = Q(received_at__gte=start, received_at__lt=end)
    kinds = {kind: Count("pk", filter=received_in & Q(kind=kind)) for kind in FeedbackKind.values}
    rows = (
        feedback_policy.visible(actor)
        .filter(received_at__lt=end)
        .values("commune_id", "commune__name")
        .annotate(
            received=Count("pk", filter=received_in),
            answered=Count("pk", filter=Q(answered_at__gte=start, answered_at__lt=end)),
            closed=Count("pk", filter=Q(closed_at__gte=start, closed_at__lt=end)),
            open_at_end=Count("pk", filter=Q(answered_at__isnull=True) | Q(answered_at__gte=end)),
            **{f"kind_{kind}": count for kind, count in kinds.items()},
        )
        .order_by("commune__name")
    )
    result = []
    total = FeedbackCounts(None, "Tổng cộng", by_kind=dict.fromkeys(FeedbackKind.values, 0))
    for row in rows:
        counts = FeedbackCounts(
            row["commune_id"],
            row["commune__name"],
            received=row["received"],
            by_kind={kind: row[f"kind_{kind}"] for kind in FeedbackKind.values},
            answered=row["answered"],
            closed=row["closed"],
            open_at_end=row["open_at_end"],
        )
        if not (counts.received or counts.answered or counts.closed or counts.open_at_end):
            continue
        result.append(counts)
        for name in ("received", "answered", "closed", "open_at_end"):
            setattr(total, name, getattr(total, name) + getattr(counts, name))
        for kind, value in counts.by_kind.items():
            total.by_kind[kind] += value
    return [*result, total]


def to_answer(actor: Actor) -> models.QuerySet[Feedback]:
    """The open items this actor's office answers (its to-do)."""
    if actor.office_kind is None:
        return Feedback.objects.none()
    return feedback_policy.visible(actor).filter(status=FeedbackStatus.OPEN, office_kind=actor.office_kind)


def feedback_list(
    actor: Actor, *, status: str = "", kind: str = "", commune_id: int | None = None
) -> models.QuerySet[Feedback]:
    items = feedback_policy.visible(actor)
    if status in FeedbackStatus.values:
        items = items.filter(status=status)
    if kind in FeedbackKind.values:
        items = items.filter(kind=kind)
    if commune_id:
        items = items.filter(commune_id=commune_id)
    return items


@dataclass(frozen=True)
class FeedbackPanel:
    to_answer: int
    answered_to_close: int


def home_panel(actor: Actor) -> FeedbackPanel | None:
    """The home page's count of feedback waiting for this office (None: the office reads no feedback)."""
    if not feedback_policy.can_read(actor) or actor.office_kind is None:
        return None
    visible = feedback_policy.visible(actor)
    answered = visible.filter(status=FeedbackStatus.ANSWERED)
    if actor.office_kind not in SUPERVISORS:
        answered = answered.filter(office_kind=actor.office_kind)
    return FeedbackPanel(to_answer=to_answer(actor).count(), answered_to_close=answered.count())


def public_status(reference: str) -> Feedback | None:
    """What the sender may read with their reference: the status and the answer."""
    return Feedback.objects.filter(reference=reference.strip().upper()).first()


# --- coverage of the communication ------------------------------------------------------------------


@dataclass
class CoverageRow:
    commune_id: int
    name: str
    by_topic: dict[str, int]
    people: int

    @property
    def total(self) -> int:
        return sum(self.by_topic.values())


def coverage(actor: Actor, *, date_from: date, date_to: date) -> list[CoverageRow]:
    """Per commune of the actor's area in force at `date_to`, the times each topic was relayed, posted or
    met about between the dates (one grouped query), and the people reached by meetings. A commune with
    nothing logged shows zeros, so the gaps are visible."""
    if not campaign_policy.can_read_coverage(actor):
        return []
    communes = AdministrativeUnit.objects.filter(level=UnitLevel.COMMUNE).active_on(date_to)
    if not actor.has_role(Role.ADMIN):
        assert actor.scope_unit_id is not None
        communes = communes.filter(pk__in=covered_unit_ids(actor.scope_unit_id))
    rows = {
        commune.pk: CoverageRow(commune.pk, commune.name, dict.fromkeys(Topic.values, 0), 0)
        for commune in communes.order_by("name")
    }
    counts = (
        campaign_policy.visible_activities(actor)
        .filter(commune_id__in=list(rows), held_on__gte=date_from, held_on__lte=date_to)
        .values("commune_id", "topic")
        .annotate(times=Sum("times"), people=Sum("people"))
    )
    for count in counts:
        row = rows[count["commune_id"]]
        row.by_topic[count["topic"]] = int(count["times"] or 0)
        row.people += int(count["people"] or 0)
    return list(rows.values())
