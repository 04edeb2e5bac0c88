"""Importing a commune's current beneficiary list (issue 4): people, their residence, poverty
status and disability level, and the paper decisions and entitlements they already hold, so
that payments can start from today's state.

Checking never writes. Applying writes every accepted row in one transaction, set-based
(bulk inserts), or nothing at all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import IO, Any

from django.db import transaction
from django.utils import timezone

from ansinh.audit.events import build_event, record_event, record_events_bulk
from ansinh.cases.models import Decision, DecisionKind, Entitlement
from ansinh.core.access import Actor, require
from ansinh.core.bulk import insert_all
from ansinh.core.text import fold
from ansinh.registry.imports import (
    RULES_START,
    CheckedRow,
    Problem,
    check_file_duplicates,
    check_row,
    note_missing_coefficient_column,
    read_rows,
)
from ansinh.registry.models import (
    FactKind,
    Household,
    HouseholdMember,
    HouseholdPoverty,
    Person,
    PersonFact,
    Relationship,
    Residence,
)
from ansinh.registry.policies import person_policy
from ansinh.rules.rulebook import categories_from_db
from ansinh.territory.models import AdministrativeUnit, UnitLevel
from ansinh.territory.selectors import covered_unit_ids, province_code_of

Progress = Callable[[int], None]
WRITE_CHUNK = 5000


@dataclass
class ImportReport:
    rows: list[CheckedRow] = field(default_factory=list)
    created_people: int = 0
    created_decisions: int = 0

    @property
    def accepted(self) -> list[CheckedRow]:
        return [row for row in self.rows if row.accepted]

    @property
    def problems(self) -> list[Problem]:
        return [problem for row in self.rows for problem in row.errors]

    @property
    def warnings(self) -> list[Problem]:
        return [problem for row in self.rows for problem in row.warnings]

    def summary(self) -> dict[str, Any]:
        """The JSON printed by `manage.py import_register` (rows counted from the first data row)."""
        accepted = len(self.accepted)
        return {
            "rows": len(self.rows),
            "accepted": accepted,
            "rejected": len(self.rows) - accepted,
            "errors": [problem.as_dict() for problem in self.problems],
        }


def check_register_file(
    stream: IO[bytes], *, commune: AdministrativeUnit, progress: Progress | None = None
) -> ImportReport:
    """Read and check every row against the file and the register. Writes nothing."""
    today = timezone.localdate()
    coefficients = {dated.category.code: dated for dated in categories_from_db()}  # every category ever defined
    categories = set(coefficients)
    columns, data = read_rows(stream)
    report = ImportReport()
    for number, raw in data:
        report.rows.append(check_row(number, raw, today=today, categories=categories, coefficients=coefficients))
        if progress and number % 200 == 0:
            progress(number)
    if "coefficient" not in columns:
        note_missing_coefficient_column(report.rows)
    check_file_duplicates(report.rows)
    _place_rows(report.rows, commune)
    _check_against_register(report.rows, commune)
    for row in report.rows:  # keep only what applying needs
        row.raw = {key: row.raw[key] for key in ("_commune", "_village") if key in row.raw}
    if progress:
        progress(len(report.rows))
    return report


def _place_rows(rows: list[CheckedRow], target: AdministrativeUnit) -> None:
    """Each row's commune must be the target or lie in its area; villages are matched by name."""
    communes = {
        unit.code: unit
        for unit in AdministrativeUnit.objects.filter(id__in=covered_unit_ids(target.pk), level=UnitLevel.COMMUNE)
        .active_on(timezone.localdate())
        .order_by("valid_from")
    } or {target.code: target}
    communes.setdefault(target.code, target)
    villages: dict[tuple[int, str], AdministrativeUnit] = {}
    for village in AdministrativeUnit.objects.filter(parent__in=communes.values(), level=UnitLevel.VILLAGE):
        villages[(village.parent_id or 0, village.name_folded)] = village
        villages[(village.parent_id or 0, fold(village.full_name))] = village
    for row in rows:
        unit = communes.get(row.commune_code or target.code)
        if unit is None:
            row.error("commune_code", f"Mã xã {row.commune_code} không thuộc {target.full_name}.")
            continue
        row.raw["_commune"] = unit
        if row.village_name:
            match = villages.get((unit.pk, fold(row.village_name)))
            if match is None:
                row.warn("village", f"{unit.full_name} chưa có thôn “{row.village_name}”: sẽ để trống thôn.")
            row.raw["_village"] = match


def _check_against_register(rows: list[CheckedRow], target: AdministrativeUnit) -> None:
    ids = [row.person.citizen_id for row in rows if row.person and row.person.citizen_id]
    holders = dict(Person.objects.filter(citizen_id__in=ids).values_list("citizen_id", "full_name"))
    names = set(
        Person.objects.filter(commune_id__in=covered_unit_ids(target.pk)).values_list("full_name_folded", "birth_year")
    )
    for row in rows:
        if row.person is None:
            continue
        if row.person.citizen_id in holders:
            row.error("citizen_id", f"Số CCCD đã có trong sổ: {holders[row.person.citizen_id]}.")
        year = row.person.birth_date.year if row.person.birth_date else row.person.birth_year
        if (fold(row.person.full_name), year) in names:
            row.warn("full_name", "Trong sổ đã có người cùng họ tên, năm sinh ở địa bàn này: kiểm tra trùng.")


