from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.forms import Form
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ansinh.audit.events import record_event
from ansinh.core.access import ActorRequest, require
from ansinh.core.downloads import file_response
from ansinh.core.forms import add_action_errors
from ansinh.core.pagination import CappedPaginator
from ansinh.registry import actions, selectors
from ansinh.registry.exports import people_workbook
from ansinh.registry.forms import (
    DeathForm,
    DifficultAreaForm,
    FactForm,
    GuardianForm,
    HouseholdJoinForm,
    MoveForm,
    PersonEditForm,
    PersonForm,
    PovertyForm,
)
from ansinh.registry.history import events_shown
from ansinh.registry.identity import normalise_id
from ansinh.registry.models import DifficultArea, LifeStatus, Person
from ansinh.registry.policies import PersonAction, person_policy
from ansinh.registry.validation import PersonInput
from ansinh.territory.policies import unit_policy

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _filters(request: ActorRequest) -> selectors.PersonFilter:
    commune = request.GET.get("xa", "")
    return selectors.PersonFilter(
        query=request.GET.get("q", ""),
        commune_id=int(commune) if commune.isdigit() else None,
        life_status=request.GET.get("tinh_trang", ""),
        category=request.GET.get("dien", "").strip(),
    )


def _category_error(request: ActorRequest, filters: selectors.PersonFilter) -> str:
    """Filtering by 5.3 or 5.8 would list who lives with HIV (NĐ 20/2021 Điều 5 khoản 3, 8): refused,
    whoever is in the register, to readers who may not read restricted facts."""
    if person_policy.may_filter_category(request.user, filters.category):
        return ""
    return _("Không lọc được theo diện %(code)s: đây là thông tin bảo mật, chỉ công chức phụ trách được xem.") % {
        "code": filters.category
    }


@login_required
def person_list(request: ActorRequest) -> HttpResponse:
    require(person_policy.can_read_register(request.user))
    filters = _filters(request)
    category_error = _category_error(request, filters)
    people = selectors.person_search(actor=request.user, filters=filters)
    if category_error:
        people = people.none()
    elif request.GET.get("xuat") == "xlsx":
        return _export(request, people, filters)
    page = CappedPaginator(selectors.with_current_categories(people), 50).get_page(request.GET.get("trang"))
    context = {
        "page": page,
        "filters": filters,
        "category_error": category_error,
        "categories": person_policy.filterable_categories(request.user),
        "statuses": LifeStatus.choices,
        "communes": unit_policy.visible_communes(request.user),
        "can_export": person_policy.can_export(request.user),
        "can_change": person_policy.can_change_listed(request.user),
        "query_string": request.GET.urlencode(),
    }
    return TemplateResponse(request, "registry/person_list.html", context, status=400 if category_error else 200)


def _export(request: ActorRequest, people: QuerySet[Person], filters: selectors.PersonFilter) -> HttpResponse:
    require(person_policy.can_export(request.user))
    rows = list(people)
    content = people_workbook(rows, f"Danh sách đối tượng (xuất ngày {timezone.localdate():%d/%m/%Y})")
    with transaction.atomic():
        record_event(
            actor=request.user,
            action="registry.export",
            after={"rows": len(rows), "query": filters.query, "commune": filters.commune_id},
            territory_id=request.user.scope_unit_id,
        )
    return file_response(content, XLSX, f"danh-sach-doi-tuong-{timezone.localdate():%Y%m%d}.xlsx")


def _person_input(data: dict[str, Any]) -> PersonInput:
    birth_date, birth_year = data["birth"]
    return PersonInput(
        full_name=str(data["full_name"]),
        sex=str(data["sex"]),
        birth_date=birth_date,
        birth_year=birth_year,
        citizen_id=str(data["citizen_id"]),
        old_id_number=str(data["old_id_number"]),
    )


