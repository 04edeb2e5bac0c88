"""The public information pages (no login, issue 20): one plain-language page per support, built for
today from the same dated rules data as the calculator (`rules.rulebook.RuleBookLoader`), so an amount
shown is never typed into a template and never stale; the legal texts behind them; the index of the
communes' current posting lists.

Confidence marks ("chưa xác nhận") are for officers: nothing here carries them (the page data holds
no confidence field at all, so a template cannot show one by mistake)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from ansinh.accounts.models import DecisionFlow
from ansinh.accounts.selectors import deployment_settings
from ansinh.cases.models import Posting
from ansinh.core.months import YearMonth
from ansinh.rules.calculator import CategoryRule, RuleBook
from ansinh.rules.dated import NoRulesError
from ansinh.rules.documents import WHERE_TO_FILE_COMMUNE, WHERE_TO_FILE_DISTRICT, documents_to_bring
from ansinh.rules.facts import DEFAULT_PROVINCE
from ansinh.rules.formatting import round_dong
from ansinh.rules.models import Category, CoefficientRule, DocumentStatus, LegalDocument, Parameter
from ansinh.rules.rulebook import RuleBookLoader
from ansinh.rules.selectors import parameter_on
from ansinh.territory.models import AdministrativeUnit

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise as StrOrPromise
else:
    StrOrPromise = str


@dataclass(frozen=True)
class Support:
    """A page: which categories of NĐ 20/2021 Art 5 and Art 20 it explains, in plain words."""

    slug: str
    title: StrOrPromise
    summary: StrOrPromise
    codes: tuple[str, ...]


# Presentation only (titles and the order of the pages); who qualifies and how much come from the rules tables.
SUPPORTS: tuple[Support, ...] = (
    Support(
        "nguoi-cao-tuoi",
        _("Người cao tuổi"),
        _("Trợ cấp hằng tháng cho người cao tuổi nghèo, không có người phụng dưỡng, và trợ cấp hưu trí xã hội."),
        ("5.5a", "5.5b", "5.5c", "5.5d", "20.1b"),
    ),
    Support(
        "tre-em",
        _("Trẻ em và người đang đi học"),
        _(
            "Trợ cấp hằng tháng cho trẻ em không có nguồn nuôi dưỡng, người từ 16 đến 22 tuổi đang đi học, "
            "trẻ em nhỏ hộ nghèo."
        ),
        ("5.1", "5.2", "5.7", "20.1a"),
    ),
    Support(
        "nguoi-khuyet-tat",
        _("Người khuyết tật"),
        _("Trợ cấp hằng tháng cho người khuyết tật nặng, đặc biệt nặng và hỗ trợ người chăm sóc."),
        ("5.6", "20.2a", "20.2b", "20.2c", "20.2d"),
    ),
    Support(
        "nguoi-don-than-nuoi-con",
        _("Người đơn thân nghèo nuôi con"),
        _("Trợ cấp hằng tháng cho người đơn thân thuộc hộ nghèo đang nuôi con nhỏ hoặc con đang đi học."),
        ("5.4",),
    ),
    Support(
        "nguoi-nhiem-hiv",
        _("Người nhiễm HIV/AIDS thuộc hộ nghèo"),
        _(
            "Trợ cấp hằng tháng cho trẻ em và người nhiễm HIV/AIDS thuộc hộ nghèo. "
            "Thông tin về HIV không bao giờ được niêm yết."
        ),
        ("5.3", "5.8"),
    ),
)
SUPPORTS_BY_SLUG = {support.slug: support for support in SUPPORTS}

# The steps of a grant and their dated deadlines (working days), NĐ 20/2021 Art 8(1) before
# 01/07/2025 and NĐ 147/2025 Art 5 after: the keys of `rules.Parameter` summed for "how long".
DISTRICT_STEPS = (
    "deadline.commune_review",
    "deadline.public_posting",
    "deadline.commune_proposal",
    "deadline.labour_appraisal",
    "deadline.chair_decision",
)
COMMUNE_STEPS = ("deadline.commune_chair_decision",)


@dataclass(frozen=True)
class Band:
    label: str
    coefficient: str
    amount: int
    per_person: bool


@dataclass(frozen=True)
class CategoryInfo:
    code: str
    name: str
    basis: str
    bands: tuple[Band, ...]


@dataclass(frozen=True)
class SupportPage:
    support: Support
    day: date
    month: YearMonth
    standard_rate: int | None
    rate_basis: tuple[str, ...]
    categories: tuple[CategoryInfo, ...]
    documents: tuple[str, ...]
    where_to_file: str
    working_days: int | None
    days_basis: tuple[str, ...]


def rulebook_today(day: date, loader: RuleBookLoader | None = None) -> RuleBook | None:
    try:
        return (loader or RuleBookLoader()).rulebook(YearMonth.of(day), DEFAULT_PROVINCE)
    except NoRulesError:
        return None


def _category_info(category: CategoryRule, rate: int) -> CategoryInfo:
    """Each coefficient of the category with its monthly amount, computed as the calculator does
    (`rules.calculator._candidate`: coefficient × the month's standard rate, rounded to the đồng)."""
    bands = tuple(
        Band(
            label=band.label,
            coefficient=f"{band.coefficient:f}".rstrip("0").rstrip(".").replace(".", ","),
            amount=round_dong(band.coefficient * rate),
            per_person=band.per_unit,
        )
        for band in category.bands
    )
    return CategoryInfo(code=category.code, name=category.name, basis=category.basis, bands=bands)


def _flow_is_commune() -> bool:
    settings = deployment_settings()
    return settings is not None and settings.decision_flow == DecisionFlow.COMMUNE


def how_long(day: date) -> tuple[int | None, tuple[str, ...]]:
    """The working days from filing to the decision, from the dated deadlines in force on `day`."""
    total, basis = 0, []
    for key in COMMUNE_STEPS if _flow_is_commune() else DISTRICT_STEPS:
        parameter = parameter_on(key, day)
        if parameter is None:
            return None, ()
        total += int(parameter.value)
        if parameter.basis not in basis:
            basis.append(parameter.basis)
    return total, tuple(basis)


def support_page(support: Support, day: date, loader: RuleBookLoader | None = None) -> SupportPage:
    book = rulebook_today(day, loader)
    categories: tuple[CategoryInfo, ...] = ()
    rate: int | None = None
    rate_basis: tuple[str, ...] = ()
    if book is not None:
        rate = book.standard_rate
        rate_basis = tuple(component.basis for component in book.rates)
        wanted = set(support.codes)
        categories = tuple(_category_info(c, rate) for c in book.categories if c.code in wanted)
    days, days_basis = how_long(day)
    return SupportPage(
        support=support,
        day=day,
        month=YearMonth.of(day),
        standard_rate=rate,
        rate_basis=rate_basis,
        categories=categories,
        documents=tuple(documents_to_bring(c.code for c in categories)),
        where_to_file=WHERE_TO_FILE_COMMUNE if _flow_is_commune() else WHERE_TO_FILE_DISTRICT,
        working_days=days,
        days_basis=days_basis,
    )


def support_index(day: date) -> list[tuple[Support, tuple[str, ...]]]:
    """Each support with the category names in force today (an empty page is left out)."""
    book = rulebook_today(day)
    if book is None:
        return []
    names = {category.code: category.name for category in book.categories}
    rows = []
    for support in SUPPORTS:
        found = tuple(names[code] for code in support.codes if code in names)
        if found:
            rows.append((support, found))
    return rows


def _in_force(day: date) -> Q:
    return Q(valid_from__lte=day) & (Q(valid_to__isnull=True) | Q(valid_to__gte=day))


def legal_texts(day: date) -> list[LegalDocument]:
    """The documents behind the rules in force on `day` (categories, coefficients, rates, deadlines)."""
    ids: set[int] = set()
    for model in (Category, CoefficientRule, Parameter):
        ids.update(model.objects.filter(_in_force(day)).values_list("source_id", flat=True).distinct())
    return list(
        LegalDocument.objects.filter(pk__in=ids)
        .exclude(status=DocumentStatus.EXPIRED)
        .order_by("document_type", "-signed_on", "number")
    )


@dataclass(frozen=True)
class PostingIndexRow:
    commune: AdministrativeUnit
    postings: int


def current_postings(day: date) -> list[PostingIndexRow]:
    """The communes with a posting list up today (each links to `cases:public_posting`)."""
    counts = dict(
        Posting.objects.filter(starts_on__lte=day, ends_on__gte=day)
        .values("commune_id")
        .annotate(n=Count("pk"))
        .values_list("commune_id", "n")
    )
    communes = AdministrativeUnit.objects.filter(pk__in=counts).order_by("name")
    return [PostingIndexRow(commune, counts[commune.pk]) for commune in communes]
