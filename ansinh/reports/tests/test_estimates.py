"""The budget estimate (issue 19 item 3): the projection on a small register with hand-computed
expectations, the estimate of a past year against its payment lists, adjusting, sending, receiving."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from ansinh.audit.models import AuditEvent
from ansinh.core.access import NOT_ALLOWED, Role
from ansinh.core.months import YearMonth
from ansinh.payments.actions import payroll_generate
from ansinh.payments.tests.conftest import entitle, funeral, person
from ansinh.reports import actions, documents, projection, selectors
from ansinh.reports.models import EstimateLine, ReportStatus
from ansinh.reports.policies import estimate_policy
from tests.fixtures import make_user

pytestmark = pytest.mark.django_db

H1 = range(1, 7)  # 500.000 đ (NĐ 76/2024) …
H2 = range(7, 13)  # … 540.000 đ from 01/07/2026 (rules migration 0002: NĐ 335/2026)


JULY_2025 = YearMonth(2025, 7)


def born(commune, name, day, category, coefficient, start=JULY_2025, end=None):
    who = person(commune, name, birth_year=day.year, birth_date=day)
    return entitle(who, category=category, coefficient=coefficient, start=start, end=end)


def by_cell(lines):
    found = defaultdict(dict)
    for line in lines:
        found[line.support][line.month] = line
    return found


@pytest.fixture
def xa(lucnam):
    """Xã Lục Nam (from 01/07/2025: the commune flow, no district)."""
    return lucnam["07444@2025"]


@pytest.fixture
def register(xa):
    # before the trend's window: no trend for 5.5a and 5.1
    born(xa, "An (76 tuổi)", date(1950, 6, 10), "5.5a", "1.5", start=YearMonth(2024, 1))
    born(xa, "Bình (đủ 80 tuổi tháng 3)", date(1946, 3, 15), "5.5a", "1.5", start=YearMonth(2024, 1))
    born(xa, "Cúc (đủ 4 tuổi tháng 9)", date(2022, 9, 1), "5.1", "2.5", start=YearMonth(2024, 1))
    # the trend: 13 people with a disability allowance started in the window (12/2024–11/2025), one ended
    for index in range(12):
        born(xa, f"Dũng {index}", date(1980, 1, 1), "5.6", "2.0", start=YearMonth(2025, 5))
    born(xa, "Em", date(1980, 1, 1), "5.6", "2.0", start=YearMonth(2025, 5), end=YearMonth(2025, 8))
    # two funerals in the window: 14.400.000 đ over 12 months
    gone = person(xa, "Giang", birth_year=1930)
    funeral(gone, YearMonth(2025, 3))
    funeral(person(xa, "Hà", birth_year=1931), YearMonth(2025, 9))
    return xa


def test_projection_by_hand(register, today_is):
    """Prepared on 05/12/2025 for 2026: the rate changes in July, Bình moves to 2,0 in March (80),
    Cúc to 1,5 in September (4), the disability allowance grows by (13 − 1) / 12 = 1 person a month."""
    today_is(date(2025, 12, 5))
    found = by_cell(projection.project(register, 2026, date(2025, 12, 5)).lines)
    elderly = found["5.5a"]
    expected = {1: 1_500_000, 2: 1_500_000, **dict.fromkeys(range(3, 7), 1_750_000), **dict.fromkeys(H2, 1_890_000)}
    assert {month: line.amount for month, line in elderly.items()} == expected
    assert all(line.people == 2 for line in elderly.values())
    assert "1 người sang hệ số 2,0 khi đủ 80 tuổi" in elderly[3].explanation
    assert "(từ tháng 3)" in elderly[3].explanation
    assert "1 người × 1.000.000 đ (hệ số 2,0)" in elderly[3].explanation
    child = found["5.1"]
    expected = {**dict.fromkeys(H1, 1_250_000), 7: 1_350_000, 8: 1_350_000, **dict.fromkeys(range(9, 13), 810_000)}
    assert {month: line.amount for month, line in child.items()} == expected
    assert "sang hệ số 1,5 khi đủ 4 tuổi" in child[9].explanation
    disabled = found["5.6"]
    # base 12 × 2,0 × rate; the trend +1 person a month from January (1 month after December 2025)
    assert {month: line.people for month, line in disabled.items()} == {month: 12 + month for month in range(1, 13)}
    assert disabled[1].amount == 13 * 1_000_000
    assert disabled[12].amount == 24 * 1_080_000
    assert "+13/−1 người" in disabled[12].explanation and "+1 người/tháng" in disabled[12].explanation
    burial = found[projection.FUNERAL]
    assert {line.amount for line in burial.values()} == {1_200_000}
    assert "2 lượt, 14.400.000 đ ÷ 12 = 1.200.000 đ/tháng" in burial[1].explanation


def test_a_category_ending_inside_the_year(lucnam, today_is):
    """5.5c ends on 30/06/2025 (Luật BHXH 41/2024): projected for January–June 2025 only. Prepared in
    December 2024, under the district flow: the district's estimate covers its communes of 01/01/2025."""
    today_is(date(2024, 12, 5))
    born(lucnam.doi_ngo, "Khánh", date(1940, 5, 1), "5.5c", "1.0", start=YearMonth(2023, 1))
    found = by_cell(projection.project(lucnam.district, 2025, date(2024, 12, 5)).lines)["5.5c"]
    assert {month: line.amount for month, line in found.items()} == {
        **dict.fromkeys(H1, 500_000),
        **dict.fromkeys(H2, 0),
    }
    assert "diện 5.5c hết hiệu lực từ 30/06/2025" in found[7].explanation
    assert {line.commune_id for line in found.values()} == {lucnam.doi_ngo.pk}


