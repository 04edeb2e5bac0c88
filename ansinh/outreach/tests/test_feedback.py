"""Feedback: sent without an account (limited per address), recorded in person at the commune, linked
from the post office's record, routed, answered, closed and counted per month."""

from __future__ import annotations

import importlib
from datetime import date

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from ansinh.core.access import OfficeKind
from ansinh.core.months import YearMonth
from ansinh.outreach.actions import (
    feedback_answer,
    feedback_close,
    feedback_record,
    feedback_route,
    feedback_send,
)
from ansinh.outreach.models import Feedback, FeedbackChannel, FeedbackKind, FeedbackStatus
from ansinh.outreach.policies import feedback_policy
from ansinh.outreach.selectors import feedback_month_counts, home_panel
from ansinh.payments.actions import service_feedback_record
from ansinh.payments.models import ServiceFeedback

pytestmark = pytest.mark.django_db


def _post(client: Client, commune_pk: int, address: str, text: str = "Bưu điện chi chậm") -> int:
    data = {"kind": FeedbackKind.PAYMENT_SERVICE, "commune": commune_pk, "text": text, "rating": "2"}
    return client.post(reverse("outreach:feedback_send"), data, REMOTE_ADDR=address).status_code


@pytest.fixture(autouse=True)
def _in_2024(today_is):
    """The actors' communes (TT Đồi Ngô, Cẩm Lý) are in force until 30/06/2025."""
    today_is(date(2024, 9, 15))


def test_quick_posts_from_one_address_are_limited_and_others_go_through(lucnam):
    abuser, citizen = Client(), Client()
    statuses = [_post(abuser, lucnam.doi_ngo.pk, "203.0.113.9", f"Tin rác {n}") for n in range(200)]
    assert statuses.count(302) == 5  # RATE_LIMITS["feedback"]: 5 an hour
    assert statuses[5:] == [429] * 195
    assert Feedback.objects.filter(text__startswith="Tin rác").count() == 5
    assert _post(citizen, lucnam.doi_ngo.pk, "198.51.100.7", "Bà tôi chưa nhận tiền tháng này") == 302
    assert Feedback.objects.filter(text="Bà tôi chưa nhận tiền tháng này").count() == 1


def test_a_citizen_reads_the_answer_with_the_reference(client, actors, lucnam):
    response = client.post(
        reverse("outreach:feedback_send"),
        {"kind": FeedbackKind.QUESTION, "commune": lucnam.doi_ngo.pk, "text": "Mẹ tôi 81 tuổi có được hưởng?"},
    )
    assert response.status_code == 302
    item = Feedback.objects.get()
    assert (item.channel, item.office_kind, item.status) == ("web", OfficeKind.COMMUNE, FeedbackStatus.OPEN)
    assert item.reference in response["Location"]
    feedback_answer(actor=actors.own_commune_officer, item=item, answer="Có, mời bà mang CCCD đến xã.")
    page = client.get(response["Location"]).content.decode()
    assert "Có, mời bà mang CCCD đến xã." in page
    assert "Mẹ tôi 81 tuổi" not in page  # the status page shows the answer, not what was sent
    assert (
        "không tìm thấy" in client.get(reverse("outreach:feedback_status"), {"ma": "KHONGCO"}).content.decode().lower()
    )


def test_bad_input_changes_nothing(client, lucnam):
    response = client.post(reverse("outreach:feedback_send"), {"kind": "question", "commune": lucnam.doi_ngo.pk})
    assert response.status_code == 400
    assert "text" in response.context["form"].errors
    with pytest.raises(ValidationError, match="Hãy chọn xã"):
        feedback_send(commune=lucnam.district, kind="question", text="x")
    assert not Feedback.objects.exists()


@pytest.mark.parametrize(
    ("kind", "office"),
    [
        (FeedbackKind.PAYMENT_SERVICE, OfficeKind.POST_OFFICE),
        (FeedbackKind.QUESTION, OfficeKind.COMMUNE),
        (FeedbackKind.HANDLING, OfficeKind.LABOUR_OFFICE),
    ],
)
def test_each_item_goes_to_the_office_concerned(lucnam, kind, office):
    assert feedback_send(commune=lucnam.doi_ngo, kind=kind, text="Nội dung").office_kind == office


