"""Proposals (tờ trình, NĐ 20/2021/NĐ-CP Art 8(1)(c)): the commune chair picks the dossiers ready to
send, signs one numbered proposal for all of them (the action moves each to "proposed"), and
prints it with its list, as PDF or DOCX."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ansinh.cases import proposals, selectors
from ansinh.cases.documents import DOCX, proposal_document, proposal_docx, proposal_pdf
from ansinh.cases.models import Proposal
from ansinh.cases.policies import dossier_policy, proposal_policy
from ansinh.core.access import ActorRequest, require
from ansinh.core.downloads import file_response

PDF = "application/pdf"


def _list_page(request: ActorRequest, form_error: str = "", status: int = 200) -> HttpResponse:
    today = timezone.localdate()
    waiting = [
        (dossier, selectors.proposal_blocker(dossier, today))
        for dossier in selectors.dossiers_to_propose(actor=request.user)[:200]
    ]
    context = {
        "proposals": selectors.proposals_visible(request.user)[:50],
        "waiting": waiting,
        "can_sign": proposal_policy.can_sign(request.user),
        "form_error": form_error,
    }
    return TemplateResponse(request, "cases/proposal_list.html", context, status=status)


@login_required
def proposal_list(request: ActorRequest) -> HttpResponse:
    require(dossier_policy.can_read(request.user))
    return _list_page(request)


@login_required
@require_POST
def proposal_create(request: ActorRequest) -> HttpResponse:
    require(proposal_policy.can_sign(request.user))
    ids = [int(value) for value in request.POST.getlist("ho_so") if value.isdigit()]
    dossiers = list(dossier_policy.visible(request.user).filter(pk__in=ids))
    try:
        proposal = proposals.proposal_sign(actor=request.user, dossiers=dossiers)
    except ValidationError as error:
        return _list_page(request, " ".join(error.messages), status=400)
    messages.success(
        request, _("Đã ký tờ trình số %(number)s và gửi Phòng Lao động - TB&XH.") % {"number": proposal.number}
    )
    return redirect("cases:proposal_detail", pk=proposal.pk)


def _visible_proposal(request: ActorRequest, pk: int) -> Proposal:
    return get_object_or_404(selectors.proposals_visible(request.user).select_related("commune__parent"), pk=pk)


@login_required
def proposal_detail(request: ActorRequest, pk: int) -> HttpResponse:
    proposal = _visible_proposal(request, pk)
    document = proposal_document(proposal)
    dossier_ids = proposal.entries.order_by("pk").values_list("dossier_id", flat=True)  # the document's order
    context = {"proposal": proposal, "document": document, "lines": zip(document.lines, dossier_ids, strict=True)}
    return TemplateResponse(request, "cases/proposal_detail.html", context)


def _file_name(proposal: Proposal, extension: str) -> str:
    return f"to-trinh-{proposal.number.replace('/', '-')}.{extension}"


@login_required
def proposal_pdf_download(request: ActorRequest, pk: int) -> HttpResponse:
    proposal = _visible_proposal(request, pk)
    return file_response(proposal_pdf(proposal_document(proposal)), PDF, _file_name(proposal, "pdf"), inline=True)


@login_required
def proposal_docx_download(request: ActorRequest, pk: int) -> HttpResponse:
    proposal = _visible_proposal(request, pk)
    return file_response(proposal_docx(proposal_document(proposal)), DOCX, _file_name(proposal, "docx"))
