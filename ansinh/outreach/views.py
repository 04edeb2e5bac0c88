"""Public information pages (no login) and the feedback pages. Thin: parse, call one selector or action."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ansinh.core.access import ActorRequest, require
from ansinh.core.forms import add_action_errors
from ansinh.core.months import month_asked
from ansinh.core.ratelimit import count_attempt, rate_limited, too_many_page
from ansinh.outreach import actions, public, selectors
from ansinh.outreach.forms import ActivityForm, AnswerForm, CampaignForm, FeedbackForm, RouteForm, StatusLookupForm
from ansinh.outreach.models import FeedbackKind, FeedbackStatus, MessageStatus, Topic
from ansinh.outreach.policies import FeedbackAction, campaign_policy, feedback_policy, message_policy

# --- public pages (no login) ---------------------------------------------------------------------


def public_home(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    context = {"supports": public.support_index(today), "today": today}
    return TemplateResponse(request, "outreach/public_home.html", context)


def support_detail(request: HttpRequest, slug: str) -> HttpResponse:
    support = public.SUPPORTS_BY_SLUG.get(slug)
    if support is None:
        raise Http404
    page = public.support_page(support, timezone.localdate())
    return TemplateResponse(request, "outreach/support_detail.html", {"page": page})


def other_supports(request: HttpRequest) -> HttpResponse:
    """The one-off, education and emergency supports, today's amounts and what to bring (no login)."""
    page = public.other_supports_page(timezone.localdate())
    return TemplateResponse(request, "outreach/other_supports.html", {"page": page})


