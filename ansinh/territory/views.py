from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST

from ansinh.audit.selectors import events_for_object
from ansinh.core.access import ActorRequest, require
from ansinh.core.forms import add_action_errors
from ansinh.core.text import fold
from ansinh.territory import actions
from ansinh.territory.changes import change_dates, may_apply, territory_change_apply
from ansinh.territory.forms import ChangeApplyForm, UnitFilterForm, VillageCreateForm, VillageUpdateForm
from ansinh.territory.models import AdministrativeUnit, UnitLevel, UnitSuccession
from ansinh.territory.policies import UnitAction, unit_policy
from ansinh.territory.selectors import unit_with_relations


@login_required
def unit_list(request: ActorRequest) -> HttpResponse:
    """Provinces, districts and communes the user covers, with their validity and history."""
    form = UnitFilterForm(request.GET or None)
    units = unit_with_relations(unit_policy.visible(request.user).exclude(level=UnitLevel.VILLAGE))
    if form.is_valid():
        if query := form.cleaned_data["q"]:
            units = units.filter(Q(name_folded__contains=fold(query)) | Q(code=query.strip()))
        if day := form.cleaned_data["on"]:
            units = units.active_on(day)
    units = units.order_by("level", "-valid_from", "code")
    context = {"units": units, "form": form, "can_apply_changes": may_apply(request.user)}
    return TemplateResponse(request, "territory/unit_list.html", context)


def _unit_page(
    request: ActorRequest, unit: AdministrativeUnit, form: VillageCreateForm, status: int = 200
) -> HttpResponse:
    context = {
        "unit": unit,
        "children": unit.children.order_by("-valid_to", "level", "name"),
        "can_add_village": unit_policy.can(request.user, UnitAction.ADD_VILLAGE, unit),
        "village_form": form,
        "history": events_for_object(unit)[:50],
    }
    return TemplateResponse(request, "territory/unit_detail.html", context, status=status)


@login_required
def unit_detail(request: ActorRequest, pk: int) -> HttpResponse:
    unit = get_object_or_404(unit_with_relations(unit_policy.visible(request.user)), pk=pk)
    return _unit_page(request, unit, VillageCreateForm())


@login_required
@require_POST
def village_create(request: ActorRequest, pk: int) -> HttpResponse:
    commune = get_object_or_404(unit_policy.visible(request.user), pk=pk)
    form = VillageCreateForm(request.POST)
    if form.is_valid():
        try:
            village = actions.village_create(actor=request.user, commune=commune, **form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, f"Đã thêm {village.full_name}.")
            return redirect("territory:unit_detail", pk=commune.pk)
    return _unit_page(request, commune, form, status=400)


@login_required
def village_edit(request: ActorRequest, pk: int) -> HttpResponse:
    village = get_object_or_404(unit_policy.visible(request.user).filter(level=UnitLevel.VILLAGE), pk=pk)
    require(unit_policy.can(request.user, UnitAction.CHANGE_VILLAGE, village))
    initial = {"name": village.name, "valid_to": village.valid_to, "note": village.note}
    form = VillageUpdateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.village_update(actor=request.user, village=village, **form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, "Đã lưu thay đổi.")
            return redirect("territory:unit_detail", pk=village.parent_id)
    context = {"village": village, "form": form, "history": events_for_object(village)[:50]}
    return TemplateResponse(request, "territory/village_form.html", context)


def _month_display(month: str) -> str:
    """ "2025-07" → "07/2025" ("" stays "")."""
    return f"{month[5:7]}/{month[:4]}" if month else ""


@login_required
def change_list(request: ActorRequest) -> HttpResponse:
    """The territorial changes entered as data, each with whether it was applied to the register."""
    require(may_apply(request.user))
    rows = []
    for day in change_dates():
        successions = UnitSuccession.objects.filter(effective_date=day, predecessor__level=UnitLevel.COMMUNE)
        rows.append(
            {
                "day": day,
                "links": successions.count(),
                "successors": successions.values("successor_id").distinct().count(),
                "applied": not successions.filter(applied_at__isnull=True).exists(),
            }
        )
    return TemplateResponse(request, "territory/change_list.html", {"changes": rows})


@login_required
def change_detail(request: ActorRequest, day: str) -> HttpResponse:
    """The dry-run report of one change, and its application (with a confirmation; a second
    click finds nothing to move and changes nothing)."""
    require(may_apply(request.user))
    try:
        effective = date.fromisoformat(day)
    except ValueError as error:
        raise Http404 from error
    if effective not in change_dates():
        raise Http404
    form = ChangeApplyForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                report = territory_change_apply(actor=request.user, day=effective)
            except ValidationError as error:
                add_action_errors(form, error)
            else:
                if report.moved or report.successions_applied:
                    messages.success(request, f"Đã áp dụng sắp xếp ngày {effective:%d/%m/%Y} vào sổ.")
                else:
                    messages.info(request, "Sắp xếp này đã được áp dụng: không còn gì để chuyển.")
                return redirect("territory:change_detail", day=effective.isoformat())
        status = 400
    report = territory_change_apply(actor=request.user, day=effective, dry_run=True)
    applied = not UnitSuccession.objects.filter(
        effective_date=effective, predecessor__level=UnitLevel.COMMUNE, applied_at__isnull=True
    ).exists()
    data = report.as_json()
    context = {
        "day": effective,
        "report": data,
        "form": form,
        "applied": applied,
        "first_months": [(name, _month_display(month)) for name, month in data.get("first_payment_month", {}).items()],
        "last_lists": [(name, _month_display(month)) for name, month in data.get("last_old_list", {}).items()],
    }
    return TemplateResponse(request, "territory/change_detail.html", context, status=status)
