from __future__ import annotations

from axes.models import AccessAttempt
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST

from ansinh.accounts import actions, selectors
from ansinh.accounts.forms import (
    OfficeForm,
    OfficeRenameForm,
    SetPasswordForm,
    SettingsForm,
    UserCreateForm,
    UserForm,
)
from ansinh.accounts.models import Office, User
from ansinh.accounts.policies import office_policy, settings_policy, user_policy
from ansinh.audit.selectors import events_for_object
from ansinh.core.access import ActorRequest, require
from ansinh.core.forms import add_action_errors


@login_required
def user_list(request: ActorRequest) -> HttpResponse:
    require(user_policy.can_manage(request.user))
    query = request.GET.get("q", "").strip()
    office_id = request.GET.get("co_quan", "")
    users = selectors.user_list(
        actor=request.user, query=query, office_id=int(office_id) if office_id.isdigit() else None
    )
    locked = set(AccessAttempt.objects.filter(failures_since_start__gte=5).values_list("username", flat=True))
    return TemplateResponse(
        request,
        "accounts/user_list.html",
        {
            "users": users,
            "query": query,
            "locked_usernames": locked,
            "offices": selectors.office_list(actor=request.user),
        },
    )


@login_required
def user_create(request: ActorRequest) -> HttpResponse:
    require(user_policy.can_manage(request.user))
    form = UserCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = actions.user_create(
                actor=request.user,
                username=data["username"],
                full_name=data["full_name"],
                password=data["password"],
                roles=data["roles"],
                office=data["office"],
                territory=data["territory"],
                title=data["title"],
                email=data["email"],
                phone=data["phone"],
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, f"Đã tạo người dùng {user.username}.")
            return redirect("accounts:user_edit", pk=user.pk)
    return TemplateResponse(request, "accounts/user_form.html", {"form": form, "creating": True})


@login_required
def user_edit(request: ActorRequest, pk: int) -> HttpResponse:
    require(user_policy.can_manage(request.user))
    user = get_object_or_404(user_policy.visible(request.user), pk=pk)
    initial = {
        "full_name": user.full_name,
        "title": user.title,
        "email": user.email,
        "phone": user.phone,
        "office": user.office,
        "territory": user.territory,
        "roles": sorted(user.role_set),
        "is_active": user.is_active,
    }
    form = UserForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.user_update(
                actor=request.user,
                user=user,
                full_name=data["full_name"],
                roles=data["roles"],
                office=data["office"],
                territory=data["territory"],
                is_active=data["is_active"],
                title=data["title"],
                email=data["email"],
                phone=data["phone"],
                reason=data["reason"],
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, "Đã lưu thay đổi.")
            return redirect("accounts:user_edit", pk=user.pk)
    return TemplateResponse(
        request,
        "accounts/user_form.html",
        {
            "form": form,
            "subject": user,
            "password_form": SetPasswordForm(),
            "history": events_for_object(user)[:50],
        },
    )


@login_required
@require_POST
def user_set_password(request: ActorRequest, pk: int) -> HttpResponse:
    require(user_policy.can_manage(request.user))
    user = get_object_or_404(user_policy.visible(request.user), pk=pk)
    form = SetPasswordForm(request.POST)
    if form.is_valid():
        try:
            actions.user_set_password(
                actor=request.user,
                user=user,
                password=form.cleaned_data["password"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, f"Đã đặt mật khẩu mới cho {user.username}.")
    else:
        messages.error(request, "Hãy nhập mật khẩu mới.")
    return redirect("accounts:user_edit", pk=user.pk)


@login_required
@require_POST
def user_unlock(request: ActorRequest, pk: int) -> HttpResponse:
    require(user_policy.can_manage(request.user))
    user: User = get_object_or_404(user_policy.visible(request.user), pk=pk)
    actions.user_unlock(actor=request.user, user=user)
    messages.success(request, f"Đã mở khóa tài khoản {user.username}.")
    return redirect("accounts:user_list")


@login_required
def office_list(request: ActorRequest) -> HttpResponse:
    require(office_policy.can_manage(request.user))
    query = request.GET.get("q", "").strip()
    offices = selectors.office_list(actor=request.user, query=query)
    return TemplateResponse(request, "accounts/office_list.html", {"offices": offices, "query": query})


@login_required
def office_edit(request: ActorRequest, pk: int | None = None) -> HttpResponse:
    require(office_policy.can_manage(request.user))
    office = get_object_or_404(office_policy.visible(request.user), pk=pk) if pk else None
    initial = _office_initial(office) if office else {"is_active": True}
    form = OfficeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        reason = values.pop("reason")
        try:
            saved = actions.office_save(actor=request.user, office=office, values=values, reason=reason)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, f"Đã lưu cơ quan {saved.name}.")
            return redirect("accounts:office_edit", pk=saved.pk)
    return _office_page(request, office, form=form, rename_form=OfficeRenameForm() if office else None)


def _office_page(
    request: ActorRequest,
    office: Office | None,
    *,
    form: OfficeForm,
    rename_form: OfficeRenameForm | None,
    status: int = 200,
) -> HttpResponse:
    context = {
        "form": form,
        "office": office,
        "names": selectors.office_names(office) if office else [],
        "rename_form": rename_form,
        "history": events_for_object(office)[:50] if office else [],
    }
    return TemplateResponse(request, "accounts/office_form.html", context, status=status)


OFFICE_FORM_FIELDS = ["code", "name", "kind", "territory", "address", "phone", "is_active"]


def _office_initial(office: Office) -> dict[str, object]:
    return {field: getattr(office, field) for field in OFFICE_FORM_FIELDS}


@login_required
@require_POST
def office_rename(request: ActorRequest, pk: int) -> HttpResponse:
    """Record the office's name from a day, with its source and reason (audited; history kept)."""
    require(office_policy.can_manage(request.user))
    office = get_object_or_404(office_policy.visible(request.user), pk=pk)
    form = OfficeRenameForm(request.POST)
    if form.is_valid():
        values = form.cleaned_data
        try:
            row = actions.office_rename(actor=request.user, office=office, **values)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, f"Đã ghi tên “{row.name}” dùng từ ngày {row.valid_from:%d/%m/%Y}.")
            return redirect("accounts:office_edit", pk=office.pk)
    edit_form = OfficeForm(initial=_office_initial(office))
    return _office_page(request, office, form=edit_form, rename_form=form, status=400)


@login_required
def settings_edit(request: ActorRequest) -> HttpResponse:
    require(settings_policy.can_manage(request.user))
    current = selectors.deployment_settings()
    initial = (
        {
            "name": current.name,
            "home_unit": current.home_unit,
        }
        if current
        else {}
    )
    form = SettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        actions.settings_save(
            actor=request.user,
            name=data["name"],
            home_unit=data["home_unit"],
            reason=data["reason"],
        )
        messages.success(request, "Đã lưu cài đặt triển khai.")
        return redirect("accounts:settings")
    context = {
        "form": form,
        "current": current,
        "history": events_for_object(current)[:50] if current else [],
    }
    return TemplateResponse(request, "accounts/settings_form.html", context)
