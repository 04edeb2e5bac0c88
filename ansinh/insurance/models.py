"""State-paid health insurance (BHYT) for beneficiaries (domain.md §9; NĐ 20/2021 Art 9; TT 30/2019).

Coverage is never typed: it is derived from the payable entitlements of each month
(`coverage.py`). What is stored is what was sent and what came back:

- `BhytList`: one commune's increase/decrease list of one month. A draft is recomputed at will;
  once sent it is frozen (its lines are what the social-insurance office received), and a later
  change to a past month appears as a correction line of a later list.
- `BhytLine`: one person's increase or decrease, with its reason, coverage date and the person's
  details as sent. It never names the allowance category (the HIV categories 5.3/5.8 must never
  reach the BHXH office): only the BHYT group code.
- `HealthCard`: the card the social-insurance office issued (one open card per person).
- `OtherScheme`: another BHYT scheme recorded on the person (a pensioner, a veteran…): the most
  favourable card is kept and the person is left off the State list (domain.md §9).
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ListStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    SENT = "sent", _("Đã gửi BHXH")
    RECEIVED = "received", _("BHXH đã nhận")
    PROCESSED = "processed", _("BHXH đã xử lý xong")


SENT_STATUSES = (ListStatus.SENT, ListStatus.RECEIVED, ListStatus.PROCESSED)


class Direction(models.TextChoices):
    INCREASE = "increase", _("Tăng")
    DECREASE = "decrease", _("Giảm")


class Reason(models.TextChoices):
    """Why a line is on the list (TT 30/2019; the district's dispatch asks a reason on every line)."""

    NEW_GRANT = "new_grant", _("Mới được hưởng trợ cấp")
    RESUME = "resume", _("Hưởng lại sau tạm dừng")
    MOVED_IN = "moved_in", _("Chuyển đến")
    TRANSFER = "transfer_social_pension", _("Chuyển sang trợ cấp hưu trí xã hội")
    DEATH = "death", _("Chết")
    STOP = "stop", _("Thôi hưởng")
    SUSPENSION = "suspension", _("Tạm dừng hưởng")
    MOVED_OUT = "moved_out", _("Chuyển đi")
    OTHER_SCHEME = "other_scheme", _("Có thẻ BHYT theo đối tượng khác")


class LineStatus(models.TextChoices):
    PENDING = "pending", _("Chờ BHXH xử lý")
    DONE = "done", _("BHXH đã xử lý")
    REJECTED = "rejected", _("BHXH trả lại")


class BhytList(models.Model):
    commune = models.ForeignKey(
        "territory.AdministrativeUnit", verbose_name=_("xã, thị trấn"), on_delete=models.PROTECT, related_name="+"
    )
    province_code = models.CharField(max_length=3, db_index=True, editable=False)
    month = models.DateField(_("tháng"), help_text=_("ngày đầu tháng"))
    status = models.CharField(_("trạng thái"), max_length=10, choices=ListStatus.choices, default=ListStatus.DRAFT)
    covered = models.PositiveIntegerField(_("số người được cấp thẻ"), default=0)
    premium_per_person = models.PositiveIntegerField(_("mức đóng mỗi người"), default=0)
    premium_total = models.BigIntegerField(_("tổng tiền đóng"), default=0)
    send_deadline = models.DateField(_("hạn gửi"))
    prepared_at = models.DateTimeField(_("lập lúc"), null=True, blank=True)
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    received_at = models.DateTimeField(_("BHXH nhận lúc"), null=True, blank=True)
    processed_at = models.DateTimeField(_("BHXH xử lý xong lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("danh sách tăng, giảm BHYT")
        verbose_name_plural = _("danh sách tăng, giảm BHYT")
        ordering = ["-month", "commune_id"]
        constraints = [models.UniqueConstraint(fields=["commune", "month"], name="insurance_one_list_per_month")]

    def __str__(self) -> str:
        return f"Danh sách BHYT {self.month:%m/%Y} – xã {self.commune_id}"

    @property
    def is_sent(self) -> bool:
        return self.status in SENT_STATUSES

    @property
    def sent_late(self) -> bool:
        return self.sent_at is not None and self.sent_at.date() > self.send_deadline


class BhytLine(models.Model):
    bhyt_list = models.ForeignKey(BhytList, on_delete=models.CASCADE, related_name="lines")
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="bhyt_lines")
    direction = models.CharField(_("tăng/giảm"), max_length=8, choices=Direction.choices)
    reason = models.CharField(_("lý do"), max_length=30, choices=Reason.choices)
    from_date = models.DateField(_("từ ngày"), null=True, blank=True)
    to_date = models.DateField(_("đến ngày"), null=True, blank=True)
    corrects_month = models.DateField(
        _("điều chỉnh cho tháng"), null=True, blank=True, help_text=_("dòng điều chỉnh của một tháng đã gửi")
    )
    # as sent (a sent list is frozen)
    full_name = models.CharField(_("họ và tên"), max_length=150)
    birth_date = models.DateField(_("ngày sinh"), null=True, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("năm sinh"))
    sex = models.CharField(_("giới tính"), max_length=6)
    citizen_id = models.CharField(_("số CCCD"), max_length=12, blank=True)
    card_number = models.CharField(_("mã thẻ BHYT"), max_length=15, blank=True)
    address = models.CharField(_("địa chỉ"), max_length=400, blank=True)
    group_code = models.CharField(_("mã đối tượng BHYT"), max_length=4)
    status = models.CharField(_("xử lý"), max_length=10, choices=LineStatus.choices, default=LineStatus.PENDING)
    rejection = models.CharField(_("lý do trả lại"), max_length=255, blank=True)
    handled_at = models.DateTimeField(_("xử lý ở xã lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("dòng danh sách BHYT")
        verbose_name_plural = _("dòng danh sách BHYT")
        ordering = ["bhyt_list_id", "direction", "full_name", "id"]
        indexes = [models.Index(fields=["person", "bhyt_list"], name="insurance_line_person")]

    def __str__(self) -> str:
        return f"{self.get_direction_display()} {self.full_name}"


class HealthCard(models.Model):
    """A BHYT card issued by the social-insurance office (one open card per person)."""

    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="health_cards")
    number = models.CharField(_("mã thẻ BHYT"), max_length=15)
    valid_from = models.DateField(_("giá trị từ ngày"))
    valid_to = models.DateField(_("giá trị đến ngày"), null=True, blank=True)
    replaced_on = models.DateField(_("thay bằng thẻ khác ngày"), null=True, blank=True)
    line = models.ForeignKey(BhytLine, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("ghi lúc"), auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    commune = models.ForeignKey("territory.AdministrativeUnit", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("thẻ BHYT")
        verbose_name_plural = _("thẻ BHYT")
        ordering = ["person_id", "-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=Q(replaced_on__isnull=True), name="insurance_one_open_card_per_person"
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="insurance_card_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    def valid_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or self.valid_to >= day)


class OtherScheme(models.Model):
    """Another BHYT scheme that covers the person (the most favourable card is kept, domain.md §9)."""

    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="other_bhyt_schemes")
    scheme = models.CharField(_("đối tượng tham gia BHYT khác"), max_length=150)
    valid_from = models.DateField(_("từ ngày"))
    valid_to = models.DateField(_("đến ngày"), null=True, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("thẻ BHYT theo đối tượng khác")
        verbose_name_plural = _("thẻ BHYT theo đối tượng khác")
        ordering = ["person_id", "valid_from"]

    def __str__(self) -> str:
        return self.scheme
