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
    CREMATION = "cremation", _("Hỗ trợ hỏa táng")
    EDUCATION = "education", _("Hỗ trợ học tập")
    EMERGENCY = "emergency", _("Hỗ trợ khẩn cấp")
    # The batch transfer of 5.5b/5.5c recipients to the social pension from 07/2025 (cases/pension.py).
    PENSION = "pension", _("Chuyển sang hưởng trợ cấp hưu trí xã hội")


class DecisionStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo, chờ ký")
    SIGNED = "signed", _("Đã ký")


class Decision(models.Model):
    """A numbered decision. Drafted at appraisal (status draft, no number yet), numbered and
    applied when the deciding chair signs (cases.decisions.decision_sign). Paper decisions recorded by
    the register import are signed from the start."""

    kind = models.CharField(_("loại quyết định"), max_length=10, choices=DecisionKind.choices)
    number = models.CharField(_("số quyết định"), max_length=60)
    issued_on = models.DateField(_("ngày ký"))
    signer_name = models.CharField(_("người ký"), max_length=150, blank=True)
    issuing_office = models.ForeignKey(
        "accounts.Office", verbose_name=_("cơ quan ban hành"), null=True, blank=True, on_delete=models.PROTECT
    )
    legal_basis = models.CharField(_("căn cứ"), max_length=255, blank=True)
    effective_month = models.DateField(_("hiệu lực từ tháng"), help_text=_("ngày đầu tháng"))
    status = models.CharField(
        _("tình trạng"), max_length=10, choices=DecisionStatus.choices, default=DecisionStatus.SIGNED
    )
    title = models.CharField(_("trích yếu"), max_length=255, blank=True)
    body = models.TextField(_("nội dung"), blank=True)
    scan = models.FileField(_("bản scan đã ký"), upload_to="decisions/%Y/%m/", blank=True)
    scan_name = models.CharField(max_length=255, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signed_at = models.DateTimeField(null=True, blank=True)
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
        if self.status == DecisionStatus.DRAFT:
            return f"Dự thảo quyết định ({self.get_kind_display()})"
        return f"QĐ {self.number} ngày {self.issued_on:%d/%m/%Y}"


class DocumentSeries(models.TextChoices):
    """The abbreviation of a kind of document in its number (NĐ 30/2020/NĐ-CP Appendix III)."""

    DECISION = "QĐ", _("Quyết định")
    PROPOSAL = "TTr", _("Tờ trình")


class DecisionSequence(models.Model):
    """The last number an office gave a kind of document in a year: decisions ("15/QĐ-UBND") and
    proposals ("4/TTr-UBND") are numbered 1, 2, … per office, kind and year (NĐ 30/2020/NĐ-CP
    Art 15 and Appendix I)."""

    office = models.ForeignKey("accounts.Office", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    series = models.CharField(max_length=8, choices=DocumentSeries.choices, default=DocumentSeries.DECISION)
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["office", "year", "series"], name="cases_document_sequence_unique")
        ]

    def __str__(self) -> str:
        return f"{self.office_id}/{self.year}/{self.series}: {self.last_number}"


