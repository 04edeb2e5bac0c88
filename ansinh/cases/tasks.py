"""Background work of the register import (django-tasks, database backend).

A job never hangs: every failure of a step marks it failed with a Vietnamese message (the
traceback goes to the log), and a step whose worker died is found by
`import_actions.register_imports_fail_stalled`. Every status change is conditional on the status the
step expects, so a job marked failed meanwhile is never overwritten by a late worker."""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from ansinh.accounts.models import User
from ansinh.audit.events import record_event
from ansinh.cases.imports import ImportReport, ImportUndecided, apply_register_import, check_register_file
from ansinh.cases.models import ImportStatus, ImportStep, RegisterImport
from ansinh.registry.imports import ImportFileError, read_rows

logger = logging.getLogger(__name__)

CHECK_FAILED = (
    "Không kiểm tra xong tệp do lỗi của hệ thống (đã ghi vào nhật ký máy chủ); chưa ghi gì vào sổ. "
    "Bấm “Thử lại”; nếu vẫn lỗi, báo quản trị hệ thống."
)
APPLY_FAILED = (
    "Không ghi được danh sách vào sổ do lỗi của hệ thống (đã ghi vào nhật ký máy chủ); không có dòng nào "
    "được ghi. Bấm “Thử lại”; nếu vẫn lỗi, báo quản trị hệ thống."
)


def _count_rows(job: RegisterImport) -> int:
    with job.file.open("rb") as stream:
        _, rows = read_rows(stream)
        return sum(1 for _ in rows)


def _check(job: RegisterImport, status: str) -> ImportReport:
    def progress(done: int) -> None:
        RegisterImport.objects.filter(pk=job.pk, status=status).update(checked_rows=done, progress_at=timezone.now())

    with job.file.open("rb") as stream:
        return check_register_file(stream, commune=job.commune, progress=progress, unit_choices=job.unit_decisions)


def report_json(report: ImportReport) -> dict[str, object]:
    return {
        **report.summary(),
        "warnings": [problem.as_dict() for problem in report.warnings],
        "likely": [likely.as_dict() for likely in report.likely.values()],
        "units": [question.as_dict() for question in report.units.values()],
        "created_people": report.created_people,
        "created_decisions": report.created_decisions,
        "attached_rows": report.attached_rows,
        "kept_entitlements": report.kept_entitlements,
    }


def fail_job(job: RegisterImport, *, status: str, step: str, message: str, retryable: bool) -> bool:
    """Mark the job failed at `step` if it is still at `status`; recorded as a system event."""
    with transaction.atomic():
        failed = RegisterImport.objects.filter(pk=job.pk, status=status).update(
            status=ImportStatus.FAILED,
            failed_step=step,
            retryable=retryable,
            failure=message,
            finished_at=timezone.now(),
        )
        if failed:
            record_event(
                actor=None,
                action="cases.register_import_fail",
                obj=job,
                after={"step": step, "retryable": retryable},
                reason=message,
                territory_id=job.commune_id,
            )
    return bool(failed)


@task()
def check_register_import(job_id: int) -> None:
    job = RegisterImport.objects.select_related("commune").get(pk=job_id)
    status = ImportStatus.CHECKING
    try:
        total = _count_rows(job)
        RegisterImport.objects.filter(pk=job.pk, status=status).update(total_rows=total, progress_at=timezone.now())
        report = _check(job, status)
    except ImportFileError as error:  # the file itself is wrong: a new upload, not a retry, mends it
        fail_job(job, status=status, step=ImportStep.CHECK, message=str(error), retryable=False)
        return
    except Exception:
        logger.exception("register import %s: checking failed", job.pk)
        fail_job(job, status=status, step=ImportStep.CHECK, message=CHECK_FAILED, retryable=True)
        return
    RegisterImport.objects.filter(pk=job.pk, status=status).update(
        status=ImportStatus.CHECKED,
        checked_rows=len(report.rows),
        accepted_rows=len(report.accepted),
        report=report_json(report),
        progress_at=timezone.now(),
    )


@task()
def apply_register_import_task(job_id: int, user_id: int) -> None:
    """Re-check (the register may have changed since the preview), then write all or nothing.
    A likely duplicate that appeared since the preview, or lost its person, sends the job back to
    the preview with the new report: nothing is written until the officer decides."""
    job = RegisterImport.objects.select_related("commune").get(pk=job_id)
    status = ImportStatus.APPLYING
    try:
        actor = User.objects.get(pk=user_id)
        report = _check(job, status)
        with transaction.atomic():
            # Held until the end, so that the stall check (skip_locked) leaves a job being written alone.
            locked = RegisterImport.objects.select_for_update().get(pk=job.pk)
            if locked.status != status:
                return  # marked failed as stalled meanwhile: its retry will write it
            apply_register_import(
                report,
                actor=actor,
                commune=job.commune,
                file_name=job.file_name,
                decisions=locked.duplicate_decisions,
            )
            RegisterImport.objects.filter(pk=job.pk).update(
                status=ImportStatus.DONE,
                accepted_rows=len(report.accepted),
                report=report_json(report),
                finished_at=timezone.now(),
                progress_at=timezone.now(),
            )
    except ImportUndecided as error:
        RegisterImport.objects.filter(pk=job.pk, status=status).update(
            status=ImportStatus.CHECKED,
            accepted_rows=len(report.accepted),
            report=report_json(report),
            failure=str(error),
            progress_at=timezone.now(),
        )
    except Exception:
        logger.exception("register import %s: applying failed", job.pk)
        fail_job(job, status=status, step=ImportStep.APPLY, message=APPLY_FAILED, retryable=True)
