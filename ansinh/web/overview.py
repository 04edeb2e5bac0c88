"""The area overview (journeys.md, district labour office: "beneficiaries by category and commune, money
this month against last, overdue dossiers per commune, late death reports and open recoveries, communes
that have not met their council this month"). Reads only, each through the policy of its app, so every
office sees its own area and HIV categories stay masked for those who may not read them."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlencode

from django.db.models import Count, Q, QuerySet, Sum
from django.urls import reverse

from ansinh.cases.models import Entitlement
from ansinh.cases.policies import dossier_policy
from ansinh.cases.workflow import ACTIVE_STATES
from ansinh.core.access import Actor, OfficeKind, Role, is_active_user
from ansinh.core.months import YearMonth
from ansinh.disability.models import Council
from ansinh.disability.policies import disability_policy
from ansinh.disability.selectors import councils_without_session
from ansinh.payments.models import PayrollMonth
from ansinh.payments.policies import payroll_policy
from ansinh.payments.selectors import recoveries_by_commune
from ansinh.registry.policies import person_policy
from ansinh.reports.chain import in_force
from ansinh.rules.formatting import format_money
from ansinh.rules.selectors import category_codes, category_label
from ansinh.territory.models import AdministrativeUnit
from ansinh.territory.selectors import covered_unit_id_list

MONTHS_OF_MONEY = 6


@dataclass(frozen=True)
class Bar:
    """One bar of a chart: its label, value, value as printed, and length as a share of the longest."""

    label: str
    value: int
    display: str
    share: int  # 0–100
    url: str = ""  # the rows behind the figure (a filtered list), when the actor may open them


def count_display(value: int) -> str:
    """6021 → "6.021" (Vietnamese thousands separator)."""
    return f"{value:,}".replace(",", ".")


def bars(pairs: Iterable[tuple[str, int]], *, money: bool = False, urls: Iterable[str] = ()) -> list[Bar]:
    rows = list(pairs)
    links = list(urls) or [""] * len(rows)
    top = max((value for _label, value in rows), default=0) or 1
    return [
        Bar(label, value, format_money(value) if money else count_display(value), round(100 * value / top), url)
        for (label, value), url in zip(rows, links, strict=True)
    ]


@dataclass
class Overview:
    """Each part is None when the actor's office does not read that kind of record."""

    month: YearMonth
    read_only: bool = False  # the province: figures link only to pages it reads (lists, spending)
    beneficiaries: int = 0
    by_category: list[Bar] = field(default_factory=list)
    by_commune: list[Bar] = field(default_factory=list)
    money: list[Bar] | None = None  # oldest first
    overdue: list[Bar] | None = None
    recoveries: list[dict[str, object]] | None = None
    idle_councils: list[Council] | None = None

    @property
    def money_change(self) -> int | None:
        """This month's total against last month's (None without both lists)."""
        if not self.money or len(self.money) < 2 or not self.money[-2].value:
            return None
        return self.money[-1].value - self.money[-2].value

    @property
    def beneficiaries_display(self) -> str:
        return count_display(self.beneficiaries)

    @property
    def money_change_size(self) -> int:
        return abs(self.money_change or 0)


def reads_overview(actor: Actor) -> bool:
    """The register's readers, and the provincial department (issue 19 item 4: the province gets a read-only
    view of the overview of its communes, viewer role included)."""
    return person_policy.can_read_register(actor) or reads_as_province(actor)


def reads_as_province(actor: Actor) -> bool:
    """A provincial department's login: it reads figures, not the register (names stay behind the lists)."""
    return (
        is_active_user(actor)
        and not actor.has_role(Role.ADMIN)
        and actor.office_kind == OfficeKind.PROVINCE
        and actor.scope_unit_id is not None
    )


def _people_in_area(actor: Actor) -> QuerySet[Entitlement]:
    """The entitlements of the actor's area: through the register's policy, or for the province by the
    communes its territory covers (a successor province covers its predecessors, so each month shows the
    communes as they stood: the 25 units of Lục Nam before 07/2025, the 8 communes after)."""
    if reads_as_province(actor):
        assert actor.scope_unit_id is not None
        return Entitlement.objects.filter(commune_id__in=covered_unit_id_list(actor.scope_unit_id))
    return Entitlement.objects.filter(person__in=person_policy.visible(actor))


def _entitled(actor: Actor, month: YearMonth) -> QuerySet[Entitlement]:
    """The entitlements paid in `month` in the actor's area (counted in the database: a national
    administrator's area holds a million)."""
    return (
        _people_in_area(actor)
        .filter(start_month__lte=month.first_day)
        .filter(Q(end_month__isnull=True) | Q(end_month__gt=month.first_day))
    )


def _people_by(entitled: QuerySet[Entitlement], field_name: str) -> list[tuple[str, int]]:
    rows = (
        entitled.values(field_name).annotate(people=Count("person_id", distinct=True)).values_list(field_name, "people")
    )
    return [(str(label), int(people)) for label, people in rows]


def _category_url(code: str, month: YearMonth, read_only: bool) -> str:
    """The rows behind a category: the register filtered by it, or for the province the month's spending
    by support type and commune (a page it reads)."""
    if read_only:
        return f"{reverse('reports:spending')}?{urlencode({'thang': str(month)})}"
    return f"{reverse('registry:person_list')}?{urlencode({'dien': code})}"


