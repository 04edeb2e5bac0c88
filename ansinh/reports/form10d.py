# ruff: noqa: S608 -- the SQL is built from constant fragments, ints and dates (date_literal) only
"""Mẫu số 10d (NĐ 20/2021 Art 36(1); TT 02/2021 Art 6): results of the policies for people with
disabilities over a reporting period, for a commune, a district (before 07/2025) or a province; rows
and columns as printed (forms.md §3: Số TT | Chỉ tiêu | Đơn vị tính | Tổng số | Nam | Nữ).

How the register fills the form (one grouped query; the project's choices are marked):
- **People with disabilities** (rows 1–5, 9) are the people of the register, not merged, alive on the
  last day of the period, whose residence is in the unit and who have a disability fact
  (`PersonFact` kind disability: the conclusion of the council or the assessment, Luật NKT 2010 Art 15–17)
  in force on that day. Residence is the register's current commune (the register keeps no history
  of residence by date for this form).
- 1.1 counts a person under **each** type on their fact (Luật NKT Art 3(1) allows several), so the
  type rows may add up to more than row 1; 1.2 and 2.1–2.3 split by the level in force.
- 2: the person's household is on the poor list of the period's year (as 10a's "thuộc diện hộ nghèo").
- 3: aged 60 or more on the last day (Luật Người cao tuổi 2009 Art 2; age rule of 10a).
- 4: an income fact with `pension` in force on the last day.
- 9: a BHYT card (insurance `HealthCard`) valid on the last day and not replaced by then.
- 6 and 7 are entitlements payable in the last month, classified as in 10a (`form10a.classified_sql`):
  6 = category 5.6 (NĐ 20 Art 5(6)) by level and age band; 7 = 20.2d (Art 20(2)(d), taken in by a
  household of the community), counted by the person cared for.
- 5 (người có công), 8 (facilities) and 10 (orthopaedic aids, rehabilitation) are not kept in this
  system: blank cells, never 0.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection, transaction

from ansinh.payments import payroll as stages
from ansinh.reports import form10a
from ansinh.reports.form10a import (
    ADULT,
    CHILD,
    ELDERLY,
    ESPECIALLY_SEVERE,
    FROM_60,
    SEVERE,
    Cell,
    Criteria,
    Figures,
    Period,
    scope_sql,
)

MILD = "mild"
TYPES = ("motor", "hearing_speech", "vision", "mental", "intellectual", "other")
PEOPLE = "Người"
COLUMNS = ("total", "male", "female")
DISABLED = "{disabled}"  # the population of 10d (people_sql)


@dataclass(frozen=True)
class Row:
    key: str  # stable id in URLs
    number: str  # the Số TT cell as printed
    label: str
    unit: str = PEOPLE  # Đơn vị tính
    depth: int = 0
    heading: bool = False  # a group heading (1.1, 1.2): no unit and no figures
    where: tuple[tuple[str, int | str], ...] | None = None  # over the register of disabled people
    criteria: Criteria | None = None  # over entitlements payable in the last month (as 10a)
    untracked: bool = False

    def matches(self, values: dict[str, int | str]) -> bool:
        assert self.where is not None
        return all(values[column] == value for column, value in self.where)

    def sql(self, alias: str = "d") -> str:
        assert self.where is not None
        parts = [
            f"{alias}.{column} = {value!r}" if isinstance(value, str) else f"{alias}.{column} = {int(value)}"
            for column, value in self.where
        ]
        return " AND ".join(parts) or "1 = 1"


def _w(**where: int | str) -> tuple[tuple[str, int | str], ...]:
    return tuple(where.items())


C56 = ("5.6",)
ROWS: tuple[Row, ...] = (
    Row("1", "1", "Tổng số người khuyết tật", where=_w()),
    Row("1.1", "1.1", "Chia theo dạng tật:", unit="", depth=1, heading=True),
    Row("1.1.motor", "", "Vận động", depth=2, where=_w(t_motor=1)),
    Row("1.1.hearing", "", "Nghe nói", depth=2, where=_w(t_hearing_speech=1)),
    Row("1.1.vision", "", "Nhìn", depth=2, where=_w(t_vision=1)),
    Row("1.1.mental", "", "Thần kinh", depth=2, where=_w(t_mental=1)),
    Row("1.1.intellectual", "", "Trí tuệ", depth=2, where=_w(t_intellectual=1)),
    Row("1.1.other", "", "Khác", depth=2, where=_w(t_other=1)),
    Row("1.2", "1.2", "Chia theo mức độ khuyết tật", unit="", depth=1, heading=True),
    Row("1.2.es", "", "Đặc biệt nặng", depth=2, where=_w(level=ESPECIALLY_SEVERE)),
    Row("1.2.s", "", "Nặng", depth=2, where=_w(level=SEVERE)),
    Row("1.2.m", "", "Nhẹ", depth=2, where=_w(level=MILD)),
    Row("2", "2", "Số người khuyết tật thuộc hộ nghèo", where=_w(poor=1)),
    Row("2.1", "2.1", "Khuyết tật đặc biệt nặng", depth=1, where=_w(poor=1, level=ESPECIALLY_SEVERE)),
    Row("2.2", "2.2", "Khuyết tật nặng", depth=1, where=_w(poor=1, level=SEVERE)),
    Row("2.3", "2.3", "Khuyết tật nhẹ", depth=1, where=_w(poor=1, level=MILD)),
    Row("3", "3", "Số người cao tuổi khuyết tật", where=_w(band=FROM_60)),
    Row("4", "4", "Số người khuyết tật đang hưởng lương hưu, trợ cấp bảo hiểm xã hội", where=_w(pension=1)),
    Row("5", "5", "Số người khuyết tật đang hưởng trợ cấp người có công", untracked=True),
    Row("6", "6", "Số người khuyết tật đang hưởng trợ cấp xã hội hàng tháng", criteria=Criteria(C56)),
    Row("6.1", "6.1", "Khuyết tật đặc biệt nặng", depth=1, criteria=Criteria(C56, levels=(ESPECIALLY_SEVERE,))),
    Row("6.1.a", "", "- Dưới 16 tuổi", depth=2, criteria=Criteria(C56, CHILD, (ESPECIALLY_SEVERE,))),
    Row("6.1.b", "", "- Từ 16 - 60 tuổi", depth=2, criteria=Criteria(C56, ADULT, (ESPECIALLY_SEVERE,))),
    Row("6.1.c", "", "- Từ đủ 60 tuổi", depth=2, criteria=Criteria(C56, ELDERLY, (ESPECIALLY_SEVERE,))),
    Row("6.2", "6.2", "Khuyết tật nặng", depth=1, criteria=Criteria(C56, levels=(SEVERE,))),
    Row("6.2.a", "", "- Dưới 16 tuổi", depth=2, criteria=Criteria(C56, CHILD, (SEVERE,))),
    Row("6.2.b", "", "- Từ 16 - 60 tuổi", depth=2, criteria=Criteria(C56, ADULT, (SEVERE,))),
    Row("6.2.c", "", "- Từ đủ 60 tuổi", depth=2, criteria=Criteria(C56, ELDERLY, (SEVERE,))),
    Row(
        "7",
        "7",
        "Số người khuyết tật đang được nhận chăm sóc, nuôi dưỡng tại cộng đồng",
        criteria=Criteria(("20.2d",)),
    ),
    Row(
        "8",
        "8",
        "Số người khuyết tật đang hưởng chính sách nuôi dưỡng, chăm sóc trong cơ sở bảo trợ xã hội, nhà xã hội",
        untracked=True,
    ),
    Row("9", "9", "Số người khuyết tật trên địa bàn có thẻ bảo hiểm y tế", where=_w(card=1)),
    Row("10", "10", "Số người khuyết tật được hỗ trợ dụng cụ chỉnh hình, phục hồi chức năng", untracked=True),
)
ROWS_BY_KEY = {row.key: row for row in ROWS}
GROUP_COLUMNS = ("band", "level", "poor", "pension", "card", *(f"t_{code}" for code in TYPES))
ALLOWANCES = ("5.6", "20.2d")  # the categories rows 6 and 7 count


Form10d = Figures
HIV_ROWS: frozenset[str] = frozenset()  # 5.6 and 20.2d only


def _json_text(key: str) -> str:
    if connection.vendor == "postgresql":
        return f"f.value ->> '{key}'"
    return f"json_extract(f.value, '$.{key}')"


def _has_type(code: str) -> str:
    """The fact's `types` list holds the code (the JSON text holds `"code"`; no code is inside another).
    `%%` because `stages.fetch` always passes parameters."""
    text = "CAST(f.value AS TEXT)" if connection.vendor == "postgresql" else "f.value"
    return f"MAX(CASE WHEN {text} LIKE '%%\"{code}\"%%' THEN 1 ELSE 0 END)"


def _flag_true(key: str) -> str:
    """SQL: the fact `f`'s value has `key` true."""
    if connection.vendor == "postgresql":
        return f"(f.value ->> '{key}') = 'true'"
    return f"json_extract(f.value, '$.{key}') = 1"


