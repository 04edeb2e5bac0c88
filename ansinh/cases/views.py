from __future__ import annotations

from io import BytesIO

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from openpyxl import Workbook
from openpyxl.styles import Font

from ansinh.cases import import_actions
from ansinh.cases.forms import RegisterImportForm
from ansinh.cases.models import RegisterImport
from ansinh.cases.tasks import check_register_import
from ansinh.core.access import ActorRequest, require
from ansinh.core.downloads import file_response
from ansinh.registry.imports import label
from ansinh.registry.policies import person_policy
from ansinh.territory.selectors import covered_unit_ids

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TEMPLATE_EXAMPLE = {
    "full_name": "Nguyễn Văn An",
    "birth": "05/05/1950",
    "sex": "Nam",
    "citizen_id": "024050001234",
    "commune_code": "07444",
    "village": "Thôn Chùa",
    "category": "5.6",
    "disability_level": "Nặng",
    "poverty": "Hộ nghèo",
    "decision_number": "125/QĐ-UBND",
    "decision_date": "12/03/2022",
    "start_month": "03/2022",
    "coefficient": "2,0",  # 5.6 severe, aged 60 or more in 03/2022 (NĐ 20/2021 Art 6(1)(e))
}


def _jobs(request: ActorRequest) -> QuerySet[RegisterImport]:
    jobs = RegisterImport.objects.select_related("commune", "created_by")
    if request.user.scope_unit_id is None:
        return jobs
    return jobs.filter(commune_id__in=covered_unit_ids(request.user.scope_unit_id))


@login_required
def import_start(request: ActorRequest) -> HttpResponse:
    require(person_policy.can_create(request.user))
    form = RegisterImportForm(request.POST or None, request.FILES or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        commune = form.cleaned_data["commune"]
        require(person_policy.can_create_in(request.user, commune.pk))
        upload = form.cleaned_data["file"]
        job = RegisterImport.objects.create(
            commune=commune,
            file=upload,
            file_name=upload.name,
            created_by_id=request.user.pk,
            progress_at=timezone.now(),
        )
        check_register_import.enqueue(job.pk)
        return redirect("cases:import_detail", pk=job.pk)
    import_actions.register_imports_fail_stalled(_jobs(request))
    recent = _jobs(request)[:10]
    return TemplateResponse(request, "cases/import_start.html", {"form": form, "recent": recent})


@login_required
def import_template(request: ActorRequest) -> HttpResponse:
    require(person_policy.can_create(request.user))
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Danh sách"
    sheet.append([label(column) for column in TEMPLATE_EXAMPLE])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.append(list(TEMPLATE_EXAMPLE.values()))
    for column in sheet.columns:
        sheet.column_dimensions[column[0].column_letter].width = 18
    buffer = BytesIO()
    workbook.save(buffer)
    return file_response(buffer.getvalue(), XLSX, "mau-danh-sach-doi-tuong.xlsx")


def _job(request: ActorRequest, pk: int) -> RegisterImport:
    require(person_policy.can_create(request.user))
    return get_object_or_404(_jobs(request), pk=pk)


@login_required
def import_detail(request: ActorRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    if import_actions.register_imports_fail_stalled(_jobs(request).filter(pk=job.pk)):
        job.refresh_from_db()
    template = "cases/_import_job.html" if request.headers.get("HX-Request") else "cases/import_detail.html"
    return TemplateResponse(
        request,
        template,
        {
            "job": job,
            "likely": _likely_rows(job),
            "unit_questions": _unit_rows(job),
            "may_write": _may_write(request, job),
        },
    )


def _may_write(request: ActorRequest, job: RegisterImport) -> bool:
    return person_policy.can_create_in(request.user, job.commune_id)


def _likely_rows(job: RegisterImport) -> list[dict[str, object]]:
    """The likely duplicates with the officer's current answer, for the preview table."""
    rows = []
    for number, likely in import_actions.likely_of(job).items():
        rows.append({"likely": likely, "decision": job.duplicate_decisions.get(str(number))})
    return rows


def _unit_rows(job: RegisterImport) -> list[dict[str, object]]:
    """The rows asking which unit their commune code means, with the officer's current answer."""
    rows = []
    for number, question in import_actions.unit_questions_of(job).items():
        chosen = job.unit_decisions.get(str(number))
        name = next((option["name"] for option in question["options"] if option["id"] == chosen), "")
        rows.append({"question": question, "chosen": chosen, "chosen_name": name})
    return rows


@login_required
@require_POST
def import_confirm(request: ActorRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    try:
        import_actions.register_import_confirm(actor=request.user, job=job)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("cases:import_detail", pk=job.pk)


@login_required
@require_POST
def import_decide(request: ActorRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    row, person = request.POST.get("row", ""), request.POST.get("person", "")
    try:
        if not row.isdigit():
            raise ValidationError("Thiếu số dòng cần chọn.")
        import_actions.register_import_decide(
            actor=request.user,
            job=job,
            row=int(row),
            choice=request.POST.get("choice", ""),
            person=int(person) if person.isdigit() else None,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(f"{reverse('cases:import_detail', args=[job.pk])}#trung-{row}")


@login_required
@require_POST
def import_choose_unit(request: ActorRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    row, unit = request.POST.get("row", ""), request.POST.get("unit", "")
    try:
        if not row.isdigit() or not unit.isdigit():
            raise ValidationError(_("Hãy chọn xã cho dòng."))
        import_actions.register_import_choose_unit(actor=request.user, job=job, row=int(row), unit=int(unit))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(f"{reverse('cases:import_detail', args=[job.pk])}#xa-{row}")


@login_required
@require_POST
def import_decide_all(request: ActorRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    try:
        left = import_actions.register_import_decide_all_same(actor=request.user, job=job)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if left:
            rows = ", ".join(str(number) for number in left)
            messages.warning(request, f"Dòng {rows} có nhiều người có thể trùng: hãy chọn từng dòng.")
    return redirect("cases:import_detail", pk=job.pk)


@login_required
@require_POST
def import_retry(request: ActorRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    try:
        import_actions.register_import_retry(actor=request.user, job=job)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("cases:import_detail", pk=job.pk)
