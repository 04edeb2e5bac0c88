# ruff: noqa: S608 -- the SQL is built from constant fragments, ints and dates (date_literal) only
"""Mẫu số 10a (NĐ 20/2021 Art 36(1); TT 02/2021 Art 6): results of the monthly social assistance
over a reporting period, for a commune, a district (before 07/2025) or a province; rows and columns
as printed (forms.md §3).

How the register fills the form (one set-based pass; the project's choices are marked):
- A row counts the **entitlements payable in the last month of the period** (đang hưởng at the end,
  `payable_sql` of payments.payroll: not ended, not suspended, the person alive) whose category and
  person match the row. One open entitlement per person and category (cases), so it counts people.
- Age is taken on the last day of the period (domain.md §5 convention: completed years on the last
  day of the month). A person known only by birth year is taken as born on 1 January.
- The disability level is the disability fact in force on the last day; "thuộc hộ nghèo" is the
  person's household on the poor list of the period's year.
- "Kinh phí" is the money on the payment lines of the period's months (regular, arrears, carried,
  net of offsets) of the row's entitlements, including those that ended during the period, in
  millions of đồng. Section IV counts the funeral lines of the period and their amounts.
- Categories and rows: I.1 = 5.1; I.2 = 5.2; I.3 = 5.3 and 5.8 (the form counts HIV together, by
  age); I.4 = 5.4; I.5 = 5.5a–5.5d, I.5.1 = 5.5a, I.5.2 = 5.5c (80+ without pension), I.5.3 = 5.5d;
  5.5b counts only in I.5; I.6 = 5.6 by level and age; 5.7 has no row (forms.md note on 10a).
  II counts care support (Art 20) by the person cared for: II.1 = 20.1a/20.1b under 16, II.2 = 20.2d,
  II.3 = 20.1b aged 60 or more. Section III (residents of social-protection facilities) is not kept
  in this system: its cells are left blank, never 0.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db import connection, transaction

from ansinh.core.months import YearMonth
from ansinh.payments import payroll as stages
from ansinh.payments.models import PayrollMonth

# age bands on the last day of the period
UNDER_4, UNDER_16, UNDER_60, FROM_60 = 0, 1, 2, 3
CHILD = (UNDER_4, UNDER_16)
ADULT = (UNDER_60,)
ELDERLY = (FROM_60,)
ESPECIALLY_SEVERE, SEVERE = "especially_severe", "severe"


@dataclass(frozen=True)
class Criteria:
    """Which entitlements a row counts: categories, and optionally age bands, disability levels,
    poor household."""

    categories: tuple[str, ...]
    bands: tuple[int, ...] | None = None
    levels: tuple[str, ...] | None = None
    poor: bool | None = None

    def matches(self, category: str, band: int, level: str, poor: bool) -> bool:
        return (
            category in self.categories
            and (self.bands is None or band in self.bands)
            and (self.levels is None or level in self.levels)
            and (self.poor is None or poor == self.poor)
        )

    def sql(self, alias: str = "c") -> str:
        parts = [f"{alias}.category_code IN ({', '.join(repr(code) for code in self.categories)})"]
        if self.bands is not None:
            parts.append(f"{alias}.band IN ({', '.join(str(int(b)) for b in self.bands)})")
        if self.levels is not None:
            parts.append(f"{alias}.level IN ({', '.join(repr(level) for level in self.levels)})")
        if self.poor is not None:
            parts.append(f"{alias}.poor = {1 if self.poor else 0}")
        return " AND ".join(parts)


@dataclass(frozen=True)
class Row:
    key: str  # stable id in URLs (the position on the form)
    number: str  # the Số TT cell as printed
    label: str
    depth: int = 0
    heading: bool = False  # section heading: no figures
    criteria: Criteria | None = None
    untracked: bool = False  # data not kept in the system: blank cells
    funeral: bool = False


def _r(key: str, number: str, label: str, depth: int = 0, criteria: Criteria | None = None, **flags: bool) -> Row:
    return Row(key=key, number=number, label=label, depth=depth, criteria=criteria, **flags)


HIV = ("5.3", "5.8")
# The only rows that split by disability level or poor household (the facts are read for them only).
LEVEL_CATEGORIES = "'5.6'"
POOR_CATEGORIES = "'5.5c'"
ELDERLY_CATEGORIES = ("5.5a", "5.5b", "5.5c", "5.5d")
ROWS: tuple[Row, ...] = (
    _r("I", "I", "TRỢ CẤP XÃ HỘI HÀNG THÁNG", heading=True),
    _r("I.1", "1", "Trẻ em dưới 16 tuổi không có nguồn nuôi dưỡng", 1, Criteria(("5.1",))),
    _r("I.1.u4", "", "Trong đó: Dưới 4 tuổi", 2, Criteria(("5.1",), bands=(UNDER_4,))),
    _r(
        "I.2",
        "2",
        "Người từ 16 tuổi đến 22 tuổi đang học phổ thông, học nghề, trung học chuyên nghiệp, cao đẳng, đại học",
        1,
        Criteria(("5.2",)),
    ),
    _r("I.3", "3", "Người bị nhiễm HIV thuộc hộ nghèo", 1, Criteria(HIV)),
    _r("I.3.1", "3.1", "Dưới 4 tuổi", 2, Criteria(HIV, bands=(UNDER_4,))),
    _r("I.3.2", "3.2", "Từ 4 đến dưới 16 tuổi", 2, Criteria(HIV, bands=(UNDER_16,))),
    _r("I.3.3", "3.3", "Từ 16 tuổi trở lên", 2, Criteria(HIV, bands=(UNDER_60, FROM_60))),
    _r("I.4", "4", "Người đơn thân nghèo đang nuôi con", 1, Criteria(("5.4",))),
    _r("I.5", "5", "Người cao tuổi", 1, Criteria(ELDERLY_CATEGORIES)),
    _r(
        "I.5.1",
        "5.1",
        "Người cao tuổi nghèo không có người có nghĩa vụ và quyền phụng dưỡng",
        2,
        Criteria(("5.5a",)),
    ),
    _r(
        "I.5.2",
        "5.2",
        "Người từ đủ 80 tuổi trở lên không có lương hưu, trợ cấp bảo hiểm xã hội hàng tháng",
        2,
        Criteria(("5.5c",)),
    ),
    _r("I.5.2.poor", "", "Trong đó: thuộc diện hộ nghèo", 3, Criteria(("5.5c",), poor=True)),
    _r("I.5.3", "5.3", "Người cao tuổi có người nhận chăm sóc tại cộng đồng.", 2, Criteria(("5.5d",))),
    _r("I.6", "6", "Người khuyết tật", 1, Criteria(("5.6",))),
    _r("I.6.1", "6.1", "Người khuyết tật đặc biệt nặng", 2, Criteria(("5.6",), levels=(ESPECIALLY_SEVERE,))),
    _r("I.6.1.a", "a)", "Dưới 16 tuổi", 3, Criteria(("5.6",), CHILD, (ESPECIALLY_SEVERE,))),
    _r("I.6.1.b", "b)", "Từ 16 đến 60 tuổi", 3, Criteria(("5.6",), ADULT, (ESPECIALLY_SEVERE,))),
    _r("I.6.1.c", "c)", "Từ đủ 60 tuổi trở lên", 3, Criteria(("5.6",), ELDERLY, (ESPECIALLY_SEVERE,))),
    _r("I.6.2", "6.2", "Người khuyết tật nặng", 2, Criteria(("5.6",), levels=(SEVERE,))),
    _r("I.6.2.a", "a)", "Dưới 16 tuổi", 3, Criteria(("5.6",), CHILD, (SEVERE,))),
    _r("I.6.2.b", "b)", "Từ 16 đến 60 tuổi", 3, Criteria(("5.6",), ADULT, (SEVERE,))),
    _r("I.6.2.c", "c)", "Từ đủ 60 tuổi trở lên", 3, Criteria(("5.6",), ELDERLY, (SEVERE,))),
    _r("II", "II.", "NHẬN NUÔI DƯỠNG CHĂM SÓC TẠI CỘNG ĐỒNG", heading=True),
    _r("II.1", "1", "Trẻ em dưới 16 tuổi không có nguồn nuôi dưỡng", 1, Criteria(("20.1a", "20.1b"), CHILD)),
    _r("II.1.u4", "", "Trong đó: Dưới 4 tuổi", 2, Criteria(("20.1a", "20.1b"), bands=(UNDER_4,))),
    _r("II.2", "2", "Người khuyết tật đặc biệt nặng", 1, Criteria(("20.2d",))),
    _r("II.2.a", "", "Dưới 16 tuổi", 2, Criteria(("20.2d",), CHILD)),
    _r("II.2.b", "", "Từ 16 đến 60 tuổi", 2, Criteria(("20.2d",), ADULT)),
    _r("II.2.c", "", "Từ đủ 60 tuổi trở lên", 2, Criteria(("20.2d",), ELDERLY)),
    _r("II.3", "3", "Người cao tuổi có người nhận chăm sóc tại cộng đồng", 1, Criteria(("20.1b",), ELDERLY)),
    _r("III", "III", "NUÔI DƯỠNG TRONG CƠ SỞ BẢO TRỢ XÃ HỘI, NHÀ XÃ HỘI", heading=True),
    _r("III.1", "1", "Trẻ em dưới 16 tuổi không có nguồn nuôi dưỡng", 1, untracked=True),
    _r(
        "III.2",
        "2",
        "Người từ 16 tuổi đến 22 tuổi đang học phổ thông, học nghề, trung học chuyên nghiệp, cao đẳng, đại học",
        1,
        untracked=True,
    ),
    _r("III.3", "3", "Người bị nhiễm HIV thuộc hộ nghèo", 1, untracked=True),
    _r("III.3.1", "3.1", "Dưới 16 tuổi", 2, untracked=True),
    _r("III.3.2", "3.2", "Từ 16 tuổi trở lên", 2, untracked=True),
    _r("III.4", "4", "Người cao tuổi", 1, untracked=True),
    _r("III.5", "5", "Người khuyết tật đặc biệt nặng", 1, untracked=True),
    _r("III.5.1", "5.1", "Dưới 16 tuổi", 2, untracked=True),
    _r("III.5.2", "5.2", "Từ 16 đến đủ 60 tuổi", 2, untracked=True),
    _r("III.5.3", "5.3", "Từ đủ 60 tuổi trở lên", 2, untracked=True),
    _r("III.6", "6", "Đối tượng cần bảo vệ khẩn cấp", 1, untracked=True),
    _r("IV", "IV", "HỖ TRỢ CHI PHÍ MAI TÁNG", funeral=True),
)
ROWS_BY_KEY = {row.key: row for row in ROWS}
HIV_ROWS = frozenset(row.key for row in ROWS if row.criteria is not None and set(row.criteria.categories) & set(HIV))


@dataclass(frozen=True)
class Period:
    """A reporting period: months `first` to `last` (a half-year by default, TT 02/2021 Art 6)."""

    first: YearMonth
    last: YearMonth

    @classmethod
    def half_year(cls, year: int, half: int) -> Period:
        return (
            cls(YearMonth(year, 1), YearMonth(year, 6)) if half == 1 else cls(YearMonth(year, 7), YearMonth(year, 12))
        )

    @property
    def end(self) -> date:
        return self.last.last_day

    def months(self) -> list[YearMonth]:
        months, month = [], self.first
        while month <= self.last:
            months.append(month)
            month = month.add(1)
        return months


@dataclass
class Cell:
    total: int = 0
    male: int = 0
    female: int = 0
    amount: int = 0  # đồng


@dataclass
class Figures:
    """The cells of one form (10a, 10d) for a unit and period, by row key."""

    period: Period
    unit_id: int
    cells: dict[str, Cell] = field(default_factory=dict)

    def cell(self, key: str) -> Cell | None:
        """None for headings and untracked rows (blank on the form)."""
        return self.cells.get(key)


Form10a = Figures


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _born_by(day: date) -> str:
    """SQL: person `p` had their birthday on or before `day` (year-only births: 1 January)."""
    return (
        f"((p.birth_date IS NOT NULL AND p.birth_date <= {stages.date_literal(day)})"
        f" OR (p.birth_date IS NULL AND p.birth_year <= {day.year}))"
    )


def band_sql(end: date) -> str:
    """SQL: the age band of person `p` on `end` (under 4, under 16, under 60, 60 or more)."""
    return f"""CASE WHEN NOT {_born_by(_years_before(end, 4))} THEN {UNDER_4}
        WHEN NOT {_born_by(_years_before(end, 16))} THEN {UNDER_16}
        WHEN NOT {_born_by(_years_before(end, 60))} THEN {UNDER_60} ELSE {FROM_60} END"""


def _json_level() -> str:
    if connection.vendor == "postgresql":
        return "f.value ->> 'level'"
    return "json_extract(f.value, '$.level')"


def scope_sql(unit_id: int, column: str = "e.commune_id") -> str:
    """Every commune the unit covers (the coverage closure: a district keeps its communes' successors)."""
    return f"{column} IN (SELECT u.descendant_id FROM territory_unitcoverage u WHERE u.ancestor_id = {int(unit_id)})"


def classified_sql(period: Period, unit_id: int, *, active_only: bool = False) -> str:
    """One row per entitlement payable in some month of the period in the unit: its category, the
    person, sex, age band and disability level on the last day, poor household that year, and
    whether it is payable in the last month (`active`). With `active_only`, only those (the
    payability test is then a filter). The suspensions and ended categories of the last month are
    hashed sets (`payable_sql(hashed=True)`): one hash lookup per entitlement, where the correlated
    form had the planner run a (nested-loop) anti-join probe per row.

    The facts are joined as grouped derived tables (one hash join each, not a sub-query per row):
    one disability fact is in force on a day (registry: the open fact ends the day before a newer
    one starts); MAX only guards against overlapping records. Each is joined only to the rows of the
    categories that read it (a join condition, so other rows get '' and 0). A join on a key made NULL
    outside those categories (a CASE) probed half as often but made the planner expect 2.5 billion rows."""
    end = period.end
    first, last = stages.date_literal(period.first.first_day), stages.date_literal(period.last.first_day)
    band = band_sql(end)
    end_literal = stages.date_literal(end)
    payable = stages.payable_sql(last, hashed=True)
    active = "1" if active_only else f"CASE WHEN {payable} THEN 1 ELSE 0 END"
    only_active = f"AND {payable}" if active_only else ""
    return f"""
        SELECT e.id AS entitlement_id, e.person_id, e.commune_id, e.category_code, p.sex,
               {band} AS band,
               COALESCE(lv.level, '') AS level,
               CASE WHEN pr.person_id IS NOT NULL THEN 1 ELSE 0 END AS poor,
               {active} AS active
        FROM cases_entitlement e
        JOIN registry_person p ON p.id = e.person_id
        LEFT JOIN (
            SELECT f.person_id, MAX({_json_level()}) AS level FROM registry_personfact f
            WHERE f.kind = 'disability' AND f.effective_from <= {end_literal}
              AND (f.effective_to IS NULL OR f.effective_to >= {end_literal})
            GROUP BY f.person_id) lv ON lv.person_id = e.person_id AND e.category_code IN ({LEVEL_CATEGORIES})
        LEFT JOIN (
            SELECT DISTINCT hm.person_id FROM registry_householdmember hm
            JOIN registry_householdpoverty hp ON hp.household_id = hm.household_id
            WHERE hm.valid_from <= {end_literal} AND (hm.valid_to IS NULL OR hm.valid_to >= {end_literal})
              AND hp.year = {end.year} AND hp.status = 'poor') pr
            ON pr.person_id = e.person_id AND e.category_code IN ({POOR_CATEGORIES})
        WHERE p.merged_into_id IS NULL AND {scope_sql(unit_id)}
          AND e.start_month <= {last} AND (e.end_month IS NULL OR e.end_month > {first}) {only_active}
    """


def _lines_in_period(period: Period, alias: str = "l") -> str:
    """SQL: the month of `alias` (a line or a list) lies in the period."""
    return (
        f"{alias}.month >= {stages.date_literal(period.first.first_day)}"
        f" AND {alias}.month <= {stages.date_literal(period.last.first_day)}"
    )


def _planner_settings() -> None:
    """For the rest of the transaction (PostgreSQL): no JIT compilation (the planner's cost of a
    province's scan is far above `jit_above_cost`, and compiling the band and payability expressions
    took longer than it saved; the same choice as insurance/coverage.py), and no sort where a hash
    does: the planner cannot count the groups of the CASE expressions (it expects one per
    entitlement, there are a few dozen), so it sorted the province's 1,000,000 rows to group them
    (measured in bench/form10a.py)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")
            cursor.execute("SET LOCAL enable_sort = off")


def _live_money(period: Period, *, drafts_only: bool = False) -> str:
    """SQL: the money of the period's lines per entitlement, from the lines themselves (with
    `drafts_only`, of the lists not summed into `HalfYearMoney` only). Only monthly lines carry an
    entitlement (funeral and cremation lines carry none), and the (entitlement, month) index includes
    the total: an index-only scan over every list."""
    lists = (
        f""" AND l.payroll_id IN (SELECT pm.id FROM payments_payrollmonth pm
            WHERE NOT pm.summed AND {_lines_in_period(period, "pm")})"""
        if drafts_only
        else ""
    )
    return f"""SELECT l.entitlement_id, SUM(l.total) AS amount FROM payments_payrollline l
        WHERE l.entitlement_id IS NOT NULL AND {_lines_in_period(period)}{lists} GROUP BY l.entitlement_id"""


def _money_joins(period: Period) -> tuple[str, str]:
    """(joins to the classified rows `c`, the SQL of one row's money). For a half-year, the approved lists'
    money is read from `payments.HalfYearMoney` (one row per entitlement, summed when each list was
    approved) and only the lists not summed yet (drafts) from their lines; for another period, every
    line. Same money either way: an approved list's lines never change (tested)."""
    half = stages.half_year_of(period.first.first_day)
    if period.first.first_day != half or period.last != period.first.add(5):
        return f"LEFT JOIN ({_live_money(period)}) m ON m.entitlement_id = c.entitlement_id", "m.amount"
    joins = (
        "LEFT JOIN payments_halfyearmoney hy ON hy.entitlement_id = c.entitlement_id"
        f" AND hy.half = {stages.date_literal(half)}"
    )
    drafts = PayrollMonth.objects.filter(
        month__gte=period.first.first_day, month__lte=period.last.first_day, summed=False
    )
    if not drafts.exists():
        return joins, "hy.amount"
    joins += f" LEFT JOIN ({_live_money(period, drafts_only=True)}) m ON m.entitlement_id = c.entitlement_id"
    return joins, "COALESCE(hy.amount, 0) + COALESCE(m.amount, 0)"


def _figures(period: Period, unit_id: int) -> list[tuple[str, int, str, int, str, int, int, int]]:
    """(category, band, level, poor, sex, active, entitlements, money) groups: one pass over the
    entitlements of the period with their money. People are counted from the active groups, money
    from all (an entitlement that ended during the period still spent in it)."""
    joins, money = _money_joins(period)
    return [
        (str(category), int(band), str(level or ""), int(poor), str(sex), int(active), int(count), int(amount or 0))
        for category, band, level, poor, sex, active, count, amount in stages.fetch(
            f"""SELECT c.category_code, c.band, c.level, c.poor, c.sex, c.active, COUNT(*), SUM({money})
                FROM ({classified_sql(period, unit_id)}) c {joins}
                GROUP BY c.category_code, c.band, c.level, c.poor, c.sex, c.active"""
        )
    ]


def _add_person(cell: Cell, sex: str, count: int) -> None:
    cell.total += count
    if sex == "male":
        cell.male += count
    elif sex == "female":
        cell.female += count


def compute(period: Period, unit_id: int) -> Form10a:
    """The form's figures: one grouped pass (people and money), one for the funeral lines, then the
    rows from the groups."""
    with transaction.atomic():
        stages.set_generation_session()  # memory for the hashes of 1,000,000 rows (PostgreSQL)
        _planner_settings()
        groups = _figures(period, unit_id)
        funeral = stages.fetch(
            f"""SELECT p.sex, COUNT(*), COALESCE(SUM(l.total), 0) FROM payments_payrollline l
                JOIN registry_person p ON p.id = l.person_id
                WHERE l.kind = 'funeral' AND {_lines_in_period(period)} AND {scope_sql(unit_id, "l.commune_id")}
                GROUP BY p.sex"""
        )
    form = Form10a(period=period, unit_id=unit_id)
    for row in ROWS:
        if row.criteria is None:
            continue
        cell = Cell()
        for category, band, level, poor, sex, active, count, amount in groups:
            if row.criteria.matches(category, band, level, bool(poor)):
                if active:
                    _add_person(cell, sex, count)
                cell.amount += amount
        form.cells[row.key] = cell
    cell = Cell()
    for sex, count, amount in funeral:
        _add_person(cell, str(sex), int(count))
        cell.amount += int(amount)
    form.cells["IV"] = cell
    return form


COLUMNS = ("total", "male", "female", "amount")


def drilldown_people(period: Period, unit_id: int, row: Row, column: str) -> list[tuple[int, int]]:
    """(person, commune) behind a people cell (total, male, female), one per entitlement counted."""
    sex = {"male": " AND c.sex = 'male'", "female": " AND c.sex = 'female'"}.get(column, "")
    if row.funeral:
        rows = stages.fetch(
            f"""SELECT l.person_id, l.commune_id FROM payments_payrollline l
                JOIN registry_person c ON c.id = l.person_id WHERE l.kind = 'funeral' AND {_lines_in_period(period)}
                  AND {scope_sql(unit_id, "l.commune_id")}{sex} ORDER BY l.person_id"""
        )
    else:
        assert row.criteria is not None
        rows = stages.fetch(
            f"""SELECT c.person_id, c.commune_id FROM ({classified_sql(period, unit_id, active_only=True)}) c
                WHERE {row.criteria.sql()}{sex} ORDER BY c.person_id"""
        )
    return [(int(person), int(commune)) for person, commune in rows]


def drilldown_lines(period: Period, unit_id: int, row: Row) -> list[tuple[int, int, int]]:
    """(line, commune, amount) behind a Kinh phí cell."""
    if row.funeral:
        condition = f"l.kind = 'funeral' AND {scope_sql(unit_id, 'l.commune_id')}"
        source = "payments_payrollline l"
    else:
        assert row.criteria is not None
        condition = f"l.kind <> 'funeral' AND {row.criteria.sql()}"
        source = (
            f"({classified_sql(period, unit_id)}) c JOIN payments_payrollline l ON l.entitlement_id = c.entitlement_id"
        )
    rows = stages.fetch(
        f"""SELECT l.id, l.commune_id, l.total FROM {source}
            WHERE {_lines_in_period(period)} AND {condition} ORDER BY l.id"""
    )
    return [(int(line), int(commune), int(total)) for line, commune, total in rows]


def millions(amount: int) -> float:
    """Kinh phí in millions of đồng, three decimals (thousands of đồng) as the form's unit."""
    return round(amount / 1_000_000, 3)


def rows_with_cells(form: Form10a) -> Iterable[tuple[Row, Cell | None]]:
    for row in ROWS:
        yield row, form.cell(row.key)
