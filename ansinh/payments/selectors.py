"""Reads for the payment pages, documents and dashboards. Every read starts from the policy's
`visible...(actor)` (design.md §3)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db import models
from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils import timezone

from ansinh.audit.selectors import events_for_object
from ansinh.cases.models import Entitlement, Suspension
from ansinh.cases.review import Difference, review_month
from ansinh.core.access import Actor, Role
from ansinh.core.months import YearMonth
from ansinh.payments.models import (
    Authorisation,
    LineKind,
    PayeeKind,
    PayrollLine,
    PayrollMonth,
    PayrollStatus,
    PostOfficeReport,
    Recovery,
    RecoveryStatus,
    ServiceFeedback,
)
from ansinh.payments.payroll import month_rates, report_deadline
from ansinh.payments.policies import payroll_policy
from ansinh.registry.models import LifeStatus, Person
from ansinh.registry.policies import person_policy
from ansinh.rules import pension
from ansinh.rules.formatting import round_dong
from ansinh.territory.selectors import covered_unit_id_list


def payrolls_of_month(*, actor: Actor, month: YearMonth) -> models.QuerySet[PayrollMonth]:
    return (
        payroll_policy.visible(actor).filter(month=month.first_day).select_related("commune").order_by("commune__name")
    )


def payroll_lines(*, actor: Actor, payroll: PayrollMonth) -> models.QuerySet[PayrollLine]:
    """The lines of a list in print order (beneficiary name, kind)."""
    return (
        payroll_policy.visible_lines(actor)
        .filter(payroll=payroll)
        .select_related("person", "authorisation")
        .order_by("person__full_name_folded", "person_id", "kind", "category_code")
    )


@dataclass(frozen=True)
class MonthTotals:
    """Reconciliation of one list (or the district): due, paid, unpaid, carried into the next month."""

    commune_id: int | None
    commune_name: str
    status: str
    lines: int
    total: int
    paid: int
    unpaid: int
    pending: int
    carried_over: int
    violations: int


def month_totals(*, actor: Actor, month: YearMonth) -> list[MonthTotals]:
    """Totals per commune for `month`; `district_totals` sums them (money is conserved)."""
    payrolls = payrolls_of_month(actor=actor, month=month)
    next_month = month.add(1).first_day
    carried = dict(
        PayrollLine.objects.filter(
            month=next_month, kind=LineKind.CARRIED, commune_id__in=payrolls.values("commune_id")
        )
        .values_list("commune_id")
        .annotate(total=Sum("arrears_amount"))
        .values_list("commune_id", "total")
    )
    rows = (
        PayrollLine.objects.filter(payroll__in=payrolls)
        .values("payroll_id")
        .annotate(
            paid=Sum("total", filter=Q(paid_on__isnull=False)),
            unpaid=Sum("total", filter=Q(paid_on__isnull=True) & ~Q(not_paid_reason="")),
            pending=Sum("total", filter=Q(paid_on__isnull=True, not_paid_reason="")),
            violations=Count("pk", filter=Q(violation=True)),
        )
    )
    by_payroll = {row["payroll_id"]: row for row in rows}
    result = []
    for payroll in payrolls:
        row = by_payroll.get(payroll.pk, {})
        result.append(
            MonthTotals(
                commune_id=payroll.commune_id,
                commune_name=payroll.commune.name,
                status=payroll.status,
                lines=payroll.line_count,
                total=payroll.total,
                paid=int(row.get("paid") or 0),
                unpaid=int(row.get("unpaid") or 0),
                pending=int(row.get("pending") or 0),
                carried_over=int(carried.get(payroll.commune_id) or 0),
                violations=int(row.get("violations") or 0),
            )
        )
    return result


def district_totals(rows: list[MonthTotals]) -> MonthTotals:
    return MonthTotals(
        commune_id=None,
        commune_name="Toàn huyện",
        status="",
        lines=sum(r.lines for r in rows),
        total=sum(r.total for r in rows),
        paid=sum(r.paid for r in rows),
        unpaid=sum(r.unpaid for r in rows),
        pending=sum(r.pending for r in rows),
        carried_over=sum(r.carried_over for r in rows),
        violations=sum(r.violations for r in rows),
    )


def violations(
    *, actor: Actor, month: YearMonth | None = None, with_cleared: bool = False
) -> models.QuerySet[PayrollLine]:
    """Payments made to someone who is neither the beneficiary, a valid authorised person nor the
    guardian, or "in person" after the beneficiary's death (domain.md §8), for the dashboards;
    `with_cleared` adds the violations later cleared by a reasoned correction (they stay visible)."""
    flagged = Q(violation=True) | (Q(violation_cleared__gt="") if with_cleared else Q(pk__in=[]))
    lines = payroll_policy.visible_lines(actor).filter(flagged).select_related("person", "commune")
    if month is not None:
        lines = lines.filter(month=month.first_day)
    return lines.order_by("-month", "commune_id", "person__full_name_folded")


# --- one line's result and its history (issue 12) ------------------------------------------------


@dataclass(frozen=True)
class ResultVersion:
    """One recorded version of a line's result, read from the line's audit events."""

    occurred_at: datetime
    actor_name: str
    action_label: str
    before: str
    after: str
    violation_before: bool
    violation_after: bool
    reason: str


PAYEE_LABELS = dict(PayeeKind.choices)


def result_in_words(snapshot: dict[str, Any] | None) -> str:
    """A result snapshot of payments.actions.result_snapshot in words."""
    if not snapshot:
        return "chưa có kết quả"
    if snapshot.get("paid_on"):
        day = date.fromisoformat(snapshot["paid_on"])
        kind = PAYEE_LABELS.get(snapshot.get("paid_to_kind") or "", "")
        return f"đã chi {day:%d/%m/%Y} cho {snapshot.get('paid_to_name', '')}" + (f" ({kind})" if kind else "")
    if snapshot.get("not_paid_reason"):
        return f"chưa nhận: {snapshot['not_paid_reason']}"
    return "chưa có kết quả"


def line_history(line: PayrollLine) -> list[ResultVersion]:
    """Every result recorded for the line, oldest first: first recording, corrections with their
    reasons, violations raised by a death recorded later. The caller has checked that the actor
    sees the line."""
    versions = []
    for event in events_for_object(line).order_by("occurred_at", "pk"):
        before = event.before if isinstance(event.before, dict) else None
        after = event.after if isinstance(event.after, dict) else None
        versions.append(
            ResultVersion(
                occurred_at=event.occurred_at,
                actor_name=event.actor_name,
                action_label=event.action_label,
                before=result_in_words(before),
                after=result_in_words(after),
                violation_before=bool(before and before.get("violation")),
                violation_after=bool(after and after.get("violation")),
                reason=event.reason,
            )
        )
    return versions


# --- deadlines -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Deadline:
    payroll: PayrollMonth
    send_late: bool
    send_overdue: bool
    report_overdue: bool


def deadlines(*, actor: Actor, month: YearMonth, today: date | None = None) -> list[Deadline]:
    """The 'before the 25th' send deadline and the 'before the 20th' report deadline per list."""
    today = today or timezone.localdate()
    rows = []
    for payroll in payrolls_of_month(actor=actor, month=month):
        sent_day = payroll.sent_at.date() if payroll.sent_at else None
        rows.append(
            Deadline(
                payroll=payroll,
                send_late=sent_day is not None and sent_day > payroll.send_deadline,
                send_overdue=sent_day is None and today > payroll.send_deadline,
                report_overdue=payroll.status == PayrollStatus.SENT and today > payroll.report_deadline,
            )
        )
    return rows


def late_reports(*, actor: Actor, today: date | None = None) -> models.QuerySet[PayrollMonth]:
    """Lists sent to the post office whose report is past its deadline (per commune)."""
    today = today or timezone.localdate()
    return (
        payroll_policy.visible(actor)
        .filter(status=PayrollStatus.SENT, report_deadline__lt=today)
        .select_related("commune")
        .order_by("month", "commune__name")
    )


def post_office_reports(*, actor: Actor) -> models.QuerySet[PostOfficeReport]:
    if actor.scope_unit_id is None:
        return PostOfficeReport.objects.none()
    visible = payroll_policy.visible(actor)
    if not visible.exists():
        return PostOfficeReport.objects.none()
    return PostOfficeReport.objects.filter(district_id__in=covered_unit_id_list(actor.scope_unit_id)) | (
        PostOfficeReport.objects.filter(
            district_id__in=visible.values("commune__parent_id"),
        )
    )


def report_due(month: YearMonth) -> date:
    return report_deadline(month)


# --- recoveries ----------------------------------------------------------------------------------


def open_recoveries(*, actor: Actor) -> models.QuerySet[Recovery]:
    return (
        payroll_policy.visible_recoveries(actor)
        .filter(status=RecoveryStatus.OPEN)
        .select_related("person", "commune")
        .order_by("commune__name", "person__full_name_folded", "month")
    )


def recoveries_by_commune(*, actor: Actor) -> list[dict[str, object]]:
    """Open recoveries per commune: how many people, months and how much remains."""
    return list(
        payroll_policy.visible_recoveries(actor)
        .filter(status=RecoveryStatus.OPEN)
        .values("commune_id", "commune__name")
        .annotate(people=Count("person_id", distinct=True), months=Count("pk"), balance=Sum("balance"))
        .order_by("commune__name")
    )


# --- authorisations ------------------------------------------------------------------------------


def authorisations_of(*, actor: Actor, person_id: int) -> models.QuerySet[Authorisation]:
    return payroll_policy.visible_authorisations(actor).filter(person_id=person_id).order_by("-valid_from")


def authorisations_expiring(
    *, actor: Actor, on: date | None = None, within_days: int = 30
) -> models.QuerySet[Authorisation]:
    """Valid today and ending within `within_days`: to be renewed."""
    on = on or timezone.localdate()
    return (
        payroll_policy.visible_authorisations(actor)
        .filter(
            revoked_on__isnull=True,
            valid_from__lte=on,
            valid_to__gte=on,
            valid_to__lte=on + timedelta(days=within_days),
        )
        .select_related("person")
        .order_by("valid_to")
    )


def authorisations_expired(
    *, actor: Actor, on: date | None = None, since_days: int = 90
) -> models.QuerySet[Authorisation]:
    """Ended in the last `since_days` days (expired or revoked) for people still on the lists."""
    on = on or timezone.localdate()
    since = on - timedelta(days=since_days)
    return (
        payroll_policy.visible_authorisations(actor)
        .filter(Q(valid_to__lt=on, valid_to__gte=since) | Q(revoked_on__lte=on, revoked_on__gte=since))
        .filter(person__life_status=LifeStatus.ALIVE)
        .select_related("person")
        .order_by("-valid_to")
    )


# --- rate changes (mass adjustment) --------------------------------------------------------------


@dataclass(frozen=True)
class RateChangeRow:
    entitlement_id: int
    person_id: int
    person_name: str
    commune_id: int
    category_code: str
    coefficient: Decimal
    old_rate: int
    new_rate: int
    old_amount: int
    new_amount: int

    @property
    def difference(self) -> int:
        return self.new_amount - self.old_amount


def rate_changes(
    *, actor: Actor, before: YearMonth, after: YearMonth, commune_id: int | None = None
) -> list[RateChangeRow]:
    """Everyone whose amount differs between two months because the dated standard rate changed
    (e.g. NĐ 76/2024 from 2024-07-01), old and new: the list for the chair's decision."""
    if not person_policy.can_read_register(actor):
        return []
    entitlements = (
        Entitlement.objects.filter(coefficient__isnull=False, start_month__lte=after.first_day)
        .filter(Q(end_month__isnull=True) | Q(end_month__gt=after.first_day))
        .exclude(category_code__startswith=pension.PREFIX)  # a dated amount, not the standard rate
        .exclude(person__life_status=LifeStatus.DEAD, person__death_date__lt=after.first_day)
        .select_related("person")
        .order_by("commune_id", "person__full_name_folded", "category_code")
    )
    if not actor.has_role(Role.ADMIN):
        entitlements = entitlements.filter(commune_id__in=covered_unit_id_list(actor.scope_unit_id or 0))
    if commune_id is not None:
        entitlements = entitlements.filter(commune_id=commune_id)
    rows = []
    rates: dict[tuple[YearMonth, str], int] = {}
    for entitlement in entitlements:
        province = entitlement.province_code
        if (after, province) not in rates:
            rates.update(month_rates({province}, max(before, after)))
        old_rate, new_rate = rates[(before, province)], rates[(after, province)]
        coefficient = entitlement.coefficient
        assert coefficient is not None
        old_amount, new_amount = round_dong(coefficient * old_rate), round_dong(coefficient * new_rate)
        if old_amount != new_amount:
            rows.append(
                RateChangeRow(
                    entitlement_id=entitlement.pk,
                    person_id=entitlement.person_id,
                    person_name=entitlement.person.full_name,
                    commune_id=entitlement.commune_id,
                    category_code=entitlement.category_code,
                    coefficient=coefficient,
                    old_rate=old_rate,
                    new_rate=new_rate,
                    old_amount=old_amount,
                    new_amount=new_amount,
                )
            )
    return rows