def test_the_commune_records_answers_and_closes(actors, lucnam):
    item = feedback_record(
        actor=actors.own_commune_officer,
        commune=lucnam.doi_ngo,
        kind=FeedbackKind.QUESTION,
        text="Ông Tư hỏi về giấy tờ",
        sender_name="Trần Văn Tư",
    )
    assert item.channel == FeedbackChannel.IN_PERSON and item.recorded_by == actors.own_commune_officer
    with pytest.raises(PermissionDenied, match="quyền"):
        feedback_record(actor=actors.other_commune_officer, commune=lucnam.doi_ngo, kind="question", text="x")
    with pytest.raises(PermissionDenied, match="quyền"):
        feedback_answer(actor=actors.post_office_officer, item=item, answer="Không phải việc của tôi")
    assert home_panel(actors.own_commune_officer).to_answer == 1  # on the commune's to-do
    item = feedback_answer(actor=actors.own_commune_officer, item=item, answer="Đã hướng dẫn")
    with pytest.raises(PermissionDenied, match="quyền"):  # a second answer changes nothing
        feedback_answer(actor=actors.own_commune_officer, item=item, answer="Lần hai")
    assert home_panel(actors.own_commune_officer).to_answer == 0
    item = feedback_close(actor=actors.labour_officer, item=item)
    assert item.status == FeedbackStatus.CLOSED
    assert item.answer == "Đã hướng dẫn"


def test_the_labour_office_routes_and_the_post_office_sees_only_its_own(actors, lucnam):
    question = feedback_send(commune=lucnam.doi_ngo, kind=FeedbackKind.QUESTION, text="Tiền về chậm")
    assert not feedback_policy.visible(actors.post_office_officer).filter(pk=question.pk).exists()
    with pytest.raises(PermissionDenied, match="quyền"):
        feedback_route(actor=actors.own_commune_officer, item=question, office_kind=OfficeKind.POST_OFFICE)
    feedback_route(actor=actors.labour_officer, item=question, office_kind=OfficeKind.POST_OFFICE, reason="Về chi trả")
    assert feedback_policy.visible(actors.post_office_officer).filter(pk=question.pk).exists()
    assert not feedback_policy.visible(actors.other_commune_officer).filter(pk=question.pk).exists()
    assert not feedback_policy.visible(actors.culture_officer).exists()


def test_the_post_offices_record_is_one_item_of_the_feedback(actors, lucnam):
    record = service_feedback_record(
        actor=actors.post_office_officer, commune=lucnam.doi_ngo, month=YearMonth(2024, 8), rating=2, comment="Xa"
    )
    item = Feedback.objects.get(service_feedback=record)
    assert (item.kind, item.channel, item.office_kind) == ("payment_service", "post_office", "labour_office")
    assert (item.rating, item.about_month, item.text) == (2, date(2024, 8, 1), "Xa")


def test_the_migration_links_the_records_kept_before(actors, lucnam):
    old = ServiceFeedback.objects.create(
        commune=lucnam.doi_ngo, month=date(2024, 5, 1), rating=4, comment="Tốt", recorded_by=actors.post_office_officer
    )
    migration = importlib.import_module("ansinh.outreach.migrations.0002_link_service_feedback")
    migration.link(apps, None)
    migration.link(apps, None)  # again: nothing doubled
    item = Feedback.objects.get(service_feedback=old)
    assert (item.text, item.rating, item.channel) == ("Tốt", 4, "post_office")
    assert ServiceFeedback.objects.filter(pk=old.pk).exists()


def test_counts_per_month(actors, lucnam, today_is):
    today_is(date(2024, 8, 10))
    first = feedback_send(commune=lucnam.doi_ngo, kind=FeedbackKind.PAYMENT_SERVICE, text="a")
    feedback_send(commune=lucnam.doi_ngo, kind=FeedbackKind.QUESTION, text="b")
    feedback_send(commune=lucnam.cam_ly, kind=FeedbackKind.QUESTION, text="c")
    today_is(date(2024, 9, 3))
    feedback_answer(actor=actors.post_office_officer, item=first, answer="Đã chi bù")
    august = feedback_month_counts(actor=actors.labour_officer, month=YearMonth(2024, 8))
    doi_ngo, total = next(r for r in august if r.commune_id == lucnam.doi_ngo.pk), august[-1]
    assert (doi_ngo.received, doi_ngo.answered, doi_ngo.open_at_end) == (2, 0, 2)
    assert doi_ngo.by_kind == {"payment_service": 1, "question": 1, "handling": 0}
    assert (total.commune_id, total.received, total.open_at_end) == (None, 3, 3)
    september = feedback_month_counts(actor=actors.labour_officer, month=YearMonth(2024, 9))
    assert (september[-1].received, september[-1].answered, september[-1].open_at_end) == (0, 1, 2)
    own = feedback_month_counts(actor=actors.own_commune_officer, month=YearMonth(2024, 8))
    assert own[-1].received == 2  # the commune counts its own only
