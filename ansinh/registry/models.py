from __future__ import annotations

from datetime import date
from typing import Any

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ansinh.core.text import fold
from ansinh.registry.ethnicities import ETHNICITIES, KINH


class Sex(models.TextChoices):
    MALE = "male", _("Nam")
    FEMALE = "female", _("Nữ")


class LifeStatus(models.TextChoices):
    ALIVE = "alive", _("Còn sống")
    DEAD = "dead", _("Đã chết")
    MISSING = "missing", _("Bị tuyên bố mất tích")


class Person(models.Model):
    """Someone in the register: a beneficiary, a carer, a household member or a guardian.

    `commune`/`village` are the current residence (the latest open Residence row), kept on the
    row as the territory key every scoped query and later partitioning uses (design.md §5).
    """

    full_name = models.CharField(_("họ và tên"), max_length=150)
    full_name_folded = models.CharField(max_length=150, editable=False, db_index=True)
    birth_date = models.DateField(_("ngày sinh"), null=True, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("năm sinh"))
    sex = models.CharField(_("giới tính"), max_length=6, choices=Sex.choices)
    ethnicity = models.CharField(_("dân tộc"), max_length=2, choices=ETHNICITIES, default=KINH)
    citizen_id = models.CharField(_("số CCCD"), max_length=12, null=True, blank=True, unique=True)
    old_id_number = models.CharField(_("số CMND cũ"), max_length=9, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    commune = models.ForeignKey(
        "territory.AdministrativeUnit", verbose_name=_("xã, thị trấn"), on_delete=models.PROTECT, related_name="+"
    )
    village = models.ForeignKey(
        "territory.AdministrativeUnit",
        verbose_name=_("thôn, tổ dân phố"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    province_code = models.CharField(max_length=3, editable=False, db_index=True)
    address = models.CharField(_("địa chỉ chi tiết"), max_length=255, blank=True)
    life_status = models.CharField(_("tình trạng"), max_length=10, choices=LifeStatus.choices, default=LifeStatus.ALIVE)
    death_date = models.DateField(_("ngày chết"), null=True, blank=True)
    missing_on = models.DateField(_("ngày bị tuyên bố mất tích"), null=True, blank=True)
    life_status_source = models.CharField(_("nguồn thông tin"), max_length=255, blank=True)
    guardian = models.ForeignKey(
        "self",
        verbose_name=_("người giám hộ, đại diện"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="wards",
    )
    guardian_relation = models.CharField(_("quan hệ với người giám hộ"), max_length=60, blank=True)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_from", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("người")
        verbose_name_plural = _("người")
        ordering = ["full_name_folded", "birth_year"]
        indexes = [
            models.Index(fields=["commune", "full_name_folded"], name="registry_person_commune_name"),
            models.Index(fields=["full_name_folded", "birth_year"], name="registry_person_name_year"),
            # the few people dead or missing: recovery detection starts from them (payments.payroll)
            models.Index(
                fields=["id"], condition=Q(life_status__in=["dead", "missing"]), name="registry_person_not_alive"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(life_status="dead", death_date__isnull=False) | ~Q(life_status="dead"),
                name="registry_person_dead_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.birth_display})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.full_name_folded = fold(self.full_name)
        if self.birth_date is not None:
            self.birth_year = self.birth_date.year
        super().save(*args, **kwargs)

    @property
    def birth_display(self) -> str:
        return self.birth_date.strftime("%d/%m/%Y") if self.birth_date else str(self.birth_year)

    def age_on(self, day: date) -> int:
        """Completed years on `day`; with a year only, the person turns on 1 January."""
        born = self.birth_date or date(self.birth_year, 1, 1)
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


class Residence(models.Model):
    """Where a person lived over a period (moves and mergers keep their history)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="residences")
    commune = models.ForeignKey("territory.AdministrativeUnit", on_delete=models.PROTECT, related_name="+")
    village = models.ForeignKey(
        "territory.AdministrativeUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    valid_from = models.DateField(_("từ ngày"))
    valid_to = models.DateField(_("đến ngày"), null=True, blank=True)
    source = models.CharField(_("nguồn"), max_length=255, blank=True)

    class Meta:
        ordering = ["-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=Q(valid_to__isnull=True), name="registry_one_open_residence"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person_id} @ {self.commune_id} từ {self.valid_from}"


class Relationship(models.TextChoices):
    HEAD = "head", _("Chủ hộ")
    SPOUSE = "spouse", _("Vợ, chồng")
    CHILD = "child", _("Con")
    PARENT = "parent", _("Cha, mẹ")
    GRANDCHILD = "grandchild", _("Cháu")
    GRANDPARENT = "grandparent", _("Ông, bà")
    SIBLING = "sibling", _("Anh, chị, em")
    OTHER = "other", _("Khác")


class Household(models.Model):
    code = models.CharField(_("mã hộ"), max_length=30, blank=True)
    commune = models.ForeignKey("territory.AdministrativeUnit", on_delete=models.PROTECT, related_name="+")
    village = models.ForeignKey(
        "territory.AdministrativeUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("hộ gia đình")
        verbose_name_plural = _("hộ gia đình")

    def __str__(self) -> str:
        head = self.members.filter(relationship=Relationship.HEAD, valid_to__isnull=True).first()
        return f"Hộ {head.person.full_name}" if head else f"Hộ {self.code or self.pk}"


class HouseholdMember(models.Model):
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="memberships")
    relationship = models.CharField(_("quan hệ với chủ hộ"), max_length=12, choices=Relationship.choices)
    valid_from = models.DateField(_("từ ngày"))
    valid_to = models.DateField(_("đến ngày"), null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=Q(valid_to__isnull=True), name="registry_one_open_household"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person_id} ∈ {self.household_id} ({self.relationship})"


class PovertyStatus(models.TextChoices):
    POOR = "poor", _("Hộ nghèo")
    NEAR_POOR = "near_poor", _("Hộ cận nghèo")


class HouseholdPoverty(models.Model):
    """A household on a commune's annual poor or near-poor list."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="poverty")
    year = models.PositiveSmallIntegerField(_("năm"))
    status = models.CharField(_("phân loại"), max_length=10, choices=PovertyStatus.choices)
    source = models.CharField(_("căn cứ (quyết định công nhận)"), max_length=255, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["household", "year"], name="registry_poverty_one_per_year")]

    def __str__(self) -> str:
        return f"{self.household_id} {self.year}: {self.status}"


class DifficultArea(models.Model):
    """A commune or village classed as extremely difficult (ĐBKK) over a period."""

    unit = models.ForeignKey("territory.AdministrativeUnit", on_delete=models.PROTECT, related_name="+")
    valid_from = models.DateField(_("từ ngày"))
    valid_to = models.DateField(_("đến ngày"), null=True, blank=True)
    source = models.CharField(_("căn cứ"), max_length=255)

    class Meta:
        verbose_name = _("xã, thôn đặc biệt khó khăn")
        verbose_name_plural = _("xã, thôn đặc biệt khó khăn")

    def __str__(self) -> str:
        return f"ĐBKK {self.unit_id} từ {self.valid_from}"


class FactKind(models.TextChoices):
    DISABILITY = "disability", _("Khuyết tật")
    SCHOOLING = "schooling", _("Đi học")
    SUPPORT = "support", _("Hoàn cảnh nuôi dưỡng, phụng dưỡng")
    INCOME = "income", _("Lương hưu, trợ cấp BHXH, thu nhập ổn định")
    MARITAL = "marital", _("Tình trạng hôn nhân")
    HIV = "hiv", _("Nhiễm HIV")


RESTRICTED_FACTS = frozenset({FactKind.HIV})


class SupportSituation(models.TextChoices):
    """The two support conditions of NĐ 20/2021 Art 5, one key each in a support fact's value:
    a child without means of support (orphaned, abandoned, parents missing or detained: 5.1, 5.2)
    and an elderly person with no one obliged and entitled to support them (5.5a, 5.5d)."""

    WITHOUT_SUPPORT = "without_support", _("Trẻ em không có nguồn nuôi dưỡng (diện 5.1, 5.2)")
    NO_SUPPORTER = "no_supporter", _("Người cao tuổi không có người có nghĩa vụ và quyền phụng dưỡng (diện 5.5a)")
    SUPPORTED = "supported", _("Có người nuôi dưỡng, phụng dưỡng")


# The age from which a support fact is about the elderly (Luật Người cao tuổi 2009, Điều 2).
ELDERLY_AGE = 60


class DisabilityLevel(models.TextChoices):
    ESPECIALLY_SEVERE = "especially_severe", _("Đặc biệt nặng")
    SEVERE = "severe", _("Nặng")
    MILD = "mild", _("Nhẹ")


class DisabilityType(models.TextChoices):
    """The six types of Luật NKT 51/2010 Art 3."""

    MOTOR = "motor", _("Vận động")
    HEARING_SPEECH = "hearing_speech", _("Nghe, nói")
    VISION = "vision", _("Nhìn")
    MENTAL = "mental", _("Thần kinh, tâm thần")
    INTELLECTUAL = "intellectual", _("Trí tuệ")
    OTHER = "other", _("Khác")


class PersonFact(models.Model):
    """One fact about a person from a date, with its source (the person's timeline).

    `value` holds the fact's data: disability {"level", "types", "certificate_number",
    "certificate_date"}, schooling {"studying", "institution"}, support {"without_support",
    "no_supporter"}, income {"stable_income", "pension"}, marital {"single_parent"},
    hiv {"positive"}. HIV facts are restricted (policies.py) and never exported.
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="facts")
    kind = models.CharField(_("loại thông tin"), max_length=12, choices=FactKind.choices)
    value = models.JSONField(_("nội dung"))
    effective_from = models.DateField(_("có hiệu lực từ"))
    effective_to = models.DateField(_("đến"), null=True, blank=True)
    source = models.CharField(_("nguồn, giấy tờ"), max_length=255)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-effective_from", "-id"]
        indexes = [models.Index(fields=["person", "kind", "effective_from"], name="registry_fact_person_kind")]

    def __str__(self) -> str:
        return f"{self.person_id} {self.kind} từ {self.effective_from}"

    def describe(self) -> str:
        """The fact in plain Vietnamese, for the person's timeline."""
        value = self.value or {}
        if self.kind == FactKind.DISABILITY:
            level = DisabilityLevel(value["level"]).label if value.get("level") in DisabilityLevel.values else "?"
            types = ", ".join(
                str(DisabilityType(t).label).lower() for t in value.get("types", []) if t in DisabilityType.values
            )
            kinds = f" (dạng {types})" if types else ""
            certificate = f", giấy xác nhận số {value['certificate_number']}" if value.get("certificate_number") else ""
            issued = f" cấp ngày {value['certificate_date']}" if value.get("certificate_date") else ""
            return f"Khuyết tật mức {str(level).lower()}{kinds}{certificate}{issued}"
        if self.kind == FactKind.SUPPORT:
            return support_description(value)
        flags = {
            FactKind.SCHOOLING: ("studying", "Đang đi học", "Không đi học"),
            FactKind.INCOME: (
                "stable_income",
                "Có lương hưu, trợ cấp hoặc thu nhập ổn định",
                "Không có thu nhập ổn định",
            ),
            FactKind.MARITAL: (
                "single_parent",
                "Đơn thân (không chồng/vợ, hoặc vợ/chồng đã chết, mất tích)",
                "Có vợ/chồng",
            ),
            FactKind.HIV: ("positive", "Nhiễm HIV", "Không nhiễm HIV"),
        }
        key, yes, no = flags[FactKind(self.kind)]
        text = yes if value.get(key) else no
        return f"{text} ({value['institution']})" if value.get("institution") else text


def support_description(value: dict[str, Any]) -> str:
    """A support fact in words: the orphan's condition (5.1) and the elderly's (5.5a) told apart."""
    if value.get(SupportSituation.WITHOUT_SUPPORT):
        return "Không có nguồn nuôi dưỡng (trẻ em mồ côi, bị bỏ rơi, cha mẹ mất tích hoặc đang chấp hành án)"
    if value.get(SupportSituation.NO_SUPPORTER):
        return "Không có người có nghĩa vụ và quyền phụng dưỡng"
    if SupportSituation.NO_SUPPORTER in value and SupportSituation.WITHOUT_SUPPORT not in value:
        return "Có người phụng dưỡng"
    if SupportSituation.WITHOUT_SUPPORT in value and SupportSituation.NO_SUPPORTER not in value:
        return "Có người nuôi dưỡng"
    return "Có người nuôi dưỡng, phụng dưỡng"


SUPPORT_VALUES: dict[str, dict[str, bool]] = {
    SupportSituation.WITHOUT_SUPPORT: {"without_support": True},
    SupportSituation.NO_SUPPORTER: {"no_supporter": True},
    SupportSituation.SUPPORTED: {"without_support": False, "no_supporter": False},
}
