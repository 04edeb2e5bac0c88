# ruff: noqa: S608 -- the SQL is built from constant fragments, ints and dates (date_literal) only
"""Mẫu số 10b (NĐ 20/2021 Art 36(1); TT 02/2021 Art 6): emergency social assistance over a reporting
period, for a commune, a district (before 07/2025) or a province; rows and units as printed
(forms.md §3: Số TT | Chỉ tiêu | Đơn vị tính | Số lượng).

How the emergency rounds (`supports.EmergencyRound`, NĐ 20/2021 Arts 12–15) fill the form, one grouped
query over the rounds of the unit's communes that occurred in the period (the project's choices):
- **1 Tình hình thiệt hại**: every line of those rounds (the village lists: the damage as listed),
  decided or not; 1.1 rice lines (households), 1.2 the people of those households, 1.5 injury lines,
  1.6 house destroyed, 1.7 house badly damaged, 1.8 relocation.
- **2 Kết quả hỗ trợ**: the lines of rounds the commune chair has decided (Art 12–15 decisions): the
  same kinds; 2.1/2.2 rice lines with rice granted; 2.3 death lines (funeral support, Art 14).
- **3 Nguồn lực hỗ trợ**: the rice (tonnes) and money (billions of đồng, forms.md note on 10b) of the
  decided lines.
- Not kept in this system, so blank (never 0): the split between the dead and the missing (the village
  list has one kind "Người chết, mất tích", counted in 1.3 and 2.3; 1.4 and 2.4 stay blank), and the
  sources of rice and money (central, local, mobilised).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ansinh.payments import payroll as stages
from ansinh.reports.form10a import Cell, Figures, Period, scope_sql

HOUSEHOLDS_TIMES, PEOPLE_TIMES, PEOPLE, HOUSEHOLDS, HOUSES = "Lượt hộ", "Lượt người", "Người", "Hộ", "Nhà"
TONNES, BILLIONS = "Tấn", "Tỷ đồng"
COLUMNS = ("quantity",)
# what a row sums over its lines
LINES, HEADS, RICE, MONEY = "lines", "people", "rice_kg", "amount"


@dataclass(frozen=True)
class Row:
    key: str
    number: str
    label: str
    unit: str = ""
    depth: int = 0
    heading: bool = False
    kind: str | None = None  # the need kind of the lines; None: every kind
    decided: bool = False  # only the lines of decided rounds
    measure: str = LINES
    untracked: bool = False

    def sql(self, alias: str = "b") -> str:
        parts = [f"{alias}.decided = 1"] if self.decided else []
        if self.kind is not None:
            parts.append(f"{alias}.kind = {self.kind!r}")
        if self.measure == RICE:
            parts.append(f"{alias}.rice_kg > 0")
        return " AND ".join(parts) or "1 = 1"


def _untracked(key: str, number: str, label: str, unit: str, depth: int = 1) -> Row:
    return Row(key, number, label, unit, depth=depth, untracked=True)


ROWS: tuple[Row, ...] = (
    Row("1", "1", "Tình hình thiệt hại", heading=True),
    Row("1.1", "1.1", "Số hộ thiếu đói", HOUSEHOLDS_TIMES, 1, kind="rice"),
    Row("1.2", "1.2", "Số người thiếu đói", PEOPLE_TIMES, 1, kind="rice", measure=HEADS),
    Row("1.3", "1.3", "Số người chết", PEOPLE, 1, kind="death"),
    _untracked("1.4", "1.4", "Số người mất tích", PEOPLE),
    Row("1.5", "1.5", "Người bị thương", PEOPLE, 1, kind="injury"),
    Row("1.6", "1.6", "Hộ có nhà bị đổ, sập, trôi cháy", HOUSEHOLDS, 1, kind="house_destroyed"),
    Row("1.7", "1.7", "Hộ có nhà hư hỏng nặng", HOUSEHOLDS, 1, kind="house_damaged"),
    Row("1.8", "1.8", "Hộ phải di rời nhà ở", HOUSEHOLDS, 1, kind="relocation"),
    Row("2", "2", "Kết quả hỗ trợ", heading=True),
    Row("2.1", "2.1", "Số hộ được hỗ trợ lương thực", HOUSEHOLDS_TIMES, 1, kind="rice", decided=True, measure=RICE),
    Row("2.2", "2.2", "Số người được hỗ trợ lương thực", PEOPLE_TIMES, 1, kind="rice", decided=True, measure=HEADS),
    Row("2.3", "2.3", "Số người chết được hỗ trợ mai táng", PEOPLE, 1, kind="death", decided=True),
    _untracked("2.4", "2.4", "Số người mất tích", PEOPLE),
    Row("2.5", "2.5", "Người bị thương", PEOPLE, 1, kind="injury", decided=True),
    Row("2.6", "2.6", "Hộ được hỗ trợ làm nhà ở", HOUSES, 1, kind="house_destroyed", decided=True),
    Row("2.7", "2.7", "Hộ được hỗ trợ sửa chữa nhà ở", HOUSES, 1, kind="house_damaged", decided=True),
    Row("2.8", "2.8", "Hộ được hỗ trợ di rời nhà ở", HOUSEHOLDS, 1, kind="relocation", decided=True),
    Row("3", "3", "Nguồn lực hỗ trợ", heading=True),
    Row("3.1", "3.1.", "Gạo", TONNES, 1, decided=True, measure=RICE),
    _untracked("3.1.central", "", "Trong đó: + Trung ương cấp", TONNES, 2),
    _untracked("3.1.local", "", "+ Địa phương", TONNES, 2),
    _untracked("3.1.mobilised", "", "+ Huy động", TONNES, 2),
    Row("3.2", "3.2.", "Tổng kinh phí", BILLIONS, 1, decided=True, measure=MONEY),
    _untracked("3.2.central", "", "Trong đó: + Ngân sách trung ương cấp", BILLIONS, 2),
    _untracked("3.2.local", "", "+ Ngân sách địa phương", BILLIONS, 2),
    _untracked("3.2.mobilised", "", "+ Huy động (bao gồm cả hiện vật quy đổi)", BILLIONS, 2),
)
ROWS_BY_KEY = {row.key: row for row in ROWS}


def lines_sql(period: Period, unit_id: int) -> str:
    """One row per line of the emergency rounds of the unit's communes that occurred in the period."""
    return f"""
        SELECT l.id AS line_id, r.commune_id, l.kind,
               CASE WHEN r.status = 'decided' THEN 1 ELSE 0 END AS decided,
               l.people, l.rice_kg, l.amount
        FROM supports_emergencyline l JOIN supports_emergencyround r ON r.id = l.round_id
        WHERE r.occurred_on >= {stages.date_literal(period.first.first_day)}
          AND r.occurred_on <= {stages.date_literal(period.end)} AND {scope_sql(unit_id, "r.commune_id")}
    """


