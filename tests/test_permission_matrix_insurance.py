"""Every BHYT page and action for every kind of actor. The social-insurance office (BHXH) sees only
the lists sent to it and their lines and cards, never the register's other facts, and never the
allowance category (HIV 5.3/5.8); refused requests change nothing (tests/permissions.py)."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from ansinh.core.months import YearMonth
from ansinh.insurance import actions
from ansinh.insurance.models import BhytList
from ansinh.payments.tests.conftest import entitle, person
from tests.permissions import LOGIN, Endpoint, check_allowed_write, check_endpoint

pytestmark = pytest.mark.django_db
MARCH, APRIL = YearMonth(2024, 3), YearMonth(2024, 4)

EVERYONE = {
    "own_commune_officer", "own_commune_chair", "own_council_officer", "other_commune_officer", "labour_officer",
    "labour_head", "district_chair", "finance_officer", "social_insurance_officer", "post_office_officer",
    "culture_officer", "vocational_officer", "province_viewer", "admin",
}  # fmt: skip
LABOUR = {"labour_officer", "labour_head"}
PAGE_READERS = {
    "own_commune_officer",
    "own_commune_chair",
    "other_commune_officer",
    "social_insurance_officer",
    "admin",
}
PAGE_READERS |= LABOUR
DOI_NGO_READERS = {"own_commune_officer", "own_commune_chair", "admin"} | LABOUR
BHXH = {"social_insurance_officer"}


def expect(**groups: tuple[set[str], int | str]) -> dict[str, int | str]:
    """Status per actor: the first group naming an actor wins; everyone must be named."""
    result: dict[str, int | str] = {"anonymous": LOGIN}
    for members, status in groups.values():
        for name in members:
            result.setdefault(name, status)
    assert set(result) == EVERYONE | {"anonymous"}, sorted(EVERYONE - set(result))
    return result


@pytest.fixture
def world(actors, lucnam, today_is):
    """March: Đồi Ngô's list sent (a 5.5a grant and a 5.8 grant), one line returned by BHXH.
    April: Đồi Ngô's list in draft."""
    today_is(date(2024, 4, 2))
    an = person(lucnam.doi_ngo, "Nguyễn Văn An", citizen_id="024144510101")
    entitle(an, start=MARCH)
    hiv = person(lucnam.doi_ngo, "Trần Thị Kín", citizen_id="024144510102")
    entitle(hiv, category="5.8", start=MARCH)
    other = person(lucnam.doi_ngo, "Lê Văn Khác", citizen_id="024144510103")
    entitle(other, start=MARCH)
    march = actions.list_prepare(actor=actors.own_commune_officer, commune=lucnam.doi_ngo, month=MARCH)
    march = actions.list_send(actor=actors.own_commune_officer, bhyt_list=march)
    returned = march.lines.get(person=other)
    actions.line_return(actor=actors.social_insurance_officer, line=returned, reason="Sai ngày sinh")
    entitle(person(lucnam.doi_ngo, "Phạm Thị Tư"), start=APRIL)
    april = actions.list_prepare(actor=actors.own_commune_officer, commune=lucnam.doi_ngo, month=APRIL)
    return {
        "person": an,
        "march": march,
        "april": april,
        "line": march.lines.get(person=an),
        "returned": returned,
    }


def test_pages(actors, world):
    for name in ["insurance:month", "insurance:returned"]:
        expected = expect(readers=(PAGE_READERS, 200), others=(EVERYONE, 403))
        check_endpoint(Endpoint(name, reverse(name), data={"thang": "2024-03"}), actors.named(), expected)
    premium_readers = LABOUR | {"finance_officer", "social_insurance_officer", "admin"}
    expected = expect(readers=(premium_readers, 200), others=(EVERYONE, 403))
    endpoint = Endpoint("premiums", reverse("insurance:premiums"), data={"nam": "2024", "quy": "1"})
    check_endpoint(endpoint, actors.named(), expected)


def test_a_sent_list_and_its_files(actors, world):
    march = world["march"]
    for name in ["insurance:list_detail", "insurance:list_xlsx", "insurance:list_pdf"]:
        expected = expect(readers=(DOI_NGO_READERS | BHXH, 200), others=(EVERYONE, 404))
        check_endpoint(Endpoint(name, reverse(name, args=[march.pk])), actors.named(), expected)


def test_bhxh_never_sees_a_draft_the_register_nor_the_category(actors, world, client):
    april = world["april"]
    bhxh = {"social_insurance_officer": actors.social_insurance_officer}
    for name in ["insurance:list_detail", "insurance:list_xlsx", "insurance:list_pdf"]:
        check_endpoint(Endpoint(name, reverse(name, args=[april.pk])), bhxh, {"social_insurance_officer": 404})
    for name in ["registry:person_list", "payments:month", "cases:todo"]:
        check_endpoint(Endpoint(name, reverse(name)), bhxh, {"social_insurance_officer": 403})
    check_endpoint(
        Endpoint("person", reverse("registry:person_detail", args=[world["person"].pk])),
        bhxh,
        {"social_insurance_officer": 404},
    )
    client.force_login(actors.social_insurance_officer)
    page = client.get(reverse("insurance:list_detail", args=[world["march"].pk])).content.decode()
    assert "Trần Thị Kín" in page and "024144510102" in page
    assert "5.8" not in page and "HIV" not in page and "5.5a" not in page