def test_a_past_year_against_its_payment_lists(xa, actors, today_is):
    """A stable register: the estimate of 2026 (prepared after the year began, so no trend) equals the
    payment lists month by month; the comparison shows each month, the difference and the percentage."""
    today_is(date(2026, 12, 5))
    born(xa, "An", date(1950, 6, 10), "5.5a", "1.5")
    born(xa, "Dũng", date(1980, 1, 1), "5.6", "2.0", start=YearMonth(2026, 4))
    born(xa, "Lan", date(1948, 2, 2), "HTXH.75", "1", start=YearMonth(2025, 7))  # the social pension
    officer = make_user("xa.lucnam", "ubnd-07444-2025", Role.OFFICER)
    estimate = actions.estimate_prepare(actor=officer, unit=xa, year=2026).estimate
    for month in range(1, 12):
        payroll_generate(actor=None, month=YearMonth(2026, month))
    rows = selectors.estimate_against_actual(
        estimate, selectors.month_totals(selectors.estimate_rows(estimate, officer))
    )
    assert [row.estimate for row in rows[:3]] == [1_250_000, 1_250_000, 1_250_000]
    assert rows[3].estimate == 750_000 + 1_000_000 + 500_000
    assert rows[6].estimate == 810_000 + 1_080_000 + 540_000
    for row in rows[:11]:
        assert row.actual == row.estimate, row.month
        assert row.difference == 0 and row.percent == 100
    assert rows[11].actual == 0 and rows[11].percent == 0


@pytest.fixture
def commune_estimate(register, today_is):
    today_is(date(2025, 12, 5))
    officer = make_user("xa.lucnam", "ubnd-07444-2025", Role.OFFICER)
    chair = make_user("xa.lucnam.ct", "ubnd-07444-2025", Role.CHAIR)
    prepared = actions.estimate_prepare(actor=officer, unit=register, year=2026)
    return prepared.estimate, officer, chair


