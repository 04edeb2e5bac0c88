"""Actions on register import jobs (the import's own rows are checked and written in imports.py):
the officer's decision on each likely duplicate, confirming, retrying a failed step, and failing
the jobs whose worker died. Each one checks the policy, changes the job with a conditional update
(a second click changes nothing) and records its event in the same transaction."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from ansinh.audit.events import record_event
from ansinh.cases.imports import (
    NEW,
    SAME,
    Likely,
    decision_problems,
    undecided_message,
    unit_undecided_message,
)
from ansinh.cases.models import ImportStatus, ImportStep, RegisterImport
from ansinh.cases.tasks import apply_register_import_task, check_register_import
from ansinh.core.access import Actor, require
from ansinh.registry.policies import person_policy

STALLED = (
    "Không thấy tiến triển sau {minutes} phút ({step}): máy xử lý nền có thể đã dừng giữa chừng; "
    "chưa ghi gì vào sổ. Bấm “Thử lại”."
)


def likely_of(job: RegisterImport) -> dict[int, Likely]:
    """The likely duplicates found by the job's last check, by row number."""
    return {int(entry["row"]): Likely(**entry) for entry in job.report.get("likely", [])}


def register_import_decide(
    *, actor: Actor, job: RegisterImport, row: int, choice: str, person: int | None = None
) -> None:
    """Record the officer's answer for one likely duplicate: "same" (the register's `person`, or the
    earlier row of the file when `person` is None) or "new"."""
    require(person_policy.can_create_in(actor, job.commune_id))
    likely = likely_of(job).get(row)
    if likely is None:
        raise ValidationError(f"Dòng {row} không phải dòng có thể trùng cần chọn.")
    decision = _decision(likely, choice, person)
    with transaction.atomic():
        locked = RegisterImport.objects.select_for_update().get(pk=job.pk)
        _require_checked(locked)
        before = locked.duplicate_decisions.get(str(row))
        if before == decision:
            return
        locked.duplicate_decisions = {**locked.duplicate_decisions, str(row): decision}
        locked.save(update_fields=["duplicate_decisions"])
        _record_decisions(actor, locked, {row: (before, decision)})
    job.duplicate_decisions = locked.duplicate_decisions


def register_import_decide_all_same(*, actor: Actor, job: RegisterImport) -> list[int]:
    """Answer "same person" for every undecided likely duplicate with a single candidate (one person
    of the register, or only an earlier row). Returns the rows left for the officer: several candidates."""
    require(person_policy.can_create_in(actor, job.commune_id))
    with transaction.atomic():
        locked = RegisterImport.objects.select_for_update().get(pk=job.pk)
        _require_checked(locked)
        decisions = dict(locked.duplicate_decisions)
        changes: dict[int, tuple[Any, dict[str, Any]]] = {}
        left = []
        for number, likely in likely_of(locked).items():
            if str(number) in decisions:
                continue
            options = [{"choice": SAME, "person": person["id"]} for person in likely.people]
            if likely.file_row is not None:
                options.append({"choice": SAME, "row": likely.file_row})
            if len(options) != 1:
                left.append(number)
                continue
            decisions[str(number)] = options[0]
            changes[number] = (None, options[0])
        if changes:
            locked.duplicate_decisions = decisions
            locked.save(update_fields=["duplicate_decisions"])
            _record_decisions(actor, locked, changes)
    job.duplicate_decisions = locked.duplicate_decisions
    return left


def unit_questions_of(job: RegisterImport) -> dict[int, dict[str, Any]]:
    """The rows of the job's last check whose unit the officer must pick (imports.UnitQuestion), by row."""
    return {int(entry["row"]): entry for entry in job.report.get("units", [])}


def unplaced_rows(job: RegisterImport) -> list[int]:
    """The rows asking for a unit that the officer has not answered."""
    return [number for number in unit_questions_of(job) if str(number) not in job.unit_decisions]


def register_import_choose_unit(*, actor: Actor, job: RegisterImport, row: int, unit: int) -> None:
    """Record the officer's answer for a row without a start month whose commune code names several units:
    the unit the row's person (and entitlement) goes to. Used when the job is written (re-checked)."""
    require(person_policy.can_create_in(actor, job.commune_id))
    question = unit_questions_of(job).get(row)
    if question is None:
        raise ValidationError(f"Dòng {row} không phải dòng cần chọn xã.")
    if unit not in {option["id"] for option in question["options"]}:
        raise ValidationError(f"Xã được chọn không phải một đơn vị mang mã {question['code']}: không thay đổi gì.")
    with transaction.atomic():
        locked = RegisterImport.objects.select_for_update().get(pk=job.pk)
        _require_checked(locked)
        before = locked.unit_decisions.get(str(row))
        if before == unit:
            return
        locked.unit_decisions = {**locked.unit_decisions, str(row): unit}
        locked.save(update_fields=["unit_decisions"])
        record_event(
            actor=actor,
            action="cases.register_import_unit",
            obj=locked,
            before={"row": row, "unit": before} if before else None,
            after={"row": row, "unit": unit, "code": question["code"]},
            reason="Chọn xã cho dòng không có tháng hưởng (mã xã của nhiều đơn vị)",
            territory_id=locked.commune_id,
        )
    job.unit_decisions = locked.unit_decisions