class Entitlement(models.Model):
    """Who receives which category from which month to which month, by which decisions."""

    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="entitlements")
    category_code = models.CharField(_("mã đối tượng"), max_length=8)
    coefficient = models.DecimalField(_("hệ số"), max_digits=5, decimal_places=2, null=True, blank=True)
    start_month = models.DateField(_("hưởng từ tháng"))
    end_month = models.DateField(_("thôi hưởng từ tháng"), null=True, blank=True)
    granted_by = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="grants")
    ended_by = models.ForeignKey(Decision, null=True, blank=True, on_delete=models.PROTECT, related_name="ends")
    commune = models.ForeignKey("territory.AdministrativeUnit", on_delete=models.PROTECT, related_name="+")
    province_code = models.CharField(max_length=3, db_index=True, editable=False)
    # the entitlement of the predecessor commune this one continues from the month of a territorial
    # change (same decision, same amount; territory.changes): old months stay under the old commune
    carried_from = models.OneToOneField(
        "self",
        verbose_name=_("chuyển tiếp từ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="carried_to",
    )

    class Meta:
        verbose_name = _("chế độ được hưởng")
        verbose_name_plural = _("chế độ được hưởng")
        ordering = ["person_id", "start_month"]
        constraints = [
            models.CheckConstraint(
                # equal: replaced from its first month by a correcting adjustment (decision_effects._end), no month paid
                condition=Q(end_month__isnull=True) | Q(end_month__gte=F("start_month")),
                name="cases_entitlement_period_ordered",
            ),
            models.UniqueConstraint(
                fields=["person", "category_code"],
                condition=Q(end_month__isnull=True),
                name="cases_one_open_entitlement_per_category",
            ),
        ]
        indexes = [
            models.Index(fields=["commune", "category_code"], name="cases_entitlement_commune"),
            # a commune's entitlements with all that a payment list reads of them (payments.payroll):
            # read by an index-only scan (PostgreSQL) instead of one heap page per entitlement; plain
            # key columns rather than INCLUDE, which SQLite does not have
            models.Index(
                fields=[
                    "commune",
                    "start_month",
                    "end_month",
                    "coefficient",
                    "category_code",
                    "province_code",
                    "person",
                    "id",
                ],
                name="cases_entitlement_payable",
            ),
            # the few entitlements that ended: recovery detection starts from them (payments.payroll)
            models.Index(
                fields=["commune", "end_month"], condition=Q(end_month__isnull=False), name="cases_entitlement_ended"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.category_code} từ {self.start_month:%m/%Y}"


class ImportStatus(models.TextChoices):
    CHECKING = "checking", _("Đang kiểm tra")
    CHECKED = "checked", _("Đã kiểm tra, chờ xác nhận")
    APPLYING = "applying", _("Đang ghi vào sổ")
    DONE = "done", _("Đã nhập xong")
    FAILED = "failed", _("Không hoàn thành")


class ImportStep(models.TextChoices):
    CHECK = "check", _("kiểm tra")
    APPLY = "apply", _("ghi vào sổ")


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
    # the last sign of life of the worker; a job checking or applying without one for
    # REGISTER_IMPORT_STALL_MINUTES is marked failed, with a retry of the step it was at
    progress_at = models.DateTimeField(null=True, blank=True)
    failed_step = models.CharField(_("bước không hoàn thành"), max_length=5, choices=ImportStep.choices, blank=True)
    retryable = models.BooleanField(default=False)
    # row number (as text) → {"choice": "same"|"new", "person": id} or {"choice": "same", "row": n}:
    # the officer's answer for each row that is likely someone already in the register or the file
    duplicate_decisions = models.JSONField(default=dict)
    # row number (as text) → unit id: the officer's answer for each row without a start month whose commune
    # code names several units (a code reused after a merger; imports.UnitQuestion)
    unit_decisions = models.JSONField(default=dict)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"

    @property
    def percent(self) -> int:
        return 100 if not self.total_rows else min(100, round(100 * self.checked_rows / self.total_rows))


class SuspensionReason(models.TextChoices):
    """NĐ 20/2021 Art 8(5)(a)–(c) as amended; TT 02/2021 Art 2 (domain.md §5)."""

    UNPAID_3_MONTHS = "unpaid_3_months", _("Không nhận trợ cấp 3 tháng liên tục trở lên")
    IGNORED_REASSESSMENT = "ignored_reassessment", _("Không chấp hành yêu cầu rà soát, đánh giá lại")
    DETENTION = "detention", _("Bị tạm giam từ 01 tháng trở lên")


class Suspension(models.Model):
    """A suspension of an entitlement from a month until the month payment resumes (to_month)."""

    entitlement = models.ForeignKey(Entitlement, on_delete=models.PROTECT, related_name="suspensions")
    from_month = models.DateField(_("tạm dừng từ tháng"))
    to_month = models.DateField(_("hưởng lại từ tháng"), null=True, blank=True)
    reason = models.CharField(_("lý do"), max_length=30, choices=SuspensionReason.choices)
    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="suspensions_started")
    lifted_by = models.ForeignKey(
        Decision, null=True, blank=True, on_delete=models.PROTECT, related_name="suspensions_lifted"
    )
    arrears = models.BooleanField(
        _("truy lĩnh các tháng tạm dừng"),
        default=False,
        help_text=_("Khi tiếp tục hưởng có truy lĩnh: các tháng tạm dừng lại được chi trả."),
    )

    class Meta:
        verbose_name = _("tạm dừng trợ cấp")
        verbose_name_plural = _("tạm dừng trợ cấp")
        ordering = ["entitlement_id", "from_month"]
        constraints = [
            models.CheckConstraint(
                condition=Q(to_month__isnull=True) | Q(to_month__gt=F("from_month")),
                name="cases_suspension_period_ordered",
            ),
            models.UniqueConstraint(
                fields=["entitlement"], condition=Q(to_month__isnull=True), name="cases_one_open_suspension"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.entitlement_id} tạm dừng từ {self.from_month:%m/%Y}"


class DecisionLine(models.Model):
    """One person in a decision (a single decision has one line, a batch decision many)."""

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="lines")
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="decision_lines")
    dossier = models.ForeignKey("cases.Dossier", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("loại"), max_length=10, choices=DecisionKind.choices)
    category_code = models.CharField(_("mã đối tượng"), max_length=8, blank=True)
    coefficient = models.DecimalField(_("hệ số"), max_digits=5, decimal_places=2, null=True, blank=True)
    amount = models.PositiveIntegerField(_("số tiền (đồng)"), default=0)
    effective_month = models.DateField(_("hiệu lực từ tháng"))
    entitlement = models.ForeignKey(
        Entitlement, null=True, blank=True, on_delete=models.PROTECT, related_name="decision_lines"
    )
    note = models.TextField(_("ghi chú"), blank=True)
    commune = models.ForeignKey("territory.AdministrativeUnit", on_delete=models.PROTECT, related_name="+")
    province_code = models.CharField(max_length=3, db_index=True, editable=False, default="")

    class Meta:
        verbose_name = _("dòng quyết định")
        verbose_name_plural = _("danh sách kèm quyết định")
        ordering = ["decision_id", "pk"]

    def __str__(self) -> str:
        return f"{self.decision_id}: {self.person_id} {self.category_code}"