def test_adjust_with_and_without_a_reason(commune_estimate):
    estimate, officer, _ = commune_estimate
    line = estimate.lines.get(support="5.6", month=12)
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError, match="Phải ghi lý do"):
        actions.estimate_adjust(actor=officer, line=line, amount=20_000_000, people=20, reason="  ")
    line.refresh_from_db()
    assert line.adjusted_amount is None and AuditEvent.objects.count() == events
    actions.estimate_adjust(actor=officer, line=line, amount=20_000_000, people=20, reason="Hai người chuyển đi")
    line.refresh_from_db()
    assert (line.amount, line.final_amount, line.final_people) == (24 * 1_080_000, 20_000_000, 20)
    assert AuditEvent.objects.filter(action="reports.estimate_adjust").count() == 1
    # re-projecting the draft keeps the adjustment
    again = actions.estimate_prepare(actor=officer, unit=estimate.unit, year=2026)
    assert again.kept == 1 and again.dropped == []
    assert EstimateLine.objects.get(estimate=estimate, support="5.6", month=12).final_amount == 20_000_000


def test_reprojection_names_the_adjustments_dropped(commune_estimate):
    estimate, officer, _ = commune_estimate
    line = estimate.lines.get(support="funeral", month=1)
    actions.estimate_adjust(actor=officer, line=line, amount=0, people=0, reason="Không dự kiến")
    from ansinh.cases.models import OneOffSupport

    OneOffSupport.objects.all().delete()
    again = actions.estimate_prepare(actor=officer, unit=estimate.unit, year=2026)
    assert again.kept == 0
    assert again.dropped == ["Lục Nam, Hỗ trợ chi phí mai táng, tháng 01/2026"]


def test_send_twice_frozen_and_received_by_the_province(commune_estimate, actors):
    estimate, officer, chair = commune_estimate
    with pytest.raises(PermissionDenied, match=NOT_ALLOWED):
        actions.estimate_send(actor=officer, estimate=estimate)  # the chair sends (NĐ 147/2025)
    sent = actions.estimate_send(actor=chair, estimate=estimate)
    assert sent.status == ReportStatus.SENT
    events = AuditEvent.objects.count()
    again = actions.estimate_send(actor=chair, estimate=estimate)
    assert again.sent_at == sent.sent_at and AuditEvent.objects.count() == events
    line = estimate.lines.get(support="5.5a", month=1)
    with pytest.raises(PermissionDenied, match=NOT_ALLOWED):
        actions.estimate_adjust(actor=officer, line=line, amount=1, people=1, reason="Sau khi gửi")
    with pytest.raises(ValidationError, match="đã gửi"):
        actions.estimate_prepare(actor=officer, unit=estimate.unit, year=2026)
    line.refresh_from_db()
    assert line.adjusted_amount is None
    assert estimate_policy.recipient_kind(sent) == "province"
    province = make_user("so.canbo", "so-ldtbxh-24", Role.OFFICER)
    with pytest.raises(PermissionDenied, match=NOT_ALLOWED):
        actions.estimate_receive(actor=actors.province_viewer, estimate=estimate)
    assert actions.estimate_receive(actor=province, estimate=estimate).status == ReportStatus.RECEIVED


def test_district_flow_labour_office_to_finance_office(lucnam, actors, today_is):
    today_is(date(2024, 12, 5))
    born(lucnam.doi_ngo, "Khánh", date(1940, 5, 1), "5.5a", "2.0", start=YearMonth(2024, 1))
    with pytest.raises(PermissionDenied, match=NOT_ALLOWED):
        actions.estimate_prepare(actor=actors.own_commune_officer, unit=lucnam.doi_ngo, year=2025)
    estimate = actions.estimate_prepare(actor=actors.labour_officer, unit=lucnam.district, year=2025).estimate
    assert estimate.flow == "district"
    assert estimate not in estimate_policy.visible(actors.finance_officer)
    actions.estimate_send(actor=actors.labour_head, estimate=estimate)
    assert actions.estimate_receive(actor=actors.finance_officer, estimate=estimate).status == ReportStatus.RECEIVED


