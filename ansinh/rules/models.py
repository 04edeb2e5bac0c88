"""The law as dated data: legal documents, dated parameters, categories and their coefficients.

Every value has a validity period, a source document and clause, and a confidence mark
(domain.md: facts found only in secondary sources are "unconfirmed"). Overlapping periods of
one parameter are refused by `ansinh.rules.actions`.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Confidence(models.TextChoices):
    CONFIRMED = "confirmed", _("Đã xác nhận")
    UNCONFIRMED = "unconfirmed", _("Chưa xác nhận")


class DocumentType(models.TextChoices):
    LAW = "law", _("Luật")
    DECREE = "decree", _("Nghị định")
    CIRCULAR = "circular", _("Thông tư")
    JOINT_CIRCULAR = "joint_circular", _("Thông tư liên tịch")
    RESOLUTION = "resolution", _("Nghị quyết")
    DECISION = "decision", _("Quyết định")


class DocumentStatus(models.TextChoices):
    IN_FORCE = "in_force", _("Còn hiệu lực")
    PARTLY_IN_FORCE = "partly_in_force", _("Hết hiệu lực một phần")
    EXPIRED = "expired", _("Hết hiệu lực")
    NOT_YET_IN_FORCE = "not_yet_in_force", _("Chưa có hiệu lực")


class LegalDocument(models.Model):
    number = models.CharField(_("số, ký hiệu"), max_length=60, help_text=_("Ví dụ: 20/2021/NĐ-CP"))
    short_name = models.CharField(
        _("tên viết tắt"), max_length=80, help_text=_("Dùng khi trích dẫn, ví dụ: NĐ 20/2021/NĐ-CP")
    )
    document_type = models.CharField(_("loại văn bản"), max_length=20, choices=DocumentType.choices)
    issuer = models.CharField(_("cơ quan ban hành"), max_length=200)
    signed_on = models.DateField(_("ngày ký"), null=True, blank=True)
    effective_from = models.DateField(_("ngày có hiệu lực"), null=True, blank=True)
    effective_to = models.DateField(_("ngày hết hiệu lực"), null=True, blank=True)
    title = models.CharField(_("trích yếu"), max_length=500)
    status = models.CharField(
        _("tình trạng hiệu lực"), max_length=20, choices=DocumentStatus.choices, default=DocumentStatus.IN_FORCE
    )
    url = models.URLField(_("đường dẫn"), max_length=500, blank=True)
    file = models.FileField(_("tệp đính kèm"), upload_to="rules/documents/", blank=True)
    confidence = models.CharField(
        _("mức tin cậy"), max_length=20, choices=Confidence.choices, default=Confidence.UNCONFIRMED
    )
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("văn bản pháp luật")
        verbose_name_plural = _("văn bản pháp luật")
        ordering = ["document_type", "-signed_on", "number"]
        constraints = [models.UniqueConstraint(fields=["number", "issuer"], name="rules_document_number_unique")]

    def __str__(self) -> str:
        return self.short_name


class Parameter(models.Model):
    """One value of a dated parameter (a standard rate, the base salary, a multiple, a deadline)."""

    key = models.CharField(_("tham số"), max_length=60, db_index=True)
    value = models.DecimalField(_("giá trị"), max_digits=16, decimal_places=4)
    valid_from = models.DateField(_("áp dụng từ ngày"))
    valid_to = models.DateField(_("áp dụng đến ngày"), null=True, blank=True)
    source = models.ForeignKey(
        LegalDocument, verbose_name=_("văn bản"), on_delete=models.PROTECT, related_name="parameters"
    )
    clause = models.CharField(_("điều, khoản"), max_length=200)
    confidence = models.CharField(_("mức tin cậy"), max_length=20, choices=Confidence.choices)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("tham số")
        verbose_name_plural = _("tham số")
        ordering = ["key", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["key", "valid_from"], name="rules_parameter_key_start_unique"),
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=models.F("valid_from")),
                name="rules_parameter_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.key} từ {self.valid_from:%d/%m/%Y}"

    @property
    def basis(self) -> str:
        return f"{self.source.short_name}, {self.clause}"


class CategoryKind(models.TextChoices):
    ALLOWANCE = "allowance", _("Trợ cấp xã hội hằng tháng")
    CARE = "care", _("Hỗ trợ kinh phí chăm sóc, nuôi dưỡng")
    SOCIAL_PENSION = "social_pension", _("Trợ cấp hưu trí xã hội")


class CareKind(models.TextChoices):
    OWN = "own", _("Bản thân người khuyết tật nuôi con nhỏ, mang thai")
    HOUSEHOLD_MEMBER = "household_member", _("Hộ gia đình chăm sóc thành viên")
    TAKEN_IN = "taken_in", _("Nhận chăm sóc, nuôi dưỡng")


class DisabilityLevel(models.TextChoices):
    ESPECIALLY_SEVERE = "especially_severe", _("Đặc biệt nặng")
    SEVERE = "severe", _("Nặng")
    MILD = "mild", _("Nhẹ")


class Category(models.Model):
    """A category of NĐ 20/2021 Art 5 (5.1 … 5.8) or of care support, Art 20 (20.1a … 20.2d).
    The code is the stable identifier in code, data and exports (domain.md §5)."""

    code = models.CharField(_("mã diện"), max_length=10, unique=True)
    name = models.CharField(_("tên diện"), max_length=300)
    kind = models.CharField(_("loại"), max_length=20, choices=CategoryKind.choices)
    care_kind = models.CharField(_("hình thức chăm sóc"), max_length=20, choices=CareKind.choices, blank=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"))
    min_age = models.PositiveSmallIntegerField(_("từ tuổi"), null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(_("đến tuổi (tròn năm)"), null=True, blank=True)
    valid_from = models.DateField(_("áp dụng từ ngày"))
    valid_to = models.DateField(_("áp dụng đến ngày"), null=True, blank=True)
    source = models.ForeignKey(
        LegalDocument, verbose_name=_("văn bản"), on_delete=models.PROTECT, related_name="categories"
    )
    clause = models.CharField(_("điều, khoản"), max_length=200)
    confidence = models.CharField(_("mức tin cậy"), max_length=20, choices=Confidence.choices)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("diện đối tượng")
        verbose_name_plural = _("diện đối tượng")
        ordering = ["order"]

    def __str__(self) -> str:
        return f"{self.code} – {self.name}"

    @property
    def basis(self) -> str:
        return f"{self.source.short_name}, {self.clause}"


class CoefficientRule(models.Model):
    """One coefficient of a category and the conditions under which it applies (first match in
    `order` wins). Ages are in completed years on the month's last day, of the person the
    coefficient is about (the person cared for, for care support other than 20.2a)."""

    category = models.ForeignKey(
        Category, verbose_name=_("diện"), on_delete=models.CASCADE, related_name="coefficient_rules"
    )
    order = models.PositiveSmallIntegerField(_("thứ tự xét"))
    label = models.CharField(_("trường hợp"), max_length=200)
    coefficient = models.DecimalField(_("hệ số"), max_digits=6, decimal_places=2)
    per_unit = models.BooleanField(_("tính theo mỗi người"), default=False)
    min_age = models.PositiveSmallIntegerField(_("từ tuổi"), null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(_("đến tuổi"), null=True, blank=True)
    disability = models.CharField(_("mức độ khuyết tật"), max_length=20, choices=DisabilityLevel.choices, blank=True)
    subject_category = models.CharField(_("diện của người được chăm sóc"), max_length=10, blank=True)
    min_units = models.PositiveSmallIntegerField(_("số người từ"), null=True, blank=True)
    max_units = models.PositiveSmallIntegerField(_("số người đến"), null=True, blank=True)
    valid_from = models.DateField(_("áp dụng từ ngày"))
    valid_to = models.DateField(_("áp dụng đến ngày"), null=True, blank=True)
    source = models.ForeignKey(
        LegalDocument, verbose_name=_("văn bản"), on_delete=models.PROTECT, related_name="coefficient_rules"
    )
    clause = models.CharField(_("điều, khoản"), max_length=200)
    confidence = models.CharField(_("mức tin cậy"), max_length=20, choices=Confidence.choices)

    class Meta:
        verbose_name = _("hệ số")
        verbose_name_plural = _("hệ số")
        ordering = ["category__order", "order"]

    def __str__(self) -> str:
        return f"{self.category_id}: {self.label} – {self.coefficient}"

    @property
    def basis(self) -> str:
        return f"{self.source.short_name}, {self.clause}"
