"""Mẫu số 10b from the emergency rounds, cell by cell on fixed rounds (hand-computed), the XLSX and
PDF read back, and every figure's drill-down summing to the cell."""

from __future__ import annotations

from datetime import date
from io import BytesIO

import pytest
from openpyxl import load_workbook

from ansinh.reports import documents, form10b
from ansinh.reports.form10a import Period
from ansinh.reports.form10b import ROWS
from ansinh.supports.models import EmergencyLine, EmergencyRound
from ansinh.territory.actions import village_create
from tests.readback import pdf_text

H1_2025 = Period.half_year(2025, 1)
M = 1_000_000


@pytest.fixture
def rounds(actors, lucnam):
    officer = actors.own_commune_officer

    def round_(commune, name, day, decided, lines):
        village = village_create(actor=actors.admin, commune=commune, name=f"Thôn {name}", valid_from=date(2024, 1, 1))
        created = EmergencyRound.objects.create(
            commune=commune,
            name=name,
            kind="disaster",
            occurred_on=day,
            status="decided" if decided else "open",
            created_by=officer,
        )
        for kind, people, rice_kg, amount in lines:
            EmergencyLine.objects.create(
                round=created,
                village=village,
                kind=kind,
                household_head=f"Hộ {kind} {people}",
                people=people,
                rice_kg=rice_kg,
                amount=amount,
                created_by=officer,
            )

    round_(
        lucnam.doi_ngo,
        "Bão tháng 3",
        date(2025, 3, 10),
        True,
        [
            ("rice", 4, 180, 0),
            ("rice", 3, 135, 0),
            ("death", 1, 0, 25 * M),
            ("injury", 1, 0, 5 * M),
            ("house_destroyed", 5, 0, 40 * M),
            ("house_damaged", 2, 0, 20 * M),
        ],
    )
    round_(lucnam.doi_ngo, "Lũ tháng 5", date(2025, 5, 1), False, [("rice", 5, 0, 0), ("relocation", 3, 0, 0)])
    round_(lucnam.doi_ngo, "Rét tháng 12", date(2024, 12, 20), True, [("rice", 2, 30, 0)])  # before the period
    round_(lucnam.cam_ly, "Lốc tháng 2", date(2025, 2, 1), True, [("rice", 2, 30, 0)])
    return lucnam


# Số lượng in the row's base unit (lines, people, kg, đồng) for Thị trấn Đồi Ngô
COMMUNE = {
    "1.1": 3,
    "1.2": 12,
    "1.3": 1,
    "1.5": 1,
    "1.6": 1,
    "1.7": 1,
    "1.8": 1,
    "2.1": 2,
    "2.2": 7,
    "2.3": 1,
    "2.5": 1,
    "2.6": 1,
    "2.7": 1,
    "2.8": 0,
    "3.1": 315,
    "3.2": 90 * M,
}


def totals(form):
    return {key: cell.total for key, cell in form.cells.items()}


def test_commune_cell_by_cell(rounds):
    form = form10b.compute(H1_2025, rounds.doi_ngo.pk)
    assert totals(form) == COMMUNE
    blank = [row.key for row in ROWS if row.heading or row.untracked]
    assert [key for key in blank if form.cell(key) is not None] == []
    assert {"1.4", "2.4", "3.1.central", "3.2.mobilised"} <= set(blank)
    values = {row.key: value for row, _, value in form10b.rows_with_cells(form)}
    assert (values["3.1"], values["3.2"], values["1.2"]) == (0.315, 0.09, 12)


def test_district_adds_the_other_commune(rounds):
    form = totals(form10b.compute(H1_2025, rounds.district.pk))
    assert (form["1.1"], form["2.1"], form["2.2"], form["3.1"], form["3.2"]) == (4, 3, 9, 345, 90 * M)


def test_every_drilldown_sums_to_its_cell(rounds):
    for unit in (rounds.doi_ngo, rounds.district):
        form = form10b.compute(H1_2025, unit.pk)
        sums = {
            key: sum(value for _, _, value in form10b.drilldown_lines(H1_2025, unit.pk, form10b.ROWS_BY_KEY[key]))
            for key in form.cells
        }
        assert sums == totals(form)
    lines = form10b.drilldown_lines(H1_2025, rounds.doi_ngo.pk, form10b.ROWS_BY_KEY["1.8"])
    assert [EmergencyLine.objects.get(pk=pk).household_head for pk, _, _ in lines] == ["Hộ relocation 3"]


def test_xlsx_and_pdf_in_the_official_layout(rounds):
    form = form10b.compute(H1_2025, rounds.doi_ngo.pk)
    head = documents.letterhead(rounds.doi_ngo, "Kỳ báo cáo: 6 tháng đầu năm 2025")
    sheet = load_workbook(BytesIO(documents.form10b_xlsx(form, head, date(2025, 7, 10)))).active
    rows = [row[:4] for row in sheet.iter_rows(values_only=True)]
    assert rows[4][0] == documents.TITLE_10B
    assert rows[7] == ("Số TT", "Chỉ tiêu", "Đơn vị tính", "Số lượng")
    body = dict(zip([row.key for row in ROWS], rows[9 : 9 + len(ROWS)], strict=True))
    assert body["1"] == ("1", "Tình hình thiệt hại", None, None)
    assert body["1.2"] == ("1.2", "   Số người thiếu đói", "Lượt người", 12)
    assert body["3.1"] == ("3.1.", "   Gạo", "Tấn", 0.315)
    assert body["3.2"] == ("3.2.", "   Tổng kinh phí", "Tỷ đồng", 0.09)
    assert body["1.4"][3] is None and body["3.2.local"][3] is None
    text = pdf_text(documents.form10b_pdf(form, head, date(2025, 7, 10)))
    printed = [documents.TITLE_10B, "Số người thiếu đói Lượt người 12", "Gạo Tấn 0,315", "Tổng kinh phí Tỷ đồng 0,09"]
    assert [line for line in printed if line not in text] == []
