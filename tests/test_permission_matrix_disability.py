"""Disability determination for every kind of actor (issue 6): the commune's council, officers and
chair manage their commune (the chair alone signs certificates), another commune gets 404, the
district labour office reads, and the post office, finance and the others see nothing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ansinh.disability import assessments, postings, requests, sessions
from ansinh.disability.complaints import complaint_receive
from ansinh.disability.models import (
    Assessment,
    Certificate,
    Complaint,
    ConclusionPosting,
    Council,
    CouncilMember,
    Invitation,
    MedicalEscalation,
    Request,
    RequestStatus,
    SchoolConsultation,
    Session,
)
from ansinh.registry.models import Person
from ansinh.web.demo_disability import seed_disability_demo
from tests.permissions import LOGIN, Endpoint, check_allowed_write, check_endpoint

pytestmark = pytest.mark.django_db

MANAGERS = {"own_commune_officer", "own_commune_chair", "own_council_officer"}
SIGNER = {"own_commune_chair"}
READERS = {"labour_officer", "labour_head"}
OTHER = {"other_commune_officer"}
NOBODY = {
    "district_chair",
    "finance_officer",
    "social_insurance_officer",
    "post_office_officer",
    "culture_officer",
    "vocational_officer",
    "province_viewer",
    "admin",
}
EVERYONE = MANAGERS | READERS | OTHER | NOBODY


def expect(**groups: tuple[set[str], int | str]) -> dict[str, int | str]:
    result: dict[str, int | str] = {"anonymous": LOGIN}
    for members, status in groups.values():
        for name in members:
            result.setdefault(name, status)
    assert set(result) == EVERYONE | {"anonymous"}, sorted(EVERYONE | {"anonymous"} - set(result))
    return result


LIST = expect(commune=(MANAGERS | OTHER, 200), readers=(READERS, 200), nobody=(NOBODY, 403))
READ = expect(commune=(MANAGERS, 200), readers=(READERS, 200), other=(OTHER | NOBODY, 404))
MANAGE = expect(commune=(MANAGERS, 200), readers=(READERS, 403), other=(OTHER | NOBODY, 404))
SIGN = expect(signer=(SIGNER, 200), commune=(MANAGERS | READERS, 403), other=(OTHER | NOBODY, 404))
CREATE = expect(commune=(MANAGERS | OTHER, 200), readers=(READERS | NOBODY, 403))


@pytest.fixture
def story(actors):
    seed_disability_demo()
    posting = ConclusionPosting.objects.filter(status="posted").first()
    complaint_receive(
        actor=actors.own_commune_officer,
        posting=posting,
        received_on=posting.posted_on,
        complainant="Ngô Văn Sáng",
        content="Đề nghị xem xét lại",
    )
    return actors


def ids() -> dict[str, int]:
    """The demo's records (the first of each kind: the POST tests add open work beside them)."""
    first = {
        "council": Council.objects.all(),
        "member": CouncilMember.objects.filter(role="chair"),
        "request": Request.objects.filter(status=RequestStatus.RECEIVED),
        "consultation": SchoolConsultation.objects.all(),
        "session": Session.objects.all(),
        "invitation": Invitation.objects.filter(request__status=RequestStatus.POSTED),
        "assessment": Assessment.objects.filter(outcome="disabled"),
        "posting": ConclusionPosting.objects.filter(status="posted"),
        "complaint": Complaint.objects.all(),
        "escalation": MedicalEscalation.objects.all(),
        "certificate": Certificate.objects.all(),
        "posted_request": Request.objects.filter(status=RequestStatus.POSTED),
    }
    return {key: rows.order_by("pk").values_list("pk", flat=True)[0] for key, rows in first.items()}


def url(name: str, key: str | None = None, *extra: str) -> Callable[[], str]:
    return lambda: reverse(name, args=[ids()[key], *extra] if key else list(extra))


