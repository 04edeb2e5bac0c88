"""Monthly payment lists with the post office (domain.md §8; TT 02/2021/TT-BLĐTBXH Art 6).

A `PayrollMonth` is one commune's list for one month; its `PayrollLine`s are generated set-based
from the entitlements (payroll.py). Approval freezes the month (design.md §1): corrections of a
frozen month appear later as arrears (truy lĩnh) or recovery (thu hồi), never as edits.
Every large table carries the territory key (commune, province_code; design.md §5).
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ansinh.rules.formatting import amount_in_words_sentence


class PayrollStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    APPROVED = "approved", _("Đã duyệt")
    SENT = "sent", _("Đã gửi bưu điện")
    REPORTED = "reported", _("Bưu điện đã báo cáo")


FROZEN_STATUSES = (PayrollStatus.APPROVED, PayrollStatus.SENT, PayrollStatus.REPORTED)
POST_OFFICE_STATUSES = (PayrollStatus.SENT, PayrollStatus.REPORTED)


class PayrollMonth(models.Model):
    """One commune's payment list for one month.

    `send_deadline`: the list for month M goes to the post office before the 25th of month M−1
    (TT 02/2021 Art 6; domain.md §8), so the last day is the 24th of M−1.
    `report_deadline`: the post office reports who was paid before the 20th (the 19th of M)."""

    commune = models.ForeignKey(
        "territory.AdministrativeUnit", verbose_name=_("xã, thị trấn"), on_delete=models.PROTECT, related_name="+"
    )
    province_code = models.CharField(max_length=3, db_index=True, editable=False)
    month = models.DateField(_("tháng chi trả"), help_text=_("ngày đầu tháng"))
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=PayrollStatus.choices, default=PayrollStatus.DRAFT
    )
    rate = models.PositiveIntegerField(_("mức chuẩn áp dụng"), default=0)
    line_count = models.PositiveIntegerField(_("số dòng"), default=0)
    total = models.BigIntegerField(_("tổng tiền"), default=0)
    generated_at = models.DateTimeField(_("lập lúc"), null=True, blank=True)
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(_("duyệt lúc"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField(_("gửi bưu điện lúc"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    send_deadline = models.DateField(_("hạn gửi bưu điện"))
    report_deadline = models.DateField(_("hạn bưu điện báo cáo"))
    reported_at = models.DateTimeField(_("bưu điện báo cáo lúc"), null=True, blank=True)
    # its lines were added to HalfYearMoney when it was approved (frozen lines never change)
    summed = models.BooleanField(_("đã cộng vào kinh phí nửa năm"), default=False, editable=False)

    class Meta:
        verbose_name = _("danh sách chi trả tháng")
        verbose_name_plural = _("danh sách chi trả tháng")
        ordering = ["-month", "commune_id"]
        constraints = [models.UniqueConstraint(fields=["commune", "month"], name="payments_one_list_per_month")]
        indexes = [models.Index(fields=["month", "status"], name="payments_payroll_month_status")]

    def __str__(self) -> str:
        return f"Danh sách chi trả {self.month:%m/%Y} – xã {self.commune_id}"

    @property
    def is_frozen(self) -> bool:
        return self.status in FROZEN_STATUSES

    @property
    def total_in_words(self) -> str:
        return amount_in_words_sentence(self.total)


class LineKind(models.TextChoices):
    REGULAR = "regular", _("Trợ cấp hằng tháng")
    ARREARS = "arrears", _("Truy lĩnh")
    CARRIED = "carried", _("Chưa nhận tháng trước chuyển sang")
    FUNERAL = "funeral", _("Hỗ trợ mai táng")
    CREMATION = "cremation", _("Hỗ trợ hỏa táng")


class PayeeKind(models.TextChoices):
    BENEFICIARY = "beneficiary", _("Đối tượng")
    AUTHORISED = "authorised", _("Người được ủy quyền")
    GUARDIAN = "guardian", _("Người giám hộ")
    NAMED = "named", _("Người nhận ghi trong quyết định")
    OTHER = "other", _("Người khác")


class PayrollLine(models.Model):
    """One payment on a list. Unique per (month, person, kind, category_code): a person in two
    categories (the 5.4 exception of NĐ 20/2021 Art 6(2)) has two regular lines.

    total = regular_amount + arrears_amount − recovery_amount (offset of an open recovery).
    The post office's result: `paid_on` + `paid_to_*`, or `not_paid_reason`."""

    # Lines are written only by the set-based SQL of payroll.py, which joins the rows they point to in
    # the same transaction, and PROTECT is enforced by Django: the foreign keys carry no database
    # constraint, whose per-row checks at commit cost more than the insert itself at national scale
    # (docs/benchmarks.md). Single-column indexes covered by the composite ones below are left off.
    payroll = models.ForeignKey(
        PayrollMonth, on_delete=models.CASCADE, related_name="lines", db_constraint=False, db_index=False
    )
    month = models.DateField(_("tháng chi trả"))
    commune = models.ForeignKey(
        "territory.AdministrativeUnit",
        on_delete=models.PROTECT,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    province_code = models.CharField(max_length=3, editable=False)
    person = models.ForeignKey(
        "registry.Person", on_delete=models.PROTECT, related_name="payroll_lines", db_constraint=False
    )
    entitlement = models.ForeignKey(
        "cases.Entitlement",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="payroll_lines",
        db_constraint=False,
        db_index=False,
    )
    one_off = models.ForeignKey(
        "cases.OneOffSupport",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="payroll_lines",
        db_constraint=False,
    )
    kind = models.CharField(_("loại"), max_length=10, choices=LineKind.choices)
    category_code = models.CharField(_("mã đối tượng"), max_length=10)
    coefficient = models.DecimalField(_("hệ số"), max_digits=6, decimal_places=2, null=True, blank=True)
    rate = models.PositiveIntegerField(_("mức chuẩn"), default=0)
    covered_from = models.DateField(_("từ tháng"))
    covered_to = models.DateField(_("đến tháng"))
    months_covered = models.PositiveSmallIntegerField(_("số tháng"), default=1)
    regular_amount = models.BigIntegerField(_("trợ cấp tháng"), default=0)
    arrears_amount = models.BigIntegerField(_("truy lĩnh"), default=0)
    recovery_amount = models.BigIntegerField(_("thu hồi (khấu trừ)"), default=0)
    total = models.BigIntegerField(_("số tiền nhận"), default=0)
    payee_kind = models.CharField(_("người nhận"), max_length=12, choices=PayeeKind.choices)
    payee_name = models.CharField(_("họ tên người nhận"), max_length=150)
    payee_reference = models.CharField(_("giấy ủy quyền, căn cứ"), max_length=120, blank=True)
    authorisation = models.ForeignKey(
        "payments.Authorisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)
    # the post office's result
    paid_on = models.DateField(_("ngày chi trả"), null=True, blank=True)
    paid_to_name = models.CharField(_("người đã nhận"), max_length=150, blank=True)
    paid_to_kind = models.CharField(_("người đã nhận là"), max_length=12, choices=PayeeKind.choices, blank=True)
    not_paid_reason = models.CharField(_("lý do chưa chi trả"), max_length=255, blank=True)
    result_recorded_at = models.DateTimeField(null=True, blank=True)
    violation = models.BooleanField(_("chi sai người nhận"), default=False)
    violation_reason = models.CharField(max_length=255, blank=True)
    # A violation once raised is never silently erased: a correction that clears it keeps what was
    # flagged and why it was cleared (the full history is in the line's audit events).
    violation_cleared = models.CharField(_("chi sai người nhận đã gỡ"), max_length=255, blank=True, db_default="")
    violation_cleared_reason = models.CharField(_("lý do gỡ"), max_length=255, blank=True, db_default="")

    class Meta:
        verbose_name = _("dòng chi trả")
        verbose_name_plural = _("dòng chi trả")
        ordering = ["payroll_id", "person_id", "kind", "category_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["month", "person", "kind", "category_code"], name="payments_line_unique_per_month"
            ),
            models.CheckConstraint(
                condition=Q(paid_on__isnull=True) | Q(not_paid_reason=""), name="payments_line_paid_or_not"
            ),
        ]
        indexes = [
            # the total is included for the half-year forms' money by entitlement (reports/form10a.py):
            # an index-only scan instead of reading the wide lines (PostgreSQL; SQLite ignores it)
            models.Index(fields=["entitlement", "month"], name="payments_line_entitlement", include=["total"]),
            models.Index(fields=["payroll", "kind"], name="payments_line_payroll"),
            models.Index(fields=["commune", "month"], name="payments_line_commune_month"),
        ]

    def __str__(self) -> str:
        return f"{self.month:%m/%Y} {self.person_id} {self.kind} {self.category_code}"

    @property
    def total_in_words(self) -> str:
        return amount_in_words_sentence(self.total)

    @property
    def has_result(self) -> bool:
        return self.paid_on is not None or bool(self.not_paid_reason)

    @property
    def had_violation(self) -> bool:
        """A violation was raised on this line and later cleared by a reasoned correction."""
        return not self.violation and bool(self.violation_cleared)


class HalfYearMoney(models.Model):
    """The money of one entitlement's lines in the approved lists of one half-year (the reporting period
    of forms 10a–10d, TT 02/2021 Art 6), added when each list is approved (`payroll.add_to_half_year_money`):
    an approved list is frozen, so its lines never change and the sum stays true. Form 10a reads these
    1 row per entitlement instead of the half-year's ~6 lines per entitlement; lists not yet summed (drafts)
    are read from their lines."""

    half = models.DateField(_("nửa năm"), help_text=_("ngày đầu nửa năm: 01/01 hoặc 01/07"))
    entitlement = models.ForeignKey("cases.Entitlement", on_delete=models.PROTECT, related_name="+", db_index=False)
    amount = models.BigIntegerField(_("số tiền"))

    class Meta:
        verbose_name = _("kinh phí nửa năm của một người hưởng")
        verbose_name_plural = _("kinh phí nửa năm của người hưởng")
        constraints = [models.UniqueConstraint(fields=["half", "entitlement"], name="payments_half_year_money_once")]

    def __str__(self) -> str:
        return f"{self.entitlement_id} {self.half:%m/%Y}: {self.amount}"


class ArrearsReason(models.TextChoices):
    NOT_LISTED = "not_listed", _("Tháng được hưởng chưa có trong danh sách chi trả")
    RATE_CHANGE = "rate_change", _("Chênh lệch do thay đổi mức chuẩn")


class ArrearsMonth(models.Model):
    """One month inside an arrears line: which entitlement, which month, what rate and amount.
    The ledger the next generation reads to know what has already been listed."""

    payroll = models.ForeignKey(PayrollMonth, on_delete=models.CASCADE, related_name="arrears_months")
    line = models.ForeignKey(
        PayrollLine, null=True, on_delete=models.CASCADE, related_name="arrears_months", db_constraint=False
    )
    entitlement = models.ForeignKey("cases.Entitlement", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="+")
    category_code = models.CharField(max_length=10)
    month = models.DateField()
    rate = models.PositiveIntegerField()
    amount = models.BigIntegerField()
    reason = models.CharField(max_length=12, choices=ArrearsReason.choices)

    class Meta:
        indexes = [models.Index(fields=["entitlement", "month"], name="payments_arrears_entitlement")]

    def __str__(self) -> str:
        return f"truy lĩnh {self.entitlement_id} {self.month:%m/%Y}: {self.amount}"


class Authorisation(models.Model):
    """A giấy ủy quyền: who may collect the allowance for whom, for a stated period (domain.md §8)."""

    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="authorisations")
    authorised_name = models.CharField(_("họ tên người được ủy quyền"), max_length=150)
    authorised_citizen_id = models.CharField(_("số CCCD người được ủy quyền"), max_length=12, blank=True)
    relation = models.CharField(_("quan hệ với người ủy quyền"), max_length=60, blank=True)
    valid_from = models.DateField(_("có hiệu lực từ ngày"))
    valid_to = models.DateField(_("đến ngày"), null=True, blank=True)
    reference = models.CharField(_("số, ngày giấy ủy quyền"), max_length=120)
    scan = models.FileField(_("bản chụp giấy ủy quyền"), upload_to="authorisations/%Y/%m/", blank=True)
    revoked_on = models.DateField(_("ngày hủy"), null=True, blank=True)
    revoked_reason = models.CharField(_("lý do hủy"), max_length=255, blank=True)
    commune = models.ForeignKey("territory.AdministrativeUnit", on_delete=models.PROTECT, related_name="+")
    province_code = models.CharField(max_length=3, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("giấy ủy quyền")
        verbose_name_plural = _("giấy ủy quyền")
        ordering = ["person_id", "-valid_from"]
        indexes = [models.Index(fields=["person", "valid_from"], name="payments_authorisation_person")]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="payments_authorisation_period_ordered",
            )
        ]

    def __str__(self) -> str:
        return f"Ủy quyền {self.reference}: {self.authorised_name}"

    def is_valid_on(self, day: date) -> bool:
        if self.revoked_on is not None and self.revoked_on <= day:
            return False
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


