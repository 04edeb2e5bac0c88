"""The level a form suggests (pure, table-driven) and the thresholds as dated parameters."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from ansinh.disability import scoring
from ansinh.disability.scoring import (
    DISABLED,
    ESPECIALLY_SEVERE,
    FORM_SIX_AND_OVER,
    FORM_UNDER_SIX,
    MILD,
    NO_CONCLUSION,
    NOT_DISABLED,
    SEVERE,
    ScoringError,
    Thresholds,
    suggest,
)
from ansinh.disability.tests.conftest import scores

DEFAULT = Thresholds(especially_severe_min=14, severe_min=7)


@pytest.mark.parametrize(
    ("total", "level"),
    [
        (0, MILD),
        (6, MILD),
        (7, SEVERE),
        (13, SEVERE),
        (14, ESPECIALLY_SEVERE),
        (20, ESPECIALLY_SEVERE),
    ],
)
def test_total_against_thresholds(total, level):
    result = suggest(FORM_SIX_AND_OVER, ["motor"], [], scores(total), DEFAULT)
    assert (result.outcome, result.level, result.total) == (DISABLED, level, total)
    assert f"Tổng số điểm {total}" in result.explanation[0]


@pytest.mark.parametrize(
    ("thresholds", "total", "level"),
    [
        (Thresholds(15, 8), 14, SEVERE),
        (Thresholds(15, 8), 7, MILD),
        (Thresholds(12, 5), 12, ESPECIALLY_SEVERE),
        (Thresholds(12, 5), 5, SEVERE),
    ],
)
def test_other_thresholds_move_the_boundaries(thresholds, total, level):
    assert suggest(FORM_SIX_AND_OVER, ["vision"], [], scores(total), thresholds).level == level


@pytest.mark.parametrize(
    ("form", "decisive", "total", "level"),
    [
        (FORM_SIX_AND_OVER, ["1.2"], 0, ESPECIALLY_SEVERE),  # missing both arms decides alone
        (FORM_SIX_AND_OVER, ["2.1"], 20, SEVERE),  # deaf and mute: severe whatever the score
        (FORM_SIX_AND_OVER, ["2.1", "1.3"], 0, ESPECIALLY_SEVERE),  # especially severe sign wins
        (FORM_UNDER_SIX, ["1.7"], None, ESPECIALLY_SEVERE),
        (FORM_UNDER_SIX, ["2.4"], None, SEVERE),
        (FORM_UNDER_SIX, [], None, MILD),
    ],
)
def test_decisive_conditions(form, decisive, total, level):
    answers = scores(total) if total is not None else {}
    result = suggest(form, ["motor"], decisive, answers, DEFAULT)
    assert (result.outcome, result.level) == (DISABLED, level)
    assert result.total is None


def test_no_type_means_not_disabled():
    assert suggest(FORM_SIX_AND_OVER, [], [], scores(10), DEFAULT).outcome == NOT_DISABLED


def test_cannot_determine_is_not_scored():
    result = suggest(FORM_SIX_AND_OVER, ["mental"], [], scores(8, undetermined=3), DEFAULT)
    assert (result.level, result.total, result.undetermined) == (SEVERE, 8, 3)
    assert "3 hoạt động không xác định được" in result.explanation[1]


def test_nothing_determinable_gives_no_conclusion():
    result = suggest(FORM_SIX_AND_OVER, ["mental"], [], dict.fromkeys(scoring.ACTIVITY_CODES, "x"), DEFAULT)
    assert (result.outcome, result.level) == (NO_CONCLUSION, "")


@pytest.mark.parametrize(
    ("form", "types", "decisive", "answers", "field", "message"),
    [
        ("04", ["motor"], [], {}, "form", "Mẫu phiếu không hợp lệ"),
        (FORM_SIX_AND_OVER, ["sight"], [], {}, "types", "Dạng khuyết tật không hợp lệ: sight"),
        # 1.7 exists only under 6
        (FORM_SIX_AND_OVER, ["motor"], ["1.7"], {}, "decisive_conditions", "Dấu hiệu không có trong phiếu: 1"),
        (
            FORM_SIX_AND_OVER,
            ["motor"],
            [],
            {**scores(4), "3": 3},
            "activity_scores",
            "Tiểu tiện, đại tiện”: chỉ chấm 0, 1, 2",
        ),
        (
            FORM_SIX_AND_OVER,
            ["motor"],
            [],
            {**scores(4), "11": 0},
            "activity_scores",
            "Hoạt động không có trong phiếu: 11",
        ),
        (FORM_SIX_AND_OVER, ["motor"], [], {"1": 2}, "activity_scores", "Chưa chấm đủ 10 hoạt động"),
        (FORM_SIX_AND_OVER, ["motor"], [], {**scores(4), "2": True}, "activity_scores", "Ăn, uống”: chỉ chấm 0, 1, 2"),
    ],
)
def test_answers_not_on_the_form_are_refused(form, types, decisive, answers, field, message):
    with pytest.raises(ScoringError, match=message) as caught:
        suggest(form, types, decisive, answers, DEFAULT)
    assert caught.value.field == field


@pytest.mark.parametrize(("age", "form"), [(0, FORM_UNDER_SIX), (5, FORM_UNDER_SIX), (6, FORM_SIX_AND_OVER)])
def test_form_for_age(age, form):
    assert scoring.form_for_age(age) == form


def test_types_follow_the_ticked_signs_and_the_form():
    assert scoring.types_of_items(FORM_SIX_AND_OVER, ["3.1", "1.2", "4.4"]) == ["motor", "vision", "mental"]
    assert [code for code, _ in scoring.type_items(FORM_UNDER_SIX)["mental"]] == ["4.1", "4.2"]


@pytest.mark.django_db
def test_thresholds_are_dated_parameters():
    from ansinh.disability.selectors import thresholds_on
    from ansinh.rules.models import Confidence, Parameter

    assert thresholds_on(date(2026, 3, 1)) == DEFAULT
    seeded = Parameter.objects.get(key="disability.score.especially_severe_min")
    assert seeded.confidence == Confidence.UNCONFIRMED
    seeded.valid_to = date(2026, 6, 30)
    seeded.save()
    Parameter.objects.create(
        key="disability.score.especially_severe_min",
        value=Decimal(15),
        valid_from=date(2026, 7, 1),
        source=seeded.source,
        clause="thử",
        confidence=Confidence.UNCONFIRMED,
    )
    assert thresholds_on(date(2026, 6, 30)).especially_severe_min == 14
    assert thresholds_on(date(2026, 7, 1)).especially_severe_min == 15
