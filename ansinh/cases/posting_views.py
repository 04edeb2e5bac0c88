"""Public posting (NĐ 20/2021 Art 8(1)(b)): the commune lists its reviewed dossiers, prints the
list to pin at its office, shows it on a public page (masked, never HIV) and records the end of
the posting after 2 working days."""

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

from ansinh.cases import postings, selectors
from ansinh.cases.documents import posting_document, posting_lines, posting_pdf
from ansinh.cases.forms import PostingStartForm
from ansinh.cases.models import Posting
from ansinh.cases.policies import dossier_policy, posting_policy
from ansinh.core.access import ActorRequest, require
from ansinh.core.downloads import file_response
from ansinh.territory.models import AdministrativeUnit, UnitLevel

PDF = "application/pdf"


def _list_page(request: ActorRequest, form_error: str = "", status: int = 200) -> HttpResponse:
    context = {
        "postings": posting_policy.visible(request.user).select_related("commune")[:50],
        "ready": selectors.dossiers_ready_to_post(actor=request.user),
        "today": timezone.localdate(),
        "form_error": form_error,
        "start_form": PostingStartForm(initial={"starts_on": timezone.localdate()}),
    }
    return TemplateResponse(request, "cases/posting_list.html", context, status=status)


@login_required
def posting_list(request: ActorRequest) -> HttpResponse:
    require(posting_policy.can_read(request.user))
    return _list_page(request)


@login_required
@require_POST
def posting_create(request: ActorRequest) -> HttpResponse:
    require(dossier_policy.can_post(request.user))
    ids = [int(value) for value in request.POST.getlist("ho_so") if value.isdigit()]
    dossiers = list(dossier_policy.visible(request.user).filter(pk__in=ids))
    form = PostingStartForm(request.POST)
    if not form.is_valid():
        shown = " ".join(str(error) for errors in form.errors.values() for error in errors)
        return _list_page(request, shown, status=400)
    try:
        posting = postings.posting_open(
            actor=request.user,
            dossiers=dossiers,
            starts_on=form.cleaned_data["starts_on"],
            start_reason=form.cleaned_data["start_reason"],
        )
    except ValidationError as error:
        return _list_page(request, " ".join(error.messages), status=400)
    messages.success(request, _("Đã lập danh sách niêm yết. Hãy in và niêm yết tại trụ sở."))
    return redirect("cases:posting_detail", pk=posting.pk)


def _visible_posting(request: ActorRequest, pk: int) -> Posting:
    return get_object_or_404(posting_policy.visible(request.user).select_related("commune__parent"), pk=pk)


@login_required
def posting_detail(request: ActorRequest, pk: int, close_error: str = "", status: int = 200) -> HttpResponse:
    posting = _visible_posting(request, pk)
    context = {
        "posting": posting,
        "lines": posting_lines(posting),
        "complaints": posting.complaints.all(),
        "can_close": posting.closed_at is None and posting_policy.can_close(request.user, posting),
        "close_error": close_error,
    }
    return TemplateResponse(request, "cases/posting_detail.html", context, status=status)


@login_required
def posting_print(request: ActorRequest, pk: int) -> HttpResponse:
    posting = _visible_posting(request, pk)
    return file_response(posting_pdf(posting_document(posting)), PDF, f"niem-yet-{posting.pk}.pdf", inline=True)


@login_required
@require_POST
def posting_close(request: ActorRequest, pk: int) -> HttpResponse:
    posting = _visible_posting(request, pk)
    try:
        postings.posting_close(actor=request.user, posting=posting)
    except ValidationError as error:
        return posting_detail(request, pk, close_error=" ".join(error.messages), status=400)
    messages.success(request, _("Đã ghi nhận kết thúc niêm yết."))
    return redirect("cases:posting_detail", pk=posting.pk)


def public_posting(request: ActorRequest, commune_pk: int) -> HttpResponse:
    """No login: what is pinned at the commune office, masked the same way (birth year only)."""
    commune = get_object_or_404(AdministrativeUnit, pk=commune_pk, level=UnitLevel.COMMUNE)
    postings = selectors.public_postings(commune=commune, today=timezone.localdate())
    context = {"commune": commune, "postings": [(posting, posting_lines(posting)) for posting in postings]}
    return TemplateResponse(request, "cases/public_posting.html", context)