class RecoveryStatus(models.TextChoices):
    OPEN = "open", _("Đang thu hồi")
    REPAID = "repaid", _("Đã nộp lại")
    OFFSET = "offset", _("Đã khấu trừ")
    WRITTEN_OFF = "written_off", _("Đã miễn thu hồi")


class Recovery(models.Model):
    """A month paid that was not due (death, stop or move effective earlier; domain.md §8
    "Overpayment"): who owes, how much, why, tracked until settled."""

    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="recoveries")
    entitlement = models.ForeignKey("cases.Entitlement", null=True, on_delete=models.PROTECT, related_name="+")
    # no database constraint on references to lines: deleting a regenerated draft's million lines would
    # otherwise probe every referencing table per row (only paid lines of frozen lists are referenced)
    line = models.ForeignKey(PayrollLine, on_delete=models.PROTECT, related_name="recoveries", db_constraint=False)
    month = models.DateField(_("tháng đã chi"))
    amount = models.BigIntegerField(_("số tiền phải thu hồi"))
    balance = models.BigIntegerField(_("còn phải thu"))
    reason = models.CharField(_("lý do"), max_length=255)
    debtor_name = models.CharField(_("người phải nộp lại"), max_length=150)
    debtor_relation = models.CharField(_("quan hệ"), max_length=60, blank=True)
    # who took the money as the post office recorded it; for a payment "in person" to someone
    # already dead or declared missing, the collector is unknown and the payer answers for it
    collector_name = models.CharField(_("người nhận tiền"), max_length=150, blank=True, db_default="")
    collector_kind = models.CharField(
        _("người nhận tiền là"), max_length=12, choices=PayeeKind.choices, blank=True, db_default=""
    )
    status = models.CharField(_("trạng thái"), max_length=12, choices=RecoveryStatus.choices, default="open")
    commune = models.ForeignKey("territory.AdministrativeUnit", on_delete=models.PROTECT, related_name="+")
    province_code = models.CharField(max_length=3, editable=False)
    detected_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("khoản thu hồi")
        verbose_name_plural = _("khoản thu hồi")
        ordering = ["commune_id", "person_id", "month"]
        constraints = [models.UniqueConstraint(fields=["line"], name="payments_one_recovery_per_line")]
        indexes = [models.Index(fields=["commune", "status"], name="payments_recovery_open")]

    def __str__(self) -> str:
        return f"Thu hồi {self.month:%m/%Y} {self.person_id}: {self.amount}"


