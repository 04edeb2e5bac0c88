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


# --- communication campaigns and the communes' broadcasts (issue 20) ---------------------------------


class Topic(models.TextChoices):
    """What a campaign or an activity explains: one of the public support pages, or the policy in general."""

    GENERAL = "chung", _("Chính sách trợ giúp xã hội nói chung")
    ELDERLY = "nguoi-cao-tuoi", _("Người cao tuổi")
    CHILDREN = "tre-em", _("Trẻ em và người đang đi học")
    DISABILITY = "nguoi-khuyet-tat", _("Người khuyết tật")
    SINGLE_PARENT = "nguoi-don-than-nuoi-con", _("Người đơn thân nghèo nuôi con")
    HIV = "nguoi-nhiem-hiv", _("Người nhiễm HIV/AIDS thuộc hộ nghèo")
    PAYMENT = "chi-tra", _("Chi trả trợ cấp, ủy quyền nhận thay")


class Channel(models.TextChoices):
    RADIO = "radio", _("Phát thanh, tiếp sóng đài xã")
    NOTICE_BOARD = "notice_board", _("Bảng tin, niêm yết")
    MEETING = "meeting", _("Họp thôn, tổ dân phố")
    ONLINE = "online", _("Trang thông tin điện tử, mạng xã hội")


class Campaign(models.Model):
    """A communication campaign planned by the culture centre."""

    title = models.CharField(_("tên chiến dịch"), max_length=200)
    topic = models.CharField(_("chủ đề"), max_length=30, choices=Topic.choices)
    channels = models.JSONField(_("kênh"), default=list)
    audience = models.CharField(_("đối tượng tiếp nhận"), max_length=300)
    starts_on = models.DateField(_("từ ngày"))
    ends_on = models.DateField(_("đến ngày"))
    material = models.TextField(_("tài liệu, nội dung tuyên truyền"), max_length=5000)
    office = models.ForeignKey("accounts.Office", on_delete=models.PROTECT, related_name="+")
    territory = models.ForeignKey("territory.AdministrativeUnit", on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("chiến dịch truyền thông")
        verbose_name_plural = _("chiến dịch truyền thông")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="outreach_campaign_dates")
        ]

    def __str__(self) -> str:
        return self.title


class ActivityKind(models.TextChoices):
    BROADCAST = "broadcast", _("Tiếp sóng, phát thanh")
    POSTING = "posting", _("Niêm yết bảng tin")
    MEETING = "meeting", _("Họp, tuyên truyền trực tiếp")


class Activity(models.Model):
    """What a commune did: broadcasts relayed, notice-board postings, meetings (with counts)."""

    commune = models.ForeignKey(
        "territory.AdministrativeUnit", verbose_name=_("xã"), on_delete=models.PROTECT, related_name="+"
    )
    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("chiến dịch"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="activities",
    )
    kind = models.CharField(_("hình thức"), max_length=20, choices=ActivityKind.choices)
    topic = models.CharField(_("chủ đề"), max_length=30, choices=Topic.choices)
    held_on = models.DateField(_("ngày"))
    times = models.PositiveIntegerField(_("số lần, số buổi"), default=1)
    people = models.PositiveIntegerField(_("số người dự (họp)"), null=True, blank=True)
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("hoạt động tuyên truyền")
        verbose_name_plural = _("hoạt động tuyên truyền")
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["commune", "topic"], name="outreach_activity_commune")]
        constraints = [models.CheckConstraint(condition=Q(times__gte=1), name="outreach_activity_times")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.held_on:%d/%m/%Y}"


# --- notifications: the outbox -----------------------------------------------------------------------


class MessageKind(models.TextChoices):
    PAYMENT_DAY = "payment_day", _("Lịch nhận trợ cấp và giấy tờ cần mang")
    DOSSIER_DECIDED = "dossier_decided", _("Hồ sơ đã có quyết định")
    CARD_READY = "card_ready", _("Thẻ BHYT đã được cấp")
    DOCUMENTS_MISSING = "documents_missing", _("Hồ sơ trả lại: giấy tờ cần bổ sung")


class MessageChannel(models.TextChoices):
    SMS = "sms", _("Tin nhắn SMS")
    ZALO = "zalo", _("Zalo")


class MessageStatus(models.TextChoices):
    QUEUED = "queued", _("Chờ gửi")
    SENT = "sent", _("Đã gửi")
    FAILED = "failed", _("Gửi lỗi")


class Message(models.Model):
    """One message in the outbox, to a beneficiary (`person`) or an officer (`user`). `key` makes producing
    idempotent: the same event never queues a second message. The text never names a category."""

    key = models.CharField(max_length=100, unique=True)
    kind = models.CharField(_("loại tin"), max_length=20, choices=MessageKind.choices)
    channel = models.CharField(_("kênh"), max_length=10, choices=MessageChannel.choices)
    person = models.ForeignKey("registry.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    phone = models.CharField(_("số điện thoại"), max_length=20)
    text = models.CharField(_("nội dung"), max_length=500)
    commune = models.ForeignKey("territory.AdministrativeUnit", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        _("tình trạng"), max_length=10, choices=MessageStatus.choices, default=MessageStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.CharField(_("lỗi"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)
    sent_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("tin nhắn")
        verbose_name_plural = _("tin nhắn")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "created_at"], name="outreach_message_queue")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.phone}"