class OneOffKind(models.TextChoices):
    FUNERAL = "funeral", _("Hỗ trợ chi phí mai táng")
    CREMATION = "cremation", _("Hỗ trợ chi phí hỏa táng")


class OneOffSupport(models.Model):
    """A one-off amount decided for a person (funeral support for a deceased beneficiary,
    NĐ 20/2021 Art 11; cremation support for a deceased permanent resident of the province,
    NQ 17/2019/NQ-HĐND Bắc Giang), paid once by the payments app in `payable_month` to the payee
    the decision names (whoever organised the burial or the cremation)."""

    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="one_off_supports")
    kind = models.CharField(_("loại hỗ trợ"), max_length=10, choices=OneOffKind.choices)
    amount = models.PositiveIntegerField(_("số tiền (đồng)"))
    payee_name = models.CharField(_("người nhận"), max_length=150)
    payee_relation = models.CharField(_("quan hệ với người mất"), max_length=60, blank=True)
    payee_citizen_id = models.CharField(_("số định danh người nhận"), max_length=12, blank=True)
    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="one_off_supports")
    dossier = models.ForeignKey("cases.Dossier", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    payable_month = models.DateField(_("chi trả tháng"))
    commune = models.ForeignKey("territory.AdministrativeUnit", on_delete=models.PROTECT, related_name="+")
    province_code = models.CharField(max_length=3, db_index=True, editable=False, default="")

    class Meta:
        verbose_name = _("hỗ trợ một lần")
        verbose_name_plural = _("hỗ trợ một lần")
        ordering = ["payable_month", "pk"]
        constraints = [models.UniqueConstraint(fields=["person", "kind"], name="cases_one_off_once_per_person")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.person_id}"


class DossierKind(models.TextChoices):
    GRANT = "grant", _("Đề nghị hưởng trợ cấp xã hội hàng tháng")
    ADJUST = "adjust", _("Điều chỉnh mức trợ cấp")
    SUSPEND = "suspend", _("Tạm dừng trợ cấp")
    RESUME = "resume", _("Tiếp tục hưởng trợ cấp")
    STOP = "stop", _("Thôi hưởng trợ cấp")
    MOVE = "move", _("Chuyển nơi hưởng trợ cấp")
    FUNERAL = "funeral", _("Hỗ trợ chi phí mai táng")
    CREMATION = "cremation", _("Hỗ trợ chi phí hỏa táng")


class FormCode(models.TextChoices):
    """The declaration forms of NĐ 20/2021 (Phụ lục) a dossier is filed on (forms.md §2)."""

    F1A = "1a", _("Mẫu số 1a")
    F1B = "1b", _("Mẫu số 1b")
    F1C = "1c", _("Mẫu số 1c")
    F1D = "1d", _("Mẫu số 1d")
    F1DD = "1đ", _("Mẫu số 1đ")
    F2A = "2a", _("Mẫu số 2a")
    F2B = "2b", _("Mẫu số 2b")
    F03 = "03", _("Mẫu số 03")
    F04 = "04", _("Mẫu số 04")
    FHT = "HT", _("Tờ khai hỗ trợ hỏa táng")
    H01 = "H01", _("Mẫu số 01 (hưu trí xã hội)")
    H02 = "H02", _("Mẫu số 02 (mai táng, hưu trí xã hội)")


class DossierGround(models.TextChoices):
    """Why a suspension, stop or move (domain.md §5 "Start, change and stop")."""

    UNPAID_3_MONTHS = "unpaid_3_months", _("Không nhận trợ cấp 3 tháng liên tục trở lên")
    IGNORED_REASSESSMENT = "ignored_reassessment", _("Không chấp hành yêu cầu rà soát, đánh giá lại")
    DETENTION = "detention", _("Bị tạm giam từ 01 tháng trở lên")
    DEATH = "death", _("Đã chết")
    MISSING = "missing", _("Bị tuyên bố mất tích")
    NOT_ELIGIBLE = "not_eligible", _("Không còn đủ điều kiện hưởng")
    PRISON = "prison", _("Đang chấp hành án phạt tù")
    REFUSAL = "refusal", _("Từ chối nhận trợ cấp")
    NONCOMPLIANCE = "noncompliance", _("Quá 3 tháng kể từ khi tạm dừng do không chấp hành rà soát")
    WITHIN_DISTRICT = "within_district", _("Chuyển đến xã khác trong huyện")
    TO_OTHER_DISTRICT = "to_other_district", _("Chuyển đi huyện khác")
    FROM_OTHER_DISTRICT = "from_other_district", _("Chuyển đến từ huyện khác")


SUSPEND_GROUNDS = frozenset(
    {DossierGround.UNPAID_3_MONTHS, DossierGround.IGNORED_REASSESSMENT, DossierGround.DETENTION}
)
STOP_GROUNDS = frozenset(
    {
        DossierGround.DEATH,
        DossierGround.MISSING,
        DossierGround.NOT_ELIGIBLE,
        DossierGround.PRISON,
        DossierGround.REFUSAL,
        DossierGround.NONCOMPLIANCE,
    }
)
MOVE_GROUNDS = frozenset(
    {DossierGround.WITHIN_DISTRICT, DossierGround.TO_OTHER_DISTRICT, DossierGround.FROM_OTHER_DISTRICT}
)


class Dossier(models.Model):
    """A case file moving through its workflow (cases/workflow.py). Issue 5 adds the declaration,
    checklist, attachments, posting and decision documents; this holds the state and the clock."""

    kind = models.CharField(_("loại hồ sơ"), max_length=20, choices=DossierKind.choices)
    flow = models.CharField(_("quy trình"), max_length=30, default="grant_district")
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="dossiers")
    category_code = models.CharField(_("diện đề nghị"), max_length=8, blank=True)
    coefficient = models.DecimalField(_("hệ số đề nghị"), max_digits=5, decimal_places=2, null=True, blank=True)
    form_code = models.CharField(_("mẫu tờ khai"), max_length=3, choices=FormCode.choices, blank=True)
    declaration = models.JSONField(_("nội dung tờ khai"), default=dict, blank=True)
    ground = models.CharField(_("lý do"), max_length=30, choices=DossierGround.choices, blank=True)
    ground_date = models.DateField(_("ngày phát sinh"), null=True, blank=True)
    proposed_month = models.DateField(_("đề nghị hiệu lực từ tháng"), null=True, blank=True)
    entitlement = models.ForeignKey(
        Entitlement,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dossiers",
        verbose_name=_("chế độ đang hưởng"),
    )
    target_commune = models.ForeignKey(
        "territory.AdministrativeUnit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("xã chuyển đến"),
    )
    external_place = models.CharField(_("nơi chuyển đi / chuyển đến (ngoài huyện)"), max_length=255, blank=True)
    calculation = models.JSONField(_("kết quả tính"), default=dict, blank=True)
    # Opened from the periodic review (cases/review_actions.py): the month reviewed, the entitlement, the reason
    # code, the month from which the law differs and the explanation citing its clause (the ground and evidence).
    review_basis = models.JSONField(_("căn cứ rà soát"), default=dict, blank=True)
    decision = models.ForeignKey(
        Decision, null=True, blank=True, on_delete=models.PROTECT, related_name="dossiers", verbose_name=_("quyết định")
    )
    state = models.CharField(_("trạng thái"), max_length=12, choices=DossierState.choices, default=DossierState.DRAFT)
    due_on = models.DateField(_("hạn xử lý bước hiện tại"), null=True, blank=True)
    commune = models.ForeignKey("territory.AdministrativeUnit", on_delete=models.PROTECT, related_name="+")
    province_code = models.CharField(max_length=3, db_index=True, editable=False, default="")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

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
    from_state = models.CharField(_("từ bước"), max_length=12, choices=DossierState.choices)
    to_state = models.CharField(_("sang bước"), max_length=12, choices=DossierState.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    made_at = models.DateTimeField(auto_now_add=True)
    reason = models.TextField(blank=True)
    due_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["made_at", "pk"]

    def __str__(self) -> str:
        return f"{self.dossier_id}: {self.from_state} → {self.to_state}"


class DossierAttachment(models.Model):
    """A document filed with a dossier (a checklist item of cases/checklists.py)."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="attachments")
    document_code = models.CharField(_("loại giấy tờ"), max_length=40)
    file = models.FileField(_("tệp"), upload_to="dossiers/%Y/%m/")
    file_name = models.CharField(_("tên tệp"), max_length=255)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("giấy tờ kèm hồ sơ")
        verbose_name_plural = _("giấy tờ kèm hồ sơ")
        ordering = ["dossier_id", "document_code", "pk"]

    def __str__(self) -> str:
        return self.file_name


class Posting(models.Model):
    """A public posting at the commune office (NĐ 20/2021 Art 8(1)(b): 2 working days)."""

    commune = models.ForeignKey("territory.AdministrativeUnit", on_delete=models.PROTECT, related_name="+")
    number = models.PositiveIntegerField(_("số thông báo"), default=0)
    title = models.CharField(_("tiêu đề"), max_length=255)
    starts_on = models.DateField(_("niêm yết từ ngày"))
    ends_on = models.DateField(_("niêm yết đến ngày"))
    closed_at = models.DateTimeField(_("kết thúc niêm yết lúc"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    dossiers: models.ManyToManyField[Dossier, PostingEntry] = models.ManyToManyField(
        Dossier, through="PostingEntry", related_name="postings"
    )

    class Meta:
        verbose_name = _("niêm yết công khai")
        verbose_name_plural = _("niêm yết công khai")
        ordering = ["-starts_on", "-pk"]

    def __str__(self) -> str:
        return self.title


class PostingEntry(models.Model):
    posting = models.ForeignKey(Posting, on_delete=models.CASCADE, related_name="entries")
    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="posting_entries")

    class Meta:
        ordering = ["posting_id", "pk"]
        constraints = [models.UniqueConstraint(fields=["posting", "dossier"], name="cases_posting_entry_unique")]

    def __str__(self) -> str:
        return f"{self.posting_id}: {self.dossier_id}"


class Proposal(models.Model):
    """The commune's proposal (tờ trình) that sends its dossiers to the labour office for appraisal
    (NĐ 20/2021/NĐ-CP Art 8(1)(c): within 3 working days after posting without complaint), signed
    by the commune chair. One proposal may carry many dossiers; its entries keep what was proposed."""

    commune = models.ForeignKey("territory.AdministrativeUnit", on_delete=models.PROTECT, related_name="+")
    number = models.CharField(_("số tờ trình"), max_length=60)
    issued_on = models.DateField(_("ngày ký"))
    issuing_office = models.ForeignKey("accounts.Office", on_delete=models.PROTECT, related_name="+")
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signer_name = models.CharField(_("người ký"), max_length=255)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=120, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    dossiers: models.ManyToManyField[Dossier, ProposalEntry] = models.ManyToManyField(
        Dossier, through="ProposalEntry", related_name="proposals"
    )

    class Meta:
        verbose_name = _("tờ trình")
        verbose_name_plural = _("tờ trình")
        ordering = ["-issued_on", "-pk"]

    def __str__(self) -> str:
        return f"Tờ trình số {self.number} ngày {self.issued_on:%d/%m/%Y}"


class ProposalEntry(models.Model):
    """A dossier on a proposal, with the category, coefficient and monthly amount proposed."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="entries")
    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="proposal_entries")
    category_code = models.CharField(max_length=8, blank=True)
    coefficient = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    amount = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["proposal_id", "pk"]
        constraints = [models.UniqueConstraint(fields=["proposal", "dossier"], name="cases_proposal_entry_unique")]

    def __str__(self) -> str:
        return f"{self.proposal_id}: {self.dossier_id}"


class Complaint(models.Model):
    """A complaint or question about a posted dossier, answered within 10 working days
    (NĐ 20/2021 Art 8(1)(b)). An unresolved complaint blocks the commune's proposal."""

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="complaints")
    posting = models.ForeignKey(Posting, null=True, blank=True, on_delete=models.PROTECT, related_name="complaints")
    received_on = models.DateField(_("ngày nhận"))
    complainant = models.CharField(_("người khiếu nại, thắc mắc"), max_length=150)
    content = models.TextField(_("nội dung"))
    due_on = models.DateField(_("hạn trả lời"))
    resolution = models.TextField(_("kết quả giải quyết"), blank=True)
    resolved_on = models.DateField(_("ngày trả lời"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("khiếu nại, thắc mắc")
        verbose_name_plural = _("khiếu nại, thắc mắc")
        ordering = ["received_on", "pk"]

    def __str__(self) -> str:
        return f"{self.complainant}: {self.received_on:%d/%m/%Y}"

    @property
    def is_resolved(self) -> bool:
        return self.resolved_on is not None