def people_sql(period: Period, unit_id: int, population: str = DISABLED) -> str:
    """One row per person of the register living in the unit and alive on the last day who belongs
    to `population` (SQL over the columns: 10d the disabled, 10c those aged 60 or more): person,
    commune, sex, age band, disability (level, one flag per type), poor, pension, no supporter,
    BHYT card."""
    end = period.end
    end_literal = stages.date_literal(end)
    in_force = f"f.effective_from <= {end_literal} AND (f.effective_to IS NULL OR f.effective_to >= {end_literal})"
    types = ", ".join(f"{_has_type(code)} AS t_{code}" for code in TYPES)
    flags = ", ".join(f"dt.t_{code}" for code in TYPES)
    return f"""
        SELECT p.id AS person_id, p.commune_id, p.sex, {form10a.band_sql(end)} AS band, dt.level,
               CASE WHEN pr.person_id IS NOT NULL THEN 1 ELSE 0 END AS poor,
               CASE WHEN pe.person_id IS NOT NULL THEN 1 ELSE 0 END AS pension,
               CASE WHEN hc.person_id IS NOT NULL THEN 1 ELSE 0 END AS card,
               CASE WHEN dt.person_id IS NOT NULL THEN 1 ELSE 0 END AS disabled,
               CASE WHEN ns.person_id IS NOT NULL THEN 1 ELSE 0 END AS no_supporter, {flags}
        FROM registry_person p
        LEFT JOIN (
            SELECT f.person_id, COALESCE(MAX({_json_text("level")}), '') AS level, {types}
            FROM registry_personfact f WHERE f.kind = 'disability' AND {in_force}
            GROUP BY f.person_id) dt ON dt.person_id = p.id
        LEFT JOIN (
            SELECT DISTINCT hm.person_id FROM registry_householdmember hm
            JOIN registry_householdpoverty hp ON hp.household_id = hm.household_id
            WHERE hm.valid_from <= {end_literal} AND (hm.valid_to IS NULL OR hm.valid_to >= {end_literal})
              AND hp.year = {end.year} AND hp.status = 'poor') pr ON pr.person_id = p.id
        LEFT JOIN (
            SELECT DISTINCT f.person_id FROM registry_personfact f
            WHERE f.kind = 'income' AND {in_force} AND {_flag_true("pension")}) pe ON pe.person_id = p.id
        LEFT JOIN (
            SELECT DISTINCT f.person_id FROM registry_personfact f
            WHERE f.kind = 'support' AND {in_force} AND {_flag_true("no_supporter")}) ns ON ns.person_id = p.id
        LEFT JOIN (
            SELECT DISTINCT h.person_id FROM insurance_healthcard h
            WHERE h.valid_from <= {end_literal} AND (h.valid_to IS NULL OR h.valid_to >= {end_literal})
              AND (h.replaced_on IS NULL OR h.replaced_on > {end_literal})) hc ON hc.person_id = p.id
        WHERE p.merged_into_id IS NULL AND (p.death_date IS NULL OR p.death_date > {end_literal})
          AND {scope_sql(unit_id, "p.commune_id")}
          AND {population.format(band=form10a.band_sql(end), disabled="dt.person_id IS NOT NULL")}
    """