def legal_texts(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    return TemplateResponse(request, "outreach/legal_texts.html", {"documents": public.legal_texts(today)})


def posting_index(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    return TemplateResponse(request, "outreach/posting_index.html", {"rows": public.current_postings(today)})


def feedback_send(request: HttpRequest) -> HttpResponse:
    """A citizen's feedback or question; POSTs are limited per address (`RATE_LIMITS["feedback"]`)."""
    today = timezone.localdate()
    kind = request.GET.get("loai", "")
    initial = {"kind": kind if kind in FeedbackKind.values else FeedbackKind.QUESTION}
    form = FeedbackForm(request.POST or None, initial=initial, day=today)
    if request.method == "POST":
        wait = count_attempt(request, "feedback")
        if wait is not None:
            return too_many_page(request, wait)
        if form.is_valid():
            try:
                item = actions.feedback_send(**form.cleaned_data)
            except ValidationError as error:
                add_action_errors(form, error)
            else:
                return redirect(f"{reverse('outreach:feedback_status')}?ma={item.reference}")
        return TemplateResponse(request, "outreach/feedback_send.html", {"form": form}, status=400)
    return TemplateResponse(request, "outreach/feedback_send.html", {"form": form})


@rate_limited("public_check")
def feedback_status(request: HttpRequest) -> HttpResponse:
    """The sender reads the status and the answer with the reference they were given (nothing else)."""
    form = StatusLookupForm(request.GET or None)
    item = selectors.public_status(form.cleaned_data["ma"]) if form.is_valid() else None
    context = {"form": form, "item": item, "looked_up": form.is_bound}
    return TemplateResponse(request, "outreach/feedback_status.html", context)


# --- officers -------------------------------------------------------------------------------------


@login_required
def feedback_list(request: ActorRequest) -> HttpResponse:
    require(feedback_policy.can_read(request.user))
    status = request.GET.get("tinh_trang", "")
    items = selectors.feedback_list(request.user, status=status, kind=request.GET.get("loai", ""))
    context = {
        "items": items[:200],
        "status": status,
        "statuses": FeedbackStatus.choices,
        "can_record": feedback_policy.can_record(request.user),
        "to_answer": selectors.to_answer(request.user).count(),
    }
    return TemplateResponse(request, "outreach/feedback_list.html", context)


@login_required
def feedback_record(request: ActorRequest) -> HttpResponse:
    require(feedback_policy.can_record(request.user))
    form = FeedbackForm(request.POST or None, day=timezone.localdate(), actor=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            item = actions.feedback_record(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("Đã ghi nhận phản ánh, mã %(ref)s.") % {"ref": item.reference})
            return redirect("outreach:feedback_detail", pk=item.pk)
    status = 400 if form.is_bound else 200
    return TemplateResponse(request, "outreach/feedback_record.html", {"form": form}, status=status)


def _detail(request: ActorRequest, pk: int, *, status: int = 200, **forms: object) -> HttpResponse:
    item = get_object_or_404(feedback_policy.visible(request.user), pk=pk)
    actor = request.user
    context = {
        "item": item,
        "can_answer": feedback_policy.can(actor, FeedbackAction.ANSWER, item),
        "can_close": feedback_policy.can(actor, FeedbackAction.CLOSE, item),
        "can_route": feedback_policy.can(actor, FeedbackAction.ROUTE, item),
        "answer_form": forms.get("answer_form") or AnswerForm(),
        "route_form": forms.get("route_form") or RouteForm(initial={"office_kind": item.office_kind}),
    }
    return TemplateResponse(request, "outreach/feedback_detail.html", context, status=status)


@login_required
def feedback_detail(request: ActorRequest, pk: int) -> HttpResponse:
    return _detail(request, pk)


@login_required
@require_POST
def feedback_answer(request: ActorRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(feedback_policy.visible(request.user), pk=pk)
    require(feedback_policy.can(request.user, FeedbackAction.ANSWER, item))
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            actions.feedback_answer(actor=request.user, item=item, answer=form.cleaned_data["answer"])
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("Đã trả lời phản ánh."))
            return redirect("outreach:feedback_detail", pk=item.pk)
    return _detail(request, pk, status=400, answer_form=form)


@login_required
@require_POST
def feedback_close(request: ActorRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(feedback_policy.visible(request.user), pk=pk)
    actions.feedback_close(actor=request.user, item=item)
    messages.success(request, _("Đã đóng phản ánh."))
    return redirect("outreach:feedback_detail", pk=item.pk)


@login_required
@require_POST
def feedback_route(request: ActorRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(feedback_policy.visible(request.user), pk=pk)
    require(feedback_policy.can(request.user, FeedbackAction.ROUTE, item))
    form = RouteForm(request.POST)
    if form.is_valid():
        try:
            actions.feedback_route(actor=request.user, item=item, **form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("Đã chuyển phản ánh."))
            return redirect("outreach:feedback_detail", pk=item.pk)
    return _detail(request, pk, status=400, route_form=form)


@login_required
def feedback_counts(request: ActorRequest) -> HttpResponse:
    require(feedback_policy.can_read(request.user))
    month = month_asked(request.GET.get("thang", ""), timezone.localdate())
    rows = selectors.feedback_month_counts(actor=request.user, month=month)
    context = {"month": month, "rows": rows, "kinds": FeedbackKind.choices}
    return TemplateResponse(request, "outreach/feedback_counts.html", context)


# --- campaigns and activities ---------------------------------------------------------------------


@login_required
def campaign_list(request: ActorRequest) -> HttpResponse:
    actor = request.user
    require(campaign_policy.can_read(actor))
    context = {
        "campaigns": campaign_policy.visible(actor)[:100],
        "activities": campaign_policy.visible_activities(actor)[:50],
        "can_plan": campaign_policy.can_plan(actor),
        "can_log": campaign_policy.can_log(actor),
        "can_read_coverage": campaign_policy.can_read_coverage(actor),
    }
    return TemplateResponse(request, "outreach/campaign_list.html", context)


@login_required
def campaign_create(request: ActorRequest) -> HttpResponse:
    require(campaign_policy.can_plan(request.user))
    form = CampaignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            campaign = actions.campaign_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("Đã lập chiến dịch truyền thông."))
            return redirect("outreach:campaign_detail", pk=campaign.pk)
    status = 400 if form.is_bound else 200
    return TemplateResponse(request, "outreach/campaign_form.html", {"form": form}, status=status)


@login_required
def campaign_detail(request: ActorRequest, pk: int) -> HttpResponse:
    campaign = get_object_or_404(campaign_policy.visible(request.user), pk=pk)
    activities = campaign_policy.visible_activities(request.user).filter(campaign=campaign)
    context = {"campaign": campaign, "activities": activities, "can_log": campaign_policy.can_log(request.user)}
    return TemplateResponse(request, "outreach/campaign_detail.html", context)


@login_required
def activity_record(request: ActorRequest) -> HttpResponse:
    actor = request.user
    require(campaign_policy.can_log(actor))
    campaigns = campaign_policy.visible(actor)
    initial: dict[str, object] = {"held_on": timezone.localdate()}
    if (chosen := request.GET.get("chien_dich", "")).isdigit() and (
        found := campaigns.filter(pk=int(chosen)).first()
    ) is not None:
        initial.update({"campaign": found, "topic": found.topic})
    form = ActivityForm(
        request.POST or None, initial=initial, day=timezone.localdate(), actor=actor, campaigns=campaigns
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.activity_record(actor=actor, **form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("Đã ghi hoạt động tuyên truyền."))
            return redirect("outreach:campaign_list")
    status = 400 if form.is_bound else 200
    return TemplateResponse(request, "outreach/activity_form.html", {"form": form}, status=status)


@login_required
def coverage(request: ActorRequest) -> HttpResponse:
    require(campaign_policy.can_read_coverage(request.user))
    today = timezone.localdate()
    try:
        year = int(request.GET.get("nam", today.year))
    except ValueError:
        year = today.year
    rows = selectors.coverage(request.user, date_from=date(year, 1, 1), date_to=min(date(year, 12, 31), today))
    context = {"rows": rows, "topics": Topic.choices, "year": year}
    return TemplateResponse(request, "outreach/coverage.html", context)


@login_required
def outbox(request: ActorRequest) -> HttpResponse:
    """The messages queued, sent or failed in the actor's area (newest first)."""
    require(message_policy.can_read(request.user))
    messages_shown = message_policy.visible(request.user)
    status = request.GET.get("tinh_trang", "")
    if status in MessageStatus.values:
        messages_shown = messages_shown.filter(status=status)
    context = {"items": messages_shown[:200], "status": status, "statuses": MessageStatus.choices}
    return TemplateResponse(request, "outreach/outbox.html", context)
