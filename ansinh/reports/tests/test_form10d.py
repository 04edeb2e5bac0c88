"""Mẫu số 10d cell by cell on a small fixed register (hand-computed), the XLSX and PDF read back,
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
from ansinh.reports import documents, form10d
from ansinh.reports.form10a import Period
from ansinh.reports.form10d import COLUMNS, ROWS
from ansinh.reports.tests.test_form10a import resident
from tests.readback import pdf_text

H1_2025 = Period.half_year(2025, 1)  # ages on 30/06/2025
JAN = YearMonth(2025, 1)


def disability(who, level, types, start=date(2024, 1, 1), end=None):
    PersonFact.objects.create(
        person=who,
        kind=FactKind.DISABILITY,
        value={"level": level, "types": types},
        effective_from=start,
        effective_to=end,
        source="GXN",
    )


@pytest.fixture
def register(lucnam):
    doi_ngo, cam_ly = lucnam.doi_ngo, lucnam.cam_ly

    def who(name, birth, sex, commune=doi_ngo):
        return resident(commune, name, birth, sex)

    a = who("Cháu A", date(2012, 8, 8), "male")  # 12, especially severe, motor + intellectual, 5.6
    b = who("Chị B", date(1980, 6, 30), "female")  # 45, severe, vision, poor, 5.6, BHYT card
    c = who("Ông C", date(1950, 5, 5), "male")  # 75, mild, hearing, pension
    d = who("Bà D", date(1944, 4, 4), "female")  # 81, especially severe, mental, cared for (20.2d)
    e = who("Anh E", date(1990, 1, 1), "male")  # fact ended in 2024: not counted
    f = who("Ông F", date(1960, 1, 1), "male")  # died in May 2025: not counted
    g = who("Chị G", date(1995, 3, 3), "female", commune=cam_ly)  # other commune, severe, other
    disability(a, "especially_severe", ["motor", "intellectual"])
    disability(b, "mild", ["vision"], end=date(2024, 12, 31))
    disability(b, "severe", ["vision"], start=date(2025, 1, 1))
    disability(c, "mild", ["hearing_speech"])
    disability(d, "especially_severe", ["mental"])
    disability(e, "severe", ["motor"], end=date(2024, 12, 31))
    disability(f, "severe", ["motor"])
    disability(g, "severe", ["other"])
    f.life_status, f.death_date = "dead", date(2025, 5, 10)
    f.save()
    entitle(a, "5.6", "2.5", start=JAN)
    entitle(b, "5.6", "1.5", start=JAN)
    entitle(d, "20.2d", "1.5", start=JAN)
    entitle(g, "5.6", "1.5", start=JAN)
    PersonFact.objects.create(
        person=c,
        kind=FactKind.INCOME,
        value={"stable_income": True, "pension": True},
        effective_from=date(2010, 1, 1),
        source="Sổ hưu",
    )
    household = Household.objects.create(commune=doi_ngo)
    HouseholdMember.objects.create(household=household, person=b, relationship="head", valid_from=date(2020, 1, 1))
    HouseholdPoverty.objects.create(household=household, year=2025, status="poor")
    HealthCard.objects.create(person=b, number="KT2242420000001", valid_from=date(2025, 1, 1), commune=doi_ngo)
    HealthCard.objects.create(  # expired before the end of the period
        person=c, number="KT2242420000002", valid_from=date(2024, 1, 1), valid_to=date(2025, 3, 31), commune=doi_ngo
    )
    return lucnam


# (total, male, female) for Xã Đồi Ngô on 30/06/2025: A, B, C, D
COMMUNE = {
    "1": (4, 2, 2),
    "1.1.motor": (1, 1, 0),
    "1.1.hearing": (1, 1, 0),
    "1.1.vision": (1, 0, 1),
    "1.1.mental": (1, 0, 1),
    "1.1.intellectual": (1, 1, 0),
    "1.1.other": (0, 0, 0),
    "1.2.es": (2, 1, 1),
    "1.2.s": (1, 0, 1),
    "1.2.m": (1, 1, 0),
    "2": (1, 0, 1),
    "2.1": (0, 0, 0),
    "2.2": (1, 0, 1),
    "2.3": (0, 0, 0),
    "3": (2, 1, 1),
    "4": (1, 1, 0),
    "6": (2, 1, 1),
    "6.1": (1, 1, 0),
    "6.1.a": (1, 1, 0),
    "6.1.b": (0, 0, 0),
    "6.1.c": (0, 0, 0),
    "6.2": (1, 0, 1),
    "6.2.a": (0, 0, 0),
    "6.2.b": (1, 0, 1),
    "6.2.c": (0, 0, 0),
    "7": (1, 0, 1),
    "9": (1, 0, 1),
}


def figures(form, key):
    cell = form.cell(key)
    return None if cell is None else (cell.total, cell.male, cell.female)


def test_commune_cell_by_cell(register):
    form = form10d.compute(H1_2025, register.doi_ngo.pk)
    for row in ROWS:
        assert figures(form, row.key) == COMMUNE.get(row.key), row.key
    # group headings and rows not kept in the system (5, 8, 10) are blank, never 0
    assert all(form.cell(key) is None for key in ("1.1", "1.2", "5", "8", "10"))


def test_district_adds_the_other_commune(register):
    form = form10d.compute(H1_2025, register.district.pk)
    assert figures(form, "1") == (5, 2, 3)
    assert figures(form, "1.1.other") == (1, 0, 1)
    assert figures(form, "6.2.b") == (2, 0, 2)
    assert figures(form, "3") == COMMUNE["3"]


def test_every_drilldown_equals_its_cell(register):
    checked = 0
    for unit in (register.doi_ngo, register.district):
        cells = form10d.compute(H1_2025, unit.pk).cells
        wrong = [
            (unit.name, key, column)
            for key, cell in cells.items()
            for column in COLUMNS
            if len(form10d.drilldown_people(H1_2025, unit.pk, form10d.ROWS_BY_KEY[key], column))
            != getattr(cell, column)
        ]
        assert wrong == []
        checked += len(cells)
    assert checked == 2 * len(COMMUNE)
    people = form10d.drilldown_people(H1_2025, register.doi_ngo.pk, form10d.ROWS_BY_KEY["4"], "total")
    from ansinh.registry.models import Person

    assert [Person.objects.get(pk=pk).full_name for pk, _ in people] == ["Ông C"]


def test_xlsx_in_the_official_layout(register):
    form = form10d.compute(H1_2025, register.doi_ngo.pk)
    head = documents.letterhead(register.doi_ngo, "Kỳ báo cáo: 6 tháng đầu năm 2025")
    sheet = load_workbook(BytesIO(documents.form10d_xlsx(form, head, date(2025, 7, 10)))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[4][0] == "SỐ LIỆU KẾT QUẢ THỰC HIỆN CHÍNH SÁCH ĐỐI VỚI NGƯỜI KHUYẾT TẬT"
    assert rows[7] == ("Số TT", "Chỉ tiêu", "Đơn vị tính", "Tổng số", "Trong đó", None)
    assert rows[8] == (None, None, None, None, "Nam", "Nữ")
    assert {str(r) for r in sheet.merged_cells.ranges} >= {"A8:A9", "B8:B9", "C8:C9", "D8:D9", "E8:F8"}
    body = dict(zip([row.key for row in ROWS], rows[9 : 9 + len(ROWS)], strict=True))
    assert body["1"] == ("1", "Tổng số người khuyết tật", "Người", 4, 2, 2)
    assert body["1.1"] == ("1.1", "   Chia theo dạng tật:", None, None, None, None)
    assert body["1.1.vision"] == (None, "      Nhìn", "Người", 1, 0, 1)
    assert body["6.1.a"] == (None, "      - Dưới 16 tuổi", "Người", 1, 1, 0)
    assert body["5"][3:] == (None, None, None)
    assert ("THỦ TRƯỞNG CƠ QUAN/ĐƠN VỊ",) in [row[3:4] for row in rows]


def test_pdf_reads_back(register):
    form = form10d.compute(H1_2025, register.district.pk)
    head = documents.letterhead(register.district, "Kỳ báo cáo: 6 tháng đầu năm 2025")
    text = pdf_text(documents.form10d_pdf(form, head, date(2025, 7, 10)))
    printed = [documents.TITLE_10D, "PHÒNG LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", "Kỳ báo cáo: 6 tháng đầu năm 2025"]
    printed += ["Tổng số người khuyết tật Người 5 2 3", "Khác Người 1 0 1", "THỦ TRƯỞNG CƠ QUAN/ĐƠN VỊ"]
    assert [line for line in printed if line not in text] == []
