"""The vocabulary of access shared by every app: office kinds, roles and what an actor is.

Policies in each app depend on the `Actor` protocol, not on the user model, so that the
territory app (below accounts) can state its own rules. See docs/architecture.md.
"""

from __future__ import annotations

from typing import Any, Protocol

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _


class OfficeKind(models.TextChoices):
    """The offices of domain.md §2. A commune chair and a district chair are roles held
    in the commune and district People's Committees (codes `commune_chair`, `district_chair`)."""

    COMMUNE = "commune", _("UBND xã, thị trấn")
    DISABILITY_COUNCIL = "disability_council", _("Hội đồng xác định mức độ khuyết tật")
    LABOUR_OFFICE = "labour_office", _("Phòng Lao động - Thương binh và Xã hội")
    DISTRICT_COMMITTEE = "district_committee", _("UBND huyện")
    FINANCE_OFFICE = "finance_office", _("Phòng Tài chính - Kế hoạch")
    SOCIAL_INSURANCE = "social_insurance", _("Bảo hiểm xã hội huyện")
    POST_OFFICE = "post_office", _("Bưu điện huyện")
    CULTURE_CENTRE = "culture_centre", _("Trung tâm Văn hóa - Thông tin và Thể thao")
    VOCATIONAL_CENTRE = "vocational_centre", _("Trung tâm GDNN-GDTX")
    PROVINCE = "province", _("Sở Lao động - Thương binh và Xã hội")
    SYSTEM = "system", _("Quản trị hệ thống")


class Role(models.TextChoices):
    OFFICER = "officer", _("Cán bộ, công chức")
    HEAD = "head", _("Trưởng phòng, thủ trưởng")
    CHAIR = "chair", _("Chủ tịch, Phó Chủ tịch")
    VIEWER = "viewer", _("Chỉ xem")
    ADMIN = "admin", _("Quản trị hệ thống")


class Actor(Protocol):
    """What a policy needs to know about whoever acts (a logged-in user or anonymous)."""

    @property
    def pk(self) -> Any: ...

    @property
    def is_authenticated(self) -> bool: ...

    @property
    def is_active(self) -> bool: ...

    def has_role(self, *roles: Role) -> bool: ...

    @property
    def office_kind(self) -> OfficeKind | None: ...

    @property
    def scope_unit_id(self) -> int | None:
        """The administrative unit this actor acts over, or None for no territory."""
        ...


def is_active_user(actor: Actor) -> bool:
    return bool(actor.is_authenticated and actor.is_active)


NOT_ALLOWED = "Bạn không có quyền thực hiện việc này."


def require(allowed: bool) -> None:
    """Raise PermissionDenied (→ 403, nothing written) unless the policy allowed it."""
    if not allowed:
        raise PermissionDenied(NOT_ALLOWED)


class ActorRequest(HttpRequest):
    """The request of a view behind `login_required`: its user is an Actor (for typing)."""

    user: Actor  # type: ignore[assignment]
