"""Coverage, increases and decreases derived from entitlements (domain.md §9), and the premium."""

from __future__ import annotations

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from ansinh.cases.models import DecisionKind, Suspension
from ansinh.core.months import YearMonth
from ansinh.insurance import coverage
from ansinh.insurance.models import OtherScheme
from ansinh.payments.tests.conftest import beneficiary, decision, entitle, person
from ansinh.registry.models import LifeStatus

pytestmark = pytest.mark.django_db
FEB, MARCH = YearMonth(2024, 2), YearMonth(2024, 3)


def lines(month, area=None):
    return {(c.person_id, c.direction): (c.reason, c.day) for c in coverage.changes(month, area)}


def test_increases_and_decreases_are_the_difference_of_covered_sets(lucnam):
    doi_ngo, cam_ly = lucnam.doi_ngo, lucnam.cam_ly
    stays, _ = beneficiary(doi_ngo, "Nguyễn Văn Ở", start=YearMonth(2023, 1))
    new, _ = beneficiary(doi_ngo, "Trần Thị Mới", start=MARCH)
    stopped, _ = beneficiary(doi_ngo, "Lê Văn Thôi", start=YearMonth(2023, 1), end=MARCH)
    dead, _ = beneficiary(doi_ngo, "Vũ Văn Mất", start=YearMonth(2023, 1))
    dead.life_status, dead.death_date = LifeStatus.DEAD, date(2024, 2, 14)
    dead.save()
    paused, held = beneficiary(doi_ngo, "Phạm Thị Dừng", start=YearMonth(2023, 1))
    Suspension.objects.create(
        entitlement=held,
        from_month=MARCH.first_day,
        reason="detention",
        decision=decision(doi_ngo, DecisionKind.SUSPEND),
    )
    mover = person(doi_ngo, "Hoàng Văn Chuyển")
    entitle(mover, start=YearMonth(2023, 1), end=MARCH)
    entitle(mover, start=MARCH, commune=cam_ly)
    insured = person(doi_ngo, "Đỗ Thị Hưu")
    entitle(insured, start=YearMonth(2023, 1))
    OtherScheme.objects.create(person=insured, scheme="Hưu trí", valid_from=date(2024, 3, 1))

    found = lines(MARCH)
    before, after = coverage.covered_person_ids(FEB), coverage.covered_person_ids(MARCH)
    assert {p for p, d in found if d == "increase"} == after - before | {mover.pk}
    assert {p for p, d in found if d == "decrease"} == before - after | {mover.pk}
    assert found == {
        (new.pk, "increase"): ("new_grant", date(2024, 3, 1)),
        (mover.pk, "increase"): ("moved_in", date(2024, 3, 1)),
        (stopped.pk, "decrease"): ("stop", date(2024, 2, 29)),
        (dead.pk, "decrease"): ("death", date(2024, 2, 14)),
        (paused.pk, "decrease"): ("suspension", date(2024, 2, 29)),
        (mover.pk, "decrease"): ("moved_out", date(2024, 2, 29)),
        (insured.pk, "decrease"): ("other_scheme", date(2024, 2, 29)),
    }
    assert stays.pk in after and stays.pk in before
    # the person who died on 14/02 was covered in February, not in March
    assert dead.pk in before and dead.pk not in after
    # one commune: the mover leaves Đồi Ngô, and arrives in Cẩm Lý
    assert (mover.pk, "decrease") in lines(MARCH, [doi_ngo.pk])
    assert (mover.pk, "increase") not in lines(MARCH, [doi_ngo.pk])
    assert lines(MARCH, [cam_ly.pk]) == {(mover.pk, "increase"): ("moved_in", date(2024, 3, 1))}


def test_resumption_is_an_increase(lucnam):
    who, held = beneficiary(lucnam.doi_ngo, start=YearMonth(2023, 1))
    Suspension.objects.create(
        entitlement=held,
        from_month=FEB.first_day,
        to_month=MARCH.first_day,
        reason="detention",
        decision=decision(lucnam.doi_ngo, DecisionKind.SUSPEND),
    )
    assert lines(FEB) == {(who.pk, "decrease"): ("suspension", date(2024, 1, 31))}
    assert lines(MARCH) == {(who.pk, "increase"): ("resume", date(2024, 3, 1))}


def test_the_transfer_to_the_social_pension_is_continuous(lucnam):
    """5.5b/5.5c end on 30/06/2025 and the social pension starts on 01/07/2025 (domain.md §5)."""
    june, july = YearMonth(2025, 6), YearMonth(2025, 7)
    b = person(lucnam.doi_ngo, "Nguyễn Văn Bảy Lăm")
    entitle(b, category="5.5b", coefficient="1.0", start=YearMonth(2024, 1), end=july)
    entitle(b, category="HTXH.75", coefficient="1.0", start=july)
    c = person(lucnam.doi_ngo, "Trần Thị Tám Mươi")
    entitle(c, category="5.5c", coefficient="1.0", start=YearMonth(2024, 1), end=july)
    entitle(c, category="HTXH.75", coefficient=None, start=july)  # a pension without a coefficient is covered too
    assert lines(july) == {}
    assert coverage.covered_person_ids(june) == coverage.covered_person_ids(july) == {b.pk, c.pk}
    # a transfer decided late (a gap) is an increase for the transfer, not a new grant
    late = person(lucnam.doi_ngo, "Lê Văn Muộn")
    entitle(late, category="5.5c", coefficient="1.0", start=YearMonth(2024, 1), end=july)
    entitle(late, category="HTXH.75", coefficient="1.0", start=YearMonth(2025, 9))
    assert lines(YearMonth(2025, 9)) == {(late.pk, "increase"): ("transfer_social_pension", date(2025, 9, 1))}


def test_the_premium_is_four_and_a_half_percent_of_the_base_salary():
    assert coverage.premium_per_person(MARCH) == 81_000
    assert coverage.premium_per_person(YearMonth(2024, 8)) == 105_300
    assert coverage.premium_per_person(YearMonth(2019, 7)) == 67_050


def run(*args):
    out = StringIO()
    call_command("bhyt", *args, stdout=out)
    return json.loads(out.getvalue())


def test_the_command_prints_one_object_and_writes_nothing(lucnam, django_assert_max_num_queries):
    a = person(lucnam.doi_ngo, "Nguyễn Văn An", citizen_id="024144510101")
    entitle(a, start=MARCH)
    b = person(lucnam.cam_ly, "Trần Thị Bình", citizen_id="024144510102")
    entitle(b, start=YearMonth(2023, 1), end=MARCH)
    entitle(person(lucnam.cam_ly, "Phạm Văn Cư"), start=YearMonth(2023, 1))
    assert run("--month", "2024-03") == {
        "month": "2024-03",
        "covered": 2,
        "increases": [{"citizen_id": "024144510101", "reason": "new_grant", "from": "2024-03-01"}],
        "decreases": [{"citizen_id": "024144510102", "reason": "stop", "to": "2024-02-29"}],
        "premium_per_person": 81000,
        "premium_total": 162000,
    }
    one = run("--month", "2024-03", "--commune", lucnam.cam_ly.code)
    assert (one["covered"], one["increases"], len(one["decreases"])) == (1, [], 1)
    assert one["premium_total"] == 81000


@pytest.mark.parametrize(
    ("args", "message"),
    [(["--month", "2024-13"], "tháng"), (["--month", "2024-03", "--commune", "99999"], "không có xã mã")],
)
def test_the_command_refuses_a_bad_month_or_commune(lucnam, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("bhyt", *args, stdout=StringIO())
