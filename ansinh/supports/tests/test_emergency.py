"""Emergency rounds (NĐ 20/2021 Arts 12–15): amounts per need and date, the round from the village lists to the
chair's decision within its dated deadline, and the round's documents read back (5a, 5b, distribution, totals)."""

from datetime import date
from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from openpyxl import load_workbook

from ansinh.supports import documents
from ansinh.supports.actions import round_decide, round_line_add, round_open, round_submit
from ansinh.supports.emergency import line_amount, rice_months_allowed
from ansinh.supports.models import EmergencyRound
from ansinh.territory.actions import village_create
from tests.readback import collapsed, pdf_text

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("kind", "people", "months", "day", "rice_kg", "amount"),
    [
        ("rice", 4, 3, date(2024, 9, 8), 180, 0),  # 4 people × 15 kg × 3 months
        ("rice", 5, 1, date(2025, 1, 20), 75, 0),  # Tết: one month
        ("injury", 1, 1, date(2024, 6, 10), 0, 3_600_000),  # 10 × 360.000 before 07/2024
        ("injury", 1, 1, date(2024, 9, 8), 0, 5_000_000),  # 10 × 500.000 from 07/2024
        ("death", 1, 1, date(2024, 9, 8), 0, 25_000_000),  # 50 × 500.000
        ("house_destroyed", 1, 1, date(2024, 9, 8), 0, 40_000_000),
        ("relocation", 1, 1, date(2024, 9, 8), 0, 30_000_000),
        ("house_damaged", 1, 1, date(2024, 9, 8), 0, 20_000_000),
    ],
)
def test_amounts_per_need_and_date(kind, people, months, day, rice_kg, amount):
    result = line_amount(kind, people=people, rice_months=months, day=day, province="24")
    assert (result.rice_kg, result.amount) == (rice_kg, amount)
    assert "NĐ 20/2021/NĐ-CP, Điều 1" in result.basis


def test_rice_months_per_round_kind():
    assert rice_months_allowed("tet", date(2025, 1, 20)) == 1
    assert rice_months_allowed("disaster", date(2024, 9, 8)) == 3


@pytest.fixture
def villages(actors, lucnam):
    return [
        village_create(actor=actors.own_commune_officer, commune=lucnam.doi_ngo, name=name, valid_from=date(2024, 1, 1))
        for name in ("Thôn Bến Trăng", "Thôn Chản")
    ]


