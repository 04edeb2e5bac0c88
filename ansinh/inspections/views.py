"""Inspection pages. Thin: parse, call one selector or action, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ansinh.core.access import ActorRequest, require
from ansinh.core.downloads import file_response, stored_file_response
from ansinh.core.forms import add_action_errors
from ansinh.inspections import actions, documents, selectors
from ansinh.inspections.forms import (
    CloseForm,
    FindingForm,
    FinishForm,
    PlanForm,
    RecommendationForm,
    SelfStartForm,
    WeightForm,
    plan_choices,
)
from ansinh.inspections.models import AnswerResult, Finding, Inspection, InspectionKind, InspectionPlan, RiskFactor
from ansinh.inspections.policies import inspection_policy
from ansinh.inspections.risk import ranking
from ansinh.territory.models import AdministrativeUnit, UnitLevel


@login_required
def index(request: ActorRequest) -> HttpResponse:
    actor = request.user
    require(inspection_policy.can_read(actor))
    today = timezone.localdate()
    visible = inspection_policy.visible(actor)
    context = {
        "is_planner": inspection_policy.is_planner(actor),
        "is_commune": inspection_policy.is_commune_keeper(actor),
        "plans": InspectionPlan.objects.filter(inspections__in=visible).distinct()[:20],
        "inspections": visible.filter(kind=InspectionKind.EXTERNAL)[:50],
        "self_inspections": selectors.self_inspections(actor)[:100],
        "recommendations": selectors.open_recommendations(actor)[:100],
        "self_form": SelfStartForm(initial={"year": today.year, "half": 1 if today.month <= 6 else 2}),
        "today": today,
    }
    return TemplateResponse(request, "inspections/index.html", context)


@login_required
def plan_create(request: ActorRequest) -> HttpResponse:
    actor = request.user
    require(inspection_policy.is_planner(actor))
    today = timezone.localdate()
    communes = selectors.plannable_communes(actor, today)
    rows = ranking(communes, today)
    form = PlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            plan = actions.plan_create(
                actor=actor,
                as_of=today,
                choices=plan_choices(request.POST, [row.commune_id for row in rows]),
                **form.cleaned_data,
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("Đã lập kế hoạch kiểm tra."))
            return redirect("inspections:plan_detail", pk=plan.pk)
    context = {"form": form, "rows": rows, "today": today, "posted": request.POST}
    return TemplateResponse(request, "inspections/plan_form.html", context, status=400 if form.is_bound else 200)


@login_required
def plan_detail(request: ActorRequest, pk: int) -> HttpResponse:
    visible = inspection_policy.visible(request.user)
    plan = get_object_or_404(InspectionPlan.objects.filter(inspections__in=visible).distinct(), pk=pk)
    context = {"plan": plan, "inspections": visible.filter(plan=plan).order_by("rank")}
    return TemplateResponse(request, "inspections/plan_detail.html", context)


def _inspection(request: ActorRequest, pk: int) -> Inspection:
    return get_object_or_404(inspection_policy.visible(request.user), pk=pk)


def _detail(request: ActorRequest, pk: int, *, status: int = 200, **forms: object) -> HttpResponse:
    inspection = _inspection(request, pk)
    answers = {a.item_id: a for a in inspection.answers.all()}
    topics = [(topic, [(item, answers.get(item.pk)) for item in items]) for topic, items in selectors.checklist()]
    findings = inspection.findings.prefetch_related("recommendations").select_related("item")
    context = {
        "inspection": inspection,
        "topics": topics,
        "results": AnswerResult.choices,
        "findings": findings,
        "can_conduct": inspection_policy.can_conduct(request.user, inspection),
        "finding_form": forms.get("finding_form") or FindingForm(),
        "recommendation_form": forms.get("recommendation_form") or RecommendationForm(),
        "finish_form": forms.get("finish_form") or FinishForm(initial={"done_on": timezone.localdate()}),
        "close_form": CloseForm(),
    }
    return TemplateResponse(request, "inspections/inspection_detail.html", context, status=status)


@login_required
def inspection_detail(request: ActorRequest, pk: int) -> HttpResponse:
    return _detail(request, pk)


@login_required
@require_POST
def checklist_save(request: ActorRequest, pk: int) -> HttpResponse:
    inspection = _inspection(request, pk)
    require(inspection_policy.can_conduct(request.user, inspection))
    answers: dict[int, tuple[str, str]] = {}
    for key in request.POST:
        value = str(request.POST.get(key, ""))
        if key.startswith("ket_qua_") and value:
            item_id = int(key.removeprefix("ket_qua_")) if key.removeprefix("ket_qua_").isdigit() else -1
            answers[item_id] = (value, str(request.POST.get(f"ghi_chu_{item_id}", "")))
    try:
        changed = actions.checklist_save(actor=request.user, inspection=inspection, answers=answers)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _detail(request, pk, status=400)
    messages.success(request, _("Đã lưu %(n)s mục kiểm tra.") % {"n": changed})
    return redirect("inspections:inspection_detail", pk=pk)


@login_required
@require_POST
def finding_add(request: ActorRequest, pk: int) -> HttpResponse:
    inspection = _inspection(request, pk)
    require(inspection_policy.can_conduct(request.user, inspection))
    form = FindingForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            actions.finding_add(actor=request.user, inspection=inspection, **form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("Đã ghi phát hiện."))
            return redirect("inspections:inspection_detail", pk=pk)
    return _detail(request, pk, status=400, finding_form=form)


def _finding(request: ActorRequest, pk: int) -> Finding:
    return get_object_or_404(
        Finding.objects.filter(inspection__in=inspection_policy.visible(request.user)).select_related("inspection"),
        pk=pk,
    )


@login_required
def finding_evidence(request: ActorRequest, pk: int) -> HttpResponseBase:
    finding = _finding(request, pk)
    if not finding.evidence:
        raise Http404
    return stored_file_response(finding.evidence, finding.evidence.name)


@login_required
@require_POST
def recommendation_add(request: ActorRequest, pk: int) -> HttpResponse:
    finding = _finding(request, pk)
    require(inspection_policy.can_conduct(request.user, finding.inspection))
    form = RecommendationForm(request.POST)
    if form.is_valid():
        try:
            actions.recommendation_add(actor=request.user, finding=finding, **form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("Đã ghi kiến nghị."))
            return redirect("inspections:inspection_detail", pk=finding.inspection_id)
    return _detail(request, finding.inspection_id, status=400, recommendation_form=form)


@login_required
@require_POST
def recommendation_close(request: ActorRequest, pk: int) -> HttpResponse:
    recommendation = get_object_or_404(inspection_policy.visible_recommendations(request.user), pk=pk)
    require(inspection_policy.can_close(request.user, recommendation))
    form = CloseForm(request.POST)
    if form.is_valid():
        try:
            actions.recommendation_close(actor=request.user, recommendation=recommendation, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Đã ghi nhận khắc phục, kiến nghị được đóng."))
            return redirect("inspections:index")
    else:
        messages.error(request, _("Hãy ghi kết quả khắc phục."))
    return redirect("inspections:inspection_detail", pk=recommendation.finding.inspection_id)


@login_required
@require_POST
def inspection_finish(request: ActorRequest, pk: int) -> HttpResponse:
    inspection = _inspection(request, pk)
    require(inspection_policy.can_conduct(request.user, inspection))
    form = FinishForm(request.POST)
    if form.is_valid():
        try:
            actions.inspection_finish(actor=request.user, inspection=inspection, **form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("Đã kết thúc cuộc kiểm tra."))
            return redirect("inspections:inspection_detail", pk=pk)
    return _detail(request, pk, status=400, finish_form=form)


@login_required
@require_POST
def self_start(request: ActorRequest) -> HttpResponse:
    actor = request.user
    require(inspection_policy.is_commune_keeper(actor))
    form = SelfStartForm(request.POST)
    commune = AdministrativeUnit.objects.filter(pk=actor.scope_unit_id or 0, level=UnitLevel.COMMUNE).first()
    if form.is_valid() and commune is not None:
        try:
            inspection = actions.self_inspection_start(actor=actor, commune=commune, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            return redirect("inspections:inspection_detail", pk=inspection.pk)
    else:
        messages.error(request, _("Hãy chọn năm và kỳ tự kiểm tra."))
    return redirect("inspections:index")


@login_required
def report_pdf(request: ActorRequest, pk: int) -> HttpResponse:
    inspection = _inspection(request, pk)
    return file_response(documents.report_pdf(inspection), "application/pdf", f"bien-ban-kiem-tra-{pk}.pdf")


@login_required
def report_docx(request: ActorRequest, pk: int) -> HttpResponse:
    inspection = _inspection(request, pk)
    content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    return file_response(documents.report_docx(inspection), content_type, f"bien-ban-kiem-tra-{pk}.docx")


def _weights_page(
    request: ActorRequest, form: WeightForm | None = None, failed: RiskFactor | None = None
) -> HttpResponse:
    actor = request.user
    require(inspection_policy.can_read(actor))
    context = {
        "factors": RiskFactor.objects.order_by("order"),
        "can_edit": inspection_policy.can_plan_on(actor, timezone.localdate()),
        "form": form,
        "failed": failed,
    }
    return TemplateResponse(request, "inspections/weights.html", context, status=400 if form is not None else 200)


@login_required
def weights(request: ActorRequest) -> HttpResponse:
    """The risk factors and their weights; the supervising office in charge today edits them."""
    return _weights_page(request)


@login_required
@require_POST
def weight_change(request: ActorRequest, pk: int) -> HttpResponse:
    require(inspection_policy.can_read(request.user))
    factor = get_object_or_404(RiskFactor, pk=pk)
    require(inspection_policy.can_plan_on(request.user, timezone.localdate()))
    form = WeightForm(request.POST)
    if form.is_valid():
        try:
            actions.risk_weight_change(actor=request.user, factor=factor, **form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("Đã lưu trọng số."))
            return redirect("inspections:weights")
    return _weights_page(request, form, factor)
