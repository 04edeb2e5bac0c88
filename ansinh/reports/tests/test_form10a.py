"""Mẫu số 10a cell by cell on a small fixed register (hand-computed), the XLSX and PDF read back,
and every figure's drill-down equal to the cell."""

from __future__ import annotations

from datetime import date
from io import BytesIO

import pytest
from django.db.models import Sum
from openpyxl import load_workbook

from ansinh.core.months import YearMonth
from ansinh.payments.actions import payroll_approve, payroll_generate
from ansinh.payments.models import HalfYearMoney, PayrollLine, PayrollMonth, PayrollStatus
from ansinh.payments.tests.conftest import ACKNOWLEDGED, entitle, funeral, person
from ansinh.registry.models import FactKind, Household, HouseholdMember, HouseholdPoverty, PersonFact
from ansinh.reports import documents, form10a
from ansinh.reports.form10a import COLUMNS, ROWS, Period
from tests.readback import pdf_text

H1_2025 = Period.half_year(2025, 1)  # standard rate 500.000 đ all half-year
JAN = YearMonth(2025, 1)


def resident(commune, name, birth, sex):
    """A person of the register born on `birth` (the forms take ages on the period's last day)."""
    created = person(commune, name, birth_year=birth.year)
    created.birth_date, created.sex = birth, sex
    created.save()
    return created


@pytest.fixture
def register(lucnam):
    """Hand-built register of the first half of 2025 (ages on 30/06/2025), lists generated Jan–Jun."""
    doi_ngo, cam_ly = lucnam.doi_ngo, lucnam.cam_ly

    def who(name, birth, sex, commune=doi_ngo):
        return resident(commune, name, birth, sex)

    a = who("Trẻ A", date(2022, 3, 1), "male")  # 3 years old
    b = who("Trẻ B", date(2015, 7, 1), "female")  # 9
    c = who("Chị C", date(1990, 1, 1), "female")
    d = who("Ông D", date(1950, 5, 5), "male")  # 75
    e = who("Bà E", date(1940, 2, 2), "female")  # 85, poor household
    f = who("Cháu F", date(2012, 8, 8), "male")  # 12, especially severe
    g = who("Chị G", date(1980, 6, 30), "female")  # 45 on 30/06, severe
    h = who("Bà H", date(1944, 4, 4), "female")  # 5.5a ended from April
    i = who("Ông I", date(1945, 1, 1), "male", commune=cam_ly)
    entitle(a, "5.1", "2.5", start=JAN)
    entitle(b, "5.1", "1.5", start=JAN)
    entitle(c, "5.8", "1.5", start=JAN)
    entitle(d, "5.5a", "1.5", start=JAN)
    entitle(e, "5.5c", "1.0", start=JAN)
    entitle(f, "5.6", "2.5", start=JAN)
    entitle(g, "5.6", "1.5", start=JAN)
    entitle(h, "5.5a", "1.5", start=JAN, end=YearMonth(2025, 4))
    entitle(i, "5.5a", "2.0", start=JAN)
    for someone, level in ((f, "especially_severe"), (g, "severe")):
        PersonFact.objects.create(
            person=someone,
            kind=FactKind.DISABILITY,
            value={"level": level},
            effective_from=date(2024, 1, 1),
            source="GXN",
        )
    household = Household.objects.create(commune=doi_ngo)
    HouseholdMember.objects.create(household=household, person=e, relationship="head", valid_from=date(2020, 1, 1))
    HouseholdPoverty.objects.create(household=household, year=2025, status="poor")
    dead = who("Ông K", date(1930, 1, 1), "male")
    funeral(dead, YearMonth(2025, 3), amount=10_000_000)
    for month in H1_2025.months():
        payroll_generate(actor=None, month=month)
    return lucnam


