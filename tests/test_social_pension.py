"""Issue 15 item 3: the social pension (trợ cấp hưu trí xã hội) as a second programme.

Amounts by month as dated data, the commune chair's transfer of the 5.5b/5.5c recipients of 30/06/2025
(no gap, no double payment, idempotent), "only the higher" against the monthly allowance, intake, the
periodic review's proposal and the transfer decision read back."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from ansinh.audit.models import AuditEvent
from ansinh.cases import intake
from ansinh.cases.amounts import funeral_amount
from ansinh.cases.documents import decision_document, decision_docx, decision_pdf
from ansinh.cases.dossiers import dossier_open
from ansinh.cases.models import Decision, DecisionKind, Dossier, Entitlement
from ansinh.cases.pension import pension_transfer, pension_transfer_preview
from ansinh.cases.review import Reason, review_month
from ansinh.cases.selectors import payable_entitlements
from ansinh.cases.transitions import dossier_transition
from ansinh.core.access import Role
from ansinh.core.months import YearMonth
from ansinh.payments import documents
from ansinh.payments.actions import payroll_generate
from ansinh.payments.models import LineKind, PayrollLine, PayrollMonth, Recovery
from ansinh.payments.tests.conftest import entitle, pay_all, person
from ansinh.registry.models import PersonFact
from ansinh.rules import pension
from ansinh.rules.models import Category, LegalDocument, Parameter
from ansinh.rules.rulebook import pension_periods_from_db
from tests.fixtures import make_user
from tests.readback import docx_text, pdf_text

JUNE_2025, JULY_2025, AUGUST_2025 = YearMonth(2025, 6), YearMonth(2025, 7), YearMonth(2025, 8)
JUNE_2026, JULY_2026 = YearMonth(2026, 6), YearMonth(2026, 7)
SIGNED = date(2025, 7, 10)


@pytest.fixture
def new_lucnam(lucnam):
    return lucnam["07444@2025"]


@pytest.fixture
def chair(lucnam):
    return make_user("xa.lucnam.ct", "ubnd-07444-2025", Role.CHAIR, full_name="Hoàng Văn Chủ")


@pytest.fixture
def elders(lucnam):
    """Under old TT Đồi Ngô (and Chu Điện, also merged into the new Xã Lục Nam) since 01/2024: two 5.5c, one
    5.5b; under Cẩm Lý (another new commune) one 5.5c."""
    an = person(lucnam.doi_ngo, "Nguyễn Văn An", birth_date=date(1938, 3, 1), birth_year=1938)
    entitle(an, category="5.5c", coefficient="1.0")
    binh = person(lucnam["07480"], "Trần Thị Bình", birth_date=date(1944, 5, 2), birth_year=1944)
    entitle(binh, category="5.5b", coefficient="1.0")
    cuc = person(lucnam.doi_ngo, "Lê Thị Cúc", birth_date=date(1940, 1, 9), birth_year=1940)
    entitle(cuc, category="5.5c", coefficient="1.0")
    other = person(lucnam.cam_ly, "Phạm Văn Dũng", birth_date=date(1939, 1, 1), birth_year=1939)
    entitle(other, category="5.5c", coefficient="1.0")
    return an, binh, cuc, other


def regular(who, month):
    return list(PayrollLine.objects.filter(person=who, month=month.first_day, kind=LineKind.REGULAR))


# --- amounts and categories as dated data -----------------------------------------------------------


@pytest.mark.parametrize(
    ("month", "amount"),
    [(JUNE_2025, 0), (JULY_2025, 500_000), (JUNE_2026, 500_000), (JULY_2026, 540_000)],
)
def test_pension_amount_by_month(db, month, amount):
    assert pension.monthly_amount(pension_periods_from_db(), month, "24") == amount


def test_a_province_top_up_is_added_from_its_date(db):
    Parameter.objects.create(
        key=pension.province_top_up_key("24"),
        value=100_000,
        valid_from=date(2026, 1, 1),
        source=LegalDocument.objects.get(number="176/2025/NĐ-CP"),
        clause="Nghị quyết HĐND tỉnh (thử)",
        confidence="unconfirmed",
    )
    periods = pension_periods_from_db()
    assert pension.monthly_amount(periods, YearMonth(2025, 12), "24") == 500_000
    assert pension.monthly_amount(periods, YearMonth(2026, 1), "24") == 600_000
    assert pension.monthly_amount(periods, YearMonth(2026, 1), "01") == 500_000


@pytest.mark.parametrize(
    ("age", "household", "has_pension", "expected"),
    [
        (80, "", False, "HTXH.75"),
        (75, "none", False, "HTXH.75"),
        (75, "", True, ""),
        (72, "poor", False, "HTXH.70"),
        (70, "near_poor", False, "HTXH.70"),
        (72, "none", False, ""),
        (69, "poor", False, ""),
        (72, "poor", True, ""),
    ],
)
def test_who_qualifies(age, household, has_pension, expected):
    assert pension.qualifying_category(age=age, household=household, pension=has_pension) == expected


def test_categories_are_dated_data_with_their_source(db):
    aged = Category.objects.get(code="HTXH.75")
    assert (aged.kind, aged.valid_from, aged.min_age) == ("social_pension", date(2025, 7, 1), 75)
    assert aged.source.number == "41/2024/QH15"
    poor = Category.objects.get(code="HTXH.70")
    assert (poor.min_age, poor.max_age, poor.confidence) == (70, 74, "unconfirmed")


def test_intake_offers_the_pension_from_july_2025(db):
    before = dict(intake.category_choices(restricted=False, day=date(2025, 6, 30)))
    after = dict(intake.category_choices(restricted=False, day=date(2025, 7, 1)))
    assert "HTXH.75" not in before
    assert after["HTXH.75"] == "HTXH.75 · Hưu trí xã hội, từ đủ 75 tuổi"
    assert after["HTXH.70"].startswith("HTXH.70 · Hưu trí xã hội, từ đủ 70 đến dưới 75 tuổi")
    assert "(hết hiệu lực từ 30/06/2025)" in after["5.5c"]


def test_intake_suggests_the_pension_or_says_what_is_missing(lucnam):
    old = person(lucnam["07444@2025"], "Đỗ Văn Giang", birth_date=date(1945, 2, 1), birth_year=1945)
    young = person(lucnam["07444@2025"], "Đỗ Thị Hà", birth_date=date(1953, 2, 1), birth_year=1953)
    got = intake.suggest(old, JULY_2026, category_code="HTXH.75")
    assert (got.category, got.amount, got.coefficient) == ("HTXH.75", 540_000, "1")
    refused = intake.suggest(young, JULY_2026, category_code="HTXH.70")
    assert refused.category == ""
    assert refused.missing == ("Không thuộc diện HTXH.70 vì: chưa có thông tin hộ nghèo năm 2026.",)
    PersonFact.objects.create(
        person=old, kind="income", value={"pension": True}, effective_from=date(2020, 1, 1), source="BHXH"
    )
    assert "đang hưởng lương hưu" in intake.suggest(old, JULY_2026, category_code="HTXH.75").missing[0]


# --- the transfer ------------------------------------------------------------------------------------


def test_preview_lists_who_would_be_transferred_and_why_not(today_is, lucnam, new_lucnam, elders):
    _an, _binh, cuc, other = elders
    today_is(SIGNED)
    cuc.life_status, cuc.death_date = "dead", date(2025, 5, 20)
    cuc.save()
    preview = pension_transfer_preview(commune=new_lucnam)
    assert [row.full_name for row in preview.rows] == ["Nguyễn Văn An", "Trần Thị Bình"]
    assert {row.category for row in preview.rows} == {"HTXH.75"}
    assert preview.monthly_total == 1_000_000
    assert [(p.full_name, p.reason[:9]) for p in preview.problems] == [("Lê Thị Cúc", "Đã chết n")]
    assert other.pk not in {row.person_id for row in preview.rows}  # Cẩm Lý is not covered
    assert preview.as_json()["by_category"] == {"HTXH.75": 2, "HTXH.70": 0}


def test_an_old_commune_cannot_transfer(today_is, lucnam, elders):
    today_is(SIGNED)
    with pytest.raises(ValidationError, match="không còn hoặc chưa có vào ngày 01/07/2025"):
        pension_transfer_preview(commune=lucnam.doi_ngo)


def test_transfer_no_gap_no_double_payment_idempotent(today_is, actors, lucnam, new_lucnam, chair, elders):
    an, binh, _cuc, other = elders
    today_is(date(2025, 6, 5))
    payroll_generate(actor=actors.labour_officer, month=JUNE_2025)
    june = {line.person_id: line for line in PayrollLine.objects.filter(month=JUNE_2025.first_day)}
    assert (june[an.pk].category_code, june[an.pk].total) == ("5.5c", 500_000)
    today_is(SIGNED)
    events = AuditEvent.objects.count()
    result = pension_transfer(actor=chair, commune=new_lucnam)
    assert result.transferred == 3  # An, Bình and Cúc (alive)
    decision = result.decision
    assert decision is not None
    assert (decision.kind, decision.number, decision.issued_on) == (DecisionKind.PENSION, "1/QĐ-UBND", SIGNED)
    assert (decision.commune, decision.signer_name, decision.status) == (new_lucnam, "Hoàng Văn Chủ", "signed")
    assert AuditEvent.objects.count() == events + 1
    assert AuditEvent.objects.latest("pk").action == "cases.pension_transfer"
    old = Entitlement.objects.get(person=an, category_code="5.5c")
    new = Entitlement.objects.get(person=an, category_code="HTXH.75")
    assert (old.end_month, old.ended_by) == (date(2025, 7, 1), decision)
    assert (new.start_month, new.commune, new.coefficient, new.granted_by) == (
        date(2025, 7, 1),
        new_lucnam,
        Decimal(1),
        decision,
    )
    # BHYT continuity is derivable: a payable entitlement in each month, of one programme then the other
    for month, code in ((JUNE_2025, "5.5c"), (JULY_2025, "HTXH.75"), (JULY_2026, "HTXH.75")):
        assert list(payable_entitlements(month).filter(person=an).values_list("category_code", flat=True)) == [code]

    payroll_generate(actor=None, month=JULY_2025)  # the system: the commune makes its own lists from 07/2025
    for who in (an, binh):
        (june_line,) = regular(who, JUNE_2025)
        (july_line,) = regular(who, JULY_2025)  # one line each month: no gap, no double payment
        assert (june_line.category_code[:3], july_line.category_code) == ("5.5", "HTXH.75")
        assert (june_line.total, july_line.total, july_line.rate) == (500_000, 500_000, 500_000)
        assert july_line.commune_id == new_lucnam.pk
    # Cẩm Lý's chair has not transferred: its 5.5c recipient is no longer paid (the category ended on 30/06/2025)
    still_old = PayrollLine.objects.filter(month=JULY_2025.first_day, category_code__in=["5.5b", "5.5c"])
    assert not still_old.exists()
    assert not PayrollLine.objects.filter(month=JULY_2025.first_day, person=other).exists()

    # a second run transfers no one again and writes nothing
    decisions, events = Decision.objects.count(), AuditEvent.objects.count()
    again = pension_transfer(actor=chair, commune=new_lucnam)
    assert (again.decision, again.transferred, again.preview.already_transferred) == (None, 0, 3)
    assert (Decision.objects.count(), AuditEvent.objects.count()) == (decisions, events)
    assert Entitlement.objects.filter(category_code="HTXH.75").count() == 3


def test_transfer_after_the_lists_of_july_were_paid_pays_arrears(today_is, actors, lucnam, new_lucnam, chair, elders):
    """Run late (the July list already paid, without the 5.5c line: the category ended on 30/06/2025): the
    pension is paid as arrears for July, nothing is recovered; August has one pension line."""
    an = elders[0]
    # the new commune already has a list in 07/2025 (its first), as after the territorial change
    entitle(person(new_lucnam, "Hồ Văn Mới", birth_year=1950), category="5.6", coefficient="2.0", start=JULY_2025)
    today_is(date(2025, 7, 2))
    payroll_generate(actor=None, month=JULY_2025)  # the system: the commune makes its own lists from 07/2025
    today_is(date(2025, 7, 10))
    for payroll in PayrollMonth.objects.filter(month=JULY_2025.first_day, line_count__gt=0):
        pay_all(replace(actors, own_commune_chair=chair), payroll)  # the commune chair approves from 07/2025
    today_is(date(2025, 7, 20))
    pension_transfer(actor=chair, commune=new_lucnam)
    payroll_generate(actor=None, month=AUGUST_2025)  # the system: the commune makes its own lists from 07/2025
    august = list(PayrollLine.objects.filter(person=an, month=AUGUST_2025.first_day).order_by("kind"))
    assert {(line.kind, line.category_code, line.total) for line in august} == {
        ("regular", "HTXH.75", 500_000),
        ("arrears", "HTXH.75", 500_000),
    }
    assert not PayrollLine.objects.filter(person=an, month=JULY_2025.first_day).exists()
    assert not Recovery.objects.filter(person=an).exists()


@pytest.mark.parametrize("who", ["own_commune_officer", "own_commune_chair", "district_chair", "admin", "labour_head"])
def test_only_the_chair_of_a_covering_commune_transfers(today_is, actors, lucnam, new_lucnam, elders, who):
    today_is(SIGNED)
    entitlements = Entitlement.objects.count()
    with pytest.raises(PermissionDenied, match="quyền"):
        pension_transfer(actor=getattr(actors, who), commune=new_lucnam)
    assert Entitlement.objects.count() == entitlements


def test_the_chair_signs_from_july_2025_only(today_is, new_lucnam, chair, elders):
    today_is(SIGNED)
    with pytest.raises(ValidationError, match="từ ngày 01/07/2025"):
        pension_transfer(actor=chair, commune=new_lucnam, signed_on=date(2025, 6, 30))
    assert not Entitlement.objects.filter(category_code__startswith="HTXH.").exists()


def test_the_transfer_decision_reads_back(today_is, new_lucnam, chair, elders):
    today_is(SIGNED)
    decision = pension_transfer(actor=chair, commune=new_lucnam).decision
    assert decision is not None
    document = decision_document(decision)
    for text in (docx_text(decision_docx(document)), pdf_text(decision_pdf(document))):
        assert "Về việc chuyển 3 người sang hưởng trợ cấp hưu trí xã hội hằng tháng" in text
        assert "Căn cứ Luật Bảo hiểm xã hội số 41/2024/QH15" in text
        assert "1/QĐ-UBND" in text
        assert "Nguyễn Văn An" in text and "HTXH.75" in text
        assert "kể từ tháng 07/2025" in text
        assert "Xét đề nghị của công chức Văn hóa - Xã hội" in text


# --- only the higher -----------------------------------------------------------------------------------


def test_only_the_higher_of_pension_and_allowance_each_month(today_is, actors, lucnam, new_lucnam, chair):
    """5.5a at 1.5 (750.000 đ) held with HTXH.75 (500.000 đ): one line, the allowance. With a province
    top-up of 300.000 đ from 08/2025 the pension (800.000 đ) is higher: one line, the pension. The month paid
    under one programme is never paid again under the other as arrears."""
    today_is(date(2025, 9, 1))
    giang = person(new_lucnam, "Vũ Văn Giang", birth_date=date(1940, 4, 4), birth_year=1940)
    entitle(giang, category="5.5a", coefficient="1.5", start=JULY_2025)
    entitle(giang, category="HTXH.75", coefficient="1", start=JULY_2025)
    payroll_generate(actor=None, month=JULY_2025)  # the system: the commune makes its own lists from 07/2025
    (july,) = regular(giang, JULY_2025)
    assert (july.category_code, july.total) == ("5.5a", 750_000)
    pay_all(
        replace(actors, own_commune_chair=chair),
        PayrollMonth.objects.get(month=JULY_2025.first_day, commune=new_lucnam),
    )
    Parameter.objects.create(
        key=pension.province_top_up_key("24"),
        value=300_000,
        valid_from=date(2025, 8, 1),
        source=LegalDocument.objects.get(number="176/2025/NĐ-CP"),
        clause="Nghị quyết HĐND tỉnh (thử)",
        confidence="unconfirmed",
    )
    payroll_generate(actor=None, month=AUGUST_2025)  # the system: the commune makes its own lists from 07/2025
    august = list(PayrollLine.objects.filter(person=giang, month=AUGUST_2025.first_day))
    assert [(line.kind, line.category_code, line.total) for line in august] == [("regular", "HTXH.75", 800_000)]


def test_a_tie_keeps_the_allowance(today_is, actors, lucnam, new_lucnam):
    today_is(date(2025, 9, 1))
    ha = person(new_lucnam, "Vũ Thị Hà", birth_date=date(1940, 4, 4), birth_year=1940)
    entitle(ha, category="5.6", coefficient="1.0", start=JULY_2025)
    entitle(ha, category="HTXH.75", coefficient="1", start=JULY_2025)
    payroll_generate(actor=None, month=JULY_2025)  # the system: the commune makes its own lists from 07/2025
    assert [(line.category_code, line.total) for line in regular(ha, JULY_2025)] == [("5.6", 500_000)]


def test_the_pension_follows_its_own_amount_not_the_standard_rate(today_is, actors, lucnam, new_lucnam):
    """From 07/2026 both are 540.000 đ in the seed; a standard rate change alone must not move the pension."""
    today_is(date(2026, 8, 1))
    Parameter.objects.filter(key="social_pension", valid_from=date(2026, 7, 1)).update(value=520_000)
    khanh = person(new_lucnam, "Vũ Văn Khánh", birth_date=date(1940, 4, 4), birth_year=1940)
    entitle(khanh, category="HTXH.75", coefficient="1", start=JULY_2025)
    payroll_generate(actor=None, month=JULY_2026)  # the system: the commune makes its own lists from 07/2025
    (line,) = regular(khanh, JULY_2026)
    assert (line.rate, line.total) == (520_000, 520_000)


# --- the periodic review ----------------------------------------------------------------------------


def test_review_proposes_the_pension_for_5_5c_paid_after_june_2025(today_is, lucnam, new_lucnam, elders):
    an = elders[0]
    today_is(date(2025, 8, 5))
    review = review_month(JULY_2025, [lucnam.doi_ngo.pk])
    found = next(item for item in review.differences if item.person_id == an.pk)
    assert (found.reason, found.lawful_category, found.lawful_amount) == (Reason.CATEGORY_ENDED, "HTXH.75", 500_000)
    assert found.from_month == JULY_2025
    assert "đủ điều kiện trợ cấp hưu trí xã hội diện HTXH.75" in found.explanation


def test_review_leaves_a_transferred_person_alone(today_is, lucnam, new_lucnam, chair, elders):
    an = elders[0]
    today_is(SIGNED)
    pension_transfer(actor=chair, commune=new_lucnam)
    PersonFact.objects.create(
        person=an, kind="income", value={"stable_income": False}, effective_from=date(2025, 7, 3), source="Xã"
    )
    review = review_month(JULY_2025, None)
    assert not [item for item in review.differences if item.person_id == an.pk]


# --- payment lists: the programme's own total --------------------------------------------------------


def _xlsx_rows(content: bytes) -> list[tuple]:
    return list(load_workbook(BytesIO(content), read_only=True).worksheets[0].iter_rows(values_only=True))


def test_lists_show_the_pension_total_of_their_own(today_is, actors, lucnam, new_lucnam):
    today_is(date(2025, 7, 2))
    khanh = person(new_lucnam, "Vũ Văn Khánh", birth_date=date(1940, 4, 4), birth_year=1940)
    entitle(khanh, category="HTXH.75", coefficient="1", start=JULY_2025)
    lan = person(new_lucnam, "Vũ Thị Lan", birth_date=date(1950, 4, 4), birth_year=1950)
    entitle(lan, category="5.6", coefficient="2.0", start=JULY_2025)
    payroll_generate(actor=None, month=JULY_2025)  # the system: the commune makes its own lists from 07/2025
    payroll = PayrollMonth.objects.get(month=JULY_2025.first_day, commune=new_lucnam)
    lines = payroll.lines.order_by("person__full_name_folded")
    rows = _xlsx_rows(documents.commune_list_xlsx(documents.list_heading(payroll), documents.sheet_lines(lines)))
    by_label = {row[0]: row for row in rows if row and isinstance(row[0], str)}
    assert by_label["Tổng cộng"][13] == 1_500_000
    assert by_label["Trong đó: trợ cấp hưu trí xã hội (HTXH.*)"][13] == 500_000
    assert by_label["Trong đó: trợ cấp xã hội hằng tháng và các khoản khác"][13] == 1_000_000
    assert any(len(row) > 13 and row[5] == "HTXH.75" and row[13] == 500_000 for row in rows)

    summary = documents.district_summary(actor=actors.labour_officer, month=JULY_2025, district=None)
    summary_rows = _xlsx_rows(documents.district_summary_xlsx(summary))
    headers = next(row for row in summary_rows if row and row[0] == "STT")
    column = headers.index("Trong đó: trợ cấp hưu trí xã hội (đồng)")
    (commune_row,) = [row for row in summary_rows if len(row) > 1 and row[1] == new_lucnam.full_name]
    assert (commune_row[column - 3], commune_row[column]) == (1_500_000, 500_000)
    assert pdf_text(documents.district_summary_pdf(summary)).count("500.000 đ") >= 2
    sheet = pdf_text(documents.signature_sheet_pdf(documents.list_heading(payroll), list(documents.sheet_lines(lines))))
    assert "Trong đó: trợ cấp hưu trí xã hội (HTXH.*) 500.000 đ" in sheet


def test_funeral_support_of_a_pension_recipient_uses_its_own_form_and_multiple(today_is, lucnam, new_lucnam, officers):
    today_is(date(2025, 9, 1))
    khanh = person(new_lucnam, "Vũ Văn Khánh", birth_date=date(1940, 4, 4), birth_year=1940)
    entitle(khanh, category="HTXH.75", coefficient="1", start=JULY_2025)
    khanh.life_status, khanh.death_date = "dead", date(2025, 8, 12)
    khanh.save()
    Parameter.objects.filter(key=pension.FUNERAL_MULTIPLE_KEY).update(value=25)  # differs from NĐ 20's 20
    amount, explanation = funeral_amount(Dossier(person=khanh, declaration={}))
    assert amount == 12_500_000
    assert "NĐ 176/2025/NĐ-CP" in explanation[-1]
    funeral = dossier_open(actor=officers[0], person=khanh, kind="funeral")
    assert (funeral.form_code, funeral.declaration["death_date"]) == ("H02", "2025-08-12")
    assert funeral_amount(funeral)[0] == 12_500_000


# --- the page -------------------------------------------------------------------------------------------


def test_the_chair_previews_and_signs_on_the_page(client, today_is, lucnam, new_lucnam, chair, elders):
    today_is(SIGNED)
    client.force_login(chair)
    url = reverse("cases:pension_transfer", args=[new_lucnam.pk])
    page = client.get(url).content.decode()
    assert "Nguyễn Văn An" in page and "Phạm Văn Dũng" not in page
    assert "3 người, tổng 1.500.000 đ/tháng từ tháng 07/2025." in page
    assert "Ký quyết định chuyển theo danh sách" in page
    assert "HTXH.75 · Hưu trí xã hội, từ đủ 75 tuổi" in page
    response = client.post(url)
    decision = Decision.objects.get(kind=DecisionKind.PENSION)
    assert response.url == reverse("cases:decision_detail", args=[decision.pk])
    detail = client.get(response.url).content.decode()
    assert decision.number in detail and "Nguyễn Văn An" in detail
    docx = client.get(reverse("cases:decision_docx", args=[decision.pk]))
    assert "Chuyển sang hưởng trợ cấp hưu trí xã hội" in docx_text(docx.content)
    again = client.post(url, follow=True).content.decode()
    assert "Không còn ai cần chuyển" in again
    assert Decision.objects.filter(kind=DecisionKind.PENSION).count() == 1
    listing = client.get(reverse("cases:decision_list")).content.decode()
    assert url in listing


# --- the request (Mẫu số 01) and the chair's decision ----------------------------------------------------


def _request(officer, who, **answers):
    declaration = {
        "full_name": who.full_name.upper(),
        "birth_date": who.birth_date.isoformat(),
        "permanent_address": "Thôn Đình, xã Lục Nam",
        "payment_method": "Nhận trực tiếp tại điểm chi trả",
        "declared_on": "2025-08-04",
        **answers,
    }
    return dossier_open(
        actor=officer, person=who, kind="grant", category_code="HTXH.75", form_code="H01", declaration=declaration
    )


@pytest.fixture
def officers(lucnam):
    return (
        make_user("xa.lucnam", "ubnd-07444-2025", Role.OFFICER),
        make_user("xa.lucnam.2", "ubnd-07444-2025", Role.OFFICER),
    )


def test_request_decided_by_the_commune_chair_within_10_working_days(today_is, new_lucnam, chair, officers):
    receiver, appraiser = officers
    today_is(date(2025, 8, 4))
    minh = person(new_lucnam, "Lý Văn Minh", birth_date=date(1948, 6, 1), birth_year=1948)
    dossier = _request(receiver, minh)
    assert (dossier.flow, dossier.form_code) == ("pension_commune", "H01")
    dossier = dossier_transition(actor=receiver, dossier=dossier, name="submit")
    assert (dossier.state, dossier.due_on) == ("reviewing", date(2025, 8, 18))  # 10 working days
    dossier = dossier_transition(actor=appraiser, dossier=dossier, name="appraise")
    assert (dossier.state, dossier.due_on) == ("appraised", date(2025, 8, 18))  # one deadline for the procedure
    assert (dossier.calculation["decided_coefficient"], dossier.calculation["category_amount"]) == ("1.0", 500_000)
    with pytest.raises(PermissionDenied, match="quyền"):
        dossier_transition(actor=appraiser, dossier=dossier, name="decide")
    today_is(date(2025, 8, 12))
    dossier = dossier_transition(actor=chair, dossier=dossier, name="decide")
    entitlement = Entitlement.objects.get(person=minh)
    assert (entitlement.category_code, entitlement.coefficient, entitlement.start_month) == (
        "HTXH.75",
        Decimal(1),
        date(2025, 8, 1),  # from the month the chair signs
    )
    decision = Decision.objects.get(pk=dossier.decision_id)
    assert (decision.commune, decision.signer_name, decision.lines.get().amount) == (
        new_lucnam,
        "Hoàng Văn Chủ",
        500_000,
    )
    text = docx_text(decision_docx(decision_document(decision)))
    assert "Về việc trợ cấp hưu trí xã hội hằng tháng" in text
    assert "Căn cứ Luật Bảo hiểm xã hội số 41/2024/QH15" in text
    assert "mức trợ cấp hàng tháng 500.000 đồng" in text


def test_request_refused_in_writing_with_reasons(today_is, new_lucnam, chair, officers):
    receiver, appraiser = officers
    today_is(date(2025, 8, 4))
    nga = person(new_lucnam, "Lý Thị Nga", birth_date=date(1948, 6, 1), birth_year=1948)
    dossier = _request(receiver, nga)
    dossier = dossier_transition(actor=receiver, dossier=dossier, name="submit")
    dossier = dossier_transition(actor=appraiser, dossier=dossier, name="appraise")
    with pytest.raises(ValidationError, match="lý do"):
        dossier_transition(actor=chair, dossier=dossier, name="refuse")
    dossier = dossier_transition(
        actor=chair, dossier=dossier, name="refuse", reason="Đang hưởng trợ cấp BHXH hằng tháng."
    )
    assert dossier.state == "refused"
    assert dossier.steps.get(transition="refuse").reason == "Đang hưởng trợ cấp BHXH hằng tháng."
    assert not Entitlement.objects.filter(person=nga).exists()


def test_no_pension_request_before_july_2025(today_is, new_lucnam, officers):
    today_is(date(2025, 6, 20))
    old = person(new_lucnam, "Lý Văn Cũ", birth_date=date(1940, 6, 1), birth_year=1940)
    with pytest.raises(ValidationError, match="từ ngày 01/07/2025"):
        _request(officers[0], old)
