"""Inspection plans ranked by risk, checklists, findings and recommendations, self-inspection (issue 20).

- `RiskFactor`: each factor of the ranking with its weight, as data (seeded by migration 0002; a plan
  keeps the weights and values it was built with, so editing a weight never changes a past plan).
- `Inspection`: one inspection of one commune, by the supervising office within a `InspectionPlan`
  (`kind=external`), or the commune's own half-yearly self-inspection (`kind=self`).
- `ChecklistTopic`/`ChecklistItem`: the checklist, per topic with its legal basis; `ChecklistAnswer`:
  the result of each item in one inspection.
- `Finding` (with its evidence file, checked by `core.uploads`) and `Recommendation` (owner, deadline):
  an open recommendation is on the commune's to-do until closed.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class RiskFactor(models.Model):
    key = models.CharField(_("mã yếu tố"), max_length=40, unique=True)
    label = models.CharField(_("yếu tố"), max_length=200)
    weight = models.DecimalField(_("trọng số"), max_digits=6, decimal_places=2)
    cap = models.PositiveIntegerField(_("giá trị tối đa được tính"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"))
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("yếu tố rủi ro")
        verbose_name_plural = _("yếu tố rủi ro")
        ordering = ["order"]

    def __str__(self) -> str:
        return self.label


class InspectionPlan(models.Model):
    title = models.CharField(_("tên kế hoạch"), max_length=200)
    office = models.ForeignKey("accounts.Office", on_delete=models.PROTECT, related_name="+")
    territory = models.ForeignKey("territory.AdministrativeUnit", on_delete=models.PROTECT, related_name="+")
    period_from = models.DateField(_("từ ngày"))
    period_to = models.DateField(_("đến ngày"))
    as_of = models.DateField(_("xếp hạng rủi ro tính đến ngày"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("kế hoạch kiểm tra")
        verbose_name_plural = _("kế hoạch kiểm tra")
        ordering = ["-period_from", "-pk"]

    def __str__(self) -> str:
        return self.title


class InspectionKind(models.TextChoices):
    EXTERNAL = "external", _("Kiểm tra theo kế hoạch")
    SELF = "self", _("Tự kiểm tra của xã")


class InspectionStatus(models.TextChoices):
    PLANNED = "planned", _("Đang thực hiện")
    DONE = "done", _("Đã kết thúc")


class Inspection(models.Model):
    kind = models.CharField(_("loại"), max_length=10, choices=InspectionKind.choices)
    plan = models.ForeignKey(
        InspectionPlan, null=True, blank=True, on_delete=models.PROTECT, related_name="inspections"
    )
    commune = models.ForeignKey(
        "territory.AdministrativeUnit", verbose_name=_("xã"), on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("lý do chọn"), blank=True)
    rank = models.PositiveIntegerField(_("thứ hạng rủi ro"), null=True, blank=True)
    score = models.DecimalField(_("điểm rủi ro"), max_digits=10, decimal_places=2, null=True, blank=True)
    factors = models.JSONField(_("các yếu tố khi xếp hạng"), default=list, blank=True)
    starts_on = models.DateField(_("từ ngày"))
    ends_on = models.DateField(_("đến ngày"))
    team = models.TextField(_("đoàn kiểm tra"), blank=True)
    year = models.PositiveSmallIntegerField(_("năm"), null=True, blank=True)
    half = models.PositiveSmallIntegerField(_("6 tháng"), null=True, blank=True)
    status = models.CharField(
        _("tình trạng"), max_length=10, choices=InspectionStatus.choices, default=InspectionStatus.PLANNED
    )
    done_on = models.DateField(_("ngày kết thúc"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("cuộc kiểm tra")
        verbose_name_plural = _("cuộc kiểm tra")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["commune", "year", "half"],
                condition=Q(kind="self"),
                name="inspections_one_self_per_half",
            ),
            models.UniqueConstraint(fields=["plan", "commune"], name="inspections_commune_once_per_plan"),
        ]

    def __str__(self) -> str:
        if self.kind == InspectionKind.SELF:
            return f"Tự kiểm tra {self.half}/{self.year} · {self.commune.name}"
        return f"Kiểm tra {self.commune.name} {self.starts_on:%d/%m/%Y}"


class ChecklistTopic(models.Model):
    code = models.CharField(_("mã"), max_length=30, unique=True)
    title = models.CharField(_("nội dung kiểm tra"), max_length=200)
    legal_basis = models.CharField(_("căn cứ"), max_length=300)
    order = models.PositiveSmallIntegerField(_("thứ tự"))

    class Meta:
        verbose_name = _("nội dung kiểm tra")
        verbose_name_plural = _("nội dung kiểm tra")
        ordering = ["order"]

    def __str__(self) -> str:
        return self.title


class ChecklistItem(models.Model):
    topic = models.ForeignKey(ChecklistTopic, on_delete=models.PROTECT, related_name="items")
    order = models.PositiveSmallIntegerField(_("thứ tự"))
    text = models.CharField(_("câu hỏi kiểm tra"), max_length=300)
    legal_basis = models.CharField(_("căn cứ"), max_length=300)

    class Meta:
        verbose_name = _("mục kiểm tra")
        verbose_name_plural = _("mục kiểm tra")
        ordering = ["topic__order", "order"]

    def __str__(self) -> str:
        return self.text


class AnswerResult(models.TextChoices):
    OK = "ok", _("Đạt")
    ISSUE = "issue", _("Có tồn tại")
    NOT_APPLICABLE = "na", _("Không áp dụng")


class ChecklistAnswer(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(ChecklistItem, on_delete=models.PROTECT, related_name="+")
    result = models.CharField(_("kết quả"), max_length=5, choices=AnswerResult.choices)
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["inspection", "item"], name="inspections_answer_once")]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.result}"


class Finding(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT, related_name="findings")
    item = models.ForeignKey(ChecklistItem, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("nội dung phát hiện"), max_length=2000)
    evidence = models.FileField(_("tài liệu chứng minh"), upload_to="inspections/evidence/", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("phát hiện")
        verbose_name_plural = _("phát hiện")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.text[:80]


class RecommendationStatus(models.TextChoices):
    OPEN = "open", _("Chưa khắc phục")
    CLOSED = "closed", _("Đã khắc phục")


class Recommendation(models.Model):
    finding = models.ForeignKey(Finding, on_delete=models.PROTECT, related_name="recommendations")
    commune = models.ForeignKey("territory.AdministrativeUnit", on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("kiến nghị"), max_length=2000)
    owner = models.CharField(_("người, bộ phận thực hiện"), max_length=200)
    due_on = models.DateField(_("hạn khắc phục"))
    status = models.CharField(
        _("tình trạng"), max_length=10, choices=RecommendationStatus.choices, default=RecommendationStatus.OPEN
    )
    closing_note = models.TextField(_("kết quả khắc phục"), max_length=2000, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("kiến nghị")
        verbose_name_plural = _("kiến nghị")
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["commune", "status"], name="inspections_rec_commune")]

    def __str__(self) -> str:
        return self.text[:80]