M = 1_000_000
# (row): (total, male, female, amount in đồng) for Xã Đồi Ngô; rate 500.000 đ × coefficient × months
COMMUNE = {
    "I.1": (2, 1, 1, (2.5 + 1.5) * 0.5 * M * 6),
    "I.1.u4": (1, 1, 0, 2.5 * 0.5 * M * 6),
    "I.2": (0, 0, 0, 0),
    "I.3": (1, 0, 1, 1.5 * 0.5 * M * 6),
    "I.3.1": (0, 0, 0, 0),
    "I.3.2": (0, 0, 0, 0),
    "I.3.3": (1, 0, 1, 1.5 * 0.5 * M * 6),
    "I.4": (0, 0, 0, 0),
    "I.5": (2, 1, 1, 1.5 * 0.5 * M * 6 + 1.0 * 0.5 * M * 6 + 1.5 * 0.5 * M * 3),  # H: Jan–Mar
    "I.5.1": (1, 1, 0, 1.5 * 0.5 * M * 6 + 1.5 * 0.5 * M * 3),
    "I.5.2": (1, 0, 1, 1.0 * 0.5 * M * 6),
    "I.5.2.poor": (1, 0, 1, 1.0 * 0.5 * M * 6),
    "I.5.3": (0, 0, 0, 0),
    "I.6": (2, 1, 1, (2.5 + 1.5) * 0.5 * M * 6),
    "I.6.1": (1, 1, 0, 2.5 * 0.5 * M * 6),
    "I.6.1.a": (1, 1, 0, 2.5 * 0.5 * M * 6),
    "I.6.1.b": (0, 0, 0, 0),
    "I.6.1.c": (0, 0, 0, 0),
    "I.6.2": (1, 0, 1, 1.5 * 0.5 * M * 6),
    "I.6.2.a": (0, 0, 0, 0),
    "I.6.2.b": (1, 0, 1, 1.5 * 0.5 * M * 6),
    "I.6.2.c": (0, 0, 0, 0),
    "II.1": (0, 0, 0, 0),
    "II.1.u4": (0, 0, 0, 0),
    "II.2": (0, 0, 0, 0),
    "II.2.a": (0, 0, 0, 0),
    "II.2.b": (0, 0, 0, 0),
    "II.2.c": (0, 0, 0, 0),
    "II.3": (0, 0, 0, 0),
    "IV": (1, 1, 0, 10 * M),
}


def figures(form, key):
    cell = form.cell(key)
    return None if cell is None else (cell.total, cell.male, cell.female, cell.amount)


def test_commune_cell_by_cell(register):
    form = form10a.compute(H1_2025, register.doi_ngo.pk)
    for row in ROWS:
        expected = COMMUNE.get(row.key)
        assert figures(form, row.key) == (None if expected is None else tuple(int(v) for v in expected)), row.key
    # headings and section III (not kept in the system) are blank, never 0
    assert all(form.cell(key) is None for key in ("I", "II", "III", "III.1", "III.5.3", "III.6"))


def test_approved_lists_give_the_same_money_from_the_half_year_sums(register, actors):
    """The money of approved lists is read from the half-year sums written when each list was approved
    (payments.HalfYearMoney), that of drafts from their lines: the same cells with every list a draft,
    with January–March approved, and with all approved; a second approval adds nothing again."""
    expected = {row.key: figures(form10a.compute(H1_2025, register.doi_ngo.pk), row.key) for row in ROWS}
    lists = PayrollMonth.objects.filter(month__gte=JAN.first_day, month__lte=H1_2025.last.first_day)
    for step in (lists.filter(month__lte=date(2025, 3, 1)), lists):
        for payroll in step.filter(status=PayrollStatus.DRAFT):
            payroll_approve(actor=actors.labour_head, payroll=payroll, acknowledgement=ACKNOWLEDGED)
        form = form10a.compute(H1_2025, register.doi_ngo.pk)
        assert {row.key: figures(form, row.key) for row in ROWS} == expected
    assert not lists.filter(summed=False).exists()
    sums = HalfYearMoney.objects.filter(half=JAN.first_day).aggregate(total=Sum("amount"))["total"]
    assert (
        sums
        == PayrollLine.objects.filter(payroll__in=lists, entitlement__isnull=False).aggregate(total=Sum("total"))[
            "total"
        ]
    )
    payroll_approve(actor=actors.labour_head, payroll=lists.first(), acknowledgement=ACKNOWLEDGED)
    assert HalfYearMoney.objects.filter(half=JAN.first_day).aggregate(total=Sum("amount"))["total"] == sums
    # a period that is not a half-year reads the lines: the same money for the same months
    quarter = form10a.compute(Period(JAN, YearMonth(2025, 3)), register.doi_ngo.pk)
    assert quarter.cell("I.5").amount == sum(
        line.total
        for line in PayrollLine.objects.filter(
            month__lte=date(2025, 3, 1), commune=register.doi_ngo, category_code__startswith="5.5"
        )
    )


