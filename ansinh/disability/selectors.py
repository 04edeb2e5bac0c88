"""Reads of disability determination: dated parameters, deadlines, quorum, who is due for
re-assessment, meeting costs and the data of the half-yearly reports (Mẫu 07 commune, Mẫu 08
district; TT 01/2019 Art 11). Queries that list records start from `disability_policy`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import models
from django.utils import timezone

from ansinh.core.access import Actor
from ansinh.core.months import YearMonth
from ansinh.disability import scoring
from ansinh.disability.models import (
    OPEN_REQUEST_STATUSES,
    AssessmentForm,
    AssessmentStatus,
    Certificate,
    CertificateStatus,
    Complaint,
    ComplaintStatus,
    Council,
    CouncilMember,
    CouncilRole,
    MedicalEscalation,
    MemberTraining,
    Outcome,
    Request,
    RequestKind,
    RequestStatus,
    Session,
    SessionStatus,
)
from ansinh.disability.policies import disability_policy
from ansinh.disability.voting import Quorum, quorum
from ansinh.registry.models import DisabilityLevel, DisabilityType
from ansinh.rules.selectors import parameter_on
from ansinh.territory.models import AdministrativeUnit, UnitLevel
from ansinh.territory.selectors import covered_unit_id_list
from ansinh.workdays.calendar import add_working_days
from ansinh.workdays.selectors import work_calendar

OPEN_STATUSES = OPEN_REQUEST_STATUSES

THRESHOLD_ESPECIALLY_SEVERE = "disability.score.especially_severe_min"
THRESHOLD_SEVERE = "disability.score.severe_min"
QUORUM_SHARE = "disability.council_quorum_share"
ALLOWANCE_CHAIR = "disability.allowance.chair"
ALLOWANCE_MEMBER = "disability.allowance.member"
ALLOWANCE_WATER = "disability.allowance.water"
REVIEW_CYCLE = "disability.review_cycle_months"
PARAMETER_KEYS = (
    THRESHOLD_ESPECIALLY_SEVERE,
    THRESHOLD_SEVERE,
    QUORUM_SHARE,
    ALLOWANCE_CHAIR,
    ALLOWANCE_MEMBER,
    ALLOWANCE_WATER,
    REVIEW_CYCLE,
    "deadline.disability_complaint_answer",
)

# Used only when an administrator deleted the dated row; the values of domain.md §7.
_FALLBACK = {
    THRESHOLD_ESPECIALLY_SEVERE: Decimal(14),
    THRESHOLD_SEVERE: Decimal(7),
    QUORUM_SHARE: Decimal("0.6667"),
    "deadline.disability_assessment": Decimal(20),
    "deadline.disability_certificate": Decimal(5),
    "deadline.disability_complaint_answer": Decimal(5),
}


def value_on(key: str, day: date) -> Decimal:
    parameter = parameter_on(key, day)
    if parameter is not None:
        return parameter.value
    if key in _FALLBACK:
        return _FALLBACK[key]
    return Decimal(0)


def thresholds_on(day: date) -> scoring.Thresholds:
    return scoring.Thresholds(
        especially_severe_min=int(value_on(THRESHOLD_ESPECIALLY_SEVERE, day)),
        severe_min=int(value_on(THRESHOLD_SEVERE, day)),
    )


def working_days_after(key: str, start: date) -> date:
    """`start` plus the working days of the dated deadline `key` (the day of receipt not counted)."""
    return add_working_days(work_calendar(start=start), start, int(value_on(key, start)))


# ---------------------------------------------------------------------------------------------
# Council and sessions
# ---------------------------------------------------------------------------------------------


def open_council(commune_id: int) -> Council | None:
    return Council.objects.filter(commune_id=commune_id, term_end__isnull=True).first()


def sitting_members(council: Council, day: date) -> models.QuerySet[CouncilMember]:
    """Members in their seat on `day`."""
    return council.members.filter(joined_on__lte=day).filter(
        models.Q(left_on__isnull=True) | models.Q(left_on__gte=day)
    )


def quorum_of(sitting: int, present: int, day: date) -> Quorum:
    return quorum(sitting, present, value_on(QUORUM_SHARE, day))


def session_quorum(session: Session) -> Quorum:
    attendances = session.attendances.all()
    day = timezone.localtime(session.opened_at or session.scheduled_at).date()
    if attendances.exists():
        return quorum_of(attendances.count(), attendances.filter(present=True).count(), day)
    return quorum_of(sitting_members(session.council, day).count(), 0, day)


@dataclass(frozen=True)
class CouncilCompleteness:
    """Which seats of Luật NKT Art 16(1) are filled today, and who is untrained or without a notice
    of duties (the district asked communes to keep their councils complete)."""

    council: Council | None
    missing_roles: list[str]
    untrained: list[CouncilMember]
    without_duties: list[CouncilMember]

    @property
    def complete(self) -> bool:
        return self.council is not None and not self.missing_roles


REQUIRED_ROLES = (
    CouncilRole.CHAIR,
    CouncilRole.SECRETARY,
    CouncilRole.HEALTH_STATION,
    CouncilRole.FATHERLAND_FRONT,
    CouncilRole.WOMEN_UNION,
    CouncilRole.YOUTH_UNION,
    CouncilRole.VETERANS,
)


def council_completeness(commune_id: int, day: date) -> CouncilCompleteness:
    council = open_council(commune_id)
    if council is None:
        return CouncilCompleteness(None, [str(role.label) for role in REQUIRED_ROLES], [], [])
    members = list(sitting_members(council, day).prefetch_related("trainings"))
    seated = {member.role for member in members}
    return CouncilCompleteness(
        council=council,
        missing_roles=[str(role.label) for role in REQUIRED_ROLES if role not in seated],
        untrained=[member for member in members if not member.trainings.all()],
        without_duties=[member for member in members if not member.duties],
    )


def requests_overdue(actor: Actor, day: date) -> models.QuerySet[Request]:
    """Open requests past their 20-working-day deadline."""
    return disability_policy.requests(actor).filter(status__in=OPEN_STATUSES, due_on__lt=day)


def councils_without_session(actor: Actor, month: YearMonth) -> list[Council]:
    """Open councils the actor sees that held no session in `month` (the district asked councils
    to meet monthly)."""
    held = Session.objects.filter(
        status=SessionStatus.HELD,
        scheduled_at__date__gte=month.first_day,
        scheduled_at__date__lte=month.last_day,
    ).values("council_id")
    return list(
        disability_policy.councils(actor)
        .filter(term_start__lte=month.last_day)
        .filter(models.Q(term_end__isnull=True) | models.Q(term_end__gte=month.first_day))
        .exclude(pk__in=held)
        .select_related("commune")
        .order_by("commune_id")
    )


def complaints_open(actor: Actor) -> models.QuerySet[Complaint]:
    communes = disability_policy.postings(actor).values("pk")
    return Complaint.objects.filter(posting__in=communes, status=ComplaintStatus.OPEN).select_related(
        "posting__assessment__request__person"
    )


def certificates_awaiting_dossier(actor: Actor) -> models.QuerySet[Certificate]:
    """Certificates signed by the chairman whose 5.6 dossier (grant, adjustment, stop) the commune
    officer has not opened yet (`allowance_dossiers.certificate_dossier_open`)."""
    return (
        disability_policy.certificates(actor)
        .exclude(dossier_kind="")
        .filter(dossier__isnull=True)
        .filter(
            models.Q(status=CertificateStatus.VALID) | models.Q(status=CertificateStatus.REVOKED, dossier_kind="stop")
        )
        .order_by("issued_on", "pk")
    )


@dataclass(frozen=True)
class DisabilityReminders:
    """What the disability work has waiting in the actor's area, for the home page."""

    overdue_requests: int = 0  # past the 20 working days of TT 01/2019 Art 5
    open_complaints: int = 0
    certificates_awaiting_dossier: int = 0  # the 5.6 dossier the commune officer opens

    @property
    def any(self) -> bool:
        return bool(self.overdue_requests or self.open_complaints or self.certificates_awaiting_dossier)


