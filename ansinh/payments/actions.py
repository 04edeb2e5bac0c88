"""Writes to payment lists, authorisations and recoveries. Each action checks who acts (403 before
any validation), validates with Vietnamese messages keyed by field, writes in one transaction under
row locks (a second click finds the row already moved and changes nothing) and records an audit
event."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Count, F, Q, QuerySet, Sum
from django.utils import timezone

from ansinh.audit.events import build_event, record_event, record_events_bulk
from ansinh.cases.dossiers import dossier_open
from ansinh.cases.models import Dossier, Entitlement
from ansinh.cases.review import Difference
from ansinh.core.access import Actor, require
from ansinh.core.months import YearMonth
from ansinh.core.text import fold
from ansinh.core.uploads import SCAN, checked_upload
from ansinh.payments import payroll as stages
from ansinh.payments import selectors
from ansinh.payments.feedback_hooks import feedback_recorded
from ansinh.payments.models import (
    FROZEN_STATUSES,
    POST_OFFICE_STATUSES,
    Authorisation,
    MovementKind,
    OffsetSetting,
    PayeeKind,
    PayrollLine,
    PayrollMonth,
    PayrollStatus,
    PostOfficeReport,
    Recovery,
    RecoveryMovement,
    RecoveryStatus,
    ServiceFeedback,
)
from ansinh.payments.payroll import ONE_OFF_LINE_KINDS
from ansinh.payments.policies import PayrollAction, RecoveryAction, payroll_policy
from ansinh.registry.models import LifeStatus, Person
from ansinh.territory.models import AdministrativeUnit, UnitLevel
from ansinh.territory.selectors import covered_unit_id_list, refused_after_end

# TT 02/2021/TT-BLĐTBXH Art 2(3)(a): not collected for 3 consecutive months → suspension.
UNPAID_MONTHS_FOR_SUSPENSION = 3
SUSPEND_DOSSIER = "suspend"
SUSPEND_GROUND = "unpaid_3_months"

# --- generation ----------------------------------------------------------------------------------


def payroll_generate(
    *, actor: Actor | None, month: YearMonth, commune: AdministrativeUnit | None = None
) -> stages.GenerationResult:
    """(Re)generate the draft lists of `month`: of one commune, or of every commune the actor covers
    (`actor=None`: the system, from `manage.py payroll generate`, every commune). Frozen lists are
    left as they are (listed in `result.frozen`) and counted in the figures, which cover every list
    of the month in scope (contracts.md §4); lists are made only for communes in force that month."""
    if actor is not None:
        require(payroll_policy.can_generate(actor, month))
        if commune is not None:
            require(payroll_policy.covers(actor, commune.pk))
    scope: list[int] | None
    if commune is not None:
        scope = [commune.pk]
    elif actor is not None and actor.scope_unit_id is not None:
        scope = list(covered_unit_id_list(actor.scope_unit_id))
    else:
        scope = None
    result = stages.GenerationResult(month=month)
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        result.timings[name] = round(time.perf_counter() - clock, 3)
        clock = time.perf_counter()

    with transaction.atomic():
        result.recoveries = _detect(commune_ids=scope, person=None, actor=actor)
        lap("recoveries")
        if commune is not None and not (commune.is_active_on(month.first_day) or commune.is_active_on(month.last_day)):
            raise ValidationError({"month": refused_after_end(commune, month.first_day)})
        communes = stages.communes_to_list(month, scope)
        if commune is not None and not communes:
            communes = [(commune.pk, _province_of(commune))]
        payrolls = _draft_payrolls(actor, month, communes, result)
        lap("lists")
        ids = [payroll.pk for payroll in payrolls]
        if ids:
            provinces = {payroll.province_code for payroll in payrolls}
            rates = stages.month_rates(provinces, month)
            pensions = stages.month_pensions(provinces, month)
            stages.delete_draft_lines(ids)
            lap("delete")
            stages.insert_regular(month, ids, pensions)
            lap("regular")
            stages.insert_arrears_months(month, ids, rates, pensions)
            stages.insert_arrears_lines(month, ids)
            lap("arrears")
            stages.insert_carried(month, ids)
            stages.insert_funerals(month, ids)
            stages.apply_offsets(month, ids)
            stages.finish_totals(ids, timezone.now())
            lap("totals")
            result.without_coefficient = stages.count_without_coefficient(month, [c for c, _ in communes])
        _month_figures(result, month, scope)
        if actor is not None:
            result.suspensions_proposed = _propose_suspensions(actor, month, [c for c, _ in communes])
        lap("suspensions")
        record_event(
            actor=actor,
            action="payments.payroll_generate",
            after={**result.as_json(), "frozen": result.frozen, "without_coefficient": result.without_coefficient},
            territory_id=commune.pk if commune is not None else (actor.scope_unit_id if actor else None),
        )
    return result


def _month_figures(result: stages.GenerationResult, month: YearMonth, scope: list[int] | None) -> None:
    """Figures over every list of the month in scope, drafts just made and frozen ones alike."""
    lists = PayrollMonth.objects.filter(month=month.first_day)
    if scope is not None:
        lists = lists.filter(commune_id__in=scope)
    totals = lists.aggregate(lines=Sum("line_count"), total=Sum("total"))
    result.communes = lists.count()
    result.lines = int(totals["lines"] or 0)
    result.total = int(totals["total"] or 0)
    per_category = (
        PayrollLine.objects.filter(payroll__in=lists)
        .values("category_code")
        .annotate(n=Count("id"))
        .order_by("category_code")
    )
    result.categories = {row["category_code"]: row["n"] for row in per_category}


def _province_of(unit: AdministrativeUnit) -> str:
    while unit.parent is not None:
        unit = unit.parent
    return unit.code


def _draft_payrolls(
    actor: Actor | None, month: YearMonth, communes: list[tuple[int, str]], result: stages.GenerationResult
) -> list[PayrollMonth]:
    """Lock the lists of the month (creating missing ones); keep only drafts."""
    first = month.first_day
    wanted = dict(communes)
    have = set(
        PayrollMonth.objects.filter(month=first, commune_id__in=list(wanted)).values_list("commune_id", flat=True)
    )
    PayrollMonth.objects.bulk_create(
        [
            PayrollMonth(
                commune_id=commune_id,
                province_code=province,
                month=first,
                send_deadline=stages.send_deadline(month),
                report_deadline=stages.report_deadline(month),
            )
            for commune_id, province in communes
            if commune_id not in have
        ],
        batch_size=1000,
        ignore_conflicts=True,  # a concurrent run created it: the lock below waits for it
    )
    if len(communes) - len(have) > 100:
        stages.refresh_statistics("payments_payrollmonth")  # the planner must see the new lists
    rates = stages.month_rates(set(wanted.values()), month)
    drafts: list[PayrollMonth] = []
    now = timezone.now()
    actor_id = actor.pk if actor is not None and actor.is_authenticated else None
    locked = PayrollMonth.objects.select_for_update().filter(month=first, commune_id__in=list(wanted)).order_by("pk")
    for payroll in locked:
        if payroll.status in FROZEN_STATUSES:
            result.frozen.append(payroll.commune_id)
            continue
        payroll.rate = rates.get((month, payroll.province_code), 0)
        payroll.generated_at, payroll.generated_by_id = now, actor_id
        drafts.append(payroll)
    for province in {payroll.province_code for payroll in drafts}:
        PayrollMonth.objects.filter(pk__in=[p.pk for p in drafts if p.province_code == province]).update(
            rate=rates.get((month, province), 0), generated_at=now, generated_by_id=actor_id
        )
    return drafts


# --- approval and sending ------------------------------------------------------------------------


def payroll_approve(*, actor: Actor, payroll: PayrollMonth, acknowledgement: str = "") -> PayrollMonth:
    """The labour office head approves a list: the month is frozen. Offsets on its lines become
    recovery movements. Approving an approved list changes nothing. A list with lines whose amount the
    periodic review finds different from the law is approved only with the approver's acknowledgement
    (a reason), recorded with the count and the reason codes."""
    require(payroll_policy.can(actor, PayrollAction.APPROVE, payroll))
    acknowledgement = acknowledgement.strip()
    with transaction.atomic():
        locked = PayrollMonth.objects.select_for_update().get(pk=payroll.pk)
        if locked.status != PayrollStatus.DRAFT:
            return locked
        if locked.generated_at is None:
            raise ValidationError({"status": "Danh sách chưa được lập."})
        if locked.generated_by_id is not None and locked.generated_by_id == actor.pk:
            raise ValidationError(
                {"status": "Người lập danh sách không được tự duyệt (người lập và người duyệt phải khác nhau)."}
            )
        differences = _acknowledged_differences(locked, acknowledgement)
        locked.status, locked.approved_at, locked.approved_by_id = PayrollStatus.APPROVED, timezone.now(), actor.pk
        locked.save(update_fields=["status", "approved_at", "approved_by"])
        _record_offsets(actor, locked)
        stages.add_to_half_year_money(locked.pk, locked.month)
        after = {"status": locked.status, "line_count": locked.line_count, "total": locked.total}
        if differences:
            after["review"] = {
                "differences": len(differences),
                "reasons": dict(sorted(Counter(item.reason for item in differences).items())),
                "acknowledgement": acknowledgement,
            }
        record_event(
            actor=actor,
            action="payments.payroll_approve",
            obj=locked,
            before={"status": PayrollStatus.DRAFT},
            after=after,
            territory_id=locked.commune_id,
        )
    return locked


def _acknowledged_differences(payroll: PayrollMonth, acknowledgement: str) -> list[Difference]:
    """The list's lines that differ from the law (periodic review); refused without an acknowledgement."""
    differences = selectors.review_differences(payroll)
    if differences and not acknowledgement:
        raise ValidationError(
            {
                "acknowledgement": (
                    f"Danh sách còn {len(differences)} dòng có số tiền khác quy định (theo rà soát định kỳ): "
                    "hãy lập hồ sơ điều chỉnh, thôi hưởng trước, hoặc ghi lý do vẫn duyệt. Chưa duyệt danh sách."
                )
            }
        )
    return differences


