"""Re-assessment planning, meeting costs and the half-yearly report figures (Mẫu 07, Mẫu 08)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ansinh.core.months import YearMonth
from ansinh.disability import selectors, sessions
from ansinh.disability.selectors import DueReason
from ansinh.rules.models import Confidence, LegalDocument, Parameter


def _reasons(actor, on, **kwargs):
    return [
        (item.person_name, item.reason, item.due_on) for item in selectors.due_for_reassessment(actor, on, **kwargs)
    ]


def test_children_turning_six_are_due_unless_their_sign_keeps_the_level(actors, flow, make_person):
    child = make_person("Bé Một", born=date(2020, 5, 1))
    kept = make_person("Bé Hai", born=date(2020, 5, 2))
    flow.issue(flow.to_posting(child, total=None, decisive=["2.4"], items=["3.1"]))
    flow.issue(flow.to_posting(kept, total=None, decisive=["1.5"], items=["3.1"]), issued_on=date(2026, 3, 17))
    due = _reasons(actors.own_council_officer, date(2026, 3, 20))
    assert due == [("Bé Một", DueReason.TURNING_SIX, date(2026, 5, 1))]
    assert _reasons(actors.own_council_officer, date(2026, 1, 5), horizon_days=30) == []


def test_pending_changes_and_the_district_review_cycle(actors, flow, make_person):
    adult = make_person("Ông Ba")
    other = make_person("Bà Tư")
    flow.issue(flow.to_posting(adult, total=9))
    flow.issue(flow.to_posting(other, total=16), issued_on=date(2026, 3, 17))
    assert _reasons(actors.labour_officer, date(2026, 8, 1)) == []  # no cycle set by the district
    Parameter.objects.create(
        key=selectors.REVIEW_CYCLE,
        value=Decimal(6),
        valid_from=date(2026, 1, 1),
        source=LegalDocument.objects.get(number="01/2019/TT-BLĐTBXH"),
        clause="Văn bản của UBND huyện",
        confidence=Confidence.CONFIRMED,
    )
    request = flow.receive(adult, kind="redetermine", received_on=date(2026, 7, 1), reason="Nặng hơn")
    due = _reasons(actors.labour_officer, date(2026, 8, 1))
    assert due == [
        ("Ông Ba", DueReason.PENDING_CHANGE, request.due_on),
        ("Bà Tư", DueReason.REVIEW_CYCLE, date(2026, 9, 1)),
    ]
    assert _reasons(actors.other_commune_officer, date(2026, 8, 1)) == []
    assert _reasons(actors.province_viewer, date(2026, 8, 1)) == []


def test_meeting_costs_use_the_dated_allowances(actors, flow, make_person):
    request = flow.receive(make_person())
    session = flow.held_session([request])
    sessions.invitation_mark(actor=actors.own_council_officer, invitation=session.invitations.get(), attended=True)
    cost = selectors.session_cost(session)
    assert (cost.chair_amount, cost.member_amount, cost.water_amount, cost.total) == (70_000, 300_000, 120_000, 490_000)
    assert cost.rates == {"chair": 70_000, "member": 50_000, "water": 15_000}
    planned = flow.session(date(2026, 3, 20))
    assert selectors.session_cost(planned).total == 0
    costs = selectors.session_costs(actors.labour_officer, date(2026, 3, 1), date(2026, 3, 31))
    assert [item.total for item in costs] == [490_000]


def test_half_yearly_figures_for_the_commune_and_the_district(actors, flow, make_person, lucnam):
    certificate = flow.issue(flow.to_posting(make_person(), total=16))
    flow.receive(make_person("Người Chờ"), received_on=date(2026, 6, 1))
    commune = selectors.commune_report(actors.own_council_officer, lucnam.doi_ngo.pk, 2026, 1)
    assert commune.requests_by_kind == {"first": 2}
    assert (commune.requests_on_time, commune.requests_late, commune.requests_open) == (1, 0, 1)
    assert (commune.sessions_held, commune.assessed, commune.certificates_issued) == (1, 1, 1)
    assert commune.concluded_by_level == {"especially_severe": 1}
    assert commune.concluded_by_type == {"motor": 1}
    assert commune.valid_by_level == {certificate.level: 1}
    assert commune.meeting_cost == 70_000 + 6 * 50_000 + 7 * 15_000
    district = selectors.district_report(actors.labour_officer, 2026, 1)
    doi_ngo = next(row for row in district.rows if row.commune_id == lucnam.doi_ngo.pk)
    assert doi_ngo.certificates_issued == 1
    assert district.total.certificates_issued == 1 and district.total.requests_by_kind == {"first": 2}
    assert selectors.commune_report(actors.own_council_officer, lucnam.doi_ngo.pk, 2026, 2).certificates_issued == 0
    assert selectors.district_report(actors.post_office_officer, 2026, 1).rows == []


def test_councils_that_did_not_meet_and_overdue_requests(actors, flow, council, make_person):
    assert selectors.councils_without_session(actors.labour_officer, YearMonth(2026, 3)) == [council]
    request = flow.receive(make_person(), received_on=date(2026, 3, 2))
    assert list(selectors.requests_overdue(actors.labour_officer, date(2026, 3, 31))) == [request]
    flow.held_session([request], day=date(2026, 3, 10))
    assert selectors.councils_without_session(actors.labour_officer, YearMonth(2026, 3)) == []
    assert selectors.councils_without_session(actors.labour_officer, YearMonth(2026, 4)) == [council]
    assert list(selectors.requests_overdue(actors.labour_officer, date(2026, 3, 30))) == []
    assert selectors.councils_without_session(actors.other_commune_officer, YearMonth(2026, 4)) == []