def entitlements_without_coefficient(*, actor: Actor, month: YearMonth) -> models.QuerySet[Entitlement]:
    """Entitlements payable in `month` left off the lists because no coefficient is recorded."""
    if actor.scope_unit_id is None or not payroll_policy.can_generate(actor, month):
        return Entitlement.objects.none()
    return (
        Entitlement.objects.filter(
            coefficient__isnull=True,
            start_month__lte=month.first_day,
            commune_id__in=covered_unit_id_list(actor.scope_unit_id),
        )
        .filter(Q(end_month__isnull=True) | Q(end_month__gt=month.first_day))
        .select_related("person")
    )


def service_feedback(actor: Actor) -> models.QuerySet[ServiceFeedback]:
    """The beneficiaries' feedback on the post office's service in the actor's area."""
    if actor.has_role(Role.ADMIN):
        return ServiceFeedback.objects.select_related("commune")
    if actor.scope_unit_id is None:
        return ServiceFeedback.objects.none()
    return ServiceFeedback.objects.filter(commune_id__in=covered_unit_id_list(actor.scope_unit_id)).select_related(
        "commune"
    )


# --- What changed since last month (the commune checks its list before it goes out) -----------------


@dataclass(frozen=True)
class Dropped:
    """Someone paid a regular allowance last month who is not on this month's list, and why."""

    person_id: int
    full_name: str
    village: str
    last_amount: int
    reason: str


