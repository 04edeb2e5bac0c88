"""Education supports (domain.md §7): a learner's enrolment per school year and programme, confirmed by the
commune, decided by the labour office in a numbered batch decision (cases.Decision), paid in instalments on a
payment list of its own (the labour office pays these, not the post office)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ansinh.supports.education import Programme


class EnrolmentStatus(models.TextChoices):
    LISTED = "listed", _("Chờ xã xác nhận")
    CONFIRMED = "confirmed", _("Xã đã xác nhận")
    REJECTED = "rejected", _("Xã không xác nhận")
    DECIDED = "decided", _("Đã có quyết định")


class Enrolment(models.Model):
    """A learner in a school year (the year starting in September of `school_year`) under one programme, with
    the school's evidence of that year. Listed by a vocational centre (its own students only) or entered by
    the labour office; the commune of the learner's residence confirms household status and residence."""

    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="enrolments")
    programme = models.CharField(_("chính sách"), max_length=8, choices=Programme.choices)
    school_year = models.PositiveSmallIntegerField(_("năm học (năm bắt đầu)"))
    school_name = models.CharField(_("cơ sở giáo dục"), max_length=200)
    course = models.CharField(_("ngành, lớp"), max_length=120, blank=True)
    higher_education = models.BooleanField(_("đại học, cao đẳng"), default=False)
    evidence = models.CharField(
        _("minh chứng đang học năm học này"), max_length=200, help_text=_("Giấy xác nhận của nhà trường số, ngày")
    )
    listed_by_office = models.ForeignKey(
        "accounts.Office", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("tình trạng"), max_length=10, choices=EnrolmentStatus.choices, default=EnrolmentStatus.LISTED
    )
    commune_reason = models.CharField(_("lý do xã không xác nhận"), max_length=255, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    decision = models.ForeignKey(
        "cases.Decision", null=True, blank=True, on_delete=models.PROTECT, related_name="enrolments"
    )
    left_on = models.DateField(_("thôi học từ ngày"), null=True, blank=True)
    commune = models.ForeignKey("territory.AdministrativeUnit", on_delete=models.PROTECT, related_name="+")
    province_code = models.CharField(max_length=3, editable=False, default="")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("người học được đề nghị hỗ trợ")
        verbose_name_plural = _("người học được đề nghị hỗ trợ")
        ordering = ["-school_year", "commune_id", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "programme", "school_year"], name="supports_enrolment_once_per_year"
            )
        ]
        indexes = [models.Index(fields=["commune", "school_year", "status"], name="supports_enrolment_queue")]

    def __str__(self) -> str:
        return f"{self.person_id} {self.programme} {self.school_year}"


class InstalmentStatus(models.TextChoices):
    PLANNED = "planned", _("Chờ chi")
    PAID = "paid", _("Đã chi")
    STOPPED = "stopped", _("Dừng (đã thôi học)")


class Instalment(models.Model):
    """One instalment (1: Oct/Nov, 2: Mar/Apr) of a decided enrolment: months × the monthly amount, plus the
    yearly equipment support on the first; amounts and base salary as computed when listed."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.PROTECT, related_name="instalments")
    number = models.PositiveSmallIntegerField(_("lần chi"))
    months = models.PositiveSmallIntegerField(_("số tháng"))
    monthly_amount = models.PositiveIntegerField(_("mức tháng"))
    equipment_amount = models.PositiveIntegerField(_("phương tiện học tập"), default=0)
    total = models.PositiveIntegerField(_("số tiền"))
    base_salary = models.PositiveIntegerField(_("lương cơ sở"))
    payable_from = models.DateField(_("chi từ ngày"))
    explanation = models.TextField(_("cách tính"))
    status = models.CharField(
        _("tình trạng"), max_length=10, choices=InstalmentStatus.choices, default=InstalmentStatus.PLANNED
    )
    paid_on = models.DateField(_("ngày chi"), null=True, blank=True)
    commune = models.ForeignKey("territory.AdministrativeUnit", on_delete=models.PROTECT, related_name="+")
    province_code = models.CharField(max_length=3, editable=False, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("kỳ chi hỗ trợ học tập")
        verbose_name_plural = _("kỳ chi hỗ trợ học tập")
        ordering = ["payable_from", "commune_id", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "number"], name="supports_instalment_once"),
            models.CheckConstraint(condition=models.Q(number__in=[1, 2]), name="supports_instalment_number"),
        ]

    def __str__(self) -> str:
        return f"{self.enrolment_id} lần {self.number}"
