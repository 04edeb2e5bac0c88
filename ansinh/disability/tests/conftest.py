"""Fixtures of the disability tests: a council of seven, people, and the path of a request from
receipt to a posted conclusion."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from itertools import count

import pytest
from django.apps import apps
from django.utils import timezone

from ansinh.cases.models import Decision, DecisionKind, Entitlement
from ansinh.core.months import YearMonth
from ansinh.disability import assessments, certificates, councils, postings, requests, sessions
from ansinh.disability.models import Council, CouncilMember, CouncilRole, Request
from ansinh.registry.models import Person

SEVEN_SEATS = [
    ("Nguyễn Văn Chủ", CouncilRole.CHAIR),
    ("Trần Thị Thư", CouncilRole.SECRETARY),
    ("Lê Văn Y", CouncilRole.HEALTH_STATION),
    ("Phạm Thị Mặt", CouncilRole.FATHERLAND_FRONT),
    ("Hoàng Thị Phụ", CouncilRole.WOMEN_UNION),
    ("Vũ Văn Đoàn", CouncilRole.YOUTH_UNION),
    ("Đỗ Văn Binh", CouncilRole.VETERANS),
]
ALL_ZERO = {str(n): 0 for n in range(1, 11)}
_numbers = count(1)


@pytest.fixture(autouse=True)
def _disability_parameters(db):
    """The disability parameters of our data migration (gone after a transactional test)."""
    module = importlib.import_module("ansinh.disability.migrations.0002_seed_parameters")
    module.seed(apps, None)


def at(day: date, hour: int = 8) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


def scores(total: int, undetermined: int = 0) -> dict[str, object]:
    """Ten answers adding up to `total` (2s first), the last `undetermined` ones "x"."""
    answers: dict[str, object] = {}
    left = total
    for n in range(1, 11):
        if n > 10 - undetermined:
            answers[str(n)] = "x"
            continue
        value = min(2, left)
        answers[str(n)] = value
        left -= value
    assert left == 0
    return answers


@pytest.fixture
def make_person(lucnam):
    def make(name="Nguyễn Văn An", born=date(1980, 5, 5), commune=None, address="Thôn 1"):
        person = Person(
            full_name=name,
            birth_date=born,
            birth_year=born.year,
            sex="male",
            commune=commune or lucnam.doi_ngo,
            province_code="24",
            address=address,
        )
        person.save()
        return person

    return make


JANUARY_2025 = YearMonth(2025, 1)


def entitle(person: Person, start: YearMonth = JANUARY_2025, category: str = "5.6") -> Entitlement:
    decision = Decision.objects.create(
        kind=DecisionKind.GRANT,
        number=f"{next(_numbers)}/QĐ-UBND",
        issued_on=start.first_day,
        effective_month=start.first_day,
        commune=person.commune,
        province_code="24",
    )
    return Entitlement.objects.create(
        person=person,
        category_code=category,
        coefficient=Decimal("1.5"),
        start_month=start.first_day,
        granted_by=decision,
        commune=person.commune,
        province_code="24",
    )


@pytest.fixture
def council(actors, lucnam) -> Council:
    created = councils.council_create(
        actor=actors.own_council_officer, commune=lucnam.doi_ngo, term_start=date(2026, 1, 5), decision_number="1/QĐ"
    )
    for name, role in SEVEN_SEATS:
        councils.member_add(
            actor=actors.own_council_officer, council=created, full_name=name, role=role, joined_on=date(2026, 1, 5)
        )
    return created


def members(council: Council) -> list[CouncilMember]:
    return list(council.members.filter(left_on__isnull=True).order_by("pk"))


@dataclass
class Flow:
    """Drives a request through the council with the own commune's officers."""

    actors: object
    council: Council

    def receive(self, person, kind="first", received_on=date(2026, 3, 2), **fields) -> Request:
        return requests.request_receive(
            actor=self.actors.own_council_officer,
            person=person,
            kind=kind,
            received_on=received_on,
            reason=fields.pop("reason", "" if kind == "first" else "Thay đổi mức độ"),
            **fields,
        )

    def session(self, day=date(2026, 3, 10)):
        return sessions.session_schedule(
            actor=self.actors.own_council_officer,
            commune=self.council.commune,
            scheduled_at=at(day),
            place="Hội trường UBND",
        )

    def held_session(self, requests, day=date(2026, 3, 10), present=None):
        session = self.session(day)
        for request in requests:
            sessions.invitation_send(
                actor=self.actors.own_council_officer, session=session, request=request, sent_on=day
            )
        ids = [member.pk for member in members(self.council)] if present is None else present
        return sessions.session_hold(
            actor=self.actors.own_council_officer, session=session, present_member_ids=ids, opened_at=at(day)
        )

    def assess(self, session, request, total=None, decisive=(), items=("1.2",), **fields):
        return assessments.assessment_record(
            actor=self.actors.own_council_officer,
            session=session,
            request=request,
            type_items=list(items),
            decisive_conditions=list(decisive),
            activity_scores=fields.pop("activity_scores", scores(total) if total is not None else {}),
            **fields,
        )

    def conclude(self, assessment, outcome="disabled", level=None, votes=(7, 0), **fields):
        return assessments.assessment_conclude(
            actor=self.actors.own_council_officer,
            assessment=assessment,
            outcome=outcome,
            level=assessment.suggested_level if level is None else level,
            votes_for=votes[0],
            votes_against=votes[1],
            concluded_on=fields.pop("concluded_on", timezone.localtime(assessment.session.scheduled_at).date()),
            **fields,
        )

    def post(self, assessment, posted_on=None):
        return postings.conclusion_post(
            actor=self.actors.own_council_officer,
            assessment=assessment,
            posted_on=posted_on or assessment.concluded_on,
            place="Bảng tin UBND xã",
        )

    def to_posting(self, person, total=16, kind="first", day=date(2026, 3, 10), **fields):
        request = self.receive(person, kind=kind, received_on=fields.pop("received_on", date(2026, 3, 2)))
        session = self.held_session([request], day=day)
        assessment = self.conclude(self.assess(session, request, total=total, **fields))
        self.post(assessment)
        request.refresh_from_db()
        return request

    def issue(self, request, issued_on=date(2026, 3, 16)):
        return certificates.certificate_issue(actor=self.actors.own_commune_chair, request=request, issued_on=issued_on)


@pytest.fixture
def flow(actors, council) -> Flow:
    return Flow(actors, council)