@dataclass
class MonthChanges:
    previous: PayrollMonth | None
    new_ids: set[int]  # people with a regular line now and none on last month's list
    previous_amounts: dict[int, int]  # person → last month's regular amount, where it changed
    dropped: list[Dropped]

    @property
    def count(self) -> int:
        return len(self.new_ids) + len(self.previous_amounts) + len(self.dropped)


def _regular_amounts(payroll: PayrollMonth) -> dict[int, int]:
    rows = (
        PayrollLine.objects.filter(payroll=payroll, kind=LineKind.REGULAR)
        .values("person_id")
        .annotate(amount=Sum("regular_amount"))
    )
    return {row["person_id"]: int(row["amount"] or 0) for row in rows}


def month_changes(payroll: PayrollMonth) -> MonthChanges:
    """This month's regular lines against last month's list of the same commune: who is new, whose
    amount changed (a new rate, coefficient or category) and who is no longer paid, with the reason
    the register gives (death, missing, a move, a suspension or a stop)."""
    month = YearMonth.of(payroll.month)
    previous = PayrollMonth.objects.filter(commune_id=payroll.commune_id, month=month.add(-1).first_day).first()
    if previous is None:
        return MonthChanges(None, set(), {}, [])
    now, before = _regular_amounts(payroll), _regular_amounts(previous)
    changed = {person: amount for person, amount in before.items() if person in now and now[person] != amount}
    gone = set(before) - set(now)
    people = Person.objects.filter(pk__in=gone).select_related("village", "commune").order_by("full_name", "pk")
    reasons = _dropped_reasons(people, payroll.commune_id, month)
    dropped = [
        Dropped(
            person_id=person.pk,
            full_name=person.full_name,
            village=person.village.name if person.village else "",
            last_amount=before[person.pk],
            reason=reasons[person.pk],
        )
        for person in people
    ]
    return MonthChanges(previous, set(now) - set(before), changed, dropped)


