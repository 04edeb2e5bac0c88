"""Feedback from citizens and beneficiaries (issue 20): sent from the public pages without an account,
heard in person at the commune, or recorded by the post office with its monthly report
(`payments.ServiceFeedback`, linked one-to-one). Each item is routed to the office concerned, answered
and closed."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ansinh.core.access import OfficeKind


class FeedbackKind(models.TextChoices):
    PAYMENT_SERVICE = "payment_service", _("Dịch vụ chi trả trợ cấp (bưu điện)")
    QUESTION = "question", _("Hỏi về chính sách, hồ sơ")
    HANDLING = "handling", _("Việc giải quyết hồ sơ ở xã")


class FeedbackChannel(models.TextChoices):
    WEB = "web", _("Gửi qua trang thông tin công khai")
    IN_PERSON = "in_person", _("Nghe trực tiếp tại xã")
    POST_OFFICE = "post_office", _("Bưu điện ghi khi chi trả")


class FeedbackStatus(models.TextChoices):
    OPEN = "open", _("Chưa trả lời")
    ANSWERED = "answered", _("Đã trả lời")
    CLOSED = "closed", _("Đã đóng")


ROUTABLE_OFFICES = (OfficeKind.COMMUNE, OfficeKind.POST_OFFICE, OfficeKind.LABOUR_OFFICE, OfficeKind.PROVINCE)


class Feedback(models.Model):
    """One item of feedback. `commune` is the territory key (the commune the sender lives in or the
    item is about); `office_kind` is the office that answers it."""

    reference = models.CharField(_("mã tra cứu"), max_length=12, unique=True)
    kind = models.CharField(_("nội dung về"), max_length=20, choices=FeedbackKind.choices)
    channel = models.CharField(_("cách nhận"), max_length=20, choices=FeedbackChannel.choices)
    status = models.CharField(
        _("tình trạng"), max_length=10, choices=FeedbackStatus.choices, default=FeedbackStatus.OPEN
    )
    commune = models.ForeignKey(
        "territory.AdministrativeUnit", verbose_name=_("xã"), on_delete=models.PROTECT, related_name="+"
    )
    office_kind = models.CharField(
        _("cơ quan trả lời"), max_length=30, choices=[(kind.value, kind.label) for kind in ROUTABLE_OFFICES]
    )
    sender_name = models.CharField(_("họ tên người gửi"), max_length=100, blank=True)
    sender_phone = models.CharField(_("số điện thoại"), max_length=15, blank=True)
    text = models.TextField(_("nội dung"), max_length=2000)
    rating = models.PositiveSmallIntegerField(_("mức hài lòng (1–5)"), null=True, blank=True)
    about_month = models.DateField(_("tháng chi trả"), null=True, blank=True)
    service_feedback = models.OneToOneField(
        "payments.ServiceFeedback", null=True, blank=True, on_delete=models.PROTECT, related_name="feedback_item"
    )
    received_at = models.DateTimeField(_("nhận lúc"), default=timezone.now, db_index=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answer = models.TextField(_("trả lời"), max_length=2000, blank=True)
    answered_at = models.DateTimeField(_("trả lời lúc"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(_("đóng lúc"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("phản ánh, kiến nghị")
        verbose_name_plural = _("phản ánh, kiến nghị")
        ordering = ["-received_at", "-pk"]
        indexes = [models.Index(fields=["commune", "status"], name="outreach_feedback_commune")]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5), name="outreach_feedback_rating"
            )
        ]

    def __str__(self) -> str:
        return f"Phản ánh {self.reference}"