@login_required
def person_create(request: ActorRequest) -> HttpResponse:
    require(person_policy.can_create(request.user))
    form = PersonForm(request.POST or None)
    form.scope_places(request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            person = actions.person_create(
                actor=request.user,
                data=_person_input(data),
                commune=data["commune"],
                village=data["village"],
                ethnicity=data["ethnicity"],
                phone=data["phone"],
                address=data["address"],
                source=data["source"],
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, f"Đã thêm {person.full_name} vào sổ.")
            return redirect("registry:person_detail", pk=person.pk)
    return TemplateResponse(request, "registry/person_form.html", {"form": form})


def _visible_person(request: ActorRequest, pk: int) -> Person:
    return get_object_or_404(person_policy.visible(request.user).select_related("commune", "village"), pk=pk)


def _changeable_person(request: ActorRequest, pk: int) -> Person:
    """The person, if visible (else 404) and if the user may change them (else 403)."""
    person = _visible_person(request, pk)
    require(person_policy.can(request.user, PersonAction.CHANGE, person))
    return person


@login_required
def person_detail(request: ActorRequest, pk: int) -> HttpResponse:
    person = _visible_person(request, pk)
    return _detail_page(request, person)


def _detail_page(
    request: ActorRequest, person: Person, forms: dict[str, Form] | None = None, status: int = 200
) -> HttpResponse:
    restricted = person_policy.can_read_restricted(request.user)
    can_change = person_policy.can(request.user, PersonAction.CHANGE, person)
    move_form = MoveForm()
    move_form.scope_places(request.user)
    membership = person.memberships.filter(valid_to__isnull=True).select_related("household").first()
    household = membership.household if membership else None
    context = {
        "person": person,
        "residences": person.residences.select_related("commune", "village"),
        "entitlements": person.entitlements.select_related("granted_by"),
        "facts": person_policy.visible_facts(request.user, person),
        "duplicates": selectors.likely_duplicates(actor=request.user, person=person),
        "can_change": can_change,
        "fact_form": FactForm(restricted=restricted),
        "move_form": move_form,
        "death_form": DeathForm(),
        "household": household,
        "household_form": HouseholdJoinForm(),
        "poverty_form": PovertyForm(initial={"year": timezone.localdate().year}),
        "guardian_form": GuardianForm(),
        "history": events_shown(request.user, person_policy.visible_history(request.user, person)[:50]),
        **(forms or {}),
    }
    return TemplateResponse(request, "registry/person_detail.html", context, status=status)


@login_required
def person_edit(request: ActorRequest, pk: int) -> HttpResponse:
    person = _changeable_person(request, pk)
    initial = {
        "full_name": person.full_name,
        "birth": person.birth_display,
        "sex": person.sex,
        "ethnicity": person.ethnicity,
        "citizen_id": person.citizen_id or "",
        "old_id_number": person.old_id_number,
        "phone": person.phone,
        "address": person.address,
    }
    form = PersonEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.person_update(
                actor=request.user, person=person, data=_person_input(data), changes=data, reason=data["reason"]
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, "Đã lưu thay đổi.")
            return redirect("registry:person_detail", pk=person.pk)
    return TemplateResponse(request, "registry/person_edit.html", {"form": form, "person": person})


@login_required
def duplicate_list(request: ActorRequest) -> HttpResponse:
    require(person_policy.can_read_register(request.user))
    groups = selectors.duplicate_group_members(actor=request.user, limit=200)
    return TemplateResponse(request, "registry/duplicate_list.html", {"groups": groups})


@login_required
@require_POST
def person_merge(request: ActorRequest, pk: int) -> HttpResponse:
    keep = _changeable_person(request, pk)
    other_pk = request.POST.get("duplicate", "")
    duplicate = _changeable_person(request, int(other_pk)) if other_pk.isdigit() else None
    if duplicate is None:
        messages.error(request, "Hãy chọn hồ sơ trùng cần gộp.")
        return redirect("registry:person_detail", pk=keep.pk)
    try:
        actions.person_merge(actor=request.user, keep=keep, duplicate=duplicate, reason=request.POST.get("reason", ""))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, f"Đã gộp hồ sơ {duplicate.full_name} ({duplicate.birth_display}) vào hồ sơ này.")
    return redirect("registry:person_detail", pk=keep.pk)


def _person_by_id(request: ActorRequest, field: str, number: str) -> Person:
    """A visible person by CCCD, for the household and guardian forms."""
    match = person_policy.visible(request.user).filter(citizen_id=normalise_id(number)).first()
    if match is None:
        raise ValidationError({field: f"Không tìm thấy người có số CCCD {number} trong địa bàn của bạn."})
    return match