def test_commune_writes(actors, world, lucnam):
    prepare = Endpoint(
        "prepare", reverse("insurance:prepare"), "POST", {"month": "04/2024", "commune": lucnam.doi_ngo.pk}
    )
    check_endpoint(prepare, actors.named(), expect(officer=({"own_commune_officer"}, 302), others=(EVERYONE, 403)))
    check_allowed_write(prepare, "own_commune_officer", actors.own_commune_officer)
    send = Endpoint("send", reverse("insurance:list_send", args=[world["april"].pk]), "POST")
    expected = expect(officer=({"own_commune_officer"}, 302), readers=(DOI_NGO_READERS, 403), others=(EVERYONE, 404))
    check_endpoint(
        send,
        {name: actors.named()[name] for name in expected if expected[name] != 302},
        {name: status for name, status in expected.items() if status != 302},
    )
    check_allowed_write(send, "own_commune_officer", actors.own_commune_officer)
    handled = Endpoint("handled", reverse("insurance:line_handled", args=[world["returned"].pk]), "POST")
    expected = expect(
        officer=({"own_commune_officer"}, 302),
        readers=(DOI_NGO_READERS | BHXH, 403),
        others=(EVERYONE, 404),
    )
    check_endpoint(
        handled,
        {name: actors.named()[name] for name in expected if expected[name] != 302},
        {name: status for name, status in expected.items() if status != 302},
    )
    check_allowed_write(handled, "own_commune_officer", actors.own_commune_officer)


def test_bhxh_writes(actors, world):
    march, line = world["march"], world["line"]
    writes = [
        Endpoint("receive", reverse("insurance:list_receive", args=[march.pk]), "POST"),
        Endpoint(
            "card",
            reverse("insurance:line_card", args=[line.pk]),
            "POST",
            {"number": "BT2242420000001", "valid_from": "01/03/2024", "valid_to": "31/12/2024"},
        ),
        Endpoint("return", reverse("insurance:line_return", args=[line.pk]), "POST", {"reason": "Trùng thẻ"}),
    ]
    for endpoint in writes:
        expected = expect(bhxh=(BHXH, 302), readers=(DOI_NGO_READERS, 403), others=(EVERYONE, 404))
        refused = {name: status for name, status in expected.items() if status != 302}
        check_endpoint(endpoint, {name: actors.named()[name] for name in refused}, refused)
        check_allowed_write(endpoint, "social_insurance_officer", actors.social_insurance_officer)
    upload = Endpoint("upload", reverse("insurance:cards_upload", args=[march.pk]), "POST", {})
    check_endpoint(
        upload, actors.named(), expect(bhxh=(BHXH, 400), readers=(DOI_NGO_READERS, 403), others=(EVERYONE, 404))
    )
    process = Endpoint("process", reverse("insurance:list_process", args=[march.pk]), "POST")
    expected = expect(bhxh=(BHXH, 302), readers=(DOI_NGO_READERS, 403), others=(EVERYONE, 404))
    refused = {name: status for name, status in expected.items() if status != 302}
    check_endpoint(process, {name: actors.named()[name] for name in refused}, refused)
    actions.card_record(
        actor=actors.social_insurance_officer,
        line=line,
        number="BT2242420000001",
        valid_from=MARCH.first_day,
        valid_to=None,
    )
    actions.card_record(
        actor=actors.social_insurance_officer,
        line=march.lines.get(citizen_id="024144510102"),
        number="BT2242420000002",
        valid_from=MARCH.first_day,
        valid_to=None,
    )
    check_allowed_write(process, "social_insurance_officer", actors.social_insurance_officer)
    assert BhytList.objects.get(pk=march.pk).status == "sent"  # rolled back


def test_other_scheme(actors, world):
    endpoint = Endpoint(
        "other_scheme",
        reverse("insurance:other_scheme_record", args=[world["person"].pk]),
        "POST",
        {"scheme": "Hưu trí", "valid_from": "01/05/2024"},
    )
    sees_person = {"own_commune_chair", "own_council_officer", "labour_officer", "labour_head", "district_chair"}
    expected = expect(
        officer=({"own_commune_officer"}, 302), readers=(sees_person | {"admin"}, 403), others=(EVERYONE, 404)
    )
    refused = {name: status for name, status in expected.items() if status != 302}
    check_endpoint(endpoint, {name: actors.named()[name] for name in refused}, refused)
    check_allowed_write(endpoint, "own_commune_officer", actors.own_commune_officer)
