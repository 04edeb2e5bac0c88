"""The disability assessment council (HĐXĐMĐKT) and its work: requests, monthly sessions, scored
assessments, public posting of conclusions, certificates and escalation to the Medical
Assessment Council (Luật NKT 51/2010 Arts 15–20; TT 01/2019/TT-BLĐTBXH as amended by TT 08/2023;
domain.md §7, forms.md §4).

Every table keeps the commune as its territory key (design.md §5). Levels and types are the
register's vocabulary (`registry.DisabilityLevel`, `registry.DisabilityType`): issuing a
certificate records them on the person as a dated disability fact.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ansinh.registry.models import DisabilityLevel

# ---------------------------------------------------------------------------------------------
# Council (Luật NKT Art 16; TT 01/2019 Art 2): who sits on it and what they were trained for.
# ---------------------------------------------------------------------------------------------


class CouncilRole(models.TextChoices):
    """Seats of the council (Luật NKT Art 16(1); Mẫu 05 part II). Members are a variable list."""

    CHAIR = "chair", _("Chủ tịch UBND xã, Chủ tịch Hội đồng")
    SECRETARY = "secretary", _("Công chức LĐ-TB&XH xã, thư ký Hội đồng")
    HEALTH_STATION = "health_station", _("Trạm trưởng trạm y tế xã")
    FATHERLAND_FRONT = "fatherland_front", _("Ủy ban Mặt trận Tổ quốc Việt Nam xã")
    WOMEN_UNION = "women_union", _("Hội Liên hiệp phụ nữ xã")
    YOUTH_UNION = "youth_union", _("Đoàn Thanh niên cộng sản Hồ Chí Minh xã")
    VETERANS = "veterans", _("Hội Cựu chiến binh xã")
    DISABLED_ORG = "disabled_org", _("Tổ chức của người khuyết tật")
    OTHER = "other", _("Thành viên khác")


class Council(models.Model):
    """A commune's council for one term (its term follows the commune People's Committee)."""

    commune = models.ForeignKey(
        "territory.AdministrativeUnit", verbose_name=_("xã, thị trấn"), on_delete=models.PROTECT, related_name="+"
    )
    term_start = models.DateField(_("nhiệm kỳ từ ngày"))
    term_end = models.DateField(_("nhiệm kỳ đến ngày"), null=True, blank=True)
    decision_number = models.CharField(_("số quyết định thành lập, kiện toàn"), max_length=60, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Hội đồng xác định mức độ khuyết tật")
        verbose_name_plural = _("Hội đồng xác định mức độ khuyết tật")
        ordering = ["commune_id", "-term_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["commune"], condition=Q(term_end__isnull=True), name="disability_one_open_council"
            ),
            models.CheckConstraint(
                condition=Q(term_end__isnull=True) | Q(term_end__gte=models.F("term_start")),
                name="disability_council_term_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"Hội đồng XĐMĐKT {self.commune_id} từ {self.term_start:%d/%m/%Y}"


class CouncilMember(models.Model):
    """A seat held by a person over a period: joining and leaving keep the membership history."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="members")
    full_name = models.CharField(_("họ và tên"), max_length=150)
    role = models.CharField(_("vai trò trong Hội đồng"), max_length=20, choices=CouncilRole.choices)
    position = models.CharField(_("chức vụ, cơ quan"), max_length=200, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    joined_on = models.DateField(_("tham gia từ ngày"))
    left_on = models.DateField(_("thôi tham gia từ ngày"), null=True, blank=True)
    left_reason = models.CharField(_("lý do thôi tham gia"), max_length=255, blank=True)
    replaces = models.ForeignKey(
        "self",
        verbose_name=_("thay cho"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaced_by",
    )
    duties = models.TextField(_("nhiệm vụ được phân công"), blank=True)
    duties_notice_number = models.CharField(_("số thông báo phân công"), max_length=60, blank=True)
    duties_notified_on = models.DateField(_("ngày thông báo phân công"), null=True, blank=True)

    class Meta:
        verbose_name = _("thành viên Hội đồng")
        verbose_name_plural = _("thành viên Hội đồng")
        ordering = ["council_id", "left_on", "role", "joined_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["council"],
                condition=Q(role="chair", left_on__isnull=True),
                name="disability_one_sitting_chair",
            ),
            models.UniqueConstraint(
                fields=["council"],
                condition=Q(role="secretary", left_on__isnull=True),
                name="disability_one_sitting_secretary",
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=models.F("joined_on")),
                name="disability_member_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.get_role_display()})"

    @property
    def is_sitting(self) -> bool:
        return self.left_on is None


class MemberTraining(models.Model):
    """Training given to a member (the labour office trains councils; domain.md §2)."""

    member = models.ForeignKey(CouncilMember, on_delete=models.CASCADE, related_name="trainings")
    trained_on = models.DateField(_("ngày tập huấn"))
    material = models.CharField(_("nội dung, tài liệu"), max_length=255)
    organiser = models.CharField(_("đơn vị tổ chức"), max_length=200, blank=True)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tập huấn thành viên")
        verbose_name_plural = _("tập huấn thành viên")
        ordering = ["-trained_on", "pk"]

    def __str__(self) -> str:
        return f"{self.member_id} tập huấn {self.trained_on:%d/%m/%Y}"


# ---------------------------------------------------------------------------------------------
# Requests (Mẫu 01; TT 01/2019 Arts 4, 5(1), 9(1)) and the consultation of the school (Mẫu 04).
# ---------------------------------------------------------------------------------------------


class RequestKind(models.TextChoices):
    FIRST = "first", _("Xác định mức độ khuyết tật và cấp giấy xác nhận")
    REDETERMINE = "redetermine", _("Xác định lại mức độ khuyết tật và cấp giấy xác nhận")
    REISSUE = "reissue", _("Cấp lại giấy xác nhận khuyết tật")
    EXCHANGE = "exchange", _("Cấp đổi giấy xác nhận khuyết tật")


ASSESSED_KINDS = frozenset({RequestKind.FIRST, RequestKind.REDETERMINE})


class RequestStatus(models.TextChoices):
    RECEIVED = "received", _("Đã tiếp nhận, chờ họp")
    INVITED = "invited", _("Đã mời đến họp Hội đồng")
    CONCLUDED = "concluded", _("Hội đồng đã kết luận")
    POSTED = "posted", _("Đang niêm yết kết luận")
    ESCALATED = "escalated", _("Chuyển Hội đồng Giám định y khoa")
    CERTIFIED = "certified", _("Đã cấp giấy xác nhận")
    NOT_DISABLED = "not_disabled", _("Kết luận không khuyết tật")
    REFUSED = "refused", _("Từ chối, trả lại đơn")
    WITHDRAWN = "withdrawn", _("Người đề nghị rút đơn")


OPEN_REQUEST_STATUSES = frozenset(
    {
        RequestStatus.RECEIVED,
        RequestStatus.INVITED,
        RequestStatus.CONCLUDED,
        RequestStatus.POSTED,
        RequestStatus.ESCALATED,
    }
)


class Request(models.Model):
    """An application (Mẫu 01) to the commune chair. The council decides within 20 working days of
    receipt (TT 01/2019 Art 5(2); `deadline.disability_assessment`)."""

    commune = models.ForeignKey(
        "territory.AdministrativeUnit", verbose_name=_("xã, thị trấn"), on_delete=models.PROTECT, related_name="+"
    )
    person = models.ForeignKey(
        "registry.Person",
        verbose_name=_("người được xác định"),
        on_delete=models.PROTECT,
        related_name="disability_requests",
    )
    kind = models.CharField(_("nội dung đề nghị"), max_length=12, choices=RequestKind.choices)
    received_on = models.DateField(_("ngày nhận đơn"))
    due_on = models.DateField(_("hạn giải quyết"))
    status = models.CharField(
        _("trạng thái"), max_length=14, choices=RequestStatus.choices, default=RequestStatus.RECEIVED
    )
    representative_name = models.CharField(_("người đại diện hợp pháp"), max_length=150, blank=True)
    representative_relation = models.CharField(_("quan hệ với người được xác định"), max_length=60, blank=True)
    representative_phone = models.CharField(_("điện thoại người đại diện"), max_length=20, blank=True)
    declared_types = models.JSONField(_("dạng khuyết tật tự khai"), default=list, blank=True)
    declared_scores = models.JSONField(_("mức độ thực hiện hoạt động tự khai"), default=dict, blank=True)
    studies = models.BooleanField(_("đang đi học"), default=False)
    school_name = models.CharField(_("cơ sở giáo dục"), max_length=200, blank=True)
    previous_certificate = models.ForeignKey(
        "Certificate",
        verbose_name=_("giấy xác nhận đang có"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.CharField(_("lý do (cấp lại, cấp đổi, xác định lại)"), max_length=255, blank=True)
    closed_on = models.DateField(_("ngày kết thúc"), null=True, blank=True)
    close_reason = models.CharField(_("lý do từ chối, rút đơn"), max_length=255, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("đơn đề nghị xác định mức độ khuyết tật")
        verbose_name_plural = _("đơn đề nghị xác định mức độ khuyết tật")
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["commune", "status", "due_on"], name="disability_request_queue")]

    def __str__(self) -> str:
        return f"Đơn {self.pk}: {self.get_kind_display()}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_REQUEST_STATUSES

    @property
    def needs_assessment(self) -> bool:
        return self.kind in ASSESSED_KINDS


class SchoolConsultation(models.Model):
    """The council chair's written consultation of the person's school (Mẫu 04; TT 01/2019
    Art 5(2)(a)) on the difficulties in learning, daily life and communication."""

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="school_consultations")
    school_name = models.CharField(_("cơ sở giáo dục"), max_length=200)
    sent_on = models.DateField(_("ngày gửi văn bản"))
    reply_on = models.DateField(_("ngày nhận trả lời"), null=True, blank=True)
    difficulties = models.TextField(_("khó khăn trong học tập, sinh hoạt, giao tiếp"), blank=True)
    recommended_types = models.JSONField(_("kiến nghị dạng khuyết tật"), default=list, blank=True)
    recommended_level = models.CharField(
        _("kiến nghị mức độ khuyết tật"), max_length=20, choices=DisabilityLevel.choices, blank=True
    )

    class Meta:
        verbose_name = _("văn bản tham khảo ý kiến nhà trường")
        verbose_name_plural = _("văn bản tham khảo ý kiến nhà trường")
        ordering = ["-sent_on", "pk"]

    def __str__(self) -> str:
        return f"Tham khảo {self.school_name} ({self.sent_on:%d/%m/%Y})"


# ---------------------------------------------------------------------------------------------
# Sessions (monthly meetings), invitations and attendance (quorum 2/3, Luật NKT Art 16(3)).
# ---------------------------------------------------------------------------------------------


class SessionStatus(models.TextChoices):
    PLANNED = "planned", _("Đã lên lịch")
    HELD = "held", _("Đã họp")
    CANCELLED = "cancelled", _("Hủy, hoãn")


class Session(models.Model):
    commune = models.ForeignKey(
        "territory.AdministrativeUnit", verbose_name=_("xã, thị trấn"), on_delete=models.PROTECT, related_name="+"
    )
    council = models.ForeignKey(Council, verbose_name=_("Hội đồng"), on_delete=models.PROTECT, related_name="sessions")
    scheduled_at = models.DateTimeField(_("thời gian họp"))
    place = models.CharField(_("địa điểm"), max_length=255)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=SessionStatus.choices, default=SessionStatus.PLANNED
    )
    opened_at = models.DateTimeField(_("bắt đầu họp"), null=True, blank=True)
    closed_at = models.DateTimeField(_("kết thúc họp"), null=True, blank=True)
    cancel_reason = models.CharField(_("lý do hủy, hoãn"), max_length=255, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("phiên họp Hội đồng")
        verbose_name_plural = _("phiên họp Hội đồng")
        ordering = ["-scheduled_at", "pk"]
        indexes = [models.Index(fields=["commune", "scheduled_at"], name="disability_session_commune")]

    def __str__(self) -> str:
        return f"Phiên họp {self.scheduled_at:%d/%m/%Y %H:%M}"


class Invitation(models.Model):
    """A person invited to a session (time and place; at home if they cannot come)."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="invitations")
    request = models.ForeignKey(Request, on_delete=models.PROTECT, related_name="invitations")
    at_home = models.BooleanField(_("xác định tại nơi cư trú"), default=False)
    meet_at = models.DateTimeField(_("thời gian"))
    place = models.CharField(_("địa điểm"), max_length=255)
    sent_on = models.DateField(_("ngày gửi giấy mời"))
    attended = models.BooleanField(_("có mặt"), null=True, blank=True)

    class Meta:
        verbose_name = _("giấy mời")
        verbose_name_plural = _("giấy mời")
        ordering = ["meet_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["session", "request"], name="disability_one_invitation_per_session")
        ]

    def __str__(self) -> str:
        return f"Mời đơn {self.request_id} họp {self.session_id}"


class Attendance(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendances")
    member = models.ForeignKey(CouncilMember, on_delete=models.PROTECT, related_name="attendances")
    present = models.BooleanField(_("có mặt"))
    note = models.CharField(_("ghi chú (lý do vắng)"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("điểm danh")
        verbose_name_plural = _("điểm danh")
        ordering = ["session_id", "member__role", "pk"]
        constraints = [models.UniqueConstraint(fields=["session", "member"], name="disability_one_attendance")]

    def __str__(self) -> str:
        return f"{self.member_id} {'có mặt' if self.present else 'vắng'}"


# ---------------------------------------------------------------------------------------------
# Assessments (Mẫu 02 under 6, Mẫu 03 from 6) and the council's conclusion (Mẫu 05).
# ---------------------------------------------------------------------------------------------


class AssessmentForm(models.TextChoices):
    UNDER_SIX = "02", _("Mẫu 02 – trẻ em dưới 6 tuổi")
    SIX_AND_OVER = "03", _("Mẫu 03 – người từ đủ 6 tuổi trở lên")


class Outcome(models.TextChoices):
    DISABLED = "disabled", _("Có khuyết tật (dạng và mức độ)")
    NOT_DISABLED = "not_disabled", _("Không khuyết tật")
    NO_CONCLUSION = "no_conclusion", _("Không đưa ra được kết luận")


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", _("Đang chấm phiếu")
    CONCLUDED = "concluded", _("Hội đồng đã kết luận")


class Assessment(models.Model):
    """The council's form for one person at one session and its conclusion by vote.

    `type_items` are the ticked rows of part III (e.g. "1.2", "3.1"); `decisive_conditions` the
    rows of part IV that set a level on their own (Mẫu 03 Phần 1, Mẫu 02 part IV, e.g. "1.3");
    `activity_scores` maps activity "1"…"10" to 0, 1, 2 or "x" (cannot determine). `total` and
    `suggested_level` are computed by `scoring.suggest` with the thresholds in force.
    """

    request = models.ForeignKey(Request, on_delete=models.PROTECT, related_name="assessments")
    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="assessments")
    commune = models.ForeignKey("territory.AdministrativeUnit", on_delete=models.PROTECT, related_name="+")
    form = models.CharField(_("mẫu phiếu"), max_length=2, choices=AssessmentForm.choices)
    types = models.JSONField(_("dạng khuyết tật"), default=list, blank=True)
    type_items = models.JSONField(_("dấu hiệu theo dạng khuyết tật"), default=list, blank=True)
    decisive_conditions = models.JSONField(_("dấu hiệu tự xác định mức độ"), default=list, blank=True)
    activity_scores = models.JSONField(_("điểm hoạt động"), default=dict, blank=True)
    total = models.PositiveSmallIntegerField(_("tổng số điểm"), null=True, blank=True)
    suggested_outcome = models.CharField(
        _("đề xuất theo phiếu"), max_length=14, choices=Outcome.choices, default=Outcome.NO_CONCLUSION
    )
    suggested_level = models.CharField(
        _("mức độ theo phiếu"), max_length=20, choices=DisabilityLevel.choices, blank=True
    )
    thresholds = models.JSONField(_("ngưỡng điểm đã dùng"), default=dict, blank=True)
    observations = models.TextField(_("quan sát, phỏng vấn"), blank=True)
    member_opinions = models.TextField(_("ý kiến của các thành viên dự họp"), blank=True)
    outcome = models.CharField(_("kết luận"), max_length=14, choices=Outcome.choices, blank=True)
    concluded_level = models.CharField(
        _("mức độ khuyết tật kết luận"), max_length=20, choices=DisabilityLevel.choices, blank=True
    )
    concluded_types = models.JSONField(_("dạng khuyết tật kết luận"), default=list, blank=True)
    differs_reason = models.TextField(_("lý do kết luận khác phiếu"), blank=True)
    votes_for = models.PositiveSmallIntegerField(_("số ý kiến đồng ý"), null=True, blank=True)
    votes_against = models.PositiveSmallIntegerField(_("số ý kiến không đồng ý"), null=True, blank=True)
    chair_casting_vote = models.BooleanField(_("Chủ tịch quyết định khi ngang phiếu"), null=True, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=AssessmentStatus.choices, default=AssessmentStatus.DRAFT
    )
    concluded_on = models.DateField(_("ngày kết luận"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("phiếu xác định mức độ khuyết tật")
        verbose_name_plural = _("phiếu xác định mức độ khuyết tật")
        ordering = ["-created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["session", "request"], name="disability_one_assessment_per_session"),
            models.CheckConstraint(
                condition=~Q(outcome="disabled") | ~Q(concluded_level=""),
                name="disability_disabled_outcome_has_level",
            ),
        ]
        indexes = [models.Index(fields=["commune", "concluded_on"], name="disability_assessment_commune")]

    def __str__(self) -> str:
        return f"Phiếu {self.get_form_display()} – đơn {self.request_id}"

    @property
    def differs_from_suggestion(self) -> bool:
        return bool(self.outcome) and (
            self.outcome != self.suggested_outcome or self.concluded_level != self.suggested_level
        )


# ---------------------------------------------------------------------------------------------
# Public posting of the conclusion and complaints (TT 01/2019 Art 6: 5 working days each).
# ---------------------------------------------------------------------------------------------


class PostingStatus(models.TextChoices):
    POSTED = "posted", _("Đang niêm yết")
    CLOSED = "closed", _("Hết thời gian niêm yết")


class ConclusionPosting(models.Model):
    assessment = models.OneToOneField(Assessment, on_delete=models.PROTECT, related_name="posting")
    commune = models.ForeignKey("territory.AdministrativeUnit", on_delete=models.PROTECT, related_name="+")
    posted_on = models.DateField(_("ngày niêm yết"))
    ends_on = models.DateField(_("niêm yết đến ngày"))
    place = models.CharField(_("nơi niêm yết"), max_length=255)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=PostingStatus.choices, default=PostingStatus.POSTED
    )
    closed_on = models.DateField(_("ngày kết thúc niêm yết"), null=True, blank=True)

    class Meta:
        verbose_name = _("niêm yết kết luận")
        verbose_name_plural = _("niêm yết kết luận")
        ordering = ["-posted_on", "pk"]

    def __str__(self) -> str:
        return f"Niêm yết kết luận {self.assessment_id} từ {self.posted_on:%d/%m/%Y}"


class ComplaintStatus(models.TextChoices):
    OPEN = "open", _("Đang giải quyết")
    REJECTED = "rejected", _("Đã trả lời: giữ nguyên kết luận")
    UPHELD = "upheld", _("Đã trả lời: xem xét lại kết luận")


class Complaint(models.Model):
    posting = models.ForeignKey(ConclusionPosting, on_delete=models.PROTECT, related_name="complaints")
    received_on = models.DateField(_("ngày nhận"))
    complainant = models.CharField(_("người khiếu nại, kiến nghị"), max_length=150)
    content = models.TextField(_("nội dung"))
    due_on = models.DateField(_("hạn trả lời"))
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=ComplaintStatus.choices, default=ComplaintStatus.OPEN
    )
    answered_on = models.DateField(_("ngày trả lời"), null=True, blank=True)
    answer = models.TextField(_("nội dung trả lời"), blank=True)

    class Meta:
        verbose_name = _("khiếu nại, kiến nghị")
        verbose_name_plural = _("khiếu nại, kiến nghị")
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return f"Khiếu nại của {self.complainant} ({self.received_on:%d/%m/%Y})"


# ---------------------------------------------------------------------------------------------
# Certificates (Mẫu 06; Luật NKT Art 19, TT 01/2019 Arts 6–9) and escalation (Luật NKT Art 17).
# ---------------------------------------------------------------------------------------------


class CertificateStatus(models.TextChoices):
    VALID = "valid", _("Còn giá trị")
    EXCHANGED = "exchanged", _("Đã cấp đổi")
    REISSUED = "reissued", _("Đã cấp lại")
    REPLACED = "replaced", _("Đã thay bằng giấy theo kết quả xác định lại")
    REVOKED = "revoked", _("Đã thu hồi")


class CertificateSequence(models.Model):
    """The last certificate number given by a commune in a year (locked to number the next)."""

    commune = models.ForeignKey("territory.AdministrativeUnit", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["commune", "year"], name="disability_one_sequence_per_year")]

    def __str__(self) -> str:
        return f"{self.commune_id}/{self.year}: {self.last}"


class Certificate(models.Model):
    """Giấy xác nhận khuyết tật (Mẫu 06), numbered "0001/2026/GXNKT" per commune and year and
    signed by the commune chairman."""

    number = models.CharField(_("số giấy"), max_length=30)
    year = models.PositiveSmallIntegerField(_("năm"))
    sequence = models.PositiveIntegerField(_("số thứ tự"))
    commune = models.ForeignKey(
        "territory.AdministrativeUnit", verbose_name=_("xã, thị trấn"), on_delete=models.PROTECT, related_name="+"
    )
    person = models.ForeignKey(
        "registry.Person", verbose_name=_("người khuyết tật"), on_delete=models.PROTECT, related_name="certificates"
    )
    request = models.ForeignKey(Request, null=True, blank=True, on_delete=models.PROTECT, related_name="certificates")
    assessment = models.ForeignKey(
        Assessment, null=True, blank=True, on_delete=models.PROTECT, related_name="certificates"
    )
    escalation = models.ForeignKey(
        "MedicalEscalation", null=True, blank=True, on_delete=models.PROTECT, related_name="certificates"
    )
    level = models.CharField(_("mức độ khuyết tật"), max_length=20, choices=DisabilityLevel.choices)
    types = models.JSONField(_("dạng khuyết tật"), default=list)
    issued_on = models.DateField(_("ngày cấp"))
    signer_name = models.CharField(_("người ký"), max_length=150)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=CertificateStatus.choices, default=CertificateStatus.VALID
    )
    replaces = models.ForeignKey(
        "self", verbose_name=_("thay cho giấy"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    revoked_on = models.DateField(_("ngày thu hồi"), null=True, blank=True)
    revoke_reason = models.CharField(_("lý do thu hồi"), max_length=255, blank=True)
    dossier_kind = models.CharField(
        _("hồ sơ trợ cấp cần lập"),
        max_length=10,
        blank=True,
        editable=False,
        help_text=_("grant, adjust hoặc stop (diện 5.6); trống khi không cần"),
    )
    dossier = models.ForeignKey(
        "cases.Dossier",
        verbose_name=_("hồ sơ trợ cấp đã lập"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("giấy xác nhận khuyết tật")
        verbose_name_plural = _("giấy xác nhận khuyết tật")
        ordering = ["-issued_on", "-sequence"]
        constraints = [
            models.UniqueConstraint(fields=["commune", "year", "sequence"], name="disability_certificate_number"),
            models.UniqueConstraint(
                fields=["person"], condition=Q(status="valid"), name="disability_one_valid_certificate"
            ),
        ]
        indexes = [models.Index(fields=["commune", "issued_on"], name="disability_certificate_commune")]

    def __str__(self) -> str:
        return f"Giấy xác nhận khuyết tật số {self.number}"


class EscalationReason(models.TextChoices):
    NO_CONCLUSION = "no_conclusion", _("Hội đồng không đưa ra được kết luận")
    DISAGREES = "disagrees", _("Người khuyết tật, người đại diện không đồng ý với kết luận")
    DOUBTFUL = "doubtful", _("Có bằng chứng Hội đồng kết luận không khách quan, chính xác")


class MedicalEscalation(models.Model):
    """A case sent to the Medical Assessment Council (Luật NKT Art 15(2), 17(2); TT 01/2019 Art 5)
    and its outcome, on which the commune chairman issues the certificate."""

    request = models.ForeignKey(Request, on_delete=models.PROTECT, related_name="escalations")
    assessment = models.ForeignKey(
        Assessment, null=True, blank=True, on_delete=models.PROTECT, related_name="escalations"
    )
    commune = models.ForeignKey("territory.AdministrativeUnit", on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(_("lý do chuyển"), max_length=14, choices=EscalationReason.choices)
    note = models.TextField(_("ghi chú"), blank=True)
    sent_on = models.DateField(_("ngày chuyển"))
    council_name = models.CharField(
        _("Hội đồng Giám định y khoa"), max_length=200, default="Hội đồng Giám định y khoa tỉnh"
    )
    outcome = models.CharField(_("kết luận giám định"), max_length=14, choices=Outcome.choices, blank=True)
    outcome_level = models.CharField(
        _("mức độ khuyết tật theo giám định"), max_length=20, choices=DisabilityLevel.choices, blank=True
    )
    outcome_types = models.JSONField(_("dạng khuyết tật theo giám định"), default=list, blank=True)
    outcome_on = models.DateField(_("ngày có kết luận giám định"), null=True, blank=True)
    outcome_reference = models.CharField(_("số biên bản giám định"), max_length=60, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("chuyển Hội đồng Giám định y khoa")
        verbose_name_plural = _("chuyển Hội đồng Giám định y khoa")
        ordering = ["-sent_on", "pk"]

    def __str__(self) -> str:
        return f"Chuyển giám định y khoa đơn {self.request_id} ({self.sent_on:%d/%m/%Y})"
