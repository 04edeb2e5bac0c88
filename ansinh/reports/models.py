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


class BudgetEstimate(models.Model):
    """The budget estimate (dự toán) of one unit for one year (issue 19 item 3; domain.md §2): lines
    projected per commune in force on 01/01 of the year, support type and month (`projection.py`),
    adjusted by the preparer with a reason, sent and marked received.

    Who prepares and who receives is decided by the date the estimate is prepared (`flow`, from the
    dated authority parameter `rules.selectors.decision_flow_on`): the district flow — the labour office
    prepares and sends the district's estimate to the finance office; the commune flow (from
    01/07/2025, NĐ 147/2025) — the commune office prepares its commune's estimate, the commune chair
    sends it and the provincial department receives it. A sent estimate is frozen."""

    unit = models.ForeignKey(
        "territory.AdministrativeUnit", verbose_name=_("đơn vị lập"), on_delete=models.PROTECT, related_name="+"
    )
    province_code = models.CharField(max_length=3, db_index=True, editable=False)
    year = models.PositiveSmallIntegerField(_("năm dự toán"))
    flow = models.CharField(_("quy trình"), max_length=10)
    status = models.CharField(_("trạng thái"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    prepared_on = models.DateField(_("ngày lập"))
    prepared_at = models.DateTimeField(_("lập lúc"))
    prepared_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    received_at = models.DateTimeField(_("nhận lúc"), null=True, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("dự toán kinh phí")
        verbose_name_plural = _("dự toán kinh phí")
        ordering = ["-year", "unit_id"]
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="reports_one_estimate_per_year")]

    def __str__(self) -> str:
        return f"Dự toán năm {self.year} – {self.unit_id}"


class EstimateLine(models.Model):
    """One projected figure: a commune, a support type (a category code, `funeral`, `cremation`,
    `edu.<programme>`), a month. The projection is kept beside the adjusted figure."""

    estimate = models.ForeignKey(BudgetEstimate, on_delete=models.CASCADE, related_name="lines")
    commune = models.ForeignKey("territory.AdministrativeUnit", on_delete=models.PROTECT, related_name="+")
    support = models.CharField(_("loại hỗ trợ"), max_length=20)
    month = models.PositiveSmallIntegerField(_("tháng"))
    people = models.IntegerField(_("số người (dự kiến)"))
    amount = models.BigIntegerField(_("kinh phí dự kiến (đồng)"))
    explanation = models.TextField(_("cách tính"))
    adjusted_people = models.IntegerField(_("số người sau điều chỉnh"), null=True, blank=True)
    adjusted_amount = models.BigIntegerField(_("kinh phí sau điều chỉnh (đồng)"), null=True, blank=True)
    adjust_reason = models.TextField(_("lý do điều chỉnh"), blank=True)
    adjusted_at = models.DateTimeField(null=True, blank=True)
    adjusted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("dòng dự toán")
        verbose_name_plural = _("dòng dự toán")
        ordering = ["commune_id", "support", "month"]
        constraints = [
            models.UniqueConstraint(
                fields=["estimate", "commune", "support", "month"], name="reports_one_estimate_line_per_cell"
            )
        ]

    def __str__(self) -> str:
        return f"{self.support} tháng {self.month}"

    @property
    def is_adjusted(self) -> bool:
        return self.adjusted_amount is not None

    @property
    def final_amount(self) -> int:
        return self.adjusted_amount if self.adjusted_amount is not None else self.amount

    @property
    def final_people(self) -> int:
        return self.adjusted_people if self.adjusted_people is not None else self.people