def _record_offsets(actor: Actor, payroll: PayrollMonth) -> None:
    for line in payroll.lines.filter(recovery_amount__gt=0):
        remaining = line.recovery_amount
        for recovery in (
            Recovery.objects.select_for_update()
            .filter(person_id=line.person_id, status=RecoveryStatus.OPEN, balance__gt=0)
            .order_by("month", "pk")
        ):
            if remaining <= 0:
                break
            amount = min(remaining, recovery.balance)
            _move(
                actor,
                recovery,
                MovementKind.OFFSET,
                amount,
                payroll.month,
                f"Khấu trừ danh sách {payroll.month:%m/%Y}",
                line,
            )
            remaining -= amount


def payroll_send(*, actor: Actor, payroll: PayrollMonth) -> PayrollMonth:
    """Record that the approved list went to the post office (before the 25th; domain.md §8)."""
    require(payroll_policy.can(actor, PayrollAction.SEND, payroll))
    with transaction.atomic():
        locked = PayrollMonth.objects.select_for_update().get(pk=payroll.pk)
        if locked.status in POST_OFFICE_STATUSES:
            return locked
        if locked.status != PayrollStatus.APPROVED:
            raise ValidationError({"status": "Danh sách phải được duyệt trước khi gửi bưu điện."})
        locked.status, locked.sent_at, locked.sent_by_id = PayrollStatus.SENT, timezone.now(), actor.pk
        locked.save(update_fields=["status", "sent_at", "sent_by"])
        record_event(
            actor=actor,
            action="payments.payroll_send",
            obj=locked,
            before={"status": PayrollStatus.APPROVED},
            after={"status": locked.status, "late": locked.sent_at.date() > locked.send_deadline},
            territory_id=locked.commune_id,
        )
    return locked


