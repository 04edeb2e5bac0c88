"""The disability home: the to-do list of determination work (requests by deadline, sessions, postings,
complaints, escalations, certificates awaiting their dossier) and who is due for re-assessment."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.template.response import TemplateResponse

from ansinh.core.access import ActorRequest, require
from ansinh.disability import selectors
from ansinh.disability.models import Complaint, ComplaintStatus, PostingStatus, SessionStatus
from ansinh.disability.pages import local_today
from ansinh.disability.policies import disability_policy


@login_required
def index(request: ActorRequest) -> HttpResponse:
    """The to-do list of disability work: requests by deadline, sessions, postings, complaints."""
    require(disability_policy.can_read(request.user))
    today = local_today()
    open_requests = disability_policy.requests(request.user).filter(status__in=selectors.OPEN_STATUSES)
    context = {
        "today": today,
        "requests": open_requests.select_related("person", "commune").order_by("due_on")[:50],
        "sessions": disability_policy.sessions(request.user)
        .filter(status=SessionStatus.PLANNED)
        .order_by("scheduled_at")[:10],
        "postings": disability_policy.postings(request.user)
        .filter(status=PostingStatus.POSTED)
        .select_related("assessment__request__person")
        .order_by("ends_on"),
        "complaints": Complaint.objects.filter(
            posting__in=disability_policy.postings(request.user), status=ComplaintStatus.OPEN
        )
        .select_related("posting__assessment__request__person")
        .order_by("due_on"),
        "escalations": disability_policy.escalations(request.user).filter(outcome="").select_related("request__person"),
        "awaiting_dossier": selectors.certificates_awaiting_dossier(request.user).select_related("person"),
        "can_manage": disability_policy.can_manage_any(request.user),
    }
    return TemplateResponse(request, "disability/index.html", context)


@login_required
def reassessment_list(request: ActorRequest) -> HttpResponse:
    """Who is due for re-assessment (children reaching 6, the district's review cycle)."""
    require(disability_policy.can_read(request.user))
    today = local_today()
    due = selectors.due_for_reassessment(request.user, today)
    context = {"due": due, "today": today, "can_manage": disability_policy.can_manage_any(request.user)}
    return TemplateResponse(request, "disability/reassessment_list.html", context)
