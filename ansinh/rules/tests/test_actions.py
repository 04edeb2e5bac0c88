"""Editing dated parameters and documents: overlap refused, audit recorded, preview of who is affected."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ansinh.audit.models import AuditEvent
from ansinh.core.months import YearMonth
from ansinh.rules import actions
from ansinh.rules.actions import ParameterChange
from ansinh.rules.assessing import assess_input
from ansinh.rules.models import LegalDocument, Parameter
from ansinh.rules.preview import preview_change
from ansinh.rules.rulebook import RuleBookLoader, categories_from_db

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("before_the_reform")]  # the district flow (conftest)


@pytest.fixture
def decree():
    return LegalDocument.objects.get(number="335/2026/NĐ-CP")


def national(
    value: int, start: date, decree, end: date | None = None, confidence: str = "confirmed"
) -> ParameterChange:
    return ParameterChange(
        key="standard_rate.national",
        value=Decimal(value),
        valid_from=start,
        valid_to=end,
        source=decree,
        clause="Điều 1",
        confidence=confidence,
    )


def test_an_overlapping_period_is_refused_and_nothing_changes(actors, decree):
    before = list(Parameter.objects.values())

    with pytest.raises(ValidationError, match="trùng với giá trị 540000") as error:
        actions.parameter_create(actor=actors.labour_head, change=national(600000, date(2027, 1, 1), decree))

    assert "trùng" in error.value.message_dict["valid_from"][0]
    assert list(Parameter.objects.values()) == before
    assert not AuditEvent.objects.filter(action__startswith="rules.").exists()


def test_an_overlap_inside_a_closed_period_is_refused(actors, decree):
    with pytest.raises(ValidationError, match="trùng với giá trị 360000"):
        actions.parameter_create(
            actor=actors.admin, change=national(450000, date(2023, 1, 1), decree, end=date(2023, 12, 31))
        )


def test_a_new_value_closing_the_previous_one(actors, decree):
    new = actions.parameter_create(
        actor=actors.labour_head,
        change=national(600000, date(2027, 1, 1), decree),
        close_previous=True,
        reason="Nghị định mới",
    )

    previous = Parameter.objects.get(key="standard_rate.national", value=540000)
    assert previous.valid_to == date(2026, 12, 31)
    assert (new.value, new.valid_from, new.valid_to) == (Decimal(600000), date(2027, 1, 1), None)
    events = list(AuditEvent.objects.filter(action__startswith="rules.").order_by("pk"))
    assert [event.action for event in events] == ["rules.parameter_update", "rules.parameter_create"]
    assert events[0].before["valid_to"] is None and events[0].after["valid_to"] == "2026-12-31"
    assert Decimal(events[1].after["value"]) == 600000
    # The calculator sees the new rate from January 2027 (a new loader reads the tables again).
    output, _ = assess_input(
        {"id": "x", "month": "2027-01", "birth_date": "1980-01-01", "disability": "severe"}, RuleBookLoader()
    )
    assert (output["standard_rate"], output["amount"]) == (600000, 900000)


def test_confirming_a_value_needs_a_reason_and_is_audited(actors, decree):
    parameter = Parameter.objects.get(key="standard_rate.national", value=540000)
    change = national(540000, date(2026, 7, 1), decree)

    with pytest.raises(ValidationError, match="Hãy ghi lý do thay đổi"):
        actions.parameter_update(actor=actors.labour_head, parameter=parameter, change=change, reason=" ")
    updated = actions.parameter_update(
        actor=actors.labour_head, parameter=parameter, change=change, reason="Đã có văn bản gốc"
    )

    assert updated.confidence == "confirmed"
    event = AuditEvent.objects.get(action="rules.parameter_update")
    assert (event.before["confidence"], event.after["confidence"], event.reason) == (
        "unconfirmed",
        "confirmed",
        "Đã có văn bản gốc",
    )


def test_editing_a_value_into_its_neighbour_is_refused(actors, decree):
    parameter = Parameter.objects.get(key="standard_rate.national", value=500000)
    change = national(500000, date(2024, 7, 1), decree, end=date(2026, 7, 31))

    with pytest.raises(ValidationError, match="trùng với giá trị 540000"):
        actions.parameter_update(actor=actors.admin, parameter=parameter, change=change, reason="sửa")
    parameter.refresh_from_db()
    assert parameter.valid_to == date(2026, 6, 30)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (-1, "Giá trị không được âm"),
        (0, "Mức chuẩn phải lớn hơn 0"),
        (Decimal("500000.5"), "Giá trị phải là số nguyên"),
    ],
)
def test_bad_values_are_refused(actors, decree, value, message):
    with pytest.raises(ValidationError, match=message) as error:
        actions.parameter_create(actor=actors.admin, change=national(value, date(2030, 1, 1), decree))
    assert "value" in error.value.message_dict


def test_an_end_before_the_start_is_refused(actors, decree):
    with pytest.raises(ValidationError, match="Ngày kết thúc không được trước ngày bắt đầu") as error:
        actions.parameter_create(actor=actors.admin, change=national(1, date(2030, 1, 1), decree, end=date(2029, 1, 1)))
    assert "valid_to" in error.value.message_dict


@pytest.mark.parametrize("name", ["labour_officer", "own_commune_officer", "district_chair", "province_viewer"])
def test_only_the_labour_office_head_or_an_administrator_edits(actors, decree, name):
    with pytest.raises(PermissionDenied, match="không có quyền"):
        actions.parameter_create(actor=getattr(actors, name), change=national(1, date(2030, 1, 1), decree))
    assert not Parameter.objects.filter(valid_from=date(2030, 1, 1)).exists()


def test_preview_of_a_rate_change(decree):
    change = national(540000, date(2026, 7, 1), decree)
    # As before NĐ 335/2026 was entered: 500,000 in force without an end.
    Parameter.objects.get(key="standard_rate.national", value=540000).delete()
    Parameter.objects.filter(key="standard_rate.national", value=500000).update(valid_to=None)

    before, after, closed = actions.planned_periods(change, close_previous=True)
    segments = preview_change(change.key, before, after, categories_from_db())

    assert closed is not None and closed.valid_to == date(2026, 6, 30)
    [segment] = segments
    assert (segment.start, segment.end) == (YearMonth(2026, 7), None)
    assert (segment.old, segment.new) == (Decimal(500000), Decimal(540000))
    row = next(
        row
        for row in segment.rows
        if row.code == "5.6" and row.label == "khuyết tật đặc biệt nặng, từ 16 đến dưới 60 tuổi"
    )
    assert (row.coefficient, row.old, row.new) == (Decimal("2.0"), Decimal(1000000), Decimal(1080000))
    assert {row.code for row in segment.rows} >= {"5.1", "5.4", "5.5a", "5.6", "20.2c"}
    assert "5.5b" not in {row.code for row in segment.rows}  # ended 30/06/2025


def test_preview_of_a_past_correction_lists_only_the_changed_months(decree):
    parameter = Parameter.objects.get(key="standard_rate.national", value=360000)
    change = national(400000, date(2021, 7, 1), decree, end=date(2024, 6, 30))

    before, after, _ = actions.planned_periods(change, replacing=parameter)
    segments = preview_change(change.key, before, after, categories_from_db())

    assert [(segment.start, segment.end, segment.old, segment.new) for segment in segments] == [
        (YearMonth(2021, 7), YearMonth(2024, 6), Decimal(360000), Decimal(400000))
    ]


def test_preview_of_a_base_salary_change_shows_the_health_insurance_premium(decree):
    change = ParameterChange("base_salary", Decimal(2600000), date(2027, 1, 1), None, decree, "Điều 3", "confirmed")

    before, after, _ = actions.planned_periods(change, close_previous=True)
    [segment] = preview_change(change.key, before, after, categories_from_db())

    assert segment.start == YearMonth(2027, 1)
    [row] = segment.rows
    assert (row.old, row.new) == (Decimal(113850), Decimal(117000))  # 4.5 % of 2,530,000 and of 2,600,000


def test_documents_are_added_and_corrected_with_audit(actors):
    fields = {
        "number": "01/2027/NĐ-CP",
        "short_name": "NĐ 01/2027/NĐ-CP",
        "document_type": "decree",
        "issuer": "Chính phủ",
        "signed_on": date(2027, 1, 2),
        "effective_from": date(2027, 2, 1),
        "effective_to": None,
        "title": "Thử nghiệm",
        "status": "not_yet_in_force",
        "url": "",
        "confidence": "confirmed",
        "note": "",
    }
    document = actions.document_create(actor=actors.labour_head, **fields)
    with pytest.raises(ValidationError, match="đã có trong danh mục"):
        actions.document_create(actor=actors.labour_head, **fields)  # same number and issuer
    with pytest.raises(ValidationError, match="Ngày có hiệu lực không được trước ngày ký"):
        actions.document_update(
            actor=actors.labour_head, document=document, reason="x", **{**fields, "effective_from": date(2026, 1, 1)}
        )
    actions.document_update(
        actor=actors.labour_head, document=document, reason="có hiệu lực", **{**fields, "status": "in_force"}
    )
    with pytest.raises(PermissionDenied, match="không có quyền"):
        actions.document_create(actor=actors.labour_officer, **{**fields, "number": "02/2027/NĐ-CP"})

    document.refresh_from_db()
    assert document.status == "in_force"
    assert list(
        AuditEvent.objects.filter(action__startswith="rules.document").values_list("action", flat=True).order_by("pk")
    ) == [
        "rules.document_create",
        "rules.document_update",
    ]


def test_every_document_of_the_dispatch_is_catalogued():
    numbers = set(LegalDocument.objects.values_list("number", flat=True))
    assert {
        "51/2010/QH12",
        "20/2021/NĐ-CP",
        "02/2021/TT-BLĐTBXH",
        "30/2019/TT-BLĐTBXH",
        "01/2019/TT-BLĐTBXH",
        "24/2021/NQ-HĐND",
        "17/2019/NQ-HĐND",
        "66/2013/QĐ-TTg",
        "53/2015/QĐ-TTg",
        "76/2024/NĐ-CP",
    } <= numbers
    assert Parameter.objects.get(key="standard_rate.national", valid_from=date(2026, 7, 1)).confidence == "unconfirmed"
