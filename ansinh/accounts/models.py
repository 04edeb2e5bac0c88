from __future__ import annotations

from functools import cached_property

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from ansinh.core.access import OfficeKind, Role
from ansinh.core.text import fold


class Office(models.Model):
    """An office of domain.md §2, over a territory (a commune, the district, the province)."""

    code = models.SlugField(_("mã cơ quan"), max_length=40, unique=True)
    name = models.CharField(_("tên cơ quan"), max_length=200)
    kind = models.CharField(_("loại cơ quan"), max_length=30, choices=OfficeKind.choices)
    territory = models.ForeignKey(
        "territory.AdministrativeUnit",
        verbose_name=_("địa bàn"),
        on_delete=models.PROTECT,
        related_name="offices",
    )
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    is_active = models.BooleanField(_("đang hoạt động"), default=True)

    class Meta:
        verbose_name = _("cơ quan")
        verbose_name_plural = _("cơ quan")
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name


class OfficeName(models.Model):
    """A dated name of an office (domain.md §2: after the 2025 reform the provincial department that
    supervises social protection is an office whose name is data). The name in force on a day is the
    row with the latest `valid_from` on or before it; `Office.name` holds the name in force today.
    Like rules.Parameter, each name carries its source and whether it is confirmed."""

    office = models.ForeignKey(Office, verbose_name=_("cơ quan"), on_delete=models.CASCADE, related_name="names")
    name = models.CharField(_("tên cơ quan"), max_length=200)
    valid_from = models.DateField(_("dùng tên từ ngày"))
    source = models.CharField(_("căn cứ"), max_length=255)
    unconfirmed = models.BooleanField(_("chưa xác nhận"), default=False)
    reason = models.CharField(_("lý do"), max_length=500)
    recorded_at = models.DateTimeField(_("ghi lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("tên cơ quan theo thời gian")
        verbose_name_plural = _("tên cơ quan theo thời gian")
        ordering = ["office", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["office", "valid_from"], name="accounts_office_name_start_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.name} (từ {self.valid_from:%d/%m/%Y})"


class User(AbstractUser):
    """A person who logs in. They belong to an office, hold roles and act over a territory
    (their office's, unless `territory` narrows or sets it)."""

    full_name = models.CharField(_("họ và tên"), max_length=150)
    full_name_folded = models.CharField(max_length=150, editable=False, db_index=True)
    title = models.CharField(_("chức danh"), max_length=150, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    office = models.ForeignKey(
        Office,
        verbose_name=_("cơ quan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )
    territory = models.ForeignKey(
        "territory.AdministrativeUnit",
        verbose_name=_("địa bàn phụ trách"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Để trống để dùng địa bàn của cơ quan."),
    )

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")
        ordering = ["username"]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.username})" if self.full_name else self.username

    def save(self, *args: object, **kwargs: object) -> None:
        self.full_name_folded = fold(self.full_name)
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split()[-1] if self.full_name else self.username

    @cached_property
    def role_set(self) -> frozenset[str]:
        return frozenset(self.role_grants.values_list("role", flat=True))

    def has_role(self, *roles: Role) -> bool:
        return not self.role_set.isdisjoint(roles)

    @property
    def office_kind(self) -> OfficeKind | None:
        return OfficeKind(self.office.kind) if self.office_id and self.office else None

    @property
    def scope_unit_id(self) -> int | None:
        if self.territory_id is not None:
            return self.territory_id
        return self.office.territory_id if self.office_id and self.office else None

    def roles_display(self) -> str:
        return ", ".join(str(Role(role).label) for role in sorted(self.role_set))


class RoleGrant(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_grants")
    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("vai trò")
        verbose_name_plural = _("vai trò")
        constraints = [models.UniqueConstraint(fields=["user", "role"], name="accounts_role_grant_unique")]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.role}"


class DecisionFlow(models.TextChoices):
    DISTRICT = "district", _("Cấp huyện thẩm định và quyết định (như năm 2024, NĐ 20/2021 Điều 8)")
    COMMUNE = (
        "commune",
        _("Cấp xã thẩm định và Chủ tịch UBND xã quyết định (từ 01/7/2025, NĐ 147/2025)"),
    )


class DeploymentSettings(models.Model):
    """One row: the deployment's name and home territory. Who appraises and who decides is not a setting
    but dated data (rules parameter `authority.commune_decides`; issue 15): the district flow until
    30/06/2025, the commune flow from 01/07/2025 (NĐ 147/2025 Art 5)."""

    name = models.CharField(_("tên triển khai"), max_length=150)
    home_unit = models.ForeignKey(
        "territory.AdministrativeUnit",
        verbose_name=_("địa bàn triển khai"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("cài đặt triển khai")
        verbose_name_plural = _("cài đặt triển khai")
        constraints = [models.CheckConstraint(condition=models.Q(pk=1), name="accounts_settings_single_row")]

    def __str__(self) -> str:
        return self.name