def _add(cell: Cell, sex: object, count: int) -> None:
    cell.total += count
    if sex == "male":
        cell.male += count
    elif sex == "female":
        cell.female += count


@dataclass(frozen=True)
class Population:
    """What a people form counts: its rows, the people (SQL over people_sql's columns), the columns
    its rows split by, and the categories of the entitlement rows."""

    rows: tuple[Row, ...]
    sql: str
    group_columns: tuple[str, ...]
    categories: tuple[str, ...]


DISABLED_PEOPLE = Population(ROWS, DISABLED, GROUP_COLUMNS, ALLOWANCES)


def compute_population(period: Period, unit_id: int, population: Population) -> Figures:
    """Two grouped queries (the people; the entitlements of 10a), rows read off the groups."""
    names = population.group_columns
    columns = ", ".join(f"d.{column}" for column in names)
    categories = ", ".join(repr(code) for code in population.categories)
    with transaction.atomic():
        stages.set_generation_session()
        people = stages.fetch(
            f"""SELECT {columns}, d.sex, COUNT(*) FROM ({people_sql(period, unit_id, population.sql)}) d
                GROUP BY {columns}, d.sex"""
        )
        allowances = stages.fetch(
            f"""SELECT c.category_code, c.band, c.level, c.poor, c.sex, COUNT(*)
                FROM ({form10a.classified_sql(period, unit_id, active_only=True)}) c
                WHERE c.category_code IN ({categories})
                GROUP BY c.category_code, c.band, c.level, c.poor, c.sex"""
        )
    groups = [(dict(zip(names, group[:-2], strict=True)), group[-2], int(group[-1])) for group in people]
    for values, _, _ in groups:
        for column in names:
            values[column] = str(values[column] or "") if column == "level" else int(values[column] or 0)
    form = Figures(period=period, unit_id=unit_id)
    for row in population.rows:
        if row.heading or row.untracked:
            continue
        cell = Cell()
        if row.where is not None:
            for values, sex, count in groups:
                if row.matches(values):
                    _add(cell, sex, count)
        else:
            assert row.criteria is not None
            for category, band, level, poor, sex, count in allowances:
                if row.criteria.matches(str(category), int(band), str(level or ""), bool(poor)):
                    _add(cell, sex, int(count))
        form.cells[row.key] = cell
    return form


