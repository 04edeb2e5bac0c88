from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class DayKind(models.TextChoices):
    DAY_OFF = "day_off", _("Ngày nghỉ (lễ, Tết, nghỉ bù)")
    WORKING_SATURDAY = "working_saturday", _("Ngày làm việc bù (thứ Bảy, Chủ nhật đi làm)")


class CalendarDay(models.Model):
    """An exception to Monday–Friday: a weekday off, or a weekend day worked (domain.md §11).

    Administrators enter each year's days as the Prime Minister announces them.
    """

    day = models.DateField(_("ngày"), unique=True)
    kind = models.CharField(_("loại"), max_length=20, choices=DayKind.choices)
    name = models.CharField(_("tên"), max_length=150)
    source = models.CharField(_("căn cứ"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("ngày nghỉ lễ, làm bù")
        verbose_name_plural = _("lịch nghỉ lễ, làm bù")
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y} {self.name}"