def test_the_xlsx_read_back(commune_estimate):
    estimate, officer, _ = commune_estimate
    line = estimate.lines.get(support="5.5a", month=1)
    actions.estimate_adjust(actor=officer, line=line, amount=1_600_000, people=2, reason="Làm tròn")
    sheet = load_workbook(BytesIO(documents.estimate_xlsx(estimate, date(2025, 12, 6), officer))).active
    cells = [list(row) for row in sheet.iter_rows(values_only=True)]
    header = next(row for row in cells if row[0] == "Số TT")
    assert header[1:4] == ["Xã, phường", "Loại hỗ trợ", "Tháng 1"]
    assert header[-1] == "Cả năm"
    elderly = next(row for row in cells if row[2] == "Diện 5.5a")
    assert elderly[1] == "Xã Lục Nam"
    assert elderly[3] == 1_600_000  # the adjusted figure
    assert elderly[5] == 1_750_000
    assert elderly[-1] == 1_600_000 + 1_500_000 + 4 * 1_750_000 + 6 * 1_890_000
    total = next(row for row in cells if row[1] == "Tổng cộng")
    assert total[-1] == sum(line.final_amount for line in estimate.lines.all())
    assert any("DỰ TOÁN KINH PHÍ" in str(row[0]) for row in cells)


def test_bad_input_on_the_pages_changes_nothing(commune_estimate):
    """A missing reason or a negative amount: the form says why in Vietnamese and nothing is written;
    a year out of range is refused with a message."""
    estimate, officer, _ = commune_estimate
    client = Client()
    client.force_login(officer)
    line = estimate.lines.get(support="5.5a", month=1)
    url = reverse("reports:estimate_adjust", args=[estimate.pk, line.pk])
    events = AuditEvent.objects.count()
    page = client.post(url, {"amount": "100", "reason": ""})
    assert page.status_code == 200 and "Phải ghi lý do điều chỉnh." in page.content.decode()
    page = client.post(url, {"amount": "-5", "reason": "Sai"})
    assert page.status_code == 200 and list(page.context["form"].errors) == ["amount"]
    line.refresh_from_db()
    assert line.adjusted_amount is None and AuditEvent.objects.count() == events
    page = client.post(reverse("reports:estimate_prepare"), {"nam": "2035"}, follow=True)
    assert "Chỉ lập dự toán cho các năm từ 2022 đến 2026." in page.content.decode()
    assert AuditEvent.objects.count() == events


def test_hiv_categories_are_one_masked_row_for_readers_without_the_right(xa, actors, today_is):
    """5.3 and 5.8 tell HIV: the commune officer sees them, the chair who sends the estimate and the
    province that receives it see one "Bảo mật" row per commune with the same money, never the people or
    how they were projected, on the page and in the XLSX."""
    today_is(date(2025, 12, 5))
    born(xa, "Hùng", date(1980, 3, 3), "5.3", "2.5")
    born(xa, "Mai", date(1975, 4, 4), "5.8", "2.5")
    born(xa, "An", date(1950, 6, 10), "5.5a", "1.5")
    officer = make_user("xa.lucnam", "ubnd-07444-2025", Role.OFFICER)
    chair = make_user("xa.lucnam.ct", "ubnd-07444-2025", Role.CHAIR)
    estimate = actions.estimate_prepare(actor=officer, unit=xa, year=2026).estimate
    own = selectors.estimate_rows(estimate, officer)
    assert {row.support for row in own} == {"5.3", "5.8", "5.5a"}
    masked = selectors.estimate_rows(estimate, chair)
    assert [row.support for row in masked] == ["5.5a", "Bảo mật"]
    hidden = next(row for row in masked if row.support == "Bảo mật")
    assert hidden.total == sum(row.total for row in own if row.support in {"5.3", "5.8"}) > 0
    assert selectors.month_totals(masked) == selectors.month_totals(own)
    client = Client()
    client.force_login(chair)
    page = client.get(reverse("reports:estimate_detail", args=[estimate.pk])).content.decode()
    assert "Bảo mật" in page and "5.3" not in page and "5.8" not in page and "HIV" not in page
    sheet = load_workbook(BytesIO(documents.estimate_xlsx(estimate, date(2025, 12, 6), chair))).active
    texts = [str(value) for row in sheet.iter_rows(values_only=True) for value in row if value is not None]
    assert "Bảo mật" in texts and not any("5.3" in text or "5.8" in text for text in texts)
