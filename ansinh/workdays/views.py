from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_POST

from ansinh.core.access import ActorRequest, require
from ansinh.core.forms import add_action_errors
from ansinh.workdays import actions
from ansinh.workdays.forms import CalendarDayForm
from ansinh.workdays.models import CalendarDay
from ansinh.workdays.policies import calendar_policy


@login_required
def calendar_year(request: ActorRequest, year: int | None = None) -> HttpResponse:
    require(calendar_policy.can_view(request.user))
    year = year or timezone.localdate().year
    form = CalendarDayForm(request.POST or None)
    if request.method == "POST":
        require(calendar_policy.can_edit(request.user))
        if form.is_valid():
            try:
                actions.calendar_day_save(actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_action_errors(form, error)
            else:
                messages.success(request, "Đã lưu.")
                return redirect("workdays:calendar_year", year=form.cleaned_data["day"].year)
    context = {
        "year": year,
        "days": CalendarDay.objects.filter(day__year=year),
        "form": form,
        "can_edit": calendar_policy.can_edit(request.user),
    }
    return TemplateResponse(request, "workdays/calendar_year.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def calendar_day_delete(request: ActorRequest, pk: int) -> HttpResponse:
    require(calendar_policy.can_edit(request.user))
    calendar_day = get_object_or_404(CalendarDay, pk=pk)
    try:
        actions.calendar_day_delete(
            actor=request.user, calendar_day=calendar_day, reason=request.POST.get("reason", "")
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, "Đã xóa.")
    return redirect("workdays:calendar_year", year=calendar_day.day.year)
