"""The monthly report as a record (domain.md §10: "each office to the labour office, the labour
office to the district committee and to the provincial Department"; journeys.md).

A `MonthlyReport` is one unit's report for one month: a commune's, or a district's consolidated
report made by its labour office. Its figures are computed when it is prepared and frozen when it
is sent (`figures`, see figures.py); the narrative is written by hand. It goes to the next level of
the chain, found from the territory in force, not from a date in code: a commune whose parent is a
district (before 07/2025) reports to the district's labour office, which consolidates for the
district committee and the province; a commune whose parent is the province (after 01/07/2025)
reports straight to the province. The recipient marks it received.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Đang soạn")
    SENT = "sent", _("Đã gửi")
    RECEIVED = "received", _("Đã nhận")


class MonthlyReport(models.Model):
    unit = models.ForeignKey(
        "territory.AdministrativeUnit", verbose_name=_("đơn vị báo cáo"), on_delete=models.PROTECT, related_name="+"
    )
    province_code = models.CharField(max_length=3, db_index=True, editable=False)
    month = models.DateField(_("tháng báo cáo"), help_text=_("ngày đầu tháng"))
    status = models.CharField(_("trạng thái"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    figures = models.JSONField(_("số liệu"), default=dict)
    narrative = models.TextField(_("đánh giá, kiến nghị"), blank=True)
    due_on = models.DateField(_("hạn gửi"))
    prepared_at = models.DateTimeField(_("lập lúc"), null=True, blank=True)
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    received_at = models.DateTimeField(_("nhận lúc"), null=True, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    included_in = models.ForeignKey(
        "self",
        verbose_name=_("đã tổng hợp vào"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="included",
    )

    class Meta:
        verbose_name = _("báo cáo tháng")
        verbose_name_plural = _("báo cáo tháng")
        ordering = ["-month", "unit_id"]
        constraints = [models.UniqueConstraint(fields=["unit", "month"], name="reports_one_report_per_month")]

    def __str__(self) -> str:
        return f"Báo cáo tháng {self.month:%m/%Y} – {self.unit_id}"

    def is_late(self, today: date) -> bool:
        """Not sent by its date (sent after it, or still unsent once it has passed)."""
        if self.sent_at is not None:
            return self.sent_at.date() > self.due_on
        return today > self.due_on
