"""Demo data of disability determination in TT Đồi Ngô (issue 6): a council with its members, one
held session with scored assessments, a certificate, a conclusion still posted, a case sent to
the Medical Assessment Council and a request waiting for the next session.

Everything goes through the actions of `ansinh.disability` (councils, requests, sessions, assessments,
postings, escalations, certificates) as the demo users `xa.doingo` (commune
officer), `hd.doingo` (council secretary) and `xa.doingo.ct` (commune chair, council chair), so the
audit log tells the story. `seed_disability_demo()` is idempotent: it does nothing when the commune
already has a council.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from ansinh.accounts.models import User
from ansinh.disability import assessments, certificates, councils, escalations, postings, requests, sessions
from ansinh.disability.models import Council, CouncilRole, Outcome, RequestKind
from ansinh.registry.actions import person_create
from ansinh.registry.models import Person
from ansinh.registry.validation import PersonInput
from ansinh.territory.models import AdministrativeUnit

MEMBERS = [
    ("Trần Văn Bình", CouncilRole.CHAIR, "Chủ tịch UBND thị trấn"),
    ("Lê Thị Thu", CouncilRole.SECRETARY, "Công chức LĐ-TB&XH thị trấn"),
    ("Phạm Văn Y", CouncilRole.HEALTH_STATION, "Trạm trưởng Trạm y tế thị trấn"),
    ("Nguyễn Văn Mặt", CouncilRole.FATHERLAND_FRONT, "Chủ tịch Ủy ban MTTQ thị trấn"),
    ("Hoàng Thị Phụ", CouncilRole.WOMEN_UNION, "Chủ tịch Hội Liên hiệp phụ nữ thị trấn"),
    ("Đỗ Văn Đoàn", CouncilRole.YOUTH_UNION, "Bí thư Đoàn thanh niên thị trấn"),
    ("Vũ Văn Binh", CouncilRole.VETERANS, "Chủ tịch Hội Cựu chiến binh thị trấn"),
]
DUTIES = {
    CouncilRole.CHAIR: "Chủ trì phiên họp\nKý giấy xác nhận khuyết tật",
    CouncilRole.SECRETARY: "Tiếp nhận đơn, chuẩn bị phiếu\nGhi biên bản, lưu hồ sơ",
    CouncilRole.HEALTH_STATION: "Quan sát, đánh giá tình trạng sức khỏe, chức năng",
}
# name, sex, birth date, CCCD
PEOPLE = [
    ("Nguyễn Thị Hường", "female", date(1990, 5, 12), "024190012345"),
    ("Ngô Văn Sáng", "male", date(1958, 2, 3), "024058012346"),
    ("Đinh Văn Khó", "male", date(1975, 9, 20), "024075012347"),
    ("Lưu Thị Mai", "female", date(2012, 11, 1), "024312012348"),
]


def _user(username: str) -> User:
    return User.objects.get(username=username)


def _person(officer: User, commune: AdministrativeUnit, spec: tuple[str, str, date, str]) -> Person:
    name, sex, born, number = spec
    existing = Person.objects.filter(citizen_id=number).first()
    if existing is not None:
        return existing
    data = PersonInput(full_name=name, sex=sex, birth_date=born, citizen_id=number)
    return person_create(actor=officer, data=data, commune=commune, address="Tổ dân phố 2", source="Demo")


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def seed_disability_demo(today: date | None = None) -> dict[str, int]:
    """Seed Đồi Ngô's disability council and its work; needs the demo users (seed_demo)."""
    officer, secretary, chair = _user("xa.doingo"), _user("hd.doingo"), _user("xa.doingo.ct")
    commune = AdministrativeUnit.objects.get(pk=chair.scope_unit_id or 0)
    if Council.objects.filter(commune=commune).exists():
        return {"councils": 0}
    today = today or timezone.localdate()
    received = today - timedelta(days=40)
    meeting = today - timedelta(days=21)
    with transaction.atomic():
        council = councils.council_create(
            actor=secretary,
            commune=commune,
            term_start=date(2021, 7, 1),
            decision_number="125/QĐ-UBND",
            decision_date=date(2021, 7, 1),
        )
        members = []
        for name, role, position in MEMBERS:
            member = councils.member_add(
                actor=secretary,
                council=council,
                full_name=name,
                role=role,
                position=position,
                joined_on=date(2021, 7, 1),
            )
            members.append(member)
            if role in DUTIES:
                councils.member_duties_set(
                    actor=secretary,
                    member=member,
                    duties=DUTIES[role],
                    notice_number="01/TB-HĐ",
                    notified_on=date(2021, 7, 5),
                )
            councils.training_record(
                actor=secretary,
                member=member,
                trained_on=date(2021, 8, 10),
                material="Tập huấn TT 01/2019/TT-BLĐTBXH",
                organiser="Phòng LĐ-TB&XH huyện Lục Nam",
            )
        people = [_person(officer, commune, spec) for spec in PEOPLE]
        first_requests = [
            requests.request_receive(actor=officer, person=person, kind=RequestKind.FIRST, received_on=received)
            for person in people[:3]
        ]
        waiting = requests.request_receive(
            actor=officer,
            person=people[3],
            kind=RequestKind.FIRST,
            received_on=today - timedelta(days=3),
            studies=True,
            school_name="Trường THCS Đồi Ngô",
            representative_name="Lưu Văn Hải",
            representative_relation="bố",
        )
        requests.school_consult(
            actor=secretary, request=waiting, school_name="Trường THCS Đồi Ngô", sent_on=today - timedelta(days=2)
        )
        session = sessions.session_schedule(
            actor=secretary, commune=commune, scheduled_at=_at(meeting, 8), place="Hội trường UBND thị trấn Đồi Ngô"
        )
        for index, item in enumerate(first_requests):
            sessions.invitation_send(
                actor=secretary, session=session, request=item, sent_on=meeting - timedelta(days=7), at_home=index == 1
            )
        sessions.session_hold(
            actor=secretary,
            session=session,
            present_member_ids=[member.pk for member in members[:6]],
            opened_at=_at(meeting, 8),
            absence_notes={members[6].pk: "Đi công tác"},
        )
        scores = {"1": 1, "2": 0, "3": 1, "4": 1, "5": 1, "6": 1, "7": 1, "8": 2, "9": 1, "10": 0}
        severe = assessments.assessment_record(
            actor=secretary,
            session=session,
            request=first_requests[0],
            type_items=["1.3", "1.4"],
            activity_scores=scores,
        )
        blind = assessments.assessment_record(
            actor=secretary,
            session=session,
            request=first_requests[1],
            type_items=["3.1"],
            decisive_conditions=["1.3"],
            activity_scores=dict.fromkeys(scores, 2),
        )
        unclear = assessments.assessment_record(
            actor=secretary,
            session=session,
            request=first_requests[2],
            type_items=["4.2"],
            activity_scores=dict.fromkeys(scores, "x"),
        )
        sessions.session_close(actor=secretary, session=session, closed_at=_at(meeting, 10))
        for assessment in (severe, blind):
            assessments.assessment_conclude(
                actor=secretary,
                assessment=assessment,
                outcome=Outcome.DISABLED,
                level=assessment.suggested_level,
                types=assessment.types,
                votes_for=6,
                votes_against=0,
                member_opinions="Thống nhất với kết quả phiếu.",
                concluded_on=meeting,
            )
            postings.conclusion_post(
                actor=secretary,
                assessment=assessment,
                posted_on=meeting + timedelta(days=1),
                place="Trụ sở UBND thị trấn Đồi Ngô",
            )
        assessments.assessment_conclude(
            actor=secretary,
            assessment=unclear,
            outcome=Outcome.NO_CONCLUSION,
            votes_for=5,
            votes_against=1,
            member_opinions="Cần kết luận chuyên môn về tâm thần.",
            concluded_on=meeting,
        )
        escalations.escalation_send(
            actor=secretary, request=first_requests[2], reason="no_conclusion", sent_on=meeting + timedelta(days=2)
        )
        certificate = certificates.certificate_issue(
            actor=chair, request=first_requests[0], issued_on=meeting + timedelta(days=7), signer_name="Trần Văn Bình"
        )
    return {
        "councils": 1,
        "members": len(members),
        "requests": 4,
        "sessions": 1,
        "certificates": int(bool(certificate)),
    }