# --- post office results -------------------------------------------------------------------------


@dataclass(frozen=True)
class LineResult:
    """One line's result as the post office gives it (on screen or from its XLSX). `reason` is why an
    already recorded result is corrected; a first result needs none."""

    line_id: int
    paid_on: date | None = None
    paid_to_name: str = ""
    paid_to_kind: str = ""
    not_paid_reason: str = ""
    reason: str = ""

    def normalised(self) -> tuple[date | None, str, str, str]:
        """(paid_on, paid_to_name, paid_to_kind, not_paid_reason) as they are stored."""
        if self.paid_on is not None:
            return self.paid_on, " ".join(self.paid_to_name.split()), self.paid_to_kind, ""
        return None, "", "", " ".join(self.not_paid_reason.split())


@dataclass(frozen=True)
class ResultsOutcome:
    """What a recording changed: first results, corrections, and results already recorded as given."""

    recorded: int = 0
    corrected: int = 0
    unchanged: int = 0
    violations: int = 0

    @property
    def changed(self) -> int:
        return self.recorded + self.corrected


RESULT_FIELDS = [
    "paid_on",
    "paid_to_name",
    "paid_to_kind",
    "not_paid_reason",
    "result_recorded_at",
    "violation",
    "violation_reason",
    "violation_cleared",
    "violation_cleared_reason",
]


def recorded_result(line: PayrollLine) -> tuple[date | None, str, str, str]:
    return line.paid_on, line.paid_to_name, line.paid_to_kind, line.not_paid_reason


def describe_result(line: PayrollLine) -> str:
    """The recorded result in words, for messages ("đã chi 05/03/2024 cho Nguyễn Văn An")."""
    if line.paid_on is not None:
        return f"đã chi {line.paid_on:%d/%m/%Y} cho {line.paid_to_name}"
    if line.not_paid_reason:
        return f"chưa nhận: {line.not_paid_reason}"
    return "chưa có kết quả"


def result_snapshot(line: PayrollLine) -> dict[str, object]:
    """What the audit keeps of a line's result: the line, the person, the payee, the day, the amount
    and the violation flag (never the category: 5.3 and 5.8 would tell HIV status)."""
    return {
        "line": line.pk,
        "month": f"{line.month:%m/%Y}",
        "person": line.person_id,
        "person_name": line.person.full_name,
        "amount": line.total,
        "paid_on": line.paid_on.isoformat() if line.paid_on else None,
        "paid_to_kind": line.paid_to_kind,
        "paid_to_name": line.paid_to_name,
        "not_paid_reason": line.not_paid_reason,
        "violation": line.violation,
        "violation_reason": line.violation_reason,
    }


