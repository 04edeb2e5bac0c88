"""Decisions: the list waiting for signature, a decision with its people and amounts, signing
(numbering and applying are the action's work), the DOCX and PDF in the NĐ 30/2020 layout, and
the signed scan."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ansinh.audit.selectors import events_for_object
from ansinh.cases import decisions, pension
from ansinh.cases.documents import DOCX, decision_document, decision_docx, decision_pdf
from ansinh.cases.forms import DecisionScanForm
from ansinh.cases.models import Decision, DecisionStatus, Dossier
from ansinh.cases.policies import DecisionAction, decision_policy, dossier_policy
from ansinh.cases.selectors import decision_rows, draft_summary, drafts_with_dossiers
from ansinh.cases.workflow import DossierState, flow_named, transition_named
from ansinh.core.access import ActorRequest, require
from ansinh.core.downloads import file_response, stored_file_response
from ansinh.core.pagination import CappedPaginator
from ansinh.registry.history import events_shown
from ansinh.rules.formatting import format_money

PDF = "application/pdf"


@login_required
def decision_list(request: ActorRequest) -> HttpResponse:
    require(decision_policy.can_read(request.user))
    decisions = decision_policy.visible(request.user).select_related("commune")
    drafts = decisions.filter(status=DecisionStatus.DRAFT).order_by("created_at")
    signed = decisions.filter(status=DecisionStatus.SIGNED).order_by("-issued_on", "-pk")
    page = CappedPaginator(signed, 50).get_page(request.GET.get("trang"))
    context = {
        "drafts": [draft_summary(draft) for draft in drafts_with_dossiers(drafts)[:100]],
        "page": page,
        "batchable": _batchable(request),
        "pension_communes": pension.transfer_communes(request.user),
    }
    return TemplateResponse(request, "cases/decision_list.html", context)


def _batchable(request: ActorRequest) -> list[Dossier]:
    """Appraised dossiers on draft decisions that this user (the appraising office) may put on one list."""
    dossiers = (
        dossier_policy.visible(request.user)
        .filter(state=DossierState.APPRAISED, decision__status=DecisionStatus.DRAFT)
        .select_related("person", "commune", "decision")
        .order_by("kind", "commune_id", "pk")
    )
    return [dossier for dossier in dossiers[:200] if _may_appraise(request, dossier)]


def _may_appraise(request: ActorRequest, dossier: Dossier) -> bool:
    appraise = transition_named(flow_named(dossier.flow), "appraise")
    return appraise is not None and dossier_policy.may_make(request.user, dossier, appraise)


@login_required
@require_POST
def decision_batch(request: ActorRequest) -> HttpResponse:
    """Put several appraised dossiers of one kind on one decision with its list (a batch decision)."""
    require(decision_policy.can_read(request.user))
    ids = [int(value) for value in request.POST.getlist("ho_so") if value.isdigit()]
    dossiers = list(dossier_policy.visible(request.user).filter(pk__in=ids))
    try:
        batch = decisions.decision_batch_draft(actor=request.user, dossiers=dossiers)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("cases:decision_list")
    messages.success(request, f"Đã lập dự thảo quyết định theo danh sách gồm {len(dossiers)} người.")
    return redirect("cases:decision_detail", pk=batch.pk)


def _visible_decision(request: ActorRequest, pk: int) -> Decision:
    decisions = decision_policy.visible(request.user).select_related("commune", "issuing_office", "signed_by")
    return get_object_or_404(decisions, pk=pk)


def _detail_page(
    request: ActorRequest, decision: Decision, extra: dict[str, Any] | None = None, status: int = 200
) -> HttpResponse:
    actor = request.user
    can_sign = decision.status == DecisionStatus.DRAFT and decision_policy.can(actor, DecisionAction.SIGN, decision)
    may_attach = decision.status == DecisionStatus.SIGNED and decision_policy.can(
        actor, DecisionAction.ATTACH_SCAN, decision
    )
    rows = decision_rows(decision)
    context = {
        "decision": decision,
        "rows": rows,
        "total": format_money(sum(row["amount"] for row in rows)),
        "can_sign": can_sign,
        "scan_form": DecisionScanForm() if may_attach else None,
        "history": events_shown(actor, events_for_object(decision)[:50]),
        **(extra or {}),
    }
    return TemplateResponse(request, "cases/decision_detail.html", context, status=status)


@login_required
def decision_detail(request: ActorRequest, pk: int) -> HttpResponse:
    return _detail_page(request, _visible_decision(request, pk))


@login_required
@require_POST
def decision_sign(request: ActorRequest, pk: int) -> HttpResponse:
    decision = _visible_decision(request, pk)
    try:
        signed = decisions.decision_sign(actor=request.user, decision=decision)
    except ValidationError as error:
        return _detail_page(request, decision, {"sign_error": " ".join(error.messages)}, status=400)
    messages.success(request, f"Đã ký {signed}.")
    return redirect("cases:decision_detail", pk=decision.pk)


@login_required
@require_POST
def decision_scan_upload(request: ActorRequest, pk: int) -> HttpResponse:
    decision = _visible_decision(request, pk)
    require(decision_policy.can(request.user, DecisionAction.ATTACH_SCAN, decision))
    form = DecisionScanForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            decisions.decision_attach_scan(actor=request.user, decision=decision, upload=form.cleaned_data["scan"])
        except ValidationError as error:
            form.add_error("scan", error.messages)
        else:
            messages.success(request, _("Đã đính kèm bản scan."))
            return redirect("cases:decision_detail", pk=decision.pk)
    return _detail_page(request, decision, {"scan_form": form}, status=400)


@login_required
def decision_scan(request: ActorRequest, pk: int) -> HttpResponseBase:
    decision = _visible_decision(request, pk)
    if not decision.scan:
        raise Http404
    return stored_file_response(decision.scan, decision.scan_name or "quyet-dinh")


def _file_name(decision: Decision, extension: str) -> str:
    stem = decision.number.replace("/", "-") if decision.status == DecisionStatus.SIGNED else f"du-thao-{decision.pk}"
    return f"quyet-dinh-{stem}.{extension}"


@login_required
def decision_docx_download(request: ActorRequest, pk: int) -> HttpResponse:
    decision = _visible_decision(request, pk)
    return file_response(decision_docx(decision_document(decision)), DOCX, _file_name(decision, "docx"))


@login_required
def decision_pdf_download(request: ActorRequest, pk: int) -> HttpResponse:
    decision = _visible_decision(request, pk)
    return file_response(decision_pdf(decision_document(decision)), PDF, _file_name(decision, "pdf"), inline=True)
