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
from ansinh.cases.checklists import CREMATION_ITEMS, FUNERAL_ITEMS
from ansinh.cases.models import Posting
from ansinh.core.months import YearMonth
from ansinh.rules.calculator import CategoryRule, RuleBook
from ansinh.rules.dated import NoRulesError
from ansinh.rules.documents import WHERE_TO_FILE_COMMUNE, WHERE_TO_FILE_DISTRICT, documents_to_bring
from ansinh.rules.facts import DEFAULT_PROVINCE
from ansinh.rules.formatting import round_dong
from ansinh.rules.models import Category, CoefficientRule, DocumentStatus, LegalDocument, Parameter
from ansinh.rules.parameters import BASE_SALARY, FUNERAL_MULTIPLE, cremation_key
from ansinh.rules.rulebook import RuleBookLoader
from ansinh.rules.selectors import decision_flow_on, parameter_on
from ansinh.supports.education import EQUIPMENT_KEY, SHARE_KEY, Programme, months_key
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


def _flow_is_commune(day: date) -> bool:
    """Who decides on `day` is dated data (rules parameter `authority.commune_decides`, NĐ 147/2025 Art 5)."""
    return decision_flow_on(day) == DecisionFlow.COMMUNE


def how_long(day: date) -> tuple[int | None, tuple[str, ...]]:
    """The working days from filing to the decision, from the dated deadlines in force on `day`."""
    total, basis = 0, []
    for key in COMMUNE_STEPS if _flow_is_commune(day) else DISTRICT_STEPS:
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
        where_to_file=WHERE_TO_FILE_COMMUNE if _flow_is_commune(day) else WHERE_TO_FILE_DISTRICT,
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


# One-off, education and emergency supports (issue 18 item 5): each amount read from its dated parameter in force
# today (the same keys `supports.education`, `supports.emergency` and `cases.one_off` compute with), never typed.


@dataclass(frozen=True)
class OtherAmount:
    label: str
    amount: int
    unit: str
    basis: str
    kilograms: bool = False


@dataclass(frozen=True)
class OtherSupport:
    slug: str
    title: StrOrPromise
    summary: StrOrPromise
    amounts: tuple[OtherAmount, ...]
    documents: tuple[str, ...]


@dataclass(frozen=True)
class OtherSupportsPage:
    day: date
    standard_rate: int | None
    supports: tuple[OtherSupport, ...]


def _public_basis(parameter: Parameter) -> str:
    """The document and clause, without an officer's note on an unknown clause (nothing "unconfirmed" here)."""
    clause = parameter.clause.strip()
    known = clause and not clause.startswith("(")
    return f"{parameter.source.short_name}, {clause}" if known else parameter.source.short_name


def _times_rate(key: str, day: date, rate: int | None, label: str, unit: str) -> OtherAmount | None:
    """A multiple of the standard rate in force (NĐ 20/2021 Art 11(2) funeral, Arts 13–14 emergency)."""
    parameter = parameter_on(key, day)
    if parameter is None or not rate:
        return None
    return OtherAmount(label, round_dong(parameter.value * rate), unit, _public_basis(parameter))


def _fixed(key: str, day: date, label: str, unit: str) -> OtherAmount | None:
    parameter = parameter_on(key, day)
    return None if parameter is None else OtherAmount(label, int(parameter.value), unit, _public_basis(parameter))


def _funeral(day: date, rate: int | None) -> OtherSupport:
    amounts = [
        _times_rate(
            FUNERAL_MULTIPLE,
            day,
            rate,
            str(_("Hỗ trợ chi phí mai táng khi người đang hưởng trợ cấp hằng tháng qua đời")),
            str(_("mỗi người")),
        ),
        _fixed(
            cremation_key(DEFAULT_PROVINCE),
            day,
            str(_("Hỗ trợ thêm khi hỏa táng (theo nghị quyết của tỉnh)")),
            str(_("mỗi người")),
        ),
    ]
    documents = tuple(dict.fromkeys(str(item.label) for item in (*FUNERAL_ITEMS, *CREMATION_ITEMS)))
    return OtherSupport(
        "mai-tang",
        _("Hỗ trợ mai táng, hỏa táng"),
        _(
            "Gia đình hoặc người tổ chức mai táng người đang hưởng trợ cấp được hỗ trợ một lần. "
            "Nộp tờ khai tại UBND xã nơi người mất cư trú."
        ),
        tuple(amount for amount in amounts if amount is not None),
        documents,
    )