def payment_results_apply(*, actor: Actor, payroll: PayrollMonth, results: Sequence[LineResult]) -> ResultsOutcome:
    """Apply a set of results to a sent list, all or nothing. Errors are keyed "results" with one
    message per bad row. A payment to someone who is neither the beneficiary, nor a person holding a
    valid authorisation on the day, nor the guardian is flagged as a violation (domain.md §8), and so is
    a payment "in person" dated after the beneficiary's recorded death or declared disappearance; a
    funeral line paid to its named payee is not.

    The lines are locked: a result identical to the one recorded changes nothing and records nothing
    (a second click, a second upload of the same file, two identical posts at once); changing a
    recorded result is a correction and needs a reason; a violation it clears stays on the line
    (`violation_cleared`). Every changed line gets its own audit event with before and after."""
    require(payroll_policy.can(actor, PayrollAction.RECORD_RESULTS, payroll))
    errors = _check_results(payroll, results)
    if errors:
        raise ValidationError({"results": errors})
    with transaction.atomic():
        locked = PayrollMonth.objects.select_for_update().get(pk=payroll.pk)
        if locked.status != PayrollStatus.SENT:
            raise ValidationError({"results": ["Danh sách không còn nhận kết quả chi trả."]})
        lines = {
            line.pk: line
            for line in PayrollLine.objects.select_for_update(of=("self",))
            .select_related("person", "person__guardian")
            .filter(payroll=locked, pk__in=[result.line_id for result in results])
        }
        changes = _result_changes(lines, results)
        authorisations = _authorisations_of({lines[result.line_id].person_id for result, _before in changes})
        now = timezone.now()
        events = []
        for result, before in changes:
            line = lines[result.line_id]
            _set_result(line, result, authorisations.get(line.person_id, []), now)
            events.append(
                build_event(
                    actor=actor,
                    action="payments.result_correct" if before is not None else "payments.result_record",
                    obj=line,
                    before=before,
                    after=result_snapshot(line),
                    reason=" ".join(result.reason.split()) if before is not None else "",
                    territory_id=line.commune_id,
                )
            )
        changed = [lines[result.line_id] for result, _before in changes]
        PayrollLine.objects.bulk_update(changed, RESULT_FIELDS, batch_size=1000)
        record_events_bulk(events)
        stages.insert_death_recoveries((line.pk for line in changed if line.violation), now)
        outcome = ResultsOutcome(
            recorded=sum(1 for _result, before in changes if before is None),
            corrected=sum(1 for _result, before in changes if before is not None),
            unchanged=len(results) - len(changes),
            violations=sum(1 for line in changed if line.violation),
        )
        if len(changes) > 1:
            record_event(
                actor=actor,
                action="payments.results_apply",
                obj=locked,
                after={
                    "lines": len(results),
                    "recorded": outcome.recorded,
                    "corrected": outcome.corrected,
                    "unchanged": outcome.unchanged,
                    "paid": sum(1 for line in changed if line.paid_on),
                    "violations": outcome.violations,
                },
                territory_id=locked.commune_id,
            )
    return outcome


def _result_changes(
    lines: dict[int, PayrollLine], results: Sequence[LineResult]
) -> list[tuple[LineResult, dict[str, object] | None]]:
    """The results that change their line, each with the line's result before (None: a first
    result). Read under the lines' locks: a correction without a reason refuses the whole set."""
    changes: list[tuple[LineResult, dict[str, object] | None]] = []
    errors: list[str] = []
    for result in results:
        line = lines[result.line_id]
        if result.normalised() == recorded_result(line):
            continue
        if not line.has_result:
            changes.append((result, None))
        elif not result.reason.strip():
            errors.append(
                f"Dòng mã {line.pk} ({line.person.full_name}) đã ghi kết quả ({describe_result(line)}): "
                "muốn sửa phải ghi lý do sửa."
            )
        else:
            changes.append((result, result_snapshot(line)))
    if errors:
        raise ValidationError({"results": errors})
    return changes


def _set_result(line: PayrollLine, result: LineResult, authorisations: list[Authorisation], now: datetime) -> None:
    was_violation, was_reason = line.violation, line.violation_reason
    line.paid_on, line.paid_to_name, line.paid_to_kind, line.not_paid_reason = result.normalised()
    line.result_recorded_at = now
    line.violation_reason = _violation(line, authorisations)
    line.violation = bool(line.violation_reason)
    if was_violation and not line.violation:
        line.violation_cleared = was_reason
        line.violation_cleared_reason = " ".join(result.reason.split())[:255]


def _check_results(payroll: PayrollMonth, results: Sequence[LineResult]) -> list[str]:
    errors: list[str] = []
    known = set(payroll.lines.values_list("pk", flat=True))
    seen: set[int] = set()
    today = timezone.localdate()
    for number, result in enumerate(results, start=1):
        where = f"Dòng {number}"
        if result.line_id not in known:
            errors.append(f"{where}: không thuộc danh sách này.")
            continue
        if result.line_id in seen:
            errors.append(f"{where}: trùng với một dòng đã có kết quả trong cùng lần ghi.")
        seen.add(result.line_id)
        if result.paid_on is None and not result.not_paid_reason.strip():
            errors.append(f"{where}: ghi ngày chi trả hoặc lý do chưa chi trả.")
        if result.paid_on is not None and result.not_paid_reason.strip():
            errors.append(f"{where}: đã ghi ngày chi trả thì không ghi lý do chưa chi trả.")
        if result.paid_on is not None:
            if result.paid_on > today:
                errors.append(f"{where}: ngày chi trả {result.paid_on:%d/%m/%Y} ở tương lai.")
            if result.paid_on < YearMonth.of(payroll.month).add(-1).first_day:
                errors.append(f"{where}: ngày chi trả {result.paid_on:%d/%m/%Y} trước kỳ chi trả.")
            if not result.paid_to_name.strip():
                errors.append(f"{where}: ghi họ tên người đã nhận tiền.")
            if result.paid_to_kind not in PayeeKind.values:
                errors.append(
                    f"{where}: người nhận phải là đối tượng, người được ủy quyền, người giám hộ hoặc người khác."
                )
    return errors