def disability_reminders(actor: Actor, day: date) -> DisabilityReminders | None:
    if not disability_policy.can_read(actor):
        return None
    return DisabilityReminders(
        overdue_requests=requests_overdue(actor, day).count(),
        open_complaints=complaints_open(actor).count(),
        certificates_awaiting_dossier=certificates_awaiting_dossier(actor).count(),
    )


# ---------------------------------------------------------------------------------------------
# Meeting costs (domain.md §7: chair, member and water allowances, dated parameters)
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SessionCost:
    session: Session
    chair_present: int
    members_present: int
    participants: int
    chair_amount: int
    member_amount: int
    water_amount: int

    @property
    def total(self) -> int:
        return self.chair_amount + self.member_amount + self.water_amount

    @property
    def rates(self) -> dict[str, int]:
        return {
            "chair": self.chair_amount // self.chair_present if self.chair_present else 0,
            "member": self.member_amount // self.members_present if self.members_present else 0,
            "water": self.water_amount // self.participants if self.participants else 0,
        }


def session_cost(session: Session) -> SessionCost:
    """The allowances of a held session at the rates in force that day: the chair's, each other
    member present, and water for every participant (members present and people assessed who
    came)."""
    if session.status != SessionStatus.HELD:
        return SessionCost(session, 0, 0, 0, 0, 0, 0)
    day = timezone.localtime(session.opened_at or session.scheduled_at).date()
    present = session.attendances.filter(present=True)
    chair = present.filter(member__role=CouncilRole.CHAIR).count()
    members = present.count() - chair
    guests = session.invitations.filter(attended=True).count()
    participants = chair + members + guests
    return SessionCost(
        session=session,
        chair_present=chair,
        members_present=members,
        participants=participants,
        chair_amount=chair * int(value_on(ALLOWANCE_CHAIR, day)),
        member_amount=members * int(value_on(ALLOWANCE_MEMBER, day)),
        water_amount=participants * int(value_on(ALLOWANCE_WATER, day)),
    )