GETS: list[tuple[str, Callable[[], str], dict[str, int | str]]] = [
    ("index", url("disability:index"), LIST),
    ("council_list", url("disability:council_list"), LIST),
    ("request_list", url("disability:request_list"), LIST),
    ("session_list", url("disability:session_list"), LIST),
    ("certificate_list", url("disability:certificate_list"), LIST),
    ("reassessment_list", url("disability:reassessment_list"), LIST),
    ("costs", url("disability:costs"), LIST),
    ("reports", url("disability:reports"), LIST),
    ("council_create", url("disability:council_create"), CREATE),
    ("request_create", url("disability:request_create"), CREATE),
    ("session_create", url("disability:session_create"), CREATE),
    ("council_detail", url("disability:council_detail", "council"), READ),
    ("member_notice_pdf", url("disability:member_notice_pdf", "member"), READ),
    ("request_detail", url("disability:request_detail", "request"), READ),
    ("consultation_pdf", url("disability:consultation_pdf", "consultation"), READ),
    ("session_detail", url("disability:session_detail", "session"), READ),
    ("session_minutes", url("disability:session_minutes", "session", "docx"), READ),
    ("invitation_pdf", url("disability:invitation_pdf", "invitation"), READ),
    ("assessment_detail", url("disability:assessment_detail", "assessment"), READ),
    ("assessment_minutes", url("disability:assessment_minutes", "assessment", "docx"), READ),
    ("certificate_detail", url("disability:certificate_detail", "certificate"), READ),
    ("certificate_pdf", url("disability:certificate_pdf", "certificate"), READ),
    ("member_add", url("disability:member_add", "council"), MANAGE),
    ("member_leave", url("disability:member_leave", "member"), MANAGE),
    ("member_training", url("disability:member_training", "member"), MANAGE),
    ("member_duties", url("disability:member_duties", "member"), MANAGE),
    ("request_close", url("disability:request_close", "request"), MANAGE),
    ("consultation_create", url("disability:consultation_create", "request"), MANAGE),
    ("consultation_reply", url("disability:consultation_reply", "consultation"), MANAGE),
    ("escalation_create", url("disability:escalation_create", "request"), MANAGE),
    ("escalation_outcome", url("disability:escalation_outcome", "escalation"), MANAGE),
    ("invitation_create", url("disability:invitation_create", "session"), MANAGE),
    ("session_attendance", url("disability:session_attendance", "session"), MANAGE),
    ("session_close", url("disability:session_close", "session"), MANAGE),
    ("session_cancel", url("disability:session_cancel", "session"), MANAGE),
    ("assessment_edit", url("disability:assessment_edit", "invitation"), MANAGE),
    ("assessment_conclude", url("disability:assessment_conclude", "assessment"), MANAGE),
    ("posting_create", url("disability:posting_create", "assessment"), MANAGE),
    ("complaint_create", url("disability:complaint_create", "posting"), MANAGE),
    ("complaint_answer", url("disability:complaint_answer", "complaint"), MANAGE),
    ("certificate_issue", url("disability:certificate_issue", "posted_request"), SIGN),
    ("certificate_revoke", url("disability:certificate_revoke", "certificate"), SIGN),
    ("posting_close", url("disability:posting_close", "posting"), SIGN),
]


def check_pages(story, expectation: dict[str, int | str]) -> None:
    pages = [(name, target) for name, target, expected in GETS if expected is expectation]
    assert pages
    for name, target in pages:
        check_endpoint(Endpoint(name, target), story.named(), expectation)


def test_lists_and_new_records(story):
    check_pages(story, LIST)
    check_pages(story, CREATE)


def test_records_and_printouts(story):
    check_pages(story, READ)


def test_forms_of_the_commune(story):
    check_pages(story, MANAGE)


def test_forms_of_the_chair(story):
    check_pages(story, SIGN)


def refusals(expected: dict[str, int | str]) -> dict[str, int | str]:
    return {name: status for name, status in expected.items() if status != 200}


def today() -> str:
    return timezone.localdate().strftime("%d/%m/%Y")


def now() -> str:
    return timezone.localtime().strftime("%d/%m/%Y %H:%M")