def _by_category(actor: Actor, entitled: QuerySet[Entitlement], month: YearMonth, read_only: bool) -> list[Bar]:
    """People per category as the actor may see them: 5.3 and 5.8 counted together as "Bảo mật"
    for those who may not read HIV facts (person_policy.category_shown)."""
    codes = category_codes()
    counts: Counter[str] = Counter()
    for category, people in _people_by(entitled, "category_code"):  # "Bảo mật" is no code: not linked
        counts[person_policy.category_shown(actor, category)] += people
    rows = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return bars(
        ((category_label(code) if code in codes else code, count) for code, count in rows),
        urls=(_category_url(code, month, read_only) if code in codes else "" for code, _count in rows),
    )


def people_by_commune_in_force(entitled: QuerySet[Entitlement], day: date) -> dict[int, int]:
    """People per commune in force on `day`, counted in the database per recorded commune: a record still
    kept under an abolished commune (the register not yet moved) counts under its successor
    (reports.chain.in_force), never under a unit that is gone. A territorial change ends a person's
    entitlement under the old commune the month the new one starts, so nobody counts twice."""
    counts = dict(_people_by(entitled, "commune_id"))
    successor = in_force({int(commune) for commune in counts}, day)
    people: Counter[int] = Counter()
    for commune, count in counts.items():
        people[successor[int(commune)]] += count
    return dict(people)


def _commune_url(commune_id: int, month: YearMonth, lists: dict[int, int], read_only: bool) -> str:
    """The rows behind a commune's figure: its people in the register, or for the province the commune's
    payment list of the month (read only), else the month's lists."""
    if not read_only:
        return f"{reverse('registry:person_list')}?{urlencode({'xa': commune_id})}"
    if commune_id in lists:
        return reverse("payments:payroll_detail", args=[lists[commune_id]])
    return f"{reverse('payments:month')}?{urlencode({'thang': str(month)})}"


def _by_commune(actor: Actor, entitled: QuerySet[Entitlement], month: YearMonth, read_only: bool) -> list[Bar]:
    counts = people_by_commune_in_force(entitled, month.first_day)
    names = dict(AdministrativeUnit.objects.filter(pk__in=counts).values_list("pk", "name"))
    rows = sorted(((names[pk], count, pk) for pk, count in counts.items()), key=lambda item: (-item[1], item[0]))
    lists = _lists_of(actor, month) if read_only else {}
    return bars(
        ((name, count) for name, count, _pk in rows),
        urls=(_commune_url(pk, month, lists, read_only) for *_row, pk in rows),
    )


def _lists_of(actor: Actor, month: YearMonth) -> dict[int, int]:
    """Commune → its payment list of the month, among the lists the actor reads."""
    visible: QuerySet[PayrollMonth] = payroll_policy.visible(actor).filter(month=month.first_day)
    return dict(visible.values_list("commune_id", "pk"))


def _money(actor: Actor, month: YearMonth) -> list[Bar]:
    first = month.add(-(MONTHS_OF_MONEY - 1))
    totals = dict(
        payroll_policy.visible(actor)
        .filter(month__gte=first.first_day, month__lte=month.first_day)
        .values("month")
        .annotate(total=Sum("total"))
        .values_list("month", "total")
    )
    months = [first.add(index) for index in range(MONTHS_OF_MONEY)]
    lists = reverse("payments:month")
    return bars(
        ((item.display(), int(totals.get(item.first_day) or 0)) for item in months),
        money=True,
        urls=(f"{lists}?{urlencode({'thang': str(item)})}" for item in months),
    )


def _overdue(actor: Actor, today: date) -> list[Bar]:
    rows = (
        dossier_policy.visible(actor)
        .filter(state__in=ACTIVE_STATES, due_on__lt=today)
        .values("commune_id", "commune__name")
        .annotate(count=Count("pk"))
        .order_by("-count", "commune__name")
        .values_list("commune__name", "count", "commune_id")
    )
    dossiers = reverse("cases:dossier_list")
    return bars(
        ((name, count) for name, count, _pk in rows),
        urls=(f"{dossiers}?{urlencode({'qua_han': 1, 'xa': pk})}" for *_row, pk in rows),
    )


def overview_for(*, actor: Actor, today: date, month: YearMonth | None = None) -> Overview:
    """The area in `month` (this month by default), as the territory stood then."""
    month = month or YearMonth.of(today)
    read_only = reads_as_province(actor)
    entitled = _entitled(actor, month)
    return Overview(
        month=month,
        read_only=read_only,
        beneficiaries=entitled.aggregate(people=Count("person_id", distinct=True))["people"] or 0,
        by_category=_by_category(actor, entitled, month, read_only),
        by_commune=_by_commune(actor, entitled, month, read_only),
        money=_money(actor, month) if payroll_policy.can_read_lists(actor) else None,
        overdue=_overdue(actor, today) if dossier_policy.can_read(actor) else None,
        recoveries=recoveries_by_commune(actor=actor) if payroll_policy.can_read_recoveries(actor) else None,
        idle_councils=councils_without_session(actor, month) if disability_policy.can_read(actor) else None,
    )
