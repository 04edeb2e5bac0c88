from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone

from ansinh.audit.labels import registered_actions
from ansinh.cases.desk import desk_for
from ansinh.cases.review import differences_count
from ansinh.core.access import ActorRequest, require
from ansinh.core.months import YearMonth, month_asked
from ansinh.disability.selectors import disability_reminders
from ansinh.inspections.selectors import home_panel as inspection_panel
from ansinh.insurance.selectors import alerts as bhyt_alerts
from ansinh.outreach.selectors import home_panel as feedback_panel
from ansinh.payments.selectors import payment_reminders
from ansinh.registry.history import events_shown
from ansinh.reports.selectors import home_panel as reports_home_panel
from ansinh.supports.selectors import support_reminders
from ansinh.web.overview import overview_for, reads_as_province, reads_overview
from ansinh.web.policies import audit_log_policy
from ansinh.web.selectors import home_summary

# The earliest month the overview shows: before any record the system keeps (NĐ 136/2013 and earlier
# decisions are entered with their own dates), and far enough from YearMonth's lower bound that the months
# computed from it (the previous month, the money of the five before) exist.
OVERVIEW_FIRST_MONTH = YearMonth(2000, 1)


@login_required
def home(request: ActorRequest) -> HttpResponse:
    today = timezone.localdate()
    summary = home_summary(actor=request.user, today=today)
    desk = desk_for(actor=request.user, today=today, limit=20)  # the office's to-do list (issue 5)
    reminders = payment_reminders(actor=request.user, today=today)
    context = {
        "summary": summary,
        "today": today,
        "desk": desk,
        "payments": reminders,
        "disability": disability_reminders(request.user, today),
        "review_differences": differences_count(actor=request.user, month=YearMonth.of(today)),
        "bhyt": bhyt_alerts(actor=request.user, today=today),
        "supports": support_reminders(request.user, today),
        "reports": reports_home_panel(request.user, today),
        "feedback": feedback_panel(request.user),
        "inspection_panel": inspection_panel(request.user, today),
        "province_overview": reads_as_province(request.user),
    }
    return TemplateResponse(request, "web/home.html", context)


@login_required
def overview(request: ActorRequest) -> HttpResponse:
    """The area at a glance: beneficiaries, money by month, overdue dossiers, recoveries, councils."""
    require(reads_overview(request.user))
    today = timezone.localdate()
    this_month = YearMonth.of(today)
    month = month_asked(request.GET.get("thang", ""), today)
    if not OVERVIEW_FIRST_MONTH <= month <= this_month:  # the figures of a past month, never of the future
        month = this_month
    shown = overview_for(actor=request.user, today=today, month=month)
    context = {
        "overview": shown,
        "previous": month.add(-1),
        "next": month.add(1) if month < this_month else None,
        "today": today,  # overdue dossiers and open recoveries are today's, whichever month is shown
    }
    return TemplateResponse(request, "web/overview.html", context)


@login_required
def audit_log(request: ActorRequest) -> HttpResponse:
    require(audit_log_policy.can_read_log(request.user))
    events = audit_log_policy.visible(request.user)
    if action := request.GET.get("thao_tac", "").strip():
        events = events.filter(action=action)
    page = Paginator(events, 50).get_page(request.GET.get("trang"))
    context = {
        "page": page,
        "events": events_shown(request.user, page.object_list),
        "action": action,
        "actions": registered_actions(),
    }
    return TemplateResponse(request, "web/audit_log.html", context)
