"""Education supports and emergency rounds (domain.md §7).

A learner's enrolment per school year and programme is confirmed by the commune, decided by the labour office in
a numbered batch decision (cases.Decision) and paid in instalments on a payment list of its own (the labour office
pays these, not the post office). An emergency round is a commune's village lists and its chair's decision."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ansinh.supports.education import Programme
from ansinh.supports.emergency import NeedKind, RoundKind


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


class RoundStatus(models.TextChoices):
    OPEN = "open", _("Đang lập danh sách thôn")
    SUBMITTED = "submitted", _("Chờ Chủ tịch UBND xã quyết định")
    DECIDED = "decided", _("Đã có quyết định")


class EmergencyRound(models.Model):
    """A round of emergency assistance a commune opens (Tết rice, a named storm; NĐ 20/2021 Arts 12–15): village
    lists (forms 5a/5b), the commune chair's decision within the dated deadline, the distribution."""

    commune = models.ForeignKey("territory.AdministrativeUnit", on_delete=models.PROTECT, related_name="+")
    province_code = models.CharField(max_length=3, editable=False, default="")
    name = models.CharField(_("tên đợt hỗ trợ"), max_length=150)
    kind = models.CharField(_("loại"), max_length=10, choices=RoundKind.choices)
    occurred_on = models.DateField(_("ngày xảy ra (hoặc Tết)"))
    rice_months = models.PositiveSmallIntegerField(_("số tháng hỗ trợ gạo"), default=1)
    status = models.CharField(_("tình trạng"), max_length=10, choices=RoundStatus.choices, default=RoundStatus.OPEN)
    submitted_on = models.DateField(_("ngày trình Chủ tịch"), null=True, blank=True)
    decision_due = models.DateField(_("hạn quyết định"), null=True, blank=True)
    decision = models.ForeignKey(
        "cases.Decision", null=True, blank=True, on_delete=models.PROTECT, related_name="emergency_rounds"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("đợt hỗ trợ khẩn cấp")
        verbose_name_plural = _("đợt hỗ trợ khẩn cấp")
        ordering = ["-occurred_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["commune", "name"], name="supports_round_name_unique"),
            models.CheckConstraint(
                condition=models.Q(rice_months__gte=1, rice_months__lte=12), name="supports_round_rice_months"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class EmergencyLine(models.Model):
    """One household or person of a village list (form 5a for rice; Arts 13–15 for injury, death, housing).
    Rice and money are filled in by the chair's decision, from the parameters in force on the event day."""

    round = models.ForeignKey(EmergencyRound, on_delete=models.PROTECT, related_name="lines")
    village = models.ForeignKey("territory.AdministrativeUnit", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("nhu cầu hỗ trợ"), max_length=16, choices=NeedKind.choices)
    household_head = models.CharField(_("chủ hộ (người nhận)"), max_length=150)
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    people = models.PositiveSmallIntegerField(_("số người trong hộ"), default=1)
    person_name = models.CharField(_("người bị thương, chết, mất tích"), max_length=150, blank=True)
    rice_kg = models.PositiveIntegerField(_("gạo (kg)"), default=0)
    amount = models.PositiveBigIntegerField(_("số tiền (đồng)"), default=0)
    basis = models.CharField(_("cách tính"), max_length=255, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("dòng danh sách hỗ trợ khẩn cấp")
        verbose_name_plural = _("danh sách hỗ trợ khẩn cấp")
        ordering = ["round_id", "village__name", "pk"]
        constraints = [models.CheckConstraint(condition=models.Q(people__gte=1), name="supports_line_people")]

    def __str__(self) -> str:
        return f"{self.round_id}: {self.household_head}"