@login_required
def difficult_areas(request: ActorRequest) -> HttpResponse:
    """Extremely difficult communes and villages (ĐBKK) over time, for categories 5.5b and 5.7."""
    require(person_policy.can_read_register(request.user))
    if request.method == "POST":
        require(person_policy.can_record_areas(request.user))
    form = DifficultAreaForm(request.POST or None)
    form.scope_units(request.user)
    if request.method == "POST" and form.is_valid():
        try:
            actions.difficult_area_add(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, "Đã ghi nhận.")
            return redirect("registry:difficult_areas")
    visible_units = form.fields["unit"].queryset  # type: ignore[attr-defined]
    areas = DifficultArea.objects.filter(unit__in=visible_units).select_related("unit", "unit__parent")
    context = {
        "form": form,
        "areas": areas.order_by("unit__name", "-valid_from"),
        "can_add": person_policy.can_record_areas(request.user),
    }
    return TemplateResponse(request, "registry/difficult_areas.html", context, status=400 if form.errors else 200)


def _submit(
    request: ActorRequest,
    person: Person,
    form_name: str,
    form: Form,
    write: Callable[[dict[str, Any]], object],
    done: str,
) -> HttpResponse:
    """Validate a form of the person page, run its action, and come back to the page (400 with the
    errors shown beside the form, or a success message)."""
    if form.is_valid():
        try:
            write(form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, done)
            return redirect("registry:person_detail", pk=person.pk)
    return _detail_page(request, person, {form_name: form}, status=400)


@login_required
@require_POST
def person_fact_add(request: ActorRequest, pk: int) -> HttpResponse:
    person = _changeable_person(request, pk)
    form = FactForm(request.POST, restricted=person_policy.can_read_restricted(request.user))

    def write(data: dict[str, Any]) -> object:
        return actions.fact_add(
            actor=request.user,
            person=person,
            kind=data["kind"],
            value=form.fact_value(),
            effective_from=data["effective_from"],
            source=data["source"],
        )

    return _submit(request, person, "fact_form", form, write, "Đã thêm thông tin.")


@login_required
@require_POST
def person_move(request: ActorRequest, pk: int) -> HttpResponse:
    person = _changeable_person(request, pk)
    form = MoveForm(request.POST)
    form.scope_places(request.user)

    def write(data: dict[str, Any]) -> object:
        return actions.residence_move(actor=request.user, person=person, **data)

    return _submit(request, person, "move_form", form, write, "Đã ghi nhận chuyển nơi ở.")


@login_required
@require_POST
def person_death(request: ActorRequest, pk: int) -> HttpResponse:
    person = _changeable_person(request, pk)

    def write(data: dict[str, Any]) -> object:
        return actions.death_record(actor=request.user, person=person, **data)

    return _submit(
        request, person, "death_form", DeathForm(request.POST), write, f"Đã ghi nhận {person.full_name} chết."
    )


@login_required
@require_POST
def person_household(request: ActorRequest, pk: int) -> HttpResponse:
    person = _changeable_person(request, pk)

    def write(data: dict[str, Any]) -> object:
        head = _person_by_id(request, "head", data["head"]) if data["head"].strip() else None
        return actions.household_member_add(
            actor=request.user,
            person=person,
            head=head,
            relationship=data["relationship"],
            joined_on=data["joined_on"],
            source=data["source"],
        )

    return _submit(
        request, person, "household_form", HouseholdJoinForm(request.POST), write, "Đã ghi nhận hộ gia đình."
    )


@login_required
@require_POST
def person_poverty(request: ActorRequest, pk: int) -> HttpResponse:
    person = _changeable_person(request, pk)
    membership = person.memberships.filter(valid_to__isnull=True).select_related("household").first()

    def write(data: dict[str, Any]) -> object:
        if membership is None:
            raise ValidationError("Người này chưa thuộc hộ nào: hãy ghi nhận hộ gia đình trước.")
        return actions.poverty_set(actor=request.user, household=membership.household, **data)

    done = "Đã ghi nhận danh sách hộ nghèo, cận nghèo."
    return _submit(request, person, "poverty_form", PovertyForm(request.POST), write, done)


@login_required
@require_POST
def person_guardian(request: ActorRequest, pk: int) -> HttpResponse:
    person = _changeable_person(request, pk)

    def write(data: dict[str, Any]) -> object:
        guardian = _person_by_id(request, "guardian", data["guardian"])
        return actions.guardian_set(actor=request.user, person=person, guardian=guardian, relation=data["relation"])

    done = "Đã ghi nhận người giám hộ, đại diện."
    return _submit(request, person, "guardian_form", GuardianForm(request.POST), write, done)