def test_district_adds_the_other_commune(register):
    form = form10a.compute(H1_2025, register.district.pk)
    extra = 2.0 * 0.5 * M * 6  # Ông I, Cẩm Lý, 5.5a
    assert figures(form, "I.5") == (3, 2, 1, int(COMMUNE["I.5"][3] + extra))
    assert figures(form, "I.5.1") == (2, 2, 0, int(COMMUNE["I.5.1"][3] + extra))
    assert figures(form, "I.1") == tuple(int(v) for v in COMMUNE["I.1"])
    province = form10a.compute(H1_2025, register.district.parent.pk)
    assert figures(province, "I.5") == figures(form, "I.5")


def test_every_drilldown_equals_its_cell(register):
    for unit in (register.doi_ngo, register.district):
        form = form10a.compute(H1_2025, unit.pk)
        for row in ROWS:
            cell = form.cell(row.key)
            if cell is None:
                continue
            for column in COLUMNS:
                if column == "amount":
                    lines = form10a.drilldown_lines(H1_2025, unit.pk, row)
                    assert sum(amount for _, _, amount in lines) == cell.amount, (row.key, column)
                else:
                    people = form10a.drilldown_people(H1_2025, unit.pk, row, column)
                    assert len(people) == getattr(cell, column), (row.key, column)
    people = form10a.drilldown_people(H1_2025, register.doi_ngo.pk, form10a.ROWS_BY_KEY["I.6.2.b"], "female")
    assert [p.full_name for p in person_objects(people)] == ["Chị G"]


def person_objects(pairs):
    from ansinh.registry.models import Person

    return [Person.objects.get(pk=pk) for pk, _ in pairs]