def session_costs(actor: Actor, start: date, end: date, commune_id: int | None = None) -> list[SessionCost]:
    sessions = disability_policy.sessions(actor).filter(
        status=SessionStatus.HELD, scheduled_at__date__gte=start, scheduled_at__date__lte=end
    )
    if commune_id is not None:
        sessions = sessions.filter(commune_id=commune_id)
    return [session_cost(session) for session in sessions.order_by("scheduled_at")]


# ---------------------------------------------------------------------------------------------
# Re-assessment planning (TT 01/2019 Art 8(2); domain.md §7)
# ---------------------------------------------------------------------------------------------


class DueReason:
    TURNING_SIX = "turning_six"
    PENDING_CHANGE = "pending_change"
    REVIEW_CYCLE = "review_cycle"


DUE_REASON_LABELS = {
    DueReason.TURNING_SIX: "Trẻ đủ 6 tuổi: xác định lại theo Mẫu 03",
    DueReason.PENDING_CHANGE: "Đang chờ xác định lại, giải quyết khiếu nại hoặc kết luận giám định",
    DueReason.REVIEW_CYCLE: "Đến kỳ rà soát định kỳ do huyện quy định",
}


@dataclass(frozen=True)
class DueItem:
    person_id: int
    person_name: str
    commune_id: int
    reason: str
    due_on: date
    certificate: Certificate | None = None
    request: Request | None = None
    detail: str = ""

    @property
    def reason_label(self) -> str:
        return DUE_REASON_LABELS[self.reason]


def _sixth_birthday(born: date) -> date:
    try:
        return born.replace(year=born.year + 6)
    except ValueError:  # 29 February
        return date(born.year + 6, 3, 1)


def _kept_at_six(certificate: Certificate) -> bool:
    """TT 01/2019 Art 8(2)(c): signs 1.1, 1.2, 1.5, 1.6, 1.7 of Mẫu 02 part IV keep the level."""
    assessment = certificate.assessment
    if assessment is None or assessment.form != AssessmentForm.UNDER_SIX:
        return False
    return bool(set(assessment.decisive_conditions) & scoring.KEPT_AT_SIX)