class MovementKind(models.TextChoices):
    REPAYMENT = "repayment", _("Nộp lại")
    OFFSET = "offset", _("Khấu trừ vào kỳ chi trả")
    WRITE_OFF = "write_off", _("Miễn thu hồi theo quyết định")


class RecoveryMovement(models.Model):
    recovery = models.ForeignKey(Recovery, on_delete=models.PROTECT, related_name="movements")
    kind = models.CharField(_("loại"), max_length=10, choices=MovementKind.choices)
    amount = models.BigIntegerField(_("số tiền"))
    on = models.DateField(_("ngày"))
    reference = models.CharField(_("chứng từ, quyết định"), max_length=120, blank=True)
    line = models.ForeignKey(
        PayrollLine, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_constraint=False
    )
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["recovery_id", "on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="payments_movement_positive"),
            models.CheckConstraint(
                condition=~Q(kind="write_off") | ~Q(reference=""), name="payments_write_off_has_decision"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount}"


class OffsetSetting(models.Model):
    """Whether a district offsets open recoveries against later payments (its choice; issue 7)."""

    district = models.OneToOneField("territory.AdministrativeUnit", on_delete=models.PROTECT, related_name="+")
    offset_recoveries = models.BooleanField(_("khấu trừ khoản thu hồi vào kỳ chi trả sau"), default=False)
    reference = models.CharField(_("căn cứ (văn bản của huyện)"), max_length=120, blank=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Khấu trừ thu hồi huyện {self.district_id}: {self.offset_recoveries}"


class PostOfficeReport(models.Model):
    """The post office's monthly report of who was paid (before the 20th; TT 02/2021 Art 6)."""

    district = models.ForeignKey("territory.AdministrativeUnit", on_delete=models.PROTECT, related_name="+")
    month = models.DateField(_("tháng"))
    due_on = models.DateField(_("hạn báo cáo"))
    submitted_at = models.DateTimeField(_("gửi lúc"))
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    paid_count = models.PositiveIntegerField(default=0)
    paid_total = models.BigIntegerField(default=0)
    unpaid_count = models.PositiveIntegerField(default=0)
    unpaid_total = models.BigIntegerField(default=0)
    notes = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("báo cáo chi trả của bưu điện")
        verbose_name_plural = _("báo cáo chi trả của bưu điện")
        ordering = ["-month"]
        constraints = [models.UniqueConstraint(fields=["district", "month"], name="payments_one_report_per_month")]

    def __str__(self) -> str:
        return f"Báo cáo chi trả {self.month:%m/%Y}"

    @property
    def is_late(self) -> bool:
        return self.submitted_at.date() > self.due_on


class ServiceFeedback(models.Model):
    """A beneficiary's feedback on the post office's service, recorded with the monthly report."""

    commune = models.ForeignKey("territory.AdministrativeUnit", on_delete=models.PROTECT, related_name="+")
    month = models.DateField(_("tháng"))
    line = models.ForeignKey(
        PayrollLine, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", db_constraint=False
    )
    rating = models.PositiveSmallIntegerField(_("mức hài lòng (1–5)"))
    comment = models.TextField(_("ý kiến"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("ý kiến về dịch vụ chi trả")
        verbose_name_plural = _("ý kiến về dịch vụ chi trả")
        ordering = ["-month", "-recorded_at"]
        constraints = [
            models.CheckConstraint(condition=Q(rating__gte=1, rating__lte=5), name="payments_feedback_rating")
        ]

    def __str__(self) -> str:
        return f"Ý kiến {self.month:%m/%Y}: {self.rating}/5"