def _authorisations_of(person_ids: set[int]) -> dict[int, list[Authorisation]]:
    found: dict[int, list[Authorisation]] = {}
    for authorisation in Authorisation.objects.filter(person_id__in=person_ids):
        found.setdefault(authorisation.person_id, []).append(authorisation)
    return found


DEATH_VIOLATION_PREFIX = "Ghi chi tận tay cho người hưởng nhưng người hưởng đã"


def _gone_before(person: Person, paid_on: date) -> str:
    """Why nobody can have been paid in person on `paid_on`: recorded dead, or declared missing, before it."""
    if person.life_status == LifeStatus.DEAD and person.death_date is not None and paid_on > person.death_date:
        return f"Ghi chi tận tay cho người hưởng nhưng người hưởng đã chết ngày {person.death_date:%d/%m/%Y}."
    if person.life_status == LifeStatus.MISSING and person.missing_on is not None and paid_on > person.missing_on:
        return (
            "Ghi chi tận tay cho người hưởng nhưng người hưởng đã bị tuyên bố mất tích "
            f"ngày {person.missing_on:%d/%m/%Y}."
        )
    return ""


def _violation(line: PayrollLine, authorisations: list[Authorisation]) -> str:
    """Why this payment breaks the rule of domain.md §8, or "" when it does not."""
    if line.paid_on is None:
        return ""
    name = fold(line.paid_to_name)
    if line.kind in ONE_OFF_LINE_KINDS:
        if name == fold(line.payee_name):
            return ""
        return f"Chi {line.get_kind_display().lower()} cho người không có tên trong quyết định."
    person = line.person
    died = _gone_before(person, line.paid_on)
    if died and (line.paid_to_kind == PayeeKind.BENEFICIARY or name == fold(person.full_name)):
        return died
    if name == fold(person.full_name):
        return ""
    if person.guardian is not None and name == fold(person.guardian.full_name):
        return ""
    if any(fold(a.authorised_name) == name and a.is_valid_on(line.paid_on) for a in authorisations):
        return ""
    if any(fold(a.authorised_name) == name for a in authorisations):
        return "Giấy ủy quyền không còn hiệu lực vào ngày chi trả."
    return "Chi cho người không phải đối tượng, người giám hộ hay người được ủy quyền hợp lệ."


def post_office_report_submit(*, actor: Actor, month: YearMonth, notes: str = "") -> PostOfficeReport:
    """The post office's monthly report (before the 20th): every line of the lists sent to it for the
    month must have a result; the lists become "reported". Submitting twice changes nothing."""
    require(payroll_policy.can_record_results(actor) and actor.scope_unit_id is not None)
    assert actor.scope_unit_id is not None
    district = AdministrativeUnit.objects.get(pk=actor.scope_unit_id)
    with transaction.atomic():
        existing = PostOfficeReport.objects.select_for_update().filter(district=district, month=month.first_day).first()
        if existing is not None:
            return existing
        payrolls = (
            payroll_policy.visible(actor).select_for_update().filter(month=month.first_day, status=PayrollStatus.SENT)
        )
        if not payrolls:
            raise ValidationError({"month": f"Không có danh sách tháng {month.display()} đang chờ báo cáo."})
        lines = PayrollLine.objects.filter(payroll__in=payrolls)
        missing = lines.filter(paid_on__isnull=True, not_paid_reason="").count()
        if missing:
            raise ValidationError({"month": f"Còn {missing} dòng chưa ghi kết quả chi trả."})
        paid = lines.filter(paid_on__isnull=False).aggregate(total=Sum("total"))
        unpaid = lines.filter(paid_on__isnull=True).aggregate(total=Sum("total"))
        now = timezone.now()
        report = PostOfficeReport.objects.create(
            district=district,
            month=month.first_day,
            due_on=stages.report_deadline(month),
            submitted_at=now,
            submitted_by_id=actor.pk,
            paid_count=lines.filter(paid_on__isnull=False).count(),
            paid_total=int(paid["total"] or 0),
            unpaid_count=lines.filter(paid_on__isnull=True).count(),
            unpaid_total=int(unpaid["total"] or 0),
            notes=notes.strip(),
        )
        PayrollMonth.objects.filter(pk__in=[p.pk for p in payrolls]).update(
            status=PayrollStatus.REPORTED, reported_at=now
        )
        record_event(
            actor=actor,
            action="payments.report_submit",
            obj=report,
            after={"paid_total": report.paid_total, "unpaid_total": report.unpaid_total, "late": report.is_late},
            territory_id=district.pk,
        )
    return report


