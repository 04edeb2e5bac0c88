"""The vocabulary of access shared by every app: office kinds, roles and what an actor is.

Policies in each app depend on the `Actor` protocol, not on the user model, so that the
territory app (below accounts) can state its own rules. See docs/architecture.md.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Protocol

from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db import models
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext
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


# --- the district archive (issue 15 item 2) -----------------------------------------------------------
# Since the commune flow is in force (NĐ 147/2025 Art 5: no district level, the commune chair decides;
# journeys.md "Since 1 July 2025": "the district's old records stay readable as an archive"), the
# district government offices only read: whatever they could write is refused for any day or month on
# or after the change, and stays open for the months before it (their archive). The day of the change
# is dated data (rules parameter `authority.commune_decides`), never a date in code: the rules app,
# above this one, registers the reader at start-up (`set_commune_flow_reader`).

DISTRICT_OFFICES = frozenset({OfficeKind.LABOUR_OFFICE, OfficeKind.DISTRICT_COMMITTEE, OfficeKind.FINANCE_OFFICE})


class CommuneFlowReader(Protocol):
    def __call__(self, day: date) -> date | None:
        """The first day of the commune flow in force on `day`, or None while the district flow is."""
        ...


_commune_flow_reader: list[CommuneFlowReader] = []


def set_commune_flow_reader(reader: CommuneFlowReader) -> None:
    _commune_flow_reader[:] = [reader]


def commune_flow_since(day: date) -> date | None:
    """The day the commune flow began, if it is in force on `day` (None: the district flow)."""
    if not _commune_flow_reader:
        raise ImproperlyConfigured("ansinh.rules must be installed: it says when the commune flow is in force.")
    return _commune_flow_reader[0](day)


def flow_office(day: date) -> OfficeKind:
    """The office that does on `day` the work the reform moved to the commune (payment lists, education
    supports): the district's labour office under the district flow, the commune under the commune flow."""
    return OfficeKind.LABOUR_OFFICE if commune_flow_since(day) is None else OfficeKind.COMMUNE


def archived_since(actor: Actor, day: date | None = None) -> date | None:
    """The day `actor`'s district office became a read-only archive, when that is so on `day` (the day or
    the first day of the month the act concerns; today when None). None: the actor may act as before."""
    if actor.office_kind not in DISTRICT_OFFICES:
        return None
    return commune_flow_since(day or timezone.localdate())


def is_archived(actor: Actor, day: date | None = None) -> bool:
    return archived_since(actor, day) is not None


def archive_refusal(actor: Actor, day: date | None = None) -> str:
    """The Vietnamese reason a district office may not write for `day` ("" when it may)."""
    since = archived_since(actor, day)
    if since is None:
        return ""
    return gettext(
        "Từ ngày %(day)s cấp huyện không còn thẩm quyền (Nghị định 147/2025/NĐ-CP, Điều 5): cơ quan cấp "
        "huyện chỉ còn tra cứu hồ sơ lưu trữ; các việc từ ngày đó do UBND xã thực hiện."
    ) % {"day": since.strftime("%d/%m/%Y")}


def open_for(actor: Actor, day: date | None = None) -> bool:
    """True unless `actor` is a district office archived on `day`: the one check every write policy adds."""
    return not is_archived(actor, day)


class ActorRequest(HttpRequest):
    """The request of a view behind `login_required`: its user is an Actor (for typing)."""

    user: Actor  # type: ignore[assignment]
