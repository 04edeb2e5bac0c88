"""Disability determination for every kind of actor (issue 6): the commune's council, officers and
chair manage their commune (the chair alone signs certificates), another commune gets 404, the
district labour office reads, and the post office, finance and the others see nothing."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.urls import reverse

from ansinh.disability.actions import complaint_receive
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
from ansinh.web.demo_disability import seed_disability_demo
from tests.permissions import LOGIN, Endpoint, check_endpoint

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
    return {
        "council": Council.objects.get().pk,
        "member": CouncilMember.objects.filter(role="chair").get().pk,
        "request": Request.objects.get(status=RequestStatus.RECEIVED).pk,
        "consultation": SchoolConsultation.objects.get().pk,
        "session": Session.objects.get().pk,
        "invitation": Invitation.objects.filter(request__status=RequestStatus.POSTED).first().pk,
        "assessment": Assessment.objects.filter(outcome="disabled").first().pk,
        "posting": ConclusionPosting.objects.filter(status="posted").first().pk,
        "complaint": Complaint.objects.get().pk,
        "escalation": MedicalEscalation.objects.get().pk,
        "certificate": Certificate.objects.get().pk,
        "posted_request": Request.objects.get(status=RequestStatus.POSTED).pk,
    }


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


POSTS: list[tuple[str, Callable[[], str], dict[str, int | str], dict[str, object]]] = [
    ("council_create", url("disability:council_create"), CREATE, {"term_start": "01/07/2026"}),
    ("request_create", url("disability:request_create"), CREATE, {"citizen_id": "024190012345", "kind": "first"}),
    (
        "session_create",
        url("disability:session_create"),
        CREATE,
        {"scheduled_at": "01/12/2026 08:00", "place": "Hội trường"},
    ),
    (
        "member_add",
        url("disability:member_add", "council"),
        MANAGE,
        {"full_name": "Mới", "role": "other", "joined_on": "01/08/2021"},
    ),
    ("member_leave", url("disability:member_leave", "member"), MANAGE, {"left_on": "01/08/2021", "reason": "Nghỉ"}),
    (
        "member_training",
        url("disability:member_training", "member"),
        MANAGE,
        {"trained_on": "01/08/2021", "material": "TT"},
    ),
    ("request_close", url("disability:request_close", "request"), MANAGE, {"status": "withdrawn", "reason": "Rút"}),
    ("session_cancel", url("disability:session_cancel", "session"), MANAGE, {"reason": "Hoãn"}),
    (
        "assessment_preview",
        url("disability:assessment_preview", "invitation"),
        MANAGE,
        {"form": "03", "type_items": ["1.3"]},
    ),
    (
        "complaint_answer",
        url("disability:complaint_answer", "complaint"),
        MANAGE,
        {"answered_on": "01/08/2021", "answer": "x"},
    ),
    (
        "certificate_revoke",
        url("disability:certificate_revoke", "certificate"),
        SIGN,
        {"revoked_on": "01/08/2021", "reason": "x"},
    ),
    ("certificate_issue", url("disability:certificate_issue", "posted_request"), SIGN, {"issued_on": "01/08/2021"}),
    ("certificate_dossier", url("disability:certificate_dossier", "certificate"), MANAGE, {}),
]


def test_refused_writes_change_nothing(story):
    for name, target, expected, data in POSTS:
        refused = refusals(expected)
        actors = {actor: user for actor, user in story.named().items() if actor in refused}
        check_endpoint(Endpoint(name, target, "POST", data), actors, refused)


def test_the_preview_writes_nothing_for_a_manager(story):
    expected = {"own_council_officer": 200}
    data = {"form": "03", "type_items": ["1.3"], "activity_1": "2"}
    endpoint = Endpoint("preview", url("disability:assessment_preview", "invitation"), "POST", data, htmx=True)
    check_endpoint(endpoint, {"own_council_officer": story.own_council_officer}, expected)
