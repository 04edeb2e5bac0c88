"""Reading BHYT lists, cards, premiums and alerts (each query starts from what the actor may see)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Q

from ansinh.core.access import Actor, OfficeKind, Role
from ansinh.core.months import YearMonth
from ansinh.insurance import coverage
from ansinh.insurance.actions import send_deadline
from ansinh.insurance.models import SENT_STATUSES, BhytList, HealthCard, LineStatus, OtherScheme
from ansinh.insurance.policies import insurance_policy
from ansinh.payments.models import LineKind, PayrollLine
from ansinh.registry.models import Person
from ansinh.territory.models import AdministrativeUnit, UnitLevel
from ansinh.territory.selectors import covered_unit_id_list


def month_figures(month: YearMonth, area: Iterable[int] | None = None) -> dict[str, Any]:
    """The `manage.py bhyt` object (contracts.md §6), computed and not written."""
    area = list(area) if area is not None else None
    found = coverage.changes(month, area)
    ids = Person.objects.in_bulk({change.person_id for change in found})
    per_person = coverage.premium_per_person(month)
    covered = coverage.covered_total(month, area)

    def citizen_id(person_id: int) -> str | None:
        return ids[person_id].citizen_id or None

    return {
        "month": str(month),
        "covered": covered,
        "increases": [
            {"citizen_id": citizen_id(c.person_id), "reason": c.reason, "from": c.day.isoformat()}
            for c in found
            if c.direction == "increase"
        ],
        "decreases": [
            {"citizen_id": citizen_id(c.person_id), "reason": c.reason, "to": c.day.isoformat()}
            for c in found
            if c.direction == "decrease"
        ],
        "premium_per_person": per_person,
        "premium_total": per_person * covered,
    }


def _communes_in_scope(actor: Actor, month: YearMonth) -> list[AdministrativeUnit]:
    units = AdministrativeUnit.objects.filter(level=UnitLevel.COMMUNE, valid_from__lte=month.first_day).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=month.first_day)
    )
    if not actor.has_role(Role.ADMIN):
        if actor.scope_unit_id is None:
            return []
        units = units.filter(pk__in=covered_unit_id_list(actor.scope_unit_id))
    return list(units.order_by("name"))


@dataclass
class MonthRow:
    commune: AdministrativeUnit
    bhyt_list: BhytList | None
    deadline: date
    can_prepare: bool

    @property
    def late(self) -> bool:
        if self.bhyt_list is not None and self.bhyt_list.is_sent:
            return self.bhyt_list.sent_late
        return False


def month_rows(*, actor: Actor, month: YearMonth) -> list[MonthRow]:
    """Each commune of the actor's area with its list of the month (BHXH: sent lists only)."""
    lists = {item.commune_id: item for item in insurance_policy.visible(actor).filter(month=month.first_day)}
    deadline = send_deadline(month)
    if actor.office_kind == OfficeKind.SOCIAL_INSURANCE:
        return [
            MonthRow(item.commune, item, item.send_deadline, False)
            for item in insurance_policy.visible(actor).filter(month=month.first_day).select_related("commune")
        ]
    units = {unit.pk: unit for unit in _communes_in_scope(actor, month)}
    # entitlements stay recorded in the commune of their decision (a predecessor after a merger): its
    # list is made as long as it covers someone, as the payment list is
    if actor.scope_unit_id is not None:
        recorded = set(coverage.covered_people(month, covered_unit_id_list(actor.scope_unit_id))) | set(lists)
        missing = recorded - set(units)
        units.update({unit.pk: unit for unit in AdministrativeUnit.objects.filter(pk__in=missing)})
    return [
        MonthRow(unit, lists.get(unit.pk), deadline, insurance_policy.can_prepare(actor, unit.pk))
        for unit in sorted(units.values(), key=lambda unit: (unit.name, unit.valid_from))
    ]


def person_card(person: Person, today: date) -> dict[str, Any]:
    """The person's open card and whether it is valid today."""
    card = HealthCard.objects.filter(person=person, replaced_on__isnull=True).first()
    others = list(OtherScheme.objects.filter(person=person).order_by("-valid_from"))
    return {"card": card, "valid": card is not None and card.valid_on(today), "others": others}