def _decision(likely: Likely, choice: str, person: int | None) -> dict[str, Any]:
    if choice == NEW:
        return {"choice": NEW}
    if choice != SAME:
        raise ValidationError("Hãy chọn “cùng người” hoặc “người khác”.")
    if person is None:
        if likely.file_row is None:
            raise ValidationError("Hãy chọn người đã có trong sổ.")
        return {"choice": SAME, "row": likely.file_row}
    if person not in {candidate["id"] for candidate in likely.people}:
        raise ValidationError(f"Người được chọn không phải người có thể trùng với dòng {likely.row}.")
    return {"choice": SAME, "person": person}


def _require_checked(job: RegisterImport) -> None:
    if job.status != ImportStatus.CHECKED:
        raise ValidationError("Chỉ chọn được khi tệp đã kiểm tra xong và chưa xác nhận: không thay đổi gì.")


def _record_decisions(actor: Actor, job: RegisterImport, changes: Mapping[int, tuple[Any, dict[str, Any]]]) -> None:
    for number, (before, after) in changes.items():
        record_event(
            actor=actor,
            action="cases.register_import_decide",
            obj=job,
            before={"row": number, **before} if before else None,
            after={"row": number, **after},
            reason="Chọn cùng người hay người khác cho dòng có thể trùng",
            territory_id=job.commune_id,
        )


def register_import_confirm(*, actor: Actor, job: RegisterImport) -> None:
    """Claim the checked job for writing and queue the write; refused, with nothing changed, while
    a likely duplicate is undecided or when the job is not waiting for confirmation."""
    require(person_policy.can_create_in(actor, job.commune_id))
    if job.status == ImportStatus.CHECKED and (undecided := decision_problems(likely_of(job), job.duplicate_decisions)):
        raise ValidationError(undecided_message(undecided))
    if job.status == ImportStatus.CHECKED and (unplaced := unplaced_rows(job)):
        raise ValidationError(unit_undecided_message(unplaced))
    with transaction.atomic():
        claimed = RegisterImport.objects.filter(pk=job.pk, status=ImportStatus.CHECKED).update(
            status=ImportStatus.APPLYING, failure="", progress_at=timezone.now()
        )
    if not claimed:
        raise ValidationError("Tệp này đã được xác nhận hoặc chưa kiểm tra xong: không ghi thêm gì.")
    apply_register_import_task.enqueue(job.pk, int(actor.pk))


def register_import_retry(*, actor: Actor, job: RegisterImport) -> None:
    """Run the failed step again (the check, or the write as `actor`). Only a failed, retryable job
    is claimed, so a second click does nothing."""
    require(person_policy.can_create_in(actor, job.commune_id))
    step = job.failed_step
    status = ImportStatus.APPLYING if step == ImportStep.APPLY else ImportStatus.CHECKING
    with transaction.atomic():
        claimed = RegisterImport.objects.filter(pk=job.pk, status=ImportStatus.FAILED, retryable=True).update(
            status=status,
            retryable=False,
            failure="",
            finished_at=None,
            checked_rows=0,
            progress_at=timezone.now(),
        )
        if claimed:
            record_event(
                actor=actor,
                action="cases.register_import_retry",
                obj=job,
                after={"step": step},
                territory_id=job.commune_id,
            )
    if not claimed:
        raise ValidationError("Tệp này không ở trạng thái thử lại được (đã thử lại hoặc không lỗi): không làm gì thêm.")
    if status == ImportStatus.APPLYING:
        apply_register_import_task.enqueue(job.pk, int(actor.pk))
    else:
        check_register_import.enqueue(job.pk)


def register_imports_fail_stalled(jobs: QuerySet[RegisterImport] | None = None, *, now: datetime | None = None) -> int:
    """Mark failed, with a retry, every job (of `jobs`) checking or applying that has shown no
    progress for REGISTER_IMPORT_STALL_MINUTES: its worker died (restart, crash, a killed process).
    A job being written holds its row lock and is skipped (PostgreSQL). Run by the import pages
    and by `manage.py fail_stalled_imports`; the system is the actor."""
    minutes = settings.REGISTER_IMPORT_STALL_MINUTES
    limit = (now or timezone.now()) - timedelta(minutes=minutes)
    running = Q(status__in=[ImportStatus.CHECKING, ImportStatus.APPLYING])
    silent = Q(progress_at__lt=limit) | Q(progress_at__isnull=True, created_at__lt=limit)
    queryset = RegisterImport.objects.all() if jobs is None else jobs
    if not queryset.filter(running & silent).exists():
        return 0  # the usual case: a read only, so viewing a page writes nothing
    failed = 0
    with transaction.atomic():
        for job in queryset.select_for_update(skip_locked=True, of=("self",)).filter(running & silent):
            step = ImportStep.APPLY if job.status == ImportStatus.APPLYING else ImportStep.CHECK
            message = STALLED.format(minutes=minutes, step=ImportStep(step).label)
            if RegisterImport.objects.filter(pk=job.pk, status=job.status).update(
                status=ImportStatus.FAILED,
                failed_step=step,
                retryable=True,
                failure=message,
                finished_at=timezone.now(),
            ):
                record_event(
                    actor=None,
                    action="cases.register_import_fail",
                    obj=job,
                    after={"step": step, "retryable": True},
                    reason=message,
                    territory_id=job.commune_id,
                )
                failed += 1
    return failed
