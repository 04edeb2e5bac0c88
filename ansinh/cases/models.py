"""Decisions and the entitlements they create (design.md §1: decisions are the source of
truth for money). Issue 5 adds dossiers and workflows on top; the register import (issue 4)
records the paper decisions that people on a commune's list already hold."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from ansinh.cases.workflow import DossierState


class DecisionKind(models.TextChoices):
    GRANT = "grant", _("Hưởng trợ cấp")
    ADJUST = "adjust", _("Điều chỉnh")
    SUSPEND = "suspend", _("Tạm dừng")
    RESUME = "resume", _("Tiếp tục hưởng")
    STOP = "stop", _("Thôi hưởng")
    MOVE = "move", _("Chuyển nơi hưởng")
    FUNERAL = "funeral", _("Hỗ trợ mai táng")


class Decision(models.Model):
    kind = models.CharField(_("loại quyết định"), max_length=10, choices=DecisionKind.choices)
    number = models.CharField(_("số quyết định"), max_length=60)
    issued_on = models.DateField(_("ngày ký"))
    signer_name = models.CharField(_("người ký"), max_length=150, blank=True)
    issuing_office = models.ForeignKey(
        "accounts.Office", verbose_name=_("cơ quan ban hành"), null=True, blank=True, on_delete=models.PROTECT
    )
    legal_basis = models.CharField(_("căn cứ"), max_length=255, blank=True)
    effective_month = models.DateField(_("hiệu lực từ tháng"), help_text=_("ngày đầu tháng"))
    recorded_from_paper = models.BooleanField(
        _("quyết định giấy đã có trước khi dùng hệ thống"), default=False, editable=False
    )
    commune = models.ForeignKey(
        "territory.AdministrativeUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("xã, thị trấn")
    )
    province_code = models.CharField(max_length=3, db_index=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("quyết định")
        verbose_name_plural = _("quyết định")
        ordering = ["-issued_on", "number"]
        indexes = [models.Index(fields=["commune", "number", "issued_on"], name="cases_decision_number")]

    def __str__(self) -> str:
        return f"QĐ {self.number} ngày {self.issued_on:%d/%m/%Y}"


class Entitlement(models.Model):
    """Who receives which category from which month to which month, by which decisions."""

    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="entitlements")
    category_code = models.CharField(_("mã đối tượng"), max_length=8)
    start_month = models.DateField(_("hưởng từ tháng"))
    end_month = models.DateField(_("thôi hưởng từ tháng"), null=True, blank=True)
    granted_by = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="grants")
    ended_by = models.ForeignKey(Decision, null=True, blank=True, on_delete=models.PROTECT, related_name="ends")
    commune = models.ForeignKey("territory.AdministrativeUnit", on_delete=models.PROTECT, related_name="+")
    province_code = models.CharField(max_length=3, db_index=True, editable=False)

    class Meta:
        verbose_name = _("chế độ được hưởng")
        verbose_name_plural = _("chế độ được hưởng")
        ordering = ["person_id", "start_month"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_month__isnull=True) | Q(end_month__gt=F("start_month")),
                name="cases_entitlement_period_ordered",
            ),
            models.UniqueConstraint(
                fields=["person", "category_code"],
                condition=Q(end_month__isnull=True),
                name="cases_one_open_entitlement_per_category",
            ),
        ]
        indexes = [models.Index(fields=["commune", "category_code"], name="cases_entitlement_commune")]

    def __str__(self) -> str:
        return f"{self.person_id} {self.category_code} từ {self.start_month:%m/%Y}"


class ImportStatus(models.TextChoices):
    CHECKING = "checking", _("Đang kiểm tra")
    CHECKED = "checked", _("Đã kiểm tra, chờ xác nhận")
    APPLYING = "applying", _("Đang ghi vào sổ")
    DONE = "done", _("Đã nhập xong")
    FAILED = "failed", _("Không đọc được tệp")


class RegisterImport(models.Model):
    """One upload of a commune's list: checked in the background, applied only on confirmation."""

    commune = models.ForeignKey("territory.AdministrativeUnit", on_delete=models.PROTECT, related_name="+")
    file = models.FileField(upload_to="imports/%Y/%m/")
    file_name = models.CharField(max_length=255)
    status = models.CharField(max_length=10, choices=ImportStatus.choices, default=ImportStatus.CHECKING)
    total_rows = models.PositiveIntegerField(default=0)
    checked_rows = models.PositiveIntegerField(default=0)
    accepted_rows = models.PositiveIntegerField(default=0)
    report = models.JSONField(default=dict)
    failure = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"

    @property
    def percent(self) -> int:
        return 100 if not self.total_rows else min(100, round(100 * self.checked_rows / self.total_rows))


class DossierKind(models.TextChoices):
    GRANT = "grant", _("Đề nghị hưởng trợ cấp xã hội hàng tháng")


class Dossier(models.Model):
    """A case file moving through its workflow (cases/workflow.py). Issue 5 adds the declaration,
    checklist, attachments, posting and decision documents; this holds the state and the clock."""

    kind = models.CharField(_("loại hồ sơ"), max_length=20, choices=DossierKind.choices)
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="dossiers")
    category_code = models.CharField(_("diện đề nghị"), max_length=8, blank=True)
    state = models.CharField(_("trạng thái"), max_length=12, choices=DossierState.choices, default=DossierState.DRAFT)
    due_on = models.DateField(_("hạn xử lý bước hiện tại"), null=True, blank=True)
    commune = models.ForeignKey("territory.AdministrativeUnit", on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("hồ sơ")
        verbose_name_plural = _("hồ sơ")
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["commune", "state", "due_on"], name="cases_dossier_queue")]

    def __str__(self) -> str:
        return f"Hồ sơ {self.pk}: {self.get_kind_display()}"


class DossierStep(models.Model):
    """One transition made, by whom and why: the dossier's history and the maker-checker record."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="steps")
    transition = models.CharField(max_length=20)
    from_state = models.CharField(max_length=12, choices=DossierState.choices)
    to_state = models.CharField(max_length=12, choices=DossierState.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    made_at = models.DateTimeField(auto_now_add=True)
    reason = models.TextField(blank=True)
    due_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["made_at", "pk"]

    def __str__(self) -> str:
        return f"{self.dossier_id}: {self.from_state} → {self.to_state}"