def test_xlsx_in_the_official_layout(register):
    form = form10a.compute(H1_2025, register.doi_ngo.pk)
    head = documents.letterhead(register.doi_ngo, "Kỳ báo cáo: 6 tháng đầu năm 2025")
    sheet = load_workbook(BytesIO(documents.form10a_xlsx(form, head, date(2025, 7, 10)))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[7] == ("Số TT", "Chỉ tiêu", "Tổng số (Người)", "Trong đó", None, "Kinh phí (triệu đồng)")
    assert rows[8] == (None, None, None, "Nam (Người)", "Nữ (Người)", None)
    assert {str(r) for r in sheet.merged_cells.ranges} >= {"A8:A9", "B8:B9", "C8:C9", "D8:E8", "F8:F9"}
    body = dict(zip([row.key for row in ROWS], rows[9 : 9 + len(ROWS)], strict=True))
    assert body["I.1"] == ("1", "   Trẻ em dưới 16 tuổi không có nguồn nuôi dưỡng", 2, 1, 1, 12.0)
    assert body["I.6.2"] == ("6.2", "      Người khuyết tật nặng", 1, 0, 1, 4.5)
    assert body["I.5.2.poor"] == (None, "         Trong đó: thuộc diện hộ nghèo", 1, 0, 1, 3.0)
    assert body["IV"] == ("IV", "HỖ TRỢ CHI PHÍ MAI TÁNG", 1, 1, 0, 10.0)
    assert body["III"] == ("III", "NUÔI DƯỠNG TRONG CƠ SỞ BẢO TRỢ XÃ HỘI, NHÀ XÃ HỘI", None, None, None, None)
    assert body["III.1"][2:] == (None, None, None, None)
    assert rows[0][0] == "UBND HUYỆN LỤC NAM" and rows[1][0].startswith("UBND ")
    assert any(row[3] == "THỦ TRƯỞNG CƠ QUAN/ĐƠN VỊ" for row in rows if len(row) > 3)


def test_pdf_reads_back(register):
    form = form10a.compute(H1_2025, register.district.pk)
    head = documents.letterhead(register.district, "Kỳ báo cáo: 6 tháng đầu năm 2025")
    text = pdf_text(documents.form10a_pdf(form, head, date(2025, 7, 10)))
    assert "SỐ LIỆU KẾT QUẢ THỰC HIỆN TRỢ GIÚP XÃ HỘI THƯỜNG XUYÊN" in text
    assert "PHÒNG LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI" in text
    assert "Kỳ báo cáo: 6 tháng đầu năm 2025" in text
    assert "Người cao tuổi 3 2 1 15,75" in text  # 9,75 + 6 million for Ông I
    assert "THỦ TRƯỞNG CƠ QUAN/ĐƠN VỊ" in text


def test_suspended_and_ended_categories_are_not_counted_at_the_end(lucnam):
    """The payability test of the period's last month (payable_sql, hashed sets of suspensions and ended
    categories): an open suspension and a category ended in law (5.5b, to 30/06/2025) leave the row; a
    lifted suspension or one that ended before the month does not."""
    from ansinh.cases.models import Suspension
    from ansinh.payments.tests.conftest import decision

    doi_ngo = lucnam.doi_ngo
    h2, july, december = Period.half_year(2025, 2), YearMonth(2025, 7), YearMonth(2025, 12)
    counted = entitle(resident(doi_ngo, "Ông L", date(1940, 1, 1), "male"), "5.5a", "2.0", start=july)
    ended_in_law = entitle(resident(doi_ngo, "Bà M", date(1949, 1, 1), "female"), "5.5b", "1.0", start=JAN)
    suspended = entitle(resident(doi_ngo, "Bà N", date(1941, 1, 1), "female"), "5.5a", "2.0", start=july)
    lifted = entitle(resident(doi_ngo, "Ông O", date(1942, 1, 1), "male"), "5.5a", "2.0", start=july)
    resumed = entitle(resident(doi_ngo, "Ông P", date(1943, 1, 1), "male"), "5.5a", "2.0", start=july)
    stop = decision(doi_ngo, month=YearMonth(2025, 9))
    Suspension.objects.create(
        entitlement=suspended, from_month=YearMonth(2025, 9).first_day, reason="detention", decision=stop
    )
    Suspension.objects.create(
        entitlement=lifted, from_month=YearMonth(2025, 9).first_day, reason="detention", decision=stop, lifted_by=stop
    )
    Suspension.objects.create(
        entitlement=resumed,
        from_month=YearMonth(2025, 9).first_day,
        to_month=december.first_day,
        reason="detention",
        decision=stop,
    )
    form = form10a.compute(h2, doi_ngo.pk)
    assert figures(form, "I.5") == (3, 3, 0, 0)
    assert figures(form, "I.5.1") == (3, 3, 0, 0)
    people = form10a.drilldown_people(h2, doi_ngo.pk, form10a.ROWS_BY_KEY["I.5"], "total")
    assert {pk for pk, _ in people} == {counted.person_id, lifted.person_id, resumed.person_id}
    assert ended_in_law.person_id not in {pk for pk, _ in people}
