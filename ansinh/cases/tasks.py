"""Background work of the register import (django-tasks, database backend)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from ansinh.accounts.models import User
from ansinh.cases.imports import ImportReport, apply_register_import, check_register_file
from ansinh.cases.models import ImportStatus, RegisterImport
from ansinh.registry.imports import ImportFileError, read_rows


def _count_rows(job: RegisterImport) -> int:
    with job.file.open("rb") as stream:
        _, rows = read_rows(stream)
        return sum(1 for _ in rows)


def _check(job: RegisterImport) -> ImportReport:
    def progress(done: int) -> None:
        RegisterImport.objects.filter(pk=job.pk).update(checked_rows=done)

    with job.file.open("rb") as stream:
        return check_register_file(stream, commune=job.commune, progress=progress)


def _report_json(report: ImportReport) -> dict[str, object]:
    return {
        **report.summary(),
        "warnings": [problem.as_dict() for problem in report.warnings],
        "created_people": report.created_people,
        "created_decisions": report.created_decisions,
    }


@task()
def check_register_import(job_id: int) -> None:
    job = RegisterImport.objects.select_related("commune").get(pk=job_id)
    try:
        total = _count_rows(job)
        RegisterImport.objects.filter(pk=job.pk).update(total_rows=total)
        report = _check(job)
    except ImportFileError as error:
        RegisterImport.objects.filter(pk=job.pk).update(
            status=ImportStatus.FAILED, failure=str(error), finished_at=timezone.now()
        )
        return
    RegisterImport.objects.filter(pk=job.pk).update(
        status=ImportStatus.CHECKED,
        checked_rows=len(report.rows),
        accepted_rows=len(report.accepted),
        report=_report_json(report),
    )


@task()
def apply_register_import_task(job_id: int, user_id: int) -> None:
    """Re-check (the register may have changed since the preview), then write all or nothing."""
    job = RegisterImport.objects.select_related("commune").get(pk=job_id)
    actor = User.objects.get(pk=user_id)
    report = _check(job)
    with transaction.atomic():
        apply_register_import(report, actor=actor, commune=job.commune, file_name=job.file_name)
        RegisterImport.objects.filter(pk=job.pk).update(
            status=ImportStatus.DONE,
            accepted_rows=len(report.accepted),
            report=_report_json(report),
            finished_at=timezone.now(),
        )
