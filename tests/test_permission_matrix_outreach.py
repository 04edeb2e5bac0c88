"""Every outreach page and action for every kind of actor, the culture centre and the anonymous visitor
included. The public pages answer everyone without a login; feedback is read by the offices that handle
it (commune, post office for its own items, labour office, province) and nobody else; refused requests
change nothing (tests/permissions.py)."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from ansinh.outreach.actions import campaign_create, feedback_answer, feedback_send
from ansinh.outreach.models import Channel, FeedbackKind, Topic
from tests.permissions import LOGIN, Endpoint, check_allowed_write, check_endpoint

pytestmark = pytest.mark.django_db

EVERYONE = {
    "own_commune_officer", "own_commune_chair", "own_council_officer", "other_commune_officer", "labour_officer",
    "labour_head", "district_chair", "finance_officer", "social_insurance_officer", "post_office_officer",
    "culture_officer", "vocational_officer", "province_viewer", "admin",
}  # fmt: skip
COMMUNE = {"own_commune_officer", "own_commune_chair"}
SUPERVISORS = {"labour_officer", "labour_head"}
READERS = COMMUNE | SUPERVISORS | {"other_commune_officer", "post_office_officer", "province_viewer", "admin"}
READERS_OF_DOI_NGO = COMMUNE | SUPERVISORS | {"province_viewer", "admin"}


def expect(**groups: tuple[set[str], int | str]) -> dict[str, int | str]:
    """Status per actor: the first group naming an actor wins; everyone must be named."""
    result: dict[str, int | str] = {"anonymous": LOGIN}
    for members, status in groups.values():
        for name in members:
            result.setdefault(name, status)
    assert set(result) == EVERYONE | {"anonymous"}, sorted(EVERYONE - set(result))
    return result


@pytest.fixture
def world(actors, lucnam, today_is, settings):
    today_is(date(2024, 9, 15))  # TT Đồi Ngô and Cẩm Lý in force
    settings.RATE_LIMITS = {"feedback": (10_000, 3600), "public_check": (10_000, 60)}
    question = feedback_send(commune=lucnam.doi_ngo, kind=FeedbackKind.QUESTION, text="Hỏi về giấy tờ")
    answered = feedback_send(commune=lucnam.doi_ngo, kind=FeedbackKind.QUESTION, text="Đã hỏi")
    answered = feedback_answer(actor=actors.own_commune_officer, item=answered, answer="Đã trả lời")
    return {"question": question, "answered": answered}


def test_public_pages_answer_everyone_without_a_login(actors, world):
    everyone = dict.fromkeys([*EVERYONE, "anonymous"], 200)
    for name in [
        "outreach:public_home",
        "outreach:legal_texts",
        "outreach:posting_index",
        "outreach:feedback_send",
        "outreach:feedback_status",
    ]:
        check_endpoint(Endpoint(name, reverse(name)), actors.named(), everyone)
    url = reverse("outreach:support_detail", args=["nguoi-cao-tuoi"])
    check_endpoint(Endpoint("outreach:support_detail", url), actors.named(), everyone)
    status = Endpoint("status", reverse("outreach:feedback_status"), data={"ma": world["question"].reference})
    check_endpoint(status, actors.named(), everyone)


def test_anyone_sends_feedback(actors, world, lucnam):
    send = Endpoint(
        "outreach:feedback_send",
        reverse("outreach:feedback_send"),
        "POST",
        {"kind": FeedbackKind.PAYMENT_SERVICE, "commune": lucnam.doi_ngo.pk, "text": "Chi chậm"},
    )
    check_allowed_write(send, "anonymous", None)
    check_allowed_write(send, "culture_officer", actors.culture_officer)
    bad = Endpoint("outreach:feedback_send", reverse("outreach:feedback_send"), "POST", {"kind": "question"})
    check_endpoint(bad, {"anonymous": None}, {"anonymous": 400})


def test_lists_and_counts(actors, world):
    for name in ["outreach:feedback_list", "outreach:feedback_counts"]:
        expected = expect(readers=(READERS, 200), others=(EVERYONE, 403))
        check_endpoint(Endpoint(name, reverse(name)), actors.named(), expected)


def test_recording_feedback_heard_in_person(actors, world, lucnam):
    url = reverse("outreach:feedback_record")
    communes = COMMUNE | {"other_commune_officer"}
    check_endpoint(
        Endpoint("outreach:feedback_record", url), actors.named(), expect(c=(communes, 200), o=(EVERYONE, 403))
    )
    data = {"kind": FeedbackKind.QUESTION, "commune": lucnam.doi_ngo.pk, "text": "Ông Tư hỏi"}
    submit = Endpoint("outreach:feedback_record", url, "POST", data)
    refused = expect(c=(COMMUNE, 302), other=({"other_commune_officer"}, 400), o=(EVERYONE, 403))
    refused = {name: status for name, status in refused.items() if status != 302}
    check_endpoint(submit, {name: actors.named()[name] for name in refused}, refused)
    for name in sorted(COMMUNE):
        check_allowed_write(submit, name, actors.named()[name])


def test_one_item_answer_route_close(actors, world):
    question, answered = world["question"], world["answered"]
    detail = Endpoint("outreach:feedback_detail", reverse("outreach:feedback_detail", args=[question.pk]))
    check_endpoint(detail, actors.named(), expect(r=(READERS_OF_DOI_NGO, 200), o=(EVERYONE, 404)))

    for name, item, data, allowed in (
        ("outreach:feedback_answer", question, {"answer": "Mời ông mang CCCD"}, COMMUNE),
        ("outreach:feedback_route", question, {"office_kind": "post_office", "reason": "Về chi trả"}, SUPERVISORS),
        ("outreach:feedback_close", answered, {}, COMMUNE | SUPERVISORS),
    ):
        endpoint = Endpoint(name, reverse(name, args=[item.pk]), "POST", data)
        expected = expect(a=(allowed, 302), r=(READERS_OF_DOI_NGO, 403), o=(EVERYONE, 404))
        refused = {actor: status for actor, status in expected.items() if status != 302}
        check_endpoint(endpoint, {actor: actors.named()[actor] for actor in refused}, refused)
        for actor in sorted(allowed):
            check_allowed_write(endpoint, actor, actors.named()[actor])


CAMPAIGN_READERS = READERS - {"post_office_officer"} | {"culture_officer"}
COVERAGE_READERS = SUPERVISORS | {"culture_officer", "province_viewer", "admin"}


def test_campaigns_activities_and_coverage(actors, world, lucnam):
    campaign = campaign_create(
        actor=actors.culture_officer,
        title="Tuyên truyền",
        topic=Topic.ELDERLY,
        channels=[Channel.RADIO],
        audience="Người cao tuổi",
        starts_on=date(2024, 9, 1),
        ends_on=date(2024, 9, 30),
        material="Bài phát thanh",
    )
    check_endpoint(
        Endpoint("outreach:campaign_list", reverse("outreach:campaign_list")),
        actors.named(),
        expect(r=(CAMPAIGN_READERS, 200), o=(EVERYONE, 403)),
    )
    check_endpoint(
        Endpoint("outreach:campaign_detail", reverse("outreach:campaign_detail", args=[campaign.pk])),
        actors.named(),
        expect(r=(CAMPAIGN_READERS, 200), o=(EVERYONE, 404)),
    )
    check_endpoint(
        Endpoint("outreach:coverage", reverse("outreach:coverage")),
        actors.named(),
        expect(r=(COVERAGE_READERS, 200), o=(EVERYONE, 403)),
    )
    url = reverse("outreach:campaign_create")
    check_endpoint(
        Endpoint("outreach:campaign_create", url),
        actors.named(),
        expect(c=({"culture_officer"}, 200), o=(EVERYONE, 403)),
    )
    data = {
        "title": "Chiến dịch 2",
        "topic": Topic.PAYMENT,
        "channels": [Channel.NOTICE_BOARD],
        "audience": "Người hưởng",
        "starts_on": "01/10/2024",
        "ends_on": "31/10/2024",
        "material": "Tờ rơi",
    }
    submit = Endpoint("outreach:campaign_create", url, "POST", data)
    refused = {n: s for n, s in expect(c=({"culture_officer"}, 302), o=(EVERYONE, 403)).items() if s != 302}
    check_endpoint(submit, {n: actors.named()[n] for n in refused}, refused)
    check_allowed_write(submit, "culture_officer", actors.culture_officer)

    url = reverse("outreach:activity_record")
    keepers = COMMUNE | {"other_commune_officer"}
    check_endpoint(
        Endpoint("outreach:activity_record", url), actors.named(), expect(k=(keepers, 200), o=(EVERYONE, 403))
    )
    data = {
        "commune": lucnam.doi_ngo.pk,
        "kind": "broadcast",
        "topic": Topic.ELDERLY,
        "held_on": "10/09/2024",
        "times": 3,
    }
    submit = Endpoint("outreach:activity_record", url, "POST", data)
    expected = expect(c=(COMMUNE, 302), other=({"other_commune_officer"}, 400), o=(EVERYONE, 403))
    refused = {n: s for n, s in expected.items() if s != 302}
    check_endpoint(submit, {n: actors.named()[n] for n in refused}, refused)
    for name in sorted(COMMUNE):
        check_allowed_write(submit, name, actors.named()[name])


def test_the_outbox(actors, world):
    readers = COMMUNE | SUPERVISORS | {"other_commune_officer", "province_viewer", "admin"}
    check_endpoint(
        Endpoint("outreach:outbox", reverse("outreach:outbox")),
        actors.named(),
        expect(r=(readers, 200), o=(EVERYONE, 403)),
    )
