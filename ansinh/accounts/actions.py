"""Writes to users, offices and the deployment settings; every one audited."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from axes.utils import reset as axes_reset
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ansinh.accounts.models import DeploymentSettings, Office, OfficeName, RoleGrant, User
from ansinh.accounts.policies import office_policy, settings_policy, user_policy
from ansinh.audit.events import record_event, snapshot
from ansinh.core.access import Actor, Role, require
from ansinh.territory.models import AdministrativeUnit

USER_FIELDS = [
    "username",
    "full_name",
    "title",
    "email",
    "phone",
    "office",
    "territory",
    "is_active",
]
OFFICE_FIELDS = ["code", "name", "kind", "territory", "address", "phone", "is_active"]
SETTINGS_FIELDS = ["name", "home_unit"]


def _user_snapshot(user: User) -> dict[str, Any]:
    values = snapshot(user, USER_FIELDS)
    values["roles"] = sorted(user.role_grants.values_list("role", flat=True)) if user.pk else []
    return values


def _set_roles(user: User, roles: Iterable[str]) -> None:
    wanted = {Role(role) for role in roles}
    user.role_grants.exclude(role__in=wanted).delete()
    RoleGrant.objects.bulk_create([RoleGrant(user=user, role=role) for role in wanted], ignore_conflicts=True)
    user.__dict__.pop("role_set", None)


def _check_roles(roles: Iterable[str], office: Office | None) -> None:
    if not roles:
        raise ValidationError({"roles": "Hãy chọn ít nhất một vai trò."})
    if office is None and set(roles) != {Role.ADMIN}:
        raise ValidationError({"office": "Người dùng có vai trò nghiệp vụ phải thuộc một cơ quan."})


def user_create(
    *,
    actor: Actor,
    username: str,
    full_name: str,
    password: str,
    roles: Iterable[str],
    office: Office | None,
    territory: AdministrativeUnit | None = None,
    title: str = "",
    email: str = "",
    phone: str = "",
) -> User:
    require(user_policy.can_manage(actor))
    roles = list(roles)
    _check_roles(roles, office)
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": f"Tên đăng nhập “{username}” đã có người dùng."})
    user = User(
        username=username,
        full_name=" ".join(full_name.split()),
        title=title,
        email=email,
        phone=phone,
        office=office,
        territory=territory,
    )
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({"password": error.messages}) from error
    user.set_password(password)
    with transaction.atomic():
        user.full_clean(exclude=["password"])
        user.save()
        _set_roles(user, roles)
        record_event(
            actor=actor,
            action="accounts.user_create",
            obj=user,
            after=_user_snapshot(user),
            territory_id=user.scope_unit_id,
        )
    return user


def user_update(
    *,
    actor: Actor,
    user: User,
    full_name: str,
    roles: Iterable[str],
    office: Office | None,
    territory: AdministrativeUnit | None,
    is_active: bool,
    title: str = "",
    email: str = "",
    phone: str = "",
    reason: str = "",
) -> User:
    require(user_policy.can_manage(actor))
    roles = list(roles)
    _check_roles(roles, office)
    if user.pk == actor.pk and (not is_active or Role.ADMIN not in roles):
        raise ValidationError("Không thể tự khóa hoặc tự bỏ quyền quản trị của chính mình.")
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        before = _user_snapshot(locked)
        locked.full_name = " ".join(full_name.split())
        locked.title, locked.email, locked.phone = title, email, phone
        locked.office, locked.territory, locked.is_active = office, territory, is_active
        locked.full_clean(exclude=["password"])
        locked.save()
        _set_roles(locked, roles)
        after = _user_snapshot(locked)
        if after != before:
            record_event(
                actor=actor,
                action="accounts.user_update",
                obj=locked,
                before=before,
                after=after,
                reason=reason,
                territory_id=locked.scope_unit_id,
            )
    return locked


def user_set_password(*, actor: Actor, user: User, password: str, reason: str = "") -> None:
    """An administrator sets a new password (the password itself is never recorded)."""
    require(user_policy.can_manage(actor))
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({"password": error.messages}) from error
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        locked.set_password(password)
        locked.save(update_fields=["password"])
        record_event(
            actor=actor,
            action="accounts.user_set_password",
            obj=locked,
            reason=reason,
            territory_id=locked.scope_unit_id,
        )


def user_unlock(*, actor: Actor, user: User) -> int:
    """Lift a lockout after repeated failed logins; returns how many failure records went."""
    require(user_policy.can_manage(actor))
    with transaction.atomic():
        removed = axes_reset(username=user.username)
        record_event(
            actor=actor,
            action="accounts.user_unlock",
            obj=user,
            after={"failures_removed": removed},
            territory_id=user.scope_unit_id,
        )
    return int(removed)


def office_save(*, actor: Actor, office: Office | None, values: dict[str, Any], reason: str = "") -> Office:
    """Create an office (office=None) or change one."""
    require(office_policy.can_manage(actor))
    with transaction.atomic():
        target = Office() if office is None else Office.objects.select_for_update().get(pk=office.pk)
        before = None if office is None else snapshot(target, OFFICE_FIELDS)
        if office is not None and "name" in values and values["name"] != target.name and target.names.exists():
            raise ValidationError(
                {"name": "Cơ quan này có tên theo thời gian: hãy đổi tên ở mục “Đổi tên từ một ngày” để giữ lịch sử."}
            )
        for field, value in values.items():
            setattr(target, field, value)
        target.full_clean()
        target.save()
        after = snapshot(target, OFFICE_FIELDS)
        if after != before:
            record_event(
                actor=actor,
                action="accounts.office_create" if office is None else "accounts.office_update",
                obj=target,
                before=before,
                after=after,
                reason=reason,
                territory_id=target.territory_id,
            )
    return target


INITIAL_NAME_SOURCE = "Tên ghi khi lập cơ quan trong hệ thống"


def _rename_errors(office: Office, name: str, valid_from: date, source: str, reason: str) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not name.strip():
        errors["name"] = "Hãy ghi tên mới của cơ quan."
    if not source.strip():
        errors["source"] = "Hãy ghi căn cứ của tên mới (văn bản, số, ngày)."
    if not reason.strip():
        errors["reason"] = "Hãy ghi lý do đổi tên."
    if valid_from > timezone.localdate():
        errors["valid_from"] = "Chỉ ghi tên đã có hiệu lực: ngày dùng tên mới không được sau hôm nay."
    elif valid_from < office.territory.valid_from:
        errors["valid_from"] = (
            f"Ngày dùng tên mới trước ngày địa bàn {office.territory.name} bắt đầu "
            f"({office.territory.valid_from:%d/%m/%Y})."
        )
    elif office.names.filter(valid_from=valid_from).exists():
        errors["valid_from"] = f"Đã có tên dùng từ ngày {valid_from:%d/%m/%Y}; hãy chọn ngày khác."
    return errors


def office_rename(
    *,
    actor: Actor,
    office: Office,
    name: str,
    valid_from: date,
    source: str,
    reason: str,
    unconfirmed: bool = False,
) -> OfficeName:
    """Record the office's name from a day (domain.md §2: the provincial department's name is data), with
    its source and whether it is confirmed. History is kept: documents dated before keep the old name. The
    first rename records the name the office had until then (from its territory's start). `Office.name`
    becomes the name in force today (dates after today are refused, so it stays exact)."""
    require(office_policy.can_manage(actor))
    with transaction.atomic():
        target = Office.objects.select_for_update().select_related("territory").get(pk=office.pk)
        errors = _rename_errors(target, name, valid_from, source, reason)
        if errors:
            raise ValidationError(errors)
        before = {"name": target.name}
        if not target.names.exists() and valid_from > target.territory.valid_from:
            OfficeName.objects.create(
                office=target,
                name=target.name,
                valid_from=target.territory.valid_from,
                source=INITIAL_NAME_SOURCE,
                reason=INITIAL_NAME_SOURCE,
            )
        row = OfficeName.objects.create(
            office=target,
            name=name.strip(),
            valid_from=valid_from,
            source=source.strip(),
            unconfirmed=unconfirmed,
            reason=reason.strip(),
        )
        current = target.names.filter(valid_from__lte=timezone.localdate()).order_by("valid_from").last()
        target.name = current.name if current is not None else target.name
        target.save(update_fields=["name"])
        record_event(
            actor=actor,
            action="accounts.office_rename",
            obj=target,
            before=before,
            after={
                "name": row.name,
                "valid_from": valid_from.isoformat(),
                "source": row.source,
                "unconfirmed": unconfirmed,
            },
            reason=row.reason,
            territory_id=target.territory_id,
        )
    return row


def settings_save(
    *,
    actor: Actor | None,
    name: str,
    home_unit: AdministrativeUnit,
    reason: str = "",
) -> DeploymentSettings:
    """Set the deployment's name and home territory. `actor=None` only from setup commands."""
    if actor is not None:
        require(settings_policy.can_manage(actor))
    with transaction.atomic():
        current = DeploymentSettings.objects.select_for_update().filter(pk=1).first()
        before = snapshot(current, SETTINGS_FIELDS) if current else None
        target = current or DeploymentSettings(pk=1)
        target.name, target.home_unit = name, home_unit
        target.save()
        after = snapshot(target, SETTINGS_FIELDS)
        if after != before:
            record_event(
                actor=actor,
                action="accounts.settings_update",
                obj=target,
                before=before,
                after=after,
                reason=reason,
                territory_id=home_unit.pk,
            )
    return target