def compute(period: Period, unit_id: int) -> Figures:
    return compute_population(period, unit_id, DISABLED_PEOPLE)


def drilldown_people(
    period: Period, unit_id: int, row: Row, column: str, population: str = DISABLED
) -> list[tuple[int, int]]:
    """(person, commune) behind a cell, in the same classification as the cell."""
    if row.where is not None:
        sex = {"male": " AND d.sex = 'male'", "female": " AND d.sex = 'female'"}.get(column, "")
        rows = stages.fetch(
            f"""SELECT d.person_id, d.commune_id FROM ({people_sql(period, unit_id, population)}) d
                WHERE {row.sql()}{sex} ORDER BY d.person_id"""
        )
    else:
        assert row.criteria is not None
        sex = {"male": " AND c.sex = 'male'", "female": " AND c.sex = 'female'"}.get(column, "")
        rows = stages.fetch(
            f"""SELECT c.person_id, c.commune_id FROM ({form10a.classified_sql(period, unit_id, active_only=True)}) c
                WHERE {row.criteria.sql()}{sex} ORDER BY c.person_id"""
        )
    return [(int(person), int(commune)) for person, commune in rows]


def rows_with_cells(form: Figures, rows: tuple[Row, ...] = ROWS) -> Iterable[tuple[Row, Cell | None]]:
    for row in rows:
        yield row, form.cell(row.key)