def _dropped_reasons(people: models.QuerySet[Person], commune_id: int, month: YearMonth) -> dict[int, str]:
    ids = [person.pk for person in people]
    suspended = set(
        Suspension.objects.filter(entitlement__person_id__in=ids, from_month__lte=month.first_day)
        .filter(Q(to_month__isnull=True) | Q(to_month__gt=month.first_day))
        .values_list("entitlement__person_id", flat=True)
    )
    ended: dict[int, date] = {
        row["person_id"]: row["last_end"]
        for row in Entitlement.objects.filter(person_id__in=ids, end_month__lte=month.first_day)
        .values("person_id")
        .annotate(last_end=models.Max("end_month"))
    }
    return {person.pk: _dropped_reason(person, commune_id, suspended, ended) for person in people}


def _dropped_reason(person: Person, commune_id: int, suspended: set[int], ended: dict[int, date]) -> str:
    if person.life_status == LifeStatus.DEAD:
        return "Đã chết" + (f" ngày {person.death_date:%d/%m/%Y}" if person.death_date else "")
    if person.life_status == LifeStatus.MISSING:
        return "Bị tuyên bố mất tích"
    if person.commune_id != commune_id:
        return f"Chuyển đến {person.commune.full_name}"
    if person.pk in suspended:
        return "Đang tạm dừng trợ cấp"
    if person.pk in ended:
        return f"Thôi hưởng từ tháng {ended[person.pk]:%m/%Y}"
    return "Không có chế độ được chi trong tháng này"


