"""Effective-month rules (domain.md §5; NĐ 20/2021 Art 8-9), declarations and checklists. Pure."""

from datetime import date

from ansinh.cases import effective
from ansinh.cases.checklists import checklist, missing_items, requirements_for
from ansinh.cases.declarations import FORMS, declaration_errors, form_for_category, sensitive_keys


def test_a_grant_starts_in_the_month_the_chair_signs():
    result = effective.grant_month(category_code="5.5a", signed_on=date(2024, 3, 28))
    assert result.month == date(2024, 3, 1)
    assert "tháng Chủ tịch ký quyết định" in result.explanation


def test_a_disabled_person_starts_in_the_certificate_month():
    result = effective.grant_month(category_code="5.6", signed_on=date(2024, 5, 6), certificate_date=date(2024, 3, 12))
    assert result.month == date(2024, 3, 1)
    assert "12/03/2024" in result.explanation
    # without a certificate date, the signing month
    assert effective.grant_month(category_code="5.6", signed_on=date(2024, 5, 6)).month == date(2024, 5, 1)


def test_5_5b_and_5_5c_start_in_the_month_the_age_is_reached():
    # Turning 80 on 31 March: 80 for March (age on the month's last day).
    result = effective.grant_month(category_code="5.5c", signed_on=date(2024, 6, 3), birth_date=date(1944, 3, 31))
    assert result.month == date(2024, 3, 1)
    assert "đủ 80 tuổi" in result.explanation
    assert effective.grant_month(
        category_code="5.5b", signed_on=date(2024, 6, 3), birth_date=date(1949, 2, 10)
    ).month == date(2024, 2, 1)


def test_a_stop_takes_effect_the_month_after_death_even_in_december():
    assert effective.stop_month(event_on=date(2024, 3, 31)).month == date(2024, 4, 1)
    december = effective.stop_month(event_on=date(2024, 12, 5), ground="missing")
    assert december.month == date(2025, 1, 1)
    assert "bị tuyên bố mất tích" in december.explanation


def test_moves_keep_payment_continuous():
    within = effective.move_within_month(moved_on=date(2024, 8, 20))
    assert within.month == date(2024, 9, 1)
    assert "08/2024" in within.explanation
    # From another district: the month after the month in the old stop decision.
    assert effective.move_in_month(old_stop_month=date(2024, 9, 1)).month == date(2024, 10, 1)


def test_adjustments_suspensions_and_resumptions():
    assert effective.adjust_month(signed_on=date(2024, 9, 9), qualifies_on=date(2024, 7, 15)).month == date(2024, 7, 1)
    assert effective.adjust_month(signed_on=date(2024, 9, 9)).month == date(2024, 9, 1)
    assert effective.suspend_month(signed_on=date(2024, 9, 9), from_day=date(2024, 8, 1)).month == date(2024, 8, 1)
    resumed = effective.resume_month(signed_on=date(2024, 11, 4), suspended_from=date(2024, 8, 1), arrears=True)
    assert resumed.month == date(2024, 11, 1)
    assert "truy lĩnh" in resumed.explanation
    # Resumed in the month it was suspended: from the next month (a suspension lasts a month at least).
    same = effective.resume_month(signed_on=date(2024, 8, 20), suspended_from=date(2024, 8, 1), arrears=False)
    assert same.month == date(2024, 9, 1)


def test_funeral_support_is_paid_the_month_after_the_decision():
    assert effective.funeral_payable_month(signed_on=date(2024, 12, 30)).month == date(2025, 1, 1)


def test_age_month_and_next_month():
    assert effective.age_month(date(1944, 2, 29), 80) == date(2024, 2, 1)
    assert effective.next_month(date(2024, 12, 31)) == date(2025, 1, 1)


def test_declarations_hold_every_form_with_typed_fields():
    assert set(FORMS) == {"1a", "1b", "1c", "1d", "1đ", "2a", "2b", "03", "04", "HT", "H01", "H02"}
    assert form_for_category("5.6") == "1đ"
    assert form_for_category("5.3") == "1b"
    assert sensitive_keys("1b") == {"hiv_detected_on"}
    errors = declaration_errors(
        "1đ", {"full_name": "A", "birth_date": "1990-13-01", "working": "maybe", "unknown": 1, "monthly_income": -5}
    )
    assert set(errors) == {"birth_date", "working", "unknown", "monthly_income"}
    complete = declaration_errors("1đ", {"full_name": "A"}, complete=True)
    assert {"certificate_number", "disability_level", "declared_on", "permanent_address"} <= set(complete)
    assert (
        declaration_errors("1c", {"children": "Nguyễn Văn B, 2015\nNguyễn Văn C, 2018", "poor_household": "yes"}) == {}
    )
    assert declaration_errors("xx", {}) == {"form_code": "Mẫu tờ khai không hợp lệ."}


def test_checklists_cite_their_clause_and_find_what_is_missing():
    items = requirements_for("grant", category_code="5.6")
    assert [item.code for item in items] == ["declaration", "disability_certificate"]
    assert all("Điều 7" in item.basis for item in items)
    rows = checklist(items, attached_codes=set(), declaration_complete=True)
    assert [item.code for item in missing_items(rows)] == ["disability_certificate"]
    assert [item.code for item in requirements_for("funeral")] == ["declaration", "death_certificate"]
    assert requirements_for("stop", ground="death")[0].required is False
    assert requirements_for("move", ground="from_other_district")[0].code == "old_stop_decision"