@dataclass
class PremiumRow:
    commune: AdministrativeUnit
    months: list[tuple[YearMonth, int, int]]  # (month, people covered, premium)
    increases: int = 0
    decreases: int = 0

    @property
    def people_months(self) -> int:
        return sum(people for _month, people, _amount in self.months)

    @property
    def total(self) -> int:
        return sum(amount for _month, _people, amount in self.months)


@dataclass
class PremiumTable:
    year: int
    quarter: int
    months: list[YearMonth]
    per_person: dict[YearMonth, int]
    rows: list[PremiumRow] = field(default_factory=list)

    @property
    def month_heads(self) -> list[tuple[YearMonth, int]]:
        return [(month, self.per_person[month]) for month in self.months]

    @property
    def month_totals(self) -> list[int]:
        return [sum(row.months[index][2] for row in self.rows) for index in range(len(self.months))]

    @property
    def total(self) -> int:
        return sum(row.total for row in self.rows)


def premium_table(*, actor: Actor, year: int, quarter: int) -> PremiumTable:
    """People covered and the State premium per commune and month of a quarter (settlement with the
    finance office, domain.md §9): computed from coverage, whether or not the lists were sent."""
    months = [YearMonth(year, 3 * (quarter - 1) + offset) for offset in (1, 2, 3)]
    table = PremiumTable(year, quarter, months, {month: coverage.premium_per_person(month) for month in months})
    communes = {unit.pk: unit for unit in _communes_in_scope(actor, months[-1])}
    for unit in _communes_in_scope(actor, months[0]):
        communes.setdefault(unit.pk, unit)
    counts = {month: coverage.covered_people(month, list(communes)) for month in months}
    moves: dict[tuple[int, str], int] = {}
    for month in months:  # the quarter's summary of the monthly lists, as computed now
        for change in coverage.changes(month, list(communes)):
            key = (change.commune_id, change.direction)
            moves[key] = moves.get(key, 0) + 1
    for unit in sorted(communes.values(), key=lambda unit: unit.name):
        cells = [
            (month, counts[month].get(unit.pk, 0), counts[month].get(unit.pk, 0) * table.per_person[month])
            for month in months
        ]
        ups, downs = moves.get((unit.pk, "increase"), 0), moves.get((unit.pk, "decrease"), 0)
        if ups or downs or any(people for _month, people, _amount in cells):
            table.rows.append(PremiumRow(unit, cells, ups, downs))
    return table


@dataclass
class Alerts:
    paid_without_card: int = 0
    cards_after_stop: int = 0
    lists_not_sent: int = 0
    returned_lines: int = 0

    @property
    def any(self) -> bool:
        return bool(self.paid_without_card or self.cards_after_stop or self.lists_not_sent or self.returned_lines)


def alerts(*, actor: Actor, today: date) -> Alerts | None:
    """The home page's BHYT items for the commune and the labour office: beneficiaries on this
    month's payment list without a card valid today, open cards of people no longer covered, lists
    of past months not sent by their date, lines returned by BHXH still to deal with."""
    if actor.office_kind not in (OfficeKind.COMMUNE, OfficeKind.LABOUR_OFFICE) or actor.scope_unit_id is None:
        return None
    area = list(covered_unit_id_list(actor.scope_unit_id))
    month = YearMonth.of(today)
    valid_card = HealthCard.objects.filter(replaced_on__isnull=True, valid_from__lte=today).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=today)
    )
    paid = (
        PayrollLine.objects.filter(month=month.first_day, commune_id__in=area, kind=LineKind.REGULAR)
        .exclude(person_id__in=valid_card.values("person_id"))
        .values("person_id")
        .distinct()
        .count()
    )
    covered = coverage.covered_person_ids(month, area)
    open_cards = valid_card.filter(commune_id__in=area).values_list("person_id", flat=True)
    after_stop = len(set(open_cards) - covered)
    not_sent = 0
    for previous in (month.add(-2), month.add(-1), month):
        deadline = send_deadline(previous)
        if deadline >= today:
            continue
        sent = set(
            BhytList.objects.filter(
                month=previous.first_day, status__in=SENT_STATUSES, commune_id__in=area
            ).values_list("commune_id", flat=True)
        )
        with_people = coverage.covered_people(previous, area)
        not_sent += len([pk for pk, people in with_people.items() if people and pk not in sent])
    returned = insurance_policy.visible_lines(actor).filter(status=LineStatus.REJECTED, handled_at__isnull=True).count()
    return Alerts(paid, after_stop, not_sent, returned)