def test_a_storm_round_from_village_lists_to_the_chairs_decision_and_its_documents(actors, lucnam, villages, today_is):
    today_is(date(2024, 9, 13))  # a Friday
    with pytest.raises(ValidationError, match="từ 1 đến 3"):
        round_open(
            actor=actors.own_commune_officer,
            name="Bão số 3",
            kind="disaster",
            occurred_on=date(2024, 9, 8),
            rice_months=4,
        )
    with pytest.raises(PermissionDenied, match="không có quyền"):
        round_open(
            actor=actors.labour_officer, name="Bão số 3", kind="disaster", occurred_on=date(2024, 9, 8), rice_months=3
        )
    storm = round_open(
        actor=actors.own_commune_officer,
        name="Bão số 3 (Yagi)",
        kind="disaster",
        occurred_on=date(2024, 9, 8),
        rice_months=3,
    )
    ben_trang, chan = villages
    add = round_line_add
    add(
        actor=actors.own_commune_officer,
        round_=storm,
        village=ben_trang,
        kind="rice",
        household_head="Nguyễn Văn A",
        people=4,
    )
    add(
        actor=actors.own_commune_officer,
        round_=storm,
        village=ben_trang,
        kind="rice",
        household_head="Trần Thị B",
        people=2,
    )
    add(actor=actors.own_commune_officer, round_=storm, village=chan, kind="rice", household_head="Lê Văn C", people=5)
    add(actor=actors.own_commune_officer, round_=storm, village=chan, kind="house_destroyed", household_head="Lê Văn C")
    add(
        actor=actors.own_commune_officer,
        round_=storm,
        village=chan,
        kind="injury",
        household_head="Phạm Văn D",
        person_name="Phạm Văn E",
    )
    with pytest.raises(ValidationError, match="họ tên người bị thương"):
        add(actor=actors.own_commune_officer, round_=storm, village=chan, kind="death", household_head="Phạm Văn D")
    with pytest.raises(PermissionDenied, match="không có quyền"):
        add(actor=actors.other_commune_officer, round_=storm, village=chan, kind="rice", household_head="X", people=1)
    with pytest.raises(PermissionDenied, match="không có quyền"):
        round_decide(actor=actors.own_commune_officer, round_=storm)

    storm = round_submit(actor=actors.own_commune_officer, round_=storm)
    assert storm.decision_due == date(2024, 9, 17)  # 2 working days after Friday: Tuesday
    with pytest.raises(ValidationError, match="đã trình"):
        add(actor=actors.own_commune_officer, round_=storm, village=chan, kind="rice", household_head="Muộn", people=1)
    storm = round_decide(actor=actors.own_commune_chair, round_=storm)
    assert storm.status == "decided" and storm.decision.number.endswith("QĐ-UBND")
    assert storm.decision.kind == "emergency"
    with pytest.raises(ValidationError, match="đã có quyết định"):
        round_decide(actor=actors.own_commune_chair, round_=storm)

    totals = documents.round_totals(documents.round_lines(storm))
    assert (totals.people, totals.rice_kg, totals.amount) == (13, 495, 45_000_000)  # 11 × 15 × 3 kg; 40M + 5M

    book = load_workbook(BytesIO(documents.totals_xlsx(storm)))
    rows = [list(row) for row in book.active.iter_rows(values_only=True)]
    assert rows[2] == ["Nội dung hỗ trợ", "Số dòng", "Số người", "Gạo (kg)", "Số tiền (đồng)"]
    assert ["Thiếu đói: hỗ trợ gạo", 3, 11, 495, 0] in rows
    assert rows[-1] == ["Tổng cộng", 5, 13, 495, 45_000_000]

    text = collapsed(pdf_text(documents.totals_pdf(storm)))
    assert "Tổng cộng 13 495 45.000.000 đ" in text
    assert storm.decision.number in text

    sheet = collapsed(pdf_text(documents.distribution_pdf(storm)))
    assert "Ký nhận" in sheet and "Phạm Văn E" in sheet and "40.000.000 đ" in sheet
    form_5a = collapsed(pdf_text(documents.form_5a_pdf(storm)))
    assert "THÔN: Bến Trăng" in form_5a and "Tổng 6" in form_5a and "TRƯỞNG THÔN" in form_5a
    form_5b = collapsed(pdf_text(documents.form_5b_pdf(storm)))
    assert "Chản 1 5" in form_5b and "Tổng 3 11" in form_5b


def test_a_tet_round_gives_rice_only_for_one_month(actors, villages, today_is):
    today_is(date(2025, 1, 20))
    with pytest.raises(ValidationError, match="từ 1 đến 1"):
        round_open(
            actor=actors.own_commune_officer, name="Gạo Tết", kind="tet", occurred_on=date(2025, 1, 20), rice_months=2
        )
    tet = round_open(
        actor=actors.own_commune_officer, name="Gạo Tết Ất Tỵ", kind="tet", occurred_on=date(2025, 1, 20), rice_months=1
    )
    with pytest.raises(ValidationError, match="chỉ hỗ trợ gạo"):
        round_line_add(
            actor=actors.own_commune_officer, round_=tet, village=villages[0], kind="house_damaged", household_head="A"
        )
    with pytest.raises(ValidationError, match="chưa có dòng"):
        round_submit(actor=actors.own_commune_officer, round_=tet)
    assert EmergencyRound.objects.get(pk=tet.pk).status == "open"