@pytest.fixture
def work(story) -> dict[str, int]:
    """Open work beside the demo's (whose one session is held and closed), so that every form of the
    council has a record it can be validly posted on: a scheduled session and a request waiting for
    it; a held session with an invited person not yet assessed, a draft assessment, a concluded one
    not yet posted, and a posted "not disabled" conclusion for the chair to close."""
    officer = story.own_council_officer
    council = Council.objects.get()
    commune = council.commune
    day = timezone.localdate() - timedelta(days=30)
    opened = timezone.make_aware(datetime.combine(day, time(8)))

    def received(name: str, number: str) -> Request:
        person = Person(
            full_name=name, birth_date=date(1970, 3, 3), birth_year=1970, sex="male", citizen_id=number,
            commune=commune, province_code="24", address="Thôn Chùa",
        )  # fmt: skip
        person.save()
        return requests.request_receive(actor=officer, person=person, kind="first", received_on=day - timedelta(10))

    newcomer = Person(
        full_name="Phan Văn Mới", birth_date=date(1971, 4, 4), birth_year=1971, sex="male",
        citizen_id="024071099008", commune=commune, province_code="24", address="Thôn Chùa",
    )  # fmt: skip
    newcomer.save()
    waiting = received("Phan Văn Chờ", "024070099001")
    invited, drafted, concluded, cleared, certified = (
        received(name, f"02407009900{index}")
        for index, name in enumerate(
            ["Phan Văn Mời", "Phan Văn Chấm", "Phan Văn Kết", "Phan Văn Khỏe", "Phan Văn Giấy"], start=2
        )
    )
    scheduled = sessions.session_schedule(
        actor=officer, commune=commune, scheduled_at=opened + timedelta(days=9), place="Phòng họp số 2"
    )
    held = sessions.session_schedule(actor=officer, commune=commune, scheduled_at=opened, place="Phòng họp số 3")
    for item in (invited, drafted, concluded, cleared, certified):
        sessions.invitation_send(actor=officer, session=held, request=item, sent_on=day - timedelta(days=5))
    sitting = list(council.members.filter(left_on__isnull=True).values_list("pk", flat=True))
    sessions.session_hold(actor=officer, session=held, present_member_ids=sitting, opened_at=opened)
    all_two = {str(n): 2 for n in range(1, 11)}
    draft = assessments.assessment_record(
        actor=officer, session=held, request=drafted, type_items=["1.2"], activity_scores=all_two
    )
    done = assessments.assessment_record(
        actor=officer, session=held, request=concluded, type_items=["1.2"], activity_scores=all_two
    )
    assessments.assessment_conclude(
        actor=officer, assessment=done, outcome="disabled", level=done.suggested_level, types=done.types,
        votes_for=len(sitting), votes_against=0, concluded_on=day,
    )  # fmt: skip
    to_certify = assessments.assessment_record(
        actor=officer, session=held, request=certified, type_items=["1.2"], activity_scores=all_two
    )
    assessments.assessment_conclude(
        actor=officer, assessment=to_certify, outcome="disabled", level=to_certify.suggested_level,
        types=to_certify.types, votes_for=len(sitting), votes_against=0, concluded_on=day,
    )  # fmt: skip
    postings.conclusion_post(actor=officer, assessment=to_certify, posted_on=day, place="Bảng tin UBND")
    healthy = assessments.assessment_record(
        actor=officer, session=held, request=cleared, type_items=[], activity_scores={str(n): 0 for n in range(1, 11)}
    )
    healthy = assessments.assessment_conclude(
        actor=officer, assessment=healthy, outcome="not_disabled", votes_for=len(sitting), votes_against=0,
        concluded_on=day,
    )  # fmt: skip
    posting = postings.conclusion_post(actor=officer, assessment=healthy, posted_on=day, place="Bảng tin UBND")
    return {
        "waiting": waiting.pk,
        "scheduled": scheduled.pk,
        "held": held.pk,
        "invitation": Invitation.objects.get(request=invited).pk,
        "draft": draft.pk,
        "concluded": done.pk,
        "not_disabled_posting": posting.pk,
        "to_certify": certified.pk,
        "sitting": sitting,  # type: ignore[dict-item]
    }


