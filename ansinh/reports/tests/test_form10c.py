"""Mẫu số 10c cell by cell on a small fixed register (hand-computed), the XLSX and PDF read back,
and every figure's drill-down equal to the cell."""

from __future__ import annotations

from datetime import date
from io import BytesIO

import pytest
from openpyxl import load_workbook

from ansinh.core.months import YearMonth
from ansinh.insurance.models import HealthCard
from ansinh.payments.tests.conftest import entitle
from ansinh.registry.models import FactKind, Household, HouseholdMember, HouseholdPoverty, PersonFact
from ansinh.reports import documents, form10c
from ansinh.reports.form10a import Period
from ansinh.reports.form10c import COLUMNS, ROWS
from ansinh.reports.tests.test_form10a import resident
from tests.readback import pdf_text

H1_2025 = Period.half_year(2025, 1)  # ages on 30/06/2025
JAN = YearMonth(2025, 1)


def fact(who, kind, **value):
    PersonFact.objects.create(person=who, kind=kind, value=value, effective_from=date(2020, 1, 1), source="Hồ sơ")


@pytest.fixture
def register(lucnam):
    doi_ngo = lucnam.doi_ngo
    a = resident(doi_ngo, "Ông A", date(1950, 1, 1), "male")  # 75, 5.5a, no supporter, poor
    b = resident(doi_ngo, "Bà B", date(1940, 1, 1), "female")  # 85, 5.5c, poor, BHYT card
    c = resident(doi_ngo, "Ông C", date(1955, 1, 1), "male")  # 70, severe disability, 5.6
    d = resident(doi_ngo, "Bà D", date(1960, 1, 1), "female")  # 65, pension, nothing else
    e = resident(doi_ngo, "Bà E", date(1957, 1, 1), "female")  # 68, 5.5d
    f = resident(doi_ngo, "Ông F", date(1975, 1, 1), "male")  # 50: not elderly
    g = resident(lucnam.cam_ly, "Bà G", date(1963, 1, 1), "female")  # 62, 5.5b, the other commune
    for who, category in ((a, "5.5a"), (b, "5.5c"), (c, "5.6"), (e, "5.5d"), (f, "5.6"), (g, "5.5b")):
        entitle(who, category, "1.5", start=JAN)
    fact(a, FactKind.SUPPORT, no_supporter=True)
    fact(c, FactKind.DISABILITY, level="severe", types=["motor"])
    fact(f, FactKind.DISABILITY, level="severe", types=["motor"])
    fact(d, FactKind.INCOME, stable_income=True, pension=True)
    household = Household.objects.create(commune=doi_ngo)
    for who in (a, b):
        HouseholdMember.objects.create(
            household=household, person=who, relationship="head", valid_from=date(2020, 1, 1)
        )
    HouseholdPoverty.objects.create(household=household, year=2025, status="poor")
    HealthCard.objects.create(person=b, number="BT2242420000001", valid_from=date(2025, 1, 1), commune=doi_ngo)
    return lucnam


# (total, male, female) for Thị trấn Đồi Ngô on 30/06/2025: A, B, C, D, E are 60 or more
COMMUNE = {
    "1": (5, 2, 3), "2": (2, 1, 1), "3": (1, 1, 0), "4": (1, 1, 0), "5": (1, 0, 1), "7": (4, 2, 2),
    "7.1": (1, 1, 0), "7.2": (1, 0, 1), "7.2.poor": (1, 0, 1), "7.3": (1, 1, 0), "7.4": (1, 0, 1),
    "8": (1, 0, 1), "10": (1, 0, 1),
}  # fmt: skip


def figures(form):
    return {key: (cell.total, cell.male, cell.female) for key, cell in form.cells.items()}


def test_commune_cell_by_cell(register):
    form = form10c.compute(H1_2025, register.doi_ngo.pk)
    assert figures(form) == COMMUNE
    assert [row.key for row in ROWS if row.untracked and form.cell(row.key) is not None] == []
    assert {"6", "9", "15", "26", "26.a"} <= {row.key for row in ROWS if row.untracked}


def test_district_adds_the_other_commune(register):
    form = figures(form10c.compute(H1_2025, register.district.pk))
    assert (form["1"], form["7"], form["7.4"], form["2"]) == ((6, 2, 4), (5, 2, 3), (2, 0, 2), COMMUNE["2"])


def test_every_drilldown_equals_its_cell(register):
    for unit in (register.doi_ngo, register.district):
        form = figures(form10c.compute(H1_2025, unit.pk))
        behind = {
            key: tuple(
                len(form10c.drilldown_people(H1_2025, unit.pk, form10c.ROWS_BY_KEY[key], column)) for column in COLUMNS
            )
            for key in form
        }
        assert behind == form
    from ansinh.registry.models import Person

    people = form10c.drilldown_people(H1_2025, register.doi_ngo.pk, form10c.ROWS_BY_KEY["3"], "male")
    assert [Person.objects.get(pk=pk).full_name for pk, _ in people] == ["Ông A"]


def test_xlsx_and_pdf(register):
    form = form10c.compute(H1_2025, register.doi_ngo.pk)
    head = documents.letterhead(register.doi_ngo, "Kỳ báo cáo: 6 tháng đầu năm 2025")
    sheet = load_workbook(BytesIO(documents.form10c_xlsx(form, head, date(2025, 7, 10)))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert (rows[4][0], rows[7][:5]) == (
        documents.TITLE_10C,
        ("Số TT", "Chỉ tiêu", "Đơn vị tính", "Tổng số", "Trong đó"),
    )
    body = dict(zip([row.key for row in ROWS], rows[9 : 9 + len(ROWS)], strict=True))
    assert body["1"] == ("1", "Tổng số người cao tuổi", "Người", 5, 2, 3)
    assert body["7.2.poor"] == (None, "      Trong đó: thuộc diện hộ nghèo", None, 1, 0, 1)
    assert body["13"] == (
        "13",
        "Số cơ sở văn hóa, thể thao giải trí có bán vé, thu phí trên địa bàn",
        "Cơ sở",
        None,
        None,
        None,
    )
    text = pdf_text(documents.form10c_pdf(form, head, date(2025, 7, 10)))
    printed = [documents.TITLE_10C, "Tổng số người cao tuổi Người 5 2 3", "Đối tượng người cao tuổi khác Người 1 0 1"]
    assert [line for line in printed if line not in text] == []