def apply_register_import(
    report: ImportReport, *, actor: Actor | None, commune: AdministrativeUnit, file_name: str
) -> ImportReport:
    """Write every accepted row in one transaction. `actor=None` only from the command line."""
    if actor is not None:
        require(person_policy.can_create_in(actor, commune.pk))
    accepted = report.accepted
    if not accepted:
        return report
    today = timezone.localdate()
    source = f"Danh sách nhập từ tệp {file_name} ngày {today:%d/%m/%Y}"
    decisions: dict[tuple[int, str, date], Decision] = {}
    with transaction.atomic():
        # One transaction, written in chunks so that memory stays flat whatever the file's size.
        for start in range(0, len(accepted), WRITE_CHUNK):
            chunk = accepted[start : start + WRITE_CHUNK]
            people = _create_people(chunk, source, today)
            report.created_people += len(people)
            report.created_decisions += _create_benefits(chunk, people, actor, decisions)
            _person_events(people, actor, source)
        record_event(
            actor=actor,
            action="cases.register_import",
            after={"file": file_name, "people": report.created_people, "decisions": report.created_decisions},
            reason=source,
            territory_id=commune.pk,
        )
    return report


def _create_people(rows: list[CheckedRow], source: str, today: date) -> list[Person]:
    province = {row.raw["_commune"].pk: province_code_of(row.raw["_commune"]) for row in rows}
    people = []
    for row in rows:
        assert row.person is not None
        data = row.person
        people.append(
            Person(
                full_name=data.full_name,
                full_name_folded=fold(data.full_name),
                birth_date=data.birth_date,
                birth_year=data.birth_date.year if data.birth_date else (data.birth_year or 0),
                sex=data.sex,
                ethnicity=row.ethnicity or "01",
                citizen_id=data.citizen_id or None,
                old_id_number=data.old_id_number,
                phone=row.phone,
                address=row.address,
                commune=row.raw["_commune"],
                village=row.raw.get("_village"),
                province_code=province[row.raw["_commune"].pk],
            )
        )
    insert_all(people)
    insert_all(
        [
            Residence(person=person, commune=person.commune, village=person.village, valid_from=today, source=source)
            for person in people
        ],
    )
    _create_households(rows, people, source, today)
    insert_all(
        [
            PersonFact(
                person=person,
                kind=FactKind.DISABILITY,
                value={"level": row.disability_level},
                effective_from=row.decision_date or today,
                source=source,
            )
            for row, person in zip(rows, people, strict=True)
            if row.disability_level
        ],
    )
    return people


def _create_households(rows: list[CheckedRow], people: list[Person], source: str, today: date) -> None:
    poor = [(row, person) for row, person in zip(rows, people, strict=True) if row.poverty]
    households = [Household(commune=person.commune, village=person.village) for _, person in poor]
    insert_all(households)
    insert_all(
        [
            HouseholdMember(household=household, person=person, relationship=Relationship.HEAD, valid_from=today)
            for household, (_, person) in zip(households, poor, strict=True)
        ],
    )
    insert_all(
        [
            HouseholdPoverty(household=household, year=today.year, status=row.poverty, source=source)
            for household, (row, _) in zip(households, poor, strict=True)
        ],
    )


def _create_benefits(
    rows: list[CheckedRow],
    people: list[Person],
    actor: Actor | None,
    decisions: dict[tuple[int, str, date], Decision],
) -> int:
    """One Decision per (commune, number, date) — a batch decision covers many people — and
    one Entitlement per row, with the decision's coefficient when the file has it (None for
    files without the column: such entitlements stay off the payment lists until a decision
    states it). Months before 07/2021 start at 07/2021 (NĐ 20/2021).
    `decisions` carries the decisions already met in earlier chunks."""
    created = 0
    entitlements = []
    for row, person in zip(rows, people, strict=True):
        if not row.category:
            continue
        assert row.decision_date is not None and row.start_month is not None
        start = max(row.start_month, RULES_START)
        key = (person.commune_id, row.decision_number, row.decision_date)
        decision = decisions.get(key)
        if decision is None:
            decision = Decision.objects.filter(
                commune_id=key[0], number=key[1], issued_on=key[2], recorded_from_paper=True
            ).first()
        if decision is None:
            decision = Decision.objects.create(
                kind=DecisionKind.GRANT,
                number=row.decision_number,
                issued_on=row.decision_date,
                effective_month=start.first_day,
                legal_basis="NĐ 20/2021/NĐ-CP; quyết định giấy ghi nhận khi nhập danh sách",
                recorded_from_paper=True,
                commune=person.commune,
                province_code=person.province_code,
                created_by_id=actor.pk if actor is not None and actor.is_authenticated else None,
            )
            created += 1
        decisions[key] = decision
        entitlements.append(
            Entitlement(
                person=person,
                category_code=row.category,
                coefficient=row.coefficient,  # as the paper decision states it (checked against Art 6, 20)
                start_month=start.first_day,
                granted_by=decision,
                commune=person.commune,
                province_code=person.province_code,
            )
        )
    insert_all(entitlements)
    return created


def _person_events(people: list[Person], actor: Actor | None, source: str) -> None:
    record_events_bulk(
        [
            build_event(
                actor=actor,
                action="registry.person_create",
                obj=person,
                after={"full_name": person.full_name, "citizen_id": person.citizen_id},
                reason=source,
                territory_id=person.commune_id,
            )
            for person in people
        ]
    )