def forms(work: dict[str, int]) -> list[tuple[str, Callable[[], str], dict[str, int | str], dict[str, object]]]:
    """Every form of the council with data its allowed actor's POST accepts (and writes)."""

    def on(name: str, key: str) -> Callable[[], str]:
        return lambda: reverse(name, args=[work[key]])

    return [
        ("council_create", url("disability:council_create"), CREATE, {"term_start": "01/07/2026"}),
        (
            "request_create",
            url("disability:request_create"),
            CREATE,
            {"citizen_id": "024071099008", "kind": "first", "received_on": today()},
        ),
        ("session_create", url("disability:session_create"), CREATE, {"scheduled_at": now(), "place": "Hội trường"}),
        (
            "member_add",
            url("disability:member_add", "council"),
            MANAGE,
            {"full_name": "Mới", "role": "other", "joined_on": "01/08/2021"},
        ),
        ("member_leave", url("disability:member_leave", "member"), MANAGE, {"left_on": today(), "reason": "Nghỉ"}),
        (
            "member_training",
            url("disability:member_training", "member"),
            MANAGE,
            {"trained_on": "01/08/2021", "material": "TT 01/2019"},
        ),
        (
            "member_duties",
            url("disability:member_duties", "member"),
            MANAGE,
            {"duties": "Chủ trì phiên họp\nKý biên bản", "notice_number": "02/TB-HĐ", "notified_on": today()},
        ),
        ("request_close", url("disability:request_close", "request"), MANAGE, {"status": "withdrawn", "reason": "Rút"}),
        (
            "consultation_create",
            on("disability:consultation_create", "waiting"),
            MANAGE,
            {"school_name": "Trường THCS Đồi Ngô", "sent_on": today()},
        ),
        (
            "consultation_reply",
            url("disability:consultation_reply", "consultation"),
            MANAGE,
            {"reply_on": today(), "difficulties": "Khó khăn khi đọc, viết", "recommended_types": ["intellectual"]},
        ),
        (
            "escalation_create",
            url("disability:escalation_create", "posted_request"),
            MANAGE,
            {"reason": "disagrees", "sent_on": today(), "council_name": "Hội đồng Giám định y khoa tỉnh"},
        ),
        (
            "escalation_outcome",
            url("disability:escalation_outcome", "escalation"),
            MANAGE,
            {"outcome": "disabled", "types": ["mental"], "level": "severe", "outcome_on": today(), "reference": "5/GĐ"},
        ),
        (
            "invitation_create",
            on("disability:invitation_create", "scheduled"),
            MANAGE,
            {"request": work["waiting"], "meet_at": now(), "sent_on": today()},
        ),
        (
            "session_attendance",
            on("disability:session_attendance", "scheduled"),
            MANAGE,
            {"present": work["sitting"]},
        ),
        ("session_close", on("disability:session_close", "held"), MANAGE, {"closed_at": now(), "note": "Xong"}),
        ("session_cancel", on("disability:session_cancel", "scheduled"), MANAGE, {"reason": "Hoãn"}),
        (
            "assessment_edit",
            on("disability:assessment_edit", "invitation"),
            MANAGE,
            {"form": "03", "type_items": ["1.2"], **{f"activity_{n}": "1" for n in range(1, 11)}},
        ),
        (
            "assessment_conclude",
            on("disability:assessment_conclude", "draft"),
            MANAGE,
            {
                "outcome": "disabled",
                "types": ["motor"],
                "level": "especially_severe",
                "votes_for": 7,
                "votes_against": 0,
            },
        ),
        (
            "posting_create",
            on("disability:posting_create", "concluded"),
            MANAGE,
            {"posted_on": today(), "place": "Trụ sở UBND thị trấn"},
        ),
        (
            "complaint_create",
            url("disability:complaint_create", "posting"),
            MANAGE,
            {"received_on": today(), "complainant": "Ngô Văn Sáng", "content": "Đề nghị xem xét lại mức độ"},
        ),
        (
            "complaint_answer",
            url("disability:complaint_answer", "complaint"),
            MANAGE,
            {"answered_on": today(), "answer": "Giữ nguyên kết luận"},
        ),
        (
            "posting_close",
            on("disability:posting_close", "not_disabled_posting"),
            SIGN,
            {"closed_on": today()},
        ),
        (
            "certificate_revoke",
            url("disability:certificate_revoke", "certificate"),
            SIGN,
            {"revoked_on": today(), "reason": "Cấp nhầm"},
        ),
        (
            "certificate_issue",
            on("disability:certificate_issue", "to_certify"),
            SIGN,
            {"issued_on": today(), "signer_name": "Trần Văn Bình"},
        ),
        ("certificate_dossier", url("disability:certificate_dossier", "certificate"), OPEN_DOSSIER, {}),
    ]


# the commune officer alone opens the 5.6 dossier (a change to the person's file: cases/policies.py)
OPEN_DOSSIER = expect(
    officer=({"own_commune_officer"}, 200), commune=(MANAGERS | READERS, 403), other=(OTHER | NOBODY, 404)
)
ALLOWED = {
    id(CREATE): "own_council_officer",
    id(MANAGE): "own_council_officer",
    id(SIGN): "own_commune_chair",
    id(OPEN_DOSSIER): "own_commune_officer",
}


def test_refused_writes_change_nothing(story, work):
    for name, target, expected, data in forms(work):
        refused = refusals(expected)
        actors = {actor: user for actor, user in story.named().items() if actor in refused}
        check_endpoint(Endpoint(name, target, "POST", data), actors, refused)


def test_the_same_posts_write_for_the_allowed_actor(story, work):
    """The data the refused actors post is valid: the allowed actor's same POST writes (rolled back)."""
    failures = []
    for name, target, expected, data in forms(work):
        allowed = ALLOWED[id(expected)]
        try:
            check_allowed_write(Endpoint(name, target, "POST", data), allowed, story.named()[allowed])
        except AssertionError as error:
            failures.append(str(error).splitlines()[0])
    assert not failures, "\n".join(failures)


def test_the_preview_writes_nothing_for_a_manager(story):
    expected = {"own_council_officer": 200}
    data = {"form": "03", "type_items": ["1.3"], "activity_1": "2"}
    endpoint = Endpoint("preview", url("disability:assessment_preview", "invitation"), "POST", data, htmx=True)
    check_endpoint(endpoint, {"own_council_officer": story.own_council_officer}, expected)
