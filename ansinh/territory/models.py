from __future__ import annotations

from datetime import date
from typing import Any

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ansinh.core.text import fold


class UnitLevel(models.TextChoices):
    PROVINCE = "province", _("Cấp tỉnh")
    DISTRICT = "district", _("Cấp huyện")
    COMMUNE = "commune", _("Cấp xã")
    VILLAGE = "village", _("Thôn, tổ dân phố")


class UnitType(models.TextChoices):
    PROVINCE = "tinh", _("Tỉnh")
    CENTRAL_CITY = "thanh_pho_tw", _("Thành phố")
    DISTRICT = "huyen", _("Huyện")
    TOWN = "thi_xa", _("Thị xã")
    PROVINCIAL_CITY = "thanh_pho", _("Thành phố")
    URBAN_DISTRICT = "quan", _("Quận")
    COMMUNE = "xa", _("Xã")
    WARD = "phuong", _("Phường")
    TOWNSHIP = "thi_tran", _("Thị trấn")
    SPECIAL_ZONE = "dac_khu", _("Đặc khu")
    VILLAGE = "thon", _("Thôn")
    HAMLET = "ban", _("Bản")
    RESIDENTIAL_GROUP = "to_dan_pho", _("Tổ dân phố")


LEVEL_OF_TYPE: dict[str, str] = {
    UnitType.PROVINCE: UnitLevel.PROVINCE,
    UnitType.CENTRAL_CITY: UnitLevel.PROVINCE,
    UnitType.DISTRICT: UnitLevel.DISTRICT,
    UnitType.TOWN: UnitLevel.DISTRICT,
    UnitType.PROVINCIAL_CITY: UnitLevel.DISTRICT,
    UnitType.URBAN_DISTRICT: UnitLevel.DISTRICT,
    UnitType.COMMUNE: UnitLevel.COMMUNE,
    UnitType.WARD: UnitLevel.COMMUNE,
    UnitType.TOWNSHIP: UnitLevel.COMMUNE,
    UnitType.SPECIAL_ZONE: UnitLevel.COMMUNE,
    UnitType.VILLAGE: UnitLevel.VILLAGE,
    UnitType.HAMLET: UnitLevel.VILLAGE,
    UnitType.RESIDENTIAL_GROUP: UnitLevel.VILLAGE,
}
VILLAGE_TYPES = [t for t, level in LEVEL_OF_TYPE.items() if level == UnitLevel.VILLAGE]


class AdministrativeUnitQuerySet(models.QuerySet["AdministrativeUnit"]):
    def active_on(self, day: date) -> AdministrativeUnitQuerySet:
        return self.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day), valid_from__lte=day)


class AdministrativeUnit(models.Model):
    """A province, district, commune or village, valid over a period.

    Codes are GSO codes for province, district and commune. A code is reused after a
    merger by a different unit (domain.md §3), so the key is (level, code, valid_from).
    """

    code = models.CharField(_("mã"), max_length=10, blank=True)
    name = models.CharField(_("tên"), max_length=100)
    unit_type = models.CharField(_("loại"), max_length=20, choices=UnitType.choices)
    level = models.CharField(_("cấp"), max_length=10, choices=UnitLevel.choices, editable=False)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("trực thuộc"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    valid_from = models.DateField(_("hiệu lực từ ngày"))
    valid_to = models.DateField(_("hiệu lực đến ngày"), null=True, blank=True)
    legal_basis = models.CharField(_("căn cứ"), max_length=255, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    name_folded = models.CharField(max_length=100, editable=False, db_index=True)

    objects = AdministrativeUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("đơn vị hành chính")
        verbose_name_plural = _("đơn vị hành chính")
        ordering = ["level", "code", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["level", "code", "valid_from"],
                condition=~Q(level="village"),
                name="territory_unit_code_period_unique",
            ),
            models.UniqueConstraint(
                fields=["parent", "name_folded", "valid_from"],
                condition=Q(level="village"),
                name="territory_village_name_unique",
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="territory_unit_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.level = LEVEL_OF_TYPE[self.unit_type]
        self.name_folded = fold(self.name)
        super().save(*args, **kwargs)

    @property
    def full_name(self) -> str:
        return f"{self.get_unit_type_display()} {self.name}"

    def is_active_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or self.valid_to >= day)


class UnitSuccession(models.Model):
    """A predecessor unit that became (part of) a successor on a date: merger, split, renaming."""

    predecessor = models.ForeignKey(AdministrativeUnit, on_delete=models.PROTECT, related_name="successions_out")
    successor = models.ForeignKey(AdministrativeUnit, on_delete=models.PROTECT, related_name="successions_in")
    effective_date = models.DateField(_("ngày hiệu lực"))
    legal_basis = models.CharField(_("căn cứ"), max_length=255, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    # when the register was moved to the successor (territory.changes.territory_change_apply)
    applied_at = models.DateTimeField(_("đã áp dụng vào hồ sơ lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("sắp xếp đơn vị hành chính")
        verbose_name_plural = _("sắp xếp đơn vị hành chính")
        constraints = [models.UniqueConstraint(fields=["predecessor", "successor"], name="territory_succession_unique")]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor} ({self.effective_date:%d/%m/%Y})"


class UnitCoverage(models.Model):
    """Closure table: `ancestor` covers `descendant` (itself, its sub-units, and successors
    formed wholly from units it covers). Scoping queries join on it; see selectors."""

    ancestor = models.ForeignKey(AdministrativeUnit, on_delete=models.CASCADE, related_name="+")
    descendant = models.ForeignKey(AdministrativeUnit, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["ancestor", "descendant"], name="territory_coverage_unique")]

    def __str__(self) -> str:
        return f"{self.ancestor_id} ⊇ {self.descendant_id}"