# --- What the home page reminds of -------------------------------------------------------------------


AWAITING_SHOWN = 10  # lists waiting for approval named on the home page; the month page has them all


@dataclass(frozen=True)
class PaymentReminders:
    """The payment work waiting for an office (journeys.md: the commune reviews what was not collected
    and the authorisations that expire soon; the labour office follows recoveries and late reports)."""

    expiring_authorisations: int = 0
    violations: int = 0  # payments to someone else than the beneficiary, a valid authorised person or the guardian
    open_recoveries: int = 0
    late_reports: int = 0
    cleared_violations: int = 0  # violations cleared by a correction: shown so that nobody erases one unseen
    # where each reminder opens: the one list the lines are on (filtered), else the month of the newest
    violations_url: str = ""
    cleared_url: str = ""
    late_reports_url: str = ""
    awaiting_approval: tuple[PayrollMonth, ...] = ()  # drafts this actor approves (policies.awaiting_approval)

    @property
    def awaiting_approval_more(self) -> bool:
        return len(self.awaiting_approval) > AWAITING_SHOWN

    @property
    def any(self) -> bool:
        return bool(
            self.expiring_authorisations
            or self.violations
            or self.open_recoveries
            or self.late_reports
            or self.cleared_violations
        )


def payment_reminders(*, actor: Actor, today: date) -> PaymentReminders | None:
    """None for offices that do not read the payment lists; counts of this month and the last."""
    if not payroll_policy.can_read_lists(actor):
        return None
    month = YearMonth.of(today)
    recent = violations(actor=actor).filter(month__gte=month.add(-1).first_day)
    cleared = payroll_policy.visible_lines(actor).filter(
        month__gte=month.add(-1).first_day, violation=False, violation_cleared__gt=""
    )
    late = late_reports(actor=actor, today=today)
    oldest_late = late.values_list("month", flat=True).first()
    return PaymentReminders(
        expiring_authorisations=(
            authorisations_expiring(actor=actor, on=today).count()
            if payroll_policy.can_read_authorisations(actor)
            else 0
        ),
        violations=recent.count(),
        cleared_violations=cleared.count(),
        open_recoveries=open_recoveries(actor=actor).count() if payroll_policy.can_read_recoveries(actor) else 0,
        late_reports=late.count(),
        violations_url=_lines_url(recent, "chi-sai"),
        cleared_url=_lines_url(cleared, "chi-sai-da-go"),
        late_reports_url=_month_url(YearMonth.of(oldest_late)) if oldest_late else "",
        awaiting_approval=tuple(
            payroll_policy.awaiting_approval(actor)
            .select_related("commune")
            .order_by("month", "commune__name")[: AWAITING_SHOWN + 1]
        ),
    )


def _month_url(month: YearMonth) -> str:
    return f"{reverse('payments:month')}?thang={month}"


def _lines_url(lines: models.QuerySet[PayrollLine], line_filter: str) -> str:
    """The list the lines are on, filtered to them (`views.LINE_FILTERS`), when they are on one list;
    else the month of the newest of them; "" for no lines."""
    lists = list(lines.order_by("-month").values_list("payroll_id", "month").distinct()[:2])
    if not lists:
        return ""
    if len({payroll for payroll, _month in lists}) == 1:
        return f"{reverse('payments:payroll_detail', args=[lists[0][0]])}?loc={line_filter}"
    return _month_url(YearMonth.of(lists[0][1]))


def review_differences(payroll: PayrollMonth) -> list[Difference]:
    """The periodic review's differences (cases/review.py) on the list's regular lines: those whose monthly
    amount is not what the law gives in the list's month (the lines marked "Khác quy định")."""
    found = review_month(YearMonth.of(payroll.month), [payroll.commune_id]).by_entitlement()
    if not found:
        return []
    lines = payroll.lines.filter(kind=LineKind.REGULAR, entitlement_id__in=list(found)).values_list(
        "entitlement_id", "regular_amount"
    )
    return [found[entitlement] for entitlement, amount in lines if found[entitlement].lawful_amount != amount]
