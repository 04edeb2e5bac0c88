"""Requests, deadlines in working days, sessions with the quorum, scored assessments and the vote."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ansinh.disability import complaints, escalations, requests, sessions
from ansinh.disability.models import (
    Assessment,
    AssessmentStatus,
    Attendance,
    Complaint,
    ConclusionPosting,
    Invitation,
    Request,
    RequestStatus,
    SessionStatus,
)
from ansinh.disability.tests.conftest import at, members, scores


@pytest.mark.parametrize(
    ("received_on", "due_on"),
    [
        (date(2026, 3, 2), date(2026, 3, 30)),  # four plain weeks
        (date(2026, 2, 9), date(2026, 3, 16)),  # across the Tết days off 16–20/2
        (date(2026, 4, 20), date(2026, 5, 21)),  # across 27/4, 30/4 and 1/5
    ],
)
def test_council_deadline_is_twenty_working_days(flow, make_person, received_on, due_on):
    request = flow.receive(make_person(), received_on=received_on)
    assert request.due_on == due_on


def test_exchange_and_reissue_are_due_in_five_working_days(flow, make_person):
    person = make_person()
    flow.issue(flow.to_posting(person))
    request = flow.receive(person, kind="reissue", received_on=date(2026, 4, 24), reason="Mất giấy")
    assert request.due_on == date(2026, 5, 6)  # 27/4, 30/4 and 1/5 are days off


@pytest.mark.parametrize(
    ("kind", "fields", "field"),
    [
        ("first", {"studies": True}, "school_name"),
        ("exchange", {"reason": "Giấy cũ hỏng"}, "kind"),  # no certificate to exchange
        ("first", {"declared_types": ["sight"]}, "declared_types"),
        ("first", {"declared_scores": {"1": 5}}, "declared_scores"),
        ("redetermine", {"reason": ""}, "reason"),
    ],
)
def test_invalid_requests_change_nothing(flow, make_person, kind, fields, field):
    person = make_person()
    with pytest.raises(ValidationError, match=f"'{field}'") as caught:
        flow.receive(person, kind=kind, **fields)
    assert field in caught.value.message_dict
    assert not Request.objects.exists()


def test_one_open_request_per_person(flow, make_person):
    person = make_person()
    flow.receive(person)
    with pytest.raises(ValidationError, match="đang có đơn chưa giải quyết xong"):
        flow.receive(person)
    assert Request.objects.count() == 1


def test_another_commune_cannot_receive(actors, flow, make_person, lucnam):
    with pytest.raises(PermissionDenied, match="không có quyền"):
        requests.request_receive(
            actor=actors.other_commune_officer, person=make_person(), kind="first", received_on=date(2026, 3, 2)
        )
    assert not Request.objects.exists()


def test_school_is_consulted_when_the_person_studies(actors, flow, make_person):
    request = flow.receive(make_person(born=date(2012, 1, 1)), studies=True, school_name="Trường THCS Đồi Ngô")
    session = flow.held_session([request])
    assessment = flow.assess(session, request, total=8)
    with pytest.raises(ValidationError, match="hãy gửi văn bản tham khảo ý kiến nhà trường") as caught:
        flow.conclude(assessment)
    assert "Mẫu 04" in caught.value.message_dict["request"][0]
    consultation = requests.school_consult(
        actor=actors.own_council_officer, request=request, school_name="", sent_on=date(2026, 3, 3)
    )
    assert consultation.school_name == "Trường THCS Đồi Ngô"
    requests.school_reply(
        actor=actors.own_council_officer,
        consultation=consultation,
        reply_on=date(2026, 3, 6),
        difficulties="Khó khăn khi đọc, viết",
        recommended_types=["intellectual"],
        recommended_level="severe",
    )
    with pytest.raises(ValidationError, match="Đã ghi nhận trả lời của nhà trường"):
        requests.school_reply(
            actor=actors.own_council_officer, consultation=consultation, reply_on=date(2026, 3, 7), difficulties="x"
        )
    consultation.refresh_from_db()
    assert (consultation.reply_on, consultation.recommended_level) == (date(2026, 3, 6), "severe")
    assert flow.conclude(assessment).status == "concluded"


def test_invitation_at_home_uses_the_persons_address(actors, flow, make_person):
    request = flow.receive(make_person(address="Thôn Bãi Lời, số 12"))
    session = flow.session()
    invitation = sessions.invitation_send(
        actor=actors.own_council_officer, session=session, request=request, sent_on=date(2026, 3, 5), at_home=True
    )
    assert (invitation.at_home, invitation.place) == (True, "Thôn Bãi Lời, số 12")
    assert invitation.meet_at == session.scheduled_at
    request.refresh_from_db()
    assert request.status == RequestStatus.INVITED
    with pytest.raises(ValidationError, match="Đã mời người này vào phiên họp"):
        sessions.invitation_send(
            actor=actors.own_council_officer, session=session, request=request, sent_on=date(2026, 3, 5)
        )
    assert Invitation.objects.count() == 1


def test_no_quorum_no_meeting(actors, flow, council, make_person):
    request = flow.receive(make_person())
    session = flow.session()
    sessions.invitation_send(
        actor=actors.own_council_officer, session=session, request=request, sent_on=date(2026, 3, 5)
    )
    four = [member.pk for member in members(council)[:4]]
    with pytest.raises(ValidationError, match="không đủ điều kiện họp") as caught:
        sessions.session_hold(
            actor=actors.own_council_officer, session=session, present_member_ids=four, opened_at=at(date(2026, 3, 10))
        )
    assert "cần ít nhất 5" in caught.value.message_dict["present_member_ids"][0]
    session.refresh_from_db()
    assert session.status == SessionStatus.PLANNED
    assert not Attendance.objects.exists()
    five = [member.pk for member in members(council)[:5]]
    sessions.session_hold(
        actor=actors.own_council_officer, session=session, present_member_ids=five, opened_at=at(date(2026, 3, 10))
    )
    assert Attendance.objects.filter(present=True).count() == 5
    assert Attendance.objects.filter(present=False).count() == 2


def test_cancelled_session_returns_requests_to_the_queue(actors, flow, make_person):
    request = flow.receive(make_person())
    session = flow.session()
    sessions.invitation_send(
        actor=actors.own_council_officer, session=session, request=request, sent_on=date(2026, 3, 5)
    )
    sessions.session_cancel(actor=actors.own_council_officer, session=session, reason="Mưa bão")
    request.refresh_from_db()
    assert request.status == RequestStatus.RECEIVED


def test_form_follows_age_and_suggests_a_level(flow, make_person):
    child = flow.receive(make_person("Bé Na", born=date(2022, 1, 1)))
    adult = flow.receive(make_person("Ông Ba", born=date(1960, 1, 1)))
    session = flow.held_session([child, adult])
    under_six = flow.assess(session, child, decisive=["1.5"], items=["3.1"])
    assert (under_six.form, under_six.suggested_level, under_six.types) == ("02", "especially_severe", ["vision"])
    scored = flow.assess(session, adult, total=9, items=["1.4", "2.2"])
    assert (scored.form, scored.total, scored.suggested_level) == ("03", 9, "severe")
    assert scored.types == ["motor", "hearing_speech"]
    assert scored.thresholds == {"especially_severe_min": 14, "severe_min": 7}
    corrected = flow.assess(session, adult, total=15, items=["1.4"])
    assert corrected.pk == scored.pk and corrected.suggested_level == "especially_severe"


def test_conclusion_may_differ_only_with_a_reason(flow, make_person):
    request = flow.receive(make_person())
    session = flow.held_session([request])
    assessment = flow.assess(session, request, total=12)  # severe by the form
    with pytest.raises(ValidationError, match="hãy ghi rõ lý do của Hội đồng") as caught:
        flow.conclude(assessment, level="especially_severe")
    assert "differs_reason" in caught.value.message_dict
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.DRAFT and not assessment.outcome
    concluded = flow.conclude(
        assessment, level="especially_severe", differs_reason="Quan sát thực tế: cần trợ giúp hoàn toàn khi đi lại"
    )
    assert concluded.differs_from_suggestion and concluded.differs_reason
    request.refresh_from_db()
    assert request.status == RequestStatus.CONCLUDED


def test_a_rejected_vote_changes_nothing_and_the_chair_breaks_ties(actors, flow, council, make_person):
    request = flow.receive(make_person())
    six = [member.pk for member in members(council)[:6]]  # the chair is the first member
    session = flow.held_session([request], present=six)
    assessment = flow.assess(session, request, total=8)
    with pytest.raises(ValidationError, match="thành viên có mặt không đồng ý"):
        flow.conclude(assessment, votes=(2, 4))
    with pytest.raises(ValidationError, match="hãy ghi ý kiến của Chủ tịch Hội đồng") as caught:
        flow.conclude(assessment, votes=(3, 3))
    assert "chair_casting_vote" in caught.value.message_dict
    with pytest.raises(ValidationError, match="Chủ tịch Hội đồng không đồng ý"):
        flow.conclude(assessment, votes=(3, 3), chair_casting_vote=False)
    assert Assessment.objects.get(pk=assessment.pk).status == AssessmentStatus.DRAFT
    concluded = flow.conclude(assessment, votes=(3, 3), chair_casting_vote=True)
    assert (concluded.votes_for, concluded.votes_against, concluded.chair_casting_vote) == (3, 3, True)
    with pytest.raises(ValidationError, match="Hội đồng đã kết luận"):
        flow.conclude(concluded, votes=(6, 0))  # a second click


def test_votes_cannot_exceed_the_members_present(flow, council, make_person):
    request = flow.receive(make_person())
    session = flow.held_session([request], present=[member.pk for member in members(council)[:5]])
    with pytest.raises(ValidationError, match="nhiều hơn số thành viên có mặt"):
        flow.conclude(flow.assess(session, request, total=8), votes=(5, 1))


def test_posting_and_complaints_count_working_days(actors, flow, make_person):
    request = flow.receive(make_person())
    session = flow.held_session([request], day=date(2026, 3, 10))
    assessment = flow.conclude(flow.assess(session, request, total=8))
    posting = flow.post(assessment)
    assert posting.ends_on == date(2026, 3, 17)
    complaint = complaints.complaint_receive(
        actor=actors.own_council_officer,
        posting=posting,
        received_on=date(2026, 3, 11),
        complainant="Nguyễn Thị Bình",
        content="Mức độ chưa đúng",
    )
    assert complaint.due_on == date(2026, 3, 18)
    complaints.complaint_answer(
        actor=actors.own_council_officer,
        complaint=complaint,
        answered_on=date(2026, 3, 13),
        answer="Xem xét lại",
        upheld=True,
    )
    request.refresh_from_db()
    posting.refresh_from_db()
    assert request.status == RequestStatus.RECEIVED and posting.status == "closed"
    with pytest.raises(ValidationError, match="Khiếu nại đã được trả lời"):
        complaints.complaint_answer(
            actor=actors.own_council_officer,
            complaint=complaint,
            answered_on=date(2026, 3, 13),
            answer="x",
            upheld=False,
        )
    assert Complaint.objects.get().status == "upheld"
    assert ConclusionPosting.objects.count() == 1


def test_no_conclusion_goes_to_the_medical_council(actors, flow, make_person):
    request = flow.receive(make_person())
    session = flow.held_session([request])
    assessment = flow.assess(
        session, request, items=["4.4"], activity_scores=dict.fromkeys(map(str, range(1, 11)), "x")
    )
    assert assessment.suggested_outcome == "no_conclusion"
    assessment = flow.conclude(assessment, outcome="no_conclusion", level="")
    with pytest.raises(ValidationError, match="Chỉ niêm yết kết luận đã được Hội đồng thông qua"):
        flow.post(assessment)
    escalation = escalations.escalation_send(
        actor=actors.own_council_officer, request=request, reason="no_conclusion", sent_on=date(2026, 3, 12)
    )
    request.refresh_from_db()
    assert request.status == RequestStatus.ESCALATED and escalation.assessment == assessment
    escalations.escalation_outcome(
        actor=actors.own_council_officer,
        escalation=escalation,
        outcome="disabled",
        level="severe",
        types=["mental"],
        outcome_on=date(2026, 4, 2),
        reference="12/BB-GĐYK",
    )
    with pytest.raises(ValidationError, match="Đã ghi nhận kết luận giám định"):
        escalations.escalation_outcome(
            actor=actors.own_council_officer, escalation=escalation, outcome="not_disabled", outcome_on=date(2026, 4, 3)
        )


def test_scores_in_a_session_follow_the_scores_helper():
    assert sum(value for value in scores(13).values()) == 13


@pytest.mark.parametrize(("typed", "side"), [("for", True), ("against", False), ("", None)])
def test_the_conclusion_form_records_the_chairs_side_on_a_tie(typed, side):
    from ansinh.disability.forms import ConclusionForm

    form = ConclusionForm({"votes_for": 3, "votes_against": 3, "chair_casting_vote": typed})
    form.is_valid()
    assert form.cleaned_data["chair_casting_vote"] is side


def test_a_session_is_recorded_as_held_at_the_time_entered(actors, council, today_is):
    today_is(date(2026, 3, 11))  # recorded the morning after the meeting
    session = sessions.session_schedule(
        actor=actors.own_council_officer,
        commune=council.commune,
        scheduled_at=at(date(2026, 3, 10), 14),
        place="Hội trường UBND",
    )
    client = Client()
    client.force_login(actors.own_council_officer)
    present = [str(member.pk) for member in council.members.all()]
    attendance = reverse("disability:session_attendance", args=[session.pk])
    assert client.post(attendance, {"present": present}).status_code == 302
    session.refresh_from_db()
    assert timezone.localtime(session.opened_at) == at(date(2026, 3, 10), 14)

    close = reverse("disability:session_close", args=[session.pk])
    assert 'value="10/03/2026 14:00"' in client.get(close).content.decode()
    refused = client.post(close, {"closed_at": "10/03/2026 14:00"})
    assert refused.status_code == 400
    assert "Giờ kết thúc phải sau giờ bắt đầu" in refused.content.decode()
    assert client.post(close, {"closed_at": "10/03/2026 16:30"}).status_code == 302
    session.refresh_from_db()
    assert timezone.localtime(session.closed_at) == at(date(2026, 3, 10), 16) + timedelta(minutes=30)
    page = client.get(reverse("disability:session_detail", args=[session.pk])).content.decode()
    assert "họp từ 10/03/2026 14:00 đến 10/03/2026 16:30" in page
