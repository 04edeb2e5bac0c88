"""The person page's months: consecutive months paid the same for the same reasons are one row."""

from __future__ import annotations

from datetime import date

import pytest

from ansinh.cases.templatetags.cases_tags import month_runs
from ansinh.cases.tests.factories import elderly_poor, paper_entitlement

pytestmark = pytest.mark.django_db


def test_runs_split_at_a_new_rate_and_at_a_gap(actors, lucnam):
    someone = elderly_poor(actors, lucnam.doi_ngo, born=date(1950, 1, 1))
    first = paper_entitlement(someone, coefficient="1.5", start=date(2024, 5, 1), number="7/QĐ-UBND")
    first.end_month = date(2024, 9, 1)  # paid 05–08/2024
    first.save()
    paper_entitlement(someone, coefficient="1.5", start=date(2024, 11, 1), number="7/QĐ-UBND")  # again from 11/2024

    runs = month_runs(someone, actors.own_commune_officer, today=date(2025, 2, 10))

    assert [(run.label, run.count, run.amount_display) for run in runs] == [
        ("11/2024 – 02/2025", 4, "750.000 đ"),
        ("07/2024 – 08/2024", 2, "750.000 đ"),  # NĐ 76/2024: 500.000 đ from 07/2024
        ("05/2024 – 06/2024", 2, "540.000 đ"),  # 360.000 đ before
    ]
    assert runs[0].explanation == runs[1].explanation  # the same reasons, yet not merged across the gap


def test_a_single_month_is_labelled_alone(actors, lucnam):
    someone = elderly_poor(actors, lucnam.doi_ngo, born=date(1950, 1, 1))
    paper_entitlement(someone, coefficient="1.5", start=date(2025, 2, 1))
    (run,) = month_runs(someone, actors.own_commune_officer, today=date(2025, 2, 10))
    assert (run.label, run.count) == ("02/2025", 1)