def due_for_reassessment(actor: Actor, on: date, horizon_days: int = 90) -> list[DueItem]:
    """Who should be re-assessed by `on` + `horizon_days`: children certified under 6 who turn 6,
    people with a pending change (open re-determination, upheld complaint awaiting the council,
    escalation awaiting its outcome), and certificates older than the review cycle the district
    set (`disability.review_cycle_months`; nothing when it is not set)."""
    until = date.fromordinal(on.toordinal() + horizon_days)
    items: list[DueItem] = []
    valid = (
        disability_policy.certificates(actor)
        .filter(status=CertificateStatus.VALID)
        .select_related("person", "assessment")
    )
    for certificate in valid.filter(person__birth_year__gte=until.year - 7):
        person = certificate.person
        born = person.birth_date or date(person.birth_year, 1, 1)
        sixth = _sixth_birthday(born)
        if certificate.issued_on < sixth <= until and not _kept_at_six(certificate):
            items.append(
                DueItem(person.pk, person.full_name, certificate.commune_id, DueReason.TURNING_SIX, sixth, certificate)
            )
    pending = disability_policy.requests(actor).filter(
        models.Q(kind=RequestKind.REDETERMINE, status__in=OPEN_STATUSES)
        | models.Q(status=RequestStatus.ESCALATED)
        | models.Q(status=RequestStatus.RECEIVED, assessments__posting__complaints__status=ComplaintStatus.UPHELD)
    )
    for request in pending.distinct():
        items.append(
            DueItem(
                request.person_id,
                request.person.full_name,
                request.commune_id,
                DueReason.PENDING_CHANGE,
                request.due_on,
                request=request,
                detail=request.get_status_display(),
            )
        )
    cycle = parameter_on(REVIEW_CYCLE, on)
    if cycle is not None and int(cycle.value) > 0:
        months = int(cycle.value)
        cutoff = YearMonth.of(until).add(-months)
        for certificate in valid.filter(issued_on__lt=cutoff.first_day.replace(day=1)).exclude(
            person_id__in=[item.person_id for item in items]
        ):
            review = YearMonth.of(certificate.issued_on).add(months).first_day
            items.append(
                DueItem(
                    certificate.person_id,
                    certificate.person.full_name,
                    certificate.commune_id,
                    DueReason.REVIEW_CYCLE,
                    review,
                    certificate,
                    detail=f"Chu kỳ {months} tháng",
                )
            )
    return sorted(items, key=lambda item: (item.due_on, item.person_name))


# ---------------------------------------------------------------------------------------------
# Half-yearly reports (TT 01/2019 Art 11: Mẫu 07 commune → district before 15 June / 15 December;
# Mẫu 08 district → province before 30 June / 31 December). The official row and column layout
# was not found (forms.md §4): these are the figures such a report needs.
# ---------------------------------------------------------------------------------------------


def half_year_period(year: int, half: int) -> tuple[date, date]:
    if half not in (1, 2):
        raise ValueError("kỳ báo cáo là 6 tháng đầu năm (1) hoặc cuối năm (2)")
    return (date(year, 1, 1), date(year, 6, 30)) if half == 1 else (date(year, 7, 1), date(year, 12, 31))


@dataclass
class DeterminationFigures:
    """One commune's (or the district's) figures for a period."""

    commune_id: int | None
    commune_name: str
    requests_by_kind: dict[str, int] = field(default_factory=dict)
    requests_on_time: int = 0
    requests_late: int = 0
    requests_open: int = 0
    requests_refused: int = 0
    sessions_held: int = 0
    assessed: int = 0
    concluded_by_level: dict[str, int] = field(default_factory=dict)
    concluded_by_type: dict[str, int] = field(default_factory=dict)
    not_disabled: int = 0
    no_conclusion: int = 0
    differs_from_form: int = 0
    complaints: int = 0
    escalated: int = 0
    certificates_issued: int = 0
    certificates_by_kind: dict[str, int] = field(default_factory=dict)
    certificates_revoked: int = 0
    valid_by_level: dict[str, int] = field(default_factory=dict)
    members_trained: int = 0
    meeting_cost: int = 0

    def add(self, other: DeterminationFigures) -> None:
        for name, value in vars(other).items():
            if name in ("commune_id", "commune_name"):
                continue
            mine = getattr(self, name)
            if isinstance(value, dict):
                for key, count in value.items():
                    mine[key] = mine.get(key, 0) + count
            else:
                setattr(self, name, mine + value)


def _counts(values: Iterable[str]) -> dict[str, int]:
    return dict(Counter(values))