def service_feedback_record(
    *,
    actor: Actor,
    commune: AdministrativeUnit,
    month: YearMonth,
    rating: int,
    comment: str = "",
    line: PayrollLine | None = None,
) -> ServiceFeedback:
    require(payroll_policy.can_record_results(actor) and payroll_policy.covers(actor, commune.pk))
    if line is not None:
        require(payroll_policy.visible_lines(actor).filter(pk=line.pk).exists())
    if not 1 <= rating <= 5:
        raise ValidationError({"rating": "Mức hài lòng từ 1 đến 5."})
    with transaction.atomic():
        feedback = ServiceFeedback.objects.create(
            commune=commune,
            month=month.first_day,
            line=line,
            rating=rating,
            comment=comment.strip(),
            recorded_by_id=actor.pk,
        )
        record_event(
            actor=actor,
            action="payments.feedback_record",
            obj=feedback,
            after={"rating": rating},
            territory_id=commune.pk,
        )
        feedback_recorded(feedback, actor)
    return feedback


# --- authorisations ------------------------------------------------------------------------------


def authorisation_create(
    *,
    actor: Actor,
    person: Person,
    authorised_name: str,
    reference: str,
    valid_from: date,
    valid_to: date | None = None,
    authorised_citizen_id: str = "",
    relation: str = "",
    scan: UploadedFile | None = None,
) -> Authorisation:
    require(payroll_policy.can_keep_authorisations(actor, person))
    errors: dict[str, str] = {}
    if not authorised_name.strip():
        errors["authorised_name"] = "Ghi họ tên người được ủy quyền."
    if not reference.strip():
        errors["reference"] = "Ghi số, ngày của giấy ủy quyền."
    if valid_to is not None and valid_to < valid_from:
        errors["valid_to"] = "Ngày hết hiệu lực phải sau ngày có hiệu lực."
    citizen_id = authorised_citizen_id.strip()
    if citizen_id and not (citizen_id.isdigit() and len(citizen_id) == 12):
        errors["authorised_citizen_id"] = "Số CCCD gồm 12 chữ số."
    if fold(authorised_name) == fold(person.full_name):
        errors["authorised_name"] = "Người được ủy quyền phải là người khác với người hưởng."
    if errors:
        raise ValidationError(errors)
    checked = checked_upload(scan, SCAN, field="scan") if scan is not None else None
    with transaction.atomic():
        authorisation = Authorisation(
            person=person,
            authorised_name=" ".join(authorised_name.split()),
            authorised_citizen_id=citizen_id,
            relation=relation.strip(),
            valid_from=valid_from,
            valid_to=valid_to,
            reference=reference.strip(),
            commune_id=person.commune_id,
            province_code=person.province_code,
            created_by_id=actor.pk,
        )
        if checked is not None:
            authorisation.scan.save(checked.name, checked, save=False)
        authorisation.save()
        record_event(
            actor=actor,
            action="payments.authorisation_create",
            obj=authorisation,
            after={
                "person": person.pk,
                "authorised_name": authorisation.authorised_name,
                "valid_from": valid_from.isoformat(),
                "valid_to": valid_to.isoformat() if valid_to else None,
            },
            territory_id=person.commune_id,
        )
    return authorisation


def authorisation_revoke(*, actor: Actor, authorisation: Authorisation, on: date, reason: str) -> Authorisation:
    require(payroll_policy.can_keep_authorisations(actor, authorisation.person))
    if not reason.strip():
        raise ValidationError({"reason": "Ghi lý do hủy giấy ủy quyền."})
    with transaction.atomic():
        locked = Authorisation.objects.select_for_update().get(pk=authorisation.pk)
        if locked.revoked_on is not None:
            return locked
        locked.revoked_on, locked.revoked_reason = on, reason.strip()
        locked.save(update_fields=["revoked_on", "revoked_reason"])
        record_event(
            actor=actor,
            action="payments.authorisation_revoke",
            obj=locked,
            after={"revoked_on": on.isoformat()},
            reason=reason.strip(),
            territory_id=locked.commune_id,
        )
    return locked


# --- recoveries ----------------------------------------------------------------------------------


def recoveries_detect(
    *, actor: Actor | None, commune: AdministrativeUnit | None = None, person: Person | None = None
) -> int:
    """Create a recovery for every paid regular line whose month is no longer payable (a death,
    a stop or a move effective earlier; domain.md §8). Idempotent (one recovery per line).
    Callable after a death or a stop decision is recorded."""
    if actor is not None:  # the lines in the actor's scope: a labour office's are those of its archive months
        require(payroll_policy.can_generate_some_month(actor))
    with transaction.atomic():
        scope = (
            [commune.pk]
            if commune is not None
            else (
                list(covered_unit_id_list(actor.scope_unit_id)) if actor is not None and actor.scope_unit_id else None
            )
        )
        created = _detect(commune_ids=scope, person=person, actor=actor)
        if created:
            record_event(
                actor=actor,
                action="payments.recoveries_detect",
                after={"created": created},
                territory_id=commune.pk if commune is not None else None,
            )
    return created