def compute(period: Period, unit_id: int) -> Figures:
    """One grouped query (kind, decided); each row's quantity is read off the groups. The cell's
    `total` holds the quantity in the row's base unit (lines, people, kg of rice, đồng)."""
    groups = stages.fetch(
        f"""SELECT b.kind, b.decided, COUNT(*), SUM(b.people), SUM(CASE WHEN b.rice_kg > 0 THEN 1 ELSE 0 END),
                   SUM(b.rice_kg), SUM(b.amount)
            FROM ({lines_sql(period, unit_id)}) b GROUP BY b.kind, b.decided"""
    )
    form = Figures(period=period, unit_id=unit_id)
    for row in ROWS:
        if row.heading or row.untracked:
            continue
        cell = Cell()
        for kind, decided, lines, people, rice_lines, rice_kg, amount in groups:
            if (row.kind is not None and kind != row.kind) or (row.decided and not decided):
                continue
            if row.measure == RICE and row.kind is not None:  # households granted rice
                cell.total += int(rice_lines or 0)
            else:
                measured = {LINES: lines, HEADS: people, RICE: rice_kg, MONEY: amount}[row.measure]
                cell.total += int(measured or 0)
        form.cells[row.key] = cell
    return form


def quantity(row: Row, cell: Cell) -> float | int:
    """The printed Số lượng: tonnes of rice and billions of đồng (forms.md note on 10b), counts as is."""
    if row.unit == TONNES:
        return cell.total / 1000
    if row.unit == BILLIONS:
        return cell.total / 1_000_000_000
    return cell.total


def drilldown_lines(period: Period, unit_id: int, row: Row) -> list[tuple[int, int, int]]:
    """(line, commune, what the line adds to the cell) behind a figure: its sum is the cell."""
    measure = {LINES: "1", HEADS: "b.people", RICE: "b.rice_kg", MONEY: "b.amount"}[row.measure]
    if row.measure == RICE and row.kind is not None:
        measure = "1"
    rows = stages.fetch(
        f"""SELECT b.line_id, b.commune_id, {measure} FROM ({lines_sql(period, unit_id)}) b
            WHERE {row.sql()} ORDER BY b.line_id"""
    )
    return [(int(line), int(commune), int(value)) for line, commune, value in rows]


def rows_with_cells(form: Figures) -> Iterable[tuple[Row, Cell | None, float | int | None]]:
    """Each printed row, its cell (None: blank) and its printed Số lượng."""
    for row in ROWS:
        cell = form.cell(row.key)
        yield row, cell, None if cell is None else quantity(row, cell)