def _education(day: date) -> OtherSupport:
    base = parameter_on(BASE_SALARY, day)
    amounts: list[OtherAmount] = []
    for programme, share_key in SHARE_KEY.items():
        share = parameter_on(share_key, day)
        months = parameter_on(months_key(programme, higher_education=False), day)
        if base is None or share is None:
            continue
        unit = (
            str(_("mỗi tháng, %(months)s tháng một năm học") % {"months": int(months.value)})
            if months is not None
            else str(_("mỗi tháng"))
        )
        monthly = round_dong(base.value * share.value)
        amounts.append(OtherAmount(str(Programme(programme).label), monthly, unit, _public_basis(share)))
        if programme in EQUIPMENT_KEY:
            equipment = _fixed(
                EQUIPMENT_KEY[programme], day, str(_("Phương tiện, đồ dùng học tập")), str(_("mỗi năm học"))
            )
            amounts += [equipment] if equipment is not None else []
    return OtherSupport(
        "hoc-tap",
        _("Hỗ trợ học tập"),
        _(
            "Chi hai lần mỗi năm học: lần 1 vào tháng 10 hoặc 11, lần 2 vào tháng 3 hoặc 4. "
            "Nhà trường hoặc trung tâm lập danh sách, UBND xã nơi cư trú xác nhận, phòng lao động quyết định."
        ),
        tuple(amounts),
        (
            str(_("Căn cước của người học")),
            str(_("Giấy xác nhận đang học năm học này của nhà trường (số, ngày)")),
            str(_("Giấy tờ chứng nhận hộ nghèo, cận nghèo hoặc giấy xác nhận khuyết tật (nếu có)")),
        ),
    )


def _emergency(day: date, rate: int | None) -> OtherSupport:
    rice_kg = parameter_on("emergency.rice_kg", day)
    tet = parameter_on("emergency.rice_months_tet", day)
    most = parameter_on("emergency.rice_months_max", day)
    amounts: list[OtherAmount | None] = []
    if rice_kg is not None:
        periods = []
        if tet is not None:
            periods.append(str(_("%(months)s tháng dịp Tết") % {"months": int(tet.value)}))
        if most is not None:
            periods.append(str(_("tối đa %(months)s tháng mỗi đợt thiên tai") % {"months": int(most.value)}))
        amounts.append(
            OtherAmount(
                str(_("Hộ thiếu đói: gạo cho mỗi người mỗi tháng")),
                int(rice_kg.value),
                ", ".join(periods),
                _public_basis(rice_kg),
                kilograms=True,
            )
        )
    amounts += [
        _times_rate("emergency.injury_multiple", day, rate, str(_("Người bị thương nặng")), str(_("mỗi người"))),
        _times_rate("emergency.death_multiple", day, rate, str(_("Người chết, mất tích")), str(_("mỗi người"))),
        _fixed("emergency.house_destroyed", day, str(_("Nhà đổ, sập, trôi, cháy hoàn toàn")), str(_("mỗi hộ"))),
        _fixed("emergency.relocation", day, str(_("Phải di dời nhà ở khẩn cấp")), str(_("mỗi hộ"))),
        _fixed("emergency.house_damaged", day, str(_("Nhà hư hỏng nặng")), str(_("mỗi hộ"))),
    ]
    return OtherSupport(
        "khan-cap",
        _("Trợ giúp khẩn cấp"),
        _(
            "Khi thiên tai, hỏa hoạn, dịch bệnh hoặc dịp Tết, trưởng thôn lập danh sách, UBND xã quyết định "
            "và phát hỗ trợ. Không cần làm đơn."
        ),
        tuple(amount for amount in amounts if amount is not None),
        (str(_("Căn cước khi nhận hỗ trợ (ký nhận vào danh sách cấp phát)")),),
    )


def other_supports_page(day: date, loader: RuleBookLoader | None = None) -> OtherSupportsPage:
    """The one-off, education and emergency supports with today's amounts and what to bring. The rice line's
    amount is in kilograms, every other in đồng."""
    book = rulebook_today(day, loader)
    rate = book.standard_rate if book is not None else None
    supports = (_funeral(day, rate), _education(day), _emergency(day, rate))
    return OtherSupportsPage(day, rate, tuple(support for support in supports if support.amounts))