def _detect(*, commune_ids: list[int] | None, person: Person | None, actor: Actor | None = None) -> int:
    flagged = _flag_paid_after_death(
        actor, PayrollLine.objects.filter(commune_id__in=commune_ids) if commune_ids is not None else None, person
    )
    return flagged + stages.insert_recoveries(commune_ids, person.pk if person is not None else None, timezone.now())


def paid_in_person_after_death() -> Q:
    """Lines recorded as paid "in person" after the beneficiary's recorded death or declared
    disappearance (the same condition as `payroll.IN_PERSON_AFTER_DEATH`)."""
    return (
        Q(paid_on__isnull=False, paid_to_kind=PayeeKind.BENEFICIARY)
        & ~Q(kind__in=ONE_OFF_LINE_KINDS)
        & (
            Q(person__life_status=LifeStatus.DEAD, paid_on__gt=F("person__death_date"))
            | Q(
                person__life_status=LifeStatus.MISSING,
                person__missing_on__isnull=False,
                paid_on__gt=F("person__missing_on"),
            )
        )
    )


def death_flag_payments(actor: Actor, person: Person) -> None:
    """Registered with `registry.life_events`: when a death (or a declared disappearance) is recorded
    after the post office reported paying the person in person on a later day, those lines become
    violations now, each with its audit event, and each opens a recovery owed by the payer, never by
    the deceased. Runs inside the register's transaction."""
    _flag_paid_after_death(actor, None, person)


def _flag_paid_after_death(actor: Actor | None, lines: QuerySet[PayrollLine] | None, person: Person | None) -> int:
    """Flag (set-based, under row locks) the lines paid in person after a death not yet flagged for it;
    open their recoveries. Returns how many recoveries were opened."""
    scope = PayrollLine.objects.all() if lines is None else lines
    if person is not None:
        scope = scope.filter(person_id=person.pk)
    found = list(
        scope.filter(paid_in_person_after_death())
        .exclude(violation=True, violation_reason__startswith=DEATH_VIOLATION_PREFIX)
        .select_for_update(of=("self",))
        .select_related("person")
        .order_by("pk")
    )
    now = timezone.now()
    events = []
    for line in found:
        before = result_snapshot(line)
        line.violation_reason = _gone_before(line.person, line.paid_on) if line.paid_on else ""
        line.violation = True
        events.append(
            build_event(
                actor=actor,
                action="payments.result_death_flag",
                obj=line,
                before=before,
                after=result_snapshot(line),
                reason=line.violation_reason,
                territory_id=line.commune_id,
            )
        )
    if not found:
        return 0
    PayrollLine.objects.bulk_update(found, ["violation", "violation_reason"], batch_size=1000)
    record_events_bulk(events)
    return stages.insert_death_recoveries((line.pk for line in found), now)


def _move(
    actor: Actor | None,
    recovery: Recovery,
    kind: str,
    amount: int,
    on: date,
    reference: str,
    line: PayrollLine | None = None,
) -> RecoveryMovement:
    movement = RecoveryMovement.objects.create(
        recovery=recovery,
        kind=kind,
        amount=amount,
        on=on,
        reference=reference,
        line=line,
        recorded_by_id=actor.pk if actor is not None and actor.is_authenticated else None,
    )
    before = {"balance": recovery.balance, "status": recovery.status}
    recovery.balance -= amount
    if recovery.balance == 0:
        recovery.status = {
            MovementKind.REPAYMENT: RecoveryStatus.REPAID,
            MovementKind.OFFSET: RecoveryStatus.OFFSET,
            MovementKind.WRITE_OFF: RecoveryStatus.WRITTEN_OFF,
        }[MovementKind(kind)]
    recovery.save(update_fields=["balance", "status"])
    record_event(
        actor=actor,
        action=f"payments.recovery_{kind}",
        obj=recovery,
        before=before,
        after={"balance": recovery.balance, "status": recovery.status, "amount": amount, "reference": reference},
        territory_id=recovery.commune_id,
    )
    return movement


def recovery_repay(*, actor: Actor, recovery: Recovery, amount: int, on: date, reference: str = "") -> RecoveryMovement:
    """Money paid back by the debtor (receipt reference)."""
    require(payroll_policy.can_recovery(actor, RecoveryAction.REPAY, recovery))
    with transaction.atomic():
        locked = Recovery.objects.select_for_update().get(pk=recovery.pk)
        if locked.status != RecoveryStatus.OPEN:
            raise ValidationError({"amount": "Khoản thu hồi đã tất toán."})
        if not 0 < amount <= locked.balance:
            raise ValidationError(
                {"amount": f"Số tiền nộp lại phải từ 1 đến {locked.balance:,} đồng.".replace(",", ".")}
            )
        if on > timezone.localdate():
            raise ValidationError({"on": "Ngày nộp lại ở tương lai."})
        return _move(actor, locked, MovementKind.REPAYMENT, amount, on, reference.strip())


