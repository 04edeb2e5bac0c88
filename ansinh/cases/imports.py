"""Importing a commune's current beneficiary list (issue 4): people, their residence, poverty
status and disability level, and the paper decisions and entitlements they already hold, so
that payments can start from today's state.

Checking never writes. Applying writes every accepted row in one transaction, set-based
(bulk inserts), or nothing at all.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
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
from ansinh.registry.validation import text_errors
from ansinh.rules.rulebook import categories_from_db
from ansinh.territory.models import AdministrativeUnit, UnitLevel
from ansinh.territory.selectors import communes_with_code, covered_unit_ids, province_code_of

Progress = Callable[[int], None]
WRITE_CHUNK = 5000
SAME, NEW = "same", "new"
SOURCE_LENGTH = 255  # Residence, PersonFact and HouseholdPoverty keep their source in 255 characters


@dataclass
class Likely:
    """A row without a CCCD that is probably someone already in the register (same folded name,
    birth date — or year when only the year is known — and commune) or an earlier row of the file.
    It is written only after the officer says whether it is the same person or another one."""

    row: int
    full_name: str
    birth: str
    people: list[dict[str, Any]] = field(default_factory=list)  # {"id", "full_name", "birth", "place", "has_id"}
    file_row: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "full_name": self.full_name,
            "birth": self.birth,
            "people": self.people,
            "file_row": self.file_row,
        }


@dataclass
class UnitQuestion:
    """A row without a start month whose commune code names several units of the area (a code reused after a
    merger): the officer picks the unit on the preview (`RegisterImport.unit_decisions`)."""

    row: int
    code: str
    options: list[dict[str, Any]]  # {"id", "name"}: the units with the code, oldest first
    chosen: int | None = None  # the unit the officer picked (None: not yet)

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "code": self.code, "options": self.options, "chosen": self.chosen}


class ImportUndecided(ValueError):
    """Some likely duplicates have no decision (or one that no longer fits the register), or a row's unit
    was not chosen."""


@dataclass
class ImportReport:
    rows: list[CheckedRow] = field(default_factory=list)
    likely: dict[int, Likely] = field(default_factory=dict)
    units: dict[int, UnitQuestion] = field(default_factory=dict)
    created_people: int = 0
    created_decisions: int = 0
    attached_rows: int = 0
    kept_entitlements: int = 0

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
    stream: IO[bytes],
    *,
    commune: AdministrativeUnit,
    progress: Progress | None = None,
    by_code: bool = False,
    unit_choices: Mapping[str, int] | None = None,
) -> ImportReport:
    """Read and check every row against the file and the register. Writes nothing.

    `by_code`: the commune was given by its code alone (the command line), which after a merger may
    name several units (07444: TT Đồi Ngô until 30/06/2025, Xã Lục Nam from 01/07/2025); the area is
    then that of every unit with the code, and each row goes to the one in force in its start month.
    Otherwise (the import page) a row without a start month whose code names several units is a question
    (`report.units`), answered by `unit_choices` (row number as text → unit id, the job's stored choices)."""
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
    _check_decision_numbers(report.rows)
    area = import_area(commune, by_code=by_code)
    report.units = _place_rows(report.rows, commune, area, by_code=by_code, choices=unit_choices or {})
    _check_against_register(report.rows, commune)
    report.likely = _likely_duplicates(report.rows, area)
    _warn_namesakes(report.rows, area, report.likely)
    for row in report.rows:  # keep only what applying needs
        row.raw = {key: row.raw[key] for key in ("_commune", "_village") if key in row.raw}
    if progress:
        progress(len(report.rows))
    return report


def import_area(target: AdministrativeUnit, *, by_code: bool = False) -> set[int]:
    """The ids of the units a file for `target` may place rows in: what it covers (after a merger,
    its predecessors too), and with `by_code` what every unit sharing its code covers."""
    targets = communes_with_code(target.code) if by_code else [target]
    area = {target.pk}
    for unit in targets:
        area.update(covered_unit_ids(unit.pk))
    return area


def _place_rows(
    rows: list[CheckedRow],
    target: AdministrativeUnit,
    area: set[int],
    *,
    by_code: bool,
    choices: Mapping[str, int],
) -> dict[int, UnitQuestion]:
    """Each row's commune must be the target or lie in its area, and be the unit in force in the
    row's start month: a code reused after a merger names several units over time, and an
    entitlement never starts before its commune existed (nor after it ended). Villages are matched
    by name within the unit found. Returns the questions of the rows without a start month whose code
    names several units (the import page; `_unit_of_row`)."""
    questions: dict[int, UnitQuestion] = {}
    communes: dict[str, list[AdministrativeUnit]] = {}
    units = AdministrativeUnit.objects.filter(id__in=area, level=UnitLevel.COMMUNE).prefetch_related(
        "successions_out__successor"
    )
    for commune in units.order_by("valid_from"):
        communes.setdefault(commune.code, []).append(commune)
    communes.setdefault(target.code, [target])
    villages: dict[tuple[int, str], AdministrativeUnit] = {}
    placed = [unit for group in communes.values() for unit in group]
    for village in AdministrativeUnit.objects.filter(parent__in=placed, level=UnitLevel.VILLAGE):
        villages[(village.parent_id or 0, village.name_folded)] = village
        villages[(village.parent_id or 0, fold(village.full_name))] = village
    for row in rows:
        code = row.commune_code or target.code
        candidates = communes.get(code)
        if candidates is None:
            row.error("commune_code", f"Mã xã {row.commune_code} không thuộc {target.full_name}.")
            continue
        unit: AdministrativeUnit | None
        if row.start_month is None and len(candidates) > 1 and not by_code:
            chosen = choices.get(str(row.number))
            picked = next((unit for unit in candidates if unit.pk == chosen), None)
            questions[row.number] = UnitQuestion(
                row.number,
                code,
                [{"id": unit.pk, "name": f"{unit.full_name} ({unit_period(unit)})"} for unit in candidates],
                picked.pk if picked else None,
            )
            # until the officer picks: placed (for the preview's checks) in the unit in force today
            unit = picked or next((u for u in reversed(candidates) if u.is_active_on(timezone.localdate())), target)
        else:
            unit = _unit_of_row(row, code, candidates)
        if unit is None:
            continue
        row.raw["_commune"] = unit
        if row.village_name:
            match = villages.get((unit.pk, fold(row.village_name)))
            if match is None:
                row.warn("village", f"{unit.full_name} chưa có thôn “{row.village_name}”: sẽ để trống thôn.")
            row.raw["_village"] = match
    return questions


def unit_problems(questions: Mapping[int, UnitQuestion]) -> list[int]:
    """The rows whose unit the officer has not picked yet."""
    return [number for number, question in questions.items() if question.chosen is None]


def unit_undecided_message(rows: list[int]) -> str:
    shown = ", ".join(str(number) for number in rows[:20]) + (", …" if len(rows) > 20 else "")
    return (
        f"Còn {len(rows)} dòng không có tháng hưởng mà mã xã là mã của nhiều đơn vị, chưa chọn xã "
        f"(dòng {shown}): chưa ghi gì vào sổ."
    )


def _unit_of_row(row: CheckedRow, code: str, candidates: list[AdministrativeUnit]) -> AdministrativeUnit | None:
    """The unit with `code` in force on the first day the row's entitlement is paid (its start
    month, 07/2021 for earlier ones). Without a start month: the only unit with the code; otherwise
    (the command line, which has no one to ask) an error naming both. The import page asks instead
    (`_place_rows`)."""
    if row.start_month is not None:
        month = max(row.start_month, RULES_START)
        in_force = [unit for unit in candidates if unit.is_active_on(month.first_day)]
        if not in_force:
            row.error("start_month", _not_in_force_message(code, month.display(), candidates))
            return None
        unit = in_force[-1]
        if len(candidates) > 1:
            row.warn(
                "commune_code",
                f"Mã xã {code} tháng {month.display()} là {unit.full_name} ({unit_period(unit)}): ghi vào "
                f"{unit.full_name}.",
            )
        return unit
    if len(candidates) == 1:
        return candidates[0]
    both = " hay ".join(f"{unit.full_name} ({unit_period(unit)})" for unit in candidates)
    row.error(
        "commune_code",
        f"Mã xã {code} là mã của {both}; dòng không có tháng hưởng nên chưa biết là đơn vị nào: "
        "nhập dòng này ở trang “Nhập từ Excel” và chọn đúng xã, hoặc ghi tháng hưởng.",
    )
    return None


def _not_in_force_message(code: str, month: str, candidates: list[AdministrativeUnit]) -> str:
    """An entitlement from a month when no unit with the code existed, naming each unit's period
    and, for one that ended, the unit that took it over."""
    parts = []
    for unit in candidates:
        text = f"{unit.full_name} ({unit_period(unit)})"
        successors = [succession.successor.full_name for succession in unit.successions_out.all()]
        if unit.valid_to is not None and successors:
            text += f", sau đó thuộc {', '.join(dict.fromkeys(successors))}"
        parts.append(text)
    return (
        f"Hưởng từ tháng {month} nhưng tháng đó địa bàn đang nhập không có đơn vị nào mang mã xã {code}: "
        f"{'; '.join(parts)}. Kiểm tra tháng hưởng và mã xã theo quyết định, hoặc chọn đúng xã khi nhập."
    )


def unit_period(unit: AdministrativeUnit) -> str:
    """ "từ 01/07/2025" or "từ 01/01/1997 đến 30/06/2025": when a unit was in force."""
    if unit.valid_to is None:
        return f"từ {unit.valid_from:%d/%m/%Y}"
    return f"từ {unit.valid_from:%d/%m/%Y} đến {unit.valid_to:%d/%m/%Y}"


def _check_against_register(rows: list[CheckedRow], target: AdministrativeUnit) -> None:
    ids = [row.person.citizen_id for row in rows if row.person and row.person.citizen_id]
    holders = dict(Person.objects.filter(citizen_id__in=ids).values_list("citizen_id", "full_name"))
    for row in rows:
        if row.person is not None and row.person.citizen_id in holders:
            row.error("citizen_id", f"Số CCCD đã có trong sổ: {holders[row.person.citizen_id]}.")


def _warn_namesakes(rows: list[CheckedRow], area: set[int], likely: Mapping[int, Likely]) -> None:
    """A namesake born the same year in the area, not already a likely duplicate awaiting a decision."""
    names = set(Person.objects.filter(commune_id__in=area).values_list("full_name_folded", "birth_year"))
    for row in rows:
        if row.person is None or row.number in likely:
            continue
        year = row.person.birth_date.year if row.person.birth_date else row.person.birth_year
        if (fold(row.person.full_name), year) in names:
            row.warn("full_name", "Trong sổ đã có người cùng họ tên, năm sinh ở địa bàn này: kiểm tra trùng.")


def _check_decision_numbers(rows: list[CheckedRow]) -> None:
    """The decision number lands in Decision.number: same length check as every other text."""
    for row in rows:
        if problem := text_errors({"number": row.decision_number}, Decision).get("number"):
            row.error("decision_number", problem)


BirthKey = tuple[int, date | None]


def _births_agree(one: BirthKey, other: BirthKey) -> bool:
    """The same birth date, or the same year when either side knows only the year."""
    if one[1] is not None and other[1] is not None:
        return one[1] == other[1]
    return one[0] == other[0]


def _likely_duplicates(rows: list[CheckedRow], area: set[int]) -> dict[int, Likely]:
    """Rows without a CCCD that match someone of the register in the row's commune (its area after a
    merger) or an earlier accepted row of the file. A row with a CCCD is matched by its CCCD."""
    subjects = [row for row in rows if row.accepted and row.person is not None and not row.person.citizen_id]
    if not subjects:
        return {}
    names = {fold(row.person.full_name) for row in subjects if row.person}
    people: dict[str, list[Person]] = {}
    register = Person.objects.filter(
        full_name_folded__in=names, commune_id__in=area, merged_into__isnull=True
    ).select_related("commune", "village")
    for person in register.order_by("pk"):
        people.setdefault(person.full_name_folded, []).append(person)
    areas: dict[int, set[int]] = {}
    earlier: dict[tuple[str, int], list[tuple[BirthKey, int]]] = {}
    likely: dict[int, Likely] = {}
    for row in rows:
        if not row.accepted or row.person is None:
            continue
        data, commune = row.person, row.raw["_commune"]
        folded, birth = (
            fold(data.full_name),
            (data.birth_date.year if data.birth_date else (data.birth_year or 0), data.birth_date),
        )
        same_in_file = earlier.setdefault((folded, commune.pk), [])
        if not data.citizen_id:
            area = areas.setdefault(commune.pk, set(covered_unit_ids(commune.pk)))
            matches = [
                person
                for person in people.get(folded, [])
                if person.commune_id in area and _births_agree(birth, (person.birth_year, person.birth_date))
            ]
            file_row = next((number for key, number in same_in_file if _births_agree(birth, key)), None)
            if matches or file_row is not None:
                entry = likely[row.number] = Likely(
                    row=row.number,
                    full_name=data.full_name,
                    birth=f"{data.birth_date:%d/%m/%Y}" if data.birth_date else str(data.birth_year),
                    people=[_candidate(person) for person in matches],
                    file_row=file_row,
                )
                row.warn(
                    "full_name",
                    f"{_likely_warning_text(entry)}: chọn “cùng người” hoặc “người khác” trước khi xác nhận "
                    "(dòng không có số CCCD).",
                )
        same_in_file.append((birth, row.number))
    return likely


def _candidate(person: Person) -> dict[str, Any]:
    place = ", ".join(unit.full_name for unit in (person.village, person.commune) if unit is not None)
    return {
        "id": person.pk,
        "full_name": person.full_name,
        "birth": person.birth_display,
        "place": place,
        "has_id": bool(person.citizen_id),
    }


def decision_problems(likely_rows: Mapping[int, Likely], decisions: Mapping[str, Mapping[str, Any]]) -> list[int]:
    """The likely-duplicate rows still without a decision that fits what the check found now
    (the register may have changed since the preview: a person chosen then must still match)."""
    undecided = []
    for number, likely in likely_rows.items():
        decision = decisions.get(str(number)) or {}
        if not _decision_fits(likely, decision):
            undecided.append(number)
    return undecided


def _decision_fits(likely: Likely, decision: Mapping[str, Any]) -> bool:
    if decision.get("choice") == NEW:
        return True
    if decision.get("choice") != SAME:
        return False
    if "row" in decision:
        return decision["row"] == likely.file_row
    return decision.get("person") in {person["id"] for person in likely.people}


def settle_likely(report: ImportReport, answer: str, refused: str) -> dict[str, dict[str, Any]]:
    """Answer every likely duplicate at once (the command line has no one to ask): NEW creates
    people, SAME attaches each row that has a single candidate; any other row — every one when
    `answer` is neither — becomes an error of the row (`refused` says what to do) and is not written."""
    decisions: dict[str, dict[str, Any]] = {}
    for number, likely in list(report.likely.items()):
        options = [{"choice": SAME, "person": person["id"]} for person in likely.people]
        if likely.file_row is not None:
            options.append({"choice": SAME, "row": likely.file_row})
        if answer == NEW:
            decisions[str(number)] = {"choice": NEW}
        elif answer == SAME and len(options) == 1:
            decisions[str(number)] = options[0]
        else:
            row = next(row for row in report.rows if row.number == number)
            row.error("full_name", f"{_likely_warning_text(likely)}: chưa nhập. {refused}")
            del report.likely[number]
    for key, decision in list(decisions.items()):  # an earlier row refused takes its followers with it
        if decision.get("row") is not None and not any(
            row.number == decision["row"] and row.accepted for row in report.rows
        ):
            follower = next(row for row in report.rows if row.number == int(key))
            follower.error("full_name", f"Trùng với dòng {decision['row']} không được nhập: chưa nhập.")
            del report.likely[int(key)], decisions[key]
    return decisions


def _likely_warning_text(likely: Likely) -> str:
    who = [f"{person['full_name']} ({person['birth']}) trong sổ" for person in likely.people]
    if likely.file_row is not None:
        who.append(f"dòng {likely.file_row} của tệp")
    return f"Có thể trùng với {'; '.join(who)}"


def undecided_message(rows: list[int]) -> str:
    shown = ", ".join(str(number) for number in rows[:20]) + ("…" if len(rows) > 20 else "")
    return (
        f"Còn {len(rows)} dòng có thể trùng với người đã có chưa được chọn “cùng người” hay “người khác” "
        f"(dòng {shown}): chưa ghi gì vào sổ."
    )


def apply_register_import(
    report: ImportReport,
    *,
    actor: Actor | None,
    commune: AdministrativeUnit,
    file_name: str,
    decisions: Mapping[str, Mapping[str, Any]] | None = None,
) -> ImportReport:
    """Write every accepted row in one transaction. `actor=None` only from the command line.

    `decisions` answers each likely duplicate (`report.likely`): "same" attaches the row's decision
    to the person already in the register (or created by the earlier row of the file) without a
    second open entitlement of the same category; "new" creates another person. Any likely
    duplicate without a fitting answer refuses the whole import (ImportUndecided), writing nothing."""
    if actor is not None:
        require(person_policy.can_create_in(actor, commune.pk))
    decisions = decisions or {}
    if undecided := decision_problems(report.likely, decisions):
        raise ImportUndecided(undecided_message(undecided))
    if unplaced := unit_problems(report.units):
        raise ImportUndecided(unit_undecided_message(unplaced))
    accepted = report.accepted
    if not accepted:
        return report
    today = timezone.localdate()
    source = f"Danh sách nhập từ tệp {file_name} ngày {today:%d/%m/%Y}"
    if len(source) > SOURCE_LENGTH:
        source = source[: SOURCE_LENGTH - 1] + "…"
    attach = _attachments(report, decisions)
    existing = Person.objects.in_bulk({target for target in attach.values() if isinstance(target, int)})
    open_categories = set(
        Entitlement.objects.filter(person_id__in=existing, end_month__isnull=True).values_list(
            "person_id", "category_code"
        )
    )
    paper: dict[tuple[int, str, date], Decision] = {}
    people_by_row: dict[int, Person] = {}
    with transaction.atomic():
        # One transaction, written in chunks so that memory stays flat whatever the file's size.
        for start in range(0, len(accepted), WRITE_CHUNK):
            chunk = accepted[start : start + WRITE_CHUNK]
            fresh = [row for row in chunk if row.number not in attach]
            people = _create_people(fresh, source, today)
            people_by_row.update((row.number, person) for row, person in zip(fresh, people, strict=True))
            pairs = []
            for row in chunk:
                target = attach.get(row.number)
                if target is not None:
                    people_by_row[row.number] = (
                        existing[target] if isinstance(target, int) else people_by_row[target[1]]
                    )
                pairs.append((row, people_by_row[row.number]))
            report.created_people += len(people)
            report.attached_rows += len(chunk) - len(fresh)
            report.created_decisions += _create_benefits(pairs, actor, paper, open_categories, report)
            _person_events(people, actor, source)
        record_event(
            actor=actor,
            action="cases.register_import",
            after={
                "file": file_name,
                "people": report.created_people,
                "decisions": report.created_decisions,
                "attached": report.attached_rows,
                "entitlements_kept": report.kept_entitlements,
            },
            reason=source,
            territory_id=commune.pk,
        )
    return report


def _attachments(report: ImportReport, decisions: Mapping[str, Mapping[str, Any]]) -> dict[int, int | tuple[str, int]]:
    """Row number → the register person's id, or ("row", n) for the person of an earlier row."""
    attach: dict[int, int | tuple[str, int]] = {}
    for number in report.likely:
        decision = decisions[str(number)]
        if decision["choice"] != SAME:
            continue
        attach[number] = ("row", decision["row"]) if "row" in decision else int(decision["person"])
    return attach


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
            Residence(
                person=person,
                commune=person.commune,
                village=person.village,
                valid_from=_resident_from(row, today),
                source=source,
            )
            for row, person in zip(rows, people, strict=True)
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


def _resident_from(row: CheckedRow, today: date) -> date:
    """A person receiving since a month lived in the row's commune from then (the unit in force
    that month, `_place_rows`); a person without an entitlement is recorded from today."""
    if row.start_month is None or not row.category:
        return today
    return min(max(row.start_month, RULES_START).first_day, today)


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
    pairs: list[tuple[CheckedRow, Person]],
    actor: Actor | None,
    decisions: dict[tuple[int, str, date], Decision],
    open_categories: set[tuple[int, str]],
    report: ImportReport,
) -> int:
    """One Decision per (commune, number, date) — a batch decision covers many people — and
    one Entitlement per row, with the decision's coefficient when the file has it (None for
    files without the column: such entitlements stay off the payment lists until a decision
    states it). Months before 07/2021 start at 07/2021 (NĐ 20/2021).
    `decisions` carries the decisions already met in earlier chunks; `open_categories` the
    (person, category) already open, which a row attached to that person does not open again."""
    created = 0
    entitlements = []
    provinces: dict[int, str] = {}
    for row, person in pairs:
        if not row.category:
            continue
        if (person.pk, row.category) in open_categories:
            report.kept_entitlements += 1
            continue
        open_categories.add((person.pk, row.category))
        assert row.decision_date is not None and row.start_month is not None
        start = max(row.start_month, RULES_START)
        # The unit in force in the start month (`_place_rows`), also for a row attached to a person
        # recorded since under the successor: the entitlement never starts before its commune existed.
        commune = row.raw["_commune"]
        if commune.pk not in provinces:
            provinces[commune.pk] = province_code_of(commune)
        key = (commune.pk, row.decision_number, row.decision_date)
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
                commune=commune,
                province_code=provinces[commune.pk],
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
                commune=commune,
                province_code=provinces[commune.pk],
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