def determination_figures(
    actor: Actor, commune_id: int, commune_name: str, start: date, end: date
) -> DeterminationFigures:
    requests = disability_policy.requests(actor).filter(commune_id=commune_id)
    received = requests.filter(received_on__gte=start, received_on__lte=end)
    finished = requests.filter(closed_on__gte=start, closed_on__lte=end)
    assessments = disability_policy.assessments(actor).filter(
        commune_id=commune_id, status=AssessmentStatus.CONCLUDED, concluded_on__gte=start, concluded_on__lte=end
    )
    concluded = list(assessments.values_list("outcome", "concluded_level", "concluded_types", "differs_reason"))
    certificates = disability_policy.certificates(actor).filter(commune_id=commune_id)
    issued = certificates.filter(issued_on__gte=start, issued_on__lte=end).select_related("request")
    sessions = disability_policy.sessions(actor).filter(
        commune_id=commune_id, status=SessionStatus.HELD, scheduled_at__date__gte=start, scheduled_at__date__lte=end
    )
    valid_at_end = certificates.filter(issued_on__lte=end).filter(
        models.Q(status=CertificateStatus.VALID) | models.Q(revoked_on__gt=end)
    )
    return DeterminationFigures(
        commune_id=commune_id,
        commune_name=commune_name,
        requests_by_kind=_counts(received.values_list("kind", flat=True)),
        requests_on_time=finished.filter(closed_on__lte=models.F("due_on")).count(),
        requests_late=finished.filter(closed_on__gt=models.F("due_on")).count(),
        requests_open=requests.filter(received_on__lte=end)
        .filter(models.Q(closed_on__isnull=True) | models.Q(closed_on__gt=end))
        .count(),
        requests_refused=finished.filter(status=RequestStatus.REFUSED).count(),
        sessions_held=sessions.count(),
        assessed=len(concluded),
        concluded_by_level=_counts(level for outcome, level, _, _ in concluded if outcome == Outcome.DISABLED),
        concluded_by_type=_counts(
            kind for outcome, _, kinds, _ in concluded if outcome == Outcome.DISABLED for kind in kinds
        ),
        not_disabled=sum(1 for outcome, *_ in concluded if outcome == Outcome.NOT_DISABLED),
        no_conclusion=sum(1 for outcome, *_ in concluded if outcome == Outcome.NO_CONCLUSION),
        differs_from_form=sum(1 for *_, reason in concluded if reason),
        complaints=Complaint.objects.filter(
            posting__commune_id=commune_id, received_on__gte=start, received_on__lte=end
        ).count(),
        escalated=MedicalEscalation.objects.filter(commune_id=commune_id, sent_on__gte=start, sent_on__lte=end).count(),
        certificates_issued=issued.count(),
        certificates_by_kind=_counts(
            certificate.request.kind if certificate.request else RequestKind.FIRST for certificate in issued
        ),
        certificates_revoked=certificates.filter(revoked_on__gte=start, revoked_on__lte=end).count(),
        valid_by_level=_counts(
            certificate.level
            for certificate in valid_at_end.exclude(
                pk__in=certificates.filter(replaces__isnull=False, issued_on__lte=end).values("replaces")
            )
        ),
        members_trained=MemberTraining.objects.filter(
            member__council__commune_id=commune_id, trained_on__gte=start, trained_on__lte=end
        )
        .values("member")
        .distinct()
        .count(),
        meeting_cost=sum(session_cost(session).total for session in sessions),
    )


def commune_report(actor: Actor, commune_id: int, year: int, half: int) -> DeterminationFigures:
    """Mẫu 07: the commune's determination work in the half year."""
    start, end = half_year_period(year, half)
    unit = AdministrativeUnit.objects.get(pk=commune_id)
    return determination_figures(actor, commune_id, unit.full_name, start, end)


@dataclass
class DistrictReport:
    year: int
    half: int
    rows: list[DeterminationFigures]
    total: DeterminationFigures


def district_report(actor: Actor, year: int, half: int) -> DistrictReport:
    """Mẫu 08: one row per commune the actor sees, and the district total."""
    start, end = half_year_period(year, half)
    if not disability_policy.can_read(actor) or actor.scope_unit_id is None:
        return DistrictReport(year, half, [], DeterminationFigures(None, "Tổng cộng"))
    communes = AdministrativeUnit.objects.filter(
        pk__in=covered_unit_id_list(actor.scope_unit_id), level=UnitLevel.COMMUNE
    ).order_by("code", "valid_from")
    active_ids = set(Request.objects.values_list("commune_id", flat=True).distinct()) | set(
        Council.objects.values_list("commune_id", flat=True)
    )
    rows = [
        determination_figures(actor, unit.pk, unit.full_name, start, end)
        for unit in communes
        if unit.pk in active_ids or (unit.valid_to is None or unit.valid_to >= start)
    ]
    total = DeterminationFigures(None, "Tổng cộng")
    for row in rows:
        total.add(row)
    return DistrictReport(year, half, rows, total)


LEVEL_LABELS = dict(DisabilityLevel.choices)
TYPE_LABELS = dict(DisabilityType.choices)
KIND_LABELS = dict(RequestKind.choices)
FORM_LABELS = dict(AssessmentForm.choices)