def recovery_write_off(
    *, actor: Actor, recovery: Recovery, decision_reference: str, on: date, reason: str = ""
) -> RecoveryMovement:
    """Write off what remains, by a decision (its number and date are required)."""
    require(payroll_policy.can_recovery(actor, RecoveryAction.WRITE_OFF, recovery))
    if not decision_reference.strip():
        raise ValidationError({"decision_reference": "Miễn thu hồi phải có số, ngày quyết định."})
    with transaction.atomic():
        locked = Recovery.objects.select_for_update().get(pk=recovery.pk)
        if locked.status != RecoveryStatus.OPEN or locked.balance <= 0:
            raise ValidationError({"decision_reference": "Khoản thu hồi đã tất toán."})
        movement = _move(actor, locked, MovementKind.WRITE_OFF, locked.balance, on, decision_reference.strip())
        movement.note = reason.strip()[:255]
        movement.save(update_fields=["note"])
        return movement


def offset_setting_set(
    *, actor: Actor, district: AdministrativeUnit, offset_recoveries: bool, reference: str = ""
) -> OffsetSetting:
    """The district's choice to offset open recoveries against later payments."""
    require(payroll_policy.can_set_offsetting(actor, district.pk))
    if district.level != UnitLevel.DISTRICT:
        raise ValidationError({"district": "Chọn một huyện."})
    with transaction.atomic():
        setting, _ = OffsetSetting.objects.select_for_update().get_or_create(district=district)
        before = {"offset_recoveries": setting.offset_recoveries}
        setting.offset_recoveries, setting.reference, setting.changed_by_id = (
            offset_recoveries,
            reference.strip(),
            actor.pk,
        )
        setting.save()
        record_event(
            actor=actor,
            action="payments.offset_setting",
            obj=setting,
            before=before,
            after={"offset_recoveries": offset_recoveries, "reference": setting.reference},
            territory_id=district.pk,
        )
    return setting


# --- suspension proposals (TT 02/2021 Art 2(3)(a)) ------------------------------------------------


def unpaid_three_months(month: YearMonth, communes: list[int]) -> list[int]:
    """People whose lines of the three months before `month` were all not paid (each month listed).
    The unpaid lines are read first (the partial index payments_line_unpaid: about 2% of a month);
    the other lines are read only for the people unpaid in every one of the months."""
    months = [month.add(-n).first_day for n in range(1, UNPAID_MONTHS_FOR_SUSPENSION + 1)]
    lines = PayrollLine.objects.filter(month__in=months, commune_id__in=communes).order_by()
    unpaid = lines.filter(paid_on__isnull=True).exclude(not_paid_reason="")
    by_person: dict[int, set[date]] = {}
    for person_id, line_month in unpaid.values_list("person_id", "month"):
        by_person.setdefault(person_id, set()).add(line_month)
    candidates = [p for p, seen in by_person.items() if len(seen) == len(months)]
    if not candidates:
        return []
    paid_people = set(
        lines.filter(person_id__in=candidates)
        .filter(Q(paid_on__isnull=False) | Q(not_paid_reason=""))
        .values_list("person_id", flat=True)
    )
    return sorted(p for p in candidates if p not in paid_people)


def _propose_suspensions(actor: Actor, month: YearMonth, communes: list[int]) -> int:
    """One suspension dossier per open entitlement of each person unpaid for three months, unless one
    was opened since the first of those months or the entitlement is already suspended."""
    since = month.add(-UNPAID_MONTHS_FOR_SUSPENSION).first_day
    opened = 0
    people = unpaid_three_months(month, communes)
    entitlements = (
        Entitlement.objects.filter(person_id__in=people, end_month__isnull=True)
        .exclude(suspensions__to_month__isnull=True, suspensions__isnull=False)
        .select_related("person")
        .order_by("person_id", "category_code")
    )
    for entitlement in entitlements:
        if Dossier.objects.filter(
            person_id=entitlement.person_id, kind=SUSPEND_DOSSIER, entitlement=entitlement, created_at__date__gte=since
        ).exists():
            continue
        try:
            dossier_open(
                actor=actor,
                person=entitlement.person,
                kind=SUSPEND_DOSSIER,
                ground=SUSPEND_GROUND,
                ground_date=month.add(-1).last_day,
                proposed_month=month.first_day,
                entitlement=entitlement,
            )
        except ValidationError:
            continue  # the cases app refuses (e.g. a dossier already open): nothing to add
        opened += 1
    return opened


def suspensions_propose(*, actor: Actor, month: YearMonth, commune: AdministrativeUnit | None = None) -> int:
    """Open a suspension dossier (once) for everyone not paid three consecutive months before `month`."""
    require(payroll_policy.can_generate(actor, month))
    communes = [commune.pk] if commune is not None else list(covered_unit_id_list(actor.scope_unit_id or 0))
    with transaction.atomic():
        return _propose_suspensions(actor, month, communes)


def document_taken(*, actor: Actor, document: str, month: YearMonth, payroll: PayrollMonth | None = None) -> None:
    """A payment list or summary leaving the system carries names and amounts: the audit log keeps
    who took which file, for which month (as the register's export does). The view has already
    checked that the actor may read it."""
    with transaction.atomic():
        record_event(
            actor=actor,
            action="payments.document_taken",
            obj=payroll,
            after={"document": document, "month": str(month)},
            territory_id=payroll.commune_id if payroll is not None else actor.scope_unit_id,
        )
